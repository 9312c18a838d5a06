/** Postprocessing and finalizers (spec §3.4). */
import { describe, expect, it } from "vitest";
import { finalizeQueries, loadPipelineYaml, postprocessQuery } from "../src/index.js";
import { rule } from "./helpers.js";

const r = rule(`
title: My Rule
id: 5a1e7c3f-1b2d-4c5e-9f00-123456789abc
level: high
logsource: {product: windows}
detection: {sel: {A: x}, condition: sel}
`);

function post(items: string, query = 'a="b"'): string {
  return postprocessQuery(loadPipelineYaml(`name: pipe\npostprocessing:\n${items}`), r, query);
}

function fin(items: string, queries: unknown[] = ["q1", "q2"]): unknown {
  return finalizeQueries(loadPipelineYaml(`name: pipe\nfinalizers:\n${items}`), queries);
}

describe("postprocessing", () => {
  it("embed", () => {
    expect(post(`  - {type: embed, prefix: "<", suffix: ">"}`)).toBe('<a="b">');
  });

  it("simple_template with {query}, {rule.x} and {pipeline.name}", () => {
    expect(post(`  - {type: simple_template, template: "{rule.title} ({rule.level}) [{pipeline.name}]: {query} {{x}}"}`)).toBe(
      'My Rule (high) [pipe]: a="b" {x}',
    );
  });

  it("template (Jinja) with autoescape off by default, and vars", () => {
    expect(post(`  - {type: template, template: "{{ rule.title | upper }}: {{ query }} {{ who }}", vars: {who: me}}`)).toBe(
      'MY RULE: a="b" me',
    );
    expect(post(`  - {type: template, template: "{{ query }}", autoescape: true}`)).toBe("a=&quot;b&quot;");
  });

  it("template with path reads the file through loadFile", () => {
    const pipeline = loadPipelineYaml("postprocessing:\n  - {type: template, path: tpl/, template: t.j2}\n", {
      loadFile: (p) => (p === "tpl/t.j2" ? "[{{ query }}]" : ""),
    });
    expect(postprocessQuery(pipeline, r, "q")).toBe("[q]");
    expect(() => loadPipelineYaml("postprocessing:\n  - {type: template, path: tpl/, template: t.j2}\n")).toThrow(/file access/);
  });

  it("template vars from a file read through loadFile", () => {
    const pipeline = loadPipelineYaml("postprocessing:\n  - {type: template, template: '{{ team }}: {{ query }}', vars: v.yml}\n", {
      loadFile: (p) => (p === "v.yml" ? "team: blue\n" : ""),
    });
    expect(postprocessQuery(pipeline, r, "q")).toBe("blue: q");
  });

  it("json puts the query into the JSON template", () => {
    expect(post(`  - {type: json, json_template: '{"query": "%QUERY%", "n": 1}'}`)).toBe('{"query": "a=\\"b\\"", "n": 1}');
  });

  it("replace with a Python regex and group references", () => {
    expect(post(`  - {type: replace, pattern: '(\\w)="(\\w)"', replacement: '\\2=\\1'}`)).toBe("b=a");
  });

  it("nest, and rule conditions on postprocessing items", () => {
    expect(
      post(`  - type: nest
    items:
      - {type: embed, prefix: "(", suffix: ")"}
      - {type: embed, prefix: "!", rule_conditions: [{type: logsource, product: linux}]}
  - {type: embed, prefix: "W", rule_conditions: [{type: logsource, product: windows}]}`),
    ).toBe('W(a="b")');
  });
});

describe("finalizers", () => {
  it("concat with separator, prefix and suffix (default separator newline)", () => {
    expect(fin(`  - {type: concat}`)).toBe("q1\nq2");
    expect(fin(`  - {type: concat, separator: " | ", prefix: "[", suffix: "]"}`)).toBe("[q1 | q2]");
  });

  it("json as Python's json.dumps", () => {
    expect(fin(`  - {type: json}`)).toBe('["q1", "q2"]');
    expect(fin(`  - {type: json, indent: 2}`)).toBe('[\n  "q1",\n  "q2"\n]');
  });

  it("yaml", () => {
    expect(fin(`  - {type: yaml}`)).toBe("- q1\n- q2\n");
  });

  it("template over queries and pipeline", () => {
    expect(fin(`  - {type: template, template: "{% for q in queries %}{{ loop.index }}:{{ q }};{% endfor %}{{ pipeline.name }}"}`)).toBe(
      "1:q1;2:q2;pipe",
    );
  });

  it("nested finalizers run in sequence", () => {
    expect(fin(`  - type: nested\n    finalizers:\n      - {type: concat, separator: ","}\n      - {type: json}`)).toBe('"q1,q2"');
  });
});
