/**
 * bench:write — how long until a write is visible to routing, on a fleet of N config deployments
 * in one model group (the worst case: every write touches the one big group). Each sample is one
 * API write (attach a new tag to one deployment, durable in SQLite with synchronous=FULL) until a
 * routing decision for that tag sees it. Baseline in the same run: re-indexing the whole group
 * from scratch, which is what a write would cost without incremental updates.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { buildGroupIndex, DEFAULT_GROUP_SETTINGS, route } from "../../src/core/index.js";
import { createRoutingState, type ServiceSettings } from "../../src/service/internal.js";
import { createSqliteStore } from "../../src/store/index.js";
import { loadWorkload, workloadDeployments } from "../core/workload.js";
import { fmt, summarize } from "../stats.js";

const SIZES = (process.env.BENCH_SIZES ?? "10000,100000").split(",").map(Number);
const WRITES = Number(process.env.BENCH_WRITES ?? 40);

async function benchSize(n: number) {
  const workload = await loadWorkload(n);
  const fleet = workloadDeployments(workload);
  const model = workload.model_name;
  const dir = mkdtempSync(join(tmpdir(), "tagroute-bench-write-"));
  const store = createSqliteStore({ path: join(dir, "bench.db") });
  const settings: ServiceSettings = {
    configDeployments: fleet,
    groups: new Map([[model, DEFAULT_GROUP_SETTINGS]]),
    defaultGroupSettings: DEFAULT_GROUP_SETTINGS,
    governance: { namingPattern: undefined, controlledVocabulary: false },
    env: {},
    mockTokenDelayMs: 0,
    numRetries: 0,
    fallbacks: new Map(),
    cooldown: { allowedFails: 3, cooldownMs: 5_000, disabled: false },
    routingStrategy: "simple-shuffle",
  };
  const t0 = performance.now();
  const state = createRoutingState(settings, store);
  const startupMs = performance.now() - t0;

  const visible = new Float64Array(WRITES);
  for (let i = 0; i < WRITES; i++) {
    const name = `bench:w${i}`;
    const target = fleet[(i * 7919) % fleet.length]?.id as string;
    const start = performance.now();
    state.createTag(
      { name, description: "", maxBudgetUsd: undefined, rpmLimit: undefined, tpmLimit: undefined },
      [target],
      "bench",
      Date.now(),
    );
    const outcome = route(state.snapshot(), { model, tags: [name] }, { now: Date.now() });
    visible[i] = performance.now() - start;
    if (
      outcome.kind !== "decided" ||
      outcome.decision.kind !== "allowed" ||
      outcome.decision.candidates[0]?.id !== target
    ) {
      throw new Error(`write ${i}: the new tag does not route to ${target}`);
    }
  }
  const full = new Float64Array(5);
  for (let i = 0; i < full.length; i++) {
    const start = performance.now();
    buildGroupIndex(model, fleet, DEFAULT_GROUP_SETTINGS);
    full[i] = performance.now() - start;
  }
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return { n, startupMs, visible: summarize(visible), full: summarize(full) };
}

console.log(
  `bench:write — node ${process.version}, ${WRITES} writes per size (SQLite, WAL, synchronous=FULL)\n`,
);
console.log(
  "| N (one group) | startup ms | write→visible median ms | p99 ms | full re-index median ms | full ÷ incremental |",
);
console.log("|---:|---:|---:|---:|---:|---:|");
for (const n of SIZES) {
  const r = await benchSize(n);
  console.log(
    `| ${n.toLocaleString("en-US")} | ${fmt(r.startupMs, 0)} | ${fmt(r.visible.median)} | ${fmt(r.visible.p99)} | ${fmt(r.full.median, 1)} | ${fmt(r.full.median / r.visible.median, 0)}× |`,
  );
}
