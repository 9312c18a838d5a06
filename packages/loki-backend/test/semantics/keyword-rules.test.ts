/**
 * Issue 15, item 2: the twelve SigmaHQ rules that combine keywords with other conditions in a way
 * line filters cannot express (the reference refuses them or drops their OR). Each converts to one
 * query through the line label; run by the evaluator with Loki's semantics over lines built from
 * the rule's own keywords and fields, in the format its parser reads (JSON for Windows, logfmt
 * otherwise), it selects the lines the rule describes and none of the near misses.
 */
import { describe, expect, it } from "vitest";
import { convertFile } from "../helpers/conformance.js";
import { queries } from "../helpers/convert.js";
import { CompiledQuery } from "./evaluate.js";

/** A JSON line (the Windows products' parser). */
const js = (o: Record<string, unknown>): string => JSON.stringify(o);
/** A logfmt line, every value quoted with JSON-style escapes (as Loki's logfmt reads them). */
const lf = (o: Record<string, string>): string =>
  Object.entries(o)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ");
/** An auditd EXECVE record (the auditd rules' lines, parsed with logfmt). */
const auditd = (type: string, ...args: string[]): string =>
  `type=${type} msg=audit(1711111111.123:45): argc=${args.length} ${args.map((a, i) => `a${i}="${a}"`).join(" ")}`;

interface KeywordRule {
  readonly file: string;
  /** Lines the rule describes. */
  readonly match: readonly string[];
  /** Near misses: one condition short of a match. */
  readonly miss: readonly string[];
}

