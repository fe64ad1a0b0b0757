import { Code } from "@connectrpc/connect";
import type {
  DecideContext,
  Deployment,
  Explanation,
  RouteInput,
  RouteOutcome,
} from "../core/index.js";
import { explain, route } from "../core/index.js";
import type { DeploymentStats, Strategy } from "../strategies/index.js";
import { enforceGovernance, type TagGovernance } from "./governance.js";
import type { RoutingState } from "./routing-state.js";
import { invalidArgument, ServiceError } from "./service-error.js";
import { type StrategyInputs, strategyInputsFor } from "./strategy-inputs.js";

/** One routing decision with its pick: what SelectDeployment returns and Complete calls. */
export interface Selection {
  readonly deployment: Deployment;
  readonly decided: Extract<RouteOutcome, { kind: "decided" }>;
  readonly how: Extract<
    Extract<RouteOutcome, { kind: "decided" }>["decision"],
    { kind: "allowed" }
  >["how"];
  readonly candidateCount: number;
  readonly explanation: Explanation | undefined;
  /** With an explanation: what the strategy saw of each deployment listed. */
  readonly inputs: ReadonlyMap<string, StrategyInputs> | undefined;
  /** The strategy that picked. */
  readonly strategy: string;
}

export interface SelectOptions {
  readonly now: number;
  readonly explain?: boolean;
  readonly explainLimit?: number;
  /** Deployments already tried by this request (failover), kept out of the pick. */
  readonly exclude?: ReadonlySet<string>;
}

export interface Router {
  /** Routes and picks, or throws the refusal as a {@link ServiceError}. */
  select(input: RouteInput, options: SelectOptions): Selection;
}

function tagsOf(outcome: Extract<RouteOutcome, { kind: "decided" }>) {
  const q = outcome.query;
  return [
    ...q.tags.map((tag, i) => ({ path: `routing.tags[${i}]`, tag })),
    ...q.all.map((tag, i) => ({ path: `routing.all[${i}]`, tag })),
    ...q.none.map((tag, i) => ({ path: `routing.none[${i}]`, tag })),
  ];
}

/**
 * The service's routing path: the core's single `route`, tag governance, the strategy's pick.
 * SelectDeployment and Complete both come through here, so they always agree.
 */
export function createRouter(options: {
  readonly state: RoutingState;
  readonly strategy: Strategy;
  readonly governance: TagGovernance;
  readonly health?: () => DecideContext["health"];
  /** Live per-deployment numbers, for explanations; without them explanations carry no inputs. */
  readonly stats?: DeploymentStats;
}): Router {
  const { state, strategy, governance } = options;
  return {
    select(input, select) {
      const context: DecideContext = { now: select.now, health: options.health?.() };
      const outcome = route(state.snapshot(), input, context);
      if (outcome.kind === "rejected") {
        if (outcome.reason === "MODEL_NOT_FOUND") {
          throw new ServiceError({
            code: Code.NotFound,
            reason: "MODEL_NOT_FOUND",
            message: outcome.message,
            metadata: { model: input.model },
          });
        }
        throw invalidArgument(outcome.problems, outcome.reason, "routing.");
      }
      if (governance.active) enforceGovernance(governance, tagsOf(outcome), state);
      const decision = outcome.decision;
      const metadata = { model: outcome.group.name };
      if (decision.kind === "refused") {
        throw new ServiceError({
          code: Code.FailedPrecondition,
          reason: decision.reason,
          message: decision.message,
          metadata,
        });
      }
      if (decision.kind === "unavailable") {
        throw new ServiceError({
          code: Code.Unavailable,
          reason: decision.reason,
          message: decision.message,
          metadata,
          retryAfterMs: decision.retryAt - select.now,
        });
      }
      const exclude = select.exclude;
      const candidates =
        exclude === undefined || exclude.size === 0
          ? decision.candidates
          : decision.candidates.filter((d) => !exclude.has(d.id));
      if (candidates.length === 0) {
        throw new ServiceError({
          code: Code.Unavailable,
          reason: "DEPLOYMENTS_UNAVAILABLE",
          message: `model group ${JSON.stringify(outcome.group.name)}: every candidate was tried`,
          metadata,
        });
      }
      const deployment = strategy.pick(candidates);
      const explanation = select.explain
        ? explain(outcome.group, outcome.query, decision, context, {
            ...(select.explainLimit ? { limit: select.explainLimit } : {}),
            selectedId: deployment.id,
          })
        : undefined;
      return {
        deployment,
        decided: outcome,
        how: decision.how,
        candidateCount: candidates.length,
        explanation,
        inputs:
          explanation === undefined || options.stats === undefined
            ? undefined
            : strategyInputsFor(explanation, options.stats, select.now),
        strategy: strategy.name,
      };
    },
  };
}
