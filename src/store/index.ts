/** Durable state behind an interface; SQLite (embedded, one file) is the default implementation. */
export type {
  AttachmentRecord,
  DeploymentFields,
  DeploymentRecord,
  StoreContents,
  TagFields,
  TagRecord,
} from "./records.js";
export { createSqliteStore, type SqliteStoreOptions } from "./sqlite-store.js";
export type { Store } from "./store.js";
export { isStoreError, StoreError, type StoreErrorKind } from "./store-error.js";
