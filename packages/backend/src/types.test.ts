/** Type tests of the public contract (checked by `tsc -p tsconfig.test.json`). */
import { describe, expectTypeOf, it } from "vitest";
import { createTestBackend } from "./testing/test-backend.js";
import type { TestBackendOptions } from "./testing/test-backend.js";
import type { AnyBackend, Backend, BackendOptionSpecs, BackendPlugin, RuleContext } from "./types.js";

describe("backend contract types", () => {
  it("accepts a backend with typed options wherever any backend is expected", () => {
    const backend: Backend<TestBackendOptions> = createTestBackend();
    expectTypeOf(backend).toExtend<AnyBackend>();
    const plugin: BackendPlugin = { name: "test", backends: { test: createTestBackend } };
    expectTypeOf(plugin.backends).toEqualTypeOf<Readonly<Record<string, () => AnyBackend>> | undefined>();
  });

  it("types option values in the rule context from the option declarations", () => {
    expectTypeOf<RuleContext<TestBackendOptions>["options"]["limit"]>().toEqualTypeOf<number>();
    expectTypeOf<RuleContext<TestBackendOptions>["options"]["no_not"]>().toEqualTypeOf<boolean>();
  });

  it("requires the declared type name to match the option's value type", () => {
    const ok: BackendOptionSpecs<{ flag: boolean }> = {
      flag: { type: "boolean", default: false, description: "" },
    };
    expectTypeOf(ok.flag.type).toEqualTypeOf<"boolean">();
    // @ts-expect-error a boolean option cannot be declared as a string
    const bad: BackendOptionSpecs<{ flag: boolean }> = { flag: { type: "string", default: false, description: "" } };
    expectTypeOf(bad).not.toBeAny();
  });
});
