import { type MessageInitShape, ScalarType } from "@bufbuild/protobuf";
import {
  type CompleteResponseSchema,
  DeltaSchema,
  CompleteResponseSchema as Response,
} from "./gen.js";

/** Wire type 2: length-delimited (strings, messages). */
const LENGTH_DELIMITED = 2;

function varintSize(value: number): number {
  let size = 1;
  for (let v = value; v >= 0x80; v >>>= 7) size++;
  return size;
}

function writeVarint(into: Buffer, at: number, value: number): number {
  let offset = at;
  let v = value;
  while (v >= 0x80) {
    into[offset++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  into[offset++] = v;
  return offset;
}

/**
 * The two tags a delta needs, read from the generated descriptors rather than written down, and
 * only when the messages still have the shape this encoder knows (Delta is one string field).
 */
function deltaTags(): { readonly outer: number; readonly inner: number } | undefined {
  const outer = Response.fields.find((f) => f.localName === "delta");
  const [text, ...rest] = DeltaSchema.fields;
  if (
    outer?.fieldKind !== "message" ||
    text?.fieldKind !== "scalar" ||
    text.scalar !== ScalarType.STRING ||
    rest.length > 0
  ) {
    return undefined;
  }
  return {
    outer: (outer.number << 3) | LENGTH_DELIMITED,
    inner: (text.number << 3) | LENGTH_DELIMITED,
  };
}

const TAGS = deltaTags();

/**
 * The bytes of a `CompleteResponse` holding a text delta, or undefined for any other response
 * (which then goes through protobuf-es's `toBinary`).
 *
 * Why by hand: a delta is almost every message tagroute sends, and `toBinary` walks the schema
 * reflectively for each one — it was the largest single cost of relaying a stream. The output is
 * byte-for-byte what `toBinary` writes (a property test compares them over arbitrary text).
 */
export function encodeDeltaResponse(
  value: MessageInitShape<typeof CompleteResponseSchema>,
): Uint8Array | undefined {
  const event = value.event;
  if (TAGS === undefined || event?.case !== "delta") return undefined;
  // Unknown fields (a message parsed from elsewhere) are toBinary's to write.
  if ("$unknown" in value || "$unknown" in event.value) return undefined;
  const text = event.value.text ?? "";
  // proto3: an empty string is not written, so an empty delta is an empty Delta message.
  const textBytes = text === "" ? 0 : Buffer.byteLength(text, "utf8");
  const inner = textBytes === 0 ? 0 : varintSize(TAGS.inner) + varintSize(textBytes) + textBytes;
  const bytes = Buffer.allocUnsafe(varintSize(TAGS.outer) + varintSize(inner) + inner);
  let offset = writeVarint(bytes, 0, TAGS.outer);
  offset = writeVarint(bytes, offset, inner);
  if (textBytes > 0) {
    offset = writeVarint(bytes, offset, TAGS.inner);
    offset = writeVarint(bytes, offset, textBytes);
    bytes.write(text, offset, "utf8");
  }
  return bytes;
}
