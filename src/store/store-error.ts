/** The ways a store write can be refused; the service maps each to a gRPC code. */
export type StoreErrorKind = "not_found" | "already_exists" | "version_conflict" | "still_attached";

/** A refused store write. Anything else thrown by the store is an I/O failure. */
export class StoreError extends Error {
  readonly kind: StoreErrorKind;

  constructor(kind: StoreErrorKind, message: string) {
    super(message);
    this.name = "StoreError";
    this.kind = kind;
  }
}

export function isStoreError(error: unknown, kind?: StoreErrorKind): error is StoreError {
  return error instanceof StoreError && (kind === undefined || error.kind === kind);
}
