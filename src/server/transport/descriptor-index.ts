import {
  type DescEnum,
  type DescExtension,
  type DescFile,
  type DescMessage,
  toBinary,
} from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";

/** What server reflection answers from: files by name and by the symbols they define. */
export interface DescriptorIndex {
  /** Fully-qualified names of the services the server serves, sorted. */
  readonly serviceNames: readonly string[];
  fileByName(fileName: string): DescFile | undefined;
  /** The file defining a service, method, message, enum, field, enum value or extension. */
  fileContainingSymbol(symbol: string): DescFile | undefined;
  fileContainingExtension(extendee: string, fieldNumber: number): DescFile | undefined;
  /** Extension numbers known for a message, or undefined when the message is not known. */
  extensionNumbersOf(messageName: string): readonly number[] | undefined;
  /**
   * The file's `FileDescriptorProto` followed by those of all its transitive imports, each
   * once, encoded. Reflection clients (grpcurl, buf curl) build a descriptor pool from an answer
   * and fail on an import they were not given, so every answer is self-contained.
   */
  encodedWithDependencies(file: DescFile): readonly Uint8Array[];
}

/**
 * Indexes the generated descriptors: the files of `serviceNames`' services plus `files`, and
 * all their imports (well-known types arrive this way, from @bufbuild/protobuf/wkt). Built once
 * at startup; lookups are map reads.
 */
export function createDescriptorIndex(
  serviceNames: readonly string[],
  files: readonly DescFile[],
): DescriptorIndex {
  const byName = new Map<string, DescFile>();
  const bySymbol = new Map<string, DescFile>();
  const extensions = new Map<string, DescFile>();
  const extensionNumbers = new Map<string, number[]>();
  const messages = new Set<string>();
  const encoded = new Map<DescFile, readonly Uint8Array[]>();

  const addExtension = (extension: DescExtension) => {
    bySymbol.set(extension.typeName, extension.file);
    extensions.set(`${extension.extendee.typeName}#${extension.number}`, extension.file);
    const numbers = extensionNumbers.get(extension.extendee.typeName) ?? [];
    numbers.push(extension.number);
    extensionNumbers.set(extension.extendee.typeName, numbers);
  };
  const addEnum = (descEnum: DescEnum, scope: string) => {
    bySymbol.set(descEnum.typeName, descEnum.file);
    // Enum values are scoped like siblings of their enum, as in protobuf name resolution.
    for (const value of descEnum.values) bySymbol.set(join(scope, value.name), descEnum.file);
  };
  const addMessage = (message: DescMessage) => {
    messages.add(message.typeName);
    bySymbol.set(message.typeName, message.file);
    for (const field of message.fields)
      bySymbol.set(`${message.typeName}.${field.name}`, message.file);
    for (const oneof of message.oneofs)
      bySymbol.set(`${message.typeName}.${oneof.name}`, message.file);
    for (const nested of message.nestedMessages) addMessage(nested);
    // Map entry types (`CountsEntry`) exist only in the descriptor proto, not as DescMessages,
    // but reflection clients resolve them like any nested message.
    for (const nested of message.proto.nestedType) {
      const name = `${message.typeName}.${nested.name}`;
      if (!bySymbol.has(name)) {
        messages.add(name);
        bySymbol.set(name, message.file);
      }
    }
    for (const nested of message.nestedEnums) addEnum(nested, message.typeName);
    for (const nested of message.nestedExtensions) addExtension(nested);
  };
  const addFile = (file: DescFile) => {
    if (byName.has(file.proto.name)) return;
    byName.set(file.proto.name, file);
    for (const message of file.messages) addMessage(message);
    for (const descEnum of file.enums) addEnum(descEnum, file.proto.package);
    for (const extension of file.extensions) addExtension(extension);
    for (const service of file.services) {
      bySymbol.set(service.typeName, file);
      for (const method of service.methods)
        bySymbol.set(`${service.typeName}.${method.name}`, file);
    }
    for (const dependency of file.dependencies) addFile(dependency);
  };
  for (const file of files) addFile(file);

  return {
    serviceNames: [...serviceNames].sort(),
    fileByName: (fileName) => byName.get(fileName),
    fileContainingSymbol: (symbol) =>
      bySymbol.get(symbol.startsWith(".") ? symbol.slice(1) : symbol),
    fileContainingExtension: (extendee, fieldNumber) =>
      extensions.get(`${extendee}#${fieldNumber}`),
    extensionNumbersOf(messageName) {
      if (!messages.has(messageName)) return undefined;
      return extensionNumbers.get(messageName) ?? [];
    },
    encodedWithDependencies(file) {
      let answer = encoded.get(file);
      if (answer === undefined) {
        answer = withDependencies(file).map((each) =>
          toBinary(FileDescriptorProtoSchema, each.proto),
        );
        encoded.set(file, answer);
      }
      return answer;
    },
  };
}

function join(scope: string, name: string): string {
  return scope === "" ? name : `${scope}.${name}`;
}

/** The file first, then its imports depth-first, each once. */
function withDependencies(file: DescFile): DescFile[] {
  const seen = new Set<DescFile>();
  const order: DescFile[] = [];
  const visit = (each: DescFile) => {
    if (seen.has(each)) return;
    seen.add(each);
    order.push(each);
    for (const dependency of each.dependencies) visit(dependency);
  };
  visit(file);
  return order;
}
