import { create, toBinary } from "@bufbuild/protobuf";
import { type Any, AnySchema, anyPack } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { Metadata } from "@grpc/grpc-js";
import { StatusSchema } from "../../../sdk/src/gen/google/rpc/status_pb.js";
import { headersToMetadata } from "./metadata-headers.js";

/** The trailer that carries `google.rpc.Status` with typed error details. */
export const STATUS_DETAILS_KEY = "grpc-status-details-bin";

/** A status as grpc-js sends it: `callback(status)` for unary, `emit("error", status)` for streams. */
export interface GrpcStatus {
  readonly code: number;
  readonly details: string;
  readonly metadata: Metadata;
}

/** A thrown value as the error the client will see, plus the cause that only the log may see. */
export interface NormalizedError {
  readonly error: ConnectError;
  /** Set when the thrown value was not a `ConnectError`: the real failure, for the log. */
  readonly cause?: unknown;
}

/**
 * Turns whatever a handler threw into the error the client sees, with connect-node's rules so
 * both ports answer alike: a `ConnectError` goes out as it is; anything else is INTERNAL
 * "internal error". One refinement on both ports: a handler that fails after its signal was
 * aborted (an `AbortError` from `fetch`, say) reports the abort's reason, deadline exceeded or
 * canceled, which is what actually happened, not an internal error.
 */
export function normalizeError(thrown: unknown, signal: AbortSignal): NormalizedError {
  if (thrown instanceof ConnectError) return { error: thrown };
  if (signal.aborted) return { error: ConnectError.from(signal.reason, Code.Canceled) };
  return { error: new ConnectError("internal error", Code.Internal, undefined, undefined, thrown) };
}

/**
 * The gRPC status for an error. The metadata holds, in order: response headers the handler set
 * that were never sent (an error before the first message makes a trailers-only response, so
 * they would otherwise be lost), the handler's trailers, the error's own metadata, and
 * `grpc-status-details-bin` when the error has details.
 */
export function errorToGrpcStatus(
  error: ConnectError,
  unsentHeaders: Headers | undefined,
  trailers: Headers | undefined,
): GrpcStatus {
  const metadata = new Metadata();
  headersToMetadata(unsentHeaders, metadata);
  headersToMetadata(trailers, metadata);
  headersToMetadata(error.metadata, metadata);
  if (error.details.length > 0) {
    const status = create(StatusSchema, {
      code: error.code,
      message: error.rawMessage,
      details: error.details.map(packDetail),
    });
    metadata.set(STATUS_DETAILS_KEY, Buffer.from(toBinary(StatusSchema, status)));
  }
  return { code: error.code, details: error.rawMessage, metadata };
}

/**
 * `ConnectError.details` holds outgoing details (`{ desc, value }`, created by our handlers) or
 * incoming ones (`{ type, value }` bytes, e.g. relayed from an upstream's error); both become
 * `google.protobuf.Any` with the standard type URL prefix.
 */
function packDetail(detail: ConnectError["details"][number]): Any {
  if ("desc" in detail) return anyPack(detail.desc, create(detail.desc, detail.value));
  return create(AnySchema, {
    typeUrl: `type.googleapis.com/${detail.type}`,
    value: detail.value,
  });
}
