import { create, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeDeltaResponse } from "../../src/service/delta-encoder.js";
import { CompleteResponseSchema } from "../../src/service/gen.js";

const generic = (text: string) =>
  toBinary(
    CompleteResponseSchema,
    create(CompleteResponseSchema, { event: { case: "delta", value: { text } } }),
  );

describe("the hand-written delta encoder", () => {
  it("writes exactly what toBinary writes, for any text (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "grapheme", maxLength: 200 }),
          // Lone surrogates and every code unit: both encoders must replace the same way.
          fc.string({ unit: "binary", maxLength: 50 }),
          // Long enough for multi-byte length varints.
          fc.string({ minLength: 127, maxLength: 20_000 }),
        ),
        (text) => {
          const init = { event: { case: "delta" as const, value: { text } } };
          const expected = generic(text);
          expect(Buffer.from(encodeDeltaResponse(init) ?? [])).toEqual(Buffer.from(expected));
          // A created message encodes the same as its init shape.
          const message = create(CompleteResponseSchema, init);
          expect(Buffer.from(encodeDeltaResponse(message) ?? [])).toEqual(Buffer.from(expected));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("leaves every other response to the generic encoder", () => {
    expect(
      encodeDeltaResponse({ event: { case: "finish", value: { reason: "stop" } } }),
    ).toBeUndefined();
    expect(
      encodeDeltaResponse({ event: { case: "usage", value: { inputTokens: 1 } } }),
    ).toBeUndefined();
    expect(encodeDeltaResponse({})).toBeUndefined();
  });

  it("encodes an empty delta as toBinary does (an empty Delta message)", () => {
    expect(Buffer.from(encodeDeltaResponse({ event: { case: "delta", value: {} } }) ?? [])).toEqual(
      Buffer.from(generic("")),
    );
  });
});
