import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Unavailability } from "../../src/core/index.js";
import {
  buildGroupIndex,
  decide,
  explain,
  makeDeployment,
  parseTagQuery,
} from "../../src/core/index.js";
import type { PlainDeployment, PlainRequest, PlainSettings } from "./brute-force.js";
import { plainRoute } from "./brute-force.js";

const NOW = 1_000_000;
const RUNS = 1500;

// A small vocabulary, so that random fleets and requests collide often.
const deploymentTag = fc.constantFrom(
  "default",
  "free",
  "paid",
  "Free",
  "team:search",
  "team:ads",
  "region:eu",
  "region:us",
  "a:b:c",
  "a:d",
  "a:b",
);
const requestTag = fc.oneof(
  deploymentTag,
  fc.constantFrom("team:*", "region:*", "a:*", "a:b:*", "unknown", "team:other", "zz:*"),
);
const pattern = fc.constantFrom("^User-Agent: claude-code/", "curl", "bot$", "(?i)MOZILLA");
const userAgent = fc.constantFrom("claude-code/1.0", "curl/8.1", "crawler-bot", "Mozilla/5.0");

/** `value` three times in four, its opposite otherwise: deterministic, so failures replay and shrink. */
const mostly = (value: boolean) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(value) },
    { weight: 1, arbitrary: fc.constant(!value) },
  );

const plainDeployment = (id: string) =>
  fc.record({
    id: fc.constant(id),
    tags: fc.uniqueArray(deploymentTag, { maxLength: 3 }),
    patterns: fc.oneof(
      { weight: 4, arbitrary: fc.constant([] as string[]) },
      { weight: 1, arbitrary: fc.uniqueArray(pattern, { minLength: 1, maxLength: 2 }) },
    ),
    enabled: mostly(true),
    coolingUntil: fc.oneof(
      { weight: 4, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.constantFrom(NOW - 1, NOW, NOW + 5_000) },
    ),
  });

const fleet = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => plainDeployment(`d${i}`))));

const settings: fc.Arbitrary<PlainSettings> = fc.record({
  match: fc.constantFrom("any", "all"),
  noMatch: fc.constantFrom("default", "error"),
  filtering: mostly(true),
});

const request: fc.Arbitrary<PlainRequest> = fc.record({
  tags: fc.array(requestTag, { maxLength: 3 }),
  all: fc.oneof(
    { weight: 3, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: fc.array(requestTag, { minLength: 1, maxLength: 2 }) },
  ),
  none: fc.oneof(
    { weight: 3, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: fc.array(requestTag, { minLength: 1, maxLength: 2 }) },
  ),
  match: fc.constantFrom(undefined, "any", "all"),
  userAgent: fc.option(userAgent, { nil: undefined }),
});

function indexed(group: readonly PlainDeployment[], s: PlainSettings, r: PlainRequest) {
  const index = buildGroupIndex(
    "g",
    group.map((d) =>
      makeDeployment({
        id: d.id,
        modelGroup: "g",
        tags: d.tags,
        userAgentPatterns: d.patterns,
        enabled: d.enabled,
      }),
    ),
    s,
  );
  const health = new Map<string, Unavailability>();
  for (const d of group) {
    if (d.coolingUntil !== 0) health.set(d.id, { reason: "cooldown", until: d.coolingUntil });
  }
  const parsed = parseTagQuery(r);
  if (!parsed.ok)
    throw new Error(`generator produced an invalid request: ${parsed.problems[0]?.message}`);
  const context = { now: NOW, health };
  return { index, query: parsed.query, context, decision: decide(index, parsed.query, context) };
}

describe("the indexed decision equals the brute-force reading of the rules", () => {
  it(`agrees on ${RUNS} random fleets and requests`, () => {
    fc.assert(
      fc.property(fleet, settings, request, (group, s, r) => {
        const { decision } = indexed(group, s, r);
        const got =
          decision.kind === "allowed"
            ? { ids: decision.candidates.map((d) => d.id).sort() }
            : { error: decision.reason };
        expect(got).toEqual(plainRoute(group, s, r, NOW));
      }),
      { numRuns: RUNS },
    );
  });

  it("explanations agree with the decision they explain", () => {
    fc.assert(
      fc.property(fleet, settings, request, (group, s, r) => {
        const { index, query, context, decision } = indexed(group, s, r);
        const e = explain(index, query, decision, context, { limit: 1_000 });
        const allowed = decision.kind === "allowed" ? decision.candidates.map((d) => d.id) : [];
        expect(e.allowed.map((d) => d.id).sort()).toEqual([...allowed].sort());
        expect(e.allowed.length + e.excluded.length).toBe(group.length);
        const counted = Object.values(e.counts).reduce((a, b) => a + (b ?? 0), 0);
        expect(counted).toBe(group.length);
        for (const d of e.excluded) expect(d.verdict).toBe("excluded");
      }),
      { numRuns: RUNS / 3 },
    );
  });
});
