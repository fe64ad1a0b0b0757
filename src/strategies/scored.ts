import type { Deployment } from "../core/index.js";
import type { RandomSource } from "./strategy.js";

/**
 * Picks uniformly among the candidates whose score is within `buffer` (a fraction) of the best
 * (lowest) score. Ties share load instead of one deployment taking everything.
 */
export function pickLowest(
  candidates: readonly Deployment[],
  score: (d: Deployment) => number,
  random: RandomSource,
  buffer = 0,
): Deployment {
  let best = Number.POSITIVE_INFINITY;
  const scores = candidates.map((d) => {
    const s = score(d);
    if (s < best) best = s;
    return s;
  });
  const limit = best + Math.abs(best) * buffer;
  const near = candidates.filter((_, i) => (scores[i] as number) <= limit);
  return near[Math.floor(random() * near.length)] as Deployment;
}
