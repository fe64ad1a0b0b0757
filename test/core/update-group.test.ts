import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Deployment, GroupIndex } from "../../src/core/index.js";
import { buildGroupIndex, makeDeployment, upsertDeployments } from "../../src/core/index.js";

const tag = fc.constantFrom("default", "free", "paid", "team:a", "team:b", "a:b:c", "region:eu");
const deployment = (id: string) =>
  fc
    .record({
      tags: fc.uniqueArray(tag, { maxLength: 3 }),
      enabled: fc.oneof(
        { weight: 3, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      patterns: fc.oneof(
        { weight: 4, arbitrary: fc.constant([] as string[]) },
        { weight: 1, arbitrary: fc.constant(["^x"]) },
      ),
    })
    .map((f) =>
      makeDeployment({
        id,
        modelGroup: "g",
        tags: f.tags,
        enabled: f.enabled,
        userAgentPatterns: f.patterns,
      }),
    );

/** A fleet, then batches of changes to existing ids and new ids. */
const scenario = fc.integer({ min: 0, max: 6 }).chain((n) =>
  fc.tuple(
    fc.tuple(...Array.from({ length: n }, (_, i) => deployment(`d${i}`))),
    fc.array(
      fc.array(
        fc.integer({ min: 0, max: n + 3 }).chain((i) => deployment(`d${i}`)),
        { minLength: 1, maxLength: 3 },
      ),
      { maxLength: 4 },
    ),
  ),
);

/** Everything routing reads from an index, by ids, so two indexes can be compared. */
function shape(g: GroupIndex) {
  const ids = (ms: readonly { deployment: Deployment }[]) => ms.map((m) => m.deployment.id);
  return {
    members: g.members.map((m) => [m.position, m.deployment.id, [...m.keys].sort()]),
    enabled: ids(g.enabled),
    defaults: ids(g.defaults),
    patterned: ids(g.patterned),
    hasDefault: g.hasDefault,
    known: [...g.known].sort(),
    positions: [...g.positionOf].sort(),
    postings: [...g.postings].map(([k, v]) => [k, ids(v)]).sort(),
  };
}

describe("upsertDeployments", () => {
  it("equals a full re-index of the same deployments, after any sequence of changes", () => {
    fc.assert(
      fc.property(scenario, ([fleet, batches]) => {
        let incremental = buildGroupIndex("g", fleet);
        const current = new Map(fleet.map((d) => [d.id, d]));
        for (const batch of batches) {
          incremental = upsertDeployments(incremental, batch);
          for (const d of batch) current.set(d.id, d);
        }
        expect(shape(incremental)).toEqual(shape(buildGroupIndex("g", [...current.values()])));
      }),
      { numRuns: 1000 },
    );
  });

  it("leaves the previous index untouched and shares untouched posting lists", () => {
    const before = buildGroupIndex("g", [
      makeDeployment({ id: "a", modelGroup: "g", tags: ["x"] }),
      makeDeployment({ id: "b", modelGroup: "g", tags: ["y"] }),
    ]);
    const snapshotBefore = shape(before);
    const after = upsertDeployments(before, [
      makeDeployment({ id: "a", modelGroup: "g", tags: ["z"] }),
    ]);
    expect(shape(before)).toEqual(snapshotBefore);
    expect(after.postings.get("y")).toBe(before.postings.get("y"));
    expect(after.postings.has("x")).toBe(false);
    expect(after.known.has("x")).toBe(false);
  });
});
