/**
 * bench:select — SelectDeployment over gRPC under load from another process: h2load (C, pinned
 * to core 1) with 1 connection × 64 concurrent streams against `tagroute serve` (pinned to core 0)
 * on the 10,000-deployment workload, logging on. Baseline in the same run and on the same server:
 * grpc.health.v1.Health/Check, a no-op RPC through the same transport. Rounds alternate A/B.
 * Prints calls/s, latency p50/p99 (from h2load's per-request log) and server CPU µs per call.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { create, toBinary } from "@bufbuild/protobuf";
import { stringify } from "yaml";
import { HealthCheckRequestSchema } from "../../sdk/src/gen/grpc/health/v1/health_pb.js";
import { SelectDeploymentRequestSchema } from "../../sdk/src/gen/tagroute/v1/routing_pb.js";
import { createTagrouteClient } from "../../sdk/src/index.js";
import { loadWorkload } from "../core/workload.js";
import { startBenchServer } from "../server-process.js";
import { fmt, summarize } from "../stats.js";

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const STREAMS = 64;

/** A gRPC length-prefixed message frame. */
function frame(bytes: Uint8Array): Buffer {
  const out = Buffer.alloc(5 + bytes.length);
  out.writeUInt32BE(bytes.length, 1);
  out.set(bytes, 5);
  return out;
}

interface RoundResult {
  readonly callsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuPerCall: number;
  readonly failed: number;
}

async function round(
  server: Awaited<ReturnType<typeof startBenchServer>>,
  dir: string,
  path: string,
  body: string,
): Promise<RoundResult> {
  const log = join(dir, "h2load.log");
  const cpu0 = server.cpuMicros();
  const { stdout } = await run(
    "taskset",
    [
      "-c",
      "1",
      "h2load",
      "-c",
      "1",
      "-m",
      String(STREAMS),
      "-D",
      String(SECONDS),
      "-d",
      body,
      "-H",
      "content-type: application/grpc",
      "-H",
      "te: trailers",
      `--log-file=${log}`,
      `http://127.0.0.1:${server.grpcPort}${path}`,
    ],
    { maxBuffer: 1 << 24 },
  );
  const cpu = server.cpuMicros() - cpu0;
  const done = Number(/(\d+) succeeded/.exec(stdout)?.[1] ?? 0);
  const failed = Number(/(\d+) failed/.exec(stdout)?.[1] ?? 0);
  const micros = readFileSync(log, "utf8")
    .trim()
    .split("\n")
    .map((l) => Number(l.split("\t")[2]));
  const latency = summarize(micros);
  return {
    callsPerSecond: done / SECONDS,
    p50: latency.median / 1000,
    p99: latency.p99 / 1000,
    cpuPerCall: cpu / done,
    failed,
  };
}

const workload = await loadWorkload(10_000);
const dir = mkdtempSync(join(tmpdir(), "tagroute-bench-select-"));
const config = join(dir, "config.yaml");
writeFileSync(
  config,
  stringify({
    model_list: workload.deployments.map((d) => ({
      model_name: d.model_name,
      litellm_params: { model: "mock/bench", tags: d.litellm_params.tags },
      model_info: { id: d.model_info.id },
    })),
  }),
);
const request = workload.requests[1] as { tags: string[]; expected_any_match_count: number };
const selectBody = join(dir, "select.bin");
const noopBody = join(dir, "noop.bin");
writeFileSync(
  selectBody,
  frame(
    toBinary(
      SelectDeploymentRequestSchema,
      create(SelectDeploymentRequestSchema, {
        routing: { model: workload.model_name, tags: request.tags },
      }),
    ),
  ),
);
writeFileSync(
  noopBody,
  frame(toBinary(HealthCheckRequestSchema, create(HealthCheckRequestSchema, {}))),
);

const server = await startBenchServer({ configFile: config, dir, core: 0 });
try {
  // Sanity: the request routes as the workload says, before any timing.
  const client = createTagrouteClient({ address: `http://127.0.0.1:${server.grpcPort}` });
  const check = await client.selectDeployment({
    routing: { model: workload.model_name, tags: request.tags },
  });
  if (check.candidateCount !== request.expected_any_match_count) {
    throw new Error(
      `sanity check: ${check.candidateCount} candidates, expected ${request.expected_any_match_count}`,
    );
  }
  await client.close();

  console.log(
    `bench:select — node ${process.version}; ${workload.deployments.length.toLocaleString("en-US")} deployments; request tags [${request.tags.join(", ")}] → ${request.expected_any_match_count} candidates`,
  );
  console.log(
    `h2load 1 connection × ${STREAMS} streams, ${SECONDS} s per round, ${ROUNDS} alternating rounds each; server on core 0, load on core 1; per-call logging on\n`,
  );
  const results: Record<string, RoundResult[]> = { noop: [], select: [] };
  await round(server, dir, "/tagroute.v1.RoutingService/SelectDeployment", selectBody); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    results.noop?.push(await round(server, dir, "/grpc.health.v1.Health/Check", noopBody));
    results.select?.push(
      await round(server, dir, "/tagroute.v1.RoutingService/SelectDeployment", selectBody),
    );
  }
  const mean = (rs: RoundResult[], k: keyof RoundResult) =>
    rs.reduce((a, r) => a + r[k], 0) / rs.length;
  console.log("| RPC | calls/s | p50 ms | p99 ms | server CPU µs/call | failed |");
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const [name, rs] of Object.entries(results)) {
    console.log(
      `| ${name === "noop" ? "Health/Check (no-op)" : "SelectDeployment"} | ${fmt(mean(rs, "callsPerSecond"), 0)} | ${fmt(mean(rs, "p50"))} | ${fmt(mean(rs, "p99"))} | ${fmt(mean(rs, "cpuPerCall"), 1)} | ${mean(rs, "failed")} |`,
    );
  }
  const codes = new Map<string, number>();
  for (const m of readFileSync(join(dir, "server.log"), "utf8").matchAll(
    /"method":"([^"]+)"[^\n]*?"code":"([a-z_]+)"/g,
  )) {
    const key = `${m[1]} ${m[2]}`;
    codes.set(key, (codes.get(key) ?? 0) + 1);
  }
  console.log(
    `\nserver log, calls by method and gRPC code: ${[...codes].map(([k, n]) => `${k} × ${n}`).join("; ")}`,
  );
  const ratio =
    mean(results.select ?? [], "callsPerSecond") / mean(results.noop ?? [], "callsPerSecond");
  console.log(
    `\nSelectDeployment reaches ${fmt(ratio * 100, 1)} % of the no-op's calls/s (goal ≥ 85 %).`,
  );
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
