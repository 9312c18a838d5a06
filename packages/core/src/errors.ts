/**
 * Every problem found in a rule, a pipeline or a conversion is a {@link SigmaError}: a value that
 * names where it happened (file, line, column) and says what to change. Subclasses exist so that
 * callers can tell kinds apart; their names follow pySigma's error classes.
 */

/** A place in a source text. `line` and `column` are 1-based. */
export interface SourceLocation {
  /** Path or name of the source (file path, `<stdin>`, a URL in the browser). */
  readonly path?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Renders a location as `path:line:column` (parts that are unknown are left out). */
export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return "";
  const parts: string[] = [];
  if (location.path !== undefined) parts.push(location.path);
  if (location.line !== undefined) {
    parts.push(String(location.line));
    if (location.column !== undefined) parts.push(String(location.column));
  }
  return parts.join(":");
}

/**
 * The brand every {@link SigmaError} carries. `Symbol.for` makes it the same symbol in every copy
 * of this package, so an error thrown by a plugin that bundles its own @sigma/core is still
 * recognised (by {@link isSigmaError}, and by `instanceof SigmaError`) in another copy.
 */
export const SIGMA_ERROR_BRAND: unique symbol = Symbol.for("@sigma/core.SigmaError");

/**
 * Whether `value` is a SigmaError of any copy of this package (its `name`, `message` and
 * `location` are then those of the error that was thrown).
 */
export function isSigmaError(value: unknown): value is SigmaError {
  return typeof value === "object" && value !== null && (value as { [SIGMA_ERROR_BRAND]?: unknown })[SIGMA_ERROR_BRAND] === true;
}

/** Base class of all Sigma errors. `message` is the bare message; `toString()` adds the location. */
export class SigmaError extends Error {
  /** Where the problem is, as precisely as known. */
  location: SourceLocation | undefined;

  declare readonly [SIGMA_ERROR_BRAND]: true;

  constructor(message: string, location?: SourceLocation) {
    super(message);
    this.location = location;
  }

  /**
   * `x instanceof SigmaError` checks the brand, so that it also holds for errors of another copy
   * of this package; subclasses keep the ordinary prototype check.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === SigmaError ? isSigmaError(value) : Function.prototype[Symbol.hasInstance].call(this, value);
  }

  /** The class name (this package's classes are named explicitly below, so minifiers cannot change it). */
  override get name(): string {
    return PINNED_NAMES.get(this.constructor) ?? this.constructor.name;
  }

  /** A copy of this error whose location has the given path (keeps line and column). */
  withPath(path: string): this {
    this.location = { ...this.location, path };
    return this;
  }

  /** Sets the location when none (or a less precise one) is known. */
  locate(location: SourceLocation | undefined): this {
    if (!location) return this;
    if (!this.location || this.location.line === undefined) {
      this.location = { ...location, ...definedOnly(this.location) };
    } else if (this.location.path === undefined && location.path !== undefined) {
      this.location = { ...this.location, path: location.path };
    }
    return this;
  }

  override toString(): string {
    const where = formatLocation(this.location);
    return where ? `${where}: ${this.message}` : this.message;
  }
}

Object.defineProperty(SigmaError.prototype, SIGMA_ERROR_BRAND, { value: true });

function definedOnly(location: SourceLocation | undefined): SourceLocation {
  if (!location) return {};
  const out: { path?: string; line?: number; column?: number } = {};
  if (location.path !== undefined) out.path = location.path;
  if (location.line !== undefined) out.line = location.line;
  if (location.column !== undefined) out.column = location.column;
  return out;
}

