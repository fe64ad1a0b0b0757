import { z } from "zod";
import { type Credential, Secret } from "../../core/index.js";
import { reject } from "./zod-problems.js";

/** LiteLLM's way of pointing a value at the environment: `os.environ/OPENAI_API_KEY`. */
export const ENV_PREFIX = "os.environ/";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Long enough for JWT-style keys and service-account blobs, short enough to bound a load. */
export const MAX_CREDENTIAL_LENGTH = 16_384;
export const MAX_API_BASE_LENGTH = 2048;

/** What `os.environ/` references are resolved against. */
export interface EnvContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Names the config's `environment_variables` section declares. tagroute does not read that
   * section (it never sets process variables from a file), but naming it in the "not set" message
   * saves a LiteLLM user a puzzled search.
   */
  readonly declared: ReadonlySet<string>;
}

type Resolved =
  | { readonly kind: "literal"; readonly value: string }
  | { readonly kind: "env"; readonly name: string; readonly value: string };

/**
 * Resolves a literal or an `os.environ/NAME` reference, reporting into `ctx`. Messages name the
 * variable, never its value, and never repeat a literal: the value may be a credential.
 */
function resolve(text: string, env: EnvContext, ctx: z.core.$RefinementCtx<string>) {
  if (!text.startsWith(ENV_PREFIX)) return { kind: "literal", value: text } satisfies Resolved;
  const name = text.slice(ENV_PREFIX.length);
  if (!ENV_NAME.test(name) || name.length > 256) {
    reject(
      ctx,
      "env_name",
      `${ENV_PREFIX} must be followed by an environment variable name (letters, digits and _, not starting with a digit)`,
    );
    return undefined;
  }
  const value = env.env[name];
  if (value === undefined || value === "") {
    const state = value === undefined ? "is not set" : "is empty";
    const hint = env.declared.has(name)
      ? "; the config's environment_variables declares it, but tagroute reads only the process environment"
      : "";
    reject(ctx, "env_unset", `environment variable ${name} ${state}${hint}`);
    return undefined;
  }
  return { kind: "env", name, value } satisfies Resolved;
}

/** `api_key`: an inline key or an environment reference, kept inside a {@link Secret}. */
export function credentialSchema(env: EnvContext) {
  return z
    .string()
    .min(1)
    .max(MAX_CREDENTIAL_LENGTH)
    .transform((text, ctx): Credential => {
      const resolved = resolve(text, env, ctx);
      if (resolved === undefined) return z.NEVER;
      const secret = new Secret(resolved.value);
      return resolved.kind === "env"
        ? { kind: "env", name: resolved.name, secret }
        : { kind: "inline", secret };
    });
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === "http:" || protocol === "https:";
}

/**
 * `api_base`, literal or from the environment as LiteLLM allows. The URL is not echoed either:
 * it may carry credentials in its user-info or query.
 */
export function apiBaseSchema(env: EnvContext) {
  return z
    .string()
    .min(1)
    .max(MAX_API_BASE_LENGTH)
    .transform((text, ctx): string => {
      const resolved = resolve(text, env, ctx);
      if (resolved === undefined) return z.NEVER;
      if (isHttpUrl(resolved.value)) return resolved.value;
      const from = resolved.kind === "env" ? ` (the value of ${resolved.name})` : "";
      reject(ctx, "url", `must be an http:// or https:// URL${from}`);
      return z.NEVER;
    });
}
