import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  conformancePath,
  loadConformance,
  sharedConformancePath,
} from "../fixtures/conformance-cases.js";
import { expected, runCase } from "./support.js";

const file = loadConformance();

describe("conformance vectors (../shared/conformance/tag-routing.json)", () => {
  it("the project's copy matches the shared original, when it is at hand", () => {
    expect(file.format).toBe(1);
    expect(file.cases.length).toBeGreaterThanOrEqual(72);
    if (existsSync(sharedConformancePath)) {
      expect(readFileSync(conformancePath, "utf8")).toBe(
        readFileSync(sharedConformancePath, "utf8"),
      );
    }
  });

  it.each(file.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(runCase(c, file.model_group)).toEqual(expected(c));
  });
});
