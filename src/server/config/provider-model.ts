import { z } from "zod";
import { PROVIDER_KINDS, type ProviderKind } from "../../core/index.js";
import { reject } from "./zod-problems.js";

export const MAX_MODEL_LENGTH = 512;

/** A `litellm_params.model` split into the protocol tagroute speaks and the upstream's name. */
export interface ProviderModel {
  readonly provider: ProviderKind;
  readonly upstreamModel: string;
}

function isProvider(prefix: string): prefix is ProviderKind {
  return (PROVIDER_KINDS as readonly string[]).includes(prefix);
}

const SUPPORTED = `${PROVIDER_KINDS.map((p) => `${p}/`).join(", ")} (a model name without a prefix means openai/, as in LiteLLM)`;

/**
 * LiteLLM's `provider/model`. Only the part before the first `/` is the provider, so
 * `openai/meta-llama/Llama-3` sends `meta-llama/Llama-3` upstream. An unsupported provider
 * (`azure/`, `bedrock/`) fails the load: serving it through another protocol would be wrong
 * in silence.
 */
export const providerModelSchema = z
  .string()
  .min(1)
  .max(MAX_MODEL_LENGTH)
  .transform((text, ctx): ProviderModel => {
    const slash = text.indexOf("/");
    if (slash === -1) return { provider: "openai", upstreamModel: text };
    const prefix = text.slice(0, slash);
    const upstreamModel = text.slice(slash + 1);
    if (!isProvider(prefix)) {
      const shown = JSON.stringify(prefix.length > 64 ? `${prefix.slice(0, 61)}...` : prefix);
      reject(ctx, "provider", `provider ${shown} is not supported; use one of ${SUPPORTED}`);
      return z.NEVER;
    }
    if (upstreamModel.length === 0) {
      reject(ctx, "provider", `names no model after "${prefix}/"`);
      return z.NEVER;
    }
    return { provider: prefix, upstreamModel };
  });
