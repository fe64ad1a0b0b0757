import { formatProblems } from "../core/index.js";
import { buildSnapshot, describeFilteringImpact, loadConfigFile } from "../server/index.js";
import type { Output } from "./output.js";
import { EXIT_OK, EXIT_USAGE } from "./output.js";

export const CHECK_CONFIG_USAGE = "usage: tagroute check-config FILE";

/**
 * `tagroute check-config FILE`: every problem at once with its path, every ignored key, each
 * deployment's id (hashed ids included, so operators can pin them), and what tag filtering changes
 * per model group compared with LiteLLM's default.
 */
export async function checkConfigCommand(
  args: readonly string[],
  output: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0 || file.startsWith("-")) {
    output.err(CHECK_CONFIG_USAGE);
    return EXIT_USAGE;
  }
  const started = performance.now();
  const result = await loadConfigFile(file, { env });
  for (const notice of result.notices)
    output.err(`${notice.kind}: ${notice.path}: ${notice.message}`);
  if (!result.ok) {
    output.err(`${file}: ${result.problems.length} problem(s)\n${formatProblems(result.problems)}`);
    return EXIT_USAGE;
  }
  const { config } = result;
  const snapshot = buildSnapshot(config);
  const ms = (performance.now() - started).toFixed(1);
  output.out(
    `${file}: valid — ${config.deployments.length} deployment(s) in ${snapshot.groupCount} model group(s), loaded and indexed in ${ms} ms`,
  );
  for (const group of snapshot.groups()) {
    const s = group.settings;
    output.out(
      `\nmodel group ${group.name} (match ${s.match}, no_match ${s.noMatch}, filtering ${s.filtering ? "on" : "off"})`,
    );
    for (const m of group.members) {
      const d = m.deployment;
      const patterns =
        d.userAgentPatterns.length > 0 ? `  tag_regex ${d.userAgentPatterns.join(" | ")}` : "";
      output.out(
        `  ${d.id}  ${d.provider}/${d.upstreamModel}  tags [${d.tags.join(", ")}]${patterns}`,
      );
    }
  }
  const impact = describeFilteringImpact(config);
  if (impact.length > 0) {
    output.out("\ntag filtering (on in tagroute, off by default in LiteLLM):");
    for (const line of impact) output.out(`  ${line.message}`);
  }
  return EXIT_OK;
}
