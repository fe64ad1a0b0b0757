import type { Deployment } from "../../core/index.js";

/**
 * A deployment's upstream URL, parsed once per deployment object rather than per request.
 * Deployments are immutable (an update makes a new object in a new snapshot), so the cache never
 * goes stale, and a WeakMap lets replaced deployments go.
 */
export function createUrlCache(build: (deployment: Deployment) => string): (d: Deployment) => URL {
  const urls = new WeakMap<Deployment, URL>();
  return (deployment) => {
    let url = urls.get(deployment);
    if (url === undefined) {
      url = new URL(build(deployment));
      urls.set(deployment, url);
    }
    return url;
  };
}
