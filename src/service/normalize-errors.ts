import type { DescService } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { toConnectError } from "./service-error.js";

type AnyHandler = (...args: unknown[]) => unknown;

/**
 * Wraps every method of a ServiceImpl so that domain errors become ConnectErrors in exactly one
 * place, whichever port and protocol the call came through. Streaming methods are generators:
 * their errors surface while iterating, so their iterators are wrapped.
 */
export function normalizeErrors<S extends DescService>(
  service: S,
  impl: Partial<ServiceImpl<S>>,
): Partial<ServiceImpl<S>> {
  const out: Record<string, AnyHandler> = {};
  const handlers = impl as Record<string, AnyHandler | undefined>;
  for (const method of service.methods) {
    const handler = handlers[method.localName];
    if (handler === undefined) continue;
    if (method.methodKind === "unary" || method.methodKind === "client_streaming") {
      out[method.localName] = async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (error) {
          throw toConnectError(error);
        }
      };
    } else {
      out[method.localName] = (...args: unknown[]) => {
        try {
          return mapErrors(handler(...args) as AsyncIterable<unknown>);
        } catch (error) {
          throw toConnectError(error);
        }
      };
    }
  }
  return out as Partial<ServiceImpl<S>>;
}

function rethrowMapped(error: unknown): never {
  throw toConnectError(error);
}

/**
 * A stream whose failures come out as ConnectErrors. Written as a plain iterator rather than a
 * delegating generator: this sits on every message of every Complete stream, and one `catch` per
 * step is much cheaper than a generator's suspend and resume.
 */
function mapErrors<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = source[Symbol.asyncIterator]();
      return {
        next: () => iterator.next().catch(rethrowMapped),
        return: (value?: unknown) =>
          iterator.return === undefined
            ? Promise.resolve({ done: true, value: value as T })
            : iterator.return(value).catch(rethrowMapped),
      };
    },
  };
}
