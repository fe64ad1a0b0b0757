import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly grpcPort: number;
  readonly output: () => string;
}

/**
 * Runs `tagroute serve` as its own process (`node --import tsx`, per STACK.md, so a kill reaches
 * the server itself) and waits for the banner that names the gRPC port.
 */
export async function spawnServer(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "serve", ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const match = /gRPC {2}\S+:(\d+)/.exec(text);
    if (match) return { child, grpcPort: Number(match[1]), output: () => text };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`tagroute serve did not start:\n${text}`);
}

export async function stopProcess(
  child: ChildProcess,
  signal: NodeJS.Signals,
): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = once(child, "exit");
  child.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}
