/**
 * A conversion session keeps nothing of the rules its caller has dropped, so converting a stream of
 * files in one session runs in bounded memory.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { parseCollection } from "@sigma/core";
import { createConversion } from "./convert.js";
import { createTestBackend } from "./testing/test-backend.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const rule = `title: Failed logon
logsource:
  product: windows
detection:
  selection:
    EventID: 4625
  condition: selection
`;

describe("conversion session memory", () => {
  it("does not keep converted rules alive", async () => {
    const session = createConversion(createTestBackend());
    const refs: WeakRef<object>[] = [];
    const convertOne = (): void => {
      const collection = parseCollection(rule);
      const results = [...session.convertEach(collection)];
      expect(results[0]?.queries.length).toBe(1);
      session.finalize(results);
      refs.push(new WeakRef(collection.rules[0] as object));
    };
    for (let i = 0; i < 20; i++) convertOne();
    // WeakRefs are cleared only after the current job: collect between turns.
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      gc();
    }
    expect(refs.filter((r) => r.deref() !== undefined).length).toBe(0);
  });
});
