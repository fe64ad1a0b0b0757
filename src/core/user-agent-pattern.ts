import { RE2JS } from "re2js";
import type { Problem } from "./problem.js";

/** Patterns come from config and the API; bound them so compiling one stays cheap. */
export const MAX_PATTERN_LENGTH = 1024;

/** A compiled user-agent pattern (LiteLLM's `tag_regex`). */
export interface UserAgentPattern {
  readonly source: string;
  /** Unanchored search in `User-Agent: <ua>`. */
  test(subject: string): boolean;
}

/** The string patterns are searched in, as LiteLLM builds it. */
export function userAgentSubject(userAgent: string): string {
  return `User-Agent: ${userAgent}`;
}

export type PatternResult =
  | { readonly ok: true; readonly pattern: UserAgentPattern }
  | { readonly ok: false; readonly problem: Problem };

/**
 * Compiles a pattern on RE2's linear-time engine (re2js): patterns are operator input and user
 * agents are caller input, so a backtracking engine would let either stall the router. Syntax is
 * RE2's; Python-only constructs (lookaround, backreferences) are rejected here, at load time.
 */
export function compileUserAgentPattern(source: string, path = ""): PatternResult {
  if (source.length === 0 || source.length > MAX_PATTERN_LENGTH) {
    return {
      ok: false,
      problem: {
        path,
        rule: "pattern_length",
        message: `pattern must have 1 to ${MAX_PATTERN_LENGTH} characters, has ${source.length}`,
      },
    };
  }
  try {
    const re = RE2JS.compile(source);
    return { ok: true, pattern: { source, test: (subject) => re.test(subject) } };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problem: { path, rule: "pattern_syntax", message: `invalid RE2 pattern: ${detail}` },
    };
  }
}
