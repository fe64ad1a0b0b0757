/** Process wiring. So far: config loading; the gRPC and HTTP ports arrive with the service. */
export * from "./config/index.js";
