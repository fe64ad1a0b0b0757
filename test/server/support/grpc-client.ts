import {
  create,
  type DescMessage,
  type DescMethod,
  fromBinary,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import {
  type CallOptions,
  Client,
  type ClientReadableStream,
  credentials,
  Metadata,
  type ServiceError,
  type StatusObject,
} from "@grpc/grpc-js";
import { methodPath } from "../../../src/server/transport/index.js";

/** A plain grpc-js client: no Connect anywhere on the client side. */
export function grpcClient(port: number): Client {
  return new Client(`127.0.0.1:${port}`, credentials.createInsecure());
}

function serializer<T extends DescMessage>(schema: T) {
  return (value: MessageInitShape<T>) => Buffer.from(toBinary(schema, create(schema, value)));
}

function deserializer<T extends DescMessage>(schema: T) {
  return (bytes: Buffer) => fromBinary(schema, bytes);
}

export interface UnaryResult<O> {
  readonly response: O | undefined;
  readonly error: ServiceError | undefined;
  readonly header: Metadata | undefined;
  readonly status: StatusObject | undefined;
}

/** One unary call; resolves with the response or the error, plus headers and final status. */
export function unaryCall<I extends DescMessage, O extends DescMessage>(
  client: Client,
  method: DescMethod & { input: I; output: O },
  request: MessageInitShape<I>,
  options: { metadata?: Metadata; call?: CallOptions } = {},
): Promise<UnaryResult<MessageShape<O>>> {
  return rawUnaryCall(
    client,
    methodPath(method),
    serializer(method.input),
    deserializer(method.output),
    request,
    options,
  );
}

/** A unary call with any serializers, e.g. to send bytes that do not parse. */
export function rawUnaryCall<Req, Res>(
  client: Client,
  path: string,
  serialize: (value: Req) => Buffer,
  deserialize: (bytes: Buffer) => Res,
  request: Req,
  options: { metadata?: Metadata; call?: CallOptions } = {},
): Promise<UnaryResult<Res>> {
  return new Promise((resolve) => {
    let header: Metadata | undefined;
    let outcome: { response: Res | undefined; error: ServiceError | undefined } | undefined;
    let status: StatusObject | undefined;
    const settle = () => {
      if (outcome !== undefined && status !== undefined) resolve({ ...outcome, header, status });
    };
    const call = client.makeUnaryRequest(
      path,
      serialize,
      deserialize,
      request,
      options.metadata ?? new Metadata(),
      options.call ?? {},
      (error, response) => {
        outcome = { response: error === null ? response : undefined, error: error ?? undefined };
        settle();
      },
    );
    call.on("metadata", (received: Metadata) => {
      header = received;
    });
    call.on("status", (received: StatusObject) => {
      status = received;
      settle();
    });
  });
}

export interface StreamResult<O> {
  readonly messages: O[];
  readonly error: ServiceError | undefined;
  readonly header: Metadata | undefined;
  readonly status: StatusObject;
}

/** A server-streaming call: the stream (to cancel it) and a promise of everything it produced. */
export function serverStreamCall<I extends DescMessage, O extends DescMessage>(
  client: Client,
  method: DescMethod & { input: I; output: O },
  request: MessageInitShape<I>,
  options: { metadata?: Metadata; call?: CallOptions } = {},
): { stream: ClientReadableStream<MessageShape<O>>; done: Promise<StreamResult<MessageShape<O>>> } {
  const stream = client.makeServerStreamRequest(
    methodPath(method),
    serializer(method.input),
    deserializer(method.output),
    request,
    options.metadata ?? new Metadata(),
    options.call ?? {},
  );
  const done = new Promise<StreamResult<MessageShape<O>>>((resolve) => {
    const messages: MessageShape<O>[] = [];
    let header: Metadata | undefined;
    let error: ServiceError | undefined;
    stream.on("data", (message: MessageShape<O>) => messages.push(message));
    stream.on("metadata", (received: Metadata) => {
      header = received;
    });
    stream.on("error", (received: ServiceError) => {
      error = received;
    });
    stream.on("status", (status: StatusObject) => {
      // "status" comes after the last "data"; an "error" (for non-OK) comes before it.
      setImmediate(() => resolve({ messages, error, header, status }));
    });
  });
  return { stream, done };
}

/** A bidi call: sends every request, half-closes, collects the responses. */
export function bidiCall<I extends DescMessage, O extends DescMessage>(
  client: Client,
  path: string,
  input: I,
  output: O,
  requests: MessageInitShape<I>[],
): Promise<{ messages: MessageShape<O>[]; status: StatusObject }> {
  const stream = client.makeBidiStreamRequest(
    path,
    serializer(input),
    deserializer(output),
    new Metadata(),
    {},
  );
  return new Promise((resolve) => {
    const messages: MessageShape<O>[] = [];
    stream.on("data", (message: MessageShape<O>) => messages.push(message));
    stream.on("error", () => undefined);
    stream.on("status", (status: StatusObject) =>
      setImmediate(() => resolve({ messages, status })),
    );
    for (const request of requests) stream.write(request);
    stream.end();
  });
}
