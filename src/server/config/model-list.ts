import type { Deployment } from "../../core/index.js";
import { childPath, describeKind, isMapping } from "./config-path.js";
import type { Diagnostics } from "./diagnostics.js";
import type { EnvContext } from "./env-reference.js";
import { createEntryParser, type ParsedEntry } from "./model-entry.js";

export interface ModelList {
  readonly deployments: readonly Deployment[];
  /**
   * The model groups the config names, read leniently (any entry whose `model_name` is a string,
   * even one with other problems), so references to a group are judged against what the operator
   * meant. Undefined when `model_list` itself is unusable: then every reference would "fail", and
   * those problems would only bury the real one.
   */
  readonly groupNames: ReadonlySet<string> | undefined;
}

const PATH = "model_list";

/** Two entries with one id would make one of them unreachable through the API and the index. */
function reportDuplicateIds(entries: readonly ParsedEntry[], diagnostics: Diagnostics): void {
  const firstPath = new Map<string, string>();
  for (const { deployment, idPath, generatedId } of entries) {
    const earlier = firstPath.get(deployment.id);
    if (earlier === undefined) {
      firstPath.set(deployment.id, idPath);
      continue;
    }
    const hint = generatedId
      ? "; the generated id hashes model_name, litellm_params without api_key, and model_info, so the entries differ at most in api_key: give each a model_info.id"
      : "";
    diagnostics.problem(
      idPath,
      "duplicate_id",
      `id ${JSON.stringify(deployment.id)} is also the id of ${earlier}${hint}`,
    );
  }
}

/** Reads `model_list`: every entry, every problem, then the checks across entries. */
export function parseModelList(raw: unknown, env: EnvContext, diagnostics: Diagnostics): ModelList {
  if (raw === undefined || raw === null) {
    diagnostics.problem(PATH, "required", "is required: the list of deployments to route to");
    return { deployments: [], groupNames: undefined };
  }
  if (!Array.isArray(raw)) {
    diagnostics.problem(PATH, "type", `must be a list of deployments, got ${describeKind(raw)}`);
    return { deployments: [], groupNames: undefined };
  }
  if (raw.length === 0) {
    diagnostics.problem(PATH, "too_small", "must list at least one deployment");
    return { deployments: [], groupNames: new Set() };
  }
  const parseEntry = createEntryParser(env, diagnostics);
  const entries: ParsedEntry[] = [];
  const groupNames = new Set<string>();
  raw.forEach((item: unknown, i) => {
    const base = childPath(PATH, i);
    if (!isMapping(item)) {
      diagnostics.problem(
        base,
        "type",
        `must be a mapping with model_name and litellm_params, got ${describeKind(item)}`,
      );
      return;
    }
    const name = item.model_name;
    if (typeof name === "string") groupNames.add(name);
    entries.push(parseEntry(item, base));
  });
  reportDuplicateIds(entries, diagnostics);
  return { deployments: entries.map((e) => e.deployment), groupNames };
}
