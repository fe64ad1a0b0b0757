import type { GroupIndex } from "./group-index.js";

/**
 * An immutable view of every model group, read by routing without locks. A write builds the next
 * snapshot with {@link RoutingSnapshot.withGroup} — re-indexing only the group it touched and
 * sharing every other group's index — and the owner swaps it in whole, so a request sees either
 * the old or the new state, never half of a change.
 */
export interface RoutingSnapshot {
  /** Increases by one with every derived snapshot. */
  readonly version: number;
  group(name: string): GroupIndex | undefined;
  groups(): Iterable<GroupIndex>;
  readonly groupCount: number;
  /** A new snapshot with `group` added or replacing the group of the same name. */
  withGroup(group: GroupIndex): RoutingSnapshot;
  /** A new snapshot without the named group. */
  withoutGroup(name: string): RoutingSnapshot;
}

function snapshotOf(groups: ReadonlyMap<string, GroupIndex>, version: number): RoutingSnapshot {
  return {
    version,
    group: (name) => groups.get(name),
    groups: () => groups.values(),
    groupCount: groups.size,
    withGroup(group) {
      const next = new Map(groups);
      next.set(group.name, group);
      return snapshotOf(next, version + 1);
    },
    withoutGroup(name) {
      const next = new Map(groups);
      next.delete(name);
      return snapshotOf(next, version + 1);
    },
  };
}

/** Creates a snapshot from group indexes; a later group of the same name replaces an earlier one. */
export function createSnapshot(groups: Iterable<GroupIndex> = [], version = 1): RoutingSnapshot {
  const map = new Map<string, GroupIndex>();
  for (const group of groups) map.set(group.name, group);
  return snapshotOf(map, version);
}
