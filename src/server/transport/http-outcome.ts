import { Code } from "@connectrpc/connect";
import { CODE_OK, codeFromName } from "./code-name.js";

/** Envelope flag of a gRPC-Web trailer frame. */
const GRPC_WEB_TRAILER = 0x80;
/** Envelope flag of a Connect streaming end-of-stream message. */
const CONNECT_END_STREAM = 0x02;
const COMPRESSED = 0x01;

/**
 * HTTP statuses for calls connect-node rejects before a handler runs (unsupported content type,
 * wrong method) or answers with an error body we could not read. Mostly the inverse of the
 * Connect protocol's code → HTTP status table, so the log names the client's mistake rather
 * than `unknown`.
 */
const FROM_HTTP: ReadonlyMap<number, number> = new Map([
  [400, Code.InvalidArgument],
  [401, Code.Unauthenticated],
  [403, Code.PermissionDenied],
  [404, Code.Unimplemented],
  [405, Code.Unimplemented],
  [408, Code.DeadlineExceeded],
  [409, Code.Aborted],
  [412, Code.FailedPrecondition],
  [413, Code.ResourceExhausted],
  [415, Code.InvalidArgument],
  [429, Code.ResourceExhausted],
  [499, Code.Canceled],
  [501, Code.Unimplemented],
  [503, Code.Unavailable],
  [504, Code.DeadlineExceeded],
]);

/** What the HTTP port saw of a response whose outcome no interceptor recorded. */
export interface ObservedResponse {
  readonly status: number;
  readonly header: Headers;
  /** The last body chunk: the error JSON of a unary Connect call, or a stream's final frame. */
  readonly lastChunk: Uint8Array | undefined;
}

/**
 * The status code of a call that failed before its handler ran — a request body that does not
 * parse, one over the size limit, an unsupported content type — read back from the response
 * connect-node produced, in each protocol's own way: a `grpc-status` header, a Connect error
 * JSON body, the gRPC-Web trailer frame or the Connect end-of-stream message.
 */
export function codeFromResponse(response: ObservedResponse): number {
  const grpcStatus = response.header.get("grpc-status");
  if (grpcStatus !== null) return Number.parseInt(grpcStatus, 10) || CODE_OK;
  const chunk = response.lastChunk;
  if (response.status !== 200) {
    const fromBody = chunk === undefined ? undefined : codeFromErrorJson(chunk);
    return fromBody ?? FROM_HTTP.get(response.status) ?? Code.Unknown;
  }
  if (chunk === undefined || chunk.byteLength < 5) return Code.Unknown;
  const flags = chunk[0] ?? 0;
  if ((flags & COMPRESSED) !== 0) return Code.Unknown;
  if ((flags & GRPC_WEB_TRAILER) !== 0) {
    const match = /grpc-status:\s*(\d+)/i.exec(new TextDecoder().decode(chunk.subarray(5)));
    return match?.[1] === undefined ? Code.Unknown : Number(match[1]);
  }
  if ((flags & CONNECT_END_STREAM) !== 0) {
    return codeFromEndStream(chunk.subarray(5)) ?? CODE_OK;
  }
  return Code.Unknown;
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    // Not JSON: the caller falls back to the HTTP status.
    return undefined;
  }
}

function codeOf(value: unknown): number | undefined {
  if (typeof value !== "object" || value === null || !("code" in value)) return undefined;
  return typeof value.code === "string" ? codeFromName(value.code) : undefined;
}

function codeFromErrorJson(bytes: Uint8Array): number | undefined {
  return codeOf(parseJson(bytes));
}

/** `{"error": {"code": ...}}` when the stream failed, `{}` (or metadata only) when it did not. */
function codeFromEndStream(bytes: Uint8Array): number | undefined {
  const end = parseJson(bytes);
  if (typeof end !== "object" || end === null || !("error" in end)) return undefined;
  return codeOf(end.error) ?? Code.Unknown;
}
