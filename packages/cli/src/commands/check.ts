/** `sigma check` (placeholder until the validators land). */
export interface CheckArgs {
  inputs: string[];
  validationConfig?: string;
  filePattern: string;
  failOnError: boolean;
  failOnIssues: boolean;
  exclude?: string[];
  plugin?: string[];
}
export async function runCheck(_args: CheckArgs): Promise<number> {
  return 0;
}
