import { parseArgs } from "node:util";
import type { Deployment, MatchMode, RouteInput } from "../core/index.js";
import { explain, formatProblems, route } from "../core/index.js";
import { buildSnapshot, loadConfigFile } from "../server/index.js";
import { createSimpleShuffle } from "../strategies/index.js";
import { formatExplanation, formatOutcome } from "./format-decision.js";
import type { Output } from "./output.js";
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE } from "./output.js";

export const ROUTE_USAGE = `usage: tagroute route --config FILE --model GROUP [options]

  --tags a,b          positive tags (comma-separated; repeatable)
  --all a,b           required tags: every one must be present
  --none a,b          excluded tags: none may be present
  --compat "a, &b, !c"  tags in LiteLLM's string form, as in x-litellm-tags
  --match any|all     per-request match mode (can only tighten the router's)
  --user-agent UA     the caller's user agent, for tag_regex patterns
  --explain           every deployment's verdict and reason
  --limit N           excluded deployments listed by --explain (default 100)
  --json              machine-readable output`;

function splitTags(values: readonly string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  return values
    .flatMap((v) => v.split(","))
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

/** `tagroute route`: load a config, route one request through the core, print the decision. */
export async function routeCommand(
  args: readonly string[],
  output: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(args).values;
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${ROUTE_USAGE}`);
    return EXIT_USAGE;
  }
  if (values.config === undefined || values.model === undefined) {
    output.err(`--config and --model are required\n\n${ROUTE_USAGE}`);
    return EXIT_USAGE;
  }
  if (values.match !== undefined && values.match !== "any" && values.match !== "all") {
    output.err(`--match must be "any" or "all", got ${JSON.stringify(values.match)}`);
    return EXIT_USAGE;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    output.err(`--limit must be a whole number ≥ 0, got ${JSON.stringify(values.limit)}`);
    return EXIT_USAGE;
  }

  const loaded = await loadConfigFile(values.config, { env });
  if (!loaded.ok) {
    output.err(`${values.config}: invalid config\n${formatProblems(loaded.problems)}`);
    return EXIT_USAGE;
  }
  const snapshot = buildSnapshot(loaded.config);
  const input: RouteInput = {
    model: values.model,
    tags: splitTags(values.tags),
    all: splitTags(values.all),
    none: splitTags(values.none),
    match: values.match as MatchMode | undefined,
    userAgent: values["user-agent"],
    compatTags: values.compat,
  };
  const now = Date.now();
  const context = { now };
  const outcome = route(snapshot, input, context);
  let picked: Deployment | undefined;
  if (outcome.kind === "decided" && outcome.decision.kind === "allowed") {
    picked = createSimpleShuffle().pick(outcome.decision.candidates);
  }
  const explanation =
    values.explain && outcome.kind === "decided"
      ? explain(outcome.group, outcome.query, outcome.decision, context, {
          ...(limit === undefined ? {} : { limit }),
          selectedId: picked?.id,
        })
      : undefined;

  if (values.json) {
    output.out(JSON.stringify(toJson(outcome, picked, explanation), null, 2));
  } else {
    for (const line of formatOutcome(outcome, picked, now)) output.out(line);
    if (explanation !== undefined)
      for (const line of formatExplanation(explanation)) output.out(line);
  }
  return picked === undefined ? EXIT_REFUSED : EXIT_OK;
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: "string", short: "c" },
      model: { type: "string", short: "m" },
      tags: { type: "string", short: "t", multiple: true },
      all: { type: "string", multiple: true },
      none: { type: "string", multiple: true },
      compat: { type: "string", multiple: true },
      match: { type: "string" },
      "user-agent": { type: "string" },
      explain: { type: "boolean" },
      limit: { type: "string" },
      json: { type: "boolean" },
    },
  });
}

/** JSON shape of `route --json`: ids and tags only — deployments are never dumped whole. */
function toJson(
  outcome: ReturnType<typeof route>,
  picked: Deployment | undefined,
  explanation: ReturnType<typeof explain> | undefined,
) {
  if (outcome.kind === "rejected") {
    return { outcome: "rejected", reason: outcome.reason, problems: outcome.problems };
  }
  const d = outcome.decision;
  const base = { model: outcome.group.name, mode: d.mode, outcome: d.kind };
  const withExplanation = explanation === undefined ? {} : { explanation };
  if (d.kind === "refused")
    return { ...base, reason: d.reason, message: d.message, ...withExplanation };
  if (d.kind === "unavailable") {
    return {
      ...base,
      reason: d.reason,
      retry_at: new Date(d.retryAt).toISOString(),
      message: d.message,
      ...withExplanation,
    };
  }
  return {
    ...base,
    how: d.how,
    candidates: d.candidates.map((c) => ({ id: c.id, tags: c.tags })),
    selected: picked?.id,
    ...withExplanation,
  };
}
