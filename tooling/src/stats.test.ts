import { describe, expect, it } from "vitest";
import { median, quantile } from "./stats.js";

describe("quantile / median", () => {
  it("uses the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile(values, 1)).toBe(100);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBe(0);
  });
});
