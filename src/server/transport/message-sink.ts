import type { WritableCall } from "./grpc-stream-io.js";

/** Where a streaming handler's encoded messages go, with backpressure. */
export interface MessageSink {
  /**
   * Sends one message. Returns a promise when the client is behind (settling once it has caught
   * up, or has gone away), and nothing otherwise, so the common case costs no promise.
   */
  send(bytes: Uint8Array): Promise<void> | undefined;
}

/** The grpc-js call object under a server stream: the interceptor chain's top. */
interface InterceptingCall {
  sendMessage(message: unknown, callback: () => void): void;
}

/** Bytes handed to HTTP/2 and not yet written out before `send` makes the caller wait… */
const HIGH_WATER_BYTES = 64 * 1024;
/** …and how far they must fall before it goes on. */
const LOW_WATER_BYTES = 16 * 1024;

function interceptingCallOf(call: WritableCall): InterceptingCall | undefined {
  const inner = (call as unknown as { call?: Partial<InterceptingCall> }).call;
  return typeof inner?.sendMessage === "function" ? (inner as InterceptingCall) : undefined;
}

/**
 * Settles when `wake` is called (`arm` receives it, and may return how to disarm), or when the
 * client goes away — so a producer waiting for a client that left is released too.
 */
function untilWoken(
  call: WritableCall,
  arm: (wake: () => void) => (() => void) | undefined,
): Promise<void> {
  return new Promise<void>((resolve) => {
    let disarm: (() => void) | undefined;
    const wake = () => {
      call.off("cancelled", wake);
      call.off("close", wake);
      disarm?.();
      resolve();
    };
    disarm = arm(wake);
    call.on("cancelled", wake);
    call.on("close", wake);
  });
}

/**
 * The sink for a grpc-js server stream.
 *
 * By default messages go straight to the call's interceptor chain (`sendMessage`, the method
 * grpc-js's own `write` ends in), skipping the object-mode `Writable` grpc-js wraps around it.
 * That wrapper queues, calls back and schedules a tick for every message, and for a stream of
 * tokens it cost more CPU than everything else tagroute adds to a completion (bench:complete).
 * Backpressure is kept here instead: bytes handed to HTTP/2 are counted until grpc-js reports them
 * written, and past {@link HIGH_WATER_BYTES} the producer waits. Ordering is unchanged — both
 * paths end in the same HTTP/2 stream, and the status is sent through the `Writable` after it
 * (`end()` only runs once everything before it was handed over).
 *
 * The chain is a grpc-js field (`call`), not public API. If a grpc-js version does not have it,
 * or `direct` is false, messages go through the public `write` with its `drain` event.
 */
export function createMessageSink(call: WritableCall, direct = true): MessageSink {
  const chain = direct ? interceptingCallOf(call) : undefined;
  if (chain === undefined) {
    return {
      send(bytes) {
        if (call.write(bytes)) return undefined;
        return untilWoken(call, (wake) => {
          call.once("drain", wake);
          return () => call.off("drain", wake);
        });
      },
    };
  }
  let pending = 0;
  let wake: (() => void) | undefined;
  const written = (size: number) => () => {
    pending -= size;
    if (wake !== undefined && pending <= LOW_WATER_BYTES) {
      const resume = wake;
      wake = undefined;
      resume();
    }
  };
  return {
    send(bytes) {
      pending += bytes.byteLength;
      chain.sendMessage(bytes, written(bytes.byteLength));
      if (pending <= HIGH_WATER_BYTES || call.cancelled) return undefined;
      return untilWoken(call, (resume) => {
        wake = resume;
        return undefined;
      });
    },
  };
}
