/**
 * Where a GitHub workflow's secrets and prod credentials may appear: a rule over the parsed YAML, shared by the
 * workflow tests. GitHub resolves `secrets.X` in a job with an `environment:` from that environment first, so a secret
 * set per environment reaches only that environment's jobs; a job without an environment can read repository secrets
 * only. The rules:
 *   - a job that reads a secret runs in an environment (secrets are environment-scoped; none at the repository level);
 *   - a job that assumes a prod role or works on the prod stack runs in an environment whose name starts with `prod`
 *     (prod: required reviewers and main only; prod-preview: required reviewers);
 *   - no secret names a stack (`..._PROD`, `..._DEV`): a stack's secret is the common name in its environment, and a
 *     stack-named one is a repository secret in disguise;
 *   - an environment is named literally (an expression could name any of them);
 *   - no passphrase secret: the stacks' secrets are encrypted with each stack's own KMS key.
 */

/** The secrets a job reads (`secrets.NAME`), less GitHub's own token. */
export function secretsRead(job: unknown): string[] {
  return [...new Set([...JSON.stringify(job).matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]).filter((n) => n !== "GITHUB_TOKEN"))].sort();
}

/** The job's environment name, as written (a string, or `environment.name`). */
export function environmentOf(job: any): string | undefined {
  const env = typeof job?.environment === "string" ? job.environment : job?.environment?.name;
  return typeof env === "string" ? env : undefined;
}

/** Whether a job assumes a prod role or works on the prod stack. */
export function touchesProd(job: unknown): boolean {
  const text = JSON.stringify(job);
  return /_ARN_PROD\b/.test(text) || /"stack-name":"prod"/.test(text) || /policy\/config\/prod\.json/.test(text) || /credlink-prod\b/.test(text);
}

/** One "<job>: <problem>" line per broken rule, over every job of a parsed workflow. */
export function secretScopeProblems(doc: any): string[] {
  const problems: string[] = [];
  for (const [name, job] of Object.entries<any>(doc?.jobs ?? {})) {
    const env = environmentOf(job);
    const secrets = secretsRead(job);
    if (env !== undefined && /\$\{\{/.test(env)) problems.push(`${name}: environment ${JSON.stringify(env)} must be a literal name, not an expression`);
    if (secrets.length > 0 && env === undefined) problems.push(`${name}: reads ${secrets.join(", ")} without an environment: secrets are environment-scoped`);
    if (touchesProd(job) && !(env ?? "").startsWith("prod")) problems.push(`${name}: assumes a prod role or works on prod outside a prod* environment (required reviewers), in ${env ?? "none"}`);
    for (const secret of secrets.filter((s) => /(^|_)(PROD|DEV)(_|$)/.test(s))) problems.push(`${name}: secrets.${secret} names a stack: set the common name in the stack's environment instead`);
    for (const secret of secrets.filter((s) => /PASSPHRASE/.test(s))) problems.push(`${name}: secrets.${secret} is a passphrase: the stacks' secrets are encrypted with their own KMS keys`);
  }
  return problems;
}
