/**
 * Temporary local shape of pipeline data (the pySigma pipeline YAML schema), until
 * @sigma/processing exports its own type.
 */

/** One entry of `transformations`. */
export interface TransformationData {
  id?: string;
  type: string;
  rule_conditions?: Array<Record<string, unknown>>;
  [param: string]: unknown;
}

/** A whole pipeline. */
export interface PipelineData {
  name: string;
  priority?: number;
  allowed_backends?: string[];
  transformations: TransformationData[];
}
