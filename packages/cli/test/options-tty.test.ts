/**
 * Terminal behaviour through a real pseudo-terminal (util-linux `script`): the progress bar and
 * colours appear only on a TTY (spec/sigma-cli.md §1.3 and §4, byte examples marked [RUN]); the
 * pipe case is covered in convert.test.ts / usage.test.ts. Skipped where `script` is missing.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, FIX } from "./helpers.js";

const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

/** Runs the binary with stdout and stderr on one pseudo-terminal; returns what the terminal got. */
function onTty(args: string[]): { code: number | null; text: string } {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== "NO_COLOR" && k !== "FORCE_COLOR") env[k] = v;
  const r = spawnSync("script", ["-qec", quoted, "/dev/null"], { cwd: FIX, encoding: "utf8", env: { ...env, TERM: "xterm" } });
  // the terminal turns each "\n" into "\r\n"
  return { code: r.status, text: r.stdout.replace(/\r\n/g, "\n") };
}

const BAR = (hashes: number, info: string): string =>
  `\r\x1b[?25lParsing Sigma rules  [${"#".repeat(hashes)}${"-".repeat(36 - hashes)}]  ${info}`;

describe.skipIf(!hasScript)("on a terminal", () => {
  it("draws the progress bar as click does: 0% … 100%, cursor hidden then shown (§4)", () => {
    const r = onTty(["convert", "-t", "loki", "rules"]);
    expect(r.code).toBe(0);
    expect(r.text.startsWith(BAR(0, "  0%"))).toBe(true);
    expect(r.text).toContain(`${BAR(36, "100%")}\x1b[?25h\n`);
    expect(r.text).not.toContain("Parsing Sigma rules\n");
    // the query itself is never styled
    expect(r.text).toContain('{job=~"eventlog|winlog|windows|fluentbit.*"} | json | ParentImage=~');
  });

  it("shows the next-command hint bold green", () => {
    const r = onTty(["convert", "-t", "loki", "-p", "no_such_pipeline", "rules"]);
    expect(r.code).toBe(2);
    // bold (1) and green (32) in either order, then reset, around exactly the command
    expect(r.text).toMatch(/List all installed processing pipelines with: (\x1b\[32m\x1b\[1m|\x1b\[1m\x1b\[32m)sigma list pipelines loki\x1b\[/);
  });

  // click writes ESC[32m ESC[1m text ESC[0m; tools comparing bytes with sigma-cli need the same.
  it("writes click's exact bytes for the hint (§1.3 [RUN] example)", () => {
    const r = onTty(["convert", "-t", "loki", "-p", "no_such_pipeline", "rules"]);
    expect(r.text).toContain("List all installed processing pipelines with: \x1b[32m\x1b[1msigma list pipelines loki\x1b[0m");
  });

  it("NO_COLOR turns colours off even on a terminal", () => {
    const quoted = [process.execPath, BIN, "convert", "-t", "loki", "-p", "no_such_pipeline", "rules"].map((a) => `'${a}'`).join(" ");
    const r = spawnSync("script", ["-qec", quoted, "/dev/null"], { cwd: FIX, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "" } });
    expect(r.stdout).toContain("List all installed processing pipelines with: sigma list pipelines loki");
    expect(r.stdout).not.toContain("\x1b[32m");
  });
});
