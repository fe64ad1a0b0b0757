import type { Deployment } from "../core/index.js";

/**
 * What the store keeps of an API-created deployment. Its tags are not here: every tag↔deployment
 * pair lives in the attachment rows, whatever the deployment's origin, so there is one relation to
 * query and to keep consistent. Credentials are stored only as the name of an environment
 * variable — never a secret value.
 */
export type DeploymentRecord = Omit<Deployment, "credential" | "tags" | "source"> & {
  /** The environment variable holding the credential, if any. */
  readonly credentialEnv: string | undefined;
  readonly version: number;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  readonly updatedAt: number;
};

/** The fields a caller sets; the store assigns version and timestamps. */
export type DeploymentFields = Omit<DeploymentRecord, "version" | "createdAt" | "updatedAt">;

/** A registered tag. */
export interface TagRecord {
  readonly name: string;
  readonly description: string;
  readonly maxBudgetUsd: number | undefined;
  readonly rpmLimit: number | undefined;
  readonly tpmLimit: number | undefined;
  readonly spendUsd: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly createdBy: string;
  readonly updatedBy: string;
  readonly version: number;
}

/** The fields a caller sets on a tag. */
export type TagFields = Pick<
  TagRecord,
  "name" | "description" | "maxBudgetUsd" | "rpmLimit" | "tpmLimit"
>;

/** One API-made tag↔deployment pair (config-declared pairs come from the config, not the store). */
export interface AttachmentRecord {
  readonly tag: string;
  readonly deploymentId: string;
}

/** Everything the store holds, read once at startup. */
export interface StoreContents {
  readonly deployments: readonly DeploymentRecord[];
  readonly tags: readonly TagRecord[];
  readonly attachments: readonly AttachmentRecord[];
}
