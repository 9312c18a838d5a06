import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

describe("the consumer test's TypeScript files (scripts/consumer/)", () => {
  it("augment.ts holds the type augmentation packages/loki-backend/README.md shows, so the README's form is the one compiled", () => {
    const snippet = read("../scripts/consumer/augment.ts").split("// --- readme ---\n")[1]?.trim() ?? "";
    expect(snippet).toContain('declare module "@sigma/loki-backend/processing"');
    expect(read("../../packages/loki-backend/README.md")).toContain(snippet);
  });
});
