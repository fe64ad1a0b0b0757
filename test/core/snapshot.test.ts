import { describe, expect, it } from "vitest";
import { buildGroupIndex, createSnapshot, makeDeployment } from "../../src/core/index.js";

describe("RoutingSnapshot", () => {
  const a = buildGroupIndex("a", [makeDeployment({ id: "a1", modelGroup: "a", tags: ["x"] })]);
  const b = buildGroupIndex("b", [makeDeployment({ id: "b1", modelGroup: "b", tags: ["y"] })]);

  it("derives a new version per change and leaves the old one untouched", () => {
    const first = createSnapshot([a, b]);
    const b2 = buildGroupIndex("b", [makeDeployment({ id: "b2", modelGroup: "b", tags: ["z"] })]);
    const second = first.withGroup(b2);
    expect(second.version).toBe(first.version + 1);
    expect(first.group("b")).toBe(b);
    expect(second.group("b")).toBe(b2);
    // The untouched group's index is shared, not rebuilt.
    expect(second.group("a")).toBe(first.group("a"));
    const third = second.withoutGroup("a");
    expect(third.group("a")).toBeUndefined();
    expect(second.group("a")).toBe(a);
    expect(third.groupCount).toBe(1);
  });

  it("indexes wildcard keys and remembers tags of disabled deployments", () => {
    const g = buildGroupIndex("g", [
      makeDeployment({ id: "on", modelGroup: "g", tags: ["a:b:c"] }),
      makeDeployment({ id: "off", modelGroup: "g", tags: ["region:eu"], enabled: false }),
    ]);
    expect(g.postings.get("a:*")?.map((m) => m.deployment.id)).toEqual(["on"]);
    expect(g.postings.get("a:b:*")?.map((m) => m.deployment.id)).toEqual(["on"]);
    expect(g.postings.has("region:eu")).toBe(false);
    expect(g.known.has("region:eu")).toBe(true);
    expect(g.known.has("region:*")).toBe(true);
  });

  it("rejects a deployment whose pattern was never validated", () => {
    expect(() =>
      buildGroupIndex("g", [
        makeDeployment({ id: "p", modelGroup: "g", userAgentPatterns: ["(?<=x)"] }),
      ]),
    ).toThrow(/user_agent_patterns\[0\]/);
  });
});
