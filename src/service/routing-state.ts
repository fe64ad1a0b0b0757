import type { Deployment, GroupSettings, RoutingSnapshot } from "../core/index.js";
import { buildGroupIndex, createSnapshot, Secret, upsertDeployments } from "../core/index.js";
import type {
  DeploymentFields,
  DeploymentRecord,
  Store,
  TagFields,
  TagRecord,
} from "../store/index.js";
import { type AttachmentIndex, createAttachmentIndex } from "./attachment-index.js";
import type { ServiceSettings } from "./service-settings.js";

/** Where a deployment, or one of its tags, was declared. */
export type Origin = "config" | "api";

/** A deployment as the API shows it: routing's view plus bookkeeping. */
export interface DeploymentView {
  readonly deployment: Deployment;
  readonly origin: Origin;
  /** The stored record, for API deployments. */
  readonly record: DeploymentRecord | undefined;
  /** `os.environ/NAME`, or undefined; never a value. */
  readonly credentialRef: string | undefined;
}

/** A tag as the API shows it: its record (absent when unregistered) and who carries it. */
export interface TagView {
  readonly name: string;
  readonly record: TagRecord | undefined;
  readonly attachments: readonly { readonly deploymentId: string; readonly origin: Origin }[];
}

/**
 * The service's state: config deployments, what the store holds, and the routing snapshot built
 * from both. Writes go to the store first (durable before anything changes in memory), then the
 * affected model groups are re-indexed and the new snapshot swapped in whole, so a request sees
 * the state before or after a write, never between. Writes are synchronous and so never interleave.
 */
export interface RoutingState {
  snapshot(): RoutingSnapshot;
  getDeployment(id: string): DeploymentView | undefined;
  listDeployments(): DeploymentView[];
  getTag(name: string): TagView | undefined;
  /** Registered tags and tags carried by deployments, sorted. */
  listTagNames(): string[];
  isRegisteredTag(name: string): boolean;

  createDeployment(fields: DeploymentFields, tags: readonly string[], now: number): DeploymentView;
  updateDeployment(
    fields: DeploymentFields,
    expectedVersion: number,
    tags: readonly string[] | undefined,
    now: number,
  ): DeploymentView;
  deleteDeployment(id: string, expectedVersion: number): void;
  createTag(fields: TagFields, attachTo: readonly string[], by: string, now: number): TagView;
  updateTag(
    fields: TagFields,
    expectedVersion: number,
    attachTo: readonly string[] | undefined,
    by: string,
    now: number,
  ): TagView;
  deleteTag(name: string, expectedVersion: number, force: boolean): void;
}

