import { z } from "zod";
import { ROUTING_STRATEGIES, type RouterSettings } from "./config-types.js";
import type { Diagnostics } from "./diagnostics.js";
import { fallbacksSchema, resolveFallbacks } from "./fallbacks.js";
import { booleanSchema, nonNegativeIntSchema, secondsSchema } from "./schemas.js";
import { emptySection, parseSection } from "./section.js";
import {
  INFRASTRUCTURE_ROUTER_SETTINGS,
  reportUnknownKeys,
  UNSUPPORTED_ROUTER_SETTINGS,
} from "./unsupported-keys.js";

const PATH = "router_settings";

const ROUTER_FIELDS = {
  routing_strategy: z.enum(ROUTING_STRATEGIES, {
    error: (issue) =>
      issue.code === "invalid_value"
        ? `is not a routing strategy tagroute knows; use one of ${ROUTING_STRATEGIES.join(", ")}`
        : undefined,
  }),
  enable_tag_filtering: booleanSchema,
  tag_filtering_match_any: booleanSchema,
  num_retries: nonNegativeIntSchema,
  timeout: secondsSchema({ allowZero: false }),
  stream_timeout: secondsSchema({ allowZero: false }),
  allowed_fails: nonNegativeIntSchema,
  cooldown_time: secondsSchema({ allowZero: true }),
  fallbacks: fallbacksSchema,
  disable_cooldowns: booleanSchema,
};

export interface ParsedRouterSettings {
  readonly settings: RouterSettings;
  /** `tag_filtering_match_any` as written; group settings combine it with `tagroute.match`. */
  readonly matchAny: boolean | undefined;
}

function ignoredMessage(key: string): string {
  return INFRASTRUCTURE_ROUTER_SETTINGS.has(key)
    ? "is an infrastructure setting (caches, Redis, logging); tagroute does not use it"
    : "is not a router setting tagroute knows; ignored";
}

/**
 * Reads `router_settings`. Keys that would change routing and that tagroute does not implement
 * fail the load; the rest of LiteLLM's many settings are reported as ignored.
 */
export function parseRouterSettings(
  raw: unknown,
  groups: ReadonlySet<string> | undefined,
  diagnostics: Diagnostics,
): ParsedRouterSettings {
  const section = parseSection(raw, PATH, ROUTER_FIELDS, diagnostics) ?? emptySection();
  reportUnknownKeys(
    section.unknownKeys,
    PATH,
    UNSUPPORTED_ROUTER_SETTINGS,
    ignoredMessage,
    diagnostics,
  );
  const v = section.values;
  const fallbacks =
    v.fallbacks === undefined
      ? new Map<string, readonly string[]>()
      : resolveFallbacks(v.fallbacks, `${PATH}.fallbacks`, groups, diagnostics);
  return {
    settings: {
      routingStrategy: v.routing_strategy,
      numRetries: v.num_retries,
      timeoutMs: v.timeout,
      streamTimeoutMs: v.stream_timeout,
      allowedFails: v.allowed_fails,
      cooldownTimeMs: v.cooldown_time,
      fallbacks,
      disableCooldowns: v.disable_cooldowns,
      enableTagFiltering: v.enable_tag_filtering,
    },
    matchAny: v.tag_filtering_match_any,
  };
}
