import type { Deployment } from "./deployment.js";
import type { Problem } from "./problem.js";
import { validateTags } from "./tag.js";
import { compileUserAgentPattern } from "./user-agent-pattern.js";

export const MAX_DEPLOYMENT_TAGS = 64;
export const MAX_DEPLOYMENT_PATTERNS = 16;
export const MAX_ID_LENGTH = 128;

const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/;

function checkNumber(
  problems: Problem[],
  path: string,
  value: number | undefined,
  { integer = false, min = 0 }: { integer?: boolean; min?: number } = {},
): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    problems.push({
      path,
      rule: "number",
      message: `must be ${integer ? "an integer" : "a number"} ≥ ${min}, got ${value}`,
    });
  }
}

/**
 * Validates a deployment before it is indexed: id, tags (deployment context: no `K:*`), user-agent
 * patterns (they must compile on RE2 now, not fail at request time) and numeric fields. Paths are
 * relative to the deployment, in the API's snake_case; loaders map them to their own paths.
 */
export function validateDeployment(deployment: Deployment): Problem[] {
  const problems: Problem[] = [];
  const { id } = deployment;
  if (id.length === 0 || id.length > MAX_ID_LENGTH || !ID_SHAPE.test(id)) {
    problems.push({
      path: "id",
      rule: "id",
      message: `id ${JSON.stringify(id.slice(0, 64))} must be 1–${MAX_ID_LENGTH} characters of letters, digits and . _ : @ / -, starting with a letter or digit`,
    });
  }
  if (deployment.modelGroup.length === 0 || deployment.modelGroup.length > 256) {
    problems.push({
      path: "model_name",
      rule: "model_name",
      message: "must have 1–256 characters",
    });
  }
  if (deployment.tags.length > MAX_DEPLOYMENT_TAGS) {
    problems.push({
      path: "tags",
      rule: "too_many_tags",
      message: `has ${deployment.tags.length} tags; at most ${MAX_DEPLOYMENT_TAGS} are allowed`,
    });
  }
  problems.push(...validateTags(deployment.tags, "deployment", "tags"));
  if (deployment.userAgentPatterns.length > MAX_DEPLOYMENT_PATTERNS) {
    problems.push({
      path: "user_agent_patterns",
      rule: "too_many_patterns",
      message: `has ${deployment.userAgentPatterns.length} patterns; at most ${MAX_DEPLOYMENT_PATTERNS} are allowed`,
    });
  }
  deployment.userAgentPatterns.forEach((source, i) => {
    const result = compileUserAgentPattern(source, `user_agent_patterns[${i}]`);
    if (!result.ok) problems.push(result.problem);
  });
  checkNumber(problems, "weight", deployment.weight);
  checkNumber(problems, "order", deployment.order, { integer: true });
  checkNumber(problems, "rpm", deployment.rpm, { integer: true });
  checkNumber(problems, "tpm", deployment.tpm, { integer: true });
  checkNumber(problems, "input_cost_per_token", deployment.inputCostPerToken);
  checkNumber(problems, "output_cost_per_token", deployment.outputCostPerToken);
  checkNumber(problems, "timeout_ms", deployment.timeoutMs, { min: 1 });
  return problems;
}
