import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTagrouteClient, Provider } from "../../sdk/src/index.js";
import { spawnServer, stopProcess } from "./process.js";
import { TEST_SECRET, writeConfigFile } from "./support.js";

const env = { TEST_CLAUDE_KEY: TEST_SECRET };

describe("durability", () => {
  it("every acknowledged write survives SIGKILL and a restart on the same file", async () => {
    const config = writeConfigFile();
    const store = join(mkdtempSync(join(tmpdir(), "tagroute-kill-")), "store.db");
    const args = ["--config", config, "--store", store, "--grpc", "127.0.0.1:0", "--http", "off"];

    const first = await spawnServer(args, env);
    const client = createTagrouteClient({
      address: `http://127.0.0.1:${first.grpcPort}`,
      timeoutMs: 10_000,
    });
    const acknowledged: string[] = [];
    for (let i = 0; i < 25; i++) {
      const name = `batch:t${i}`;
      await client.createTag({
        tag: { name },
        deploymentIds: [i % 2 === 0 ? "free-1" : "paid-eu"],
      });
      acknowledged.push(name);
    }
    await client.createDeployment({
      deployment: {
        id: "durable-1",
        modelName: "durable",
        provider: Provider.MOCK,
        upstreamModel: "m",
        tags: ["kept"],
        enabled: true,
      },
    });
    // No graceful anything: the process dies right after the last acknowledgement.
    expect(await stopProcess(first.child, "SIGKILL")).toBe(null);
    await client.close();

    const second = await spawnServer(args, env);
    const again = createTagrouteClient({
      address: `http://127.0.0.1:${second.grpcPort}`,
      timeoutMs: 10_000,
    });
    try {
      const listed = await again.listTags({ prefix: "batch:", pageSize: 100 });
      expect(listed.tags.map((t) => t.name).sort()).toEqual([...acknowledged].sort());
      expect(listed.tags.every((t) => t.registered && t.attachments.length === 1)).toBe(true);
      const routed = await again.selectDeployment({
        routing: { model: "gpt-4", tags: ["batch:t3"] },
      });
      expect(routed.deployment?.id).toBe("paid-eu");
      const durable = await again.selectDeployment({
        routing: { model: "durable", tags: ["kept"] },
      });
      expect(durable.deployment?.id).toBe("durable-1");
    } finally {
      await again.close();
      // A graceful stop exits 0.
      expect(await stopProcess(second.child, "SIGTERM")).toBe(0);
    }
  }, 60_000);
});
