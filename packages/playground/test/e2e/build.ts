/**
 * The end-to-end tests load the built page. Under turbo `build` has already run; when the tests
 * run alone, the page is rebuilt if it is missing or older than any of its sources.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = fileURLToPath(new URL("../..", import.meta.url));
export const distDir = join(packageDir, "dist");

function newest(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path)
    .filter((name) => name !== "node_modules" && name !== "dist" && !name.endsWith(".test.ts"))
    .reduce((max, name) => Math.max(max, newest(join(path, name))), s.mtimeMs);
}

export function ensureBuilt(): void {
  const index = join(distDir, "index.html");
  const packages = join(packageDir, "..");
  const inputs = [
    join(packageDir, "src"),
    join(packageDir, "index.html"),
    join(packageDir, "vite.config.ts"),
    ...readdirSync(packages).map((p) => join(packages, p, "src")).filter((p) => existsSync(p)),
  ];
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...inputs.map(newest))) return;
  execFileSync(process.execPath, [join(packageDir, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], {
    cwd: packageDir,
    stdio: "inherit",
  });
}
