import { describe, expect, it } from "vitest";
import { SigmaTypeError } from "../errors.js";
import { cidrNetmask, expandCidr, parseCidr } from "./cidr.js";

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

describe("expandCidr (pySigma's wildcard patterns, checked against Python's ipaddress)", () => {
  it.each([
    ["10.0.0.0/8", ["10.*"]],
    ["192.168.0.0/23", ["192.168.0.*", "192.168.1.*"]],
    ["0.0.0.0/0", ["*"]],
    ["10.1.2.3/32", ["10.1.2.3"]],
    ["172.16.0.0/12", Array.from({ length: 16 }, (_, i) => `172.${16 + i}.*`)],
    ["2001:db8::/32", ["2001:db8:*"]],
    ["fe80::/10", ["fe8*", "fe9*", "fea*", "feb*"]],
    ["::1/128", ["::1/128"]],
    ["2001:db8::/35", ["2001:db8:*", "2001:db8:1*"]],
    ["::/0", ["*"]],
    ["2001:db8:0:1::/64", ["2001:db8:0:1:*"]],
  ])("%s", (cidr, patterns) => {
    expect(expandCidr(parseCidr(cidr))).toEqual(patterns);
  });

  it("splits at the next octet boundary", () => {
    const patterns = expandCidr(parseCidr("10.0.0.0/9"));
    expect(patterns).toHaveLength(128);
    expect(patterns[0]).toBe("10.0.*");
    expect(patterns[127]).toBe("10.127.*");
  });
});

describe("cidrNetmask", () => {
  it.each([
    ["10.0.0.0/8", "255.0.0.0"],
    ["10.0.0.0/9", "255.128.0.0"],
    ["0.0.0.0/0", "0.0.0.0"],
    ["10.1.2.3/32", "255.255.255.255"],
    ["2001:db8::/32", "ffff:ffff::"],
    ["fe80::/10", "ffc0::"],
    ["::/0", "::"],
    ["::1/128", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
  ])("%s", (cidr, mask) => {
    expect(cidrNetmask(parseCidr(cidr))).toBe(mask);
  });
});
