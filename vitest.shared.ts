import { defineConfig } from "vitest/config";

/** One preset for every package: workspace imports resolve to TypeScript sources, so tests need no build. */
export const sharedConfig = defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
  },
});
