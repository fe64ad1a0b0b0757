/**
 * Strategies pick one candidate after the tag decision. This issue ships `simple-shuffle`; the
 * stateful ones (least-busy, latency, cost, usage) arrive with Complete, behind the same interface.
 */
export { createSimpleShuffle, type SimpleShuffleOptions } from "./simple-shuffle.js";
export type { RandomSource, Strategy } from "./strategy.js";
