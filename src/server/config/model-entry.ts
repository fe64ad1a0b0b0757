import { z } from "zod";
import { type Deployment, joinPath, type Problem, validateDeployment } from "../../core/index.js";
import { childPath } from "./config-path.js";
import { generatedDeploymentId } from "./deployment-id.js";
import type { Diagnostics } from "./diagnostics.js";
import { apiBaseSchema, credentialSchema, type EnvContext } from "./env-reference.js";
import { providerModelSchema } from "./provider-model.js";
import {
  nonNegativeIntSchema,
  numberSchema,
  patternListSchema,
  secondsSchema,
  tagListSchema,
} from "./schemas.js";
import { emptySection, parseSection, requireFields, type Section } from "./section.js";
import {
  reportUnknownKeys,
  UNSUPPORTED_LITELLM_PARAMS,
  UNSUPPORTED_MODEL_INFO,
} from "./unsupported-keys.js";

/** A `model_list` entry turned into a deployment, with where its id came from. */
export interface ParsedEntry {
  readonly deployment: Deployment;
  /** `model_info.id` when the entry gives one, else the entry's own path. */
  readonly idPath: string;
  readonly generatedId: boolean;
}

const ENTRY_FIELDS = {
  model_name: z.string(),
  litellm_params: z.unknown(),
  model_info: z.unknown(),
};

const MODEL_INFO_FIELDS = {
  id: z.string(),
  order: numberSchema,
  input_cost_per_token: numberSchema,
  output_cost_per_token: numberSchema,
};

function litellmParamsFields(env: EnvContext) {
  return {
    model: providerModelSchema,
    api_base: apiBaseSchema(env),
    api_key: credentialSchema(env),
    tags: tagListSchema,
    tag_regex: patternListSchema,
    weight: numberSchema,
    rpm: numberSchema,
    tpm: numberSchema,
    order: numberSchema,
    timeout: secondsSchema({ allowZero: false }),
    stream_timeout: secondsSchema({ allowZero: false }),
    input_cost_per_token: numberSchema,
    output_cost_per_token: numberSchema,
    max_retries: nonNegativeIntSchema,
  };
}

type ParamsSection = Section<ReturnType<typeof litellmParamsFields>>;
type InfoSection = Section<typeof MODEL_INFO_FIELDS>;

interface EntrySections {
  readonly modelName: string | undefined;
  readonly params: ParamsSection;
  readonly info: InfoSection;
}

/** Parameters the domain has no per-deployment field for yet: checked, then said to be unused. */
const NOT_APPLIED: Readonly<Record<string, string>> = {
  stream_timeout:
    "is checked but not applied: a tagroute deployment has one timeout; router_settings.stream_timeout applies to streams",
  max_retries: "is checked but not applied: tagroute retries by router_settings.num_retries",
};

/** A value LiteLLM accepts in either section; both with different values is ambiguous. */
type Shared = "order" | "input_cost_per_token" | "output_cost_per_token";

interface Located {
  readonly value: number | undefined;
  /** Where the value was written, so the core's problems about it point there. */
  readonly path: string;
}

function pickShared(
  key: Shared,
  { params, info }: EntrySections,
  base: string,
  diagnostics: Diagnostics,
): Located {
  const inParams = params.values[key];
  const inInfo = info.values[key];
  const paramsPath = childPath(base, "litellm_params", key);
  const infoPath = childPath(base, "model_info", key);
  if (inParams !== undefined && inInfo !== undefined && inParams !== inInfo) {
    diagnostics.problem(
      infoPath,
      "conflict",
      `is ${inInfo} but litellm_params.${key} is ${inParams}; give it in one place`,
    );
  }
  return inParams !== undefined
    ? { value: inParams, path: paramsPath }
    : { value: inInfo, path: infoPath };
}

/**
 * Maps the core's deployment-relative paths (`user_agent_patterns[1]`, `timeout_ms`) to where
 * the operator wrote the value (`model_list[2].litellm_params.tag_regex[1]`).
 */
function toConfigPaths(
  problems: readonly Problem[],
  base: string,
  origins: Readonly<Record<string, string>>,
): Problem[] {
  return problems.map((problem) => {
    const head = /^[a-z_]+/.exec(problem.path)?.[0];
    if (head === undefined) return { ...problem, path: joinPath(base, problem.path) };
    const origin = origins[head] ?? childPath(base, "litellm_params", head);
    return { ...problem, path: origin + problem.path.slice(head.length) };
  });
}

