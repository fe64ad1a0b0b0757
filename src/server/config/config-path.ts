import { joinPath } from "../../core/index.js";

/** Keys that read unambiguously after a dot; anything else is quoted (`groups["gpt-3.5"]`). */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Keys come from the operator's file: a pasted blob must not flood a message. */
const MAX_SHOWN_KEY = 64;

/** One path step for a mapping key or a list index, ready for {@link joinPath}. */
export function pathSegment(key: PropertyKey): string {
  if (typeof key === "number") return `[${key}]`;
  const text = String(key);
  if (PLAIN_KEY.test(text) && text.length <= MAX_SHOWN_KEY) return text;
  const shown = text.length > MAX_SHOWN_KEY ? `${text.slice(0, MAX_SHOWN_KEY - 3)}...` : text;
  return `[${JSON.stringify(shown)}]`;
}

/**
 * The path of a child value, in LiteLLM terms: `model_list[3].litellm_params.tags[0]`. Every
 * problem and notice of the loader is built with it, so paths read the same everywhere.
 */
export function childPath(parent: string, ...keys: readonly PropertyKey[]): string {
  let path = parent;
  for (const key of keys) path = joinPath(path, pathSegment(key));
  return path;
}

/** A plain object from YAML (a mapping), as opposed to a list, a scalar or null. */
export function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Names a value's kind for a message without showing the value: the value may be a credential,
 * and "got a number" is all a person needs to fix a type.
 */
export function describeKind(value: unknown): string {
  if (value === null) return "null (an empty value)";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return Number.isFinite(value) ? "a number" : "a non-finite number";
    case "boolean":
      return "a boolean";
    case "object":
      return "a mapping";
    default:
      return typeof value;
  }
}
