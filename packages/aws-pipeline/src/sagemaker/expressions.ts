/**
 * SageMaker Pipelines expressions: property references, Std:Join and Std:JsonGet. A value in a
 * step's Arguments is either a literal or one of these, resolved by the service at run time.
 */
export interface GetExpression {
  Get: string;
}
export interface JoinExpression {
  'Std:Join': { On: string; Values: (string | number | PipelineExpression)[] };
}
export interface JsonGetExpression {
  'Std:JsonGet': { PropertyFile: GetExpression; Path: string };
}
export type PipelineExpression = GetExpression | JoinExpression | JsonGetExpression;

/** Any SDK request shape with every scalar also allowed to be an expression (how step Arguments are typed). */
export type WithExpressions<T> = T extends string | number | boolean
  ? T | PipelineExpression
  : T extends Date
    ? T
    : T extends readonly (infer U)[]
      ? WithExpressions<U>[]
      : T extends object
        ? { [K in keyof T]: WithExpressions<T[K]> }
        : T;

export const get = (path: string): GetExpression => ({ Get: path });
export const parameter = (name: string): GetExpression => get(`Parameters.${name}`);
export const join = (on: string, values: (string | number | PipelineExpression)[]): JoinExpression => ({
  'Std:Join': { On: on, Values: values },
});
export const jsonGet = (step: string, propertyFile: string, path: string): JsonGetExpression => ({
  'Std:JsonGet': { PropertyFile: get(`Steps.${step}.PropertyFiles.${propertyFile}`), Path: path },
});
export const processingOutputUri = (step: string, output: string): GetExpression =>
  get(`Steps.${step}.ProcessingOutputConfig.Outputs['${output}'].S3Output.S3Uri`);
export const modelArtifactsUri = (step: string): GetExpression => get(`Steps.${step}.ModelArtifacts.S3ModelArtifacts`);
