/**
 * A problem found while validating input. Validation never stops at the first problem: callers get
 * every problem at once, each with the path of the offending value (Kubernetes-style field paths
 * such as `model_list[3].litellm_params.tags[0]`), so one round trip fixes a whole config or request.
 */
export interface Problem {
  /** Where the value sits, relative to the thing being validated (`tags[2]`). */
  readonly path: string;
  /** A stable, machine-readable rule name; see {@link TagRule} for tags. */
  readonly rule: string;
  /** A sentence for people: what is wrong and what would be right. */
  readonly message: string;
}

/** Prefixes every problem's path, so nested validators can report relative to themselves. */
export function prefixProblems(prefix: string, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, path: joinPath(prefix, p.path) }));
}

/** Joins field paths the way people write them: `a.b`, `a[0]`, never `a.[0]`. */
export function joinPath(prefix: string, path: string): string {
  if (prefix === "") return path;
  if (path === "") return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** Renders problems one per line, for CLI output and error messages. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.path || "(root)"}: ${p.message}`).join("\n");
}
