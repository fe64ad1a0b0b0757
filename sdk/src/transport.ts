import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Interceptor, Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  Http2SessionManager,
} from "@connectrpc/connect-node";

/**
 * The wire protocol. `grpc` (HTTP/2) talks to tagroute's gRPC port, served by @grpc/grpc-js and
 * the cheapest per call; `connect` (HTTP/1.1) talks to the HTTP port, for networks where HTTP/2
 * without TLS does not get through (some proxies and load balancers).
 */
export type TagrouteProtocol = "grpc" | "connect";

/** tagroute's default ports, used when an address names no port and no scheme. */
export const DEFAULT_PORTS: Readonly<Record<TagrouteProtocol, number>> = {
  grpc: 50051,
  connect: 8080,
};

export interface TransportOptions {
  readonly baseUrl: string;
  readonly protocol: TagrouteProtocol;
  readonly interceptors: Interceptor[];
  readonly timeoutMs: number | undefined;
}

/** A transport and the one way to release its connections. */
export interface TransportHandle {
  readonly transport: Transport;
  /** Closes every connection; calls still in flight fail with CANCELED. */
  close(): void;
}

/**
 * Turns what people write (`127.0.0.1:50051`, `tagroute`, `http://tagroute:8080`,
 * `https://router.example.com`) into a base URL. A bare host gets `http://` because tagroute's
 * ports are plaintext by default (TLS ends at a proxy), and the protocol's default port because
 * "tagroute" alone should mean the tagroute port, not 80. An explicit scheme keeps URL semantics,
 * so `https://host` stays on 443.
 */
export function resolveBaseUrl(address: string, protocol: TagrouteProtocol): string {
  const trimmed = address.trim();
  if (trimmed === "") throw new TypeError("tagroute address is empty");
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  let url: URL;
  try {
    url = new URL(hasScheme ? trimmed : `http://${trimmed}`);
  } catch (cause) {
    throw new TypeError(`tagroute address is not a valid host[:port] or URL: ${trimmed}`, {
      cause,
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`tagroute address must use http or https, not ${url.protocol}`);
  }
  if (url.username !== "" || url.password !== "") {
    // Credentials in the URL would end up in logs and error messages; apiKey exists for that.
    throw new TypeError("tagroute address must not contain credentials; use the apiKey option");
  }
  if (url.search !== "" || url.hash !== "") {
    throw new TypeError("tagroute address must not contain a query or fragment");
  }
  if (!hasScheme && url.port === "") url.port = String(DEFAULT_PORTS[protocol]);
  return url.href.replace(/\/+$/, "");
}

/**
 * Builds the transport with connections the client owns, so `close()` can release them: an
 * `Http2SessionManager` for gRPC, a keep-alive agent for Connect over HTTP/1.1. Sharing Node's
 * global agent would leave `close()` unable to close anything.
 */
export function createTransportHandle(options: TransportOptions): TransportHandle {
  const { baseUrl, protocol, interceptors, timeoutMs } = options;
  const timeout = timeoutMs === undefined ? {} : { defaultTimeoutMs: timeoutMs };
  if (protocol === "grpc") {
    const sessionManager = new Http2SessionManager(baseUrl);
    return {
      transport: createGrpcTransport({ baseUrl, sessionManager, interceptors, ...timeout }),
      close: () => sessionManager.abort(),
    };
  }
  const agent = baseUrl.startsWith("https:")
    ? new HttpsAgent({ keepAlive: true })
    : new HttpAgent({ keepAlive: true });
  return {
    transport: createConnectTransport({
      baseUrl,
      httpVersion: "1.1",
      useBinaryFormat: true,
      nodeOptions: { agent },
      interceptors,
      ...timeout,
    }),
    close: () => agent.destroy(),
  };
}
