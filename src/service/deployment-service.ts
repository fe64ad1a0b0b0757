import { Code, type ServiceImpl } from "@connectrpc/connect";
import type { DeploymentFields } from "../store/index.js";
import { deploymentInput } from "./deployment-input.js";
import { checkUpdateMask } from "./field-mask.js";
import type { Deployment as DeploymentMessage, DeploymentService } from "./gen.js";
import { enforceGovernance, type TagGovernance } from "./governance.js";
import { pageOf } from "./paging.js";
import { deploymentToProto } from "./proto-convert.js";
import type { DeploymentView, RoutingState } from "./routing-state.js";
import { invalidArgument, ServiceError } from "./service-error.js";

export interface DeploymentServiceOptions {
  readonly state: RoutingState;
  readonly governance: TagGovernance;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: () => number;
}

/** Proto field names UpdateDeployment may change, and the store field each one sets. */
const MASKABLE: Readonly<Record<string, keyof DeploymentFields | "tags">> = {
  model_name: "modelGroup",
  provider: "provider",
  upstream_model: "upstreamModel",
  api_base: "apiBase",
  credential_ref: "credentialEnv",
  tags: "tags",
  user_agent_patterns: "userAgentPatterns",
  weight: "weight",
  order: "order",
  rpm: "rpm",
  tpm: "tpm",
  input_cost_per_token: "inputCostPerToken",
  output_cost_per_token: "outputCostPerToken",
  timeout_ms: "timeoutMs",
  enabled: "enabled",
};

function notFound(id: string): ServiceError {
  return new ServiceError({
    code: Code.NotFound,
    reason: "NOT_FOUND",
    message: `deployment ${JSON.stringify(id)} does not exist`,
    metadata: { deployment: id },
  });
}

function apiOwned(
  state: RoutingState,
  id: string,
): DeploymentView & { record: NonNullable<DeploymentView["record"]> } {
  const view = state.getDeployment(id);
  if (view === undefined) throw notFound(id);
  if (view.record === undefined) {
    throw new ServiceError({
      code: Code.FailedPrecondition,
      reason: "READ_ONLY",
      message: `deployment ${JSON.stringify(id)} is declared in the config file and cannot be changed through the API (attach tags to it with CreateTag/UpdateTag instead)`,
      metadata: { deployment: id },
    });
  }
  return view as DeploymentView & { record: NonNullable<DeploymentView["record"]> };
}

/** The current deployment as a message, so an update can fill in the fields its mask leaves out. */
function merged(
  current: DeploymentView,
  given: DeploymentMessage,
  paths: readonly string[],
): DeploymentMessage {
  const base = deploymentToProto(current);
  const out = { ...base } as Record<string, unknown>;
  const source = given as unknown as Record<string, unknown>;
  for (const path of paths) {
    const camel = path.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    out[camel] = source[camel];
  }
  return out as unknown as DeploymentMessage;
}

/** DeploymentService: registration of deployments with their tags. */
export function createDeploymentService(
  options: DeploymentServiceOptions,
): Partial<ServiceImpl<typeof DeploymentService>> {
  const { state, governance, env, clock } = options;

  const validated = (msg: DeploymentMessage | undefined) => {
    const input = deploymentInput(msg, env);
    if (!input.ok)
      throw invalidArgument(
        input.problems,
        input.problems.some((p) => "tag" in p) ? "INVALID_TAG" : "INVALID_REQUEST",
      );
    enforceGovernance(
      governance,
      input.tags.map((tag, i) => ({ path: `deployment.tags[${i}]`, tag })),
      state,
    );
    return input;
  };

  return {
    async createDeployment(req) {
      const input = validated(req.deployment);
      if (state.getDeployment(input.fields.id) !== undefined) {
        throw new ServiceError({
          code: Code.AlreadyExists,
          reason: "ALREADY_EXISTS",
          message: `deployment ${JSON.stringify(input.fields.id)} already exists`,
          metadata: { deployment: input.fields.id },
        });
      }
      return {
        deployment: deploymentToProto(state.createDeployment(input.fields, input.tags, clock())),
      };
    },

    async getDeployment(req) {
      const view = state.getDeployment(req.id);
      if (view === undefined) throw notFound(req.id);
      return { deployment: deploymentToProto(view) };
    },

    async updateDeployment(req) {
      const id = req.deployment?.id ?? "";
      const paths = req.updateMask?.paths ?? [];
      checkUpdateMask(paths, Object.keys(MASKABLE));
      const current = apiOwned(state, id);
      const version = Number(req.deployment?.version ?? 0n);
      if (version === 0) {
        throw invalidArgument([
          {
            path: "deployment.version",
            rule: "required",
            message: "deployment.version is required: send the version you last read",
          },
        ]);
      }
      const input = validated(merged(current, req.deployment as DeploymentMessage, paths));
      const tags = paths.includes("tags") ? input.tags : undefined;
      return {
        deployment: deploymentToProto(state.updateDeployment(input.fields, version, tags, clock())),
      };
    },

    async deleteDeployment(req) {
      apiOwned(state, req.id);
      state.deleteDeployment(req.id, Number(req.version));
      return {};
    },

    async listDeployments(req) {
      let views = state.listDeployments();
      if (req.modelName !== "")
        views = views.filter((v) => v.deployment.modelGroup === req.modelName);
      if (req.tagPrefix !== "")
        views = views.filter((v) => v.deployment.tags.some((t) => t.startsWith(req.tagPrefix)));
      const byId = new Map(views.map((v) => [v.deployment.id, v]));
      const page = pageOf([...byId.keys()], req.pageSize, req.pageToken, (id) => byId.get(id));
      return { deployments: page.items.map(deploymentToProto), nextPageToken: page.nextPageToken };
    },
  };
}
