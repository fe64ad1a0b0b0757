import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { DeploymentFields, Store } from "../../src/store/index.js";
import { createSqliteStore, isStoreError } from "../../src/store/index.js";

const open: Store[] = [];
function fresh(path = join(mkdtempSync(join(tmpdir(), "tagroute-store-")), "t.db")) {
  const store = createSqliteStore({ path });
  open.push(store);
  return { store, path };
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const fields = (id: string, extra: Partial<DeploymentFields> = {}): DeploymentFields => ({
  id,
  modelGroup: "gpt-4",
  provider: "mock",
  upstreamModel: "m",
  apiBase: undefined,
  credentialEnv: undefined,
  userAgentPatterns: [],
  weight: undefined,
  order: undefined,
  rpm: undefined,
  tpm: undefined,
  inputCostPerToken: undefined,
  outputCostPerToken: undefined,
  timeoutMs: undefined,
  enabled: true,
  ...extra,
});
const tag = (name: string) => ({
  name,
  description: "",
  maxBudgetUsd: undefined,
  rpmLimit: undefined,
  tpmLimit: undefined,
});

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isStoreError(error)) return error.kind;
    throw error;
  }
  return "none";
}

describe("SQLite store", () => {
  it("round-trips deployments, tags and attachments across reopen", () => {
    const { store, path } = fresh();
    store.createDeployment(
      fields("a", { weight: 2, userAgentPatterns: ["^x"], credentialEnv: "KEY", rpm: 60 }),
      ["t1", "t2"],
      1_000,
    );
    store.createTag(tag("t1"), ["a", "config-dep"], "api", 2_000);
    store.close();
    open.pop();
    const again = fresh(path).store.load();
    expect(again.deployments).toEqual([
      {
        ...fields("a", { weight: 2, userAgentPatterns: ["^x"], credentialEnv: "KEY", rpm: 60 }),
        version: 1,
        createdAt: 1_000,
        updatedAt: 1_000,
      },
    ]);
    expect(again.tags).toMatchObject([{ name: "t1", version: 1, createdBy: "api", spendUsd: 0 }]);
    expect(again.attachments).toEqual([
      { tag: "t1", deploymentId: "a" },
      { tag: "t1", deploymentId: "config-dep" },
      { tag: "t2", deploymentId: "a" },
    ]);
  });

  it("checks versions, existence and attachments", () => {
    const { store } = fresh();
    store.createDeployment(fields("a"), [], 1);
    expect(refusal(() => store.createDeployment(fields("a"), [], 2))).toBe("already_exists");
    expect(refusal(() => store.updateDeployment(fields("a"), 7, undefined, 2))).toBe(
      "version_conflict",
    );
    expect(store.updateDeployment(fields("a", { enabled: false }), 1, ["x"], 3)).toMatchObject({
      version: 2,
      enabled: false,
      createdAt: 1,
      updatedAt: 3,
    });
    expect(refusal(() => store.deleteDeployment("nope", 0))).toBe("not_found");

    store.createTag(tag("x"), [], "api", 4);
    expect(refusal(() => store.createTag(tag("x"), [], "api", 5))).toBe("already_exists");
    expect(refusal(() => store.deleteTag("x", 0, false))).toBe("still_attached");
    expect(
      store.updateTag({ ...tag("x"), description: "d" }, 1, ["a", "b"], "ops", 6),
    ).toMatchObject({ version: 2, description: "d", updatedBy: "ops", createdBy: "api" });
    expect(refusal(() => store.updateTag(tag("x"), 1, undefined, "ops", 7))).toBe(
      "version_conflict",
    );
    expect(store.deleteTag("x", 2, true)).toBe(2);
    expect(store.load().attachments).toEqual([]);
  });

  it("deleting a deployment removes its attachments in the same transaction", () => {
    const { store } = fresh();
    store.createDeployment(fields("a"), ["t"], 1);
    store.deleteDeployment("a", 1);
    expect(store.load()).toEqual({ deployments: [], tags: [], attachments: [] });
  });

  it("leaves the file in WAL mode with its schema version recorded", () => {
    const { store, path } = fresh();
    store.close();
    open.pop();
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    db.close();
  });

  it("refuses a file from a newer schema", () => {
    const { store, path } = fresh();
    store.close();
    open.pop();
    const db = new Database(path);
    db.pragma("user_version = 99");
    db.close();
    expect(() => createSqliteStore({ path })).toThrow(/schema version 99/);
  });
});
