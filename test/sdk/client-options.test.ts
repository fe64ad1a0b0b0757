import { inspect } from "node:util";
import { createTagrouteClient, DEFAULT_PORTS, type TagrouteProtocol } from "@tagroute/sdk";
import { describe, expect, it } from "vitest";

/** Creates a client, reads what it resolved, closes it. Nothing connects before a call. */
async function resolved(address: string, protocol?: TagrouteProtocol) {
  const client = createTagrouteClient(protocol === undefined ? { address } : { address, protocol });
  await client.close();
  return { address: client.address, protocol: client.protocol };
}

describe("createTagrouteClient options", () => {
  it.each([
    ["http://127.0.0.1:50051", undefined, "http://127.0.0.1:50051", "grpc"],
    ["127.0.0.1:50051", undefined, "http://127.0.0.1:50051", "grpc"],
    ["tagroute", undefined, `http://tagroute:${DEFAULT_PORTS.grpc}`, "grpc"],
    ["tagroute", "connect", `http://tagroute:${DEFAULT_PORTS.connect}`, "connect"],
    ["  localhost:9000/ ", "connect", "http://localhost:9000", "connect"],
    ["[::1]:50051", "grpc", "http://[::1]:50051", "grpc"],
    ["https://router.example.com", "grpc", "https://router.example.com", "grpc"],
    [
      "http://gw.example.com:8443/tagroute/",
      "connect",
      "http://gw.example.com:8443/tagroute",
      "connect",
    ],
  ] as const)("resolves %s (%s) to %s", async (address, protocol, url, effective) => {
    expect(await resolved(address, protocol)).toEqual({ address: url, protocol: effective });
  });

  it.each([
    ["", /empty/],
    ["ftp://host:21", /http or https/],
    ["http://user:tr-key@host:1", /credentials/],
    ["http://host:1/?x=1", /query/],
    ["http://host:99999", /not a valid/],
  ])("rejects the address %j", (address, message) => {
    expect(() => createTagrouteClient({ address })).toThrow(message);
  });

  it("rejects an unknown protocol", () => {
    const protocol = "http3" as TagrouteProtocol;
    expect(() => createTagrouteClient({ address: "h:1", protocol })).toThrow(/grpc.*connect/);
  });

  it("rejects an API key that cannot be a header value, without echoing it", () => {
    for (const apiKey of ["", "has space", "line\nbreak", "ключ"]) {
      let thrown: unknown;
      try {
        createTagrouteClient({ address: "h:1", apiKey });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      if (apiKey !== "") expect(String(thrown)).not.toContain(apiKey);
    }
  });

  it("rejects litellmTags that metadata cannot carry", () => {
    expect(() => createTagrouteClient({ address: "h:1", litellmTags: "région:eu" })).toThrow(
      /printable ASCII/,
    );
    expect(() => createTagrouteClient({ address: "h:1", litellmTags: "a\r\nb" })).toThrow(
      /printable ASCII/,
    );
  });

  it("shows protocol and address, never the key, in toString and inspect", async () => {
    const client = createTagrouteClient({ address: "h:1", apiKey: "tr-live-abcdef123456" });
    expect(String(client)).toBe("TagrouteClient(grpc http://h:1, apiKey: <redacted>)");
    expect(inspect(client)).toBe(String(client));
    expect(inspect(client, { showHidden: true, depth: 20 })).not.toContain("abcdef123456");
    expect(JSON.stringify(client)).not.toContain("abcdef123456");
    await client.close();
  });
});
