import type { Secret } from "./secret.js";

/** The upstream protocols tagroute speaks. `openai` is any OpenAI-compatible endpoint. */
export type ProviderKind = "openai" | "anthropic" | "mock";

export const PROVIDER_KINDS: readonly ProviderKind[] = ["openai", "anthropic", "mock"];

/**
 * Where a deployment's credential comes from. The reference (`os.environ/NAME`) is what the API
 * shows; the resolved value stays inside a {@link Secret}.
 */
export type Credential =
  | { readonly kind: "env"; readonly name: string; readonly secret: Secret }
  | { readonly kind: "inline"; readonly secret: Secret };

/** Where a deployment was declared: config deployments are read-only through the API. */
export type DeploymentSource = "config" | "api";

/** One concrete upstream that can serve a model group. Immutable; a change makes a new value. */
export interface Deployment {
  readonly id: string;
  /** The model group (public model name) this deployment serves. */
  readonly modelGroup: string;
  readonly provider: ProviderKind;
  /** The model name sent upstream (`gpt-4o` for `openai/gpt-4o`). */
  readonly upstreamModel: string;
  readonly apiBase: string | undefined;
  readonly credential: Credential | undefined;
  readonly tags: readonly string[];
  /** RE2 patterns searched (unanchored) in `User-Agent: <ua>`; LiteLLM's `tag_regex`. */
  readonly userAgentPatterns: readonly string[];
  /** Relative share for `simple-shuffle`; undefined means "no weight given". */
  readonly weight: number | undefined;
  /** Priority tier: lower is preferred; undefined sorts after every number. */
  readonly order: number | undefined;
  readonly rpm: number | undefined;
  readonly tpm: number | undefined;
  readonly inputCostPerToken: number | undefined;
  readonly outputCostPerToken: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly enabled: boolean;
  readonly source: DeploymentSource;
}

/** Fills the optional fields of a deployment with their neutral values; handy for tests and tools. */
export function makeDeployment(
  fields: Pick<Deployment, "id" | "modelGroup"> & Partial<Deployment>,
): Deployment {
  return {
    provider: "mock",
    upstreamModel: fields.modelGroup,
    apiBase: undefined,
    credential: undefined,
    tags: [],
    userAgentPatterns: [],
    weight: undefined,
    order: undefined,
    rpm: undefined,
    tpm: undefined,
    inputCostPerToken: undefined,
    outputCostPerToken: undefined,
    timeoutMs: undefined,
    enabled: true,
    source: "config",
    ...fields,
  };
}
