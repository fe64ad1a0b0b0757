import type { AttachmentRecord } from "../store/index.js";

/**
 * The API-made tag↔deployment pairs in memory, indexed both ways, mirroring the store's rows.
 * Lists come back in insertion order so a deployment's tags keep a stable order.
 */
export interface AttachmentIndex {
  tagsOf(deploymentId: string): string[];
  deploymentsOf(tag: string): string[];
  tagNames(): Iterable<string>;
  attach(tag: string, deploymentId: string): void;
  setTagsOf(deploymentId: string, tags: readonly string[]): void;
  setDeploymentsOf(tag: string, deploymentIds: readonly string[]): void;
}

export function createAttachmentIndex(rows: readonly AttachmentRecord[]): AttachmentIndex {
  const byDeployment = new Map<string, Set<string>>();
  const byTag = new Map<string, Set<string>>();

  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    const set = map.get(key);
    if (set === undefined) map.set(key, new Set([value]));
    else set.add(value);
  };
  const remove = (map: Map<string, Set<string>>, key: string, value: string) => {
    const set = map.get(key);
    if (set === undefined) return;
    set.delete(value);
    if (set.size === 0) map.delete(key);
  };
  const attach = (tag: string, deploymentId: string) => {
    add(byTag, tag, deploymentId);
    add(byDeployment, deploymentId, tag);
  };
  const detach = (tag: string, deploymentId: string) => {
    remove(byTag, tag, deploymentId);
    remove(byDeployment, deploymentId, tag);
  };
  for (const row of rows) attach(row.tag, row.deploymentId);

  return {
    tagsOf: (id) => [...(byDeployment.get(id) ?? [])],
    deploymentsOf: (tag) => [...(byTag.get(tag) ?? [])],
    tagNames: () => byTag.keys(),
    attach,
    setTagsOf(id, tags) {
      for (const tag of [...(byDeployment.get(id) ?? [])]) detach(tag, id);
      for (const tag of tags) attach(tag, id);
    },
    setDeploymentsOf(tag, ids) {
      for (const id of [...(byTag.get(tag) ?? [])]) detach(tag, id);
      for (const id of ids) attach(tag, id);
    },
  };
}
