import { describe, expect, it } from "vitest";
import { ProgressBar } from "./progress.js";

function stream(isTTY: boolean): { isTTY: boolean; text: string; write(s: string | Uint8Array): boolean } {
  return {
    isTTY,
    text: "",
    write(s) {
      this.text += String(s);
      return true;
    },
  };
}

// Expected bytes: spec/sigma-cli.md §4.
describe("progress bar", () => {
  it("prints only the label, once, when stderr is not a terminal", () => {
    const s = stream(false);
    const bar = new ProgressBar("Parsing Sigma rules", 3, s);
    bar.advance();
    bar.finish();
    expect(s.text).toBe("Parsing Sigma rules\n");
  });

  it("draws click's bar on a terminal", () => {
    const s = stream(true);
    const bar = new ProgressBar("Parsing Sigma rules", 3, s);
    bar.advance();
    bar.advance();
    bar.advance();
    bar.finish();
    expect(s.text).toBe(
      "\r\x1b[?25lParsing Sigma rules  [------------------------------------]    0%" +
        "\r\x1b[?25lParsing Sigma rules  [############------------------------]   33%" +
        "\r\x1b[?25lParsing Sigma rules  [########################------------]   66%" +
        "\r\x1b[?25lParsing Sigma rules  [####################################]  100%" +
        "\x1b[?25h\n",
    );
  });
});
