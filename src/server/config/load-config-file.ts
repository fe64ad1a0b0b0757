import { readFile, stat } from "node:fs/promises";
import type { ConfigResult, ParseConfigOptions } from "./config-types.js";
import { parseConfig } from "./parse-config.js";
import { MAX_CONFIG_BYTES } from "./yaml-source.js";

export type LoadConfigFileOptions = Omit<ParseConfigOptions, "source">;

function failure(path: string, rule: string, message: string): ConfigResult {
  return { ok: false, problems: [{ path: "", rule, message: `${path}: ${message}` }], notices: [] };
}

function describeError(error: unknown): string {
  if (error instanceof Error && "code" in error && typeof error.code === "string") {
    if (error.code === "ENOENT") return "no such file";
    if (error.code === "EACCES") return "permission denied";
    if (error.code === "EISDIR") return "is a directory, not a file";
    return `cannot be read (${error.code})`;
  }
  return `cannot be read (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * Reads and parses a config file. A missing or unreadable file is a problem in the result, like
 * any other: callers (`check-config`, startup) report it the same way. The size is checked before
 * reading, so a wrong path to a huge file is not read into memory.
 */
export async function loadConfigFile(
  path: string,
  options: LoadConfigFileOptions,
): Promise<ConfigResult> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isFile() && info.size > MAX_CONFIG_BYTES) {
      return failure(
        path,
        "too_large",
        `has ${info.size} bytes; at most ${MAX_CONFIG_BYTES} are allowed`,
      );
    }
    text = await readFile(path, "utf8");
  } catch (error) {
    return failure(path, "file", describeError(error));
  }
  return parseConfig(text, { ...options, source: path });
}
