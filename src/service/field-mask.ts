import { invalidArgument } from "./service-error.js";

/**
 * Checks an update's field mask against the fields that may change: it must name at least one,
 * and only those. Every Update RPC goes through here, so they refuse alike.
 */
export function checkUpdateMask(paths: readonly string[], updatable: readonly string[]): void {
  const unknown = paths.filter((p) => !updatable.includes(p));
  if (paths.length > 0 && unknown.length === 0) return;
  throw invalidArgument([
    {
      path: "update_mask",
      rule: "field_mask",
      message:
        paths.length === 0
          ? `update_mask is required: name the fields to change (${updatable.join(", ")})`
          : `update_mask names fields that cannot be updated: ${unknown.join(", ")}`,
    },
  ]);
}
