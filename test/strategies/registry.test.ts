import { describe, expect, it } from "vitest";
import type { Deployment } from "../../src/core/index.js";
import { makeDeployment } from "../../src/core/index.js";
import {
  createDeploymentStats,
  createStrategy,
  STRATEGY_NAMES,
  type StrategyName,
} from "../../src/strategies/index.js";

const d = (id: string, extra: Partial<Deployment> = {}) =>
  makeDeployment({ id, modelGroup: "g", ...extra });

/** Evenly spaced random numbers, so distributions are exact counts, not statistics. */
function sweep(n: number): () => number {
  let i = 0;
  return () => (i++ % n) / n + 1 / (2 * n);
}

function distribution(
  name: StrategyName,
  candidates: Deployment[],
  draws: number,
  setup?: (s: ReturnType<typeof createDeploymentStats>) => void,
) {
  const stats = createDeploymentStats();
  setup?.(stats);
  const strategy = createStrategy(name, {
    stats,
    random: sweep(draws),
    clock: () => 60_000,
    latencyBuffer: 0.1,
  });
  const out: Record<string, number> = {};
  for (let i = 0; i < draws; i++) {
    const id = strategy.pick(candidates).id;
    out[id] = (out[id] ?? 0) + 1;
  }
  return out;
}

describe("strategy registry", () => {
  it("knows LiteLLM's names", () => {
    const stats = createDeploymentStats();
    for (const name of STRATEGY_NAMES) expect(createStrategy(name, { stats }).name).toBe(name);
  });

  it.each(STRATEGY_NAMES)("%s uses a lower order tier only while it has candidates", (name) => {
    const tiers = [
      d("backup", { order: 2 }),
      d("main-a", { order: 1 }),
      d("main-b", { order: 1 }),
      d("last"),
    ];
    expect(Object.keys(distribution(name, tiers, 100)).sort()).toEqual(["main-a", "main-b"]);
    expect(
      Object.keys(distribution(name, [tiers[0] as Deployment, tiers[3] as Deployment], 10)),
    ).toEqual(["backup"]);
  });

  it("cost-based picks the cheapest, sharing ties", () => {
    const fleet = [
      d("dear", { inputCostPerToken: 3, outputCostPerToken: 3 }),
      d("cheap-1", { inputCostPerToken: 1 }),
      d("cheap-2", { outputCostPerToken: 1 }),
    ];
    expect(distribution("cost-based-routing", fleet, 100)).toEqual({
      "cheap-1": 50,
      "cheap-2": 50,
    });
  });

  it("least-busy picks the fewest calls in flight", () => {
    const fleet = [d("a"), d("b"), d("c")];
    const dist = distribution("least-busy", fleet, 30, (s) => {
      s.callStarted("a", 0);
      s.callStarted("a", 0);
      s.callStarted("b", 0);
      s.callStarted("c", 0);
      s.callStarted("c", 0);
      s.callEnded("c");
    });
    expect(dist).toEqual({ b: 15, c: 15 });
  });

  it("latency-based prefers the fastest average, sharing within the buffer, and tries the unmeasured", () => {
    const fleet = [d("fast"), d("near"), d("slow")];
    const measured = (s: ReturnType<typeof createDeploymentStats>) => {
      s.firstToken("fast", 100);
      s.firstToken("near", 108);
      s.firstToken("slow", 400);
    };
    expect(distribution("latency-based-routing", fleet, 100, measured)).toEqual({
      fast: 50,
      near: 50,
    });
    expect(distribution("latency-based-routing", [...fleet, d("new")], 10, measured)).toEqual({
      new: 10,
    });
  });

  it("usage-based picks the most headroom in the current minute", () => {
    const fleet = [d("small", { tpm: 1_000 }), d("large", { tpm: 100_000 })];
    const dist = distribution("usage-based-routing-v2", fleet, 10, (s) => {
      s.tokens("small", 500, 60_000);
      s.tokens("large", 5_000, 60_000);
      s.tokens("large", 1_000_000, 0); // a previous minute does not count
    });
    expect(dist).toEqual({ large: 10 });
  });
});
