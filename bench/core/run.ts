/**
 * bench:core — one routing decision (allowed set + one weighted pick) on the workload LiteLLM was
 * measured on, per fleet size. Prints median and p99 µs per decision, snapshot build time, heap,
 * and the ratio against a plain linear scan of the same fleet run in the same process.
 * Every decision's allowed-set size is checked against the workload's expectation.
 */
import { performance } from "node:perf_hooks";
import type { Deployment, TagQuery } from "../../src/core/index.js";
import { buildGroupIndex, createSnapshot, parseTagQuery, route } from "../../src/core/index.js";
import { createSimpleShuffle } from "../../src/strategies/index.js";
import { fmt, seededRandom, summarize } from "../stats.js";
import { loadWorkload, workloadDeployments } from "./workload.js";

const SIZES = (process.env.BENCH_SIZES ?? "10,100,1000,10000,100000").split(",").map(Number);
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 50_000);
/** The scan baseline is O(fleet) per decision: cap its work so 100,000 stays a few seconds. */
const SCAN_BUDGET = 30_000_000;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function heapMiB(): number {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** The baseline: what a router without an index does — test every deployment on every request. */
function scan(fleet: readonly Deployment[], query: TagQuery): Deployment[] {
  const out: Deployment[] = [];
  const defaults: Deployment[] = [];
  for (const d of fleet) {
    if (d.tags.includes("default")) defaults.push(d);
    if (query.tags.some((t) => d.tags.includes(t))) out.push(d);
  }
  return out.length > 0 ? out : defaults;
}

function expectedSize(count: number): number {
  return count === 0 ? 3 : count;
}

async function benchSize(n: number) {
  const workload = await loadWorkload(n);
  const fleet = workloadDeployments(workload);
  const model = workload.model_name;

  const heapBefore = heapMiB();
  const t0 = performance.now();
  const snapshot = createSnapshot([buildGroupIndex(model, fleet)]);
  const buildMs = performance.now() - t0;
  const heap = heapMiB() - heapBefore;

  const requests = workload.requests.map((r) => ({ model, tags: r.tags }));
  const expected = workload.requests.map((r) => expectedSize(r.expected_any_match_count));
  const strategy = createSimpleShuffle({ random: seededRandom(n) });
  const context = { now: 0 };
  const samples = new Float64Array(DECISIONS);
  let picked = 0;

  const decideOnce = (i: number): number => {
    const outcome = route(
      snapshot,
      requests[i % requests.length] as (typeof requests)[number],
      context,
    );
    if (outcome.kind !== "decided" || outcome.decision.kind !== "allowed") {
      throw new Error(`request ${i % requests.length}: no allowed set`);
    }
    picked += strategy.pick(outcome.decision.candidates).id.length;
    return outcome.decision.candidates.length;
  };
  for (let i = 0; i < Math.min(DECISIONS, 20_000); i++) decideOnce(i); // warm-up
  for (let i = 0; i < DECISIONS; i++) {
    const start = process.hrtime.bigint();
    const size = decideOnce(i);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
    const want = expected[i % expected.length] as number;
    if (size !== want)
      throw new Error(`request ${i % requests.length}: allowed ${size}, expected ${want}`);
  }
  const indexed = summarize(samples);

  const scanCount = Math.max(200, Math.min(DECISIONS, Math.floor(SCAN_BUDGET / fleet.length)));
  const queries = workload.requests.map((r) => {
    const parsed = parseTagQuery({ tags: r.tags });
    if (!parsed.ok) throw new Error("workload request failed validation");
    return parsed.query;
  });
  const scanSamples = new Float64Array(scanCount);
  for (let i = 0; i < scanCount; i++) {
    const start = process.hrtime.bigint();
    const allowed = scan(fleet, queries[i % queries.length] as TagQuery);
    picked += strategy.pick(allowed).id.length;
    scanSamples[i] = Number(process.hrtime.bigint() - start) / 1000;
    const want = expected[i % expected.length] as number;
    if (allowed.length !== want)
      throw new Error(`scan ${i}: allowed ${allowed.length}, expected ${want}`);
  }
  const scanned = summarize(scanSamples);
  return { n, fleet: fleet.length, buildMs, heap, indexed, scanned, scanCount, picked };
}

/** The cost of the two hrtime reads around each sample, to read the small medians honestly. */
function timerOverhead(): number {
  const samples = new Float64Array(50_000);
  for (let i = 0; i < samples.length; i++) {
    const start = process.hrtime.bigint();
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  return summarize(samples).median;
}

console.log(
  `bench:core — node ${process.version}, ${DECISIONS.toLocaleString("en-US")} decisions per size`,
);
console.log(`timer overhead per sample (included below): ${fmt(timerOverhead(), 3)} µs\n`);
console.log(
  "| N | snapshot build ms | heap MiB | median µs | p99 µs | linear scan median µs | scan p99 µs | scan ÷ index (median) |",
);
console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const n of SIZES) {
  const r = await benchSize(n);
  console.log(
    `| ${n.toLocaleString("en-US")} | ${fmt(r.buildMs, 1)} | ${fmt(r.heap, 1)} | ${fmt(r.indexed.median)} | ${fmt(r.indexed.p99)} | ${fmt(r.scanned.median)} | ${fmt(r.scanned.p99)} | ${fmt(r.scanned.median / r.indexed.median, 0)}× |`,
  );
}
console.log(
  "\nEvery decision's allowed-set size matched the workload's expected_any_match_count (or the 3 defaults).",
);
