import {
  create,
  type DescField,
  type DescMessage,
  isMessage,
  type MessageInitShape,
  ScalarType,
  toBinary,
} from "@bufbuild/protobuf";
import { FeatureSet_FieldPresence } from "@bufbuild/protobuf/wkt";

/** Encodes a message; undefined for a value it does not handle, which then takes `toBinary`. */
export type CompiledEncoder = (value: MessageInitShape<DescMessage>) => Uint8Array | undefined;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;

type ScalarKind = "string" | "uint32" | "int32" | "double";

interface ScalarPlan {
  readonly name: string;
  readonly tag: number;
  readonly kind: ScalarKind;
}

/** A singular message field: its bytes come from `toBinary`, cached for frozen values. */
interface MessagePlan {
  readonly name: string;
  readonly tag: number;
  readonly kind: "message";
  readonly schema: DescMessage;
}

type FieldPlan = ScalarPlan | MessagePlan;

/**
 * A simple message: singular scalars with implicit presence and singular message fields, in
 * field-number order.
 */
type FlatPlan = readonly FieldPlan[];

/**
 * Bytes of frozen messages, computed once per object: the service deep-freezes what it serves
 * again and again (a deployment's wire form), and a response that holds one costs a copy of its
 * bytes instead of a reflective walk over twenty fields. Freezing is the promise that the message
 * will not change, so freeze deeply: a list inside a shallowly frozen message that changed later
 * would go out as it was.
 */
const frozenBytes = new WeakMap<object, Uint8Array>();

function nestedBytes(schema: DescMessage, value: object): Uint8Array {
  const frozen = Object.isFrozen(value);
  if (frozen) {
    const cached = frozenBytes.get(value);
    if (cached !== undefined) return cached;
  }
  const message = isMessage(value, schema)
    ? value
    : create(schema, value as MessageInitShape<DescMessage>);
  const bytes = toBinary(schema, message);
  if (frozen) frozenBytes.set(value, bytes);
  return bytes;
}

const SCALARS: ReadonlyMap<ScalarType, ScalarKind> = new Map([
  [ScalarType.STRING, "string"],
  [ScalarType.UINT32, "uint32"],
  [ScalarType.INT32, "int32"],
  [ScalarType.DOUBLE, "double"],
]);

function scalarPlan(field: DescField): ScalarPlan | undefined {
  if (field.oneof !== undefined || field.presence !== FeatureSet_FieldPresence.IMPLICIT)
    return undefined;
  let kind: ScalarKind | undefined;
  if (field.fieldKind === "scalar") kind = SCALARS.get(field.scalar);
  else if (field.fieldKind === "enum") kind = "int32";
  if (kind === undefined) return undefined;
  const wire = kind === "string" ? WIRE_LENGTH : kind === "double" ? WIRE_FIXED64 : WIRE_VARINT;
  return { name: field.localName, tag: (field.number << 3) | wire, kind };
}

function fieldPlan(field: DescField): FieldPlan | undefined {
  if (field.fieldKind === "message" && field.oneof === undefined) {
    return {
      name: field.localName,
      tag: (field.number << 3) | WIRE_LENGTH,
      kind: "message",
      schema: field.message,
    };
  }
  return scalarPlan(field);
}

function flatPlan(schema: DescMessage): FlatPlan | undefined {
  const plan: FieldPlan[] = [];
  for (const field of [...schema.fields].sort((a, b) => a.number - b.number)) {
    const planned = fieldPlan(field);
    if (planned === undefined) return undefined;
    plan.push(planned);
  }
  return plan;
}

function varintSize(value: number): number {
  let size = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 128)) size++;
  return size;
}

