import type { DescMessage, DescMethod, MessageShape } from "@bufbuild/protobuf";
import { Code, createServiceImplSpec, type MethodImplSpec } from "@connectrpc/connect";
import type {
  ServerDuplexStream,
  ServerReadableStream,
  ServerUnaryCall,
  ServerWritableStream,
  sendUnaryData,
  UntypedHandleCall,
  UntypedServiceImplementation,
} from "@grpc/grpc-js";
import { Metadata } from "@grpc/grpc-js";
import { isServerFault } from "./code-name.js";
import {
  createGrpcHandlerContext,
  type GrpcHandlerContext,
  type ServerSurfaceCall,
} from "./grpc-handler-context.js";
import {
  type IncomingRequest,
  MalformedRequest,
  malformedRequestError,
  type ResponseEncoder,
  responseEncoder,
} from "./grpc-service-definition.js";
import { errorToGrpcStatus, type GrpcStatus, normalizeError } from "./grpc-status.js";
import {
  type HeaderState,
  pumpResponses,
  requestMessages,
  sendHeadersOnce,
  type WritableCall,
} from "./grpc-stream-io.js";
import { createMessageSink } from "./message-sink.js";
import { headersToMetadata } from "./metadata-headers.js";
import type { ServiceRegistration } from "./transport-options.js";

/** What the adapter needs besides the service. */
export interface GrpcAdapterOptions {
  /** Largest response message, in bytes; larger ones fail with RESOURCE_EXHAUSTED. */
  readonly maxMessageBytes: number;
  /** Receives the real failure behind an INTERNAL/UNKNOWN status, for the call's log line. */
  readonly reportFailure: (call: ServerSurfaceCall, cause: unknown) => void;
  /** Stream messages past grpc-js's per-call `Writable` (default); see `createMessageSink`. */
  readonly directWrites?: boolean | undefined;
}

/**
 * Maps a Connect `ServiceImpl` onto grpc-js handlers, one per method of the descriptor, for all
 * four method kinds. `createServiceImplSpec` supplies what connect-node does for the HTTP port:
 * `this` bound to the implementation and UNIMPLEMENTED for the methods it leaves out, so both
 * ports answer the same. Register the result with the definition from
 * `createGrpcServiceDefinition` (same keys: the methods' proto names).
 */
export function createGrpcImplementation(
  registration: ServiceRegistration,
  options: GrpcAdapterOptions,
): UntypedServiceImplementation {
  const spec = createServiceImplSpec(registration.service, registration.impl);
  const implementation: UntypedServiceImplementation = {};
  for (const method of registration.service.methods) {
    const methodSpec = spec.methods[method.localName];
    if (methodSpec === undefined) continue;
    const encode = responseEncoder(method, options.maxMessageBytes);
    implementation[method.name] = handlerFor(methodSpec, encode, options);
  }
  return implementation;
}

function handlerFor(
  spec: MethodImplSpec,
  encode: ResponseEncoder,
  options: GrpcAdapterOptions,
): UntypedHandleCall {
  switch (spec.kind) {
    case "unary":
      return (
        call: ServerUnaryCall<IncomingRequest, Uint8Array>,
        callback: sendUnaryData<Uint8Array>,
      ) => {
        respondOnce(call, spec.method, encode, options, callback, (context) =>
          spec.impl(parsed(spec.method, call.request), context),
        );
      };
    case "client_streaming":
      return (
        call: ServerReadableStream<IncomingRequest, Uint8Array>,
        callback: sendUnaryData<Uint8Array>,
      ) => {
        respondOnce(call, spec.method, encode, options, callback, (context) =>
          spec.impl(requestMessages(call, spec.method, context.signal), context),
        );
      };
    case "server_streaming":
      return (call: ServerWritableStream<IncomingRequest, Uint8Array>) => {
        respondStreaming(call, spec.method, encode, options, (context) =>
          spec.impl(parsed(spec.method, call.request), context),
        );
      };
    case "bidi_streaming":
      return (call: ServerDuplexStream<IncomingRequest, Uint8Array>) => {
        respondStreaming(call, spec.method, encode, options, (context) =>
          spec.impl(requestMessages(call, spec.method, context.signal), context),
        );
      };
  }
}

function parsed(method: DescMethod, request: IncomingRequest): MessageShape<DescMessage> {
  if (request instanceof MalformedRequest) throw malformedRequestError(method, request);
  return request;
}

/** Unary and client-streaming: one response (or one error) through grpc-js's callback. */
function respondOnce(
  call: ServerSurfaceCall,
  method: DescMethod,
  encode: ResponseEncoder,
  options: GrpcAdapterOptions,
  callback: sendUnaryData<Uint8Array>,
  invoke: (
    context: GrpcHandlerContext,
  ) => ReturnType<Extract<MethodImplSpec, { kind: "unary" }>["impl"]>,
): void {
  const context = createGrpcHandlerContext(call, method);
  const run = async () => {
    try {
      const bytes = encode(await invoke(context));
      call.sendMetadata(headersToMetadata(context.setResponseHeader));
      callback(null, bytes, headersToMetadata(context.setResponseTrailer));
    } catch (thrown) {
      callback(failureStatus(thrown, call, context, { sent: false }, options));
    } finally {
      context.end();
    }
  };
  void run();
}

/** Server-streaming and bidi: messages as the generator yields them, then the status. */
function respondStreaming(
  call: WritableCall,
  method: DescMethod,
  encode: ResponseEncoder,
  options: GrpcAdapterOptions,
  invoke: (
    context: GrpcHandlerContext,
  ) => ReturnType<Extract<MethodImplSpec, { kind: "server_streaming" }>["impl"]>,
): void {
  const context = createGrpcHandlerContext(call, method);
  const headers: HeaderState = { sent: false };
  const run = async () => {
    try {
      const sink = createMessageSink(call, options.directWrites);
      await pumpResponses(invoke(context), call, sink, encode, context, headers);
      if (call.cancelled) return;
      sendHeadersOnce(call, context, headers);
      call.end(headersToMetadata(context.setResponseTrailer));
    } catch (thrown) {
      // A client that went away gets no status; its log line says canceled.
      if (!call.cancelled)
        call.emit("error", failureStatus(thrown, call, context, headers, options));
    } finally {
      context.end();
    }
  };
  void run();
}

function failureStatus(
  thrown: unknown,
  call: ServerSurfaceCall,
  context: GrpcHandlerContext,
  headers: HeaderState,
  options: GrpcAdapterOptions,
): GrpcStatus {
  const { error, cause } = normalizeError(thrown, context.signal);
  if (isServerFault(error.code)) options.reportFailure(call, cause ?? error);
  try {
    return errorToGrpcStatus(
      error,
      headers.sent ? undefined : context.setResponseHeader,
      context.setResponseTrailer,
    );
  } catch (metadataError) {
    // A header the handler set cannot become metadata (say, a `-bin` value that is not
    // base64): the call still ends, as INTERNAL, instead of rejecting into the void.
    options.reportFailure(call, metadataError);
    return { code: Code.Internal, details: "internal error", metadata: new Metadata() };
  }
}
