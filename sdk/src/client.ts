import type { DescMessage, MessageInitShape } from "@bufbuild/protobuf";
import { type CallOptions, Code, ConnectError, createClient } from "@connectrpc/connect";
import { checkApiKey, checkLitellmTags, createCallMetadataInterceptor } from "./call-metadata.js";
import {
  type TagrouteCallOptions,
  type TagrouteClientOptions,
  toCallOptions,
} from "./client-options.js";
import { type CompletionText, collectText } from "./collect-text.js";
import { type CompleteEvent, streamCompleteEvents } from "./complete-events.js";
import type {
  CreateDeploymentRequestSchema,
  CreateDeploymentResponse,
  DeleteDeploymentRequestSchema,
  DeleteDeploymentResponse,
  GetDeploymentRequestSchema,
  GetDeploymentResponse,
  ListDeploymentsRequestSchema,
  ListDeploymentsResponse,
  UpdateDeploymentRequestSchema,
  UpdateDeploymentResponse,
} from "./gen/tagroute/v1/deployment_pb.js";
import { DeploymentService } from "./gen/tagroute/v1/deployment_pb.js";
import type {
  CompleteRequestSchema,
  RoutingFieldsSchema,
  SelectDeploymentRequestSchema,
  SelectDeploymentResponse,
} from "./gen/tagroute/v1/routing_pb.js";
import { RoutingService } from "./gen/tagroute/v1/routing_pb.js";
import type {
  CreateTagRequestSchema,
  CreateTagResponse,
  DeleteTagRequestSchema,
  DeleteTagResponse,
  GetTagRequestSchema,
  GetTagResponse,
  ListTagsRequestSchema,
  ListTagsResponse,
  UpdateTagRequestSchema,
  UpdateTagResponse,
} from "./gen/tagroute/v1/tag_pb.js";
import { TagrouteError, toTagrouteError } from "./tagroute-error.js";
import { createTransportHandle, resolveBaseUrl, type TagrouteProtocol } from "./transport.js";

/** A request as the caller writes it: a plain object with any subset of fields, or a message. */
type Init<Schema extends DescMessage> = MessageInitShape<Schema>;
type Options = TagrouteCallOptions;

/**
 * One typed method per RPC of RoutingService and DeploymentService. Every failure is a
 * {@link TagrouteError}; nothing else is thrown.
 */
export interface TagrouteClient {
  /** The base URL calls go to. */
  readonly address: string;
  readonly protocol: TagrouteProtocol;

  /** Which deployment a request with these routing fields would use now, and how it matched. */
  selectDeployment(
    request: Init<typeof SelectDeploymentRequestSchema>,
    options?: Options,
  ): Promise<SelectDeploymentResponse>;
  /**
   * Routes a chat completion and streams its events. The call starts on the first iteration;
   * `break`, `return()` or the signal cancel it on the wire, which aborts the upstream request.
   */
  complete(
    request: Init<typeof CompleteRequestSchema>,
    options?: Options,
  ): AsyncGenerator<CompleteEvent, void, undefined>;
  /** `complete`, drained: the whole text, the serving deployment, usage and finish reason. */
  completeText(
    request: Init<typeof CompleteRequestSchema>,
    options?: Options,
  ): Promise<CompletionText>;

  createTag(
    request: Init<typeof CreateTagRequestSchema>,
    options?: Options,
  ): Promise<CreateTagResponse>;
  getTag(request: Init<typeof GetTagRequestSchema>, options?: Options): Promise<GetTagResponse>;
  /** Fails with ABORTED (`VERSION_CONFLICT`) when `tag.version` is not the stored one. */
  updateTag(
    request: Init<typeof UpdateTagRequestSchema>,
    options?: Options,
  ): Promise<UpdateTagResponse>;
  deleteTag(
    request: Init<typeof DeleteTagRequestSchema>,
    options?: Options,
  ): Promise<DeleteTagResponse>;
  listTags(
    request: Init<typeof ListTagsRequestSchema>,
    options?: Options,
  ): Promise<ListTagsResponse>;

