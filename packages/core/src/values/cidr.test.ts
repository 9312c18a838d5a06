import { describe, expect, it } from "vitest";
import { SigmaTypeError } from "../errors.js";
import { parseCidr } from "./cidr.js";

describe("parseCidr", () => {
  it.each([
    ["192.0.0.0/8", "192.0.0.0", 8, 4],
    ["10.0.0.1", "10.0.0.1", 32, 4],
    ["2001:db8::/32", "2001:db8::", 32, 6],
    ["::1/128", "::1", 128, 6],
    ["fe80::/10", "fe80::", 10, 6],
    ["2603:1006:1400::/40", "2603:1006:1400::", 40, 6],
    ["2001:0DB8:0:0:0:0:0:0/32", "2001:db8::", 32, 6],
    ["::ffff:10.0.0.0/104", "::ffff:a00:0", 104, 6],
  ])("%s", (cidr, network, prefix, version) => {
    expect(parseCidr(cidr)).toEqual({ type: "cidr", cidr, network, prefixLength: prefix, version });
  });

  it.each(["foo", "10.0.0/8", "256.0.0.0/8", "10.0.0.0/33", "1:2:3:4:5:6:7:8:9/64", "10.0.0.1/8", "01.0.0.0/8", "1::2::3/64"])(
    "rejects %s",
    (cidr) => {
      expect(() => parseCidr(cidr)).toThrow(SigmaTypeError);
      expect(() => parseCidr(cidr)).toThrow(/^Invalid CIDR expression: /);
    },
  );
});
