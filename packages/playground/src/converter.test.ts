import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { Converter, TIME_BUDGET_MS, budgetMessage, type FromWorker, type ToWorker, type WorkerPort } from "./converter.js";
import type { Catalogue, ConversionView } from "./engine.js";
import { DEFAULT_STATE, type PlaygroundState } from "./state.js";

const CATALOGUE: Catalogue = { pipelines: [], options: [], formats: { default: "d", ruler: "r", grafana_alerting: "g" } };

/** A worker stand-in: records messages, answers only when told to. */
class FakeWorker implements WorkerPort {
  onmessage: ((event: { readonly data: FromWorker }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly received: ToWorker[] = [];
  terminated = false;
  postMessage(message: ToWorker): void {
    this.received.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  send(data: FromWorker): void {
    this.onmessage?.({ data });
  }
  ready(): void {
    this.send({ kind: "ready", catalogue: CATALOGUE });
  }
  answer(index = this.received.length - 1): void {
    const message = this.received[index];
    if (message === undefined) throw new Error("nothing to answer");
    this.send({ kind: "view", id: message.id, view: { format: "default", rules: [{ title: message.state.rule, queries: [] }], problems: [] } });
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const views: ConversionView[] = [];
  const converter = new Converter({
    createWorker: () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    onView: (v) => views.push(v),
  });
  return { converter, workers, views };
}

const state = (rule: string, extra: Partial<PlaygroundState> = {}): PlaygroundState => ({ ...DEFAULT_STATE, ...extra, rule });
const titles = (views: ConversionView[]): string[] => views.flatMap((v) => (v.format === "default" ? v.rules.map((r) => r.title) : []));

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the conversion worker's client", () => {
  test("converts once the worker is ready and hands back its view and catalogue", async () => {
    const { converter, workers, views } = setup();
    converter.request(state("a"));
    expect(workers[0]?.received).toEqual([]);
    workers[0]?.ready();
    await expect(converter.catalogue).resolves.toEqual(CATALOGUE);
    expect(workers[0]?.received.map((m) => m.state.rule)).toEqual(["a"]);
    workers[0]?.answer();
    expect(titles(views)).toEqual(["a"]);
  });

  test("one conversion at a time: only the latest waiting state follows", () => {
    const { converter, workers, views } = setup();
    workers[0]?.ready();
    converter.request(state("a"));
    converter.request(state("b"));
    converter.request(state("c"));
    expect(workers[0]?.received.map((m) => m.state.rule)).toEqual(["a"]);
    workers[0]?.answer();
    expect(workers[0]?.received.map((m) => m.state.rule)).toEqual(["a", "c"]);
    workers[0]?.answer();
    expect(titles(views)).toEqual(["a", "c"]);
  });

  test(`a conversion past the budget (${TIME_BUDGET_MS} ms) is stopped: worker terminated, the page told why`, () => {
    const { converter, workers, views } = setup();
    workers[0]?.ready();
    converter.request(state("hostile", { format: "ruler" }));
    vi.advanceTimersByTime(TIME_BUDGET_MS - 1);
    expect(workers[0]?.terminated).toBe(false);
    expect(views).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(workers[0]?.terminated).toBe(true);
    expect(views).toEqual([
      { format: "ruler", text: "", problems: [{ kind: "Stopped", source: "settings", message: budgetMessage(TIME_BUDGET_MS) }] },
    ]);
    expect(budgetMessage(TIME_BUDGET_MS)).toMatch(/^The conversion took longer than 5 s and was stopped/);
    // The stopped state is not retried; the next one gets a new worker.
    expect(workers).toHaveLength(1);
    converter.request(state("next"));
    expect(workers).toHaveLength(2);
    workers[1]?.ready();
    workers[1]?.answer();
    expect(titles(views)).toEqual(["next"]);
  });

  test("a state that waited behind a stopped one is converted by a new worker", () => {
    const { converter, workers, views } = setup();
    workers[0]?.ready();
    converter.request(state("hostile"));
    converter.request(state("edited"));
    vi.advanceTimersByTime(TIME_BUDGET_MS);
    expect(workers).toHaveLength(2);
    workers[1]?.ready();
    expect(workers[1]?.received.map((m) => m.state.rule)).toEqual(["edited"]);
    // A late answer from the terminated worker is ignored.
    workers[0]?.answer(0);
    workers[1]?.answer();
    expect(titles(views)).toEqual(["edited"]);
  });

  test("an answer in time clears the budget", () => {
    const { converter, workers, views } = setup();
    workers[0]?.ready();
    converter.request(state("a"));
    workers[0]?.answer();
    vi.advanceTimersByTime(10 * TIME_BUDGET_MS);
    expect(workers[0]?.terminated).toBe(false);
    expect(views).toHaveLength(1);
  });

  test("a worker that fails to start is reported once, not restarted in a loop", async () => {
    const { converter, workers, views } = setup();
    converter.request(state("a"));
    workers[0]?.onerror?.(new Event("error"));
    await expect(converter.catalogue).rejects.toThrow(/could not be started/);
    expect(workers).toHaveLength(1);
    expect(views.map((v) => v.problems[0]?.kind)).toEqual(["Stopped"]);
  });
});
