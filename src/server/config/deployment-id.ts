import { createHash } from "node:crypto";
import { isMapping } from "./config-path.js";

/** Length of a generated id: 64 bits of sha256, ample for any one fleet. */
export const GENERATED_ID_LENGTH = 16;

/**
 * JSON with mapping keys sorted at every depth, so the same entry written with its keys in another
 * order serializes — and hashes — the same.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isMapping(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null) ?? "null";
}

function without(value: unknown, key: string): Readonly<Record<string, unknown>> {
  if (!isMapping(value)) return {};
  const { [key]: _dropped, ...rest } = value;
  return rest;
}

/**
 * The id of a `model_list` entry without `model_info.id`: a hash of what the entry says, so it is
 * the same on every start and on every replica. `api_key` is left out: rotating a key must not
 * change a deployment's identity (and a hash of a secret has no place in an id that is shown).
 */
export function generatedDeploymentId(entry: Readonly<Record<string, unknown>>): string {
  const identity = {
    model_name: entry.model_name ?? null,
    litellm_params: without(entry.litellm_params, "api_key"),
    model_info: without(entry.model_info, "id"),
  };
  const digest = createHash("sha256").update(canonicalJson(identity)).digest("hex");
  return digest.slice(0, GENERATED_ID_LENGTH);
}
