import type { DescMethod, DescService } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type ContextValues,
  createContextValues,
  type HandlerContext,
} from "@connectrpc/connect";
import type { Deadline, Metadata } from "@grpc/grpc-js";
import { grpcDeadline } from "./deadline-slack.js";
import { methodPath } from "./grpc-service-definition.js";
import { metadataToHeaders } from "./metadata-headers.js";

/**
 * The part of a grpc-js server call (any of the four kinds) the adapter uses. grpc-js declares
 * a `ServerSurfaceCall` type but does not export it.
 */
export interface ServerSurfaceCall {
  readonly cancelled: boolean;
  readonly metadata: Metadata;
  getDeadline(): Deadline;
  getHost(): string;
  sendMetadata(metadata: Metadata): void;
  once(event: "cancelled", listener: () => void): unknown;
  removeListener(event: "cancelled", listener: () => void): unknown;
}

/** The context a Connect handler receives, plus what the adapter needs to finish the call. */
export interface GrpcHandlerContext extends HandlerContext {
  /** Response headers, or undefined when the handler never touched them. */
  readonly setResponseHeader: Headers | undefined;
  /** Response trailers, or undefined when the handler never touched them. */
  readonly setResponseTrailer: Headers | undefined;
  /** Ends the context: the call is over, a later `cancelled` from grpc-js means nothing. */
  end(): void;
}

/**
 * The Connect `HandlerContext` for a grpc-js call, so a handler behaves the same on both ports:
 *
 * - the client going away (grpc-js emits `cancelled`) aborts `signal` with CANCELED, or with
 *   DEADLINE_EXCEEDED when the deadline has passed — grpc-js ends a call whose deadline passes
 *   and emits `cancelled` for it, so no second timer is needed here;
 * - request metadata becomes `requestHeader` (binary values base64, as connect-node passes them).
 *
 * Written here rather than with connect's `createHandlerContext` because that one is built for
 * a request it does not own: it copies every header set, links three signals and runs its own
 * deadline timer, which together cost more than routing a call. Here the header sets are made on
 * first use and one controller is the signal. Unlike connect-node's, the signal is not aborted
 * when a call completes normally: by then nothing of the call is listening (dispatching the
 * event to nobody was a tenth of the adapter's cost), and a handler cannot observe the
 * difference except by reading `signal.aborted` after it returned.
 */
class GrpcContext implements GrpcHandlerContext {
  readonly protocolName = "grpc";
  readonly requestMethod = "POST";
  readonly service: DescService;
  readonly signal: AbortSignal;
  #requestHeader: Headers | undefined;
  #responseHeader: Headers | undefined;
  #responseTrailer: Headers | undefined;
  #values: ContextValues | undefined;
  readonly #controller = new AbortController();
  readonly #deadline: number | undefined;
  readonly #onCancelled = () => this.#cancel();

  constructor(
    private readonly call: ServerSurfaceCall,
    readonly method: DescMethod,
  ) {
    this.service = method.parent;
    this.signal = this.#controller.signal;
    this.#deadline = grpcDeadline(call.getDeadline());
    if (call.cancelled) this.#cancel();
    else call.once("cancelled", this.#onCancelled);
  }

  #cancel(): void {
    if (this.signal.aborted) return;
    this.#controller.abort(
      this.#deadline !== undefined && Date.now() >= this.#deadline
        ? new ConnectError("the operation timed out", Code.DeadlineExceeded)
        : new ConnectError("the client canceled the call", Code.Canceled),
    );
  }

  timeoutMs(): number | undefined {
    return this.#deadline === undefined ? undefined : this.#deadline - Date.now();
  }
  get url(): string {
    return `http://${this.call.getHost()}${methodPath(this.method)}`;
  }
  get requestHeader(): Headers {
    this.#requestHeader ??= metadataToHeaders(this.call.metadata);
    return this.#requestHeader;
  }
  get responseHeader(): Headers {
    this.#responseHeader ??= new Headers();
    return this.#responseHeader;
  }
  get responseTrailer(): Headers {
    this.#responseTrailer ??= new Headers();
    return this.#responseTrailer;
  }
  get values(): ContextValues {
    this.#values ??= createContextValues();
    return this.#values;
  }
  get setResponseHeader(): Headers | undefined {
    return this.#responseHeader;
  }
  get setResponseTrailer(): Headers | undefined {
    return this.#responseTrailer;
  }
  end(): void {
    this.call.removeListener("cancelled", this.#onCancelled);
  }
}

/** The context for one grpc-js call; see {@link GrpcContext}. */
export function createGrpcHandlerContext(
  call: ServerSurfaceCall,
  method: DescMethod,
): GrpcHandlerContext {
  return new GrpcContext(call, method);
}
