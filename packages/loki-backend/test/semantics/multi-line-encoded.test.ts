/**
 * Issue 15, item 3: what neither implementation got right on a real Loki.
 *
 * - Multi-line values: Loki's regexes stop `.` at a newline (measured on Loki 3.7.6:
 *   `.*\s-H\s.*` does not select "first line\ncurl -H x", `(?s)` does); startswith, endswith,
 *   inner wildcards and `re` searched only the first or last line of a value.
 * - Keywords search the raw line, where a JSON event doubles `\` and escapes `"` (and the Windows
 *   shippers write `<` as `\u003c`); a quoted logfmt value escapes `\` and `"`.
 *
 * Each case runs the query of today and the query before issue 15 (the reference's, written out)
 * over the same lines: today's selects the sample, the old one does not, and near misses stay out.
 */
import { describe, expect, it } from "vitest";
import { queries } from "../helpers/convert.js";
import { CompiledQuery } from "./evaluate.js";

const ANY = '{job=~".+"}';
const WIN = '{job=~"eventlog|winlog|windows|fluentbit.*"}';
const WINDOWS = "{product: windows, category: ps_script}";
const sel = (s: string): string => `{sel: ${s}, condition: sel}`;
/** A JSON line as promtail / Alloy write Windows events (json-iterator: `<` `>` `&` as `\u003c`…). */
const js = (o: Record<string, unknown>): string =>
  JSON.stringify(o).replace(/[<>&]/g, (ch) => `\\u00${ch.charCodeAt(0).toString(16)}`);
/** A logfmt line, every value quoted (`\` and `"` escaped). */
const lf = (o: Record<string, string>): string =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ");

interface Case {
  readonly name: string;
  readonly detection: string;
  readonly logsource?: string;
  /** Our query, exactly. */
  readonly query: string;
  /** The query before issue 15 (the reference's output, with issue 9's search wrappers). */
  readonly before: string;
  /** The lines the rule describes, which the old query missed. */
  readonly sample: readonly string[];
  readonly miss: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: "startswith on a value that spans lines",
    detection: sel("{ScriptBlockText|startswith: 'powershell -enc'}"),
    logsource: WINDOWS,
    query: `${WIN} | json | ScriptBlockText=~\`(?i)^powershell\\ \\-enc(?s:.*)\``,
    before: `${WIN} | json | ScriptBlockText=~\`(?i)^powershell\\ \\-enc.*\``,
    sample: [js({ ScriptBlockText: "powershell -enc SQBFAFgA\r\nSecond line" })],
    miss: [js({ ScriptBlockText: "x\npowershell -enc SQBFAFgA" })],
  },
  {
    name: "endswith on a value that spans lines",
    detection: sel("{ScriptBlockText|endswith: 'Invoke-Mimikatz'}"),
    logsource: WINDOWS,
    query: `${WIN} | json | ScriptBlockText=~\`(?i)(?s:.*)Invoke\\-Mimikatz$\``,
    before: `${WIN} | json | ScriptBlockText=~\`(?i).*Invoke\\-Mimikatz$\``,
    sample: [js({ ScriptBlockText: "Import-Module .\\x.ps1\nInvoke-Mimikatz" })],
    miss: [js({ ScriptBlockText: "Invoke-Mimikatz\n# done" })],
  },
  {
    name: "an inner wildcard across lines",
    detection: sel("{ScriptBlockText|contains: 'Net.WebClient*DownloadString'}"),
    logsource: WINDOWS,
    query: `${WIN} | json | ScriptBlockText=~\`(?i)(?s:.*)Net\\.WebClient(?s:.*)DownloadString(?s:.*)\``,
    before: `${WIN} | json | ScriptBlockText=~\`(?i).*Net\\.WebClient.*DownloadString.*\``,
    sample: [js({ ScriptBlockText: "$c = New-Object Net.WebClient\n$c.DownloadString('http://x')\nrun" })],
    miss: [js({ ScriptBlockText: "$c.DownloadString('http://x')\n$c = New-Object Net.WebClient" })],
  },
  {
    name: "re searches a value that spans lines (the issue's sample)",
    detection: sel("{CommandLine|re: '\\s-H\\s'}"),
    query: `${ANY} | logfmt | CommandLine=~\`(?s:.*)\\s-H\\s(?s:.*)\``,
    before: `${ANY} | logfmt | CommandLine=~\`.*\\s-H\\s.*\``,
    sample: [lf({ CommandLine: "first line\ncurl -H x" }), lf({ CommandLine: "curl -H x\nsecond line" })],
    miss: [lf({ CommandLine: "first line\ncurl -Hx" })],
  },
  {
    name: "re: the pattern's own `.` keeps Sigma's meaning (no newline), the search around it crosses lines",
    detection: sel("{CommandLine|re: 'a.b'}"),
    query: `${ANY} | logfmt | CommandLine=~\`(?s:.*)a.b(?s:.*)\``,
    before: `${ANY} | logfmt | CommandLine=~\`.*a.b.*\``,
    sample: [lf({ CommandLine: "x\na-b\ny" })],
    miss: [lf({ CommandLine: "a\nb" })],
  },
  {
    name: "re: an anchor inside a top-level alternation anchors its alternative only (`^a|b`: starts with a, or contains b)",
    detection: sel("{CommandLine|re: '^cmd|powershell'}"),
    query: `${ANY} | logfmt | CommandLine=~\`(?s:.*)(?:^cmd|powershell)(?s:.*)\``,
    before: `${ANY} | logfmt | CommandLine=~\`(?:^cmd|powershell)(?s:.*)\``,
    sample: [lf({ CommandLine: "C:\\x\\powershell.exe -enc" }), lf({ CommandLine: "x\npowershell -enc" })],
    miss: [lf({ CommandLine: "x cmd /c whoami" }), lf({ CommandLine: "pwsh" })],
  },
  {
    name: "keyword with backslashes in a JSON line (win_exchange_proxyshell_certificate_generation)",
    // YAML `'\\\\localhost\C$'`: Sigma reads `\\\\` as two backslashes.
    detection: "{kw: ['\\\\\\\\localhost\\C$'], condition: kw}",
    logsource: "{product: windows, service: msexchange-management}",
    query: `${WIN} |~ \`(?i)\\\\\\\\\\\\\\\\localhost\\\\\\\\C\\$\``,
    before: `${WIN} |~ \`(?i)\\\\\\\\localhost\\\\C\\$\``,
    sample: [js({ EventID: 1, Message: "New-ExchangeCertificate -RequestFile \\\\localhost\\C$\\x.aspx" })],
    miss: [js({ EventID: 1, Message: "New-ExchangeCertificate -RequestFile \\localhost\\C$\\x.aspx" })],
  },
  {
    name: "keyword with quotes in a JSON line (win_exchange_proxyshell_remove_mailbox_export)",
    detection: "{kw: [' -Confirm \"False\"'], condition: kw}",
    logsource: "{product: windows, service: msexchange-management}",
    query: `${WIN} |~ \`(?i)\\ \\-Confirm\\ \\\\"False\\\\"\``,
    before: `${WIN} |~ \`(?i)\\ \\-Confirm\\ "False"\``,
    sample: [js({ EventID: 1, Message: 'Remove-MailboxExportRequest -Identity x -Confirm "False"' })],
    miss: [js({ EventID: 1, Message: "Remove-MailboxExportRequest -Identity x -Confirm False" })],
  },
  {
    name: "keyword with `<` in a JSON line written by promtail / Alloy (\\u003c)",
    detection: "{kw: ['http://f/<script'], condition: kw}",
    logsource: "{product: windows, service: msexchange-management}",
    query: `${WIN} |~ \`(?i)http://f/(?:<|\\\\u003c)script\``,
    before: `${WIN} |~ \`(?i)http://f/<script\``,
    sample: [js({ EventID: 1, Message: "Set-OabVirtualDirectory -ExternalUrl http://f/<script>x</script>" })],
    miss: [js({ EventID: 1, Message: "Set-OabVirtualDirectory -ExternalUrl http://f/script" })],
  },
  {
    name: "keyword with quotes in a quoted logfmt value, and as it is in an unquoted one",
    detection: "{kw: ['near \"x\"'], condition: kw}",
    query: `${ANY} |~ \`(?i)(?:near\\ "x"|near\\ \\\\"x\\\\")\``,
    before: `${ANY} |~ \`(?i)near\\ "x"\``,
    sample: [lf({ level: "error", msg: 'near "x": syntax error' })],
    miss: [lf({ level: "error", msg: "near x: syntax error" })],
  },
  {
    name: "a keyword's inner wildcard across the lines of a raw line",
    detection: "{kw: ['BEGIN*END'], condition: kw}",
    query: `${ANY} |~ \`(?i)BEGIN(?s:.*)END\``,
    before: `${ANY} |~ \`(?i)BEGIN.*END\``,
    sample: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"],
    miss: ["-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----"],
  },
];

