/**
 * FIFOs (named pipes) as inputs and outputs without a blocked thread. Opening a FIFO waits for
 * the other end; done on libuv's thread pool, that wait would also keep the process from exiting
 * on Ctrl-C (exit joins the pool's threads). So a FIFO is opened non-blocking (a reader at once;
 * a writer once a reader is there, retrying meanwhile) and then read or written as a stream on
 * the event loop, like a pipe on stdin or stdout.
 */
import { constants, openSync } from "node:fs";
import { Socket } from "node:net";

/** How often a writer retries while the FIFO has no reader. */
const RETRY_MS = 50;

/** A FIFO's reading end as a stream; it ends when the writers are done. */
export function fifoReader(path: string): Socket {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  return new Socket({ fd, readable: true, writable: false });
}

/** Writes `data` to a FIFO once it has a reader, and resolves when it has been handed over. */
export async function writeFifo(path: string, data: Uint8Array): Promise<void> {
  let fd: number;
  for (;;) {
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENXIO") throw err;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
  const socket = new Socket({ fd, readable: false, writable: true });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.end(data, () => resolve());
  });
}
