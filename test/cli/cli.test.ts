import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main } from "../../src/cli/index.js";

const EXAMPLE = "examples/tagroute.yaml";

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, env);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function tempConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tagroute-cli-"));
  const file = join(dir, "config.yaml");
  writeFileSync(file, text);
  return file;
}

describe("tagroute route", () => {
  it("routes by tags and marks the pick", async () => {
    const any = await run([
      "route",
      "--config",
      EXAMPLE,
      "--model",
      "gpt-4",
      "--tags",
      "paid,region:eu",
    ]);
    expect(any.out).toContain("allowed (tags): 2 candidate(s)");
    const r = await run([
      "route",
      "--config",
      EXAMPLE,
      "--model",
      "gpt-4",
      "--tags",
      "paid,region:eu",
      "--match",
      "all",
    ]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain("mode all");
    expect(r.out).toContain("allowed (tags): 1 candidate(s)");
    expect(r.out).toContain("* paid-1");
    expect(r.out).toContain("picked by simple-shuffle: paid-1");
  });

  it("routes by user agent", async () => {
    const r = await run([
      "route",
      "-c",
      EXAMPLE,
      "-m",
      "claude",
      "--user-agent",
      "claude-code/1.0",
      "--json",
    ]);
    expect(r.code).toBe(EXIT_OK);
    expect(JSON.parse(r.out)).toMatchObject({ how: "pattern", selected: "claude-code-1" });
  });

  it("explains every deployment", async () => {
    const r = await run([
      "route",
      "-c",
      EXAMPLE,
      "-m",
      "gpt-4",
      "--tags",
      "paid",
      "--none",
      "region:us",
      "--explain",
    ]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/paid-1\s+selected\s+tags/);
    expect(r.out).toMatch(/paid-2\s+excluded\s+excluded_tag \(region:us\)/);
    expect(r.out).toContain("counts: tag_mismatch 2, tags 1, excluded_tag 1");
  });

  it("reads LiteLLM's string form", async () => {
    const r = await run([
      "route",
      "-c",
      EXAMPLE,
      "-m",
      "gpt-4",
      "--compat",
      "paid, !region:eu",
      "--json",
    ]);
    expect(JSON.parse(r.out)).toMatchObject({ selected: "paid-2" });
  });

  it("exits 1 with the reason when the router refuses", async () => {
    const unknown = await run(["route", "-c", EXAMPLE, "-m", "gpt-5"]);
    expect(unknown).toMatchObject({ code: EXIT_REFUSED });
    expect(unknown.out).toContain("MODEL_NOT_FOUND");
    const bad = await run(["route", "-c", EXAMPLE, "-m", "gpt-4", "--tags", "!paid"]);
    expect(bad.code).toBe(EXIT_REFUSED);
    expect(bad.out).toContain("INVALID_TAG");
    expect(bad.out).toContain("tags[0]");
    // gpt-4 sets no_match: error in the example, so an unknown tag is refused.
    const none = await run(["route", "-c", EXAMPLE, "-m", "gpt-4", "--tags", "team:x"]);
    expect(none.out).toContain("NO_DEPLOYMENT_MATCHES_TAGS");
  });

  it("exits 2 on bad usage", async () => {
    expect((await run(["route", "--model", "gpt-4"])).code).toBe(EXIT_USAGE);
    expect((await run(["route", "-c", EXAMPLE, "-m", "gpt-4", "--match", "some"])).code).toBe(
      EXIT_USAGE,
    );
    expect((await run(["route", "-c", EXAMPLE, "-m", "gpt-4", "--bogus"])).code).toBe(EXIT_USAGE);
    expect((await run(["frobnicate"])).code).toBe(EXIT_USAGE);
  });
});

describe("tagroute check-config", () => {
  it("lists groups, deployments and what filtering changes", async () => {
    const r = await run(["check-config", EXAMPLE]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toContain("valid — 6 deployment(s) in 2 model group(s)");
    expect(r.out).toContain("claude-code-1  mock/claude-sonnet-4");
    expect(r.out).toContain("tag filtering (on in tagroute, off by default in LiteLLM)");
  });

  it("prints every problem with its path and never a credential", async () => {
    const file = tempConfig(`model_list:
  - model_name: gpt-4
    litellm_params:
      model: openai/gpt-4o
      api_key: sk-very-secret-value
      tags: ["free tier", "ok", "a,b"]
      tag_regex: ["(?<=x)"]
router_settings:
  allow_fail_open: true
general_settings:
  master_key: sk-1234
`);
    const r = await run(["check-config", file]);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain("model_list[0].litellm_params.tags[0]");
    expect(r.err).toContain("model_list[0].litellm_params.tags[2]");
    expect(r.err).toContain("model_list[0].litellm_params.tag_regex[0]");
    expect(r.err).toContain("router_settings.allow_fail_open");
    expect(r.err).toContain("ignored: general_settings");
    expect(r.err).not.toContain("sk-very-secret-value");
    expect(r.err).not.toContain("sk-1234");
  });

  it("reports an unset environment variable by name", async () => {
    const file = tempConfig(`model_list:
  - model_name: gpt-4
    litellm_params: { model: openai/gpt-4o, api_key: os.environ/TAGROUTE_TEST_UNSET_KEY }
`);
    const r = await run(["check-config", file], {});
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toContain("TAGROUTE_TEST_UNSET_KEY");
    const ok = await run(["check-config", file], { TAGROUTE_TEST_UNSET_KEY: "sk-from-env" });
    expect(ok.code).toBe(EXIT_OK);
    expect(ok.out + ok.err).not.toContain("sk-from-env");
  });
});
