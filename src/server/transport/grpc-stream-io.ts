import type { Readable, Writable } from "node:stream";
import type { DescMessage, DescMethod, MessageInitShape, MessageShape } from "@bufbuild/protobuf";
import type { GrpcHandlerContext, ServerSurfaceCall } from "./grpc-handler-context.js";
import {
  type IncomingRequest,
  MalformedRequest,
  malformedRequestError,
  type ResponseEncoder,
} from "./grpc-service-definition.js";
import type { MessageSink } from "./message-sink.js";
import { headersToMetadata } from "./metadata-headers.js";

/** A grpc-js call that sends messages: server-streaming and bidi. */
export type WritableCall = ServerSurfaceCall & Writable;
/** A grpc-js call that receives messages: client-streaming and bidi. */
export type ReadableCall = ServerSurfaceCall & Readable;

/** Whether response headers went out; an error status must carry them when they did not. */
export interface HeaderState {
  sent: boolean;
}

/** Sends the handler's response headers once, before the first message. */
export function sendHeadersOnce(
  call: ServerSurfaceCall,
  context: GrpcHandlerContext,
  state: HeaderState,
): void {
  if (state.sent) return;
  state.sent = true;
  call.sendMetadata(headersToMetadata(context.setResponseHeader));
}

/**
 * Drives a streaming handler: takes each yielded message, encodes it (enforcing the send
 * limit), sends headers before the first one and writes it with backpressure. When the client
 * goes away, or a message cannot be sent, the generator is stopped with `return()` so its
 * `finally` blocks run (closing upstream requests) instead of it being left suspended.
 */
export async function pumpResponses(
  responses: AsyncIterable<MessageInitShape<DescMessage>>,
  call: WritableCall,
  sink: MessageSink,
  encode: ResponseEncoder,
  context: GrpcHandlerContext,
  state: HeaderState,
): Promise<void> {
  const iterator = responses[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (!call.cancelled) {
      const next = await iterator.next();
      if (next.done === true) {
        finished = true;
        return;
      }
      if (call.cancelled) return;
      const bytes = encode(next.value);
      sendHeadersOnce(call, context, state);
      const behind = sink.send(bytes);
      if (behind !== undefined) await behind;
    }
  } catch (error) {
    // A generator that threw is already finished; there is nothing to stop.
    finished = true;
    throw error;
  } finally {
    if (!finished) await iterator.return?.();
  }
}

/**
 * The request stream of a client-streaming or bidi call, as the `AsyncIterable` a Connect
 * handler consumes. It ends when the client half-closes, fails with INVALID_ARGUMENT on a
 * malformed message, and fails with the abort reason when the call is cancelled or times out
 * (grpc-js may otherwise leave a cancelled call's readable side pending forever). It reads
 * without `destroyOnReturn`, so a handler that stops reading early does not destroy a bidi
 * call's writable side.
 */
export async function* requestMessages(
  call: ReadableCall,
  method: DescMethod,
  signal: AbortSignal,
): AsyncGenerator<MessageShape<DescMessage>> {
  const iterator: AsyncIterator<IncomingRequest> = call.iterator({ destroyOnReturn: false });
  for (;;) {
    const next = await untilAborted(iterator.next(), signal);
    if (next.done === true) return;
    if (next.value instanceof MalformedRequest) throw malformedRequestError(method, next.value);
    yield next.value;
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