function writeVarint(into: Buffer, at: number, value: number): number {
  let offset = at;
  let v = value;
  while (v >= 0x80) {
    into[offset++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  into[offset++] = v;
  return offset;
}

/**
 * The encoded size of one field of `message`, 0 when it is not written, or -1 for a value only
 * `toBinary` should judge (out of range, wrong type, a negative int32).
 */
function fieldSize(field: ScalarPlan, value: unknown): number {
  switch (field.kind) {
    case "string": {
      if (value === undefined || value === "") return 0;
      if (typeof value !== "string") return -1;
      const length = Buffer.byteLength(value, "utf8");
      return varintSize(field.tag) + varintSize(length) + length;
    }
    case "uint32":
    case "int32": {
      if (value === undefined || value === 0) return 0;
      const max = field.kind === "uint32" ? 0xffffffff : 0x7fffffff;
      if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max)
        return -1;
      return varintSize(field.tag) + varintSize(value);
    }
    case "double":
      if (value === undefined || Object.is(value, 0)) return 0;
      return typeof value === "number" ? varintSize(field.tag) + 8 : -1;
  }
}

function writeField(into: Buffer, at: number, field: ScalarPlan, value: unknown): number {
  let offset = writeVarint(into, at, field.tag);
  switch (field.kind) {
    case "string": {
      const text = value as string;
      offset = writeVarint(into, offset, Buffer.byteLength(text, "utf8"));
      return offset + into.write(text, offset, "utf8");
    }
    case "uint32":
    case "int32":
      return writeVarint(into, offset, value as number);
    case "double":
      return into.writeDoubleLE(value as number, offset);
  }
}

/** A message measured for writing: each field's encoded size, and nested messages' bytes. */
interface Prepared {
  readonly size: number;
  readonly sizes: readonly number[];
  readonly nested: readonly (Uint8Array | undefined)[];
}

/** Measures one simple message, or undefined when a field is for `toBinary` to judge. */
function prepare(plan: FlatPlan, message: Record<string, unknown>): Prepared | undefined {
  if ("$unknown" in message) return undefined;
  const sizes: number[] = [];
  const nested: (Uint8Array | undefined)[] = [];
  let size = 0;
  for (const field of plan) {
    const value = message[field.name];
    let fieldBytes: number;
    let bytes: Uint8Array | undefined;
    if (field.kind === "message") {
      if (value !== undefined && typeof value !== "object") return undefined;
      bytes = value === undefined || value === null ? undefined : nestedBytes(field.schema, value);
      fieldBytes =
        bytes === undefined ? 0 : varintSize(field.tag) + varintSize(bytes.length) + bytes.length;
    } else {
      fieldBytes = fieldSize(field, value);
      if (fieldBytes < 0) return undefined;
    }
    sizes.push(fieldBytes);
    nested.push(bytes);
    size += fieldBytes;
  }
  return { size, sizes, nested };
}

function writeFlat(
  into: Buffer,
  at: number,
  plan: FlatPlan,
  message: Record<string, unknown>,
  prepared: Prepared,
): number {
  let offset = at;
  plan.forEach((field, i) => {
    if (prepared.sizes[i] === 0) return;
    const bytes = prepared.nested[i];
    if (field.kind === "message" && bytes !== undefined) {
      offset = writeVarint(into, offset, field.tag);
      offset = writeVarint(into, offset, bytes.length);
      into.set(bytes, offset);
      offset += bytes.length;
    } else if (field.kind !== "message") {
      offset = writeField(into, offset, field, message[field.name]);
    }
  });
  return offset;
}

function flatEncoder(plan: FlatPlan): CompiledEncoder {
  return (value) => {
    const message = value as Record<string, unknown>;
    const prepared = prepare(plan, message);
    if (prepared === undefined) return undefined;
    const bytes = Buffer.allocUnsafe(prepared.size);
    writeFlat(bytes, 0, plan, message, prepared);
    return bytes;
  };
}

interface CasePlan {
  readonly tag: number;
  readonly plan: FlatPlan;
}

/** A message that is one oneof of flat messages, like a stream's event envelope. */
function envelopeEncoder(schema: DescMessage): CompiledEncoder | undefined {
  const [oneof, ...others] = schema.oneofs;
  if (oneof === undefined || others.length > 0 || oneof.fields.length !== schema.fields.length)
    return undefined;
  const cases = new Map<string, CasePlan>();
  for (const field of oneof.fields) {
    if (field.fieldKind !== "message") return undefined;
    const plan = flatPlan(field.message);
    if (plan === undefined) return undefined;
    cases.set(field.localName, { tag: (field.number << 3) | WIRE_LENGTH, plan });
  }
  const name = oneof.localName;
  return (value) => {
    const envelope = value as Record<string, unknown>;
    if ("$unknown" in envelope) return undefined;
    const selected = envelope[name] as { case?: string; value?: unknown } | undefined;
    if (selected?.case === undefined) return selected === undefined ? new Uint8Array(0) : undefined;
    const chosen = cases.get(selected.case);
    const message = selected.value as Record<string, unknown> | undefined;
    if (chosen === undefined || message === undefined) return undefined;
    const prepared = prepare(chosen.plan, message);
    if (prepared === undefined) return undefined;
    const inner = prepared.size;
    const bytes = Buffer.allocUnsafe(varintSize(chosen.tag) + varintSize(inner) + inner);
    let offset = writeVarint(bytes, 0, chosen.tag);
    offset = writeVarint(bytes, offset, inner);
    writeFlat(bytes, offset, chosen.plan, message, prepared);
    return bytes;
  };
}

/**
 * A hand-rolled encoder for a message of one of two simple shapes — flat (singular scalars:
 * string, int32/uint32/enum, double, proto3 implicit presence; and singular message fields, whose
 * bytes come from `toBinary`, once for a frozen value) or an envelope holding one oneof of flat
 * messages (`CompleteResponse`: routed | delta | usage | finish) — or undefined for any other
 * shape, which keeps protobuf-es's `toBinary`.
 *
 * Why: `create` + `toBinary` walk the schema reflectively for every message, and Complete sends
 * one message per token; this plan is made once from the descriptor. The bytes are exactly
 * `toBinary`'s (fields in number order, zero values left out, -0 written), which a property test
 * checks over arbitrary messages; a value it is not sure about (a negative int32, a wrong type,
 * unknown fields) is left to `toBinary`.
 */
export function compileEncoder(schema: DescMessage): CompiledEncoder | undefined {
  if (schema.oneofs.length > 0) return envelopeEncoder(schema);
  const plan = flatPlan(schema);
  return plan === undefined ? undefined : flatEncoder(plan);
}
