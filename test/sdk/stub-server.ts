import * as http from "node:http";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { DeploymentService } from "../../sdk/src/gen/tagroute/v1/deployment_pb.js";
import { RoutingService } from "../../sdk/src/gen/tagroute/v1/routing_pb.js";
import type { TagrouteProtocol } from "../../sdk/src/index.js";
import { createStubServices, type StubState } from "./stub-services.js";

/**
 * A real server on 127.0.0.1, port 0, serving the stub services through connect-node: plaintext
 * HTTP/2 for the SDK's `grpc` protocol, HTTP/1.1 for `connect`. The SDK talks to it exactly as it
 * would to tagroute, over loopback.
 */
export interface StubServer {
  /** `http://127.0.0.1:<port>`. */
  readonly address: string;
  readonly state: StubState;
  close(): Promise<void>;
}

export const PROTOCOLS: readonly TagrouteProtocol[] = ["grpc", "connect"];

export async function startStubServer(protocol: TagrouteProtocol): Promise<StubServer> {
  const { state, routing, deployments } = createStubServices();
  const handler = connectNodeAdapter({
    routes: (router) => {
      router.service(RoutingService, routing);
      router.service(DeploymentService, deployments);
    },
  });
  const h1 = protocol === "connect" ? http.createServer(handler) : undefined;
  const h2 = protocol === "grpc" ? http2.createServer(handler) : undefined;
  const server = h1 ?? h2;
  if (server === undefined) throw new Error(`unknown protocol ${protocol}`);
  // http2's close() waits for idle client sessions forever (STACK.md), so track them.
  const sessions = new Set<http2.ServerHttp2Session>();
  h2?.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: `http://127.0.0.1:${port}`,
    state,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      h1?.closeAllConnections();
      for (const session of sessions) {
        session.close();
        setTimeout(() => session.destroy(), 200).unref();
      }
      await closed;
    },
  };
}

/** Rejects after `ms`, so a missing server-side abort fails the test instead of hanging it. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
