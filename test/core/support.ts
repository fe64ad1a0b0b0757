import type {
  DecideContext,
  Deployment,
  GroupSettings,
  RouteInput,
  Unavailability,
} from "../../src/core/index.js";
import { buildGroupIndex, createSnapshot, makeDeployment, route } from "../../src/core/index.js";
import type { ConformanceCase } from "../fixtures/conformance-cases.js";

export const NOW = 1_700_000_000_000;
export const COOLDOWN_MS = 30_000;

/** A case's outcome in the vectors' own terms: the allowed ids, sorted, or the refusal reason. */
export type Outcome = { readonly ids: readonly string[] } | { readonly error: string };

export function caseDeployments(c: ConformanceCase, group: string): Deployment[] {
  return c.deployments.map((d) =>
    makeDeployment({
      id: d.id,
      modelGroup: group,
      tags: d.tags,
      userAgentPatterns: d.user_agent_patterns ?? [],
      enabled: d.enabled ?? true,
    }),
  );
}

export function caseSettings(c: ConformanceCase): GroupSettings {
  return {
    match: c.settings?.match ?? "any",
    noMatch: c.settings?.no_match ?? "default",
    filtering: c.settings?.filtering ?? true,
  };
}

export function caseContext(c: ConformanceCase): DecideContext {
  const health = new Map<string, Unavailability>();
  for (const d of c.deployments) {
    if (d.cooling) health.set(d.id, { reason: "cooldown", until: NOW + COOLDOWN_MS });
  }
  return { now: NOW, health };
}

export function caseInput(c: ConformanceCase, model: string): RouteInput {
  const r = c.request;
  return {
    model,
    tags: r.tags,
    all: r.all,
    none: r.none,
    match: r.match,
    userAgent: r.user_agent,
    compatTags: r.compat_tags,
  };
}

/** Runs one case through the core's single entry point. */
export function runCase(c: ConformanceCase, group: string): Outcome {
  const index = buildGroupIndex(group, caseDeployments(c, group), caseSettings(c));
  const outcome = route(createSnapshot([index]), caseInput(c, group), caseContext(c));
  if (outcome.kind === "rejected") return { error: outcome.reason };
  const decision = outcome.decision;
  if (decision.kind !== "allowed") return { error: decision.reason };
  return { ids: decision.candidates.map((d) => d.id).sort() };
}

export function expected(c: ConformanceCase): Outcome {
  return "ids" in c.expect ? { ids: [...c.expect.ids].sort() } : { error: c.expect.error };
}
