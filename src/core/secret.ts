const REDACTED = "[redacted]";

/**
 * A credential value. It can be handed to a provider (`reveal()`), but every accidental way of
 * printing it — template strings, `JSON.stringify`, `console.log`/`util.inspect`, pino — shows
 * `[redacted]`. That makes "credentials never appear in a response, a log line or an error" a
 * property of the type rather than of every call site.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw value, for the one place that needs it: the request to the upstream. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return REDACTED;
  }
}
