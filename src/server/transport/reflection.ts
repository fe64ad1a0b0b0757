import { Code } from "@connectrpc/connect";
import { ServerReflection as ServerReflectionV1 } from "../../../sdk/src/gen/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ServerReflectionV1Alpha } from "../../../sdk/src/gen/grpc/reflection/v1alpha/reflection_pb.js";
import type { DescriptorIndex } from "./descriptor-index.js";
import { type ServiceRegistration, serviceRegistration } from "./transport-options.js";

/**
 * A reflection question, in the shape shared by the v1 and v1alpha messages (same fields, same
 * numbers, different package), so one implementation answers both.
 */
interface ReflectionQuestion {
  readonly host: string;
  readonly messageRequest:
    | { readonly case: "fileByFilename"; readonly value: string }
    | { readonly case: "fileContainingSymbol"; readonly value: string }
    | {
        readonly case: "fileContainingExtension";
        readonly value: { readonly containingType: string; readonly extensionNumber: number };
      }
    | { readonly case: "allExtensionNumbersOfType"; readonly value: string }
    | { readonly case: "listServices"; readonly value: string }
    | { readonly case: undefined; readonly value?: undefined };
}

/** The answer, as an init shape both versions' response messages accept. */
type ReflectionAnswer =
  | { case: "fileDescriptorResponse"; value: { fileDescriptorProto: Uint8Array[] } }
  | { case: "listServicesResponse"; value: { service: { name: string }[] } }
  | {
      case: "allExtensionNumbersResponse";
      value: { baseTypeName: string; extensionNumber: number[] };
    }
  | { case: "errorResponse"; value: { errorCode: number; errorMessage: string } };

function notFound(message: string): ReflectionAnswer {
  return { case: "errorResponse", value: { errorCode: Code.NotFound, errorMessage: message } };
}

function answer(index: DescriptorIndex, question: ReflectionQuestion): ReflectionAnswer {
  const request = question.messageRequest;
  const files = (
    file: ReturnType<DescriptorIndex["fileByName"]>,
    what: string,
  ): ReflectionAnswer =>
    file === undefined
      ? notFound(`${what} not found`)
      : {
          case: "fileDescriptorResponse",
          value: { fileDescriptorProto: [...index.encodedWithDependencies(file)] },
        };
  switch (request.case) {
    case "listServices":
      return {
        case: "listServicesResponse",
        value: { service: index.serviceNames.map((name) => ({ name })) },
      };
    case "fileByFilename":
      return files(index.fileByName(request.value), `file ${request.value}`);
    case "fileContainingSymbol":
      return files(index.fileContainingSymbol(request.value), `symbol ${request.value}`);
    case "fileContainingExtension": {
      const { containingType, extensionNumber } = request.value;
      return files(
        index.fileContainingExtension(containingType, extensionNumber),
        `extension ${extensionNumber} of ${containingType}`,
      );
    }
    case "allExtensionNumbersOfType": {
      const numbers = index.extensionNumbersOf(request.value);
      return numbers === undefined
        ? notFound(`type ${request.value} not found`)
        : {
            case: "allExtensionNumbersResponse",
            value: { baseTypeName: request.value, extensionNumber: [...numbers] },
          };
    }
    case undefined:
      return {
        case: "errorResponse",
        value: { errorCode: Code.InvalidArgument, errorMessage: "empty reflection request" },
      };
  }
}

/** Answers each question of the stream in order; a question never fails the stream. */
async function* converse<Q extends ReflectionQuestion>(
  index: DescriptorIndex,
  questions: AsyncIterable<Q>,
): AsyncGenerator<{ validHost: string; originalRequest: Q; messageResponse: ReflectionAnswer }> {
  for await (const question of questions) {
    yield {
      validHost: question.host,
      originalRequest: question,
      messageResponse: answer(index, question),
    };
  }
}

/**
 * gRPC server reflection, `grpc.reflection.v1` and the older `v1alpha` that many clients still
 * ask first, as Connect ServiceImpls answering from the generated descriptors. Served on both
 * ports like any service (it is only useful over gRPC, and harmless elsewhere). Comments are not
 * included: protoc-gen-es strips them from the embedded descriptors.
 */
export function createReflectionServices(
  index: DescriptorIndex,
): readonly [
  ServiceRegistration<typeof ServerReflectionV1>,
  ServiceRegistration<typeof ServerReflectionV1Alpha>,
] {
  return [
    serviceRegistration(ServerReflectionV1, {
      serverReflectionInfo: (questions) => converse(index, questions),
    }),
    serviceRegistration(ServerReflectionV1Alpha, {
      serverReflectionInfo: (questions) => converse(index, questions),
    }),
  ];
}
