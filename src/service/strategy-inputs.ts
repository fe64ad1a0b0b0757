import type { Explanation } from "../core/index.js";
import type { DeploymentStats } from "../strategies/index.js";

/** What the stateful strategies weigh for one deployment, as an explanation shows it. */
export interface StrategyInputs {
  readonly inFlight: number;
  /** Moving average of time to first token, ms; undefined before the first streamed token. */
  readonly latencyMs: number | undefined;
  readonly minuteRequests: number;
  readonly minuteTokens: number;
}

/**
 * The strategy inputs of every deployment an explanation lists, read at the moment of the
 * decision. Explanations are opt-in and O(group) already, so this adds nothing to a plain call.
 */
export function strategyInputsFor(
  explanation: Explanation,
  stats: DeploymentStats,
  now: number,
): ReadonlyMap<string, StrategyInputs> {
  const inputs = new Map<string, StrategyInputs>();
  for (const { id } of [...explanation.allowed, ...explanation.excluded]) {
    const usage = stats.usage(id, now);
    inputs.set(id, {
      inFlight: stats.inFlight(id),
      latencyMs: stats.latencyMs(id),
      minuteRequests: usage.requests,
      minuteTokens: usage.tokens,
    });
  }
  return inputs;
}
