/** Process wiring: config loading, the store, the gRPC and HTTP ports. */
export { type RunningTagroute, type StartOptions, startTagroute } from "./app.js";
export * from "./config/index.js";
