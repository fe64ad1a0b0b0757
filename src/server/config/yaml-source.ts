import { parseDocument, type YAMLError } from "yaml";
import type { Diagnostics } from "./diagnostics.js";

/** A config is an operator's file, not a data dump; past this size something is wrong. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/** Aliases expand when the document is turned into values; bound them (billion laughs). */
export const MAX_ALIAS_COUNT = 100;

/**
 * Our own words for the parser's error codes. The parser's messages can quote the offending
 * source text, and that text may be an `api_key` line: line and column point there instead.
 */
const YAML_CODES: Readonly<Record<YAMLError["code"], string>> = {
  ALIAS_PROPS: "an alias cannot carry an anchor or a tag",
  BAD_ALIAS: "invalid alias",
  BAD_DIRECTIVE: "invalid directive",
  BAD_DQ_ESCAPE: "invalid escape sequence in a double-quoted string",
  BAD_INDENT: "bad indentation, or a [ or { that is never closed",
  BAD_PROP_ORDER: "anchors and tags must come after the ?, : or - indicator",
  BAD_SCALAR_START: "a plain value cannot start with this character; quote the value",
  BLOCK_AS_IMPLICIT_KEY: "nested mappings are not allowed in compact mappings",
  BLOCK_IN_FLOW: "a block collection cannot sit inside a flow collection ([...] or {...})",
  DUPLICATE_KEY: "duplicate key in a mapping",
  IMPOSSIBLE: "the YAML parser failed",
  KEY_OVER_1024_CHARS: "an implicit key is longer than 1024 characters",
  MISSING_CHAR:
    "a character is missing (a closing quote or bracket, a comma, a space after ':', or the '-' of a list item); check the indentation too",
  MULTILINE_IMPLICIT_KEY: "an implicit key must fit on one line",
  MULTIPLE_ANCHORS: "a node has more than one anchor",
  MULTIPLE_DOCS: "the file holds more than one YAML document; a config is one document",
  MULTIPLE_TAGS: "a node has more than one tag",
  NON_STRING_KEY: "a mapping key is not a string",
  RESOURCE_EXHAUSTION: "the document expands too much (aliases)",
  TAB_AS_INDENT: "tabs are not allowed as indentation",
  TAG_RESOLVE_FAILED: "unknown YAML tag; the value is read as a plain string",
  UNEXPECTED_TOKEN: "unexpected content",
  BAD_COLLECTION_TYPE: "a tag names the wrong kind of collection",
};

function describe(lead: string, error: YAMLError, source: string | undefined): string {
  const at = error.linePos?.[0];
  const where = at === undefined ? "" : `line ${at.line}, column ${at.col}`;
  const location = [source, where].filter((part) => part !== undefined && part !== "").join(", ");
  const what = YAML_CODES[error.code] ?? error.code;
  return location === "" ? `${lead}: ${what}` : `${lead} at ${location}: ${what}`;
}

/**
 * Parses YAML 1.2 (the `yaml` package's core schema), which already reads `True`/`False` as
 * LiteLLM users write them, without YAML 1.1's surprises (`no` becoming false, `1:30` becoming
 * 90). `<<` merge keys are on, as in PyYAML. Returns undefined, after reporting, when the text
 * cannot be used.
 */
export function readYaml(
  text: string,
  source: string | undefined,
  diagnostics: Diagnostics,
): { readonly value: unknown } | undefined {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_CONFIG_BYTES) {
    diagnostics.problem(
      "",
      "too_large",
      `the config has ${bytes} bytes; at most ${MAX_CONFIG_BYTES} are allowed`,
    );
    return undefined;
  }
  const doc = parseDocument(text, { merge: true, prettyErrors: true, uniqueKeys: true });
  for (const warning of doc.warnings)
    diagnostics.info("", describe("YAML warning", warning, source));
  if (doc.errors.length > 0) {
    // Our wording is coarser than the parser's, so two errors at one spot can read the same.
    const messages = new Set(doc.errors.map((e) => describe("YAML syntax error", e, source)));
    for (const message of messages) diagnostics.problem("", "yaml_syntax", message);
    return undefined;
  }
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const why = error.message.includes("Excessive alias count")
      ? `aliases expand to more than ${MAX_ALIAS_COUNT} nodes`
      : "an alias names an anchor that is not defined before it";
    diagnostics.problem("", "yaml_alias", `YAML aliases cannot be resolved: ${why}`);
    return undefined;
  }
}
