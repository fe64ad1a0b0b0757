import { create } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  RetryInfoSchema,
} from "../../sdk/src/gen/google/rpc/error_details_pb.js";
import {
  DeploymentSchema,
  type DeploymentService,
  Provider,
} from "../../sdk/src/gen/tagroute/v1/deployment_pb.js";
import {
  MatchHow,
  MatchMode,
  type RoutingService,
} from "../../sdk/src/gen/tagroute/v1/routing_pb.js";
import { TagSchema } from "../../sdk/src/gen/tagroute/v1/tag_pb.js";

/**
 * Stand-ins for tagroute's services, from the test tree: behaviour is chosen by the request's
 * model (or tag / deployment name), and every call leaves a trace the tests assert on.
 */

/** What the stub saw of one call. */
export interface SeenCall {
  readonly method: string;
  readonly protocol: string;
  readonly header: Headers;
  readonly request: unknown;
}

/** A promise with its resolver outside, for "the server-side signal aborted" assertions. */
class Flag {
  resolve: () => void = () => undefined;
  readonly promise = new Promise<void>((resolve) => {
    this.resolve = resolve;
  });
}

export interface StubState {
  readonly calls: SeenCall[];
  /** Resolves when the Complete call whose `user` is `id` sees its signal abort. */
  aborted(id: string): Promise<void>;
}

const DOMAIN = "tagroute.dev";

function errorInfo(reason: string, metadata: Record<string, string> = {}) {
  return { desc: ErrorInfoSchema, value: { reason, domain: DOMAIN, metadata } };
}

/** The refusals every routing RPC shares, keyed by model, each with the details tagroute sends. */
function refuse(model: string, ctx: HandlerContext): void {
  switch (model) {
    case "missing":
      throw new ConnectError(`model group "missing" not found`, Code.NotFound, undefined, [
        errorInfo("MODEL_NOT_FOUND", { model }),
      ]);
    case "busy":
      throw new ConnectError("every match is cooling down", Code.Unavailable, undefined, [
        errorInfo("DEPLOYMENTS_UNAVAILABLE", { model }),
        {
          desc: RetryInfoSchema,
          value: { retryDelay: create(DurationSchema, { seconds: 1n, nanos: 250_000_000 }) },
        },
      ]);
    case "bad-tags":
      throw new ConnectError("2 invalid tags", Code.InvalidArgument, undefined, [
        errorInfo("INVALID_TAG"),
        {
          desc: BadRequestSchema,
          value: {
            fieldViolations: [
              { field: "routing.tags[0]", description: "whitespace: free tier" },
              { field: "routing.none[1]", description: "comma: a,b" },
            ],
          },
        },
      ]);
    case "plain-error":
      throw new ConnectError("no details here", Code.Internal);
    case "echo-key":
      // A server that echoes the credential: the SDK must keep it out of the error.
      throw new ConnectError(
        `key ${ctx.requestHeader.get("authorization")} is not allowed`,
        Code.PermissionDenied,
      );
  }
}

/** Waits for the call's signal: the handler of a call that only ends by deadline or cancel. */
function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

