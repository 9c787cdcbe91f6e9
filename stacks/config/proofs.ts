/** `credlink:proofs`: the proof bucket (`credlink:data:ProofStore`) and its R2 copy. */
import { z } from "zod";
import { OBJECT_LOCK_MODES, resolveProofStoreArgs, validateProofStoreArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, ComponentDefaults, ParsedSection, ruleProblem, validatedBy } from "./lib";

/**
 * The proof bucket (`credlink:data:ProofStore`): versioned, with noncurrent versions moved to STANDARD_IA and then
 * expired, S3 server access logs, and Object Lock in prod (proofs are evidence). Its lifecycle and lock rules are
 * checked by the component's own validator.
 */
export const proofs = z
  .strictObject({
    /**
     * Noncurrent proof versions move to STANDARD_IA after this many days.
     * @accepts 30-3650 (30 is S3's minimum for STANDARD_IA)
     */
    noncurrentTransitionDays: z.int().optional(),
    /**
     * Noncurrent proof versions are deleted after this many days.
     * @accepts greater than `noncurrentTransitionDays`, at least `objectLockRetentionDays`, at most 36500
     */
    noncurrentExpirationDays: z.int(),
    /**
     * Days the S3 server access logs are kept.
     * @accepts 1-36500
     */
    accessLogRetentionDays: z.int().optional(),
    /**
     * Object Lock default retention (mode below), days; absent = Object Lock off. It can only be turned on when the
     * bucket is created.
     * @accepts 1-36500, or absent; prod: must be set (proofs are evidence, and Object Lock keeps every version from
     * being overwritten or deleted)
     * @default absent (off)
     */
    objectLockRetentionDays: z.int().optional(),
    /**
     * What a locked version's retention allows: GOVERNANCE (a principal allowed to bypass it may loosen retention: the
     * bucket policy denies that to all but the break-glass role) or COMPLIANCE (nobody can, not even the account root,
     * until each version's retention ends); see "Object Lock: GOVERNANCE or COMPLIANCE".
     * @accepts only with `objectLockRetentionDays`; prod: `COMPLIANCE`
     */
    objectLockMode: z.enum(OBJECT_LOCK_MODES).optional(),
    /**
     * Copy every new proof version to an R2 bucket (`credlink:data:R2Copy`), a third copy outside AWS; see
     * "The Cloudflare option".
     * @accepts `true` needs the two Cloudflare secrets
     */
    r2Copy: z.boolean().default(false),
  })
  .superRefine(validatedBy((p) => validateProofStoreArgs(resolveProofStoreArgs(p))), ALSO_AFTER_TYPE_ERRORS);

/** The ProofStore component's defaults for the keys left out. */
export const proofsDefaults: ComponentDefaults = () => {
  const { noncurrentTransitionDays, accessLogRetentionDays, objectLockMode } = resolveProofStoreArgs({});
  return { noncurrentTransitionDays, accessLogRetentionDays, objectLockMode };
};

/**
 * The lock's mode acts only on a locked bucket: set without a retention it would be silently ignored. (The break-glass
 * role is the account's, credlink:account.breakGlassRoleArn.) Runs on the keys that parsed, with the cross-module rules.
 */
export function objectLockProblems(fields: ParsedSection | undefined): string[] {
  if (!fields?.has("objectLockRetentionDays") || fields.get("objectLockRetentionDays") !== undefined) return [];
  return (["objectLockMode"] as const).flatMap(
    (key) => ruleProblem("proofs", fields, key, (v) => v === undefined, "needs credlink:proofs.objectLockRetentionDays: without a retention there is no Object Lock for it to act on") ?? [],
  );
}
