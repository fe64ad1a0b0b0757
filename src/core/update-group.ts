import type { Deployment } from "./deployment.js";
import type { GroupIndex, Member, Scratch } from "./group-index.js";
import { makeMember } from "./group-index.js";
import { DEFAULT_TAG } from "./tag.js";

/** Index of the first member in a position-sorted list at or after `position`. */
function lowerBound(list: readonly Member[], position: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Member).position < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A new index of the group with `changes` applied: each deployment replaces the member of the
 * same id, or joins the group at the end. Only the posting lists of keys the changes touch are
 * copied; every other list is shared with the previous index, which stays valid. A write to one
 * deployment of a 100,000-deployment group costs a few milliseconds instead of a full re-index
 * (bench/write). Removing deployments goes through {@link buildGroupIndex}.
 */
export function upsertDeployments(group: GroupIndex, changes: readonly Deployment[]): GroupIndex {
  const members = group.members.slice();
  const postings = new Map(group.postings);
  const known = new Map(group.known);
  let positionOf = group.positionOf;
  const copied = new Set<string>();

  const editable = (key: string): Member[] => {
    let list = postings.get(key) as Member[] | undefined;
    if (!copied.has(key)) {
      list = list === undefined ? [] : list.slice();
      postings.set(key, list);
      copied.add(key);
    }
    return list as Member[];
  };

  for (const deployment of changes) {
    let position = positionOf.get(deployment.id);
    const old = position === undefined ? undefined : members[position];
    if (position === undefined) {
      if (positionOf === group.positionOf) positionOf = new Map(positionOf);
      position = members.length;
      (positionOf as Map<string, number>).set(deployment.id, position);
    }
    const member = makeMember(deployment, position);
    members[position] = member;

    if (old !== undefined) {
      for (const key of old.keys) {
        const count = (known.get(key) ?? 1) - 1;
        if (count === 0) known.delete(key);
        else known.set(key, count);
        if (!old.deployment.enabled) continue;
        const list = editable(key);
        const at = lowerBound(list, position);
        if (list[at] === old) list.splice(at, 1);
      }
    }
    for (const key of member.keys) {
      known.set(key, (known.get(key) ?? 0) + 1);
      if (!deployment.enabled) continue;
      const list = editable(key);
      list.splice(lowerBound(list, position), 0, member);
    }
  }
  for (const key of copied) if ((postings.get(key) as Member[]).length === 0) postings.delete(key);

  const enabled = members.filter((m) => m.deployment.enabled);
  const scratch: Scratch =
    members.length <= group.scratch.marks.length
      ? group.scratch
      : {
          marks: new Uint32Array(Math.max(members.length, group.scratch.marks.length * 2)),
          stamp: 0,
        };
  return {
    name: group.name,
    settings: group.settings,
    members,
    enabled,
    postings,
    known,
    positionOf,
    hasDefault: known.has(DEFAULT_TAG),
    defaults: enabled.filter((m) => m.isDefault),
    patterned: enabled.filter((m) => m.patterns.length > 0),
    scratch,
  };
}
