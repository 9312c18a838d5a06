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

/** Base class of all Sigma errors. `message` is the bare message; `toString()` adds the location. */
export class SigmaError extends Error {
  /** Where the problem is, as precisely as known. */
  location: SourceLocation | undefined;

  constructor(message: string, location?: SourceLocation) {
    super(message);
    this.location = location;
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

function definedOnly(location: SourceLocation | undefined): SourceLocation {
  if (!location) return {};
  const out: { path?: string; line?: number; column?: number } = {};
  if (location.path !== undefined) out.path = location.path;
  if (location.line !== undefined) out.line = location.line;
  if (location.column !== undefined) out.column = location.column;
  return out;
}

// Rule parsing
export class SigmaYAMLError extends SigmaError {}
export class SigmaLimitError extends SigmaError {}
export class SigmaRuleError extends SigmaError {}
export class SigmaTitleError extends SigmaError {}
export class SigmaIdentifierError extends SigmaError {}
export class SigmaNameError extends SigmaError {}
export class SigmaRelatedError extends SigmaError {}
export class SigmaTaxonomyError extends SigmaError {}
export class SigmaStatusError extends SigmaError {}
export class SigmaDescriptionError extends SigmaError {}
export class SigmaLicenseError extends SigmaError {}
export class SigmaAuthorError extends SigmaError {}
export class SigmaReferencesError extends SigmaError {}
export class SigmaFieldsError extends SigmaError {}
export class SigmaFalsePositivesError extends SigmaError {}
export class SigmaScopeError extends SigmaError {}
export class SigmaDateError extends SigmaError {}
export class SigmaModifiedError extends SigmaError {}
export class SigmaLogSourceError extends SigmaError {}
export class SigmaDetectionError extends SigmaError {}
export class SigmaLevelError extends SigmaError {}
export class SigmaTagError extends SigmaError {}
export class SigmaCustomAttributeError extends SigmaError {}
export class SigmaCollectionError extends SigmaError {}
export class SigmaFilterError extends SigmaError {}
export class SigmaCorrelationRuleError extends SigmaError {}
export class SigmaCorrelationTypeError extends SigmaCorrelationRuleError {}
export class SigmaTimespanError extends SigmaCorrelationRuleError {}
export class SigmaCorrelationConditionError extends SigmaCorrelationRuleError {}
export class SigmaRuleNotFoundError extends SigmaError {}

// Values and modifiers
export class SigmaModifierError extends SigmaError {}
export class SigmaTypeError extends SigmaError {}
export class SigmaValueError extends SigmaError {}
export class SigmaRegularExpressionError extends SigmaError {}
export class SigmaRegularExpressionFlagError extends SigmaError {}
export class SigmaPlaceholderError extends SigmaError {}

// Conditions
export class SigmaConditionError extends SigmaError {}

// Processing (raised by @sigma/processing, defined here so every package shares one hierarchy)
export class SigmaConfigurationError extends SigmaError {}
export class SigmaPipelineConditionError extends SigmaConfigurationError {}
export class SigmaPipelineNotFoundError extends SigmaError {}
export class SigmaPipelineNotAllowedForBackendError extends SigmaError {}
export class SigmaTransformationError extends SigmaError {}
export class SigmaSecurityError extends SigmaError {}

// Conversion (raised by backends)
export class SigmaBackendError extends SigmaError {}
export class SigmaConversionError extends SigmaError {}
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
