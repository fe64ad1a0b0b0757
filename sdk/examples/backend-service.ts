/**
 * A small backend service that sends every chat request through tagroute, routed by the caller's
 * team. Run it next to a tagroute server:
 *
 *   TAGROUTE_ADDRESS=127.0.0.1:50051 node --import tsx sdk/examples/backend-service.ts
 *   curl -N -H 'x-team: search' -d 'Write a haiku about routers' localhost:3000/chat
 *   curl -H 'x-team: support' localhost:3000/route
 *
 * Environment: TAGROUTE_ADDRESS (default 127.0.0.1:50051), TAGROUTE_API_KEY, TAGROUTE_PROTOCOL
 * (grpc | connect), MODEL (default gpt-4), PORT (default 3000).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import {
  createTagrouteClient,
  isTagrouteError,
  type TagrouteClientOptions,
  type TagrouteError,
} from "@tagroute/sdk";

/**
 * Which tags each team routes with. `tags` prefer deployments, `all` is a hard boundary (the
 * support team's data must stay in the EU), `none` keeps a provider away.
 */
const TEAMS: Record<string, { tags: string[]; all?: string[]; none?: string[] }> = {
  search: { tags: ["team:search", "paid"] },
  research: { tags: ["team:research"], none: ["p:anthropic"] },
  support: { tags: ["team:support", "free"], all: ["region:eu"] },
};

const model = process.env.MODEL ?? "gpt-4";
const port = Number(process.env.PORT ?? 3000);
const options: TagrouteClientOptions = {
  address: process.env.TAGROUTE_ADDRESS ?? "127.0.0.1:50051",
  protocol: process.env.TAGROUTE_PROTOCOL === "connect" ? "connect" : "grpc",
  userAgent: "backend-service-example/1.0",
  apiKey: process.env.TAGROUTE_API_KEY || undefined,
};
// One client for the whole process: it keeps one HTTP/2 connection and multiplexes every call.
const tagroute = createTagrouteClient(options);

function routingFor(request: IncomingMessage) {
  const team = String(request.headers["x-team"] ?? "");
  const tags = TEAMS[team];
  if (tags === undefined) return undefined;
  return { model, tags: tags.tags, all: tags.all ?? [], none: tags.none ?? [] };
}

/** tagroute's refusal, as an HTTP status for this service's own callers. */
function httpStatus(error: TagrouteError): number {
  switch (error.reason) {
    case "MODEL_NOT_FOUND":
      return 404;
    case "INVALID_TAG":
    case "INVALID_REQUEST":
      return 400;
    case "NO_DEPLOYMENT_MATCHES_TAGS":
    case "NO_ENABLED_DEPLOYMENT":
      return 409;
    case "DEPLOYMENTS_UNAVAILABLE":
      return 503;
    case "BUDGET_EXCEEDED":
    case "RATE_LIMITED":
      return 429;
    default:
      return error.codeName === "DEADLINE_EXCEEDED" ? 504 : 502;
  }
}

function sendError(response: ServerResponse, error: unknown): void {
  if (!isTagrouteError(error)) {
    console.error(error);
    response.writeHead(500).end("internal error\n");
    return;
  }
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (error.retryAfterMs !== undefined) {
    headers["retry-after"] = String(Math.ceil(error.retryAfterMs / 1000));
  }
  response.writeHead(httpStatus(error), headers).end(
    `${JSON.stringify({
      error: error.reason ?? error.codeName,
      message: error.rawMessage,
      fields: error.fieldViolations,
    })}\n`,
  );
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** POST /chat: streams the completion as plain text; a caller that hangs up cancels it. */
async function chat(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const routing = routingFor(request);
  if (routing === undefined) {
    response.writeHead(403).end("unknown team: send x-team\n");
    return;
  }
  const prompt = await readBody(request);
  const hangUp = new AbortController();
  response.once("close", () => hangUp.abort());
  const events = tagroute.complete(
    { routing, messages: [{ role: "user", content: prompt }], maxTokens: 256 },
    { signal: hangUp.signal },
  );
  try {
    for await (const event of events) {
      switch (event.kind) {
        case "routed":
          // Refusals arrive before the first routed event, so until now a failure could still
          // get its own status. A retry's second routed event finds the headers already sent.
          if (!response.headersSent) {
            response.writeHead(200, {
              "content-type": "text/plain; charset=utf-8",
              "x-deployment": event.deploymentId,
            });
          }
          break;
        case "delta":
          response.write(event.text);
          break;
        case "usage":
          console.log(`${routing.tags[0]}: ${event.outputTokens} tokens, $${event.costUsd}`);
          break;
        case "finish":
          response.end(`\n[${event.reason} via ${event.deploymentId}]\n`);
          break;
      }
    }
  } catch (error) {
    if (hangUp.signal.aborted) return;
    if (!response.headersSent) return sendError(response, error);
    response.end(`\n[error: ${String(error)}]\n`);
  }
}

/** GET /route: which deployment this team would get now, without calling any model. */
async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const routing = routingFor(request);
  if (routing === undefined) {
    response.writeHead(403).end("unknown team: send x-team\n");
    return;
  }
  try {
    const decision = await tagroute.selectDeployment({ routing }, { timeoutMs: 2000 });
    response.writeHead(200, { "content-type": "application/json" }).end(
      `${JSON.stringify({
        deployment: decision.deployment?.id,
        candidates: decision.candidateCount,
      })}\n`,
    );
  } catch (error) {
    sendError(response, error);
  }
}

const server = createServer((request, response) => {
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const handler =
    request.method === "POST" && path === "/chat"
      ? chat
      : request.method === "GET" && path === "/route"
        ? route
        : undefined;
  if (handler === undefined) {
    response.writeHead(404).end("POST /chat or GET /route\n");
    return;
  }
  handler(request, response).catch((error: unknown) => sendError(response, error));
});

server.listen(port, () => {
  console.log(`backend-service on :${port}, tagroute at ${String(tagroute)}`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void tagroute.close();
  });
}
