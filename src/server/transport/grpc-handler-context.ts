import type { DescMethod } from "@bufbuild/protobuf";
import { Code, ConnectError, createHandlerContext } from "@connectrpc/connect";
import type { Deadline, Metadata } from "@grpc/grpc-js";
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
}

/** The context a Connect handler receives, plus `abort` to end it (and its deadline timer). */
export type GrpcHandlerContext = ReturnType<typeof createHandlerContext>;

function deadlineMs(call: ServerSurfaceCall): number {
  const deadline = call.getDeadline();
  return deadline instanceof Date ? deadline.getTime() : deadline;
}

/**
 * The Connect `HandlerContext` for a grpc-js call, so a handler behaves the same on both ports:
 *
 * - the grpc-js deadline becomes the handler's timeout; connect aborts `signal` with
 *   DEADLINE_EXCEEDED when it passes (grpc-js sends that status to the client itself);
 * - the client going away (grpc-js emits `cancelled`) aborts `signal` with CANCELED, or with
 *   DEADLINE_EXCEEDED when that is why grpc-js ended the call;
 * - request metadata becomes `requestHeader` (binary values base64, as connect-node passes them).
 *
 * grpc-js also emits `cancelled` after a call completes normally; aborting then is harmless and
 * matches connect-node, whose context signal aborts when the call is done. The caller must call
 * `abort()` when the call ends, which clears the deadline timer.
 */
export function createGrpcHandlerContext(
  call: ServerSurfaceCall,
  method: DescMethod,
): GrpcHandlerContext {
  const deadline = deadlineMs(call);
  const hasDeadline = Number.isFinite(deadline);
  const request = new AbortController();
  const onCancelled = () => {
    request.abort(
      hasDeadline && Date.now() >= deadline
        ? new ConnectError("the operation timed out", Code.DeadlineExceeded)
        : new ConnectError("the client canceled the call", Code.Canceled),
    );
  };
  if (call.cancelled) onCancelled();
  else call.once("cancelled", onCancelled);

  return createHandlerContext({
    service: method.parent,
    method,
    protocolName: "grpc",
    requestMethod: "POST",
    url: `http://${call.getHost()}${methodPath(method)}`,
    requestSignal: request.signal,
    requestHeader: metadataToHeaders(call.metadata),
    ...(hasDeadline ? { timeoutMs: Math.max(0, deadline - Date.now()) } : {}),
  });
}
