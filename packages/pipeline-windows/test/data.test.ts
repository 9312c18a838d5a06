import { describe, expect, it } from "vitest";
import plugin, {
  WINDOWS_CATEGORY_LOGSOURCE_ID,
  generateWindowsLogsourceItems,
  windowsAuditPipelineDefinition,
  windowsLogsourceMapping,
  windowsLogsourcePipelineDefinition,
} from "../src/index.js";
import { specPipeline, specPipelineHeader, windowsServiceTable } from "@sigma/pipeline-testing";

describe("windows-logsources data", () => {
  const spec = specPipeline("windows-logsources");

  it("equals the 49 items of spec §3.2.3, in order", () => {
    const pipeline = windowsLogsourcePipelineDefinition();
    expect(pipeline.transformations).toHaveLength(49);
    expect(pipeline.transformations?.map((t) => t.id)).toEqual(spec.transformations.map((t) => t.id));
    expect(pipeline).toEqual(spec);
  });

  it("keeps the unformatted literal identifier of the five change_logsource items", () => {
    const ids = (windowsLogsourcePipelineDefinition().transformations ?? []).filter((t) => t.type === "change_logsource").map((t) => t.id);
    expect(ids).toEqual(Array(5).fill("windows_{category_name}_logsource"));
    expect(WINDOWS_CATEGORY_LOGSOURCE_ID).toBe("windows_{category_name}_logsource");
  });

  it("has the 39 service rows of table §3.2.2b", () => {
    const rows = windowsServiceTable();
    expect(rows).toHaveLength(39);
    expect(windowsLogsourceMapping).toEqual(rows);
  });

  it("generates items from other templates like pySigma's generator", () => {
    const items = generateWindowsLogsourceItems({
      fieldTemplate: "winlog.channel",
      valueTemplate: "{source}",
      idTemplate: "custom_{service}",
      mapping: [{ service: "powershell", channel: ["A", "B"] }],
    });
    expect(items).toEqual([
      {
        id: "custom_powershell",
        type: "add_condition",
        conditions: { "winlog.channel": ["A", "B"] },
        rule_conditions: [{ type: "logsource", product: "windows", service: "powershell" }],
      },
    ]);
  });
});

describe("windows-audit data", () => {
  const spec = specPipeline("windows-audit");

  it("equals the 9 items of spec §3.3.3, in order", () => {
    const pipeline = windowsAuditPipelineDefinition();
    expect(pipeline.transformations).toHaveLength(9);
    expect(pipeline.transformations?.map((t) => t.id)).toEqual(spec.transformations.map((t) => t.id));
    expect(pipeline).toEqual(spec);
  });

  it("returns fresh objects from each call", () => {
    const a = windowsAuditPipelineDefinition();
    const b = windowsAuditPipelineDefinition();
    expect(a).toEqual(b);
    const third = (p: typeof a) => p.transformations?.[2];
    expect(third(a)).not.toBe(third(b));
    expect(third(a) && "conditions" in third(a)!).toBe(true);
    expect((third(a) as { conditions: unknown }).conditions).not.toBe((third(b) as { conditions: unknown }).conditions);
  });
});

describe("windows plugin", () => {
  it("registers windows-logsources and windows-audit (hyphenated names)", () => {
    expect(Object.keys(plugin.pipelines).sort()).toEqual(["windows-audit", "windows-logsources"]);
    const ids = (p: { items: readonly { id: string }[] }) => p.items.map((i) => i.id);
    expect(ids(plugin.pipelines["windows-audit"]())).toEqual(
      windowsAuditPipelineDefinition().transformations?.map((t) => t.id),
    );
    expect(ids(plugin.pipelines["windows-logsources"]())).toEqual(
      windowsLogsourcePipelineDefinition().transformations?.map((t) => t.id),
    );
  });

  it("has the names and priorities of §3.2.1 and §3.3.1", () => {
    const logsources = specPipelineHeader("windows-logsources");
    const audit = specPipelineHeader("windows-audit");
    expect(windowsLogsourcePipelineDefinition()).toMatchObject(logsources);
    expect(windowsAuditPipelineDefinition()).toMatchObject(audit);
    expect(plugin.pipelines["windows-logsources"]()).toMatchObject({ ...logsources, allowedBackends: [] });
    expect(plugin.pipelines["windows-audit"]()).toMatchObject({ ...audit, allowedBackends: [] });
  });
});
