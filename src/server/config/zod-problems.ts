import type { z } from "zod";
import type { Problem } from "../../core/index.js";
import { childPath, describeKind } from "./config-path.js";
import type { Diagnostics } from "./diagnostics.js";

const EXPECTED: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a finite number",
  int: "an integer",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

/** Rule names for zod's issue codes; custom issues bring their own in `params.rule`. */
const RULES: Readonly<Record<string, string>> = {
  invalid_type: "type",
  too_small: "too_small",
  too_big: "too_big",
  invalid_value: "one_of",
  invalid_format: "format",
  unrecognized_keys: "unknown_key",
};

function bound(issue: { origin: string; inclusive?: boolean }, atLeast: boolean, n: unknown) {
  const word = atLeast ? "at least" : "at most";
  if (issue.origin === "string") return `must have ${word} ${n} character(s)`;
  if (issue.origin === "array") return `must list ${word} ${n} item(s)`;
  const op = atLeast ? (issue.inclusive ? "≥" : ">") : issue.inclusive ? "≤" : "<";
  return `must be ${op} ${n}`;
}

/**
 * The loader's messages for zod's built-in checks. They describe the expected shape and the kind
 * of value found, never the value itself: the same schemas read `api_key`.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeKind(issue.input)}`;
    case "too_small":
      return bound(issue, true, issue.minimum);
    case "too_big":
      return bound(issue, false, issue.maximum);
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return "is not a key tagroute knows here; check its spelling";
    default:
      return undefined;
  }
};

/** Converts zod issues into problems under `prefix`; an unknown-keys issue becomes one per key. */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], prefix: string): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = childPath(prefix, ...issue.path);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        problems.push({ path: childPath(path, key), rule: "unknown_key", message: issue.message });
      }
      continue;
    }
    const custom = issue.code === "custom" ? issue.params?.rule : undefined;
    const rule = typeof custom === "string" ? custom : (RULES[issue.code] ?? issue.code);
    problems.push({ path, rule, message: issue.message });
  }
  return problems;
}

/**
 * Parses one value with its schema and reports any issue at `path`. Each config field goes
 * through here on its own, so a bad field never hides the problems of its siblings.
 */
export function parseValue<T extends z.ZodType>(
  schema: T,
  value: unknown,
  path: string,
  diagnostics: Diagnostics,
): z.output<T> | undefined {
  const result = schema.safeParse(value, { error: configErrorMap });
  if (result.success) return result.data;
  diagnostics.addProblems(issuesToProblems(result.error.issues, path));
  return undefined;
}

/** Fails a transform or check with a rule of our own; the message must not contain a secret. */
export function reject<T>(
  ctx: z.core.$RefinementCtx<T>,
  rule: string,
  message: string,
  path: readonly PropertyKey[] = [],
): void {
  ctx.addIssue({ code: "custom", message, params: { rule }, path: [...path] });
}
