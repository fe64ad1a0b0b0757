import { RE2JS } from "re2js";

/**
 * A deliberately plain implementation of DESIGN's routing rules, written from the text and
 * nothing else: no index, no early exits, every rule a filter over the whole group. The property
 * test holds the indexed core to it. Keep it dumb; cleverness here defeats the point.
 */
export interface PlainDeployment {
  readonly id: string;
  readonly tags: readonly string[];
  readonly patterns: readonly string[];
  readonly enabled: boolean;
  /** Epoch ms until which it is cooling; 0 when healthy. */
  readonly coolingUntil: number;
}

export interface PlainSettings {
  readonly match: "any" | "all";
  readonly noMatch: "default" | "error";
  readonly filtering: boolean;
}

export interface PlainRequest {
  readonly tags: readonly string[];
  readonly all: readonly string[];
  readonly none: readonly string[];
  readonly match: "any" | "all" | undefined;
  readonly userAgent: string | undefined;
}

export type PlainOutcome = { readonly ids: readonly string[] } | { readonly error: string };

function carries(d: PlainDeployment, tag: string): boolean {
  if (tag.endsWith(":*")) {
    const prefix = tag.slice(0, -1);
    return d.tags.some((t) => t.startsWith(prefix));
  }
  return d.tags.includes(tag);
}

function isDefault(d: PlainDeployment): boolean {
  return d.tags.includes("default");
}

function patternMatches(d: PlainDeployment, userAgent: string | undefined): boolean {
  if (userAgent === undefined) return false;
  return d.patterns.some((p) => RE2JS.compile(p).test(`User-Agent: ${userAgent}`));
}

export function plainRoute(
  group: readonly PlainDeployment[],
  settings: PlainSettings,
  request: PlainRequest,
  now: number,
): PlainOutcome {
  const noMatch = { error: "NO_DEPLOYMENT_MATCHES_TAGS" };
  const enabled = group.filter((d) => d.enabled);
  if (enabled.length === 0) return { error: "NO_ENABLED_DEPLOYMENT" };

  const mode = settings.match === "all" || request.match === "all" ? "all" : "any";
  const P = settings.filtering ? request.tags : [];
  const R = request.all;
  const X = request.none;
  const groupHasDefault = group.some(isDefault);

  // Rule 1: hard constraints.
  const surviving = enabled.filter(
    (d) => R.every((t) => carries(d, t)) && !X.some((t) => carries(d, t)),
  );
  // Rule 2: patterns count unless filtering is off, or mode all with positive tags.
  const patternsCount = settings.filtering && !(mode === "all" && P.length > 0);
  const byPattern = patternsCount
    ? surviving.filter((d) => patternMatches(d, request.userAgent))
    : [];

  let allowed: PlainDeployment[];
  if (P.length > 0) {
    // Rule 5.
    allowed = surviving.filter((d) => {
      const tagHit = mode === "any" ? P.some((t) => carries(d, t)) : P.every((t) => carries(d, t));
      return tagHit || byPattern.includes(d);
    });
    if (allowed.length === 0) {
      // Rule 6.
      if (settings.noMatch === "error") return noMatch;
      const known = P.some((t) => group.some((d) => carries(d, t)));
      if (known) return noMatch;
      allowed = groupHasDefault ? surviving.filter(isDefault) : [];
    }
  } else if (byPattern.length > 0) {
    allowed = byPattern;
  } else if (!settings.filtering) {
    allowed = surviving;
  } else if (R.length === 0 && X.length === 0) {
    // Rule 3.
    allowed = groupHasDefault ? enabled.filter(isDefault) : enabled;
  } else if (R.length > 0) {
    // Rule 4, with required tags.
    allowed = surviving;
  } else {
    // Rule 4, exclusions only.
    allowed = groupHasDefault ? surviving.filter(isDefault) : surviving;
  }
  if (allowed.length === 0) return noMatch;

  // Rule 7: health after tags.
  const healthy = allowed.filter((d) => !(d.coolingUntil > now));
  if (healthy.length === 0) return { error: "DEPLOYMENTS_UNAVAILABLE" };
  return { ids: healthy.map((d) => d.id).sort() };
}
