/**
 * bench:complete — Complete through tagroute against the same fake upstream called directly, and
 * against a bare proxy (grpc-js handler + undici + eventsource-parser, no routing: STACK.md's
 * baseline), in one run. The upstream streams 20 deltas; tagroute sends one gRPC message per delta,
 * logging on. Servers on core 0, upstream and load on core 1. Prints time to first token (added
 * over calling the upstream directly) at concurrency 1 and 50, streams/s and server CPU per stream.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { Pool } from "undici";
import { createTagrouteClient } from "../../sdk/src/index.js";
import { type BenchServer, startBenchServer, startPinned } from "../server-process.js";
import { fmt, summarize } from "../stats.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SERIAL = Number(process.env.BENCH_SERIAL ?? 300);
/** Concurrency levels to run, `BENCH_CONCURRENCY=50` for one (the summary needs both). */
const LEVELS = (process.env.BENCH_CONCURRENCY ?? "1,50").split(",").map(Number);
/**
 * Rounds per concurrency level, the three paths interleaved in each: CPU per stream moves by
 * ±10 % run to run on this 2-core machine, so one run each is not enough to compare two servers.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const messages = [{ role: "user", content: "hi" }];

/** One run of one path at one concurrency. */
interface Run {
  readonly ttfts: readonly number[];
  readonly streamsPerSecond: number;
  readonly cpuPerStream: number | undefined;
}

/** Several rounds of one path at one concurrency, combined. */
interface Result {
  /** Over every stream of every round. */
  readonly ttft: ReturnType<typeof summarize>;
  /** Medians over the rounds. */
  readonly streamsPerSecond: number;
  readonly cpuPerStream: number | undefined;
  readonly cpuPerRound: readonly number[];
}

/** Runs `one` with `concurrency` workers: SERIAL calls at 1, SECONDS of calls otherwise. */
async function load(
  concurrency: number,
  one: () => Promise<number>,
  server?: BenchServer,
): Promise<Run> {
  const ttfts: number[] = [];
  const cpu0 = server?.cpuMicros() ?? 0;
  const start = performance.now();
  const until = start + SECONDS * 1000;
  let streams = 0;
  const worker = async () => {
    while (concurrency === 1 ? streams < SERIAL : performance.now() < until) {
      streams++;
      ttfts.push(await one());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - start) / 1000;
  return {
    ttfts,
    streamsPerSecond: streams / elapsed,
    cpuPerStream: server === undefined ? undefined : (server.cpuMicros() - cpu0) / streams,
  };
}

function combine(runs: readonly Run[]): Result {
  const cpu = runs.flatMap((r) => (r.cpuPerStream === undefined ? [] : [r.cpuPerStream]));
  return {
    ttft: summarize(runs.flatMap((r) => r.ttfts)),
    streamsPerSecond: summarize(runs.map((r) => r.streamsPerSecond)).median,
    cpuPerStream: cpu.length === 0 ? undefined : summarize(cpu).median,
    cpuPerRound: cpu,
  };
}

/** Time to first delta straight from the upstream, the way a proxy would read it. */
function direct(pool: Pool) {
  return async (): Promise<number> => {
    const start = performance.now();
    const res = await pool.request({
      method: "POST",
      path: "/v1/chat/completions",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", messages, stream: true }),
    });
    let first = 0;
    const decoder = new TextDecoder();
    const parser = createParser({
      onEvent() {
        if (first === 0) first = performance.now() - start;
      },
    });
    for await (const chunk of res.body) parser.feed(decoder.decode(chunk, { stream: true }));
    return first;
  };
}

/** Time to first delta through a gRPC server speaking tagroute's Complete (tagroute or the bare proxy). */
function through(port: number) {
  const client = createTagrouteClient({ address: `http://127.0.0.1:${port}` });
  const call = async (): Promise<number> => {
    const start = performance.now();
    let first = 0;
    for await (const event of client.complete({ routing: { model: "gpt-4" }, messages })) {
      if (event.kind === "delta" && first === 0) first = performance.now() - start;
    }
    return first;
  };
  return { call, close: () => client.close() };
}

const dir = mkdtempSync(join(tmpdir(), "tagroute-bench-complete-"));
const upstream = await startPinned({
  script: ["bench/complete/fake-upstream.ts", "0"],
  core: 1,
  logFile: join(dir, "upstream.log"),
  ready: /listening (\d+)/,
});
const config = join(dir, "config.yaml");
writeFileSync(
  config,
  `model_list:\n  - model_name: gpt-4\n    litellm_params: { model: openai/m, api_base: "http://127.0.0.1:${upstream.grpcPort}/v1" }\n    model_info: { id: up-1 }\n`,
);
// BENCH_CPU_PROF=DIR writes V8 CPU profiles of tagroute and the bare proxy under DIR (open them in
// Chrome DevTools).
const profile = process.env.BENCH_CPU_PROF;
const tagroute = await startBenchServer({
  configFile: config,
  dir,
  core: 0,
  nodeArgs: profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}/tagroute`] : [],
});
const bare = await startPinned({
  script: ["bench/complete/bare-proxy.ts", String(upstream.grpcPort)],
  core: 0,
  logFile: join(dir, "bare.log"),
  nodeArgs: profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}/bare`] : [],
});
const pool = new Pool(`http://127.0.0.1:${upstream.grpcPort}`, { connections: 64 });
const viaTagroute = through(tagroute.grpcPort);
const viaBare = through(bare.grpcPort);

