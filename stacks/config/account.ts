/** `credlink:account`: the account-level singletons (`credlink:account:Baseline`). */
import { z } from "zod";
import { keyOf } from "./lib";

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
  })
  .prefault({});

/**
 * Security Hub is part of the account baseline; a stack that doesn't own it must not turn it on. Reads the section as
 * written (`raw`), so neither key's own type error hides it; runs with the cross-module rules.
 */
export function securityHubProblems(raw: unknown): string[] {
  const section = raw as { baseline?: unknown; securityHub?: unknown } | undefined;
  if (section?.securityHub === true && section.baseline !== true) {
    return [`${keyOf(["account", "securityHub"])} needs credlink:account.baseline true: Security Hub is an account-level singleton, owned by the stack that owns the baseline, got true`];
  }
  return [];
}
