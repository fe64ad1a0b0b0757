import { afterAll, beforeAll } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../providers/fake-openai.js";
import { startTestServer, type TestServer } from "./support.js";

/** The fake OpenAI-style upstream and the tagroute server a test file runs against. */
export interface AgainstFakeUpstream {
  readonly upstream: FakeOpenAI;
  readonly server: TestServer;
}

/**
 * Starts a fake OpenAI-style upstream (a real HTTP server on loopback) and a tagroute whose
 * config `config(baseUrl)` writes against it, before the file's tests, and stops both after.
 * Read the fields inside tests: they are set once `beforeAll` has run.
 */
export function againstFakeUpstream(config: (baseUrl: string) => string): AgainstFakeUpstream {
  const handles: { upstream?: FakeOpenAI; server?: TestServer } = {};
  beforeAll(async () => {
    handles.upstream = await startFakeOpenAI();
    handles.server = await startTestServer({ config: config(handles.upstream.baseUrl) });
  });
  afterAll(async () => {
    await handles.server?.close();
    await handles.upstream?.close();
  });
  return {
    get upstream() {
      if (handles.upstream === undefined) throw new Error("the fake upstream is not started yet");
      return handles.upstream;
    },
    get server() {
      if (handles.server === undefined) throw new Error("tagroute is not started yet");
      return handles.server;
    },
  };
}
