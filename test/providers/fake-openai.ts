import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What the fake upstream saw of one request. */
export interface SeenRequest {
  readonly body: Record<string, unknown>;
  readonly authorization: string | undefined;
  /** Whether the client closed the connection before the response ended. */
  aborted: boolean;
  /** Whether the socket this request came on has closed since. */
  socketClosed: boolean;
}

export interface FakeOpenAI {
  readonly baseUrl: string;
  readonly requests: SeenRequest[];
  /** TCP connections accepted so far, and those of them closed since. */
  readonly connections: { readonly opened: number; readonly closed: number };
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return JSON.parse(text) as Record<string, unknown>;
}

const sse = (data: unknown) =>
  `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
const delta = (content: string) => sse({ choices: [{ delta: { content } }] });

/**
 * A real OpenAI-style HTTP server on loopback. The request's `model` picks the behaviour:
 * `ok`, `json` (one chat.completion, not a stream), `split` (chunks cut inside a multi-byte
 * character and inside SSE lines, after a comment line), `429`, `500`,
 * `401`, `midstream-error`, `cut` (connection dropped mid-stream), `slow` (a token every 50 ms),
 * `linger` (the response ends 20 ms after `[DONE]`, in a read of its own), `burst` (1,000 deltas
 * in one write).
 */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const seen: SeenRequest = {
      body,
      authorization: req.headers.authorization,
      aborted: false,
      socketClosed: false,
    };
    requests.push(seen);
    req.socket.once("close", () => {
      seen.socketClosed = true;
    });
    res.on("close", () => {
      if (!res.writableFinished) seen.aborted = true;
    });
    const model = String(body.model);
    if (model === "429") {
      res.writeHead(429, { "content-type": "application/json", "retry-after": "7" });
      res.end(JSON.stringify({ error: { message: `slow down, ${req.headers.authorization}` } }));
      return;
    }
    if (model === "500" || model === "401") {
      res.writeHead(Number(model), { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `failure ${model}` } }));
      return;
    }
    if (model === "json") {
      // A server that ignores `stream: true` and answers one chat.completion.
      res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
      res.end(
        JSON.stringify({
          object: "chat.completion",
          choices: [
            {
              index: 0,
              message: { role: "assistant", content: "Hello, world" },
              finish_reason: "stop",
            },
          ],
          usage: { prompt_tokens: 5, completion_tokens: 3 },
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    if (model === "split") {
      const all =
        // A comment line (servers send them as keep-alives) is not an event.
        ": keep-alive\n\n" +
        delta("héllo ") +
        delta("wörld 🙂") +
        sse({ choices: [{ delta: {}, finish_reason: "stop" }] }) +
        sse({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4 } }) +
        sse("[DONE]");
      const bytes = Buffer.from(all, "utf8");
      for (let i = 0; i < bytes.length; i += 7) {
        res.write(bytes.subarray(i, i + 7));
        await new Promise((r) => setTimeout(r, 1));
      }
      res.end();
      return;
    }
    if (model === "midstream-error") {
      res.write(delta("partial "));
      res.end(sse({ error: { message: "overloaded" } }));
      return;
    }
    if (model === "cut") {
      res.write(delta("partial "));
      setTimeout(() => res.socket?.destroy(), 5);
      return;
    }
    if (model === "burst") {
      // A thousand deltas in one write: more events than the relay holds before pausing.
      let all = "";
      for (let i = 0; i < 1000; i++) all += delta(`${i} `);
      res.end(all + sse("[DONE]"));
      return;
    }
    if (model === "linger") {
      res.write(delta("Hello"));
      res.write(sse("[DONE]"));
      await new Promise((r) => setTimeout(r, 20));
      res.end();
      return;
    }
    if (model === "slow") {
      for (let i = 0; i < 100 && !res.destroyed; i++) {
        res.write(delta(`t${i} `));
        await new Promise((r) => setTimeout(r, 50));
      }
      res.end(sse("[DONE]"));
      return;
    }
    res.write(delta("Hello"));
    res.write(delta(", world"));
    res.write(sse({ choices: [{ delta: {}, finish_reason: "length" }] }));
    res.write(sse({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 2 } }));
    res.end(sse("[DONE]"));
  });
  const connections = { opened: 0, closed: 0 };
  server.on("connection", (socket) => {
    connections.opened++;
    socket.on("close", () => connections.closed++);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