  createDeployment(
    request: Init<typeof CreateDeploymentRequestSchema>,
    options?: Options,
  ): Promise<CreateDeploymentResponse>;
  getDeployment(
    request: Init<typeof GetDeploymentRequestSchema>,
    options?: Options,
  ): Promise<GetDeploymentResponse>;
  updateDeployment(
    request: Init<typeof UpdateDeploymentRequestSchema>,
    options?: Options,
  ): Promise<UpdateDeploymentResponse>;
  deleteDeployment(
    request: Init<typeof DeleteDeploymentRequestSchema>,
    options?: Options,
  ): Promise<DeleteDeploymentResponse>;
  listDeployments(
    request: Init<typeof ListDeploymentsRequestSchema>,
    options?: Options,
  ): Promise<ListDeploymentsResponse>;

  /** Protocol and address, never the API key: safe to log. `util.inspect` shows the same. */
  toString(): string;

  /**
   * Closes the client's connections. Calls in flight fail with CANCELLED, later calls too.
   * Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Creates a client. Nothing connects until the first call; one client keeps one HTTP/2
 * connection (or a keep-alive pool for `connect`), so create it once and share it.
 *
 * Throws TypeError for an unusable address, API key or tag string, before any I/O.
 */
export function createTagrouteClient(options: TagrouteClientOptions): TagrouteClient {
  const protocol = options.protocol ?? "grpc";
  if (protocol !== "grpc" && protocol !== "connect") {
    throw new TypeError(`protocol must be "grpc" or "connect", not ${JSON.stringify(protocol)}`);
  }
  const address = resolveBaseUrl(options.address, protocol);
  const { apiKey, litellmTags, userAgent } = options;
  checkApiKey(apiKey);
  checkLitellmTags(litellmTags);
  const handle = createTransportHandle({
    baseUrl: address,
    protocol,
    interceptors: [createCallMetadataInterceptor({ apiKey, litellmTags })],
    timeoutMs: options.timeoutMs,
  });
  const routing = createClient(RoutingService, handle.transport);
  const deployments = createClient(DeploymentService, handle.transport);
  let closed = false;

  function ensureOpen(): void {
    if (closed)
      throw new TagrouteError(new ConnectError("tagroute client is closed", Code.Canceled));
  }

  /** The single place unary failures become TagrouteErrors. */
  function unary<Request, Response>(
    call: (request: Request, options?: CallOptions) => Promise<Response>,
  ): (request: Request, options?: Options) => Promise<Response> {
    return async (request, callOptions) => {
      try {
        ensureOpen();
        return await call(request, toCallOptions(callOptions));
      } catch (error) {
        throw toTagrouteError(error, apiKey);
      }
    };
  }

  /** Fills `routing.userAgent` from the client option when the request leaves it empty. */
  function withUserAgent<
    Request extends { routing?: Init<typeof RoutingFieldsSchema> | undefined },
  >(request: Request): Request {
    if (userAgent === undefined || request.routing?.userAgent) return request;
    return { ...request, routing: { ...request.routing, userAgent } };
  }

  const selectDeployment = unary(routing.selectDeployment);
  const complete = (request: Init<typeof CompleteRequestSchema>, callOptions?: Options) =>
    streamCompleteEvents(
      (streamOptions) => {
        ensureOpen();
        return routing.complete(withUserAgent(request), streamOptions);
      },
      toCallOptions(callOptions),
      apiKey,
    );
  const description = `TagrouteClient(${protocol} ${address}${apiKey === undefined ? "" : ", apiKey: <redacted>"})`;

  return {
    address,
    protocol,
    selectDeployment: (request, callOptions) =>
      selectDeployment(withUserAgent(request), callOptions),
    complete,
    completeText: (request, callOptions) => collectText(complete(request, callOptions)),
    createTag: unary(routing.createTag),
    getTag: unary(routing.getTag),
    updateTag: unary(routing.updateTag),
    deleteTag: unary(routing.deleteTag),
    listTags: unary(routing.listTags),
    createDeployment: unary(deployments.createDeployment),
    getDeployment: unary(deployments.getDeployment),
    updateDeployment: unary(deployments.updateDeployment),
    deleteDeployment: unary(deployments.deleteDeployment),
    listDeployments: unary(deployments.listDeployments),
    close: async () => {
      if (closed) return;
      closed = true;
      handle.close();
    },
    toString: () => description,
    // util.inspect's hook, by its registered symbol, so the SDK needs no node:util import.
    [Symbol.for("nodejs.util.inspect.custom")]: () => description,
  };
}
