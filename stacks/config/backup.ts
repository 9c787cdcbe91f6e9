/** `credlink:backup`: AWS Backup (`credlink:recovery:Backup`) and its restore tests (`credlink:recovery:RestoreTesting`). */
import { z } from "zod";
import { resolveBackupArgs, resolveRestoreTestingArgs, RESTORE_TEST_FREQUENCIES, validateBackupArgs, validateRestoreTestingArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, ComponentDefaults, validatedBy, VERBATIM } from "./lib";

/** Maps the Backup component's argument names onto the credlink:backup keys, for its validator's messages. */
const BACKUP_ARG_KEYS: [RegExp, string][] = [
  [/vaultLock\.minRetentionDays/g, "vaultLockMinDays"],
  [/vaultLock\.maxRetentionDays/g, "vaultLockMaxDays"],
  [/vaultLock\.changeableForDays/g, "vaultLockChangeableDays"],
];

/**
 * AWS Backup (`credlink:recovery:Backup`): daily snapshots of the database and the proof bucket, copied to the DR
 * vault, continuous backup (point-in-time restore) in prod, a vault lock; and its restore tests
 * (`credlink:recovery:RestoreTesting`). Prod must keep continuous backup and the vault lock.
 */
export const backup = z
  .strictObject({
    /**
     * Days AWS Backup keeps each daily snapshot, and its DR copy.
     * @accepts 1-36500, within the vault lock
     */
    dailyRetentionDays: z.int().default(7),
    /**
     * A continuous backup rule: point-in-time restore of the database and the proof bucket.
     * @accepts prod: `true` (not just last night's snapshot)
     */
    continuousBackup: z.boolean().default(false),
    /**
     * Days of point-in-time restore; AWS Backup then manages the instance's point-in-time window (it sets it to this
     * retention).
     * @accepts 1-35 (AWS Backup's cap); with continuous backup, equal to `credlink:database.backupRetentionDays`
     */
    continuousRetentionDays: z.int().optional(),
    /**
     * The vault lock's shortest retention (on every vault: governance mode, or compliance mode with
     * `vaultLockChangeableDays`): every retention must fall inside the lock.
     * @accepts 1-36500; with `vaultLockMaxDays` (both or neither); prod: must be set (a locked vault keeps every
     * recovery point from early deletion)
     * @default absent (no lock)
     */
    vaultLockMinDays: z.int().optional(),
    /**
     * The vault lock's longest retention.
     * @accepts from `vaultLockMinDays` to 36500; with `vaultLockMinDays` (both or neither)
     * @default absent (no lock)
     */
    vaultLockMaxDays: z.int().optional(),
    /**
     * Compliance mode: the vault locks become immutable this many days after they are set (the cooling-off period);
     * from then on nobody, the account root included, can delete a recovery point early or change the lock (see
     * "Vault Lock: the cooling-off period").
     * @accepts 3-36500 (AWS Backup's 72-hour minimum), with the vault lock; prod: must be set
     * @default absent (governance mode: the lock can be removed by whoever may call DeleteBackupVaultLockConfiguration)
     */
    vaultLockChangeableDays: z.int().optional(),
    /**
     * Copy every daily backup to a logically air-gapped vault in the DR region too: locked by AWS in compliance mode
     * between the vault lock's bounds, stored in an AWS Backup service account, shareable with a recovery account (see
     * "The air-gapped copy").
     * @accepts `true` needs credlink:dr.enabled and the vault lock; prod: `true`
     */
    airGappedCopy: z.boolean().default(false),
    /** How often AWS Backup restore testing restores the latest database and bucket recovery points: "weekly" (prod) or "monthly" (dev). */
    restoreTestFrequency: z.enum(RESTORE_TEST_FREQUENCIES).default("monthly"),
    /**
     * Hours each test restore is kept for validation before AWS Backup deletes it.
     * @accepts 1-168
     */
    restoreValidationHours: z.int().default(2),
  })
  .superRefine((section, ctx) => {
    if (typeof section.vaultLockMinDays === "number" && section.vaultLockMaxDays === undefined) {
      ctx.addIssue({ code: "custom", path: ["vaultLockMaxDays"], message: "must be set with vaultLockMinDays (a vault lock has both bounds), but it is not set", params: VERBATIM });
    }
    if (typeof section.vaultLockMaxDays === "number" && section.vaultLockMinDays === undefined) {
      ctx.addIssue({ code: "custom", path: ["vaultLockMinDays"], message: "must be set with vaultLockMaxDays (a vault lock has both bounds), but it is not set", params: VERBATIM });
    }
    if (typeof section.vaultLockChangeableDays === "number" && section.vaultLockMinDays === undefined) {
      ctx.addIssue({ code: "custom", path: ["vaultLockChangeableDays"], message: `needs vaultLockMinDays and vaultLockMaxDays (the lock it makes immutable), got ${section.vaultLockChangeableDays}`, params: VERBATIM });
    }
    if (section.airGappedCopy === true && section.vaultLockMinDays === undefined) {
      ctx.addIssue({ code: "custom", path: ["airGappedCopy"], message: "needs vaultLockMinDays and vaultLockMaxDays (the air-gapped vault is locked between them), got true", params: VERBATIM });
    }
  }, ALSO_AFTER_TYPE_ERRORS)
  .superRefine(
    validatedBy(
      (b) =>
        renamedErrors(() =>
          validateBackupArgs(
            resolveBackupArgs({
              region: "us-east-1",
              databaseArn: "",
              bucketArn: "",
              dailyRetentionDays: b.dailyRetentionDays,
              continuousBackup: b.continuousBackup,
              continuousRetentionDays: b.continuousRetentionDays,
              vaultLock:
                typeof b.vaultLockMinDays === "number" && typeof b.vaultLockMaxDays === "number"
                  ? { minRetentionDays: b.vaultLockMinDays, maxRetentionDays: b.vaultLockMaxDays, changeableForDays: b.vaultLockChangeableDays }
                  : undefined,
            }),
          ),
        ),
      (b) => {
        try {
          validateRestoreTestingArgs(resolveRestoreTestingArgs({ vaultArn: "", roleArn: "", databaseArn: "", dbSubnetGroupName: "", dbSecurityGroupIds: [], bucketArn: "", validationWindowHours: b.restoreValidationHours }));
        } catch (e) {
          throw new Error((e as Error).message.replace(/^validationWindowHours/, "restoreValidationHours"));
        }
      },
    ),
    ALSO_AFTER_TYPE_ERRORS,
  )
  .prefault({});

/** Runs the Backup validator and rethrows its message in the credlink:backup key names. */
function renamedErrors(validate: () => void): void {
  try {
    validate();
  } catch (e) {
    throw new Error(BACKUP_ARG_KEYS.reduce((m, [pattern, key]) => m.replace(pattern, key), (e as Error).message));
  }
}

/** The Backup component's default for the point-in-time retention left out. */
export const backupDefaults: ComponentDefaults = () => ({
  continuousRetentionDays: resolveBackupArgs({ region: "us-east-1", databaseArn: "", bucketArn: "" }).continuousRetentionDays,
});
