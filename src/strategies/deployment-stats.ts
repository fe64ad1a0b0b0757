/**
 * What the stateful strategies know about each deployment, fed by Complete: calls in flight,
 * a moving average of time to first token, and tokens and requests in the current minute.
 * In memory and per process, as LiteLLM's router keeps them without Redis.
 */
export interface DeploymentStats {
  inFlight(id: string): number;
  /** Exponentially weighted time to first token, ms; undefined before the first sample. */
  latencyMs(id: string): number | undefined;
  /** Requests and tokens counted in the minute containing `now`. */
  usage(id: string, now: number): { readonly requests: number; readonly tokens: number };

  callStarted(id: string, now: number): void;
  callEnded(id: string): void;
  firstToken(id: string, ms: number): void;
  tokens(id: string, count: number, now: number): void;
}

/** Weight of a new latency sample in the moving average. */
const ALPHA = 0.3;

export function createDeploymentStats(): DeploymentStats {
  const inFlight = new Map<string, number>();
  const latency = new Map<string, number>();
  const minute = new Map<string, { minute: number; requests: number; tokens: number }>();
  const bucket = (id: string, now: number) => {
    const m = Math.floor(now / 60_000);
    let b = minute.get(id);
    if (b === undefined || b.minute !== m) {
      b = { minute: m, requests: 0, tokens: 0 };
      minute.set(id, b);
    }
    return b;
  };
  return {
    inFlight: (id) => inFlight.get(id) ?? 0,
    latencyMs: (id) => latency.get(id),
    usage(id, now) {
      const b = minute.get(id);
      return b === undefined || b.minute !== Math.floor(now / 60_000)
        ? { requests: 0, tokens: 0 }
        : b;
    },
    callStarted(id, now) {
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      bucket(id, now).requests++;
    },
    callEnded(id) {
      const n = (inFlight.get(id) ?? 1) - 1;
      if (n <= 0) inFlight.delete(id);
      else inFlight.set(id, n);
    },
    firstToken(id, ms) {
      const previous = latency.get(id);
      latency.set(id, previous === undefined ? ms : previous + ALPHA * (ms - previous));
    },
    tokens(id, count, now) {
      bucket(id, now).tokens += count;
    },
  };
}
