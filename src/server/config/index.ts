/**
 * Config loading: a LiteLLM-compatible YAML file (model_list, litellm_params, model_info,
 * router_settings) plus tagroute's own `tagroute:` section, validated into the core's domain
 * types. Every problem comes back at once, with its path; nothing is skipped without a notice.
 */
export { buildSnapshot } from "./build-snapshot.js";
export {
  type ConfigNotice,
  type ConfigResult,
  type GovernanceConfig,
  type ListenAddress,
  type ListenSettings,
  type MockSettings,
  type ParseConfigOptions,
  ROUTING_STRATEGIES,
  type RouterSettings,
  type RoutingStrategyName,
  type StoreSettings,
  type TagrouteConfig,
} from "./config-types.js";
export { describeFilteringImpact, type FilteringImpact } from "./filtering-impact.js";
export { type LoadConfigFileOptions, loadConfigFile } from "./load-config-file.js";
export { parseConfig } from "./parse-config.js";
export { parseListenAddress } from "./tagroute-section.js";
export { MAX_CONFIG_BYTES } from "./yaml-source.js";
