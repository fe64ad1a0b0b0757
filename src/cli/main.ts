import { CHECK_CONFIG_USAGE, checkConfigCommand } from "./check-config-command.js";
import type { Output } from "./output.js";
import { EXIT_USAGE, processOutput } from "./output.js";
import { ROUTE_USAGE, routeCommand } from "./route-command.js";
import { SERVE_USAGE, serveCommand } from "./serve-command.js";

const USAGE = `tagroute — tag-based routing for LLM traffic

commands:
  serve --config FILE run the service (gRPC and HTTP ports)
  check-config FILE   validate a config, list its deployments and what tag filtering changes
  route ...           route one request against a config and print the decision
  help                this text

${SERVE_USAGE}

${CHECK_CONFIG_USAGE}

${ROUTE_USAGE}`;

/** Runs one command; returns the exit code. Output and environment are injectable for tests. */
export async function main(
  argv: readonly string[],
  output: Output = processOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case "serve":
      return serveCommand(args, output, env);
    case "check-config":
      return checkConfigCommand(args, output, env);
    case "route":
      return routeCommand(args, output, env);
    case "help":
    case "--help":
    case "-h":
      output.out(USAGE);
      return 0;
    default:
      output.err(
        command === undefined ? USAGE : `unknown command ${JSON.stringify(command)}\n\n${USAGE}`,
      );
      return EXIT_USAGE;
  }
}
