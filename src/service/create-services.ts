import type { DescService } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import {
  createAnthropicProvider,
  createMockProvider,
  createOpenAIProvider,
  type Provider,
} from "../providers/index.js";
import type { Store } from "../store/index.js";
import { createDeploymentStats, createStrategy, type Strategy } from "../strategies/index.js";
import { createDeploymentService } from "./deployment-service.js";
import { DeploymentService, RoutingService } from "./gen.js";
import { createTagGovernance } from "./governance.js";
import { createHealthTracker } from "./health-tracker.js";
import { normalizeErrors } from "./normalize-errors.js";
import { createRouter } from "./router.js";
import { createRoutingService } from "./routing-service.js";
import { createRoutingState, type RoutingState } from "./routing-state.js";
import type { ServiceSettings } from "./service-settings.js";

/** A service and its implementation, ready for the transport to serve on both ports. */
export interface ServiceRegistration<S extends DescService = DescService> {
  readonly service: S;
  readonly impl: Partial<ServiceImpl<S>>;
}

export interface ServicesOptions {
  readonly settings: ServiceSettings;
  readonly store: Store;
  readonly clock?: () => number;
  readonly strategy?: Strategy;
}

export interface Services {
  readonly registrations: readonly ServiceRegistration[];
  readonly state: RoutingState;
  /** Closes upstream connection pools; call after the transport has stopped. */
  close(): Promise<void>;
}

/** Builds the routing state from config and store, and the services over it. */
export function createServices(options: ServicesOptions): Services {
  const { settings, store } = options;
  const clock = options.clock ?? Date.now;
  const state = createRoutingState(settings, store);
  const governance = createTagGovernance(settings.governance);
  const health = createHealthTracker(settings.cooldown);
  const stats = createDeploymentStats();
  const router = createRouter({
    state,
    governance,
    strategy: options.strategy ?? createStrategy(settings.routingStrategy, { stats, clock }),
    health: health.view,
    stats,
  });
  const upstream = { defaultTimeoutMs: settings.upstreamTimeoutMs };
  const openai = createOpenAIProvider(upstream);
  const anthropic = createAnthropicProvider(upstream);
  const providers = new Map<string, Provider>([
    ["mock", createMockProvider({ tokenDelayMs: settings.mockTokenDelayMs })],
    ["openai", openai],
    ["anthropic", anthropic],
  ]);
  const routing = createRoutingService({
    state,
    router,
    governance,
    providers,
    clock,
    numRetries: settings.numRetries,
    health,
    stats,
    fallbacks: settings.fallbacks,
  });
  const deployments = createDeploymentService({ state, governance, env: settings.env, clock });
  return {
    state,
    close: async () => {
      await Promise.all([openai.close(), anthropic.close()]);
    },
    registrations: [
      {
        service: RoutingService,
        impl: normalizeErrors(RoutingService, routing),
      } as ServiceRegistration,
      {
        service: DeploymentService,
        impl: normalizeErrors(DeploymentService, deployments),
      } as ServiceRegistration,
    ],
  };
}
