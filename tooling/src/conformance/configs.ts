/** The reference run's configurations (`fixtures/conformance/configs.json`). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONFORMANCE_DIR } from "./paths.js";

/** One configuration of the reference run. */
export interface ConformanceConfig {
  readonly name: string;
  /** `default`, `ruler` or `grafana_alerting`. */
  readonly format: string;
  /** Registered pipeline names, applied as user pipelines in this order. */
  readonly pipelines: readonly string[];
  /** Backend options. */
  readonly options: Readonly<Record<string, unknown>>;
  /** `null`: every file; otherwise files whose rule has this `logsource.product`. */
  readonly select: string | null;
  /** The backend identifier when it is not Loki (a plugin's backend). */
  readonly target?: string;
  /** Plugin packages (paths from the repository root) that provide `target`. */
  readonly plugins?: readonly string[];
}

interface ConfigsFile {
  readonly configs: Record<string, Omit<ConformanceConfig, "name">>;
}

/** All configurations, in file order. */
export function loadConfigs(dir: string = CONFORMANCE_DIR): ConformanceConfig[] {
  const file = JSON.parse(readFileSync(join(dir, "configs.json"), "utf8")) as ConfigsFile;
  return Object.entries(file.configs).map(([name, config]) => ({ name, ...config }));
}
