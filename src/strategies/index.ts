/**
 * Strategies pick one candidate after the tag decision, under LiteLLM's names, behind one
 * interface and one registry; `order` tiers apply in front of each.
 */
export { createDeploymentStats, type DeploymentStats } from "./deployment-stats.js";
export {
  createStrategy,
  STRATEGY_NAMES,
  type StrategyName,
  type StrategyOptions,
} from "./registry.js";
export { createSimpleShuffle, type SimpleShuffleOptions } from "./simple-shuffle.js";
export type { RandomSource, Strategy } from "./strategy.js";
