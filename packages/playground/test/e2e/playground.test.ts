/**
 * End to end: the built page in Debian's Chromium, served on localhost. A person's steps: type a
 * rule, read the query, see an error marked in the editor, share the link, copy, switch format,
 * use a narrow screen. Screenshots go to test-artifacts/ (gitignored).
 *
 * Without Chromium the tests are skipped on a developer's machine and fail in CI (CI=true).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { budgetMessage, TIME_BUDGET_MS } from "../../src/converter.js";
import { allQueries, convertState, NO_TEMPLATES } from "../../src/engine.js";
import { decodeState, encodeState } from "../../src/link.js";
import { DEFAULT_STATE, EXAMPLE_RULE } from "../../src/state.js";
import { chromiumAvailable, CHROMIUM, launch, type Browser } from "./browser.js";
import { distDir, ensureBuilt, packageDir } from "./build.js";
import { serveStatic, type StaticServer } from "./server.js";

const inCI = process.env.CI === "true" || process.env.CI === "1";
const available = chromiumAvailable();
if (!available && !inCI) console.warn(`\n*** playground e2e tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium) ***\n`);

const artifacts = join(packageDir, "test-artifacts");
const WAIT = { timeout: 30_000 };

const BAD_RULE = `title: Broken
logsource:
  product: linux
detection:
  selection:
    Image|foo: /usr/bin/id
  condition: selection
`;

const TYPED_RULE = `title: Curl to a raw IP
logsource:
  product: linux
  category: process_creation
detection:
  selection:
    Image|endswith: /curl
    CommandLine|re: 'https?://\\d+\\.\\d+\\.\\d+\\.\\d+'
  condition: selection
level: high
`;

// Hostile links (issue 16): conversions that, unbounded, run for minutes on one thread.
const WINDASH_RULE = `title: Twelve dashes
logsource: { product: windows, category: process_creation }
detection:
  sel:
    CommandLine|windash|contains: '-a -b -c -d -e -f -g -h -i -j -k -l'
  condition: sel
`;
const BACKTRACKING_RULE = `title: Catastrophic regex
logsource: { product: linux }
detection:
  sel:
    a: '${"a".repeat(34)}!'
  condition: sel
`;
const BACKTRACKING_PIPELINE = "name: slow\ntransformations:\n  - type: replace_string\n    regex: '(a+)+$'\n    replacement: x\n";

/** The queries our converter gives for a rule: what the page must show. */
function expectedQueries(rule: string, extra: Partial<typeof DEFAULT_STATE> = {}): string[] {
  return allQueries(convertState({ ...DEFAULT_STATE, ...extra, rule }));
}

