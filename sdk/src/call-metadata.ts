import type { Interceptor } from "@connectrpc/connect";

/** The metadata key tagroute reads LiteLLM's tag string from. */
export const LITELLM_TAGS_HEADER = "x-litellm-tags";

export interface CallMetadataOptions {
  readonly apiKey: string | undefined;
  readonly litellmTags: string | undefined;
}

/**
 * Rejects an API key that could not travel as a header value, before any call is made. Node's
 * `Headers` echoes an invalid value in its TypeError, so letting the first call fail would put
 * the key into an error message; this check names the rule, never the value.
 */
export function checkApiKey(apiKey: string | undefined): void {
  if (apiKey === undefined) return;
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new TypeError(
      "apiKey must be non-empty printable ASCII without spaces (the key itself is not shown)",
    );
  }
}

/**
 * gRPC metadata values that are not `-bin` are printable ASCII; anything else is mangled or
 * refused by HTTP/2 stacks. Tags with other characters belong in the structured `routing.tags`,
 * `all` and `none` fields, which carry any Unicode.
 */
export function checkLitellmTags(litellmTags: string | undefined): void {
  if (litellmTags === undefined) return;
  if (!/^[\x20-\x7e]*$/.test(litellmTags)) {
    throw new TypeError(
      `litellmTags must be printable ASCII (use routing.tags for other tags): ${JSON.stringify(litellmTags)}`,
    );
  }
}

/**
 * Adds the client-wide metadata to every call. A header the caller passed for this one call wins,
 * so a backend can send a different key or tag string per request through `headers`.
 */
export function createCallMetadataInterceptor(options: CallMetadataOptions): Interceptor {
  const authorization = options.apiKey === undefined ? undefined : `Bearer ${options.apiKey}`;
  const litellmTags = options.litellmTags?.trim();
  return (next) => (request) => {
    if (authorization !== undefined && !request.header.has("authorization")) {
      request.header.set("authorization", authorization);
    }
    if (
      litellmTags !== undefined &&
      litellmTags !== "" &&
      !request.header.has(LITELLM_TAGS_HEADER)
    ) {
      request.header.set(LITELLM_TAGS_HEADER, litellmTags);
    }
    return next(request);
  };
}
