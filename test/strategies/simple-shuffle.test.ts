import { describe, expect, it } from "vitest";
import type { Deployment } from "../../src/core/index.js";
import { makeDeployment } from "../../src/core/index.js";
import { createSimpleShuffle } from "../../src/strategies/index.js";

/** A deterministic random source: evenly spaced points, so counts are exact, not statistical. */
function sweep(n: number): () => number {
  let i = 0;
  return () => (i++ % n) / n + 1 / (2 * n);
}

function counts(candidates: Deployment[], draws: number): Record<string, number> {
  const strategy = createSimpleShuffle({ random: sweep(draws) });
  const out: Record<string, number> = {};
  for (let i = 0; i < draws; i++) {
    const id = strategy.pick(candidates).id;
    out[id] = (out[id] ?? 0) + 1;
  }
  return out;
}

const d = (id: string, extra: Partial<Deployment> = {}) =>
  makeDeployment({ id, modelGroup: "g", ...extra });

describe("simple-shuffle", () => {
  it("is uniform without weights", () => {
    expect(counts([d("a"), d("b"), d("c"), d("e")], 1000)).toEqual({
      a: 250,
      b: 250,
      c: 250,
      e: 250,
    });
  });

  it("follows weight, then rpm, then tpm, as LiteLLM does", () => {
    expect(counts([d("a", { weight: 3 }), d("b", { weight: 1 })], 1000)).toEqual({
      a: 750,
      b: 250,
    });
    expect(counts([d("a", { rpm: 100 }), d("b", { rpm: 300 })], 1000)).toEqual({ a: 250, b: 750 });
    expect(counts([d("a", { tpm: 1 }), d("b", { tpm: 4 })], 1000)).toEqual({ a: 200, b: 800 });
    expect(counts([d("a", { weight: 1, rpm: 1 }), d("b", { rpm: 1_000 })], 100)).toEqual({
      a: 100,
    });
  });

  it("refuses an empty candidate list instead of returning nothing", () => {
    expect(() => createSimpleShuffle().pick([])).toThrow(RangeError);
  });
});
