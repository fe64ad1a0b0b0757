/**
 * `tagroute` — the command line: `serve` runs the service; `route` and `check-config` are
 * debugging aids that run the same core the service runs.
 */
import { main } from "./cli/index.js";

const args = process.argv.slice(2);
const code = await main(args);
// `serve` resolves only once shut down; exit then even if a stray handle (a client's idle
// connection, a timer) would keep the event loop alive. Other commands end on their own.
if (args[0] === "serve") process.exit(code);
process.exitCode = code;
