import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, type HandlerContext } from "@connectrpc/connect";
import type { Deployment, Problem } from "../core/index.js";
import type { ChatMessage, ChatRequest, Provider, ProviderError } from "../providers/index.js";
import { isProviderError } from "../providers/index.js";
import type { DeploymentStats } from "../strategies/index.js";
import type { CompleteRequest, CompleteResponseSchema } from "./gen.js";
import type { HealthTracker } from "./health-tracker.js";
import { DEPLOYMENT_HEADER } from "./metadata-keys.js";
import { howToProto } from "./proto-convert.js";
import type { Router, Selection } from "./router.js";
import { routingInputFrom } from "./routing-input.js";
import { invalidArgument, ServiceError } from "./service-error.js";

export const MAX_MESSAGES = 1024;
export const MAX_MESSAGE_CHARS = 1_000_000;
const ROLES = new Set(["system", "user", "assistant"]);

function chatRequest(req: CompleteRequest): ChatRequest {
  const problems: Problem[] = [];
  if (req.messages.length === 0 || req.messages.length > MAX_MESSAGES) {
    problems.push({
      path: "messages",
      rule: "count",
      message: `messages must hold 1–${MAX_MESSAGES} messages, got ${req.messages.length}`,
    });
  }
  req.messages.forEach((m, i) => {
    if (!ROLES.has(m.role)) {
      problems.push({
        path: `messages[${i}].role`,
        rule: "enum",
        message: `messages[${i}].role must be system, user or assistant`,
      });
    }
    if (m.content.length > MAX_MESSAGE_CHARS) {
      problems.push({
        path: `messages[${i}].content`,
        rule: "too_long",
        message: `messages[${i}].content is longer than ${MAX_MESSAGE_CHARS} characters`,
      });
    }
  });
  if (problems.length > 0) throw invalidArgument(problems);
  return {
    messages: req.messages.map((m) => ({
      role: m.role as ChatMessage["role"],
      content: m.content,
    })),
    temperature: req.temperature,
    topP: req.topP,
    maxTokens: req.maxTokens,
    stop: req.stop,
    user: req.user === "" ? undefined : req.user,
    seed: req.seed,
  };
}

const UPSTREAM_CODES: Record<ProviderError["kind"], Code> = {
  rate_limited: Code.Unavailable,
  auth: Code.Unavailable,
  bad_request: Code.InvalidArgument,
  server: Code.Unavailable,
  connection: Code.Unavailable,
  timeout: Code.DeadlineExceeded,
  aborted: Code.Canceled,
};

/** An upstream failure as the caller sees it: the kind decides the code; the message is safe. */
function upstreamError(error: ProviderError, deploymentId: string): ServiceError {
  return new ServiceError({
    code: UPSTREAM_CODES[error.kind],
    reason: "UPSTREAM_ERROR",
    message: `deployment ${JSON.stringify(deploymentId)}: ${error.message}`,
    metadata: { deployment: deploymentId, upstream_error: error.kind },
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    cause: error,
  });
}

export interface CompleteHandlerOptions {
  readonly router: Router;
  readonly numRetries: number;
  readonly health: HealthTracker;
  readonly stats: DeploymentStats;
  readonly fallbacks: ReadonlyMap<string, readonly string[]>;
  readonly providers: ReadonlyMap<string, Provider>;
  readonly clock: () => number;
}

/** Refusals after which a group's fallbacks are tried (DESIGN rule 9); any other one is final. */
const FALLBACK_REASONS = new Set(["NO_DEPLOYMENT_MATCHES_TAGS", "DEPLOYMENTS_UNAVAILABLE"]);

function canFallBack(error: unknown): boolean {
  return error instanceof ServiceError && FALLBACK_REASONS.has(error.init.reason);
}

/**
 * Complete: the same routing as SelectDeployment, then the chosen deployment's stream relayed one
 * message per upstream delta. Failover follows DESIGN rule 9: only before the first delta has been
 * sent, the group's next candidate (up to `numRetries` more), then the group's fallbacks in
 * order, each routed with the same tags, constraints and user agent. After the first delta a
 * failure ends the stream. The handler's signal (client cancel or deadline) reaches the provider.
 */
