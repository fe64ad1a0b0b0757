import { describe, expect, it } from "vitest";
import { formatProblems } from "../../src/core/index.js";
import type { ConfigResult } from "../../src/server/config/index.js";
import { configOf, load, loadText, problemsOf, withEntry } from "./support.js";

const SECRET = "sk-DISTINCTIVE-7f3a9c1e";

/** Everything a caller could print: problems, notices, the formatted report, the config. */
function everythingSaid(result: ConfigResult): string {
  const problems = result.ok ? "" : formatProblems(result.problems);
  return `${JSON.stringify(result)}\n${problems}`;
}

describe("credentials never appear in a message", () => {
  it.each([
    [
      "an inline key beside other errors",
      { litellm_params: { api_key: SECRET, model: "azure/x", tags: ["a b"] } },
    ],
    ["an inline key that is too long", { litellm_params: { api_key: SECRET.repeat(2000) } }],
    ["an inline key of the wrong type", { litellm_params: { api_key: [SECRET] } }],
    ["an inline key under an unknown key", { litellm_params: { azure_ad_token: SECRET } }],
    [
      "a key where an env reference is malformed",
      { litellm_params: { api_key: `os.environ/${SECRET}` } },
    ],
    ["a key in an api_base", { litellm_params: { api_base: `not a url ${SECRET}` } }],
  ])("%s", (_name, patch) => {
    const result = load(withEntry(patch));
    const said = result.ok ? result.notices : [...result.problems, ...result.notices];
    expect(said.length).toBeGreaterThan(0);
    expect(everythingSaid(result)).not.toContain(SECRET);
  });

  it("an environment value that is not a URL, used as api_base", () => {
    const result = load(withEntry({ litellm_params: { api_base: "os.environ/BASE" } }), {
      BASE: SECRET,
    });
    expect(problemsOf(result)[0]?.message).toContain("the value of BASE");
    expect(everythingSaid(result)).not.toContain(SECRET);
  });

  it.each([
    `model_list:\n  - model_name: g\n    litellm_params:\n      api_key: "${SECRET}\n`,
    `model_list:\n  - model_name: g\n    litellm_params: { api_key: ${SECRET}\n`,
    `model_list:\n  - model_name: g\n    litellm_params:\n      api_key: ${SECRET}\n     ${SECRET}: x\n`,
    `- a\n${SECRET}: 1\n`,
    `model_list: [\n  ${SECRET} ${SECRET}, : ]\n`,
  ])("a YAML syntax error on a key's line: %#", (text) => {
    const result = loadText(text);
    expect(problemsOf(result).length).toBeGreaterThan(0);
    expect(everythingSaid(result)).not.toContain(SECRET);
  });

  it("a valid config keeps the secret only inside its Secret", () => {
    const result = load(withEntry({ litellm_params: { api_key: "os.environ/K" } }), { K: SECRET });
    const config = configOf(result);
    expect(config.deployments[0]?.credential?.secret.reveal()).toBe(SECRET);
    expect(everythingSaid(result)).not.toContain(SECRET);
    expect(String(config.deployments[0]?.credential?.secret)).toBe("[redacted]");
  });
});
