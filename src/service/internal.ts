/**
 * Pieces of the service layer that benchmarks and tests drive directly, below the RPC surface.
 * Not for the server's wiring, which goes through `createServices`.
 */
export { createRoutingState, type RoutingState } from "./routing-state.js";
export type { ServiceSettings } from "./service-settings.js";
