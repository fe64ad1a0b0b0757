import { z } from "zod";
import { compileUserAgentPattern, type MatchMode, type NoMatchPolicy } from "../../core/index.js";
import { childPath, isMapping } from "./config-path.js";
import type {
  GovernanceConfig,
  ListenAddress,
  ListenSettings,
  MockSettings,
  StoreSettings,
} from "./config-types.js";
import type { Diagnostics } from "./diagnostics.js";
import { unknownGroupMessage } from "./fallbacks.js";
import { groupNameSchema } from "./schemas.js";
import { emptySection, parseSection } from "./section.js";
import { reject } from "./zod-problems.js";

const PATH = "tagroute";

/** `[::1]:50051`, `0.0.0.0:50051`, `localhost:8080`. */
const HOST_PORT = /^(?:\[([^\]]+)\]|([^:[\]\s]+)):(\d{1,5})$/;

/** `host:port` (IPv6 in brackets) as a listen address, or undefined. The `serve` flags use it too. */
export function parseListenAddress(text: string): ListenAddress | undefined {
  const match = HOST_PORT.exec(text);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  return host !== undefined && port <= 65_535 ? { host, port } : undefined;
}

const listenAddressSchema = z
  .string()
  .max(300)
  .transform((text, ctx): ListenAddress => {
    const address = parseListenAddress(text);
    if (address !== undefined) return address;
    reject(
      ctx,
      "listen_address",
      "must be host:port, e.g. 0.0.0.0:50051, localhost:8080 or [::1]:50051 (port 0 to 65535)",
    );
    return z.NEVER;
  });

const matchSchema = z.enum(["any", "all"]);
const noMatchSchema = z.enum(["default", "error"]);

const TAGROUTE_FIELDS = {
  match: matchSchema,
  no_match: noMatchSchema,
  groups: z.record(
    groupNameSchema,
    z.strictObject({ match: matchSchema.optional(), no_match: noMatchSchema.optional() }),
  ),
  listen: z.strictObject({
    grpc: listenAddressSchema.optional(),
    http: listenAddressSchema.optional(),
  }),
  store: z.strictObject({ path: z.string().min(1).max(4096).optional() }),
  governance: z.strictObject({
    naming_pattern: z
      .string()
      .min(1)
      .max(1024)
      .transform((source, ctx) => {
        const compiled = compileUserAgentPattern(source);
        if (compiled.ok) return source;
        reject(ctx, "pattern_syntax", compiled.problem.message);
        return z.NEVER;
      })
      .optional(),
    controlled_vocabulary: z.boolean().optional(),
  }),
  mock: z.strictObject({ token_delay_ms: z.number().int().min(0).max(60_000).optional() }),
};

/** A group's own `match` / `no_match`, over the router-wide values. */
export interface GroupOverride {
  readonly match: MatchMode | undefined;
  readonly noMatch: NoMatchPolicy | undefined;
}

/** What the `tagroute:` section says; undefined where it says nothing. */
export interface TagrouteSection {
  readonly match: MatchMode | undefined;
  readonly noMatch: NoMatchPolicy | undefined;
  readonly groups: ReadonlyMap<string, GroupOverride>;
  readonly listen: ListenSettings;
  readonly store: StoreSettings;
  readonly governance: GovernanceConfig;
  readonly mock: MockSettings;
}

/** Checks the group names leniently, from the raw mapping, so one bad override hides no other. */
function checkGroupNames(
  raw: unknown,
  groups: ReadonlySet<string> | undefined,
  diagnostics: Diagnostics,
) {
  if (groups === undefined || !isMapping(raw)) return;
  for (const name of Object.keys(raw)) {
    if (!groups.has(name)) {
      diagnostics.problem(
        childPath(PATH, "groups", name),
        "unknown_group",
        unknownGroupMessage(name),
      );
    }
  }
}

/**
 * Reads tagroute's own section. Unlike LiteLLM's sections it is closed: it is our format, so an
 * unknown key is a typo, and a typo in routing settings must fail rather than be ignored.
 */
export function parseTagrouteSection(
  raw: unknown,
  groups: ReadonlySet<string> | undefined,
  diagnostics: Diagnostics,
): TagrouteSection {
  const section = parseSection(raw, PATH, TAGROUTE_FIELDS, diagnostics) ?? emptySection();
  const known = Object.keys(TAGROUTE_FIELDS).join(", ");
  for (const key of section.unknownKeys) {
    diagnostics.problem(
      childPath(PATH, key),
      "unknown_key",
      `is not a tagroute key; the section accepts ${known}`,
    );
  }
  checkGroupNames(isMapping(raw) ? raw.groups : undefined, groups, diagnostics);
  const v = section.values;
  const overrides = new Map<string, GroupOverride>();
  for (const [name, override] of Object.entries(v.groups ?? {})) {
    overrides.set(name, { match: override.match, noMatch: override.no_match });
  }
  return {
    match: v.match,
    noMatch: v.no_match,
    groups: overrides,
    listen: { grpc: v.listen?.grpc, http: v.listen?.http },
    store: { path: v.store?.path },
    governance: {
      namingPattern: v.governance?.naming_pattern,
      controlledVocabulary: v.governance?.controlled_vocabulary ?? false,
    },
    mock: { tokenDelayMs: v.mock?.token_delay_ms ?? 0 },
  };
}
