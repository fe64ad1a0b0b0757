import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Deployment } from "../../src/core/index.js";
import { makeDeployment } from "../../src/core/index.js";

/** The shared routing workload (../shared/bench/README.md): LiteLLM `model_list` entries + requests. */
export interface Workload {
  readonly n: number;
  readonly model_name: string;
  readonly deployments: readonly {
    readonly model_name: string;
    readonly litellm_params: { readonly tags: readonly string[] };
    readonly model_info: { readonly id: string };
  }[];
  readonly requests: readonly {
    readonly tags: readonly string[];
    readonly expected_any_match_count: number;
  }[];
}

const here = dirname(fileURLToPath(import.meta.url));
export const sharedBench = resolve(here, "..", "..", "..", "shared", "bench");

/**
 * Reads `workload-N.json` from ../shared/bench, or builds it with the generator there (the
 * 100,000 case is not stored). Both are the same bytes, per the generator's contract.
 */
export async function loadWorkload(n: number): Promise<Workload> {
  const file = join(sharedBench, `workload-${n}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Workload;
  const generator = join(sharedBench, "gen_workload.mjs");
  if (!existsSync(generator)) {
    throw new Error(
      `neither ${file} nor ${generator} exists: the benchmark needs ../shared/bench beside the repo`,
    );
  }
  const mod = (await import(pathToFileURL(generator).href)) as {
    buildWorkload(n: number): Workload;
  };
  return mod.buildWorkload(n);
}

/** The routing-relevant part of each entry, as the config loader maps it (id, group, tags). */
export function workloadDeployments(workload: Workload): Deployment[] {
  return workload.deployments.map((entry) =>
    makeDeployment({
      id: entry.model_info.id,
      modelGroup: entry.model_name,
      provider: "openai",
      tags: entry.litellm_params.tags,
    }),
  );
}
