import type { Deployment, GroupSettings, Problem } from "../../core/index.js";

import type { GovernanceSettings } from "../../service/index.js";
import { STRATEGY_NAMES, type StrategyName } from "../../strategies/index.js";

/**
 * LiteLLM's routing strategy names, kept verbatim so a LiteLLM `router_settings` works unchanged:
 * the config accepts exactly the names the strategy registry implements.
 */
export const ROUTING_STRATEGIES = STRATEGY_NAMES;

export type RoutingStrategyName = StrategyName;

/** Router-wide settings from `router_settings`; undefined means "not set in the config". */
export interface RouterSettings {
  readonly routingStrategy: RoutingStrategyName | undefined;
  readonly numRetries: number | undefined;
  readonly timeoutMs: number | undefined;
  readonly streamTimeoutMs: number | undefined;
  readonly allowedFails: number | undefined;
  readonly cooldownTimeMs: number | undefined;
  /** Model group → the groups tried after it, in order. Empty when the config sets none. */
  readonly fallbacks: ReadonlyMap<string, readonly string[]>;
  readonly disableCooldowns: boolean | undefined;
  /**
   * `enable_tag_filtering` as written. The effective value lives in each group's settings; this
   * one lets `check-config` tell "on by tagroute's default" from "on because the config says so".
   */
  readonly enableTagFiltering: boolean | undefined;
}

/** An address to listen on, split so the server can hand it to `listen()` as is. */
export interface ListenAddress {
  /** Without IPv6 brackets: `[::1]:50051` gives `::1`. */
  readonly host: string;
  /** 0 asks the OS for a free port (tests do). */
  readonly port: number;
}

/** `tagroute.listen`; the server applies its own defaults where these are undefined. */
export interface ListenSettings {
  readonly grpc: ListenAddress | undefined;
  readonly http: ListenAddress | undefined;
}

/** `tagroute.store`; the server chooses the default location where the path is undefined. */
export interface StoreSettings {
  readonly path: string | undefined;
}

/**
 * `tagroute.governance`: tag rules an operator turns on (both off by default), exactly what the
 * service enforces; the pattern is validated at load.
 */
export type GovernanceConfig = GovernanceSettings;

/** `tagroute.mock`: the embedded mock provider. */
export interface MockSettings {
  /** Delay before each mock token, in milliseconds. */
  readonly tokenDelayMs: number;
}

/** A loaded, validated config: domain types only, no raw YAML left in it. */
export interface TagrouteConfig {
  /** Every `model_list` entry, in declaration order; all enabled, all `source: "config"`. */
  readonly deployments: readonly Deployment[];
  /** Settings for every model group named in `model_list`, with `tagroute.groups` applied. */
  readonly groups: ReadonlyMap<string, GroupSettings>;
  /** Router-wide settings, for model groups created through the API. */
  readonly defaultGroupSettings: GroupSettings;
  readonly router: RouterSettings;
  readonly listen: ListenSettings;
  readonly store: StoreSettings;
  readonly governance: GovernanceConfig;
  readonly mock: MockSettings;
}

/**
 * Something the operator should know that does not stop the load: a key tagroute reads past
 * (`ignored`) or a remark (`info`). Nothing in a config is dropped without one of these.
 */
export interface ConfigNotice {
  readonly path: string;
  readonly kind: "ignored" | "info";
  readonly message: string;
}

/** The outcome of a load: a config, or every problem found. Notices come with either. */
export type ConfigResult =
  | { readonly ok: true; readonly config: TagrouteConfig; readonly notices: ConfigNotice[] }
  | { readonly ok: false; readonly problems: Problem[]; readonly notices: ConfigNotice[] };

export interface ParseConfigOptions {
  /** Where `os.environ/NAME` references are resolved; pass `process.env` in the server. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A name for the text in messages, usually the file path. */
  readonly source?: string | undefined;
}
