import type { Database } from "better-sqlite3";

/**
 * Schema migrations, applied in order inside one transaction each; `PRAGMA user_version` records
 * how far a file has come. Append new steps; never edit a released one.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE deployments (
    id                    TEXT PRIMARY KEY,
    model_group           TEXT NOT NULL,
    provider              TEXT NOT NULL,
    upstream_model        TEXT NOT NULL,
    api_base              TEXT,
    credential_env        TEXT,
    user_agent_patterns   TEXT NOT NULL DEFAULT '[]',
    weight                REAL,
    sort_order            INTEGER,
    rpm                   INTEGER,
    tpm                   INTEGER,
    input_cost_per_token  REAL,
    output_cost_per_token REAL,
    timeout_ms            INTEGER,
    enabled               INTEGER NOT NULL,
    version               INTEGER NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX deployments_by_group ON deployments (model_group);

  CREATE TABLE tags (
    name            TEXT PRIMARY KEY,
    description     TEXT NOT NULL DEFAULT '',
    max_budget_usd  REAL,
    rpm_limit       INTEGER,
    tpm_limit       INTEGER,
    spend_usd       REAL NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    version         INTEGER NOT NULL
  ) STRICT;

  -- API-made tag/deployment pairs. No foreign keys: a pair may name a config deployment, which
  -- lives in the config file, not here.
  CREATE TABLE tag_attachments (
    tag           TEXT NOT NULL,
    deployment_id TEXT NOT NULL,
    PRIMARY KEY (tag, deployment_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX tag_attachments_by_deployment ON tag_attachments (deployment_id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the file to the current schema; refuses a file written by a newer tagroute. */
export function migrate(db: Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the store has schema version ${current}, newer than this tagroute understands (${MIGRATIONS.length}); upgrade tagroute`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
