import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { migrate } from "./migrations.js";
import type { DeploymentFields, DeploymentRecord, TagFields, TagRecord } from "./records.js";
import type { DeploymentRow, TagRow } from "./sqlite-rows.js";
import { deploymentFromRow, deploymentToRow, tagFromRow, tagToRow } from "./sqlite-rows.js";
import type { Store } from "./store.js";
import { StoreError } from "./store-error.js";

export interface SqliteStoreOptions {
  /** The database file; created with its folder if missing. `:memory:` for throwaway stores. */
  readonly path: string;
}

const DEPLOYMENT_COLUMNS = `id, model_group, provider, upstream_model, api_base, credential_env,
  user_agent_patterns, weight, sort_order, rpm, tpm, input_cost_per_token, output_cost_per_token,
  timeout_ms, enabled, version, created_at, updated_at`;
const DEPLOYMENT_VALUES = `@id, @model_group, @provider, @upstream_model, @api_base, @credential_env,
  @user_agent_patterns, @weight, @sort_order, @rpm, @tpm, @input_cost_per_token,
  @output_cost_per_token, @timeout_ms, @enabled, @version, @created_at, @updated_at`;
const TAG_COLUMNS = `name, description, max_budget_usd, rpm_limit, tpm_limit, spend_usd, created_at,
  updated_at, created_by, updated_by, version`;
const TAG_VALUES = `@name, @description, @max_budget_usd, @rpm_limit, @tpm_limit, @spend_usd,
  @created_at, @updated_at, @created_by, @updated_by, @version`;

function checkVersion(kind: string, name: string, stored: number, expected: number): void {
  if (expected !== stored) {
    throw new StoreError(
      "version_conflict",
      `${kind} ${JSON.stringify(name)} is at version ${stored}, the request expected ${expected}: read it again and retry`,
    );
  }
}

