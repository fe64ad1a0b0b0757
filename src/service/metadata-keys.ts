/**
 * The metadata keys tagroute reads and writes, in one place: the service sets them, the transport
 * logs the deployment, tests and clients look for them.
 */

/** Response header (SelectDeployment) or trailer (Complete) naming the deployment that served. */
export const DEPLOYMENT_HEADER = "tagroute-deployment-id";

/** Request metadata carrying LiteLLM's tag string form (`a, &b, !c`). */
export const COMPAT_TAG_HEADERS = ["x-tagroute-tags", "x-litellm-tags"] as const;
