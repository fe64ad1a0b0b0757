import type { Deployment, Explanation, RouteOutcome } from "../core/index.js";

function list(tags: readonly string[]): string {
  return tags.length === 0 ? "-" : tags.join(", ");
}

function describeDeployment(d: Deployment): string {
  const provider = `${d.provider}/${d.upstreamModel}`;
  return `${d.id}  [${list(d.tags)}]  ${provider}`;
}

/** Human-readable lines for one routing outcome, as `tagroute route` prints it. */
export function formatOutcome(
  outcome: RouteOutcome,
  picked: Deployment | undefined,
  now: number,
): string[] {
  if (outcome.kind === "rejected") {
    return [
      `refused: ${outcome.reason}`,
      ...outcome.problems.map((p) => `  ${p.path}: ${p.message}`),
    ];
  }
  const { group, query, decision } = outcome;
  const lines = [
    `model group: ${group.name} (${group.members.length} deployments, ${group.enabled.length} enabled; mode ${decision.mode}; filtering ${group.settings.filtering ? "on" : "off"}; no_match ${group.settings.noMatch})`,
    `request: tags [${list(query.tags)}]  all [${list(query.all)}]  none [${list(query.none)}]${query.userAgent === undefined ? "" : `  user agent ${JSON.stringify(query.userAgent)}`}`,
  ];
  if (decision.kind === "refused") {
    lines.push(`refused: ${decision.reason}`, `  ${decision.message}`);
    return lines;
  }
  if (decision.kind === "unavailable") {
    lines.push(
      `unavailable: ${decision.reason} (retry in ${Math.max(0, decision.retryAt - now)} ms)`,
      `  ${decision.message}`,
    );
    return lines;
  }
  lines.push(`allowed (${decision.how}): ${decision.candidates.length} candidate(s)`);
  for (const d of decision.candidates) {
    lines.push(`  ${d === picked ? "*" : " "} ${describeDeployment(d)}`);
  }
  if (picked !== undefined) lines.push(`picked by simple-shuffle: ${picked.id}`);
  return lines;
}

/** The explanation as a table: every allowed deployment, the others up to the limit, counts. */
export function formatExplanation(e: Explanation): string[] {
  const rows = [...e.allowed, ...e.excluded];
  const width = Math.max(10, ...rows.map((r) => r.id.length));
  const lines = ["", `${"deployment".padEnd(width)}  verdict    reason`];
  for (const r of rows) {
    const detail =
      r.tag !== undefined
        ? ` (${r.tag})`
        : r.until !== undefined
          ? ` (until ${new Date(r.until).toISOString()})`
          : "";
    lines.push(`${r.id.padEnd(width)}  ${r.verdict.padEnd(9)}  ${r.reason}${detail}`);
  }
  if (e.excludedOmitted > 0) lines.push(`… and ${e.excludedOmitted} more excluded (raise --limit)`);
  const counts = Object.entries(e.counts)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(", ");
  lines.push(`counts: ${counts}`);
  return lines;
}