const ET = "corpus/sigma/rules-emerging-threats";
const RULES: readonly KeywordRule[] = [
  {
    file: `${ET}/2017/Malware/NotPetya/proc_creation_win_malware_notpetya.yml`,
    match: [
      js({ Image: "C:\\Windows\\System32\\rundll32.exe", CommandLine: "rundll32.exe C:\\Windows\\perfc.dat,#1" }),
      // The keyword alone, with its backslash (JSON doubles it in the line).
      js({ EventID: 11, TargetFilename: "C:\\Windows\\perfc.dat" }),
      js({ CommandLine: "cmd /c wevtutil cl Application & fsutil usn deletejournal /D C:" }),
    ],
    miss: [
      js({ EventID: 11, TargetFilename: "C:\\Windows\\myperfc.dat" }),
      js({ Image: "C:\\Windows\\System32\\rundll32.exe", CommandLine: "rundll32.exe C:\\x\\perfc.dll,#1" }),
    ],
  },
  {
    file: `${ET}/2021/Exploits/CVE-2021-1675/win_exploit_cve_2021_1675_printspooler.yml`,
    match: [
      js({ EventID: 808, ErrorCode: "0x45A" }),
      js({ EventID: 316, Message: "Loaded C:\\Windows\\System32\\spool\\drivers\\x64\\3\\mimilib.dll" }),
      js({ EventID: 808, Message: "The print spooler failed to load a plug-in module C:\\x\\evil.dll, error code 0x7e" }),
    ],
    miss: [
      js({ EventID: 808, ErrorCode: "0x45B" }),
      js({ EventID: 808, ErrorCode: "0x7e", Message: "The print spooler failed to load a plug-in module PrintConfig registration timed out" }),
      js({ EventID: 316, Message: "Loaded C:\\x\\notmimilib.dll" }),
    ],
  },
  {
    file: `${ET}/2021/Exploits/CVE-2021-26084/web_cve_2021_26084_confluence_rce_exploit.yml`,
    match: [
      lf({ "cs-method": "POST", "sc-status": "200", "cs-username": "anonymous", "cs-uri-query": "/pages/createpage-entervariables.action?SpaceKey=x" }),
      lf({ "cs-method": "POST", "sc-status": "200", "cs-username": "anonymous", "cs-uri-query": "/doenterpagevariables.action", body: "queryString=aaa\\u0027+#{7*7}" }),
    ],
    miss: [
      lf({ "cs-method": "POST", "sc-status": "200", "cs-username": "anonymous", "cs-uri-query": "/doenterpagevariables.action", body: "queryString=aaa" }),
      lf({ "cs-method": "POST", "sc-status": "200", "cs-username": "admin", "cs-uri-query": "/pages/createpage-entervariables.action?SpaceKey=x" }),
    ],
  },
  {
    file: `${ET}/2021/Exploits/CVE-2021-26858/web_cve_2021_26858_iis_rce.yml`,
    match: [
      lf({
        "cs-method": "POST",
        "sc-status": "200",
        "cs-uri-stem": "/ecp/DDI/DDIService.svc/SetObject",
        "cs-uri-query": "schema=ResetOABVirtualDirectory&msExchEcpCanary=x",
        "cs-username": "EXCH01$",
      }),
      // The keywords alone: a raw IIS line that is no logfmt.
      "2021-03-03 10:00:00 10.0.0.1 POST /ecp/DDI/DDIService.svc/SetObject schema=ResetOABVirtualDirectory 443 EXCH01$ 200",
    ],
    miss: [
      "2021-03-03 10:00:00 10.0.0.1 POST /ecp/DDI/DDIService.svc/SetObject schema=ResetOABVirtualDirectory 443 admin 200",
      "2021-03-03 10:00:00 10.0.0.1 GET /ecp/DDI/DDIService.svc/SetObject schema=ResetOABVirtualDirectory 443 EXCH01$ 200",
    ],
  },
  {
    file: `${ET}/2023/Exploits/CVE-2023-46747/proxy_cve_2023_46747_f5_remote_code_execution.yml`,
    match: [
      lf({ "cs-method": "POST", "c-uri": "/mgmt/tm/util/bash", body: "/tmui/Control/form?form_page=%2ftmui%2fsystem%2fuser%2fcreate.jsp" }),
      lf({
        "cs-method": "POST",
        "c-uri": "/mgmt/tm/util/bash",
        body: "2f746d75692f436f6e74726f6c2f666f726d3f666f726d5f706167653d253266746d756925326673797374656d253266757365722532666372656174652e6a7370",
      }),
    ],
    miss: [
      lf({ "cs-method": "POST", "c-uri": "/mgmt/tm/util/bash", body: "/tmui/Control/form" }),
      lf({ "cs-method": "GET", "c-uri": "/mgmt/tm/util/bash", body: "/tmui/Control/form?form_page=%2ftmui%2fsystem%2fuser%2fcreate.jsp" }),
    ],
  },
  {
    file: `${ET}/2023/Exploits/CVE-2023-46747/web_cve_2023_46747_f5_remote_code_execution.yml`,
    match: [lf({ "cs-method": "POST", "cs-uri-stem": "/mgmt/tm/util/bash", body: "/tmui/Control/form?form_page=%2ftmui%2fsystem%2fuser%2fcreate.jsp" })],
    miss: [
      lf({ "cs-method": "POST", "cs-uri-stem": "/mgmt/tm/util/bash", body: "form_page=%2ftmui%2fsystem%2fuser%2fcreate.jsp" }),
      lf({ "cs-method": "POST", "cs-uri-stem": "/mgmt/tm/util/sh", body: "/tmui/Control/form?form_page=%2ftmui%2fsystem%2fuser%2fcreate.jsp" }),
    ],
  },
  {
    file: `${ET}/2024/Exploits/CVE-2024-3400/paloalto_globalprotect_exploit_cve_2024_3400_command_injection.yml`,
    match: [
      'ERROR 2024-04-11 failed to unmarshal session(../../../opt/panlogs/tmp/device_telemetry/minute/x) map , EOF',
      "telemetry: send /opt/panlogs/tmp/device_telemetry/hour/aaa`curl${IFS}evil`",
    ],
    miss: ["ERROR 2024-04-11 failed to unmarshal session(abc) map , EOF", "telemetry: send /opt/panlogs/tmp/device_telemetry/hour/aaa.tgz"],
  },
  {
    file: "corpus/sigma/rules/linux/auditd/execve/lnx_auditd_binary_padding.yml",
    match: [auditd("EXECVE", "truncate", "-s", "+5M", "/tmp/x"), auditd("EXECVE", "dd", "if=/dev/zero", "bs=1", "count=5")],
    miss: [auditd("EXECVE", "dd", "if=/dev/zero", "of=/tmp/x"), auditd("SYSCALL", "truncate", "-s", "+5M"), auditd("EXECVE", "truncate", "/tmp/x")],
  },
  {
    file: "corpus/sigma/rules/linux/auditd/execve/lnx_auditd_system_shutdown_reboot.yml",
    match: [auditd("EXECVE", "shutdown", "-h", "now"), lf({ type: "EXECVE", cmd: "telinit 6" })],
    // The keywords 0 and 6 search the whole line: an auditd record's `a0=` holds a 0.
    miss: [lf({ type: "EXECVE", cmd: "telinit q" }), auditd("SYSCALL", "reboot"), lf({ type: "EXECVE", cmd: "systemctl status 6" })],
  },
  {
    file: "corpus/sigma/rules/windows/builtin/msexchange/win_exchange_proxyshell_mailbox_export.yml",
    match: [
      // `-FilePath "\\` is `-FilePath \"\\\\` in the JSON line: the keyword with a quote and backslashes.
      js({ EventID: 1, Message: 'New-MailboxExportRequest -Mailbox admin@x.local -FilePath "\\\\127.0.0.1\\c$\\x.pst"' }),
      js({ EventID: 1, Message: 'New-MailboxExportRequest -Mailbox admin@x.local -FilePath "C:\\x\\shell.aspx"' }),
      js({ EventID: 1, Message: 'New-ManagementRoleAssignment -Role "Mailbox Import Export" -User admin' }),
    ],
    miss: [
      js({ EventID: 1, Message: 'New-MailboxExportRequest -Mailbox admin@x.local -FilePath "C:\\x\\mail.pst"' }),
      js({ EventID: 1, Message: 'New-MailboxExportRequest -FilePath "\\\\127.0.0.1\\c$\\x.aspx"' }),
      js({ EventID: 1, Message: 'New-ManagementRoleAssignment -Role "Mailbox Search" -User admin' }),
    ],
  },
  {
    file: "corpus/sigma/rules/windows/builtin/wmi/win_wmi_persistence.yml",
    match: [js({ EventID: 5861, Message: "Binding: CommandLineEventConsumer Name=x" }), js({ EventID: 5859, Provider: "Evil Provider" })],
    miss: [
      js({ EventID: 5861, Message: "Binding: LogFileEventConsumer" }),
      js({ EventID: 5859, Provider: "SCM Event Provider", Query: "select * from MSFT_SCMEventLogEvent", User: "S-1-5-32-544", PossibleCause: "Permanent" }),
    ],
  },
  {
    file: "corpus/sigma/rules/windows/sysmon/sysmon_config_modification_status.yml",
    match: [js({ EventID: 4, State: "Stopped" }), js({ EventID: 16, Message: "Sysmon config state changed" })],
    miss: [js({ EventID: 16, State: "Started", Message: "Sysmon config state changed" }), js({ EventID: 4, State: "Running" })],
  },
];

