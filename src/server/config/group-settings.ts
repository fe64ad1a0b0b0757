import type { GroupSettings, MatchMode } from "../../core/index.js";
import { DEFAULT_GROUP_SETTINGS } from "../../core/index.js";
import type { Diagnostics } from "./diagnostics.js";
import type { ParsedRouterSettings } from "./router-settings.js";
import type { TagrouteSection } from "./tagroute-section.js";

/**
 * The router-wide match mode. `tagroute.match` and LiteLLM's `tag_filtering_match_any` say the
 * same thing; when both are given and disagree, neither can win quietly.
 */
function globalMatch(
  router: ParsedRouterSettings,
  tagroute: TagrouteSection,
  diagnostics: Diagnostics,
): MatchMode | undefined {
  const fromLiteLLM: MatchMode | undefined =
    router.matchAny === undefined ? undefined : router.matchAny ? "any" : "all";
  if (tagroute.match !== undefined && fromLiteLLM !== undefined && tagroute.match !== fromLiteLLM) {
    diagnostics.problem(
      "tagroute.match",
      "conflict",
      `is ${JSON.stringify(tagroute.match)} but router_settings.tag_filtering_match_any is ${router.matchAny} (match ${JSON.stringify(fromLiteLLM)}); set only one of them`,
    );
  }
  return tagroute.match ?? fromLiteLLM;
}

/** Router-wide settings, and each group's with its `tagroute.groups` entry applied. */
export interface ResolvedGroupSettings {
  /** For groups without an entry of their own, such as groups created through the API. */
  readonly defaults: GroupSettings;
  readonly groups: ReadonlyMap<string, GroupSettings>;
}

/**
 * Settings for every model group: the group's `tagroute.groups` entry over the router-wide
 * values over the defaults. Tag filtering is on unless `enable_tag_filtering: false` — tagroute's
 * default, where LiteLLM's is off.
 */
export function resolveGroupSettings(
  groupNames: Iterable<string>,
  router: ParsedRouterSettings,
  tagroute: TagrouteSection,
  diagnostics: Diagnostics,
): ResolvedGroupSettings {
  const match = globalMatch(router, tagroute, diagnostics) ?? DEFAULT_GROUP_SETTINGS.match;
  const noMatch = tagroute.noMatch ?? DEFAULT_GROUP_SETTINGS.noMatch;
  const filtering = router.settings.enableTagFiltering ?? DEFAULT_GROUP_SETTINGS.filtering;
  const settings = new Map<string, GroupSettings>();
  for (const name of groupNames) {
    const override = tagroute.groups.get(name);
    settings.set(name, {
      match: override?.match ?? match,
      noMatch: override?.noMatch ?? noMatch,
      filtering,
    });
  }
  return { defaults: { match, noMatch, filtering }, groups: settings };
}
