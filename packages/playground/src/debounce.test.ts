import { afterEach, expect, test, vi } from "vitest";
import { debounce } from "./debounce.js";

afterEach(() => {
  vi.useRealTimers();
});

test("runs once after the last call; flush runs a pending call now, and only a pending one", () => {
  vi.useFakeTimers();
  const fn = vi.fn();
  const d = debounce(fn, 100);
  d();
  vi.advanceTimersByTime(60);
  d();
  vi.advanceTimersByTime(60);
  expect(fn).not.toHaveBeenCalled();
  vi.advanceTimersByTime(40);
  expect(fn).toHaveBeenCalledTimes(1);
  d();
  d.flush();
  expect(fn).toHaveBeenCalledTimes(2);
  d.flush();
  vi.advanceTimersByTime(200);
  expect(fn).toHaveBeenCalledTimes(2);
});