// Rule parsing
/** The source is not valid YAML (or not valid UTF-8), or has duplicate keys or unknown tags. */
export class SigmaYAMLError extends SigmaError {}
/** The source exceeds a parsing limit (size, depth, nodes, alias expansion); see `ParseLimits`. */
export class SigmaLimitError extends SigmaError {}
/** A rule-level problem without a more specific class (e.g. a document that is not a mapping). */
export class SigmaRuleError extends SigmaError {}
/** `title` is missing, not a string or longer than 256 characters. */
export class SigmaTitleError extends SigmaError {}
/** `id` is not a UUID. */
export class SigmaIdentifierError extends SigmaError {}
/** `name` is not a non-empty string. */
export class SigmaNameError extends SigmaError {}
/** `related` is not a list of `{id: UUID, type}` with a known type. */
export class SigmaRelatedError extends SigmaError {}
/** `taxonomy` is not a non-empty string. */
export class SigmaTaxonomyError extends SigmaError {}
/** `status` is not one of stable, test, experimental, deprecated, unsupported. */
export class SigmaStatusError extends SigmaError {}
/** `description` is not a string (or longer than 65,535 characters). */
export class SigmaDescriptionError extends SigmaError {}
/** `license` is not a string. */
export class SigmaLicenseError extends SigmaError {}
/** `author` is not a string. */
export class SigmaAuthorError extends SigmaError {}
/** `references` is not a list of strings. */
export class SigmaReferencesError extends SigmaError {}
/** `fields` is not a list of strings. */
export class SigmaFieldsError extends SigmaError {}
/** `falsepositives` is not a list of strings. */
export class SigmaFalsePositivesError extends SigmaError {}
/** `scope` is not a list of strings. */
export class SigmaScopeError extends SigmaError {}
/** `date` is not a `YYYY-MM-DD` date. */
export class SigmaDateError extends SigmaError {}
/** `modified` is not a `YYYY-MM-DD` date. */
export class SigmaModifiedError extends SigmaError {}
/** `logsource` is missing, not a mapping, or has none of category, product, service. */
export class SigmaLogSourceError extends SigmaError {}
/** `detection` is missing or malformed (empty detection, null keyword, wrong value shape). */
export class SigmaDetectionError extends SigmaError {}
/** `level` is not one of informational, low, medium, high, critical. */
export class SigmaLevelError extends SigmaError {}
/** A tag is not a `namespace.name` string. */
export class SigmaTagError extends SigmaError {}
/** Reserved for a custom (non-standard) attribute that cannot be kept (pySigma has the class; nothing raises it here). */
export class SigmaCustomAttributeError extends SigmaError {}
/** A multi-document file is malformed, e.g. an unknown `action`. */
export class SigmaCollectionError extends SigmaError {}
/** A `filter:` document is malformed. */
export class SigmaFilterError extends SigmaError {}
/** A `correlation:` document is malformed (base class of the more specific correlation errors). */
export class SigmaCorrelationRuleError extends SigmaError {}
/** The correlation `type` is missing or unknown. */
export class SigmaCorrelationTypeError extends SigmaCorrelationRuleError {}
/** The correlation `timespan` is not `<int><s|m|h|d|w|M|y>`. */
export class SigmaTimespanError extends SigmaCorrelationRuleError {}
/** The correlation `condition` is malformed (not exactly one operator, missing field, bad expression). */
export class SigmaCorrelationConditionError extends SigmaCorrelationRuleError {}
/** A correlation or filter names a rule (by id or name) that the collection does not hold. */
export class SigmaRuleNotFoundError extends SigmaError {}

// Values and modifiers
/** A detection key names an unknown modifier. */
export class SigmaModifierError extends SigmaError {}
/** A modifier got a value of a kind it does not accept ("Modifier X incompatible to value type of 'v'"). */
export class SigmaTypeError extends SigmaError {}
/** A value cannot be used as written (wildcards in base64, non-ASCII in wide, misplaced re/cidr/exists, …). */
export class SigmaValueError extends SigmaError {}
/** A `re` value is not a valid regular expression. */
export class SigmaRegularExpressionError extends SigmaError {}
/** Reserved for a regular expression flag that cannot be applied (pySigma has the class; flags without `re` are SigmaTypeErrors). */
export class SigmaRegularExpressionFlagError extends SigmaError {}
/** A `%placeholder%` was left unresolved when converting. */
export class SigmaPlaceholderError extends SigmaError {}