describe("the keyword rules the reference cannot convert (issue 15, item 2)", () => {
  it("are twelve", () => {
    expect(RULES).toHaveLength(12);
  });
  for (const rule of RULES) {
    it(rule.file.replace(/^.*\//, ""), () => {
      const outcome = convertFile(rule.file);
      if (!("queries" in outcome)) throw outcome.error;
      expect(outcome.queries).toHaveLength(1);
      const [query = ""] = outcome.queries;
      expect(query).toContain("| label_format sigma_line=`{{ __line__ }}` |");
      const compiled = new CompiledQuery(query);
      const selected = (line: string): boolean => compiled.run({ line, stream: { job: "windows" } }).selected;
      expect(rule.match.filter((line) => !selected(line))).toEqual([]);
      expect(rule.miss.filter(selected)).toEqual([]);
    });
  }
});

describe("the line label's name (issue 15: a log or a rule with a `sigma_line` of its own)", () => {
  const WIN = "{product: windows}";
  const run = (query: string, line: string, stream: Record<string, string> = { job: "windows" }): boolean =>
    new CompiledQuery(query).run({ line, stream }).selected;

  it("a parsed field of that name is overwritten after the parser: the filter sees the line", () => {
    const [query = ""] = queries("{kw: [needle], sel: {a: b}, condition: kw or sel}", undefined, WIN);
    expect(query).toContain("| json | label_format sigma_line=`{{ __line__ }}` | sigma_line=~`(?i).*needle.*` or a=~`(?i)^b$`");
    expect(run(query, js({ sigma_line: "decoy", m: "needle" }))).toBe(true);
    expect(run(query, js({ sigma_line: "needle but elsewhere" }))).toBe(true);
    expect(run(query, js({ sigma_line: "decoy", m: "hay" }))).toBe(false);
    // A stream label of that name: json renames the field (`sigma_line_extracted`), the label still holds the line.
    expect(run(query, js({ sigma_line: "decoy", m: "needle" }), { job: "windows", sigma_line: "stream" })).toBe(true);
    expect(run(query, js({ m: "hay" }), { job: "windows", sigma_line: "needle" })).toBe(false);
  });

  it("a rule whose fields use the name gets another one, and its field conditions and output keep their values", () => {
    const [query = ""] = queries("{kw: [needle], sel: {sigma_line: x}, condition: kw or sel}", undefined, WIN, "fields: [sigma_line]");
    expect(query).toBe(
      '{job=~"eventlog|winlog|windows|fluentbit.*"} | json | label_format sigma_line_1=`{{ __line__ }}` | ' +
        'sigma_line_1=~`(?i).*needle.*` or sigma_line=~`(?i)^x$` | line_format "{{.sigma_line}}"',
    );
    const compiled = new CompiledQuery(query);
    const out = (line: string) => compiled.run({ line, stream: { job: "windows" } });
    expect(out(js({ sigma_line: "X" }))).toMatchObject({ selected: true, line: "X" });
    expect(out(js({ sigma_line: "y", m: "needle" }))).toMatchObject({ selected: true, line: "y" });
    expect(out(js({ sigma_line: "y" })).selected).toBe(false);
    expect(queries("{kw: [needle], a: {sigma_line: x}, b: {sigma_line_1: y}, condition: kw or a or b}")[0]).toContain("label_format sigma_line_2=");
  });
});
