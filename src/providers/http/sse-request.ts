import { createParser, type EventSourceMessage } from "eventsource-parser";
import { type Dispatcher, Pool } from "undici";
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
 * The event a whole JSON response arrives as. Some OpenAI-compatible servers answer a streaming
 * request with one JSON completion (`content-type: application/json`) instead of server-sent
 * events; providers read this event as the completed answer.
 */
export const JSON_RESPONSE_EVENT = "tagroute.json-response";

/** Largest non-streamed JSON answer accepted: a completion, not a download. */
const MAX_JSON_BODY = 16 * 1024 * 1024;

/** Parsed events held before the upstream socket is paused for a consumer that is behind. */
const HIGH_WATER_EVENTS = 256;

/**
 * POSTs a streaming request and yields its server-sent events, parsed by eventsource-parser with a
 * streaming TextDecoder (a multi-byte character split across chunks arrives whole). Events come
 * in batches, one array per network read. A JSON answer (`application/json`) comes whole, as one
 * {@link JSON_RESPONSE_EVENT} event once the body has ended.
 *
 * Built on undici's `dispatch` rather than `request`: bytes are parsed in undici's data callback
 * as they arrive and the generator only hands over what has been parsed, with no body stream, no
 * stream iterator and no abort signal per request in between — those were a third of the CPU of
 * relaying a short completion. The upstream socket is paused while more than
 * {@link HIGH_WATER_EVENTS} events wait for a slow consumer.
 *
 * Every failure becomes a {@link ProviderError}: HTTP status, connection, timeout, or the caller's
 * abort. The upstream request ends when the caller aborts, the timeout passes, or the consumer
 * stops early; a response read to its end leaves its connection in the pool.
 */
export async function* sseRequest(
  request: SseRequest,
): AsyncGenerator<readonly EventSourceMessage[]> {
  const { url, signal, secret } = request;
  let controller: Dispatcher.DispatchController | undefined;
  let stopped = false;
  let timedOut = false;
  const stop = () => {
    stopped = true;
    controller?.abort(ENDED);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, request.timeoutMs);
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });

  let status = 0;
  let retryAfter: string | undefined;
  let errorText = "";
  let json: string | undefined;
  let events: EventSourceMessage[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const parser = createParser({ onEvent: (event) => events.push(event) });
  const decoder = new TextDecoder();

  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(c) {
      controller = c;
      if (stopped) c.abort(ENDED);
    },
    onResponseStart(_c, statusCode, headers) {
      status = statusCode;
      const retry = headers["retry-after"];
      retryAfter = Array.isArray(retry) ? retry[0] : retry;
      const type = headers["content-type"];
      if (statusCode < 400 && /^application\/json\b/i.test(String(type ?? ""))) json = "";
    },
    onResponseData(c, chunk) {
      if (status >= 400) {
        if (errorText.length < MAX_ERROR_BODY) errorText += chunk.toString();
        return;
      }
      if (json !== undefined) {
        json += decoder.decode(chunk, { stream: true });
        if (json.length > MAX_JSON_BODY) {
          c.abort(
            new ProviderError("server", `upstream answer larger than ${MAX_JSON_BODY} bytes`),
          );
        }
        return;
      }
      parser.feed(decoder.decode(chunk, { stream: true }));
      if (events.length > HIGH_WATER_EVENTS) c.pause();
      if (events.length > 0) notify();
    },
    onResponseEnd() {
      if (json !== undefined)
        events.push({ event: JSON_RESPONSE_EVENT, data: json, id: undefined });
      ended = true;
      notify();
    },
    onResponseError(_c, error) {
      failure = error;
      ended = true;
      notify();
    },
  };

  let complete = false;
  try {
    request.pools.poolFor(url.origin).dispatch(
      {
        method: "POST",
        path: `${url.pathname}${url.search}`,
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          ...request.headers,
        },
        body: request.body,
      },
      handler,
    );
    for (;;) {
      if (failure !== undefined) throw failed(failure);
      if (events.length > 0) {
        const batch = events;
        events = [];
        if (controller?.paused === true) controller.resume();
        yield batch;
        continue;
      }
      if (ended) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    complete = true;
    if (status >= 400) {
      const retryAfterMs = parseRetryAfter(retryAfter, Date.now());
      throw new ProviderError(
        kindOfStatus(status),
        `upstream answered ${status}: ${upstreamMessage(errorText, secret)}`,
        { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
      );
    }
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", stop);
    // A response read to its end has released its connection; anything else is cut off here.
    if (!complete) stop();
  }

  function failed(error: unknown): ProviderError {
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