try {
  // Warm-up: JIT, connections, pools.
  await load(50, viaTagroute.call);
  await load(50, viaBare.call);
  await load(50, direct(pool));
  console.log(
    `bench:complete — node ${process.version}; upstream streams 20 deltas; servers on core 0, upstream and load on core 1; tagroute logging on\n`,
  );
  console.log(
    "| path | concurrency | TTFT p50 ms | TTFT p99 ms | streams/s | server CPU µs/stream |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  const rows: Record<string, Result> = {};
  for (const concurrency of LEVELS) {
    const runs = { direct: [] as Run[], bare: [] as Run[], tagroute: [] as Run[] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.direct.push(await load(concurrency, direct(pool)));
      runs.bare.push(await load(concurrency, viaBare.call, bare));
      runs.tagroute.push(await load(concurrency, viaTagroute.call, tagroute));
    }
    for (const [name, list] of Object.entries(runs)) rows[`${name} ${concurrency}`] = combine(list);
    for (const name of ["direct", "bare", "tagroute"]) {
      const r = rows[`${name} ${concurrency}`] as Result;
      const label =
        name === "direct"
          ? "upstream directly"
          : name === "bare"
            ? "bare proxy (baseline)"
            : "tagroute";
      console.log(
        `| ${label} | ${concurrency} | ${fmt(r.ttft.median, 3)} | ${fmt(r.ttft.p99, 3)} | ${fmt(r.streamsPerSecond, 0)} | ${r.cpuPerStream === undefined ? "—" : fmt(r.cpuPerStream, 0)} |`,
      );
    }
  }
  console.log("");
  if (rows["tagroute 1"] && rows["direct 1"]) {
    const added = rows["tagroute 1"].ttft.median - rows["direct 1"].ttft.median;
    console.log(
      `added TTFT at concurrency 1 (p50, tagroute − direct): ${fmt(added, 3)} ms (goal ≤ 1 ms)`,
    );
  }
  if (rows["tagroute 50"] && rows["bare 50"]) {
    const cpu = rows["tagroute 50"].cpuPerStream ?? 0;
    const base = rows["bare 50"].cpuPerStream ?? 1;
    console.log(
      `server CPU per stream at concurrency 50 (median of ${ROUNDS} rounds): tagroute ${fmt(cpu, 0)} µs vs bare proxy ${fmt(base, 0)} µs (${fmt((cpu / base) * 100, 0)} %; goal ≤ 100 %)`,
    );
    const perRound = rows["tagroute 50"].cpuPerRound.map((t, i) => {
      const b = rows["bare 50"]?.cpuPerRound[i] ?? Number.NaN;
      return `${fmt(t, 0)} vs ${fmt(b, 0)} (${fmt((t / b) * 100, 0)} %)`;
    });
    console.log(`  rounds: ${perRound.join("; ")}`);
  }
} finally {
  await viaTagroute.close();
  await viaBare.close();
  await pool.close();
  await tagroute.stop();
  await bare.stop();
  await upstream.stop();
  rmSync(dir, { recursive: true, force: true });
}
