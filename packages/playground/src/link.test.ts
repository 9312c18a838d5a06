import { deflateRawSync, inflateRawSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { decodeState, encodeState, MAX_LINK_BYTES } from "./link.js";
import { DEFAULT_STATE, EXAMPLE_RULE, StateFormatError, toCompact, type PlaygroundState } from "./state.js";

const state: PlaygroundState = {
  rule: "title: Ünïcödé ✓ 𝔘\ndetection: { sel: { a: '+/=?&#%' }, condition: sel }\n",
  pipelineYaml: "name: p\npriority: 10\ntransformations: []\n",
  pipelines: ["loki_promtail_sysmon"],
  format: "ruler",
  options: { add_line_filters: true },
};

describe("link fragment", () => {
  test("round-trips a state, unicode included, with or without '#'", async () => {
    const fragment = await encodeState(state);
    expect(await decodeState(fragment)).toEqual(state);
    expect(await decodeState("#" + fragment)).toEqual(state);
  });

  test("is URL-safe: nothing in it is escaped in a URL", async () => {
    const fragment = await encodeState(state);
    expect(fragment).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(new URL("http://h/#" + fragment).hash).toBe("#" + fragment);
  });

  test("is raw deflate of the compact JSON (readable by any zlib)", async () => {
    const fragment = await encodeState(state);
    const bytes = Buffer.from(fragment.slice(3), "base64url");
    expect(JSON.parse(inflateRawSync(bytes).toString("utf8"))).toEqual(toCompact(state));
  });

  test("is much shorter than the text it carries", async () => {
    const fragment = await encodeState(DEFAULT_STATE);
    expect(fragment.length).toBeLessThan(encodeURIComponent(EXAMPLE_RULE).length * 0.75);
  });

  test("an empty fragment is no state", async () => {
    expect(await decodeState("")).toBeUndefined();
    expect(await decodeState("#")).toBeUndefined();
  });

  test("damaged links are reported, not thrown as something else", async () => {
    const good = await encodeState(state);
    const cases = [
      "#other",
      "#v1.not*base64",
      "#v1.AAAA", // not a deflate stream
      "#v1." + good.slice(3, 10), // truncated
      "#v1." + deflateRawSync(Buffer.from("not json")).toString("base64url"),
      "#v1." + deflateRawSync(Buffer.from([0xff, 0xfe, 0x00])).toString("base64url"),
      "#v1." + deflateRawSync(Buffer.from('{"v":1}')).toString("base64url"),
    ];
    for (const fragment of cases) await expect(decodeState(fragment), fragment).rejects.toThrow(StateFormatError);
  });

  test("a link that inflates past the limit is refused (a few hundred bytes cannot claim megabytes)", async () => {
    const bomb = deflateRawSync(Buffer.from(JSON.stringify({ v: 1, r: " ".repeat(MAX_LINK_BYTES + 10) })));
    expect(bomb.length).toBeLessThan(10_000);
    await expect(decodeState("#v1." + bomb.toString("base64url"))).rejects.toThrow(/too large/);
  });
});
