import type { ServiceImpl } from "@connectrpc/connect";
import type { Deployment } from "../core/index.js";
import type { Provider } from "../providers/index.js";
import type { DeploymentStats } from "../strategies/index.js";
import { createCompleteHandler } from "./complete-handler.js";
import type { Deployment as DeploymentMessage, RoutingService } from "./gen.js";
import type { TagGovernance } from "./governance.js";
import type { HealthTracker } from "./health-tracker.js";
import { DEPLOYMENT_HEADER } from "./metadata-keys.js";
import { deploymentToProto, explanationToProto, howToProto, modeToProto } from "./proto-convert.js";
import type { Router } from "./router.js";
import { routingInputFrom } from "./routing-input.js";
import type { RoutingState } from "./routing-state.js";
import { invalidArgument } from "./service-error.js";
import { createTagHandlers } from "./tag-handlers.js";

export interface RoutingServiceOptions {
  readonly state: RoutingState;
  readonly router: Router;
  readonly numRetries: number;
  readonly health: HealthTracker;
  readonly stats: DeploymentStats;
  readonly fallbacks: ReadonlyMap<string, readonly string[]>;
  readonly governance: TagGovernance;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly clock: () => number;
}

/** RoutingService: SelectDeployment and Complete over the one router, plus tag CRUD. */
export function createRoutingService(
  options: RoutingServiceOptions,
): Partial<ServiceImpl<typeof RoutingService>> {
  const { state, router, clock } = options;
  // A deployment's wire form only changes when the deployment object does (any change makes a new
  // one), so it is built once per version, not once per call — and frozen, which tells the gRPC
  // port's encoder it may encode it once too.
  const wire = new WeakMap<Deployment, DeploymentMessage>();
  const toWire = (d: Deployment): DeploymentMessage => {
    let msg = wire.get(d);
    if (msg === undefined) {
      const view = state.getDeployment(d.id);
      msg = deepFreeze(
        deploymentToProto(
          view ?? { deployment: d, origin: "config", record: undefined, credentialRef: undefined },
        ),
      );
      wire.set(d, msg);
    }
    return msg;
  };

  return {
    async selectDeployment(req, ctx) {
      const input = routingInputFrom(req.routing, ctx.requestHeader);
      if (!input.ok) throw invalidArgument(input.problems);
      const selection = router.select(input.input, {
        now: clock(),
        explain: req.explain,
        explainLimit: req.explainLimit,
      });
      ctx.responseHeader.set(DEPLOYMENT_HEADER, selection.deployment.id);
      return {
        deployment: toWire(selection.deployment),
        how: howToProto(selection.how),
        candidateCount: selection.candidateCount,
        mode: modeToProto(selection.decided.decision.mode),
        explanation:
          selection.explanation === undefined
            ? undefined
            : explanationToProto(selection.explanation, selection.strategy, selection.inputs),
      };
    },
    complete: createCompleteHandler(options),
    ...createTagHandlers(options),
  };
}

/** Freezes a message and everything in it (lists, nested messages), so none of it can change. */
function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value))
    if (typeof inner === "object" && inner !== null && !Object.isFrozen(inner)) deepFreeze(inner);
  return Object.freeze(value);
}