export function createStubServices(): {
  state: StubState;
  routing: ServiceImpl<typeof RoutingService>;
  deployments: ServiceImpl<typeof DeploymentService>;
} {
  const calls: SeenCall[] = [];
  const flags = new Map<string, Flag>();
  const flag = (id: string): Flag => {
    let f = flags.get(id);
    if (f === undefined) {
      f = new Flag();
      flags.set(id, f);
    }
    return f;
  };
  const seen = (request: unknown, ctx: HandlerContext) =>
    calls.push({
      method: ctx.method.name,
      protocol: ctx.protocolName,
      header: new Headers(ctx.requestHeader),
      request,
    });

  const routing: ServiceImpl<typeof RoutingService> = {
    async selectDeployment(request, ctx) {
      seen(request, ctx);
      const model = request.routing?.model ?? "";
      refuse(model, ctx);
      if (model === "slow") await untilAborted(ctx.signal);
      return {
        deployment: {
          id: "d1",
          modelName: model,
          provider: Provider.MOCK,
          tags: request.routing?.tags ?? [],
        },
        how: MatchHow.TAGS,
        candidateCount: 2,
        mode: MatchMode.ANY,
      };
    },
    async *complete(request, ctx) {
      seen(request, ctx);
      const model = request.routing?.model ?? "";
      ctx.signal.addEventListener("abort", () => flag(request.user).resolve(), { once: true });
      refuse(model, ctx);
      yield {
        event: {
          case: "routed",
          value: { deploymentId: "d1", model, attempt: 1, how: MatchHow.TAGS },
        },
      };
      if (model === "retry") {
        yield {
          event: {
            case: "routed",
            value: { deploymentId: "d2", model, attempt: 2, how: MatchHow.TAGS },
          },
        };
      }
      yield { event: { case: "delta", value: { text: "Hel" } } };
      if (model === "endless") {
        // Generates until the client goes away, like an upstream nobody cancelled would.
        while (!ctx.signal.aborted) {
          yield { event: { case: "delta", value: { text: "." } } };
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        return;
      }
      if (model === "fail-mid") {
        throw new ConnectError("upstream reset", Code.Unavailable, undefined, [
          errorInfo("UPSTREAM_ERROR", { deployment_id: "d1" }),
        ]);
      }
      yield { event: { case: "delta", value: { text: "lo" } } };
      if (model === "no-finish") return;
      yield { event: { case: undefined } };
      yield {
        event: { case: "usage", value: { inputTokens: 12, outputTokens: 2, costUsd: 0.0003 } },
      };
      yield { event: { case: "finish", value: { reason: "stop", deploymentId: "d2" } } };
    },
    createTag(request, ctx) {
      seen(request, ctx);
      const tag = request.tag ?? create(TagSchema);
      tag.registered = true;
      tag.version = 1n;
      return { tag };
    },
    getTag(request, ctx) {
      seen(request, ctx);
      if (request.name === "missing") {
        throw new ConnectError("no tag missing", Code.NotFound, undefined, [
          errorInfo("NOT_FOUND"),
        ]);
      }
      return { tag: { name: request.name, registered: true, version: 3n } };
    },
    updateTag(request, ctx) {
      seen(request, ctx);
      if (request.tag?.version !== 3n) {
        throw new ConnectError("tag changed since you read it", Code.Aborted, undefined, [
          errorInfo("VERSION_CONFLICT", { current_version: "3" }),
        ]);
      }
      request.tag.version = 4n;
      return { tag: request.tag };
    },
    deleteTag(request, ctx) {
      seen(request, ctx);
      return {};
    },
    listTags(request, ctx) {
      seen(request, ctx);
      return {
        tags: [{ name: `${request.prefix}a` }, { name: `${request.prefix}b` }],
        nextPageToken: "p2",
      };
    },
  };

  const deployments: ServiceImpl<typeof DeploymentService> = {
    createDeployment(request, ctx) {
      seen(request, ctx);
      const deployment = request.deployment ?? create(DeploymentSchema);
      deployment.version = 1n;
      return { deployment };
    },
    getDeployment(request, ctx) {
      seen(request, ctx);
      return { deployment: { id: request.id, modelName: "gpt-4", version: 2n } };
    },
    updateDeployment(request, ctx) {
      seen(request, ctx);
      // Echoes the mask's paths as tags, so the test sees the FieldMask arrived.
      const deployment = request.deployment ?? create(DeploymentSchema);
      deployment.tags = request.updateMask?.paths ?? [];
      return { deployment };
    },
    deleteDeployment(request, ctx) {
      seen(request, ctx);
      return {};
    },
    listDeployments(request, ctx) {
      seen(request, ctx);
      return { deployments: [{ id: "d1", modelName: request.modelName }], nextPageToken: "" };
    },
  };

  return {
    state: { calls, aborted: (id) => flag(id).promise },
    routing,
    deployments,
  };
}