/**
 * Reads `model_list` entries. The schemas that depend on the environment are built once per load,
 * not once per entry.
 */
export function createEntryParser(env: EnvContext, diagnostics: Diagnostics) {
  const paramsFields = litellmParamsFields(env);

  function readParams(raw: unknown, path: string, present: boolean): ParamsSection {
    const params = parseSection(raw, path, paramsFields, diagnostics);
    if (params === undefined) return emptySection();
    if (present) {
      requireFields(params, path, { model: "provider/model, e.g. openai/gpt-4o" }, diagnostics);
    }
    const ignored = () => "is a LiteLLM parameter tagroute does not use; ignored";
    reportUnknownKeys(params.unknownKeys, path, UNSUPPORTED_LITELLM_PARAMS, ignored, diagnostics);
    for (const [key, message] of Object.entries(NOT_APPLIED)) {
      if (key in params.values) diagnostics.ignored(childPath(path, key), message);
    }
    return params;
  }

  function readInfo(raw: unknown, path: string): InfoSection {
    const info = parseSection(raw, path, MODEL_INFO_FIELDS, diagnostics) ?? emptySection();
    const ignored = () => "is model metadata tagroute does not use; ignored";
    reportUnknownKeys(info.unknownKeys, path, UNSUPPORTED_MODEL_INFO, ignored, diagnostics);
    return info;
  }

  function readSections(raw: Readonly<Record<string, unknown>>, base: string): EntrySections {
    const entry = parseSection(raw, base, ENTRY_FIELDS, diagnostics) ?? emptySection();
    const required = {
      model_name: "the model group this deployment serves",
      litellm_params: "the deployment's upstream, at least `model`",
    };
    requireFields(entry, base, required, diagnostics);
    for (const key of entry.unknownKeys) {
      diagnostics.ignored(childPath(base, key), "is not a model_list key tagroute knows; ignored");
    }
    const paramsPresent = entry.values.litellm_params !== undefined;
    return {
      modelName: entry.values.model_name,
      params: readParams(raw.litellm_params, childPath(base, "litellm_params"), paramsPresent),
      info: readInfo(raw.model_info, childPath(base, "model_info")),
    };
  }

  /**
   * Builds the deployment — with neutral values where a field was invalid, so the core still
   * checks the rest — and runs the core's checks on it. Problems the field schemas already
   * reported at a path are not repeated.
   */
  return function parseEntry(raw: Readonly<Record<string, unknown>>, base: string): ParsedEntry {
    const sections = readSections(raw, base);
    const p = sections.params.values;
    const order = pickShared("order", sections, base, diagnostics);
    const inputCost = pickShared("input_cost_per_token", sections, base, diagnostics);
    const outputCost = pickShared("output_cost_per_token", sections, base, diagnostics);
    const explicitId = sections.info.values.id;
    const idPath = explicitId === undefined ? base : childPath(base, "model_info", "id");
    const deployment: Deployment = {
      id: explicitId ?? generatedDeploymentId(raw),
      modelGroup: sections.modelName ?? "",
      provider: p.model?.provider ?? "openai",
      upstreamModel: p.model?.upstreamModel ?? "",
      apiBase: p.api_base,
      credential: p.api_key,
      tags: p.tags ?? [],
      userAgentPatterns: p.tag_regex ?? [],
      weight: p.weight,
      order: order.value,
      rpm: p.rpm,
      tpm: p.tpm,
      inputCostPerToken: inputCost.value,
      outputCostPerToken: outputCost.value,
      timeoutMs: p.timeout,
      enabled: true,
      source: "config",
    };
    const origins = {
      id: idPath,
      model_name: childPath(base, "model_name"),
      user_agent_patterns: childPath(base, "litellm_params", "tag_regex"),
      order: order.path,
      input_cost_per_token: inputCost.path,
      output_cost_per_token: outputCost.path,
      timeout_ms: childPath(base, "litellm_params", "timeout"),
    };
    diagnostics.addNewProblems(toConfigPaths(validateDeployment(deployment), base, origins));
    return { deployment, idPath, generatedId: explicitId === undefined };
  };
}
