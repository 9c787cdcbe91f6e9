/** `credlink:audit`: the account's CloudTrail trail (`credlink:audit:Trail`) and its tamper alerts. */
import { z } from "zod";
import { OBJECT_LOCK_MODES, resolveAuditTrailArgs, validateAuditTrailArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, ComponentDefaults, validatedBy } from "./lib";

/**
 * The account's CloudTrail trail (`credlink:audit:Trail`): multi-region, log file validation, the trail's own key, the
 * proof buckets' object writes, a locked bucket. Built only by the stack that owns the account baseline
 * (`credlink:account.baseline`), with the tamper alerts (`credlink:audit:TamperAlerts`) in every region the stack uses;
 * see "The audit trail".
 */
export const audit = z
  .strictObject({
    /**
     * Days a trail log file is kept before the bucket's lifecycle expires it.
     * @accepts 1-36500, at least `objectLockRetentionDays`
     */
    logRetentionDays: z.int().optional(),
    /**
     * Object Lock default retention of the trail's log files, days; absent = no lock (a throwaway stack).
     * @accepts 1-36500, at most `logRetentionDays`; prod: must be set
     * @default absent (off)
     */
    objectLockRetentionDays: z.int().optional(),
    /**
     * The trail bucket's Object Lock mode (see "Object Lock: GOVERNANCE or COMPLIANCE").
     * @accepts with `objectLockRetentionDays`; prod: `COMPLIANCE`
     */
    objectLockMode: z.enum(OBJECT_LOCK_MODES).optional(),
    /**
     * Record object reads on the proof bucket too (data events), not only writes. Priced per event: see "The audit
     * trail's cost".
     */
    dataEventReads: z.boolean().default(false),
    /**
     * The tamper alerts (`credlink:audit:TamperAlerts`): EventBridge rules in every region the stack uses that page on
     * key, proof-bucket, IAM, root, trail, backup, GuardDuty and alerting tampering, each with its delivery alarm. Off,
     * the trail still records every event; nothing pages on them (see "Dev cost levers").
     * @accepts `true` or `false`; prod: `true`
     */
    tamperAlerts: z.boolean().default(true),
  })
  .superRefine(
    validatedBy((a) =>
      validateAuditTrailArgs(
        resolveAuditTrailArgs({
          trailName: "credlink-audit",
          dataEventBucketArns: ["arn:aws:s3:::proofs"],
          logRetentionDays: a.logRetentionDays,
          objectLockRetentionDays: a.objectLockRetentionDays,
          objectLockMode: a.objectLockMode,
          dataEventReads: a.dataEventReads,
        }),
      ),
    ),
    ALSO_AFTER_TYPE_ERRORS,
  )
  .prefault({});

/** The Trail component's defaults for the keys left out. */
export const auditDefaults: ComponentDefaults = () => {
  const { logRetentionDays, objectLockMode } = resolveAuditTrailArgs({ trailName: "credlink-audit", dataEventBucketArns: ["arn:aws:s3:::proofs"] });
  return { logRetentionDays, objectLockMode };
};
