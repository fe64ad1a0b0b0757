import { Code } from "@connectrpc/connect";
import type { Problem } from "../core/index.js";
import { validateTag } from "../core/index.js";
import type { TagFields } from "../store/index.js";
import { checkUpdateMask } from "./field-mask.js";
import type {
  CreateTagRequest,
  DeleteTagRequest,
  GetTagRequest,
  ListTagsRequest,
  Tag,
  UpdateTagRequest,
} from "./gen.js";
import type { TagGovernance } from "./governance.js";
import { pageOf } from "./paging.js";
import { tagToProto } from "./proto-convert.js";
import type { RoutingState } from "./routing-state.js";
import { invalidArgument, ServiceError } from "./service-error.js";

export const MAX_DESCRIPTION_LENGTH = 1024;
const UPDATABLE = ["description", "max_budget_usd", "rpm_limit", "tpm_limit", "attachments"];

export interface TagHandlerOptions {
  readonly state: RoutingState;
  readonly governance: TagGovernance;
  readonly clock: () => number;
}

function nonNegative(problems: Problem[], path: string, value: number | bigint | undefined) {
  if (value !== undefined && !(Number(value) >= 0 && Number.isFinite(Number(value)))) {
    problems.push({ path, rule: "number", message: `${path} must be a number ≥ 0` });
  }
}

/** Validates a tag message's writable fields into store fields, or throws every problem. */
function tagFields(
  tag: Tag | undefined,
  governance: TagGovernance,
  state: RoutingState,
): TagFields {
  const problems: Problem[] = [];
  const name = tag?.name ?? "";
  problems.push(...validateTag(name, "deployment", "tag.name"));
  if (problems.length === 0 && governance.active) {
    problems.push(
      ...governance.check([{ path: "tag.name", tag: name }], {
        ...state,
        isRegisteredTag: () => true,
      }),
    );
  }
  const description = tag?.description ?? "";
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    problems.push({
      path: "tag.description",
      rule: "too_long",
      message: `tag.description is longer than ${MAX_DESCRIPTION_LENGTH} characters`,
    });
  }
  nonNegative(problems, "tag.max_budget_usd", tag?.maxBudgetUsd);
  nonNegative(problems, "tag.rpm_limit", tag?.rpmLimit);
  nonNegative(problems, "tag.tpm_limit", tag?.tpmLimit);
  if (problems.length > 0) {
    throw invalidArgument(
      problems,
      problems.some((p) => p.rule === "naming_policy") ? "TAG_NAMING_POLICY" : "INVALID_TAG",
    );
  }
  return {
    name,
    description,
    maxBudgetUsd: tag?.maxBudgetUsd,
    rpmLimit: tag?.rpmLimit === undefined ? undefined : Number(tag.rpmLimit),
    tpmLimit: tag?.tpmLimit === undefined ? undefined : Number(tag.tpmLimit),
  };
}

/** Deployment ids plus the current members of the named model groups, each checked to exist. */
function attachTargets(
  state: RoutingState,
  ids: readonly string[],
  groups: readonly string[],
): string[] {
  const problems: Problem[] = [];
  const targets = new Set<string>();
  ids.forEach((id, i) => {
    if (state.getDeployment(id) === undefined) {
      problems.push({
        path: `deployment_ids[${i}]`,
        rule: "not_found",
        message: `deployment ${JSON.stringify(id)} does not exist`,
      });
    } else targets.add(id);
  });
  groups.forEach((group, i) => {
    const members = state.snapshot().group(group)?.members;
    if (members === undefined) {
      problems.push({
        path: `model_names[${i}]`,
        rule: "not_found",
        message: `model group ${JSON.stringify(group)} does not exist`,
      });
    } else for (const m of members) targets.add(m.deployment.id);
  });
  if (problems.length > 0) throw invalidArgument(problems);
  return [...targets];
}

function existing(state: RoutingState, name: string) {
  const view = state.getTag(name);
  if (view === undefined) {
    throw new ServiceError({
      code: Code.NotFound,
      reason: "NOT_FOUND",
      message: `tag ${JSON.stringify(name)} does not exist`,
      metadata: { tag: name },
    });
  }
  return view;
}

function requireVersion(version: bigint, field: string): number {
  if (version === 0n) {
    throw invalidArgument([
      {
        path: field,
        rule: "required",
        message: `${field} is required: send the version you last read`,
      },
    ]);
  }
  return Number(version);
}

/** CreateTag, GetTag, UpdateTag, DeleteTag, ListTags. */
export function createTagHandlers({ state, governance, clock }: TagHandlerOptions) {
  return {
    async createTag(req: CreateTagRequest) {
      const fields = tagFields(req.tag, governance, state);
      const targets = attachTargets(state, req.deploymentIds, req.modelNames);
      return { tag: tagToProto(state.createTag(fields, targets, "api", clock())) };
    },

    async getTag(req: GetTagRequest) {
      return { tag: tagToProto(existing(state, req.name)) };
    },

    async updateTag(req: UpdateTagRequest) {
      const paths = req.updateMask?.paths ?? [];
      checkUpdateMask(paths, UPDATABLE);
      const name = req.tag?.name ?? "";
      const current = existing(state, name).record;
      if (current === undefined) {
        throw new ServiceError({
          code: Code.NotFound,
          reason: "NOT_FOUND",
          message: `tag ${JSON.stringify(name)} is not registered: create it first`,
          metadata: { tag: name },
        });
      }
      const version = requireVersion(req.tag?.version ?? 0n, "tag.version");
      const given = tagFields(req.tag, governance, state);
      const has = (p: string) => paths.includes(p);
      const fields: TagFields = {
        name,
        description: has("description") ? given.description : current.description,
        maxBudgetUsd: has("max_budget_usd") ? given.maxBudgetUsd : current.maxBudgetUsd,
        rpmLimit: has("rpm_limit") ? given.rpmLimit : current.rpmLimit,
        tpmLimit: has("tpm_limit") ? given.tpmLimit : current.tpmLimit,
      };
      const targets = has("attachments")
        ? attachTargets(state, req.deploymentIds, req.modelNames)
        : undefined;
      return { tag: tagToProto(state.updateTag(fields, version, targets, "api", clock())) };
    },

    async deleteTag(req: DeleteTagRequest) {
      const view = existing(state, req.name);
      if (view.record === undefined) {
        throw new ServiceError({
          code: Code.NotFound,
          reason: "NOT_FOUND",
          message: `tag ${JSON.stringify(req.name)} is not registered`,
          metadata: { tag: req.name },
        });
      }
      const fromConfig = view.attachments.filter((a) => a.origin === "config").length;
      if (fromConfig > 0 && !req.force) {
        throw new ServiceError({
          code: Code.FailedPrecondition,
          reason: "TAG_ATTACHED",
          message: `tag ${JSON.stringify(req.name)} is declared on ${fromConfig} config deployment(s); with force the record is deleted and API attachments removed, config ones stay`,
          metadata: { tag: req.name },
        });
      }
      state.deleteTag(req.name, Number(req.version), req.force);
      return {};
    },

    async listTags(req: ListTagsRequest) {
      let names = state.listTagNames();
      if (req.prefix !== "") names = names.filter((n) => n.startsWith(req.prefix));
      if (req.modelName !== "") {
        const group = state.snapshot().group(req.modelName);
        names = group === undefined ? [] : names.filter((n) => group.known.has(n));
      }
      const page = pageOf(names, req.pageSize, req.pageToken, (name) => state.getTag(name));
      return { tags: page.items.map(tagToProto), nextPageToken: page.nextPageToken };
    },
  };
}
