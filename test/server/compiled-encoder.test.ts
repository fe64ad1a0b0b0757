import { create, type DescMessage, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileEncoder } from "../../src/server/transport/compiled-encoder.js";
import {
  CompleteResponseSchema,
  DeploymentSchema,
  ListDeploymentsResponseSchema,
  MatchHow,
  RoutedSchema,
  SelectDeploymentResponseSchema,
  UsageSchema,
} from "../../src/service/gen.js";

/** What protobuf-es writes: the twin the compiled encoder must match byte for byte. */
function generic(schema: DescMessage, init: MessageInitShape<DescMessage>): Buffer {
  return Buffer.from(toBinary(schema, create(schema, init)));
}

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  // Every code unit, lone surrogates included: both encoders must replace them alike.
  fc.string({ unit: "binary", maxLength: 20 }),
  // Long enough for a multi-byte length.
  fc.string({ minLength: 130, maxLength: 3_000 }),
  fc.constant(""),
);
const uint32 = fc.oneof(fc.constant(0), fc.nat(0xffffffff), fc.constant(0xffffffff));
const double = fc.oneof(
  fc.double(),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e-300),
);
const how = fc.oneof(
  fc.constantFrom(...(Object.values(MatchHow).filter((v) => typeof v === "number") as number[])),
  // An enum value this build does not know is still written as its number.
  fc.nat(0x7fffffff),
);

const event = fc.oneof(
  fc.record({
    case: fc.constant("routed" as const),
    value: fc.record({ deploymentId: text, model: text, attempt: uint32, how }),
  }),
  fc.record({ case: fc.constant("delta" as const), value: fc.record({ text }) }),
  fc.record({
    case: fc.constant("usage" as const),
    value: fc.record({ inputTokens: uint32, outputTokens: uint32, costUsd: double }),
  }),
  fc.record({
    case: fc.constant("finish" as const),
    value: fc.record({ reason: text, deploymentId: text }, { requiredKeys: [] }),
  }),
);

describe("compiled encoders", () => {
  const complete = compileEncoder(CompleteResponseSchema);

  it("compile for Complete's event envelope and for flat messages, not for others", () => {
    expect(complete).toBeDefined();
    expect(compileEncoder(UsageSchema)).toBeDefined();
    expect(compileEncoder(RoutedSchema)).toBeDefined();
    // A message with message fields compiles; one with repeated fields stays with toBinary.
    expect(compileEncoder(SelectDeploymentResponseSchema)).toBeDefined();
    expect(compileEncoder(ListDeploymentsResponseSchema)).toBeUndefined();
  });

  it("write exactly what toBinary writes for every Complete event (property)", () => {
    fc.assert(
      fc.property(event, (e) => {
        const init = { event: e } as MessageInitShape<typeof CompleteResponseSchema>;
        const expected = generic(CompleteResponseSchema, init);
        expect(Buffer.from(complete?.(init) ?? [])).toEqual(expected);
        // A created message encodes the same as its init shape.
        const message = create(CompleteResponseSchema, init);
        expect(Buffer.from(complete?.(message) ?? [])).toEqual(expected);
      }),
      { numRuns: 1_000 },
    );
  });

  it("write exactly what toBinary writes for a flat message (property)", () => {
    const usage = compileEncoder(UsageSchema);
    fc.assert(
      fc.property(
        fc.record(
          { inputTokens: uint32, outputTokens: uint32, costUsd: double },
          { requiredKeys: [] },
        ),
        (init) => {
          expect(Buffer.from(usage?.(init) ?? [])).toEqual(generic(UsageSchema, init));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("write exactly what toBinary writes for a response holding messages, frozen or not (property)", () => {
    const select = compileEncoder(SelectDeploymentResponseSchema);
    const deployment = fc.record(
      {
        id: text,
        modelName: text,
        tags: fc.array(text, { maxLength: 4 }),
        weight: double,
        order: fc.integer({ min: -5, max: 5 }),
        rpm: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        enabled: fc.boolean(),
        version: fc.bigInt({ min: 0n, max: 1000n }),
        createTime: fc.record({
          seconds: fc.bigInt({ min: 0n, max: 2n ** 40n }),
          nanos: fc.nat(999_999_999),
        }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.option(deployment, { nil: undefined }),
        how,
        uint32,
        fc.boolean(),
        fc.option(fc.record({ model: text, excludedOmitted: uint32 }), { nil: undefined }),
        (d, h, count, freeze, explanation) => {
          const message = d === undefined ? undefined : create(DeploymentSchema, d);
          if (message !== undefined && freeze) Object.freeze(message);
          const init = {
            deployment: message,
            how: h,
            candidateCount: count,
            ...(explanation === undefined ? {} : { explanation }),
          } as MessageInitShape<typeof SelectDeploymentResponseSchema>;
          const expected = generic(SelectDeploymentResponseSchema, init);
          expect(Buffer.from(select?.(init) ?? [])).toEqual(expected);
          // Twice: the second time a frozen deployment comes from the cache.
          expect(Buffer.from(select?.(init) ?? [])).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("re-encode a message that is not frozen every time, so a change shows", () => {
    const select = compileEncoder(SelectDeploymentResponseSchema);
    const deployment = create(DeploymentSchema, { id: "d-1", tags: ["a"] });
    const first = Buffer.from(select?.({ deployment }) ?? []);
    deployment.tags.push("b");
    const second = Buffer.from(select?.({ deployment }) ?? []);
    expect(second).not.toEqual(first);
    expect(second).toEqual(generic(SelectDeploymentResponseSchema, { deployment }));
  });

  it("encode an envelope with no event as toBinary does (no bytes)", () => {
    expect(Buffer.from(complete?.({}) ?? [1])).toEqual(generic(CompleteResponseSchema, {}));
  });

  it("leave values they cannot vouch for to toBinary", () => {
    // A negative enum (ten-byte varint), a fractional count, a wrong type, unknown fields.
    expect(
      complete?.({ event: { case: "routed", value: { how: -1 as MatchHow } } }),
    ).toBeUndefined();
    expect(complete?.({ event: { case: "usage", value: { inputTokens: 1.5 } } })).toBeUndefined();
    expect(
      complete?.({ event: { case: "delta", value: { text: 7 as unknown as string } } }),
    ).toBeUndefined();
    const withUnknown = create(CompleteResponseSchema, {
      event: { case: "delta", value: { text: "x" } },
    });
    withUnknown.$unknown = [{ no: 99, wireType: 0, data: new Uint8Array([1]) }];
    expect(complete?.(withUnknown)).toBeUndefined();
  });
});
