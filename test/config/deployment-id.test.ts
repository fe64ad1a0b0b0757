import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { configOf, loadText } from "./support.js";

const idOf = (text: string, env: Record<string, string> = { K: "secret-a" }) =>
  configOf(loadText(text, env)).deployments[0]?.id;

const ENTRY = `model_list:
  - model_name: gpt-4
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/K
      tags: [free]
`;

describe("generated deployment ids", () => {
  it("are the first 16 hex digits of sha256 over the entry's sorted JSON, without api_key", () => {
    const canonical =
      '{"litellm_params":{"model":"openai/gpt-4o","tags":["free"]},"model_info":{},"model_name":"gpt-4"}';
    const expected = createHash("sha256").update(canonical).digest("hex").slice(0, 16);
    expect(idOf(ENTRY)).toBe(expected);
    // Pinned: a change here changes the id of every deployment without model_info.id.
    expect(expected).toBe("52a2c8e67b91ec6e");
  });

  it("do not depend on key order, at any depth", () => {
    const reordered = `model_list:
  - litellm_params:
      tags: [free]
      api_key: os.environ/K
      model: openai/gpt-4o
    model_info: {}
    model_name: gpt-4
`;
    expect(idOf(reordered)).toBe(idOf(ENTRY));
  });

  it("do not depend on the api_key, so rotating a key keeps the id", () => {
    const inline = ENTRY.replace("os.environ/K", "sk-inline-other");
    expect(idOf(inline)).toBe(idOf(ENTRY));
    expect(idOf(ENTRY, { K: "secret-b" })).toBe(idOf(ENTRY));
  });

  it("change with anything else the entry says", () => {
    const ids = new Set([
      idOf(ENTRY),
      idOf(ENTRY.replace("tags: [free]", "tags: [paid]")),
      idOf(ENTRY.replace("gpt-4o", "gpt-4o-mini")),
      idOf(ENTRY.replace("model_name: gpt-4", "model_name: gpt-5")),
      idOf(`${ENTRY}    model_info: { order: 1 }\n`),
    ]);
    expect(ids.size).toBe(5);
  });

  it("give way to model_info.id", () => {
    expect(idOf(`${ENTRY}    model_info: { id: pinned }\n`)).toBe("pinned");
  });
});
