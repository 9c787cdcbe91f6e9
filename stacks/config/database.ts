/** `credlink:database`: PostgreSQL on RDS (`credlink:data:Database`). */
import { z } from "zod";
import { resolveDatabaseArgs, validateDatabaseArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, ComponentDefaults, validatedBy, WIRED_LATER } from "./lib";

/**
 * PostgreSQL on RDS (`credlink:data:Database`). Sizes, engine versions (components/lib/engine-versions.ts) and
 * retentions are checked by the component's own validator.
 *
 * Data tier sizes: db.t4g.micro Multi-AZ in prod is the smallest size that keeps the tier multi-AZ within prod's cost
 * ceiling; dev runs single-AZ (docs/COST.md prices both).
 */
export const database = z
  .strictObject({
    /**
     * PostgreSQL major version, quoted: "17". RDS picks the minor.
     * @accepts a PostgreSQL major RDS offers: `"13"`-`"17"` (quote it)
     */
    engineVersion: z.string().optional(),
    /**
     * Instance class.
     * @accepts `db.<t4g|t3|m7g|m6g|m6i|r7g|r6g|r6i>.<size>`
     */
    instanceClass: z.string(),
    /**
     * Initial gp3 storage, GB.
     * @accepts 20-65536
     */
    allocatedStorageGb: z.int().optional(),
    /**
     * Storage autoscaling ceiling, GB.
     * @accepts at least `allocatedStorageGb`, at most 65536
     */
    maxAllocatedStorageGb: z.int().optional(),
    /**
     * A synchronous standby in a second AZ.
     * @accepts prod: `true` (a standby in a second AZ takes over when the primary fails)
     */
    multiAz: z.boolean(),
    /**
     * Days of automated backups, the point-in-time recovery window.
     * @accepts 1-35; prod: at least 14 (two weeks of point-in-time recovery)
     */
    backupRetentionDays: z.int(),
    /**
     * Retention of the exported postgresql/upgrade logs.
     * @accepts a CloudWatch Logs retention
     */
    logRetentionDays: z.int().optional(),
    /**
     * The PostgreSQL user the app logs in as with IAM database authentication (`rds-db:connect`); create it once with
     * the SQL in "Database users".
     * @accepts a PostgreSQL identifier: 1-63 of `[a-z0-9_]`, starting with a letter; not `postgres`, `rdsadmin`,
     * `public`, `admin`, `rds_*`, `pg_*` or the master user
     */
    appUser: z.string().optional(),
    /**
     * Restore the database from replicated automated backups instead of creating it empty: a failover stack's
     * database, in the region the primary's backups were replicated to (docs/DISASTER-RECOVERY.md, "Fail over to the
     * DR region"). Read once, at create: a later change never replaces the restored database.
     * @accepts only with `dr.role` failover
     */
    restore: z
      .strictObject({
        /**
         * The primary's replicated automated backups (its `databaseReplicatedBackupsArn` output).
         * @accepts `arn:aws:rds:<aws:region>:<credlink:account.id>:auto-backup:ab-<id>`
         */
        automatedBackupsArn: z.string(),
        /**
         * The key that encrypts them (the primary's `databaseReplicaKeyArn` output): the restored storage keeps it.
         * @accepts a KMS key ARN in `aws:region` and `credlink:account.id`
         */
        keyArn: z.string(),
        /**
         * The UTC time to restore to; leave it out for the latest restorable time (minutes behind the primary).
         * @accepts RFC 3339 UTC, like `2026-11-26T03:55:00Z`
         * @default absent (the latest restorable time)
         */
        restoreTime: z.string().optional(),
      })
      .optional(),
  })
  .superRefine(validatedBy((db) => validateDatabaseArgs(resolveDatabaseArgs({ ...WIRED_LATER, ...db }))), ALSO_AFTER_TYPE_ERRORS);

/** The Database component's defaults for the keys left out. */
export const databaseDefaults: ComponentDefaults = () => {
  const { engineVersion, allocatedStorageGb, maxAllocatedStorageGb, logRetentionDays, appUser } = resolveDatabaseArgs({ ...WIRED_LATER });
  return { engineVersion, allocatedStorageGb, maxAllocatedStorageGb, logRetentionDays, appUser };
};
