import { defaultClientConditions, defineConfig, type Plugin } from "vite";

/**
 * The built page declares that it fetches nothing (`connect-src 'none'`) and loads code only from
 * its own origin, so "sends nothing anywhere" is enforced by the browser, not only promised.
 * Build only: the dev server needs its websocket and inline client.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // CodeMirror injects its theme as <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'none'",
  // The converter's worker starts from a blob (so that it inherits this policy) and imports the
  // worker script from this origin.
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function contentSecurityPolicy(): Plugin {
  return {
    name: "playground-csp",
    apply: "build",
    transformIndexHtml: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP }, injectTo: "head-prepend" }],
  };
}

// Workspace packages resolve to their TypeScript sources (the `source` export condition), as in
// the tests: the page needs no prior build of the libraries and always bundles the current code.
export default defineConfig({
  // Relative asset URLs: the built folder can be served from any path (next to Grafana, say).
  base: "./",
  resolve: { conditions: ["source", ...defaultClientConditions] },
  plugins: [contentSecurityPolicy()],
  // The worker is an ES module: the blob that starts it imports it.
  worker: { format: "es" },
  build: {
    target: "es2022",
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
    // SigmaError's `name` is its class's name (`SigmaModifierError`, …): minifying must keep it.
    rolldownOptions: { output: { keepNames: true } },
  },
});
