/** `credlink:account`: the account-level singletons (`credlink:account:Baseline`). */
import { z } from "zod";
import { keyOf } from "./lib";

/** An IAM role ARN (IAM API reference, Role: path `/` or `/.../`, name 1-64 of `[\w+=,.@-]`). */
export const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/(?:[\x21-\x7e]{1,510}\/)?[\w+=,.@-]{1,64}$/;

/**
 * The account-level singletons (`credlink:account:Baseline`): exactly one stack per account owns them (see
 * "Account baseline").
 */
export const account = z
  .strictObject({
    /**
     * This stack owns GuardDuty, Inspector, ECR registry scanning and cost allocation tag activation.
     * @accepts `true` in exactly one stack per account
     */
    baseline: z.boolean().default(false),
    /**
     * Security Hub with AWS Foundational Security Best Practices (billed per check; needs AWS Config).
     * @accepts `true` only with `account.baseline` (the baseline owner's)
     */
    securityHub: z.boolean().default(false),
    /**
     * Activate Project, Environment and CostCenter as cost allocation tags. Off by default, turned on deliberately later:
     * Cost Explorer refuses a key it has not yet seen in billing data (about a day after the first tagged resource), and
     * refuses any activation from an AWS Organizations member account (only the management account may: then leave it
     * off and activate there). Until the tags are active the budget's filter and the anomaly monitor count nothing.
     * @accepts `true` only with `account.baseline`, a day after the first `up`, in the management account or a standalone one
     */
    activateCostAllocationTags: z.boolean().default(false),
    /**
     * The account's break-glass role, created by hand (see "Break-glass"): it alone administers the stack's KMS keys and
     * may delete or disable them, delete recovery points or a vault's lock and access policy, change the proof buckets'
     * policies, loosen their retention, and delete trail logs. The first `up` runs as it.
     * @accepts an IAM role ARN, `arn:aws:iam::<12 digits>:role/[<path>/]<name>`; prod: must be set
     * @default absent (the key policies fall back to the account root statement, and the vaults get no access policy:
     * the plan warns)
     */
    breakGlassRoleArn: z
      .string()
      .refine((arn) => IAM_ROLE_ARN.test(arn), { message: 'must be an IAM role ARN like "arn:aws:iam::123456789012:role/credlink-break-glass"' })
      .optional(),
  })
  .prefault({});

/**
 * Security Hub and cost allocation tag activation are part of the account baseline; a stack that doesn't own it must
 * not turn them on. Reads the section as
 * written (`raw`), so neither key's own type error hides it; runs with the cross-module rules.
 */
export function securityHubProblems(raw: unknown): string[] {
  const section = raw as { baseline?: unknown; securityHub?: unknown; activateCostAllocationTags?: unknown } | undefined;
  const problems: string[] = [];
  if (section?.securityHub === true && section.baseline !== true) {
    problems.push(`${keyOf(["account", "securityHub"])} needs credlink:account.baseline true: Security Hub is an account-level singleton, owned by the stack that owns the baseline, got true`);
  }
  if (section?.activateCostAllocationTags === true && section.baseline !== true) {
    problems.push(
      `${keyOf(["account", "activateCostAllocationTags"])} needs credlink:account.baseline true: cost allocation tag activation is account-wide, owned by the stack that owns the baseline, got true`,
    );
  }
  return problems;
}
