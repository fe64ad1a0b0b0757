import { setTimeout as sleep } from "node:timers/promises";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  RetryInfoSchema,
} from "../../../sdk/src/gen/google/rpc/error_details_pb.js";
import {
  type CompleteRequest,
  MatchHow,
  RoutingService,
} from "../../../sdk/src/gen/tagroute/v1/routing_pb.js";
import {
  DEPLOYMENT_HEADER,
  type ServiceRegistration,
  serviceRegistration,
} from "../../../src/server/transport/index.js";

/** What the stub's handlers saw, for assertions the client cannot make. */
export interface StubObservations {
  /** One entry per handler whose `signal` aborted while it waited: method and abort code. */
  readonly aborts: { method: string; code: Code | undefined }[];
  /** Complete streams stopped by the transport before they were done (their `finally` ran). */
  stoppedStreams: number;
  /** Request header `x-probe` values seen by SelectDeployment (metadata → requestHeader). */
  readonly probes: string[];
}

export interface RoutingStub {
  readonly registration: ServiceRegistration<typeof RoutingService>;
  readonly observed: StubObservations;
}

/** The message a handler throws in a plain `Error`; it must never reach a client. */
export const SECRET_MESSAGE = "db password hunter2 leaked";

/** Records, once per call, that the call's signal aborted, with the abort's code. */
function noteAbort(
  context: HandlerContext,
  observed: StubObservations,
  seen: WeakSet<AbortSignal>,
): void {
  if (!context.signal.aborted || seen.has(context.signal)) return;
  seen.add(context.signal);
  const reason: unknown = context.signal.reason;
  observed.aborts.push({
    method: context.method.name,
    code: reason instanceof ConnectError ? reason.code : undefined,
  });
}

/** `user` of a CompleteRequest scripts the stream: "deltas=5;delay=50;fail=2". */
function script(request: CompleteRequest): { deltas: number; delay: number; fail: number } {
  const values = new Map(
    request.user
      .split(";")
      .filter((part) => part.includes("="))
      .map((part) => {
        const [key = "", value = "0"] = part.split("=");
        return [key, Number(value)];
      }),
  );
  return {
    deltas: values.get("deltas") ?? 3,
    delay: values.get("delay") ?? 0,
    fail: values.get("fail") ?? -1,
  };
}

/**
 * A RoutingService ServiceImpl with just enough behaviour to exercise the transport. The model
 * name selects the behaviour of SelectDeployment: "boom" throws a plain Error, "huge" answers
 * more than the message limit, "slow" waits 5 s on its signal, "bad-bin" sets a binary header
 * that is not base64; anything else answers dep-1.
 */
export function createRoutingStub(): RoutingStub {
  const observed: StubObservations = { aborts: [], stoppedStreams: 0, probes: [] };
  const seen = new WeakSet<AbortSignal>();
  const wait = async (ms: number, context: HandlerContext) => {
    try {
      await sleep(ms, undefined, { signal: context.signal });
    } finally {
      noteAbort(context, observed, seen);
    }
  };
  const registration = serviceRegistration(RoutingService, {
    async selectDeployment(request, context) {
      const model = request.routing?.model ?? "";
      const probe = context.requestHeader.get("x-probe");
      if (probe !== null) observed.probes.push(probe);
      if (model === "boom") throw new Error(SECRET_MESSAGE);
      if (model === "slow") await wait(5000, context);
      if (model === "bad-bin") context.responseHeader.set("x-raw-bin", "not base64!");
      context.responseHeader.set(DEPLOYMENT_HEADER, "dep-1");
      context.responseTrailer.set("x-trailer", "t1");
      return {
        deployment: { id: "dep-1", modelName: model, upstreamModel: "gpt-4o" },
        how: MatchHow.TAGS,
        candidateCount: 2,
        ...(model === "huge" ? { explanation: { model: "x".repeat(200_000) } } : {}),
      };
    },
    async *complete(request, context) {
      const { deltas, delay, fail } = script(request);
      let finished = false;
      try {
        yield {
          event: { case: "routed", value: { deploymentId: "dep-2", model: "gpt-4", attempt: 1 } },
        };
        for (let i = 0; i < deltas; i++) {
          if (i === fail) throw new ConnectError("upstream failed", Code.Unavailable);
          if (delay > 0) await wait(delay, context);
          yield { event: { case: "delta", value: { text: `d${i}` } } };
        }
        context.responseTrailer.set(DEPLOYMENT_HEADER, "dep-2");
        yield { event: { case: "finish", value: { reason: "stop", deploymentId: "dep-2" } } };
        finished = true;
      } finally {
        if (!finished) {
          // Stopped while suspended at a yield, the generator never saw its signal in `wait`.
          observed.stoppedStreams++;
          noteAbort(context, observed, seen);
        }
      }
    },
    createTag() {
      throw new ConnectError("tag paid already exists", Code.AlreadyExists, undefined, [
        {
          desc: ErrorInfoSchema,
          value: { reason: "TAG_EXISTS", domain: "tagroute.dev", metadata: { tag: "paid" } },
        },
        { desc: RetryInfoSchema, value: { retryDelay: { seconds: 2n, nanos: 0 } } },
        {
          desc: BadRequestSchema,
          value: { fieldViolations: [{ field: "tag.name", description: "already taken" }] },
        },
      ]);
    },
    getTag() {
      // An error relayed as received: incoming details are type name + bytes.
      const error = new ConnectError("relayed", Code.FailedPrecondition);
      error.details.push({
        type: "google.rpc.ErrorInfo",
        value: toBinary(ErrorInfoSchema, create(ErrorInfoSchema, { reason: "UPSTREAM" })),
      });
      throw error;
    },
  });
  return { registration, observed };
}
