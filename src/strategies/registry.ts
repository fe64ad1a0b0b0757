import type { Deployment } from "../core/index.js";
import type { DeploymentStats } from "./deployment-stats.js";
import { pickLowest } from "./scored.js";
import { createSimpleShuffle } from "./simple-shuffle.js";
import type { RandomSource, Strategy } from "./strategy.js";

/** LiteLLM's strategy names, so migrated configs start unchanged. */
export const STRATEGY_NAMES = [
  "simple-shuffle",
  "least-busy",
  "latency-based-routing",
  "cost-based-routing",
  "usage-based-routing",
  "usage-based-routing-v2",
] as const;

export type StrategyName = (typeof STRATEGY_NAMES)[number];

export interface StrategyOptions {
  readonly stats: DeploymentStats;
  readonly random?: RandomSource;
  readonly clock?: () => number;
  /** latency-based: deployments within this fraction of the fastest share load (LiteLLM's lowest_latency_buffer). */
  readonly latencyBuffer?: number;
}

/** Lower `order` is preferred; a deployment without one sorts after every number. */
function tierOf(d: Deployment): number {
  return d.order ?? Number.POSITIVE_INFINITY;
}

/**
 * `order` as priority tiers, in front of every strategy: only the best tier among the candidates
 * the routing decision left (tags matched, not cooling, not excluded by failover) is offered.
 */
function withTiers(strategy: Strategy): Strategy {
  return {
    name: strategy.name,
    pick(candidates) {
      let best = Number.POSITIVE_INFINITY;
      for (const d of candidates) best = Math.min(best, tierOf(d));
      const tier = candidates.every((d) => tierOf(d) === best)
        ? candidates
        : candidates.filter((d) => tierOf(d) === best);
      return strategy.pick(tier);
    },
  };
}

function usageScore(stats: DeploymentStats, now: () => number) {
  // Fraction of the deployment's own per-minute budget already used; without limits, raw counts.
  return (d: Deployment) => {
    const used = stats.usage(d.id, now());
    if (d.tpm !== undefined && d.tpm > 0) return used.tokens / d.tpm;
    if (d.rpm !== undefined && d.rpm > 0) return used.requests / d.rpm;
    return used.tokens;
  };
}

/** One registry: the strategy for a name, every one behind the same interface and tiers. */
export function createStrategy(name: StrategyName, options: StrategyOptions): Strategy {
  const random = options.random ?? Math.random;
  const now = options.clock ?? Date.now;
  const { stats } = options;
  const named = (pick: Strategy["pick"]): Strategy => ({ name, pick });
  switch (name) {
    case "simple-shuffle":
      return withTiers(createSimpleShuffle({ random }));
    case "least-busy":
      return withTiers(named((c) => pickLowest(c, (d) => stats.inFlight(d.id), random)));
    case "latency-based-routing":
      // Unmeasured deployments score 0, so each one is tried before the averages decide.
      return withTiers(
        named((c) =>
          pickLowest(c, (d) => stats.latencyMs(d.id) ?? 0, random, options.latencyBuffer ?? 0),
        ),
      );
    case "cost-based-routing":
      return withTiers(
        named((c) =>
          pickLowest(c, (d) => (d.inputCostPerToken ?? 0) + (d.outputCostPerToken ?? 0), random),
        ),
      );
    case "usage-based-routing":
    case "usage-based-routing-v2":
      return withTiers(named((c) => pickLowest(c, usageScore(stats, now), random)));
  }
}
