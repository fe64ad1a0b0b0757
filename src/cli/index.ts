/** The command line's commands; `src/cli.ts` is the entry point that runs them. */
export { main } from "./main.js";
export { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, type Output } from "./output.js";
