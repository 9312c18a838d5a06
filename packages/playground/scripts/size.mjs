// Prints the built page's size: the JavaScript loaded first (the entry and what index.html
// preloads) and everything, raw and gzip; writes the figures to dist/size.json.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = new Set(
  [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\.\/([^"]+\.js)"/g)].map((m) => m[1]),
);
const files = readdirSync(join(dist, "assets")).map((name) => {
  const bytes = readFileSync(join(dist, "assets", name));
  return { file: `assets/${name}`, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
});
const sum = (list) => list.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip }), { raw: 0, gzip: 0 });
const js = files.filter((f) => f.file.endsWith(".js"));
const report = {
  initialJs: sum(js.filter((f) => initial.has(f.file))),
  totalJs: sum(js),
  total: sum([...files, { raw: Buffer.byteLength(html), gzip: gzipSync(html, { level: 9 }).length }]),
  files,
};
writeFileSync(join(dist, "size.json"), JSON.stringify(report, null, 2) + "\n");
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`initial JS ${kb(report.initialJs.raw)} (gzip ${kb(report.initialJs.gzip)}); all JS ${kb(report.totalJs.raw)} (gzip ${kb(report.totalJs.gzip)}); page total gzip ${kb(report.total.gzip)}`);
