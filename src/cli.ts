/**
 * `tagroute` — the command line. `route` and `check-config` are debugging aids that run the same
 * core the service runs; `serve` arrives with the gRPC service.
 */
import { main } from "./cli/index.js";

process.exitCode = await main(process.argv.slice(2));
