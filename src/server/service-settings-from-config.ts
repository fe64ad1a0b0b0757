import { DEFAULT_COOLDOWN, DEFAULT_NUM_RETRIES, type ServiceSettings } from "../service/index.js";
import type { TagrouteConfig } from "./config/index.js";

/** What the service layer needs of a loaded config: the service never sees the config format. */
export function serviceSettingsFrom(
  config: TagrouteConfig,
  env: Readonly<Record<string, string | undefined>>,
): ServiceSettings {
  return {
    configDeployments: config.deployments,
    groups: config.groups,
    defaultGroupSettings: config.defaultGroupSettings,
    governance: config.governance,
    env,
    mockTokenDelayMs: config.mock.tokenDelayMs,
    numRetries: config.router.numRetries ?? DEFAULT_NUM_RETRIES,
    fallbacks: config.router.fallbacks,
    routingStrategy: config.router.routingStrategy ?? "simple-shuffle",
    // Every upstream call streams, so LiteLLM's stream timeout is the one that applies.
    upstreamTimeoutMs: config.router.streamTimeoutMs ?? config.router.timeoutMs,
    cooldown: {
      allowedFails: config.router.allowedFails ?? DEFAULT_COOLDOWN.allowedFails,
      cooldownMs: config.router.cooldownTimeMs ?? DEFAULT_COOLDOWN.cooldownMs,
      disabled: config.router.disableCooldowns ?? false,
    },
  };
}
