import type { DescService } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { toConnectError } from "./service-error.js";

type AnyHandler = (...args: unknown[]) => unknown;

/**
 * Wraps every method of a ServiceImpl so that domain errors become ConnectErrors in exactly one
 * place, whichever port and protocol the call came through. Streaming methods are generators:
 * their errors surface while iterating, so they are wrapped with a delegating generator.
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
      out[method.localName] = async function* (...args: unknown[]) {
        try {
          yield* handler(...args) as AsyncIterable<unknown>;
        } catch (error) {
          throw toConnectError(error);
        }
      };
    }
  }
  return out as Partial<ServiceImpl<S>>;
}
