import { describe, expect, it } from "vitest";
import type { Deployment, Unavailability } from "../../src/core/index.js";
import {
  buildGroupIndex,
  createSnapshot,
  explain,
  makeDeployment,
  route,
} from "../../src/core/index.js";

const NOW = 5_000;
const dep = (id: string, tags: string[], extra: Partial<Deployment> = {}) =>
  makeDeployment({ id, modelGroup: "gpt-4", tags, ...extra });

const fleet = [
  dep("eu-1", ["region:eu", "tier:paid"]),
  dep("eu-2", ["region:eu", "tier:paid"]),
  dep("us-1", ["region:us", "tier:free"]),
  dep("dflt", ["default"]),
  dep("off", ["region:ap"], { enabled: false }),
];
const snapshot = createSnapshot([buildGroupIndex("gpt-4", fleet)]);

function routeWith(input: Parameters<typeof route>[1], health = new Map<string, Unavailability>()) {
  return route(snapshot, input, { now: NOW, health });
}

describe("route", () => {
  it("refuses an unknown model group with MODEL_NOT_FOUND", () => {
    expect(routeWith({ model: "gpt-5" })).toMatchObject({
      kind: "rejected",
      reason: "MODEL_NOT_FOUND",
    });
  });

  it("refuses malformed tags with INVALID_TAG and every problem", () => {
    const outcome = routeWith({ model: "gpt-4", tags: ["a b"], none: ["!x"] });
    expect(outcome).toMatchObject({ kind: "rejected", reason: "INVALID_TAG" });
    if (outcome.kind === "rejected") expect(outcome.problems).toHaveLength(2);
  });

  it("says how a request matched", () => {
    const how = (input: Parameters<typeof route>[1]) => {
      const o = routeWith(input);
      return o.kind === "decided" && o.decision.kind === "allowed" ? o.decision.how : o.kind;
    };
    expect(how({ model: "gpt-4", tags: ["region:eu"] })).toBe("tags");
    expect(how({ model: "gpt-4" })).toBe("untagged");
    expect(how({ model: "gpt-4", none: ["tier:free"] })).toBe("constraints");
    expect(how({ model: "gpt-4", tags: ["team:unknown"] })).toBe("default_fallback");
  });

  it("a tag known only to a disabled deployment is an error, not a default fallback", () => {
    const outcome = routeWith({ model: "gpt-4", tags: ["region:ap"] });
    expect(outcome).toMatchObject({
      decision: { kind: "refused", reason: "NO_DEPLOYMENT_MATCHES_TAGS" },
    });
    if (outcome.kind === "decided" && outcome.decision.kind === "refused") {
      expect(outcome.decision.message).toContain('"region:ap"');
      expect(outcome.decision.message).toContain("not rerouted");
    }
  });

  it("reports the earliest return when every match is unavailable", () => {
    const health = new Map<string, Unavailability>([
      ["eu-1", { reason: "cooldown", until: NOW + 9_000 }],
      ["eu-2", { reason: "rate_limit", until: NOW + 2_000 }],
      ["us-1", { reason: "cooldown", until: NOW - 1 }],
    ]);
    expect(routeWith({ model: "gpt-4", tags: ["region:eu"] }, health)).toMatchObject({
      decision: { kind: "unavailable", reason: "DEPLOYMENTS_UNAVAILABLE", retryAt: NOW + 2_000 },
    });
    // An expired entry is healthy again without anyone pruning it.
    expect(routeWith({ model: "gpt-4", tags: ["region:us"] }, health)).toMatchObject({
      decision: { kind: "allowed", candidates: [{ id: "us-1" }] },
    });
  });

  it("keeps untagged traffic off dedicated deployments when the only default is disabled", () => {
    const group = buildGroupIndex("g", [
      makeDeployment({ id: "d", modelGroup: "g", tags: ["default"], enabled: false }),
      makeDeployment({ id: "premium", modelGroup: "g", tags: ["vip"] }),
    ]);
    const outcome = route(createSnapshot([group]), { model: "g" }, { now: NOW });
    expect(outcome).toMatchObject({
      decision: { kind: "refused", reason: "NO_DEPLOYMENT_MATCHES_TAGS" },
    });
  });
});

describe("explain", () => {
  it("gives each deployment a verdict and a reason, with counts", () => {
    const health = new Map<string, Unavailability>([
      ["eu-2", { reason: "cooldown", until: NOW + 1_000 }],
    ]);
    const outcome = routeWith({ model: "gpt-4", tags: ["tier:paid"], none: ["region:us"] }, health);
    if (outcome.kind !== "decided") throw new Error("expected a decision");
    const e = explain(
      outcome.group,
      outcome.query,
      outcome.decision,
      { now: NOW, health },
      {
        selectedId: "eu-1",
      },
    );
    expect(e.allowed).toEqual([{ id: "eu-1", verdict: "selected", reason: "tags" }]);
    expect(e.excluded).toEqual([
      { id: "eu-2", verdict: "excluded", reason: "cooldown", until: NOW + 1_000 },
      { id: "us-1", verdict: "excluded", reason: "excluded_tag", tag: "region:us" },
      { id: "dflt", verdict: "excluded", reason: "tag_mismatch" },
      { id: "off", verdict: "excluded", reason: "disabled" },
    ]);
    expect(e.counts).toEqual({
      tags: 1,
      cooldown: 1,
      excluded_tag: 1,
      tag_mismatch: 1,
      disabled: 1,
    });
  });

  it("lists allowed deployments in full and the others up to the limit", () => {
    const many = Array.from({ length: 50 }, (_, i) => dep(`x${i}`, i < 30 ? ["hot"] : ["cold"]));
    const group = buildGroupIndex("gpt-4", many);
    const outcome = route(createSnapshot([group]), { model: "gpt-4", tags: ["hot"] }, { now: NOW });
    if (outcome.kind !== "decided") throw new Error("expected a decision");
    const e = explain(group, outcome.query, outcome.decision, { now: NOW }, { limit: 5 });
    expect(e.allowed).toHaveLength(30);
    expect(e.excluded).toHaveLength(5);
    expect(e.excludedOmitted).toBe(15);
    expect(e.counts).toEqual({ tags: 30, tag_mismatch: 20 });
  });
});