export function createCompleteHandler(options: CompleteHandlerOptions) {
  return async function* complete(
    req: CompleteRequest,
    ctx: HandlerContext,
  ): AsyncGenerator<MessageInitShape<typeof CompleteResponseSchema>> {
    const input = routingInputFrom(req.routing, ctx.requestHeader);
    if (!input.ok) throw invalidArgument(input.problems);
    const chat = chatRequest(req);
    const groups = [input.input.model, ...(options.fallbacks.get(input.input.model) ?? [])];
    let attempt = 0;
    let lastError: unknown;

    for (const [g, model] of groups.entries()) {
      const tried = new Set<string>();
      for (let retry = 0; retry <= options.numRetries; retry++) {
        let selection: Selection;
        try {
          selection = options.router.select(
            { ...input.input, model },
            { now: options.clock(), exclude: tried },
          );
        } catch (error) {
          // The request's own group decides validity (an invalid tag never falls back); a group
          // with nothing (left) to try hands over to the next fallback.
          if (g === 0 && tried.size === 0 && !canFallBack(error)) throw error;
          lastError ??= error;
          break;
        }
        const deployment = selection.deployment;
        tried.add(deployment.id);
        const provider = options.providers.get(deployment.provider);
        if (provider === undefined) {
          lastError = new ServiceError({
            code: Code.Unimplemented,
            reason: "UPSTREAM_ERROR",
            message: `deployment ${JSON.stringify(deployment.id)} uses the ${deployment.provider} provider, which this server does not serve yet`,
            metadata: { deployment: deployment.id },
          });
          continue;
        }
        attempt++;
        ctx.responseTrailer.set(DEPLOYMENT_HEADER, deployment.id);
        yield {
          event: {
            case: "routed",
            value: { deploymentId: deployment.id, model, attempt, how: howToProto(selection.how) },
          },
        };
        let sent = false;
        const started = options.clock();
        options.stats.callStarted(deployment.id, started);
        options.health.recordUsage(deployment, 1, 0, started);
        try {
          // The provider's events become messages right here, not in a generator of their own:
          // each generator layer costs a suspend and resume per message.
          for await (const event of provider.stream(deployment, chat, { signal: ctx.signal })) {
            if (event.kind === "delta") {
              if (!sent) {
                sent = true;
                options.stats.firstToken(deployment.id, options.clock() - started);
              }
              yield { event: { case: "delta", value: { text: event.text } } };
            } else if (event.kind === "usage") {
              const tokens = event.inputTokens + event.outputTokens;
              options.stats.tokens(deployment.id, tokens, options.clock());
              options.health.recordUsage(deployment, 0, tokens, options.clock());
              yield usageMessage(deployment, event.inputTokens, event.outputTokens);
            } else {
              yield {
                event: {
                  case: "finish",
                  value: { reason: event.reason, deploymentId: deployment.id },
                },
              };
            }
          }
          options.health.recordSuccess(deployment.id);
          return;
        } catch (error) {
          if (!isProviderError(error)) throw error;
          options.health.recordFailure(deployment.id, error, options.clock());
          const mapped = upstreamError(error, deployment.id);
          if (sent || !error.retryable || ctx.signal.aborted) throw mapped;
          lastError = mapped;
        } finally {
          options.stats.callEnded(deployment.id);
        }
      }
    }
    throw lastError;
  };
}

/** The usage message, with the cost from the deployment's per-token prices. */
function usageMessage(
  deployment: Deployment,
  inputTokens: number,
  outputTokens: number,
): MessageInitShape<typeof CompleteResponseSchema> {
  const costUsd =
    inputTokens * (deployment.inputCostPerToken ?? 0) +
    outputTokens * (deployment.outputCostPerToken ?? 0);
  return { event: { case: "usage", value: { inputTokens, outputTokens, costUsd } } };
}
