import { describe, expect, it } from "vitest";
import { MAX_CONFIG_BYTES, parseConfig } from "../../src/server/config/index.js";
import { configOf, loadText, problemsOf } from "./support.js";

const VALID = `model_list:
  - model_name: g
    litellm_params: { model: mock/m }
`;

describe("YAML text", () => {
  it.each([
    ["model_list:\n  - model_name: g\n   litellm_params: {}\n", 3, "check the indentation"],
    ["router_settings:\n    num_retries: 1\n  timeout: 2\n", 3, "bad indentation"],
    ["model_list:\n  - model_name: g\n    litellm_params: { model: mock/m\n", 4, "never closed"],
    ["model_list: []\nmodel_list: []\n", 2, "duplicate key"],
    ["a: 1\n---\nb: 2\n", 2, "more than one YAML document"],
    ["model_list:\n\t- x\n", 2, "tabs"],
  ])("reports a syntax error with its line and column: %j", (text, line, part) => {
    const [problem] = problemsOf(loadText(text));
    expect(problem?.path).toBe("");
    expect(problem?.rule).toBe("yaml_syntax");
    expect(problem?.message).toMatch(new RegExp(`line ${line}, column \\d+`));
    expect(problem?.message).toContain(part);
  });

  it("names the source in syntax errors", () => {
    const [problem] = problemsOf(parseConfig("a: [1\n", { env: {}, source: "conf/t.yaml" }));
    expect(problem?.message).toContain("YAML syntax error at conf/t.yaml, line 2, column 1");
  });

  it.each([
    ["", "an empty document"],
    ["- a\n- b\n", "a list"],
    ["just text\n", "a string"],
  ])("needs a mapping at the top: %j", (text, got) => {
    expect(problemsOf(loadText(text))).toEqual([
      {
        path: "",
        rule: "type",
        message: `the config must be a mapping with a model_list, got ${got}`,
      },
    ]);
  });

  it("refuses text over the size limit before parsing it", () => {
    const text = `${VALID}#${"x".repeat(MAX_CONFIG_BYTES)}\n`;
    expect(problemsOf(loadText(text))).toEqual([
      expect.objectContaining({ path: "", rule: "too_large" }),
    ]);
  });

  it("reports an alias to an undefined anchor", () => {
    const [problem] = problemsOf(loadText(`${VALID}router_settings: *nowhere\n`));
    expect(problem?.rule).toBe("yaml_alias");
    expect(problem?.message).toContain("not defined");
  });

  it("refuses aliases that expand too far (billion laughs)", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const [problem] = problemsOf(loadText(`${VALID}${lines.join("\n")}\n`));
    expect(problem?.rule).toBe("yaml_alias");
    expect(problem?.message).toContain("expand");
  });

  it("reads YAML's infinity as a number that is not finite", () => {
    const result = loadText(
      `${VALID.replace("{ model: mock/m }", "{ model: mock/m, weight: .inf }")}`,
    );
    expect(problemsOf(result)).toEqual([
      {
        path: "model_list[0].litellm_params.weight",
        rule: "type",
        message: "must be a finite number, got a non-finite number",
      },
    ]);
  });

  it("quotes odd keys in paths so they stay unambiguous", () => {
    const result = loadText(`${VALID}router_settings:\n  "odd.key here": 1\n`);
    configOf(result);
    expect(result.notices.map((n) => n.path)).toEqual(['router_settings["odd.key here"]']);
  });
});
