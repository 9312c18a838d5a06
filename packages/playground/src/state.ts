/**
 * The playground's state: everything a link must carry to reproduce a conversion, and how it is
 * read back from untrusted input (a link anyone may have edited).
 */

/** The output formats of the Loki backend. */
export const FORMATS = ["default", "ruler", "grafana_alerting"] as const;
export type Format = (typeof FORMATS)[number];

/** A backend option value as the controls produce it. */
export type OptionValue = string | number | boolean;

export interface PlaygroundState {
  /** Sigma YAML: one or more documents. */
  readonly rule: string;
  /** A custom processing pipeline (YAML); empty for none. */
  readonly pipelineYaml: string;
  /** Names of bundled pipelines to apply. */
  readonly pipelines: readonly string[];
  readonly format: Format;
  /** Backend options that differ from their defaults. */
  readonly options: Readonly<Record<string, OptionValue>>;
}

export const EXAMPLE_RULE = `title: Whoami execution
id: 502b42de-4306-40b4-9596-6f590c81f073
status: experimental
description: Detects the whoami utility, often run by attackers after gaining access.
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  filter:
    CommandLine|contains: '/help'
  condition: selection and not filter
level: medium
`;

export const DEFAULT_STATE: PlaygroundState = {
  rule: EXAMPLE_RULE,
  pipelineYaml: "",
  pipelines: [],
  format: "default",
  options: {},
};

/** Longest text accepted from a link (per field): a bound on what a crafted link can make us parse. */
export const MAX_TEXT_LENGTH = 512 * 1024;
const MAX_PIPELINES = 32;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** The compact JSON form stored in links: short keys, defaults left out. */
interface CompactState {
  v: 1;
  r: string;
  p?: string;
  l?: string[];
  f?: Format;
  o?: Record<string, OptionValue>;
}

/** The JSON-ready compact form of a state. */
export function toCompact(state: PlaygroundState): CompactState {
  const compact: CompactState = { v: 1, r: state.rule };
  if (state.pipelineYaml !== "") compact.p = state.pipelineYaml;
  if (state.pipelines.length > 0) compact.l = [...state.pipelines];
  if (state.format !== "default") compact.f = state.format;
  if (Object.keys(state.options).length > 0) compact.o = { ...state.options };
  return compact;
}

/** Thrown when a link's content is not a playground state. */
export class StateFormatError extends Error {}

/**
 * Reads a state from parsed JSON of unknown origin. Unknown keys and wrongly typed optional fields
 * are dropped (a newer link still opens); a missing rule or an unknown version is an error.
 */
export function fromCompact(value: unknown): PlaygroundState {
  if (!isRecord(value)) throw new StateFormatError("the link does not hold a playground state");
  if (value.v !== 1) throw new StateFormatError(`unsupported link version ${JSON.stringify(value.v)}`);
  if (typeof value.r !== "string") throw new StateFormatError("the link has no rule text");
  if (value.r.length > MAX_TEXT_LENGTH) throw new StateFormatError("the rule text in the link is too long");
  const pipelineYaml = typeof value.p === "string" && value.p.length <= MAX_TEXT_LENGTH ? value.p : "";
  const pipelines = Array.isArray(value.l)
    ? [...new Set(value.l.filter((n): n is string => typeof n === "string" && NAME.test(n)))].slice(0, MAX_PIPELINES)
    : [];
  const format = FORMATS.find((f) => f === value.f) ?? "default";
  // fromEntries defines properties: a `__proto__` key stays a plain (ignored) key.
  const options: Record<string, OptionValue> = Object.fromEntries(
    Object.entries(isRecord(value.o) ? value.o : {}).filter(
      (entry): entry is [string, OptionValue] => NAME.test(entry[0]) && isOptionValue(entry[1]),
    ),
  );
  return { rule: value.r, pipelineYaml, pipelines, format, options };
}

/** The state with one option set; a value equal to the option's default is removed instead. */
export function withOption(state: PlaygroundState, name: string, value: OptionValue, defaultValue: OptionValue): PlaygroundState {
  const options = { ...state.options };
  if (value === defaultValue) delete options[name];
  else options[name] = value;
  return { ...state, options };
}

/** The state with a bundled pipeline switched on or off (order of selection is kept). */
export function withPipeline(state: PlaygroundState, name: string, on: boolean): PlaygroundState {
  const rest = state.pipelines.filter((p) => p !== name);
  return { ...state, pipelines: on ? [...rest, name] : rest };
}

function isOptionValue(v: unknown): v is OptionValue {
  return typeof v === "boolean" || typeof v === "string" || (typeof v === "number" && Number.isFinite(v));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
