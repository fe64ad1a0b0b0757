import type { MatchMode as CoreMode, Problem, RouteInput } from "../core/index.js";
import { MatchMode, type RoutingFields } from "./gen.js";
import { COMPAT_TAG_HEADERS } from "./metadata-keys.js";

/** Longest model group name accepted from the network. */
export const MAX_MODEL_LENGTH = 256;

export type RoutingInputResult =
  | { readonly ok: true; readonly input: RouteInput }
  | { readonly ok: false; readonly problems: Problem[] };

function modeFrom(mode: MatchMode): CoreMode | undefined {
  return mode === MatchMode.ALL ? "all" : mode === MatchMode.ANY ? "any" : undefined;
}

/**
 * The routing fields of a request (`routing`) and its metadata, as the core's input. The core
 * validates the tags; this checks what only the edge knows about: presence and size of `model`,
 * and the enum. Paths are the request's (`routing.model`).
 */
export function routingInputFrom(
  fields: RoutingFields | undefined,
  headers: Headers,
): RoutingInputResult {
  const problems: Problem[] = [];
  const model = fields?.model ?? "";
  if (model === "") {
    problems.push({
      path: "routing.model",
      rule: "required",
      message: "routing.model is required",
    });
  } else if (model.length > MAX_MODEL_LENGTH) {
    problems.push({
      path: "routing.model",
      rule: "too_long",
      message: `routing.model has ${model.length} characters; at most ${MAX_MODEL_LENGTH} are allowed`,
    });
  }
  const match = fields?.match ?? MatchMode.UNSPECIFIED;
  if (!(match in MatchMode)) {
    problems.push({
      path: "routing.match",
      rule: "enum",
      message: `routing.match ${match} is not a MatchMode`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const compatTags: string[] = [];
  for (const name of COMPAT_TAG_HEADERS) {
    const value = headers.get(name);
    if (value !== null) compatTags.push(value);
  }
  return {
    ok: true,
    input: {
      model,
      tags: fields?.tags,
      all: fields?.all,
      none: fields?.none,
      match: modeFrom(match),
      userAgent: fields?.userAgent === "" ? undefined : fields?.userAgent,
      compatTags,
    },
  };
}
