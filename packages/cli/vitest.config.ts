import { defineConfig, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.ts";

// The tests spawn the built `sigma` binary, so the package (and what it references) is built first.
export default mergeConfig(sharedConfig, defineConfig({ test: { globalSetup: ["./test/global-setup.ts"] } }));
