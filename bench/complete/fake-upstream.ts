/**
 * The benchmark's upstream: an OpenAI-style SSE server streaming TOKENS deltas as fast as the
 * connection takes them, with usage. Run as its own process: `node --import tsx fake-upstream.ts PORT`.
 */
import { createServer } from "node:http";

const TOKENS = Number(process.env.BENCH_TOKENS ?? 20);
const chunks: string[] = [];
for (let i = 0; i < TOKENS; i++)
  chunks.push(`data: ${JSON.stringify({ choices: [{ delta: { content: `tok${i} ` } }] })}\n\n`);
chunks.push(`data: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: "stop" }] })}\n\n`);
chunks.push(
  `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 3, completion_tokens: TOKENS } })}\n\n`,
);
chunks.push("data: [DONE]\n\n");

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    // One write per delta, as a real upstream sends them.
    for (const chunk of chunks) res.write(chunk);
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : 0}\n`);
});
