import {
  create,
  type DescMessage,
  type DescMethod,
  type DescService,
  fromBinary,
  isMessage,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import { compileEncoder } from "./compiled-encoder.js";

/**
 * What the request deserializer returns for bytes that do not parse. grpc-js answers a throwing
 * deserializer with INTERNAL "Error deserializing request", which blames the server for the
 * client's bytes and never reaches our code; returning this marker instead lets the adapter
 * answer INVALID_ARGUMENT naming the method, and log the call like any other.
 */
export class MalformedRequest {
  constructor(readonly cause: unknown) {}
}

/** A request message as it arrives from grpc-js: parsed, or marked as malformed. */
export type IncomingRequest = MessageShape<DescMessage> | MalformedRequest;

/** A response as the adapter hands it to grpc-js (encoded), or as a client decodes it. */
type OutgoingResponse = Uint8Array | MessageShape<DescMessage>;

/** The URL path of a method, the same on both ports: `/tagroute.v1.RoutingService/Complete`. */
export function methodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}

/**
 * A grpc-js service definition built straight from the generated descriptor, so there is no
 * proto-loader and no second copy of the schema. Responses travel pre-encoded: the adapter
 * encodes them itself (see {@link encodeResponse}) so that size and encoding failures become a
 * status it chose and logged, instead of one grpc-js sends behind its back. The client half
 * (request serializer, response deserializer) is complete too, so tests and tools can build a
 * plain grpc-js client from the same definition.
 */
export function createGrpcServiceDefinition(service: DescService): ServiceDefinition {
  const definition: Record<string, MethodDefinition<IncomingRequest, OutgoingResponse>> = {};
  for (const method of service.methods) {
    const streamingRequest =
      method.methodKind === "client_streaming" || method.methodKind === "bidi_streaming";
    const streamingResponse =
      method.methodKind === "server_streaming" || method.methodKind === "bidi_streaming";
    definition[method.name] = {
      path: methodPath(method),
      requestStream: streamingRequest,
      responseStream: streamingResponse,
      originalName: method.localName,
      requestSerialize: (message) => {
        if (message instanceof MalformedRequest)
          throw new TypeError("cannot send a malformed request");
        return asBuffer(toBinary(method.input, message));
      },
      requestDeserialize: (bytes) => decodeRequest(method, bytes),
      responseSerialize: (value) =>
        asBuffer(value instanceof Uint8Array ? value : toBinary(method.output, value)),
      responseDeserialize: (bytes) => fromBinary(method.output, bytes),
    };
  }
  return definition;
}

function decodeRequest(method: DescMethod, bytes: Buffer): IncomingRequest {
  try {
    return fromBinary(method.input, bytes);
  } catch (cause) {
    return new MalformedRequest(cause);
  }
}

/** The error for a request that did not parse; the message names the method, never the bytes. */
export function malformedRequestError(method: DescMethod, request: MalformedRequest): ConnectError {
  return new ConnectError(
    `malformed request message for ${methodPath(method)}`,
    Code.InvalidArgument,
    undefined,
    undefined,
    request.cause,
  );
}

/**
 * Encodes what a handler returned (a message or its init shape, as connect allows) and enforces
 * the send limit with the message connect-node uses for the same failure on the HTTP port.
 */
function encodeResponse(
  method: DescMethod,
  value: MessageInitShape<DescMessage>,
  maxBytes: number,
): Uint8Array {
  const message = isMessage(value, method.output) ? value : create(method.output, value);
  return checkSize(toBinary(method.output, message), maxBytes);
}

function checkSize(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (bytes.byteLength > maxBytes) {
    throw new ConnectError(
      `message size ${bytes.byteLength} is larger than configured writeMaxBytes ${maxBytes}`,
      Code.ResourceExhausted,
    );
  }
  return bytes;
}

/** Encodes one response of a method; see {@link responseEncoder}. */
export type ResponseEncoder = (value: MessageInitShape<DescMessage>) => Uint8Array;

/**
 * The encoder for a method's responses: one compiled from the output schema where its shape
 * allows (see {@link compileEncoder}), {@link encodeResponse} otherwise, with the send limit
 * enforced either way.
 */
export function responseEncoder(method: DescMethod, maxBytes: number): ResponseEncoder {
  const compiled = compileEncoder(method.output);
  if (compiled === undefined) return (value) => encodeResponse(method, value, maxBytes);
  return (value) => {
    const bytes = compiled(value);
    return bytes === undefined
      ? encodeResponse(method, value, maxBytes)
      : checkSize(bytes, maxBytes);
  };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
