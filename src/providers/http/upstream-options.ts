import type { Deployment } from "../../core/index.js";

/** What every HTTP provider (`openai`, `anthropic`) can be told. */
export interface HttpProviderOptions {
  /** Used when the deployment sets no timeout; default {@link DEFAULT_UPSTREAM_TIMEOUT_MS}. */
  readonly defaultTimeoutMs?: number | undefined;
  /** Connections kept per upstream origin. */
  readonly connectionsPerOrigin?: number | undefined;
}

/** LiteLLM's default request timeout: ten minutes. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 600_000;

/** How long one upstream call may take in all: the deployment's own timeout first. */
export function upstreamTimeoutMs(deployment: Deployment, options: HttpProviderOptions): number {
  return deployment.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
}
