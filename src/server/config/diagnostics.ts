import type { Problem } from "../../core/index.js";
import type { ConfigNotice } from "./config-types.js";

/**
 * A broken generated config can hold millions of errors; past this many, one more line says how
 * many were left out, so the report stays readable and bounded in memory.
 */
export const MAX_REPORTED = 1000;

/**
 * Collects every problem and notice of one load. Sections report into it and keep going, which is
 * how a single run names every problem of a config at once.
 */
export interface Diagnostics {
  readonly problems: readonly Problem[];
  readonly notices: readonly ConfigNotice[];
  problem(path: string, rule: string, message: string): void;
  addProblems(problems: readonly Problem[]): void;
  /**
   * Adds the problems whose path has none yet. Core validators re-check what the config schemas
   * already checked; the first report of a path wins, so nothing is said twice.
   */
  addNewProblems(problems: readonly Problem[]): void;
  ignored(path: string, message: string): void;
  info(path: string, message: string): void;
}

export function createDiagnostics(): Diagnostics {
  const problems: Problem[] = [];
  const notices: ConfigNotice[] = [];
  const problemPaths = new Set<string>();
  let droppedProblems = 0;
  let droppedNotices = 0;

  const addProblem = (problem: Problem) => {
    if (problems.length >= MAX_REPORTED) {
      droppedProblems++;
      return;
    }
    problems.push(problem);
    problemPaths.add(problem.path);
  };
  const addNotice = (notice: ConfigNotice) => {
    if (notices.length >= MAX_REPORTED) droppedNotices++;
    else notices.push(notice);
  };

  return {
    get problems() {
      if (droppedProblems === 0) return problems;
      const rest = `${droppedProblems} more problem(s) not shown; fix these first`;
      return [...problems, { path: "", rule: "too_many_problems", message: rest }];
    },
    get notices() {
      if (droppedNotices === 0) return notices;
      const rest: ConfigNotice = {
        path: "",
        kind: "info",
        message: `${droppedNotices} more notice(s) not shown`,
      };
      return [...notices, rest];
    },
    problem: (path, rule, message) => addProblem({ path, rule, message }),
    addProblems: (list) => {
      for (const problem of list) addProblem(problem);
    },
    addNewProblems: (list) => {
      // Filter first: two new problems at one path (a tag with a space and a comma) both count.
      const fresh = list.filter((problem) => !problemPaths.has(problem.path));
      for (const problem of fresh) addProblem(problem);
    },
    ignored: (path, message) => addNotice({ path, kind: "ignored", message }),
    info: (path, message) => addNotice({ path, kind: "info", message }),
  };
}