describe("multi-line values and encoded keywords (issue 15, item 3)", () => {
  for (const c of CASES) {
    it(c.name, () => {
      expect(queries(c.detection, undefined, c.logsource)).toEqual([c.query]);
      const run = (query: string, line: string): boolean => new CompiledQuery(query).run({ line, stream: { job: "windows" } }).selected;
      expect(c.sample.filter((line) => !run(c.query, line))).toEqual([]);
      expect(c.sample.filter((line) => run(c.before, line))).toEqual([]);
      expect(c.miss.filter((line) => run(c.query, line))).toEqual([]);
    });
  }

  it("the line label searches the raw line across its lines and in its JSON form", () => {
    const [query = ""] = queries("{kw: ['BEGIN*END', '\\\\\\\\srv'], sel: {a: b}, condition: kw or sel}", undefined, "{product: windows}");
    expect(query).toBe(
      `${WIN} | json | label_format sigma_line=\`{{ __line__ }}\` | ` +
        "sigma_line=~`(?i)(?s:.*)BEGIN(?s:.*)END(?s:.*)` or sigma_line=~`(?i).*\\\\\\\\\\\\\\\\srv.*` or a=~`(?i)^b$`",
    );
    const compiled = new CompiledQuery(query);
    const selected = (line: string): boolean => compiled.run({ line, stream: { job: "windows" } }).selected;
    // A raw line (no JSON: __error__ is set, the line stays) and a JSON event holding `\\srv`.
    expect(["BEGIN\nmiddle\nEND", js({ path: "\\\\srv\\share" }), js({ a: "B" })].filter((l) => !selected(l))).toEqual([]);
    expect(["END\nBEGIN", js({ path: "\\srv\\share" }), js({ a: "c" })].filter(selected)).toEqual([]);
  });
});
