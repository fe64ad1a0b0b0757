import type { CallOptions } from "@connectrpc/connect";
import type { TagrouteProtocol } from "./transport.js";

/** How to reach tagroute and what every call carries. Optional fields accept `undefined`. */
export interface TagrouteClientOptions {
  /**
   * `http://host:port`, `https://host`, or a bare `host[:port]` (plaintext; without a port, the
   * protocol's default: 50051 for gRPC, 8080 for Connect).
   */
  readonly address: string;
  /**
   * Sent as `authorization: Bearer <key>` on every call. Held only inside the client's metadata
   * interceptor: never in a property, `toString`, `util.inspect` or an error message.
   */
  readonly apiKey?: string | undefined;
  /**
   * Default deadline for every call, in milliseconds; a call's own `timeoutMs` wins. Unset: no
   * deadline, which suits long streams but lets a unary call wait on a stuck server forever.
   */
  readonly timeoutMs?: number | undefined;
  /**
   * `grpc` (default): gRPC over HTTP/2 to tagroute's gRPC port. `connect`: the Connect protocol
   * over HTTP/1.1 to its HTTP port, for networks that do not pass plaintext HTTP/2.
   */
  readonly protocol?: TagrouteProtocol | undefined;
  /**
   * LiteLLM's tag string, sent as `x-litellm-tags` on every call, e.g. `"free, &region:eu,
   * !p:anthropic"` (`&` required, `!` excluded). Printable ASCII only: metadata cannot carry
   * other characters, the structured `routing` fields can.
   */
  readonly litellmTags?: string | undefined;
  /**
   * Your application's user agent, filled into `routing.userAgent` of SelectDeployment and
   * Complete requests that leave it empty, so deployments' user-agent patterns (LiteLLM's
   * `tag_regex`) see it. gRPC's own `user-agent` header names the client library instead, so
   * tagroute reads the field, not the header.
   */
  readonly userAgent?: string | undefined;
}

/**
 * Per-call options, accepted by every method. Every field also accepts `undefined`, so callers
 * with `exactOptionalPropertyTypes` can pass `process.env.X` or an optional value straight through.
 */
export interface TagrouteCallOptions {
  /** Cancels the call: a pending promise rejects and a stream throws, both with CANCELLED. */
  readonly signal?: AbortSignal | undefined;
  /** This call's deadline in milliseconds; overrides the client's. Expiry: DEADLINE_EXCEEDED. */
  readonly timeoutMs?: number | undefined;
  /**
   * Extra request metadata. A header set here wins over the client-wide one, e.g. a per-request
   * `x-litellm-tags` or another tenant's `authorization`.
   */
  readonly headers?: ConstructorParameters<typeof Headers>[0] | undefined;
}

/** connect's CallOptions, without the keys whose value is undefined (connect's type is exact). */
export function toCallOptions(options: TagrouteCallOptions | undefined): CallOptions {
  const out: CallOptions = {};
  if (options?.signal !== undefined) out.signal = options.signal;
  if (options?.timeoutMs !== undefined) out.timeoutMs = options.timeoutMs;
  if (options?.headers !== undefined) out.headers = options.headers;
  return out;
}
