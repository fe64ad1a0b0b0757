import {
  buildGroupIndex,
  createSnapshot,
  DEFAULT_GROUP_SETTINGS,
  type Deployment,
  type RoutingSnapshot,
} from "../../core/index.js";
import type { TagrouteConfig } from "./config-types.js";

/**
 * The first routing snapshot of a loaded config: one index per model group, each with its
 * settings. Later writes (the API) derive new snapshots from this one, group by group.
 */
export function buildSnapshot(config: TagrouteConfig): RoutingSnapshot {
  const byGroup = new Map<string, Deployment[]>();
  for (const deployment of config.deployments) {
    const members = byGroup.get(deployment.modelGroup);
    if (members === undefined) byGroup.set(deployment.modelGroup, [deployment]);
    else members.push(deployment);
  }
  const indexes = [...byGroup].map(([name, deployments]) =>
    buildGroupIndex(name, deployments, config.groups.get(name) ?? DEFAULT_GROUP_SETTINGS),
  );
  return createSnapshot(indexes);
}