describe.skipIf(!available && !inCI)("playground in Chromium", () => {
  let browser: Browser;
  let server: StaticServer;
  let page: Page;
  /** Every URL the page requested. */
  const requests: string[] = [];
  /** Console errors (failed loads, CSP violations) and uncaught exceptions. */
  const errors: string[] = [];

  beforeAll(async () => {
    if (!available) throw new Error(`Chromium is required for the playground e2e tests in CI: none at ${CHROMIUM}`);
    ensureBuilt();
    mkdirSync(artifacts, { recursive: true });
    server = await serveStatic(distDir);
    browser = await launch();
    await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(server.url).origin });
    browser.context.on("request", (r) => requests.push(r.url()));
    page = await browser.context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await open(page, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(p: Page, url: string): Promise<void> {
    await p.goto(url);
    await p.waitForSelector("body[data-ready=true]", WAIT);
  }

  async function queries(p: Page = page): Promise<string[]> {
    return p.locator("#output pre.code").allTextContents();
  }

  /** Replaces the rule editor's text as typed input (CodeMirror sees user input events). */
  async function setRule(text: string, p: Page = page): Promise<void> {
    const content = p.locator("#rule-editor .cm-content");
    await content.click();
    await p.keyboard.press("Control+A");
    await p.keyboard.press("Delete");
    await p.keyboard.insertText(text);
  }

  test("shows the example rule's query, highlighted", async () => {
    const expected = expectedQueries(EXAMPLE_RULE);
    expect(expected).toHaveLength(1);
    await expect.poll(() => queries(), WAIT).toEqual(expected);
    const query = page.locator("#output pre.code").first();
    // Grafana's LogQL grammar drives the highlighting: the parser stage is a keyword, values strings.
    expect(await query.locator(".tok-keyword").allTextContents()).toContain("json");
    expect(await query.locator(".tok-string").count()).toBeGreaterThan(0);
    expect(await query.locator(".tok-labelName").allTextContents()).toContain("Image");
    await page.screenshot({ path: join(artifacts, "playground-example.png"), fullPage: true });
  });

  test("typing a rule updates the query", async () => {
    await setRule(TYPED_RULE.slice(0, -"level: high\n".length));
    // The last line typed key by key, as a person would.
    await page.keyboard.type("level: high\n");
    const expected = expectedQueries(TYPED_RULE);
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => queries(), WAIT).toEqual(expected);
    expect(await page.locator("#rule-editor .cm-content").textContent()).toContain("Curl to a raw IP");
    await expect.poll(() => page.locator("#status").textContent(), WAIT).toBe("1 query");
  });

  test("an error is marked at its line and column, and the list leads there", async () => {
    await setRule(BAD_RULE);
    const marker = page.locator("#rule-editor .cm-lintRange-error");
    await marker.first().waitFor(WAIT);
    // The modifier `foo` is on line 6: the underline starts at the field, column 5.
    expect(await marker.first().textContent()).toBe("Image|foo:");
    expect(await page.locator("#rule-editor .cm-gutter-lint .cm-lint-marker-error").count()).toBe(1);
    const item = page.locator("#problems li.error button");
    expect(await item.textContent()).toMatch(/^rule 6:5 — SigmaModifierError: .*foo/);
    expect(await queries()).toEqual([]);
    await page.screenshot({ path: join(artifacts, "playground-error.png"), fullPage: true });

    // Keyboard: the problem button moves the cursor to the marked line.
    await item.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#rule-editor .cm-activeLine").textContent(), WAIT).toContain("Image|foo");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("cm-content"))).toBe(true);
  });

  test("a custom pipeline's error is marked in the pipeline editor", async () => {
    await setRule(TYPED_RULE);
    await page.locator("#pipeline-details > summary").click();
    await page.locator("#pipeline-editor .cm-content").click();
    await page.keyboard.insertText("name: mine\ntransformations:\n  - type: no_such_transformation\n");
    await page.locator("#pipeline-editor .cm-lintRange-error").first().waitFor(WAIT);
    expect(await page.locator("#problems li.error").first().textContent()).toMatch(/^pipeline 3:5 — .*no_such_transformation/);
    // A valid pipeline applies: a field mapping renames the label.
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText("name: mine\ntransformations:\n  - type: field_name_mapping\n    mapping:\n      CommandLine: cmdline\n");
    const pipelineYaml = "name: mine\ntransformations:\n  - type: field_name_mapping\n    mapping:\n      CommandLine: cmdline\n";
    const expected = expectedQueries(TYPED_RULE, { pipelineYaml });
    expect(expected[0]).toContain("cmdline");
    await expect.poll(() => queries(), WAIT).toEqual(expected);
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await expect.poll(() => queries(), WAIT).toEqual(expectedQueries(TYPED_RULE));
  });

  test("a template in a pipeline is refused with an explanation: the page never evaluates code", async () => {
    await page.locator("#pipeline-editor .cm-content").click();
    await page.keyboard.insertText("name: t\npostprocessing:\n  - type: template\n    template: 'X {{ query }}'\n");
    const problem = page.locator("#problems li.error").first();
    await expect.poll(() => problem.textContent(), WAIT).toMatch(/^pipeline — \w+: /);
    expect(await problem.textContent()).toContain(NO_TEMPLATES);
    expect(await queries()).toEqual([]);
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await expect.poll(() => queries(), WAIT).toEqual(expectedQueries(TYPED_RULE));
  });

  test("the link carries the state and reproduces the conversion", async () => {
    await page.locator("#pipeline-loki_promtail_sysmon").check();
    await page.locator('input[name="format"][value="ruler"]').check();
    await expect.poll(async () => (await decodeState(new URL(page.url()).hash))?.format, WAIT).toBe("ruler");
    const state = await decodeState(new URL(page.url()).hash);
    expect(state).toEqual({ ...DEFAULT_STATE, rule: TYPED_RULE, pipelines: ["loki_promtail_sysmon"], format: "ruler" });
    const yaml = await page.locator("#output pre.code").textContent();
    expect(yaml).toContain("groups:");

    const second = await browser.context.newPage();
    await open(second, page.url());
    expect(await second.locator("#rule-editor .cm-content").textContent()).toContain("Curl to a raw IP");
    expect(await second.locator("#pipeline-loki_promtail_sysmon").isChecked()).toBe(true);
    expect(await second.locator('input[name="format"][value="ruler"]').isChecked()).toBe(true);
    await expect.poll(() => second.locator("#output pre.code").textContent(), WAIT).toBe(yaml);
    await second.close();

    // A link pasted into the open page's address bar replaces the state.
    const pasted = await encodeState({ ...DEFAULT_STATE, rule: EXAMPLE_RULE, options: { case_sensitive: true } });
    await page.evaluate((hash) => (location.hash = hash), pasted);
    await expect.poll(() => queries(), WAIT).toEqual(expectedQueries(EXAMPLE_RULE, { options: { case_sensitive: true } }));
    expect(await page.locator("#option-case_sensitive").isChecked()).toBe(true);
    expect(await page.locator("#pipeline-loki_promtail_sysmon").isChecked()).toBe(false);
    expect(await page.locator('input[name="format"][value="default"]').isChecked()).toBe(true);

    await page.locator("#option-case_sensitive").uncheck();
    await setRule(TYPED_RULE);
    await expect.poll(() => queries(), WAIT).toEqual(expectedQueries(TYPED_RULE));
  });

  test("copy puts the queries on the clipboard; Explore links point at the configured Grafana", async () => {
    const expected = expectedQueries(TYPED_RULE);
    await page.locator("#copy-output").click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), WAIT).toBe(expected.join("\n"));

    await page.locator("#grafana-details > summary").click();
    await page.locator("#grafana-url").fill("https://grafana.example.org/sub/");
    const link = page.locator("#output a.explore").first();
    await expect.poll(() => link.getAttribute("href"), WAIT).toMatch(/^https:\/\/grafana\.example\.org\/sub\/explore\?/);
    const href = new URL((await link.getAttribute("href"))!);
    const panes = JSON.parse(href.searchParams.get("panes")!) as Record<string, { datasource: string; queries: { expr: string }[] }>;
    expect(Object.values(panes)[0]!.queries[0]!.expr).toBe(expected[0]);
    // Without the options set, the backend's defaults: data source uid `loki`, organisation 1.
    expect([Object.values(panes)[0]!.datasource, href.searchParams.get("orgId")]).toEqual(["loki", "1"]);
  });

  test("sends nothing anywhere, logs no error, and converts offline", async () => {
    const origin = new URL(server.url).origin;
    expect(errors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => new URL(u).origin !== origin)).toEqual([]);
    await browser.context.setOffline(true);
    try {
      await setRule(BAD_RULE.replace("Image|foo", "Image|endswith"));
      await expect.poll(() => queries(), WAIT).toEqual(expectedQueries(BAD_RULE.replace("Image|foo", "Image|endswith")));
    } finally {
      await browser.context.setOffline(false);
    }
  });

  test("every control has a label, and the keyboard reaches the editor", async () => {
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("input, button, [contenteditable=true]")]
        .filter((e) => {
          const labels = (e as HTMLInputElement).labels;
          return !(labels && labels.length > 0) && !e.getAttribute("aria-label") && (e.textContent ?? "").trim() === "";
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    await page.goto("about:blank");
    await open(page, server.url);
    // Skip link, then the rule editor: two Tabs from the top of the page.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to the output");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Sigma rule (YAML)");
    // Tab indents inside the editor; Escape then Tab leaves it for the next control.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("format");
  });

  /**
   * Opens a hostile link in a new tab and checks that the tab stays responsive while the worker
   * converts: script round trips stay short and a control reacts at once. Returns the tab, once
   * `outcome` holds for it (what the page shows when the conversion has ended).
   */
  async function openHostile(link: Partial<typeof DEFAULT_STATE>, outcome: (tab: Page) => Promise<void>): Promise<Page> {
    const tab = await browser.context.newPage();
    await open(tab, server.url + "#" + (await encodeState({ ...DEFAULT_STATE, ...link })));
    const started = Date.now();
    for (let i = 0; i < 6; i++) {
      const before = Date.now();
      await tab.evaluate(() => performance.now());
      expect(Date.now() - before).toBeLessThan(1_000);
      await tab.waitForTimeout(250);
    }
    await tab.locator('input[name="format"][value="ruler"]').check({ timeout: 1_000 });
    await tab.locator('input[name="format"][value="default"]').check({ timeout: 1_000 });
    await outcome(tab);
    expect(Date.now() - started).toBeLessThan(TIME_BUDGET_MS + 15_000);
    return tab;
  }

  /** The page reports the run as stopped by the time budget or refused by a limit. */
  async function stoppedOrLimited(tab: Page): Promise<void> {
    const problem = tab.locator("#problems li.error").first();
    await expect.poll(() => problem.textContent(), { timeout: TIME_BUDGET_MS + 15_000 }).toMatch(/Stopped|limit/i);
  }

  test("a hostile link (|windash with twelve dashes) never freezes the page", async () => {
    const tab = await openHostile({ rule: WINDASH_RULE }, stoppedOrLimited);
    // The page recovers: the next rule converts in a new worker.
    await setRule(TYPED_RULE, tab);
    await expect.poll(() => queries(tab), WAIT).toEqual(expectedQueries(TYPED_RULE));
    await tab.close();
  });

  test("a hostile link (a catastrophic pipeline regex) never freezes the page", async () => {
    // Pipeline regexes run on RE2 (linear time): the conversion ends well within the budget.
    const link = { rule: BACKTRACKING_RULE, pipelineYaml: BACKTRACKING_PIPELINE };
    const tab = await openHostile(link, async (t) => {
      await expect.poll(() => queries(t), { timeout: TIME_BUDGET_MS }).toEqual(expectedQueries(BACKTRACKING_RULE, link));
    });
    await tab.close();
  });

  test("a conversion past the time budget is stopped, and the page says so", async () => {
    // A worker that never answers: the budget, not the converter's own limits, must end it.
    const hang = "self.postMessage({ kind: 'ready', catalogue: { pipelines: [], options: [], formats: {} } }); self.onmessage = () => { for (;;) {} };";
    await browser.context.route("**/assets/worker-*.js", (route) => route.fulfill({ contentType: "text/javascript", body: hang }));
    try {
      const tab = await browser.context.newPage();
      await open(tab, server.url);
      const started = Date.now();
      const problem = tab.locator("#problems li.error").first();
      await expect.poll(() => problem.textContent(), { timeout: TIME_BUDGET_MS + 10_000 }).toContain(budgetMessage(TIME_BUDGET_MS));
      expect(Date.now() - started).toBeGreaterThanOrEqual(TIME_BUDGET_MS - 500);
      expect(await tab.locator("#status").textContent()).toBe("0 queries, 1 error");
      await tab.close();
    } finally {
      await browser.context.unroute("**/assets/worker-*.js");
    }
  });

  test("usable on a narrow screen", async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    await setRule(EXAMPLE_RULE);
    await expect.poll(() => queries(), WAIT).toEqual(expectedQueries(EXAMPLE_RULE));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // One column: the output comes below the editor.
    const rule = await page.locator("#rule-editor").boundingBox();
    const output = await page.locator("#output").boundingBox();
    expect(output!.y).toBeGreaterThan(rule!.y + rule!.height);
    await page.screenshot({ path: join(artifacts, "playground-narrow.png"), fullPage: true });
  });
});