// Conditions
/** A condition does not parse, names an undefined detection, or uses the deprecated pipe syntax. */
export class SigmaConditionError extends SigmaError {}

// Processing (raised by @sigma/processing, defined here so every package shares one hierarchy)
/** A processing pipeline is malformed: unknown keys or types, bad parameters. */
export class SigmaConfigurationError extends SigmaError {}
/** A pipeline's `*_cond_expr` expression is malformed or uses undefined condition ids. */
export class SigmaPipelineConditionError extends SigmaConfigurationError {}
/** A pipeline name or path given for resolution does not exist. */
export class SigmaPipelineNotFoundError extends SigmaError {}
/** A registered pipeline does not allow the chosen backend (`allowed_backends`). */
export class SigmaPipelineNotAllowedForBackendError extends SigmaError {}
/** A transformation refused a rule (`rule_failure`, `detection_item_failure`, `strict_field_mapping_failure`, …). */
export class SigmaTransformationError extends SigmaError {}
/** An external placeholder source (file, command, HTTP) was used without being allowed. */
export class SigmaSecurityError extends SigmaError {}

// Conversion (raised by backends)
/** A backend could not be configured or run (bad option, unknown format). */
export class SigmaBackendError extends SigmaError {}
/** A rule could not be converted by a backend. */
export class SigmaConversionError extends SigmaError {}
/** The rule uses a feature the backend's query language cannot express. */
export class SigmaFeatureNotSupportedByBackendError extends SigmaError {}
/**
 * A feature the backend does not implement at all (pySigma raises Python's NotImplementedError here).
 * It is still a value: collected per rule, never a crash.
 */
export class SigmaNotImplementedError extends SigmaError {}

/**
 * Every error class of this package by name. Minifiers rename classes (a browser bundle would
 * report `SigmaModifierError` as `me`); these keys survive minification. Subclasses defined
 * elsewhere use their constructor's name.
 */
const ERROR_CLASSES: Readonly<Record<string, abstract new (...args: never[]) => SigmaError>> = {
  SigmaError,
  SigmaYAMLError,
  SigmaLimitError,
  SigmaRuleError,
  SigmaTitleError,
  SigmaIdentifierError,
  SigmaNameError,
  SigmaRelatedError,
  SigmaTaxonomyError,
  SigmaStatusError,
  SigmaDescriptionError,
  SigmaLicenseError,
  SigmaAuthorError,
  SigmaReferencesError,
  SigmaFieldsError,
  SigmaFalsePositivesError,
  SigmaScopeError,
  SigmaDateError,
  SigmaModifiedError,
  SigmaLogSourceError,
  SigmaDetectionError,
  SigmaLevelError,
  SigmaTagError,
  SigmaCustomAttributeError,
  SigmaCollectionError,
  SigmaFilterError,
  SigmaCorrelationRuleError,
  SigmaCorrelationTypeError,
  SigmaTimespanError,
  SigmaCorrelationConditionError,
  SigmaRuleNotFoundError,
  SigmaModifierError,
  SigmaTypeError,
  SigmaValueError,
  SigmaRegularExpressionError,
  SigmaRegularExpressionFlagError,
  SigmaPlaceholderError,
  SigmaConditionError,
  SigmaConfigurationError,
  SigmaPipelineConditionError,
  SigmaPipelineNotFoundError,
  SigmaPipelineNotAllowedForBackendError,
  SigmaTransformationError,
  SigmaSecurityError,
  SigmaBackendError,
  SigmaConversionError,
  SigmaFeatureNotSupportedByBackendError,
  SigmaNotImplementedError,
};

const PINNED_NAMES: ReadonlyMap<unknown, string> = new Map(
  Object.entries(ERROR_CLASSES).map(([name, errorClass]) => [errorClass, name]),
);
