import { createParser, type EventSourceMessage } from "eventsource-parser";
import { Pool } from "undici";
import { kindOfStatus, ProviderError, parseRetryAfter } from "../provider-error.js";

const MAX_ERROR_BODY = 16 * 1024;
const MAX_MESSAGE = 500;

/** One keep-alive undici pool per upstream origin, shared by every deployment on it. */
export interface PoolSet {
  poolFor(origin: string): Pool;
  close(): Promise<void>;
}

export function createPoolSet(connectionsPerOrigin = 64): PoolSet {
  const pools = new Map<string, Pool>();
  return {
    poolFor(origin) {
      let pool = pools.get(origin);
      if (pool === undefined) {
        pool = new Pool(origin, { connections: connectionsPerOrigin, keepAliveTimeout: 30_000 });
        pools.set(origin, pool);
      }
      return pool;
    },
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close()));
    },
  };
}

/** The upstream's own error message (JSON `error.message` where there is one), bounded, with the credential cut out. */
export function upstreamMessage(text: string, secret: string | undefined): string {
  let message = text;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === "string") message = parsed.error.message;
  } catch {
    // Not JSON: keep the text itself (bounded below).
  }
  if (secret !== undefined && secret !== "") message = message.split(secret).join("[redacted]");
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

export interface SseRequest {
  readonly pools: PoolSet;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The caller's signal: client cancel or deadline. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** The credential, only to scrub it from upstream messages. */
  readonly secret: string | undefined;
}

/**
 * POSTs a streaming request and yields its server-sent events, parsed by eventsource-parser with a
 * streaming TextDecoder (a multi-byte character split across chunks arrives whole). Every failure
 * becomes a {@link ProviderError}: HTTP status, connection, timeout, or the caller's abort. The
 * upstream request ends when the caller aborts, the timeout passes, or the consumer stops early.
 */
export async function* sseRequest(request: SseRequest): AsyncGenerator<EventSourceMessage> {
  const { url, signal, secret } = request;
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const local = new AbortController();
  const fail = (error: unknown): ProviderError => {
    if (error instanceof ProviderError) return error;
    if (signal.aborted)
      return new ProviderError("aborted", "the caller went away", { cause: error });
    if (timeout.aborted) {
      return new ProviderError("timeout", `no complete answer within ${request.timeoutMs} ms`, {
        cause: error,
      });
    }
    const code = (error as { code?: string }).code ?? "";
    return new ProviderError(
      "connection",
      `cannot reach ${url.origin}${code ? ` (${code})` : ""}`,
      { cause: error },
    );
  };

  let response: Awaited<ReturnType<Pool["request"]>>;
  try {
    response = await request.pools.poolFor(url.origin).request({
      method: "POST",
      path: `${url.pathname}${url.search}`,
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        ...request.headers,
      },
      body: request.body,
      signal: AbortSignal.any([signal, timeout, local.signal]),
    });
  } catch (error) {
    throw fail(error);
  }
  try {
    if (response.statusCode >= 400) {
      let text = "";
      for await (const chunk of response.body)
        if (text.length < MAX_ERROR_BODY) text += chunk.toString();
      const retry = response.headers["retry-after"];
      const retryAfterMs = parseRetryAfter(Array.isArray(retry) ? retry[0] : retry, Date.now());
      throw new ProviderError(
        kindOfStatus(response.statusCode),
        `upstream answered ${response.statusCode}: ${upstreamMessage(text, secret)}`,
        { status: response.statusCode, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
      );
    }
    const events: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (event) => events.push(event) });
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      for (const event of events.splice(0)) yield event;
    }
  } catch (error) {
    throw fail(error);
  } finally {
    local.abort();
    response.body.destroy();
  }
}

/** Parses one event's JSON data, or fails as a server error: the upstream broke the protocol. */
export function eventJson<T>(event: EventSourceMessage): T {
  try {
    return JSON.parse(event.data) as T;
  } catch (error) {
    throw new ProviderError("server", "upstream sent an event that is not JSON", { cause: error });
  }
}
