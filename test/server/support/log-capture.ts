import { type Logger, pino } from "pino";

/** One parsed pino line. */
export type LogLine = Record<string, unknown>;

export interface LogCapture {
  readonly logger: Logger;
  readonly lines: LogLine[];
  /** The per-call lines (`msg: "rpc"`) for one method path, in order. */
  calls(method: string): LogLine[];
  /** Waits until `count` call lines exist for the method (lines follow the response closely). */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<LogLine[]>;
}

/** A real pino logger writing into an array, so tests read exactly what production would log. */
export function captureLogs(): LogCapture {
  const lines: LogLine[] = [];
  const logger = pino(
    { level: "info" },
    {
      write(text: string) {
        lines.push(JSON.parse(text) as LogLine);
      },
    },
  );
  const calls = (method: string) =>
    lines.filter((line) => line.msg === "rpc" && line.method === method);
  return {
    logger,
    lines,
    calls,
    async waitForCalls(method, count, timeoutMs = 3000) {
      const until = Date.now() + timeoutMs;
      while (calls(method).length < count && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return calls(method);
    },
  };
}

/** Polls until `check` returns true; for effects on the server side of a call. */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
