import { describe, expect, it } from "vitest";
import { makeDeployment } from "../../src/core/index.js";
import { ProviderError } from "../../src/providers/index.js";
import { createHealthTracker } from "../../src/service/index.js";

const server = new ProviderError("server", "boom", { status: 500 });

describe("health tracker", () => {
  it("cools a deployment after more than allowed_fails failures within the window", () => {
    const h = createHealthTracker({
      allowedFails: 2,
      cooldownMs: 1_000,
      disabled: false,
      windowMs: 60_000,
    });
    h.recordFailure("a", server, 0);
    h.recordFailure("a", server, 10);
    expect(h.view().has("a")).toBe(false);
    h.recordFailure("a", server, 20);
    expect(h.view().get("a")).toEqual({ reason: "cooldown", until: 1_020 });
  });

  it("forgets failures outside the window and after a success", () => {
    const h = createHealthTracker({
      allowedFails: 1,
      cooldownMs: 1_000,
      disabled: false,
      windowMs: 100,
    });
    h.recordFailure("a", server, 0);
    h.recordFailure("a", server, 200);
    expect(h.view().has("a")).toBe(false);
    h.recordSuccess("a");
    h.recordFailure("a", server, 210);
    expect(h.view().has("a")).toBe(false);
  });

  it("honours retry-after on a 429 at once, and ignores the caller's own faults", () => {
    const h = createHealthTracker({ allowedFails: 5, cooldownMs: 1_000, disabled: false });
    h.recordFailure(
      "a",
      new ProviderError("rate_limited", "429", { status: 429, retryAfterMs: 7_000 }),
      100,
    );
    expect(h.view().get("a")?.until).toBe(7_100);
    for (let i = 0; i < 10; i++)
      h.recordFailure("b", new ProviderError("bad_request", "400", { status: 400 }), i);
    for (let i = 0; i < 10; i++) h.recordFailure("b", new ProviderError("aborted", "gone"), i);
    expect(h.view().has("b")).toBe(false);
  });

  it("does nothing when cooldowns are disabled", () => {
    const h = createHealthTracker({ allowedFails: 0, cooldownMs: 1_000, disabled: true });
    h.recordFailure("a", server, 0);
    expect(h.view().size).toBe(0);
  });

  it("replaces the view on change, so a reader's map never changes under it", () => {
    const h = createHealthTracker({ allowedFails: 0, cooldownMs: 1_000, disabled: false });
    const before = h.view();
    h.recordFailure("a", server, 0);
    expect(before.size).toBe(0);
    expect(h.view()).not.toBe(before);
  });
});

describe("per-deployment rpm/tpm limits", () => {
  const limited = (rpm?: number, tpm?: number) =>
    makeDeployment({
      id: "l",
      modelGroup: "g",
      ...(rpm === undefined ? {} : { rpm }),
      ...(tpm === undefined ? {} : { tpm }),
    });

  it("sets a deployment aside as rate_limit until the minute ends once it reaches its rpm", () => {
    const h = createHealthTracker({ allowedFails: 3, cooldownMs: 1_000, disabled: false });
    h.recordUsage(limited(2), 1, 0, 60_010);
    expect(h.view().has("l")).toBe(false);
    h.recordUsage(limited(2), 1, 0, 60_020);
    expect(h.view().get("l")).toEqual({ reason: "rate_limit", until: 120_000 });
  });

  it("counts tokens against tpm, per minute", () => {
    const h = createHealthTracker({ allowedFails: 3, cooldownMs: 1_000, disabled: false });
    h.recordUsage(limited(undefined, 100), 0, 60, 0);
    h.recordUsage(limited(undefined, 100), 0, 60, 60_000); // a new minute starts from zero
    expect(h.view().has("l")).toBe(false);
    h.recordUsage(limited(undefined, 100), 0, 40, 60_001);
    expect(h.view().get("l")?.reason).toBe("rate_limit");
  });
});
