import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import {
  createTagrouteClient,
  isTagrouteError,
  type TagrouteClient,
  type TagrouteError,
} from "../../sdk/src/index.js";
import { parseConfig, type RunningTagroute, startTagroute } from "../../src/server/index.js";

/** A small config: gpt-4 with free/paid/default tiers, claude by user agent. */
export const TEST_CONFIG = `
model_list:
  - model_name: gpt-4
    litellm_params: { model: mock/gpt-4o, tags: [free], input_cost_per_token: 0.001, output_cost_per_token: 0.002 }
    model_info: { id: free-1 }
  - model_name: gpt-4
    litellm_params: { model: mock/gpt-4o, tags: [paid, "region:eu"] }
    model_info: { id: paid-eu }
  - model_name: gpt-4
    litellm_params: { model: mock/gpt-4o, tags: [paid, "region:us"] }
    model_info: { id: paid-us }
  - model_name: gpt-4
    litellm_params: { model: mock/gpt-4o-mini, tags: [default] }
    model_info: { id: default-1 }
  - model_name: claude
    litellm_params: { model: mock/claude, tag_regex: ["^User-Agent: claude-code/"] }
    model_info: { id: claude-code }
  - model_name: claude
    litellm_params: { model: mock/claude, tags: [default], api_key: os.environ/TEST_CLAUDE_KEY }
    model_info: { id: claude-default }
`;

export const TEST_SECRET = "sk-test-secret-never-shown-0123456789";

export interface TestServer {
  readonly running: RunningTagroute;
  readonly storePath: string;
  /** Every log line the server wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  readonly rawLogs: string[];
  client(protocol: "grpc" | "connect", options?: { litellmTags?: string }): TagrouteClient;
  close(): Promise<void>;
}

/** Starts tagroute in-process on port 0 for both ports, with its own store file and log capture. */
export async function startTestServer(
  options: { config?: string; storePath?: string; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const env = { TEST_CLAUDE_KEY: TEST_SECRET, ...options.env };
  const parsed = parseConfig(options.config ?? TEST_CONFIG, { env, source: "test" });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  const storePath = options.storePath ?? join(mkdtempSync(join(tmpdir(), "tagroute-e2e-")), "t.db");
  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line === "") continue;
        rawLogs.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const running = await startTagroute({
    config: parsed.config,
    env,
    logger: pino({ level: "info" }, sink),
    storePath,
    grpc: { host: "127.0.0.1", port: 0 },
    http: { host: "127.0.0.1", port: 0 },
    shutdownGraceMs: 2_000,
  });
  const clients: TagrouteClient[] = [];
  return {
    running,
    storePath,
    logs,
    rawLogs,
    client(protocol, clientOptions = {}) {
      const port = protocol === "grpc" ? running.grpcPort : running.httpPort;
      const client = createTagrouteClient({
        address: `http://127.0.0.1:${port}`,
        protocol,
        timeoutMs: 10_000,
        ...clientOptions,
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await running.close(1_000);
    },
  };
}

/** Writes a config file for tests that start tagroute as a separate process. */
export function writeConfigFile(text = TEST_CONFIG): string {
  const file = join(mkdtempSync(join(tmpdir(), "tagroute-cfg-")), "config.yaml");
  writeFileSync(file, text);
  return file;
}

/** Awaits a call that must fail, and returns its TagrouteError. */
export async function failure(promise: Promise<unknown>): Promise<TagrouteError> {
  try {
    await promise;
  } catch (error) {
    if (isTagrouteError(error)) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}
