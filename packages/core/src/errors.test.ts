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
