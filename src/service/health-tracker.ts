import type { Deployment, Unavailability, UnavailableReason } from "../core/index.js";
import type { ProviderError } from "../providers/index.js";

export interface CooldownSettings {
  /** Failures tolerated within the window before a deployment cools down (LiteLLM `allowed_fails`). */
  readonly allowedFails: number;
  /** How long a failing deployment sits out (LiteLLM `cooldown_time`). */
  readonly cooldownMs: number;
  /** LiteLLM `disable_cooldowns`. */
  readonly disabled: boolean;
  /** The window `allowedFails` counts in; LiteLLM counts per minute. */
  readonly windowMs?: number;
}

/** LiteLLM's defaults: 3 failures a minute, 5 s out. */
export const DEFAULT_COOLDOWN: CooldownSettings = {
  allowedFails: 3,
  cooldownMs: 5_000,
  disabled: false,
};

/**
 * Which deployments are cooling down, fed by upstream outcomes. The routing decision reads
 * {@link HealthTracker.view} (an immutable map replaced on every change), so SelectDeployment and
 * Complete see the same state: a cooling deployment is removed after the tag decision (DESIGN
 * rule 7), and "every match cooling" becomes UNAVAILABLE with the earliest return time.
 */
export interface HealthTracker {
  view(): ReadonlyMap<string, Unavailability>;
  recordFailure(deploymentId: string, error: ProviderError, now: number): void;
  recordSuccess(deploymentId: string): void;
  /**
   * Counts a request and its tokens against the deployment's own `rpm` / `tpm`; a deployment at
   * its limit is set aside like a cooling one until the minute ends (DESIGN rule 7).
   */
  recordUsage(deployment: Deployment, requests: number, tokens: number, now: number): void;
}

export function createHealthTracker(settings: CooldownSettings = DEFAULT_COOLDOWN): HealthTracker {
  const windowMs = settings.windowMs ?? 60_000;
  const failures = new Map<string, number[]>();
  let view: ReadonlyMap<string, Unavailability> = new Map();

  const usage = new Map<string, { minute: number; requests: number; tokens: number }>();

  const cool = (id: string, until: number, now: number, reason: UnavailableReason = "cooldown") => {
    const next = new Map<string, Unavailability>();
    // Expired entries are dropped here, so the map stays as small as what is cooling now.
    for (const [key, entry] of view) if (entry.until > now) next.set(key, entry);
    const current = next.get(id);
    if (current === undefined || current.until < until) next.set(id, { reason, until });
    view = next;
  };

  return {
    view: () => view,
    recordFailure(id, error, now) {
      if (settings.disabled || error.kind === "bad_request" || error.kind === "aborted") return;
      if (error.kind === "rate_limited" && error.retryAfterMs !== undefined) {
        // The upstream said how long: honour it, whatever allowed_fails says.
        cool(id, now + error.retryAfterMs, now);
        return;
      }
      const recent = (failures.get(id) ?? []).filter((t) => t > now - windowMs);
      recent.push(now);
      if (recent.length > settings.allowedFails) {
        failures.delete(id);
        cool(id, now + settings.cooldownMs, now);
      } else {
        failures.set(id, recent);
      }
    },
    recordSuccess(id) {
      failures.delete(id);
    },
    recordUsage(deployment, requests, tokens, now) {
      if (deployment.rpm === undefined && deployment.tpm === undefined) return;
      const minute = Math.floor(now / 60_000);
      let used = usage.get(deployment.id);
      if (used === undefined || used.minute !== minute) {
        used = { minute, requests: 0, tokens: 0 };
        usage.set(deployment.id, used);
      }
      used.requests += requests;
      used.tokens += tokens;
      const full =
        (deployment.rpm !== undefined && used.requests >= deployment.rpm) ||
        (deployment.tpm !== undefined && used.tokens >= deployment.tpm);
      if (full) cool(deployment.id, (minute + 1) * 60_000, now, "rate_limit");
    },
  };
}
