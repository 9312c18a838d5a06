import { describe, expect, it } from "vitest";
import * as errors from "./errors.js";
import { SigmaError, SigmaModifierError } from "./errors.js";

const errorClasses = Object.entries(errors).filter(
  (entry): entry is [string, typeof SigmaError] =>
    typeof entry[1] === "function" && (entry[1] === SigmaError || entry[1].prototype instanceof SigmaError),
);

describe("error names", () => {
  it("names every exported class explicitly, so minified bundles keep the name", () => {
    expect(errorClasses.length).toBeGreaterThan(40);
    for (const [exportName, errorClass] of errorClasses) {
      // what a minifier does: the class's own name becomes something short
      const renamed = class extends errorClass {};
      Object.defineProperty(errorClass, "name", { value: "me", configurable: true });
      try {
        expect(new errorClass("m").name, exportName).toBe(exportName);
      } finally {
        Object.defineProperty(errorClass, "name", { value: exportName, configurable: true });
      }
      expect(renamed.name).toBe("renamed");
    }
  });

  it("gives a subclass defined elsewhere its own class name", () => {
    class PluginError extends SigmaModifierError {}
    class OtherError extends SigmaError {}
    expect(new OtherError("m").name).toBe("OtherError");
    expect(new PluginError("m").name).toBe("PluginError");
  });
});

describe("errors of another copy of this package", () => {
  // A plugin that bundles its own @sigma/core throws errors of its copy's classes. A second module
  // instance of errors.ts is such a copy: its classes are different objects.
  const specifier = "./errors.js?another-copy";
  const loadCopy = async (): Promise<typeof errors> => (await import(specifier)) as typeof errors;

  it("are a distinct module instance (what the test relies on)", async () => {
    const copy = await loadCopy();
    expect(copy.SigmaError).not.toBe(SigmaError);
    expect(Object.getPrototypeOf(new copy.SigmaError("m"))).not.toBe(SigmaError.prototype);
  });

  it("are recognised by the brand and by instanceof SigmaError, keeping class name and location", async () => {
    const copy = await loadCopy();
    const foreign: unknown = new copy.SigmaFeatureNotSupportedByBackendError("no", { path: "r.yml", line: 3, column: 5 });
    expect(errors.isSigmaError(foreign)).toBe(true);
    expect(foreign instanceof SigmaError).toBe(true);
    if (!errors.isSigmaError(foreign)) throw new Error("unreachable");
    expect(foreign.name).toBe("SigmaFeatureNotSupportedByBackendError");
    expect(foreign.location).toEqual({ path: "r.yml", line: 3, column: 5 });
    expect(String(foreign)).toBe("r.yml:3:5: no");
  });

  it("keep the ordinary check for subclasses and refuse look-alikes", async () => {
    const copy = await loadCopy();
    expect(new copy.SigmaModifierError("m") instanceof SigmaModifierError).toBe(false);
    expect(new SigmaModifierError("m") instanceof SigmaModifierError).toBe(true);
    expect(new SigmaModifierError("m") instanceof SigmaError).toBe(true);
    for (const other of [new Error("m"), { name: "SigmaError", message: "m" }, null, undefined, "SigmaError"]) {
      expect(errors.isSigmaError(other)).toBe(false);
      expect(other instanceof SigmaError).toBe(false);
    }
  });
});
