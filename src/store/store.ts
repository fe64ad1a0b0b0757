import type {
  DeploymentFields,
  DeploymentRecord,
  StoreContents,
  TagFields,
  TagRecord,
} from "./records.js";

/**
 * Durable state: API-created deployments, tag records and API tag attachments. Every write is one
 * transaction, on disk before the method returns, so an acknowledged write survives a crash.
 * Methods are synchronous: the embedded SQLite store answers in microseconds, and a synchronous
 * write cannot interleave with another one. Refusals throw {@link StoreError}.
 */
export interface Store {
  /** Everything stored, for building the routing state at startup. */
  load(): StoreContents;

  createDeployment(
    fields: DeploymentFields,
    tags: readonly string[],
    now: number,
  ): DeploymentRecord;
  /**
   * Replaces the deployment's fields; with `tags`, also replaces its attachments. Refused with
   * `version_conflict` unless `expectedVersion` is the stored version.
   */
  updateDeployment(
    fields: DeploymentFields,
    expectedVersion: number,
    tags: readonly string[] | undefined,
    now: number,
  ): DeploymentRecord;
  /** Deletes the deployment and its attachments; `expectedVersion` 0 skips the check. */
  deleteDeployment(id: string, expectedVersion: number): void;

  createTag(fields: TagFields, attachTo: readonly string[], by: string, now: number): TagRecord;
  /** Replaces the tag's fields; with `attachTo`, replaces its attachments in the same transaction. */
  updateTag(
    fields: TagFields,
    expectedVersion: number,
    attachTo: readonly string[] | undefined,
    by: string,
    now: number,
  ): TagRecord;
  /**
   * Deletes a tag record. Refused with `still_attached` while API attachments exist, unless
   * `force`, which removes them in the same transaction. Returns how many it detached.
   */
  deleteTag(name: string, expectedVersion: number, force: boolean): number;

  /** Where the data lives, for logs. */
  readonly location: string;
  close(): void;
}
