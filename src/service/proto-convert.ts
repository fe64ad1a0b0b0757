import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type {
  MatchHow as CoreHow,
  MatchMode as CoreMode,
  Explanation,
  ProviderKind,
} from "../core/index.js";
import {
  type Deployment as DeploymentMessage,
  DeploymentSchema,
  type Explanation as ExplanationMessage,
  ExplanationSchema,
  MatchHow,
  MatchMode,
  Provider,
  Source,
  type Tag as TagMessage,
  TagSchema,
  Verdict,
} from "./gen.js";
import type { DeploymentView, Origin, TagView } from "./routing-state.js";
import type { StrategyInputs } from "./strategy-inputs.js";

const PROVIDERS: Record<ProviderKind, Provider> = {
  openai: Provider.OPENAI,
  anthropic: Provider.ANTHROPIC,
  mock: Provider.MOCK,
};

export function providerFromProto(provider: Provider): ProviderKind | undefined {
  return (Object.keys(PROVIDERS) as ProviderKind[]).find((k) => PROVIDERS[k] === provider);
}

const HOWS: Record<CoreHow, MatchHow> = {
  tags: MatchHow.TAGS,
  pattern: MatchHow.PATTERN,
  untagged: MatchHow.UNTAGGED,
  constraints: MatchHow.CONSTRAINTS,
  default_fallback: MatchHow.DEFAULT_FALLBACK,
  filtering_off: MatchHow.FILTERING_OFF,
};

export const howToProto = (how: CoreHow): MatchHow => HOWS[how];
export const modeToProto = (mode: CoreMode): MatchMode =>
  mode === "all" ? MatchMode.ALL : MatchMode.ANY;
const sourceToProto = (origin: Origin): Source =>
  origin === "config" ? Source.CONFIG : Source.API;
const big = (n: number | undefined): bigint | undefined =>
  n === undefined ? undefined : BigInt(n);

/** A deployment for the wire: everything but the credential, which shows only as its reference. */
export function deploymentToProto(view: DeploymentView): DeploymentMessage {
  const d = view.deployment;
  const record = view.record;
  return create(DeploymentSchema, {
    id: d.id,
    modelName: d.modelGroup,
    provider: PROVIDERS[d.provider],
    upstreamModel: d.upstreamModel,
    apiBase: d.apiBase ?? "",
    credentialRef: view.credentialRef ?? "",
    tags: [...d.tags],
    userAgentPatterns: [...d.userAgentPatterns],
    weight: d.weight,
    order: d.order,
    rpm: big(d.rpm),
    tpm: big(d.tpm),
    inputCostPerToken: d.inputCostPerToken,
    outputCostPerToken: d.outputCostPerToken,
    timeoutMs: d.timeoutMs,
    enabled: d.enabled,
    source: sourceToProto(view.origin),
    version: BigInt(record?.version ?? 0),
    createTime: record === undefined ? undefined : timestampFromMs(record.createdAt),
    updateTime: record === undefined ? undefined : timestampFromMs(record.updatedAt),
  });
}

/** A tag for the wire, registered or not. */
export function tagToProto(view: TagView): TagMessage {
  const r = view.record;
  return create(TagSchema, {
    name: view.name,
    description: r?.description ?? "",
    attachments: view.attachments.map((a) => ({
      deploymentId: a.deploymentId,
      source: sourceToProto(a.origin),
    })),
    maxBudgetUsd: r?.maxBudgetUsd,
    rpmLimit: big(r?.rpmLimit),
    tpmLimit: big(r?.tpmLimit),
    spendUsd: r?.spendUsd ?? 0,
    registered: r !== undefined,
    createTime: r === undefined ? undefined : timestampFromMs(r.createdAt),
    updateTime: r === undefined ? undefined : timestampFromMs(r.updatedAt),
    createdBy: r?.createdBy ?? "",
    updatedBy: r?.updatedBy ?? "",
    version: BigInt(r?.version ?? 0),
  });
}

const VERDICTS = {
  selected: Verdict.SELECTED,
  candidate: Verdict.CANDIDATE,
  excluded: Verdict.EXCLUDED,
};

export function explanationToProto(
  e: Explanation,
  strategy: string,
  inputs: ReadonlyMap<string, StrategyInputs> | undefined,
): ExplanationMessage {
  const row = (d: Explanation["allowed"][number]) => {
    const seen = inputs?.get(d.id);
    return {
      id: d.id,
      verdict: VERDICTS[d.verdict],
      reason: d.reason,
      tag: d.tag ?? "",
      untilMs: BigInt(d.until ?? 0),
      ...(seen === undefined
        ? {}
        : {
            inputs: {
              inFlight: seen.inFlight,
              ...(seen.latencyMs === undefined ? {} : { latencyMs: seen.latencyMs }),
              minuteRequests: seen.minuteRequests,
              minuteTokens: Math.min(seen.minuteTokens, 0xffffffff),
            },
          }),
    };
  };
  const counts: Record<string, number> = {};
  for (const [reason, n] of Object.entries(e.counts)) counts[reason] = n ?? 0;
  return create(ExplanationSchema, {
    model: e.group,
    allowed: e.allowed.map(row),
    excluded: e.excluded.map(row),
    excludedOmitted: e.excludedOmitted,
    counts,
    strategy,
  });
}
