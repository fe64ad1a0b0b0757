import { childPath } from "./config-path.js";
import type { Diagnostics } from "./diagnostics.js";

/**
 * LiteLLM keys that change where a request goes and that tagroute does not implement. Ignoring
 * them would route differently from LiteLLM without a word, so each one fails the load with the
 * reason and what to do instead.
 */
export const UNSUPPORTED_ROUTER_SETTINGS: Readonly<Record<string, string>> = {
  allow_fail_open:
    "tagroute never relaxes a tag decision (LiteLLM's fail-open lets a request through when filtering finds nothing); remove it, and give the group a `default` deployment for untagged traffic",
  tag_routing_prefix:
    "tagroute reads tags only from the request's fields and the x-litellm-tags / x-tagroute-tags metadata; a prefix would make the same request route differently",
  model_group_alias:
    "tagroute routes by the model_name of model_list entries only; give the deployments the alias as their model_name instead",
  context_window_fallbacks:
    "context-window fallbacks are not implemented; only `fallbacks` is, so these requests would fail instead of falling back",
  content_policy_fallbacks:
    "content-policy fallbacks are not implemented; only `fallbacks` is, so these requests would fail instead of falling back",
  default_fallbacks:
    "catch-all fallbacks are not implemented; list each model group's fallbacks under `fallbacks`",
  enable_pre_call_checks:
    "pre-call checks (context window, region) are not implemented; deployments LiteLLM would skip would still be chosen",
  optional_pre_call_checks:
    "pre-call checks are not implemented; deployments LiteLLM would skip would still be chosen",
  retry_policy:
    "per-error retry policies are not implemented; tagroute retries by num_retries alone",
  model_group_retry_policy:
    "per-group retry policies are not implemented; tagroute retries by num_retries alone",
  allowed_fails_policy:
    "per-error cooldown policies are not implemented; tagroute cools a deployment down by allowed_fails alone",
  provider_budget_config:
    "provider budgets are not implemented (tagroute budgets are per tag and per key); over-budget providers would still be chosen",
  routing_strategy_args:
    "strategy arguments are not implemented; the strategy would run with its defaults instead",
  max_fallbacks:
    "a cap on fallbacks is not implemented; tagroute tries every fallback listed for a group",
};

export const UNSUPPORTED_LITELLM_PARAMS: Readonly<Record<string, string>> = {
  custom_llm_provider:
    "tagroute takes the provider from the prefix of `model` (openai/, anthropic/, mock/); write it there",
};

export const UNSUPPORTED_MODEL_INFO: Readonly<Record<string, string>> = {
  enable_tag_filtering:
    "tag filtering is router-wide in tagroute (router_settings.enable_tag_filtering); a group's own `match` and `no_match` go under tagroute.groups",
};

/** `router_settings` keys about caches, Redis and logging: nothing tagroute routes by. */
export const INFRASTRUCTURE_ROUTER_SETTINGS: ReadonlySet<string> = new Set([
  "redis_host",
  "redis_port",
  "redis_password",
  "redis_url",
  "redis_db",
  "cache_responses",
  "cache_kwargs",
  "caching_groups",
  "client_ttl",
  "polling_interval",
  "debug_level",
  "set_verbose",
  "alerting_config",
  "router_general_settings",
]);

/** Top-level LiteLLM sections tagroute reads past, with what they are. */
export const IGNORED_TOP_LEVEL: Readonly<Record<string, string>> = {
  litellm_settings:
    "LiteLLM SDK and proxy behaviour (callbacks, caching, drop_params, its own fallbacks and retries); tagroute does not read it",
  general_settings:
    "LiteLLM proxy settings (master_key, database, alerting); tagroute does not read them",
  environment_variables:
    "tagroute does not set environment variables from the config; os.environ/ references read the process environment",
};

/**
 * Reports each unknown key of a LiteLLM section: an error when `unsupported` names it, otherwise
 * an "ignored" notice from `ignoredMessage`. LiteLLM sections are open (new LiteLLM keys appear
 * all the time), so only keys known to change routing fail.
 */
export function reportUnknownKeys(
  keys: readonly string[],
  path: string,
  unsupported: Readonly<Record<string, string>>,
  ignoredMessage: (key: string) => string,
  diagnostics: Diagnostics,
): void {
  for (const key of keys) {
    const keyPath = childPath(path, key);
    const why = Object.hasOwn(unsupported, key) ? unsupported[key] : undefined;
    if (why !== undefined) diagnostics.problem(keyPath, "unsupported", `is not supported: ${why}`);
    else diagnostics.ignored(keyPath, ignoredMessage(key));
  }
}
