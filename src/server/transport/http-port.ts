import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Code, ConnectError, createConnectRouter, createContextValues } from "@connectrpc/connect";
import type { UniversalHandler, UniversalServerResponse } from "@connectrpc/connect/protocol";
import {
  compressionBrotli,
  compressionGzip,
  universalRequestFromNodeRequest,
  universalResponseToNodeResponse,
} from "@connectrpc/connect-node";
import type { CallLog } from "./call-log.js";
import { requestDeadline } from "./deadline-slack.js";
import { type HttpCallState, httpCallInterceptor, httpCallStateKey } from "./http-call-observer.js";
import { codeFromResponse } from "./http-outcome.js";
import type { ListenAddress, ServiceRegistration } from "./transport-options.js";

export interface HttpPortOptions {
  readonly services: readonly ServiceRegistration[];
  readonly address: ListenAddress;
  readonly maxMessageBytes: number;
  readonly callLog: CallLog;
}

/** The HTTP listener once bound. */
export interface HttpPort {
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish within `graceMs`, then drops the rest. */
  close(graceMs: number): Promise<void>;
}

/** How often idle keep-alive connections are swept while closing. */
const IDLE_SWEEP_MS = 25;

/**
 * The HTTP/1.1 port: connect-node's handlers (Connect protocol, gRPC-Web, and gRPC where the
 * client manages it) for the same ServiceImpls as the gRPC port. This is connectNodeAdapter
 * spelled out — its path lookup plus `universalRequestFromNodeRequest` /
 * `universalResponseToNodeResponse` — because the port needs what the adapter hides: a per-call
 * state in the context values for the interceptor, and the response body, to log calls that
 * connect-node rejects before any interceptor runs (malformed JSON, oversize bodies).
 */
export async function startHttpPort(options: HttpPortOptions): Promise<HttpPort> {
  const router = createConnectRouter({
    interceptors: [httpCallInterceptor],
    readMaxBytes: options.maxMessageBytes,
    writeMaxBytes: options.maxMessageBytes,
    acceptCompression: [compressionGzip, compressionBrotli],
  });
  for (const registration of options.services) {
    router.service(registration.service, registration.impl);
  }
  const handlers = new Map(router.handlers.map((handler) => [handler.requestPath, handler]));

  const server = createServer((request, response) => {
    const handler = handlers.get((request.url ?? "").split("?", 1)[0] ?? "");
    if (handler === undefined) {
      response.writeHead(404).end();
      return;
    }
    serveCall(handler, request, response, options.callLog);
  });
  const port = await listen(server, options.address);
  let closing: Promise<void> | undefined;
  return {
    port,
    close(graceMs) {
      closing ??= shutdown(server, graceMs);
      return closing;
    },
  };
}

function serveCall(
  handler: UniversalHandler,
  request: IncomingMessage,
  response: ServerResponse,
  callLog: CallLog,
): void {
  const state: HttpCallState = {
    record: callLog.start(
      handler.requestPath,
      "http",
      requestDeadline((name) => request.headers[name], Date.now()),
    ),
    outcome: undefined,
  };
  const finish = (fallback: number) => state.record.finish(state.outcome ?? { code: fallback });
  let universalRequest: ReturnType<typeof universalRequestFromNodeRequest>;
  try {
    const values = createContextValues().set(httpCallStateKey, state);
    universalRequest = universalRequestFromNodeRequest(request, response, undefined, values);
  } catch (error) {
    // Only a request without a Host header gets here.
    state.outcome = { code: Code.InvalidArgument, error };
    finish(Code.InvalidArgument);
    response.writeHead(400).end();
    return;
  }
  const signal = universalRequest.signal;
  handler(universalRequest)
    .then((universalResponse) =>
      universalResponseToNodeResponse(observeBody(universalResponse, finish, signal), response),
    )
    .catch((reason: unknown) => {
      // Writing failed (the client went away) or, never expected, the handler itself rejected.
      const code = ConnectError.from(reason).code;
      if (state.outcome === undefined && code !== Code.Aborted && code !== Code.Canceled) {
        state.outcome = { code: Code.Internal, error: reason };
      }
      finish(Code.Canceled);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
}

/** Passes the body through and ends the call's record when it is done or abandoned. */
function observeBody(
  response: UniversalServerResponse,
  finish: (fallback: number) => void,
  signal: AbortSignal,
): UniversalServerResponse {
  const body = response.body;
  const header = response.header ?? new Headers();
  if (body === undefined) {
    finish(codeFromResponse({ status: response.status, header, lastChunk: undefined }));
    return response;
  }
  const chunks: AsyncIterable<Uint8Array> = body;
  async function* observed() {
    let lastChunk: Uint8Array | undefined;
    try {
      for await (const chunk of chunks) {
        lastChunk = chunk;
        yield chunk;
      }
    } finally {
      finish(
        signal.aborted
          ? Code.Canceled
          : codeFromResponse({ status: response.status, header, lastChunk }),
      );
    }
  }
  return { ...response, body: observed() };
}

function listen(server: Server, address: ListenAddress): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(address.port, address.host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * `server.close()` only stops accepting; keep-alive connections (Node 20's agents keep them by
 * default) would hold it open until they time out. Idle ones are closed now and, as in-flight
 * requests finish, swept again; at the end of the grace period every connection is destroyed,
 * which aborts the remaining handlers' signals.
 */
async function shutdown(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    server.close(() => resolve());
  });
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
  });
  await Promise.race([closed, expired]);
  clearTimeout(timer);
  clearInterval(sweep);
  await closed;
}
