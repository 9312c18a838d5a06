/**
 * The conversion worker: the whole Loki backend runs here, never on the page's thread, so that no
 * rule or pipeline from a link can freeze the page (./converter.ts stops it after a time budget).
 * It is started from a blob URL that imports this script, so it runs under the page's Content
 * Security Policy (no eval: templates still cannot run code from a link).
 */
import { catalogue, convertState } from "./engine.js";
import type { FromWorker, ToWorker } from "./converter.js";

/** The worker's global scope, as far as this script uses it. */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const message = event.data;
  scope.postMessage({ kind: "view", id: message.id, view: convertState(message.state) });
};
scope.postMessage({ kind: "ready", catalogue: catalogue() });
