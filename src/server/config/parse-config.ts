import type { Deployment } from "../../core/index.js";
import { childPath, describeKind, isMapping } from "./config-path.js";
import type { ConfigResult, ParseConfigOptions, TagrouteConfig } from "./config-types.js";
import { createDiagnostics, type Diagnostics } from "./diagnostics.js";
import type { EnvContext } from "./env-reference.js";
import { resolveGroupSettings } from "./group-settings.js";
import { parseModelList } from "./model-list.js";
import { parseRouterSettings } from "./router-settings.js";
import { parseTagrouteSection } from "./tagroute-section.js";
import { IGNORED_TOP_LEVEL } from "./unsupported-keys.js";
import { readYaml } from "./yaml-source.js";

/** The top-level keys the loader reads; the others are reported and skipped. */
const TOP_LEVEL = new Set(["model_list", "router_settings", "tagroute"]);

function reportTopLevelKeys(root: Readonly<Record<string, unknown>>, diagnostics: Diagnostics) {
  for (const key of Object.keys(root)) {
    if (TOP_LEVEL.has(key)) continue;
    const what = Object.hasOwn(IGNORED_TOP_LEVEL, key) ? IGNORED_TOP_LEVEL[key] : undefined;
    diagnostics.ignored(
      childPath("", key),
      what === undefined ? "is not a top-level key tagroute knows; ignored" : `is ignored: ${what}`,
    );
  }
}

/** Names under `environment_variables`, only to explain an unset `os.environ/` reference. */
function declaredVariables(root: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const section = root.environment_variables;
  return new Set(isMapping(section) ? Object.keys(section) : []);
}

/** Model groups in the order their first deployment appears, for a stable `groups` map. */
function groupNamesOf(deployments: readonly Deployment[]): string[] {
  return [...new Set(deployments.map((d) => d.modelGroup))];
}

function readRoot(
  root: Readonly<Record<string, unknown>>,
  options: ParseConfigOptions,
  diagnostics: Diagnostics,
): TagrouteConfig {
  reportTopLevelKeys(root, diagnostics);
  const env: EnvContext = { env: options.env, declared: declaredVariables(root) };
  const models = parseModelList(root.model_list, env, diagnostics);
  const router = parseRouterSettings(root.router_settings, models.groupNames, diagnostics);
  const tagroute = parseTagrouteSection(root.tagroute, models.groupNames, diagnostics);
  const groups = resolveGroupSettings(
    groupNamesOf(models.deployments),
    router,
    tagroute,
    diagnostics,
  );
  return {
    deployments: models.deployments,
    groups: groups.groups,
    defaultGroupSettings: groups.defaults,
    router: router.settings,
    listen: tagroute.listen,
    store: tagroute.store,
    governance: tagroute.governance,
    mock: tagroute.mock,
  };
}

/**
 * Loads a LiteLLM-compatible config from YAML text. Never throws for a bad config: the result
 * lists every problem at once, each with its path in LiteLLM's terms
 * (`model_list[3].litellm_params.tags[0]`), and notices for everything read past. No message
 * contains a credential.
 */
export function parseConfig(text: string, options: ParseConfigOptions): ConfigResult {
  const diagnostics = createDiagnostics();
  const fail = (): ConfigResult => ({
    ok: false,
    problems: [...diagnostics.problems],
    notices: [...diagnostics.notices],
  });
  const yaml = readYaml(text, options.source, diagnostics);
  if (yaml === undefined) return fail();
  if (!isMapping(yaml.value)) {
    const got = yaml.value === null ? "an empty document" : describeKind(yaml.value);
    diagnostics.problem("", "type", `the config must be a mapping with a model_list, got ${got}`);
    return fail();
  }
  const config = readRoot(yaml.value, options, diagnostics);
  if (diagnostics.problems.length > 0) return fail();
  return { ok: true, config, notices: [...diagnostics.notices] };
}
