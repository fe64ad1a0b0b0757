import type { ProviderKind } from "../core/index.js";
import type { DeploymentRecord, TagRecord } from "./records.js";

/** A `deployments` row as SQLite returns it. */
export interface DeploymentRow {
  id: string;
  model_group: string;
  provider: string;
  upstream_model: string;
  api_base: string | null;
  credential_env: string | null;
  user_agent_patterns: string;
  weight: number | null;
  sort_order: number | null;
  rpm: number | null;
  tpm: number | null;
  input_cost_per_token: number | null;
  output_cost_per_token: number | null;
  timeout_ms: number | null;
  enabled: number;
  version: number;
  created_at: number;
  updated_at: number;
}

/** A `tags` row as SQLite returns it. */
export interface TagRow {
  name: string;
  description: string;
  max_budget_usd: number | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  spend_usd: number;
  created_at: number;
  updated_at: number;
  created_by: string;
  updated_by: string;
  version: number;
}

const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);
const nul = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

export function deploymentFromRow(row: DeploymentRow): DeploymentRecord {
  return {
    id: row.id,
    modelGroup: row.model_group,
    provider: row.provider as ProviderKind,
    upstreamModel: row.upstream_model,
    apiBase: opt(row.api_base),
    credentialEnv: opt(row.credential_env),
    userAgentPatterns: JSON.parse(row.user_agent_patterns) as string[],
    weight: opt(row.weight),
    order: opt(row.sort_order),
    rpm: opt(row.rpm),
    tpm: opt(row.tpm),
    inputCostPerToken: opt(row.input_cost_per_token),
    outputCostPerToken: opt(row.output_cost_per_token),
    timeoutMs: opt(row.timeout_ms),
    enabled: row.enabled === 1,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function deploymentToRow(record: DeploymentRecord): DeploymentRow {
  return {
    id: record.id,
    model_group: record.modelGroup,
    provider: record.provider,
    upstream_model: record.upstreamModel,
    api_base: nul(record.apiBase),
    credential_env: nul(record.credentialEnv),
    user_agent_patterns: JSON.stringify(record.userAgentPatterns),
    weight: nul(record.weight),
    sort_order: nul(record.order),
    rpm: nul(record.rpm),
    tpm: nul(record.tpm),
    input_cost_per_token: nul(record.inputCostPerToken),
    output_cost_per_token: nul(record.outputCostPerToken),
    timeout_ms: nul(record.timeoutMs),
    enabled: record.enabled ? 1 : 0,
    version: record.version,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

export function tagFromRow(row: TagRow): TagRecord {
  return {
    name: row.name,
    description: row.description,
    maxBudgetUsd: opt(row.max_budget_usd),
    rpmLimit: opt(row.rpm_limit),
    tpmLimit: opt(row.tpm_limit),
    spendUsd: row.spend_usd,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    version: row.version,
  };
}

export function tagToRow(record: TagRecord): TagRow {
  return {
    name: record.name,
    description: record.description,
    max_budget_usd: nul(record.maxBudgetUsd),
    rpm_limit: nul(record.rpmLimit),
    tpm_limit: nul(record.tpmLimit),
    spend_usd: record.spendUsd,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    created_by: record.createdBy,
    updated_by: record.updatedBy,
    version: record.version,
  };
}
