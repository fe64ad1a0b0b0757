import type { Problem } from "../core/index.js";
import { makeDeployment, prefixProblems, validateDeployment } from "../core/index.js";
import type { DeploymentFields } from "../store/index.js";
import type { Deployment as DeploymentMessage } from "./gen.js";
import { providerFromProto } from "./proto-convert.js";

const ENV_REFERENCE = /^os\.environ\/([A-Za-z_][A-Za-z0-9_]{0,127})$/;
const MAX_UPSTREAM_MODEL = 512;
const MAX_API_BASE = 2048;

function checkApiBase(problems: Problem[], apiBase: string): void {
  if (apiBase === "") return;
  let ok = apiBase.length <= MAX_API_BASE;
  try {
    const url = new URL(apiBase);
    ok &&= url.protocol === "http:" || url.protocol === "https:";
    ok &&= url.username === "" && url.password === "";
  } catch {
    ok = false;
  }
  if (!ok) {
    // The value is not echoed: a URL can carry credentials.
    problems.push({
      path: "deployment.api_base",
      rule: "url",
      message: `deployment.api_base must be an http(s) URL of at most ${MAX_API_BASE} characters, without user info`,
    });
  }
}

/**
 * A deployment message from the API as store fields and tags, or every problem with its path.
 * Credentials are accepted only as `os.environ/NAME` of a variable set in tagroute's environment:
 * the API never receives, stores or returns a secret.
 */
export function deploymentInput(
  msg: DeploymentMessage | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; fields: DeploymentFields; tags: string[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  if (msg === undefined) {
    return {
      ok: false,
      problems: [{ path: "deployment", rule: "required", message: "deployment is required" }],
    };
  }
  const provider = providerFromProto(msg.provider);
  if (provider === undefined) {
    problems.push({
      path: "deployment.provider",
      rule: "required",
      message: "deployment.provider must be OPENAI, ANTHROPIC or MOCK",
    });
  }
  if (msg.upstreamModel === "" || msg.upstreamModel.length > MAX_UPSTREAM_MODEL) {
    problems.push({
      path: "deployment.upstream_model",
      rule: "required",
      message: `deployment.upstream_model must have 1–${MAX_UPSTREAM_MODEL} characters`,
    });
  }
  checkApiBase(problems, msg.apiBase);
  let credentialEnv: string | undefined;
  if (msg.credentialRef !== "") {
    const name = ENV_REFERENCE.exec(msg.credentialRef)?.[1];
    if (name === undefined) {
      problems.push({
        path: "deployment.credential_ref",
        rule: "env_reference",
        message:
          "deployment.credential_ref must be os.environ/NAME: the API accepts references, never secret values",
      });
    } else if (!env[name]) {
      problems.push({
        path: "deployment.credential_ref",
        rule: "env_unset",
        message: `environment variable ${name} is not set in tagroute's environment`,
      });
    } else credentialEnv = name;
  }
  const tags = [...new Set(msg.tags)];
  const fields: DeploymentFields = {
    id: msg.id,
    modelGroup: msg.modelName,
    provider: provider ?? "mock",
    upstreamModel: msg.upstreamModel,
    apiBase: msg.apiBase === "" ? undefined : msg.apiBase,
    credentialEnv,
    userAgentPatterns: [...msg.userAgentPatterns],
    weight: msg.weight,
    order: msg.order,
    rpm: msg.rpm === undefined ? undefined : Number(msg.rpm),
    tpm: msg.tpm === undefined ? undefined : Number(msg.tpm),
    inputCostPerToken: msg.inputCostPerToken,
    outputCostPerToken: msg.outputCostPerToken,
    timeoutMs: msg.timeoutMs,
    enabled: msg.enabled,
  };
  const { credentialEnv: _c, ...domain } = fields;
  problems.push(
    ...prefixProblems(
      "deployment",
      validateDeployment(makeDeployment({ ...domain, tags, source: "api" })),
    ),
  );
  return problems.length > 0 ? { ok: false, problems } : { ok: true, fields, tags };
}
