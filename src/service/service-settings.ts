import type { Deployment, GroupSettings } from "../core/index.js";
import type { StrategyName } from "../strategies/index.js";
import type { CooldownSettings } from "./health-tracker.js";

/** Operator-enabled rules on top of DESIGN's tag validity (the seed's best practices). */
export interface GovernanceSettings {
  /**
   * An RE2 pattern every tag on a deployment, a tag record or a request must match in full, e.g.
   * `^[a-z0-9-]+:[a-z0-9-]+$` for lowercase `key:value`. Undefined: no naming policy.
   */
  readonly namingPattern: string | undefined;
  /** When on, tags on deployments and requests must be registered tag records. */
  readonly controlledVocabulary: boolean;
}

/** What the service needs from the process: the config's deployments and settings, the env. */
export interface ServiceSettings {
  /** Deployments declared in the config file: read-only through the API. */
  readonly configDeployments: readonly Deployment[];
  /** Settings of the config's model groups. */
  readonly groups: ReadonlyMap<string, GroupSettings>;
  /** Settings for model groups that exist only through the API. */
  readonly defaultGroupSettings: GroupSettings;
  readonly governance: GovernanceSettings;
  /** Where `os.environ/NAME` credential references of API deployments resolve. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Per-token delay of the mock provider, in milliseconds. */
  readonly mockTokenDelayMs: number;
  /** Other candidates of a group tried after an upstream failure before the first delta. */
  readonly numRetries: number;
  /** Model group → groups tried in order when it has nothing left (LiteLLM `fallbacks`). */
  readonly fallbacks: ReadonlyMap<string, readonly string[]>;
  /** When failing deployments sit out. */
  readonly cooldown: CooldownSettings;
  /** LiteLLM's `routing_strategy`. */
  readonly routingStrategy: StrategyName;
  /**
   * How long an upstream call may take in all, for deployments without their own `timeout`
   * (LiteLLM's `router_settings.stream_timeout`, else `timeout`; undefined: the providers' 600 s).
   */
  readonly upstreamTimeoutMs?: number | undefined;
}

/** LiteLLM's router retries twice by default; so does tagroute when the config says nothing. */
export const DEFAULT_NUM_RETRIES = 2;

export const NO_GOVERNANCE: GovernanceSettings = {
  namingPattern: undefined,
  controlledVocabulary: false,
};
