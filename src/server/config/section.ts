import type { z } from "zod";
import { childPath, describeKind, isMapping } from "./config-path.js";
import type { Diagnostics } from "./diagnostics.js";
import { parseValue } from "./zod-problems.js";

/** The zod schema of every key a section knows. */
export type FieldSchemas = Readonly<Record<string, z.ZodType>>;

/** The fields that were present and valid; a missing or invalid field is absent. */
export type SectionValues<F extends FieldSchemas> = { [K in keyof F]?: z.output<F[K]> };

export interface Section<F extends FieldSchemas> {
  readonly values: SectionValues<F>;
  /** Keys present in the section that `fields` does not list, for the caller to judge. */
  readonly unknownKeys: readonly string[];
  /** Keys whose value was present but invalid (already reported). */
  readonly invalidKeys: ReadonlySet<string>;
}

/** A section with nothing in it: what an absent section, or one that is not a mapping, reads as. */
export function emptySection<F extends FieldSchemas>(): Section<F> {
  return { values: {}, unknownKeys: [], invalidKeys: new Set() };
}

/**
 * Parses a mapping field by field. A zod object schema would fail whole and return nothing, so a
 * bad `weight` would hide an invalid tag beside it; field by field, every field is checked and the
 * valid ones come back for the checks that span fields. An empty value (`router_settings:` with
 * nothing under it) counts as absent, as it does for LiteLLM, and so does a `null` field.
 * Returns undefined, after reporting, when the value is not a mapping at all.
 */
export function parseSection<F extends FieldSchemas>(
  raw: unknown,
  path: string,
  fields: F,
  diagnostics: Diagnostics,
): Section<F> | undefined {
  if (raw === undefined || raw === null) return emptySection();
  if (!isMapping(raw)) {
    diagnostics.problem(path, "type", `must be a mapping, got ${describeKind(raw)}`);
    return undefined;
  }
  const values: SectionValues<F> = {};
  const unknownKeys: string[] = [];
  const invalidKeys = new Set<string>();
  for (const [key, value] of Object.entries(raw)) {
    const schema = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (schema === undefined) {
      unknownKeys.push(key);
      continue;
    }
    if (value === null) continue;
    const parsed = parseValue(schema, value, childPath(path, key), diagnostics);
    // `fields[key]` is typed by the index signature, so its output type is lost; the key ties
    // this value to `F[key]`, which is what the cast restores.
    if (parsed === undefined) invalidKeys.add(key);
    else values[key as keyof F] = parsed as z.output<F[keyof F]>;
  }
  return { values, unknownKeys, invalidKeys };
}

/** Reports each required field that is absent (or empty); present-but-invalid ones are reported. */
export function requireFields<F extends FieldSchemas>(
  section: Section<F>,
  path: string,
  required: Readonly<Partial<Record<keyof F & string, string>>>,
  diagnostics: Diagnostics,
): void {
  for (const [key, why] of Object.entries(required)) {
    if (section.values[key] !== undefined || section.invalidKeys.has(key)) continue;
    diagnostics.problem(childPath(path, key), "required", `is required: ${why}`);
  }
}
