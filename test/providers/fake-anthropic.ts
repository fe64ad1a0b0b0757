import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenAnthropicRequest {
  readonly path: string | undefined;
  readonly body: Record<string, unknown>;
  readonly apiKey: string | undefined;
  readonly version: string | undefined;
}

export interface FakeAnthropic {
  readonly baseUrl: string;
  readonly requests: SeenAnthropicRequest[];
  close(): Promise<void>;
}

const event = (type: string, data: Record<string, unknown>) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

/**
 * A real Messages-API-style server on loopback; `model` picks the behaviour: `ok`, `529`
 * (overloaded), `error-event` (an error event mid-stream), `no-stop` (ends without message_stop).
 */
export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const requests: SeenAnthropicRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const body = JSON.parse(text) as Record<string, unknown>;
    requests.push({
      path: req.url,
      body,
      apiKey: req.headers["x-api-key"] as string | undefined,
      version: req.headers["anthropic-version"] as string | undefined,
    });
    const model = String(body.model);
    if (model === "529") {
      res.writeHead(529, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          type: "error",
          error: { type: "overloaded_error", message: "Overloaded" },
        }),
      );
      return;
    }
    if (model === "json") {
      // A server that answers with the whole message instead of a stream.
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          type: "message",
          role: "assistant",
          content: [
            { type: "text", text: "Bonjour" },
            { type: "text", text: " à tous" },
          ],
          stop_reason: "end_turn",
          usage: { input_tokens: 9, output_tokens: 4 },
        }),
      );
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(
      event("message_start", { message: { usage: { input_tokens: 11, output_tokens: 1 } } }),
    );
    res.write(
      event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    );
    res.write(
      event("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Bonjour" } }),
    );
    res.write(event("ping", {}));
    if (model === "error-event") {
      res.end(event("error", { error: { type: "overloaded_error", message: "Overloaded" } }));
      return;
    }
    res.write(
      event("content_block_delta", { index: 0, delta: { type: "text_delta", text: " à tous" } }),
    );
    res.write(event("content_block_stop", { index: 0 }));
    res.write(
      event("message_delta", { delta: { stop_reason: "max_tokens" }, usage: { output_tokens: 3 } }),
    );
    if (model === "no-stop") {
      res.end();
      return;
    }
    res.end(event("message_stop", {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
