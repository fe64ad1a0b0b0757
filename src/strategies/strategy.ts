import type { Deployment } from "../core/index.js";

/** A source of uniform numbers in [0, 1): injected so tests and benchmarks can fix the sequence. */
export type RandomSource = () => number;

/**
 * Picks one deployment from a non-empty candidate list that the routing decision has already
 * filtered by tags and health. Strategies never see a deployment the tags did not allow: there is
 * no second routing path.
 */
export interface Strategy {
  readonly name: string;
  pick(candidates: readonly Deployment[]): Deployment;
}
