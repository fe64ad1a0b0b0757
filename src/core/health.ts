/** Why a deployment whose tags match cannot take a request right now. */
export type UnavailableReason = "cooldown" | "rate_limit";

export interface Unavailability {
  readonly reason: UnavailableReason;
  /** Epoch milliseconds when the deployment may serve again. */
  readonly until: number;
}

/**
 * The runtime state the decision needs, passed in rather than read: the core has no clock and no
 * mutable state. `health` lists only deployments that are (or were recently) unavailable; an entry
 * whose `until` has passed counts as healthy, so callers need not prune it on time.
 */
export interface DecideContext {
  readonly now: number;
  readonly health?: ReadonlyMap<string, Unavailability> | undefined;
}

/** The unavailability in force at `now`, if any. */
export function unavailableAt(
  context: DecideContext,
  deploymentId: string,
): Unavailability | undefined {
  const entry = context.health?.get(deploymentId);
  return entry !== undefined && entry.until > context.now ? entry : undefined;
}
