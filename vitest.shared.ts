import { defineConfig } from "vitest/config";

/**
 * One preset for every package: workspace imports resolve to TypeScript sources (the `source`
 * export condition), so tests need no build. Each run also writes `.test-results.json`, which
 * `.ci/run` sums into one closing line.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "json"],
    outputFile: { json: ".test-results.json" },
    typecheck: { enabled: false },
  },
});
