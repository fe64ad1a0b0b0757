import { Code } from "@connectrpc/connect";
import { ServiceError } from "./service-error.js";

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface Page<T> {
  readonly items: T[];
  readonly nextPageToken: string;
}

function invalid(field: string, message: string): ServiceError {
  return new ServiceError({
    code: Code.InvalidArgument,
    reason: "INVALID_REQUEST",
    message: `${field}: ${message}`,
    problems: [{ path: field, rule: "paging", message }],
  });
}

/**
 * One page of `keys` (sorted, unique) after the position a token names. The token is opaque to
 * clients (base64url of the last key served), so paging stays stable while items are added.
 */
export function pageOf<T>(
  sortedKeys: readonly string[],
  pageSize: number,
  pageToken: string,
  load: (key: string) => T | undefined,
): Page<T> {
  if (pageSize > MAX_PAGE_SIZE)
    throw invalid("page_size", `must be at most ${MAX_PAGE_SIZE}, got ${pageSize}`);
  const size = pageSize === 0 ? DEFAULT_PAGE_SIZE : pageSize;
  let start = 0;
  if (pageToken !== "") {
    const after = Buffer.from(pageToken, "base64url").toString("utf8");
    if (after === "" || Buffer.from(after, "utf8").toString("base64url") !== pageToken) {
      throw invalid("page_token", "is not a token this server issued");
    }
    start = sortedKeys.findIndex((k) => k > after);
    if (start === -1) start = sortedKeys.length;
  }
  const items: T[] = [];
  let last: string | undefined;
  let i = start;
  for (; i < sortedKeys.length && items.length < size; i++) {
    const key = sortedKeys[i] as string;
    const item = load(key);
    if (item !== undefined) {
      items.push(item);
      last = key;
    }
  }
  const more = i < sortedKeys.length;
  return {
    items,
    nextPageToken:
      more && last !== undefined ? Buffer.from(last, "utf8").toString("base64url") : "",
  };
}
