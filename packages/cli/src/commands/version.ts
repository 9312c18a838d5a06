/** `sigma version`: the version of this package, without any network call. */
import { readFile } from "node:fs/promises";
import { writeStdout } from "../terminal.js";

/** Prints the version from package.json; returns the exit code. */
export async function runVersion(): Promise<number> {
  const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  await writeStdout(`${pkg.version}\n`);
  return 0;
}
