/** Summary statistics for benchmark samples; benchmarks print these, tests never assert on them. */
export interface Summary {
  readonly count: number;
  readonly median: number;
  readonly p99: number;
  readonly mean: number;
}

export function summarize(samples: Float64Array | readonly number[]): Summary {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  let total = 0;
  for (const x of sorted) total += x;
  return { count: sorted.length, median: at(0.5), p99: at(0.99), mean: total / sorted.length };
}

/** Formats a number with a fixed number of decimals and thousands separators. */
export function fmt(value: number, decimals = 2): string {
  return value.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** A small deterministic PRNG (mulberry32), so benchmark picks repeat run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