function byCreation(a: DeploymentRecord, b: DeploymentRecord): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function createRoutingState(settings: ServiceSettings, store: Store): RoutingState {
  const config = new Map(settings.configDeployments.map((d) => [d.id, d]));
  const stored = store.load();
  const api = new Map(stored.deployments.map((r) => [r.id, r]));
  const tags = new Map(stored.tags.map((t) => [t.name, t]));
  const attachments: AttachmentIndex = createAttachmentIndex(stored.attachments);
  let snapshot: RoutingSnapshot = createSnapshot();

  const resolveCredential = (name: string | undefined): Deployment["credential"] => {
    const value = name === undefined ? undefined : settings.env[name];
    return name === undefined || value === undefined
      ? undefined
      : { kind: "env", name, secret: new Secret(value) };
  };

  /** A deployment with its effective tags: declared ones first, then API attachments. */
  const effective = (id: string): Deployment | undefined => {
    const attached = attachments.tagsOf(id);
    const declared = config.get(id);
    if (declared !== undefined) {
      const extra = attached.filter((t) => !declared.tags.includes(t));
      return extra.length === 0 ? declared : { ...declared, tags: [...declared.tags, ...extra] };
    }
    const record = api.get(id);
    if (record === undefined) return undefined;
    const { version: _v, createdAt: _c, updatedAt: _u, credentialEnv, ...fields } = record;
    return {
      ...fields,
      credential: resolveCredential(credentialEnv),
      tags: attached,
      source: "api",
    };
  };

  const settingsOf = (group: string): GroupSettings =>
    settings.groups.get(group) ?? settings.defaultGroupSettings;

  // The config never changes while the server runs: index it once, by group and by tag, so tag
  // reads cost O(carriers) rather than a scan of every config deployment.
  const configByGroup = new Map<string, Deployment[]>();
  const configCarriers = new Map<string, string[]>();
  for (const d of settings.configDeployments) {
    const list = configByGroup.get(d.modelGroup);
    if (list === undefined) configByGroup.set(d.modelGroup, [d]);
    else list.push(d);
    for (const tag of d.tags) {
      const ids = configCarriers.get(tag);
      if (ids === undefined) configCarriers.set(tag, [d.id]);
      else ids.push(d.id);
    }
  }

  /** Re-indexes whole groups: at startup, and when deployments leave a group. */
  const rebuild = (groups: Iterable<string>) => {
    let next = snapshot;
    for (const group of new Set(groups)) {
      const members = (configByGroup.get(group) ?? []).map((d) => effective(d.id) as Deployment);
      const fromApi = [...api.values()].filter((r) => r.modelGroup === group).sort(byCreation);
      for (const r of fromApi) members.push(effective(r.id) as Deployment);
      next =
        members.length === 0
          ? next.withoutGroup(group)
          : next.withGroup(buildGroupIndex(group, members, settingsOf(group)));
    }
    snapshot = next;
  };

  /** Re-indexes only the given deployments within their groups (see core's upsertDeployments). */
  const refresh = (ids: Iterable<string>) => {
    const byGroup = new Map<string, Deployment[]>();
    for (const id of new Set(ids)) {
      const deployment = effective(id);
      if (deployment === undefined) continue;
      const list = byGroup.get(deployment.modelGroup);
      if (list === undefined) byGroup.set(deployment.modelGroup, [deployment]);
      else list.push(deployment);
    }
    let next = snapshot;
    for (const [group, changed] of byGroup) {
      const index = next.group(group);
      next = next.withGroup(
        index === undefined
          ? buildGroupIndex(group, changed, settingsOf(group))
          : upsertDeployments(index, changed),
      );
    }
    snapshot = next;
  };

  rebuild([...configByGroup.keys(), ...[...api.values()].map((r) => r.modelGroup)]);

  const view = (id: string): DeploymentView | undefined => {
    const deployment = effective(id);
    if (deployment === undefined) return undefined;
    const record = api.get(id);
    const credential = deployment.credential;
    const credentialRef =
      record !== undefined
        ? record.credentialEnv === undefined
          ? undefined
          : `os.environ/${record.credentialEnv}`
        : credential?.kind === "env"
          ? `os.environ/${credential.name}`
          : credential === undefined
            ? undefined
            : "inline";
    return { deployment, origin: record === undefined ? "config" : "api", record, credentialRef };
  };

  const tagView = (name: string): TagView | undefined => {
    const carriers: { deploymentId: string; origin: Origin }[] = (
      configCarriers.get(name) ?? []
    ).map((deploymentId) => ({ deploymentId, origin: "config" }));
    for (const id of attachments.deploymentsOf(name)) {
      if (!config.get(id)?.tags.includes(name) && (config.has(id) || api.has(id))) {
        carriers.push({ deploymentId: id, origin: "api" });
      }
    }
    const record = tags.get(name);
    if (record === undefined && carriers.length === 0) return undefined;
    return { name, record, attachments: carriers };
  };

  return {
    snapshot: () => snapshot,
    getDeployment: view,
    listDeployments: () =>
      [...new Set([...config.keys(), ...api.keys()])]
        .sort()
        .map((id) => view(id) as DeploymentView),
    getTag: tagView,
    listTagNames() {
      const names = new Set(tags.keys());
      for (const name of configCarriers.keys()) names.add(name);
      for (const name of attachments.tagNames()) names.add(name);
      return [...names].sort();
    },
    isRegisteredTag: (name) => tags.has(name),

    createDeployment(fields, tagList, now) {
      const record = store.createDeployment(fields, tagList, now);
      api.set(record.id, record);
      attachments.setTagsOf(record.id, tagList);
      refresh([record.id]);
      return view(record.id) as DeploymentView;
    },
    updateDeployment(fields, expectedVersion, tagList, now) {
      const before = api.get(fields.id)?.modelGroup;
      const record = store.updateDeployment(fields, expectedVersion, tagList, now);
      api.set(record.id, record);
      if (tagList !== undefined) attachments.setTagsOf(record.id, tagList);
      if (before !== undefined && before !== record.modelGroup) rebuild([before]);
      refresh([record.id]);
      return view(record.id) as DeploymentView;
    },
    deleteDeployment(id, expectedVersion) {
      const group = api.get(id)?.modelGroup;
      store.deleteDeployment(id, expectedVersion);
      api.delete(id);
      attachments.setTagsOf(id, []);
      if (group !== undefined) rebuild([group]);
    },
    createTag(fields, attachTo, by, now) {
      const record = store.createTag(fields, attachTo, by, now);
      tags.set(record.name, record);
      for (const id of attachTo) attachments.attach(record.name, id);
      refresh(attachTo);
      return tagView(record.name) as TagView;
    },
    updateTag(fields, expectedVersion, attachTo, by, now) {
      const before = attachments.deploymentsOf(fields.name);
      const record = store.updateTag(fields, expectedVersion, attachTo, by, now);
      tags.set(record.name, record);
      if (attachTo !== undefined) {
        attachments.setDeploymentsOf(record.name, attachTo);
        refresh([...before, ...attachTo]);
      }
      return tagView(record.name) as TagView;
    },
    deleteTag(name, expectedVersion, force) {
      const before = attachments.deploymentsOf(name);
      store.deleteTag(name, expectedVersion, force);
      tags.delete(name);
      attachments.setDeploymentsOf(name, []);
      refresh(before);
    },
  };
}