/**
 * The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a transaction is on
 * disk (WAL fsynced) when `commit` returns — the guarantee behind "acknowledged means durable".
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  migrate(db);

  const q = {
    allDeployments: db.prepare<[], DeploymentRow>(
      "SELECT * FROM deployments ORDER BY created_at, id",
    ),
    deployment: db.prepare<[string], DeploymentRow>("SELECT * FROM deployments WHERE id = ?"),
    insertDeployment: db.prepare(
      `INSERT INTO deployments (${DEPLOYMENT_COLUMNS}) VALUES (${DEPLOYMENT_VALUES})`,
    ),
    replaceDeployment: db.prepare(
      `REPLACE INTO deployments (${DEPLOYMENT_COLUMNS}) VALUES (${DEPLOYMENT_VALUES})`,
    ),
    deleteDeployment: db.prepare<[string]>("DELETE FROM deployments WHERE id = ?"),
    allTags: db.prepare<[], TagRow>("SELECT * FROM tags ORDER BY name"),
    tag: db.prepare<[string], TagRow>("SELECT * FROM tags WHERE name = ?"),
    insertTag: db.prepare(`INSERT INTO tags (${TAG_COLUMNS}) VALUES (${TAG_VALUES})`),
    replaceTag: db.prepare(`REPLACE INTO tags (${TAG_COLUMNS}) VALUES (${TAG_VALUES})`),
    deleteTag: db.prepare<[string]>("DELETE FROM tags WHERE name = ?"),
    allAttachments: db.prepare<[], { tag: string; deployment_id: string }>(
      "SELECT tag, deployment_id FROM tag_attachments ORDER BY tag, deployment_id",
    ),
    countTagAttachments: db.prepare<[string], { n: number }>(
      "SELECT count(*) AS n FROM tag_attachments WHERE tag = ?",
    ),
    attach: db.prepare<[string, string]>(
      "INSERT OR IGNORE INTO tag_attachments (tag, deployment_id) VALUES (?, ?)",
    ),
    detachTag: db.prepare<[string]>("DELETE FROM tag_attachments WHERE tag = ?"),
    detachDeployment: db.prepare<[string]>("DELETE FROM tag_attachments WHERE deployment_id = ?"),
  };

  const existingDeployment = (id: string): DeploymentRecord => {
    const row = q.deployment.get(id);
    if (row === undefined)
      throw new StoreError("not_found", `deployment ${JSON.stringify(id)} does not exist`);
    return deploymentFromRow(row);
  };
  const existingTag = (name: string): TagRecord => {
    const row = q.tag.get(name);
    if (row === undefined)
      throw new StoreError("not_found", `tag ${JSON.stringify(name)} is not registered`);
    return tagFromRow(row);
  };

  return {
    location: options.path,

    load() {
      return {
        deployments: q.allDeployments.all().map(deploymentFromRow),
        tags: q.allTags.all().map(tagFromRow),
        attachments: q.allAttachments
          .all()
          .map((r) => ({ tag: r.tag, deploymentId: r.deployment_id })),
      };
    },

    createDeployment: db.transaction(
      (fields: DeploymentFields, tags: readonly string[], now: number) => {
        if (q.deployment.get(fields.id) !== undefined) {
          throw new StoreError(
            "already_exists",
            `deployment ${JSON.stringify(fields.id)} already exists`,
          );
        }
        const record: DeploymentRecord = { ...fields, version: 1, createdAt: now, updatedAt: now };
        q.insertDeployment.run(deploymentToRow(record));
        for (const tag of tags) q.attach.run(tag, fields.id);
        return record;
      },
    ),

    updateDeployment: db.transaction(
      (
        fields: DeploymentFields,
        expectedVersion: number,
        tags: readonly string[] | undefined,
        now: number,
      ) => {
        const stored = existingDeployment(fields.id);
        checkVersion("deployment", fields.id, stored.version, expectedVersion);
        const record: DeploymentRecord = {
          ...fields,
          version: stored.version + 1,
          createdAt: stored.createdAt,
          updatedAt: now,
        };
        q.replaceDeployment.run(deploymentToRow(record));
        if (tags !== undefined) {
          q.detachDeployment.run(fields.id);
          for (const tag of tags) q.attach.run(tag, fields.id);
        }
        return record;
      },
    ),

    deleteDeployment: db.transaction((id: string, expectedVersion: number) => {
      const stored = existingDeployment(id);
      if (expectedVersion !== 0) checkVersion("deployment", id, stored.version, expectedVersion);
      q.deleteDeployment.run(id);
      q.detachDeployment.run(id);
    }),

    createTag: db.transaction(
      (fields: TagFields, attachTo: readonly string[], by: string, now: number) => {
        if (q.tag.get(fields.name) !== undefined) {
          throw new StoreError(
            "already_exists",
            `tag ${JSON.stringify(fields.name)} is already registered`,
          );
        }
        const record: TagRecord = {
          ...fields,
          spendUsd: 0,
          createdAt: now,
          updatedAt: now,
          createdBy: by,
          updatedBy: by,
          version: 1,
        };
        q.insertTag.run(tagToRow(record));
        for (const id of attachTo) q.attach.run(fields.name, id);
        return record;
      },
    ),

    updateTag: db.transaction(
      (
        fields: TagFields,
        expectedVersion: number,
        attachTo: readonly string[] | undefined,
        by: string,
        now: number,
      ) => {
        const stored = existingTag(fields.name);
        checkVersion("tag", fields.name, stored.version, expectedVersion);
        const record: TagRecord = {
          ...stored,
          ...fields,
          updatedAt: now,
          updatedBy: by,
          version: stored.version + 1,
        };
        q.replaceTag.run(tagToRow(record));
        if (attachTo !== undefined) {
          q.detachTag.run(fields.name);
          for (const id of attachTo) q.attach.run(fields.name, id);
        }
        return record;
      },
    ),

    deleteTag: db.transaction((name: string, expectedVersion: number, force: boolean) => {
      const stored = existingTag(name);
      if (expectedVersion !== 0) checkVersion("tag", name, stored.version, expectedVersion);
      const attached = q.countTagAttachments.get(name)?.n ?? 0;
      if (attached > 0 && !force) {
        throw new StoreError(
          "still_attached",
          `tag ${JSON.stringify(name)} is attached to ${attached} deployment(s); detach it first or delete with force`,
        );
      }
      q.deleteTag.run(name);
      return q.detachTag.run(name).changes;
    }),

    close() {
      db.close();
    },
  };
}
