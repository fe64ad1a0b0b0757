import type { Deployment } from "../core/index.js";
import type { RandomSource, Strategy } from "./strategy.js";

export interface SimpleShuffleOptions {
  readonly random?: RandomSource;
}

/**
 * LiteLLM's weight source: `weight` when any candidate has one, else `rpm`, else `tpm`. A
 * candidate without the chosen field weighs 0 — as in LiteLLM, it is never picked while others
 * weigh more.
 */
function weightOf(candidates: readonly Deployment[]): ((d: Deployment) => number) | undefined {
  if (candidates.some((d) => d.weight !== undefined)) return (d) => d.weight ?? 0;
  if (candidates.some((d) => d.rpm !== undefined)) return (d) => d.rpm ?? 0;
  if (candidates.some((d) => d.tpm !== undefined)) return (d) => d.tpm ?? 0;
  return undefined;
}

/** `simple-shuffle`: a weighted random pick, uniform when no candidate is weighted. */
export function createSimpleShuffle(options: SimpleShuffleOptions = {}): Strategy {
  const random = options.random ?? Math.random;
  return {
    name: "simple-shuffle",
    pick(candidates) {
      if (candidates.length === 0) throw new RangeError("simple-shuffle: no candidates");
      const weigh = candidates.length === 1 ? undefined : weightOf(candidates);
      if (weigh !== undefined) {
        let total = 0;
        for (const d of candidates) total += weigh(d);
        if (total > 0) {
          let point = random() * total;
          for (const d of candidates) {
            point -= weigh(d);
            if (point < 0) return d;
          }
        }
      }
      return candidates[Math.floor(random() * candidates.length)] as Deployment;
    },
  };
}
