import { decodeBinaryHeader, encodeBinaryHeader } from "@connectrpc/connect";
import { Metadata } from "@grpc/grpc-js";

/**
 * Keys a handler must not set as response metadata on the gRPC port: the protocol's own, which
 * grpc-js and the adapter write themselves, and HTTP/2 pseudo-headers.
 */
const RESERVED = new Set(["content-type", "te", "grpc-status", "grpc-message", "grpc-encoding"]);
const RESERVED_PREFIX = ["grpc-", ":"];

/** gRPC metadata keys: lowercase letters, digits, `_`, `-`, `.` (grpc-js throws on others). */
const LEGAL_KEY = /^[0-9a-z_.-]+$/;

function isBinaryKey(key: string): boolean {
  return key.endsWith("-bin");
}

/**
 * Request metadata as the `Headers` a Connect handler reads. Binary (`-bin`) values become
 * unpadded base64, which is what connect-node hands a handler for the same header on the HTTP
 * port, so a handler decodes either with `decodeBinaryHeader`.
 */
export function metadataToHeaders(metadata: Metadata): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(metadata.toJSON())) {
    for (const value of values) {
      headers.append(key, typeof value === "string" ? value : encodeBinaryHeader(value));
    }
  }
  return headers;
}

/**
 * Response headers or trailers set by a handler, as grpc-js metadata. `Headers` joins repeated
 * values with ", ", so binary values are split again before decoding. Keys that gRPC cannot carry
 * (reserved protocol keys, characters outside its key alphabet) are left out rather than failing
 * a call whose handler succeeded. `undefined` (a handler that never touched the set) adds nothing.
 */
export function headersToMetadata(
  headers: Headers | undefined,
  into: Metadata = new Metadata(),
): Metadata {
  headers?.forEach((value, key) => {
    if (!isPassable(key)) return;
    if (isBinaryKey(key)) {
      for (const part of value.split(",")) {
        const bytes = decodeBinaryHeader(part.trim());
        into.add(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      }
    } else {
      into.add(key, value);
    }
  });
  return into;
}

function isPassable(key: string): boolean {
  if (RESERVED.has(key) || !LEGAL_KEY.test(key)) return false;
  // grpc-status-details-bin is written by the adapter from the error, never copied.
  return !RESERVED_PREFIX.some((prefix) => key.startsWith(prefix));
}
