/**
 * The page's side of the conversion worker: sends the latest state, gets the view back, and stops
 * a conversion that runs past its time budget — the worker is terminated (the only way to stop
 * JavaScript that does not yield) and started again for the next conversion, and the page shows
 * why. The page's thread never converts, so it stays responsive whatever a link asks for.
 */
import type { Catalogue, ConversionView, Problem } from "./engine.js";
import type { Format, PlaygroundState } from "./state.js";

/** How long one conversion may take (a rule usually takes milliseconds). */
export const TIME_BUDGET_MS = 5_000;

/** Messages to the worker. */
export type ToWorker = { readonly kind: "convert"; readonly id: number; readonly state: PlaygroundState };
/** Messages from the worker. */
export type FromWorker =
  | { readonly kind: "ready"; readonly catalogue: Catalogue }
  | { readonly kind: "view"; readonly id: number; readonly view: ConversionView };

/** What the converter needs of a worker (a DOM `Worker`, or a stand-in in tests). */
export interface WorkerPort {
  onmessage: ((event: { readonly data: FromWorker }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  postMessage(message: ToWorker): void;
  terminate(): void;
}

export interface ConverterOptions {
  /** Starts a worker running ./worker.ts. */
  readonly createWorker: () => WorkerPort;
  /** Receives each conversion's view, or the view that says why there is none. */
  readonly onView: (view: ConversionView) => void;
  readonly budgetMs?: number;
}

/** A view with no output, only problems (the worker's conversion failed early, or was stopped). */
export function emptyView(format: Format, problems: readonly Problem[]): ConversionView {
  return format === "default" ? { format, rules: [], problems } : { format, text: "", problems };
}

export function budgetMessage(budgetMs: number): string {
  return (
    `The conversion took longer than ${budgetMs / 1000} s and was stopped, so that this page stays responsive. ` +
    "A rule or pipeline (from a link, say) can ask for more work than a browser tab should do: a long |windash value, " +
    "a slow pipeline regex. Change the rule or pipeline, or convert it with the sigma command."
  );
}

/**
 * One conversion at a time: a state that arrives meanwhile waits (only the latest one), and is
 * converted when the current one is done or stopped. A stopped or failed worker is replaced when
 * the next conversion is asked for.
 */
export class Converter {
  /** The pipelines, options and formats on offer (from the first worker; rejected if it fails). */
  readonly catalogue: Promise<Catalogue>;
  readonly #budgetMs: number;
  #worker: WorkerPort | undefined;
  #ready = false;
  #nextId = 0;
  #current: { readonly id: number; readonly state: PlaygroundState; readonly timer: ReturnType<typeof setTimeout> } | undefined;
  #pending: PlaygroundState | undefined;
  #catalogue: { resolve(c: Catalogue): void; reject(e: Error): void } | undefined;

  constructor(private readonly options: ConverterOptions) {
    this.#budgetMs = options.budgetMs ?? TIME_BUDGET_MS;
    this.catalogue = new Promise((resolve, reject) => (this.#catalogue = { resolve, reject }));
    this.#start();
  }

  /** Converts `state` as soon as the worker is free; its view goes to `onView`. */
  request(state: PlaygroundState): void {
    this.#pending = state;
    if (this.#worker === undefined) this.#start();
    this.#next();
  }

  #start(): void {
    const worker = this.options.createWorker();
    this.#worker = worker;
    this.#ready = false;
    worker.onmessage = ({ data }) => {
      if (worker !== this.#worker) return;
      if (data.kind === "ready") {
        this.#ready = true;
        this.#catalogue?.resolve(data.catalogue);
        this.#next();
      } else if (data.id === this.#current?.id) {
        clearTimeout(this.#current.timer);
        this.#current = undefined;
        this.options.onView(data.view);
        this.#next();
      }
    };
    worker.onerror = () => {
      if (worker !== this.#worker) return;
      this.#catalogue?.reject(new Error("the converter could not be started"));
      this.#stop("The converter failed (it may have run out of memory) and was stopped.");
    };
  }

  #next(): void {
    if (!this.#ready || this.#current !== undefined || this.#pending === undefined) return;
    const state = this.#pending;
    this.#pending = undefined;
    const id = ++this.#nextId;
    const timer = setTimeout(() => this.#stop(budgetMessage(this.#budgetMs)), this.#budgetMs);
    this.#current = { id, state, timer };
    this.#worker?.postMessage({ kind: "convert", id, state });
  }

  /** Ends the running conversion (terminating the worker) and says why; a state waiting starts a new worker. */
  #stop(message: string): void {
    const stopped = this.#current?.state ?? this.#pending;
    if (this.#current !== undefined) clearTimeout(this.#current.timer);
    this.#current = undefined;
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#ready = false;
    if (stopped !== undefined) this.options.onView(emptyView(stopped.format, [{ message, kind: "Stopped", source: "settings" }]));
    // The state that waited behind the stopped one gets a new worker; the stopped one is not retried.
    if (this.#pending !== undefined && this.#pending !== stopped) this.request(this.#pending);
    else this.#pending = undefined;
  }
}
