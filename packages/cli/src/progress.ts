/**
 * The "Parsing Sigma rules" progress bar, drawn like click's: on a terminal an animated 36-column
 * bar with percentage (and ETA after one second); elsewhere only the label, once.
 */
import type { OutStream } from "./terminal.js";

const WIDTH = 36;

/** One progress bar on `stream` (stderr). */
export class ProgressBar {
  private done = 0;
  private readonly started = Date.now();
  private last = "";

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: OutStream = process.stderr,
  ) {
    if (this.stream.isTTY) this.render();
    else this.stream.write(label + "\n");
  }

  /** Marks `n` more steps as done. */
  advance(n = 1): void {
    this.done += n;
    if (this.stream.isTTY) this.render();
  }

  /** Ends the bar (on a terminal: shows the cursor again and ends the line). */
  finish(): void {
    if (!this.stream.isTTY) return;
    this.done = this.total;
    this.render();
    this.stream.write("\x1b[?25h\n");
  }

  private render(): void {
    const fraction = this.total === 0 ? 1 : Math.min(1, this.done / this.total);
    const filled = Math.floor(fraction * WIDTH);
    let info = `${String(Math.floor(fraction * 100)).padStart(3)}%`;
    const elapsed = (Date.now() - this.started) / 1000;
    if (elapsed >= 1 && this.done > 0 && this.done < this.total) {
      const eta = Math.round((elapsed / this.done) * (this.total - this.done));
      const hh = String(Math.floor(eta / 3600)).padStart(2, "0");
      const mm = String(Math.floor((eta % 3600) / 60)).padStart(2, "0");
      const ss = String(eta % 60).padStart(2, "0");
      info += `  ${hh}:${mm}:${ss}`;
    }
    const line = `${this.label}  [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}]  ${info}`.trimEnd();
    if (line === this.last) return;
    this.last = line;
    this.stream.write(`\r\x1b[?25l${line}`);
  }
}
