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

/** The abort reason of a request this module ends itself; shared, since building one costs a stack. */
const ENDED = new Error("request ended by tagroute");

/**
 * POSTs a streaming request and yields its server-sent events, parsed by eventsource-parser with a
 * streaming TextDecoder (a multi-byte character split across chunks arrives whole). Events come
 * in batches, one array per network read: a read usually holds many events, and one step of an
 * async generator per read instead of per event is most of what relaying a stream costs. Every
 * failure becomes a {@link ProviderError}: HTTP status, connection, timeout, or the caller's
 * abort. The upstream request ends when the caller aborts, the timeout passes, or the consumer
 * stops early.
 */
export async function* sseRequest(
  request: SseRequest,
): AsyncGenerator<readonly EventSourceMessage[]> {
  const { url, signal, secret } = request;
  // One controller for the request; the caller's signal and the timeout feed it. (Cheaper than
  // AbortSignal.any over a timeout signal, which Node makes per call.)
  const local = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    local.abort(ENDED);
  }, request.timeoutMs);
  const onAbort = () => local.abort(ENDED);
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
  const fail = (error: unknown): ProviderError => {
    if (error instanceof ProviderError) return error;
    if (signal.aborted)
      return new ProviderError("aborted", "the caller went away", { cause: error });
    if (timedOut) {
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

  let response: Awaited<ReturnType<Pool["request"]>> | undefined;
  let complete = false;
  try {
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
        signal: local.signal,
      });
    } catch (error) {
      throw fail(error);
    }
    if (response.statusCode >= 400) {
      let text = "";
      try {
        for await (const chunk of response.body)
          if (text.length < MAX_ERROR_BODY) text += chunk.toString();
      } catch (error) {
        throw fail(error);
      }
      complete = true;
      const retry = response.headers["retry-after"];
      const retryAfterMs = parseRetryAfter(Array.isArray(retry) ? retry[0] : retry, Date.now());
      throw new ProviderError(
        kindOfStatus(response.statusCode),
        `upstream answered ${response.statusCode}: ${upstreamMessage(text, secret)}`,
        { status: response.statusCode, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
      );
    }
    let events: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (event) => events.push(event) });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        if (events.length > 0) {
          const batch = events;
          events = [];
          yield batch;
        }
      }
    } catch (error) {
      throw fail(error);
    }
    complete = true;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
    // A body read to its end has released its connection; anything else is cut off here.
    if (!complete) {
      local.abort(ENDED);
      response?.body.destroy();
    }
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
