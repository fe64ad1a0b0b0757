#!/usr/bin/env node
// The `tagroute` command. tagroute runs its TypeScript sources through tsx rather than a build step,
// so a fresh clone needs only `npm ci`; this shim registers the loader and hands over to the CLI.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
