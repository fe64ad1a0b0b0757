import { describe, expect, it } from "vitest";
import { configOf, load, problemAt, problemsOf, withTop } from "./support.js";

const withTagroute = (section: unknown, router?: Record<string, unknown>) =>
  load(
    withTop(
      router === undefined ? { tagroute: section } : { tagroute: section, router_settings: router },
    ),
  );

describe("tagroute: section", () => {
  it("applies router-wide match and no_match to every group", () => {
    const config = configOf(withTagroute({ match: "all", no_match: "error" }));
    expect([...config.groups]).toEqual([
      ["gpt-4", { match: "all", noMatch: "error", filtering: true }],
      ["claude", { match: "all", noMatch: "error", filtering: true }],
    ]);
  });

  it("lets a group override the router-wide values", () => {
    const config = configOf(
      withTagroute({
        match: "all",
        groups: { claude: { match: "any", no_match: "error" }, "gpt-4": {} },
      }),
    );
    expect(config.groups.get("gpt-4")).toEqual({
      match: "all",
      noMatch: "default",
      filtering: true,
    });
    expect(config.groups.get("claude")).toEqual({
      match: "any",
      noMatch: "error",
      filtering: true,
    });
  });

  it("accepts match that agrees with tag_filtering_match_any", () => {
    const config = configOf(withTagroute({ match: "all" }, { tag_filtering_match_any: false }));
    expect(config.groups.get("gpt-4")?.match).toBe("all");
  });

  it.each([
    ["all", true],
    ["any", false],
  ])("rejects match %s against tag_filtering_match_any %s", (match, matchAny) => {
    const problem = problemAt(
      withTagroute({ match }, { tag_filtering_match_any: matchAny }),
      "tagroute.match",
    );
    expect(problem.rule).toBe("conflict");
    expect(problem.message).toContain(`router_settings.tag_filtering_match_any is ${matchAny}`);
  });

  it("parses listen addresses and the store path", () => {
    const config = configOf(
      withTagroute({
        listen: { grpc: "[::1]:0", http: "0.0.0.0:8080" },
        store: { path: "data/t.db" },
      }),
    );
    expect(config.listen).toEqual({
      grpc: { host: "::1", port: 0 },
      http: { host: "0.0.0.0", port: 8080 },
    });
    expect(config.store).toEqual({ path: "data/t.db" });
  });

  it("leaves listen and store undefined when not given", () => {
    const config = configOf(load(withTop({})));
    expect(config.listen).toEqual({ grpc: undefined, http: undefined });
    expect(config.store).toEqual({ path: undefined });
  });

  it.each([
    [{ match: "some" }, "tagroute.match", "one_of", '"any", "all"'],
    [{ no_match: "fallback" }, "tagroute.no_match", "one_of", '"default", "error"'],
    [{ mach: "all" }, "tagroute.mach", "unknown_key", "match, no_match, groups, listen, store"],
    [
      { groups: { "gpt-5": { match: "all" } } },
      "tagroute.groups.gpt-5",
      "unknown_group",
      '"gpt-5"',
    ],
    [
      { groups: { "gpt-4": { mtch: "all" } } },
      "tagroute.groups.gpt-4.mtch",
      "unknown_key",
      "spelling",
    ],
    [
      { groups: { "gpt-4": { no_match: "never" } } },
      "tagroute.groups.gpt-4.no_match",
      "one_of",
      '"default"',
    ],
    [{ groups: ["gpt-4"] }, "tagroute.groups", "type", "must be a mapping"],
    [{ listen: { grpc: "50051" } }, "tagroute.listen.grpc", "listen_address", "host:port"],
    [{ listen: { grpc: "host:70000" } }, "tagroute.listen.grpc", "listen_address", "0 to 65535"],
    [{ listen: { grcp: "0.0.0.0:1" } }, "tagroute.listen.grcp", "unknown_key", "spelling"],
    [{ store: { path: "" } }, "tagroute.store.path", "too_small", "at least 1"],
    [{ store: { dir: "x" } }, "tagroute.store.dir", "unknown_key", "spelling"],
    ["yes", "tagroute", "type", "must be a mapping"],
  ])("%j → %s", (section, path, rule, part) => {
    const problem = problemAt(withTagroute(section), path);
    expect(problem.rule).toBe(rule);
    expect(problem.message).toContain(part);
  });

  it("reports every typo of the section together", () => {
    const result = withTagroute({
      mach: "all",
      groups: { nope: {}, "gpt-4": { x: 1 } },
      listen: { grpc: "x" },
    });
    expect(problemsOf(result).map((p) => p.path)).toEqual([
      "tagroute.groups.gpt-4.x",
      "tagroute.listen.grpc",
      "tagroute.mach",
      "tagroute.groups.nope",
    ]);
  });

  it("reads governance and mock settings, off and zero by default", () => {
    const plain = configOf(withTagroute({}));
    expect(plain.governance).toEqual({ namingPattern: undefined, controlledVocabulary: false });
    expect(plain.mock).toEqual({ tokenDelayMs: 0 });
    expect(plain.defaultGroupSettings).toEqual({
      match: "any",
      noMatch: "default",
      filtering: true,
    });
    const set = configOf(
      withTagroute({
        match: "all",
        governance: { naming_pattern: "^[a-z]+:[a-z]+$", controlled_vocabulary: true },
        mock: { token_delay_ms: 10 },
      }),
    );
    expect(set.governance).toEqual({
      namingPattern: "^[a-z]+:[a-z]+$",
      controlledVocabulary: true,
    });
    expect(set.mock).toEqual({ tokenDelayMs: 10 });
    expect(set.defaultGroupSettings.match).toBe("all");
  });

  it("rejects an invalid naming pattern and unknown governance keys, with their paths", () => {
    const result = withTagroute({
      governance: { naming_pattern: "(?<=x)", strict: true },
      mock: { token_delay_ms: -1 },
    });
    expect(problemAt(result, "tagroute.governance.naming_pattern").message).toContain(
      "invalid RE2 pattern",
    );
    expect(problemsOf(result).map((p) => p.path)).toContain("tagroute.mock.token_delay_ms");
    expect(problemsOf(result).some((p) => p.path.startsWith("tagroute.governance"))).toBe(true);
  });
});
