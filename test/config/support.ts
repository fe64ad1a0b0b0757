import { stringify } from "yaml";
import { formatProblems, type Problem } from "../../src/core/index.js";
import {
  type ConfigNotice,
  type ConfigResult,
  parseConfig,
  type TagrouteConfig,
} from "../../src/server/config/index.js";

export const ENV = { OPENAI_API_KEY: "sk-test-from-env" } as const;

type Doc = Record<string, unknown>;

/** A valid two-group config; tests change one part of it and look at what the loader says. */
export function baseDoc(): Doc {
  return {
    model_list: [
      entry({ litellm_params: { model: "mock/a", tags: ["free"] }, model_info: { id: "free-1" } }),
      entry({
        litellm_params: { model: "mock/b", tags: ["default"] },
        model_info: { id: "def-1" },
      }),
      {
        model_name: "claude",
        litellm_params: { model: "mock/c" },
        model_info: { id: "claude-1" },
      },
    ],
  };
}

/** A `gpt-4` entry; `litellm_params` keys are merged over `model: mock/a`. */
export function entry(patch: Doc = {}): Doc {
  const params = (patch.litellm_params ?? {}) as Doc;
  return { model_name: "gpt-4", ...patch, litellm_params: { model: "mock/a", ...params } };
}

/** The base config with its first entry replaced by `entry(patch)`. */
export function withEntry(patch: Doc): Doc {
  const doc = baseDoc();
  (doc.model_list as Doc[])[0] = entry(patch);
  return doc;
}

/** The base config with top-level sections added or replaced. */
export function withTop(sections: Doc): Doc {
  return { ...baseDoc(), ...sections };
}

export function load(doc: Doc, env: Readonly<Record<string, string | undefined>> = ENV) {
  return parseConfig(stringify(doc), { env });
}

export function loadText(text: string, env: Readonly<Record<string, string | undefined>> = ENV) {
  return parseConfig(text, { env });
}

/** The config of a result that must be valid; fails with every problem otherwise. */
export function configOf(result: ConfigResult): TagrouteConfig {
  if (!result.ok) throw new Error(`expected a valid config:\n${formatProblems(result.problems)}`);
  return result.config;
}

/** The problems of a result that must be invalid. */
export function problemsOf(result: ConfigResult): Problem[] {
  if (result.ok) throw new Error("expected problems, the config loaded");
  return result.problems;
}

export function pathsOf(items: readonly (Problem | ConfigNotice)[]): string[] {
  return items.map((item) => item.path);
}

/** The one problem at `path`; fails when there is none or several. */
export function problemAt(result: ConfigResult, path: string): Problem {
  const found = problemsOf(result).filter((p) => p.path === path);
  if (found.length !== 1) {
    throw new Error(`expected one problem at ${path}, got:\n${formatProblems(problemsOf(result))}`);
  }
  return found[0] as Problem;
}
