/**
 * Recovery: RPO and RTO per data store and failure, next to the composite availability. Derived from what
 * the program registered (Multi-AZ, the backup plan's rules, replication, the cache's failover), not from config, so
 * the table changes when the resources do. docs/DISASTER-RECOVERY.md derives each number; the RTOs are the runbooks'
 * measured-by-AWS durations plus the human steps, and are estimates.
 */
import { Registration } from "../../offline/mocks";
import { RecoveryObjective } from "../report";
import { SectionBuilder } from "./types";

const RDS = "aws:rds/instance:Instance";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
const BACKUP_PLAN = "aws:backup/plan:Plan";
const RESTORE_TESTING_PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/** The minutes each recovery takes, and why (docs/DISASTER-RECOVERY.md, "Where the numbers come from"). */
export const RECOVERY_MINUTES = {
  /** RDS uploads the transaction log to S3 every 5 minutes: the latest restorable time trails by up to 5. */
  pitrGranularity: 5,
  /** RDS Multi-AZ failover: "typically 60-120 seconds" (RDS user guide, Multi-AZ DB instance deployments). */
  rdsFailover: 2,
  /** Restore a 20 GB instance to a point in time (~30 min), then point the service at it (a config change and a deploy, ~30 min). */
  rdsRestore: 60,
  /** A daily schedule: the newest copy is up to a day old, plus the copy itself (~1 h). */
  dailyCopy: 24 * 60 + 60,
  /** Stand the whole stack up in the DR region from the copies (docs/DISASTER-RECOVERY.md, "Fail over to the DR region"). */
  regionRebuild: 4 * 60,
  /** Restore one object version: find it, copy it over the current one (~15 min by hand). */
  objectVersionRestore: 15,
  /** S3 replication without Replication Time Control: most objects within minutes, no SLA; RTC's SLA is 15 minutes. */
  replicationLag: 15,
  /** ElastiCache Multi-AZ automatic failover: the replica is promoted in about a minute or two. */
  cacheFailover: 2,
  /** Replace a lost single cache node (~20 min); the cache refills from the database. */
  cacheReplace: 20,
} as const;

const hours = (minutes: number) => (minutes === 0 ? "0" : minutes < 60 ? `${minutes} min` : minutes % 60 === 0 ? `${minutes / 60} h` : `${(minutes / 60).toFixed(1)} h`);

/** The RPO/RTO rows the registrations support. */
export function recoveryObjectives(recorder: { ofType(type: string): Registration[] }): RecoveryObjective[] {
  const M = RECOVERY_MINUTES;
  const rows: RecoveryObjective[] = [];
  const plan = recorder.ofType(BACKUP_PLAN)[0];
  const rules: any[] = plan?.inputs.rules ?? [];
  const continuous = rules.find((r) => r.enableContinuousBackup === true);
  const daily = rules.find((r) => r.enableContinuousBackup !== true);
  const copied = rules.some((r) => (r.copyActions ?? []).length > 0);
  const airGapped = recorder.ofType("aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault").length > 0;
  const dailyDays = daily?.lifecycle?.deleteAfter;

  const db = recorder.ofType(RDS)[0];
  if (db) {
    const multiAz = db.inputs.multiAz === true;
    const pitrDays = continuous?.lifecycle?.deleteAfter ?? db.inputs.backupRetentionPeriod;
    rows.push(
      multiAz
        ? { store: "PostgreSQL", resource: db.name, scenario: "instance or AZ", rpoMinutes: 0, rtoMinutes: M.rdsFailover, how: "Multi-AZ: synchronous standby, automatic failover" }
        : { store: "PostgreSQL", resource: db.name, scenario: "instance or AZ", rpoMinutes: M.pitrGranularity, rtoMinutes: M.rdsRestore, how: "single-AZ: point-in-time restore to a new instance" },
      {
        store: "PostgreSQL",
        resource: db.name,
        scenario: "deleted or corrupted data",
        rpoMinutes: M.pitrGranularity,
        rtoMinutes: M.rdsRestore,
        how: `point-in-time restore (${continuous ? "AWS Backup continuous" : "RDS automated backups"}, ${pitrDays} day${pitrDays === 1 ? "" : "s"})${dailyDays ? `; daily snapshots ${dailyDays} days` : ""}`,
      },
      copied
        ? {
            store: "PostgreSQL",
            resource: db.name,
            scenario: "region",
            rpoMinutes: M.dailyCopy,
            rtoMinutes: M.regionRebuild,
            how: `daily snapshot copied to the ${airGapped ? "air-gapped vault in the DR region (restored from it, or copied into the DR vault first)" : "DR vault"}; rebuild the stack in the DR region`,
          }
        : { store: "PostgreSQL", resource: db.name, scenario: "region", rpoMinutes: -1, rtoMinutes: -1, how: "no copy outside the region: not recoverable" },
    );
  }

  const bucket = BUCKET_TYPES.flatMap((t) => recorder.ofType(t)).find((b) => /-proofs$/.test(b.name));
  if (bucket) {
    const replication = recorder.ofType(REPLICATION)[0];
    const rtc = ((replication?.inputs.rules ?? []) as any[]).some((r) => r.destination?.replicationTime?.status === "Enabled");
    rows.push(
      {
        store: "Proof bucket",
        resource: bucket.name,
        scenario: "deleted or corrupted data",
        rpoMinutes: 0,
        rtoMinutes: M.objectVersionRestore,
        how: `versioning keeps every version${continuous ? "; AWS Backup continuous backup for point-in-time restore of the bucket" : ""}`,
      },
      replication
        ? {
            store: "Proof bucket",
            resource: bucket.name,
            scenario: "region",
            rpoMinutes: M.replicationLag,
            rtoMinutes: M.regionRebuild,
            how: rtc ? "cross-region replication with RTC (15-minute SLA)" : "cross-region replication (no RTC: seconds to minutes, no SLA); rebuild the stack in the DR region",
          }
        : { store: "Proof bucket", resource: bucket.name, scenario: "region", rpoMinutes: -1, rtoMinutes: -1, how: "no replica outside the region: not recoverable" },
    );
  }

  const cache = recorder.ofType(CACHE)[0];
  if (cache) {
    const failover = cache.inputs.automaticFailoverEnabled === true;
    rows.push(
      failover
        ? { store: "Cache", resource: cache.name, scenario: "instance or AZ", rpoMinutes: 0, rtoMinutes: M.cacheFailover, how: "replica promoted automatically (asynchronous: the last writes may be lost; the cache refills)" }
        : { store: "Cache", resource: cache.name, scenario: "instance or AZ", rpoMinutes: 24 * 60, rtoMinutes: M.cacheReplace, how: "single node: replaced, from the daily snapshot or empty (a cache: it refills from PostgreSQL)" },
    );
  }
  // "Not recoverable" has no number: drop the -1 placeholders from the data, keep them as text in the table.
  return rows;
}

export const recoverySection: SectionBuilder = ({ recorder }) => {
  const all = recoveryObjectives(recorder);
  if (all.length === 0) return { sections: [] };
  const testing = recorder.ofType(RESTORE_TESTING_PLAN)[0];
  const show = (minutes: number) => (minutes < 0 ? "none" : hours(minutes));
  const rows = all.map((o) => [o.store, o.resource, o.scenario, show(o.rpoMinutes), show(o.rtoMinutes), o.how]);
  const objectives = all.filter((o) => o.rpoMinutes >= 0 && o.rtoMinutes >= 0);
  const worst = (pick: (o: RecoveryObjective) => number, scenario: string) => {
    const within = objectives.filter((o) => o.scenario === scenario);
    return within.length ? hours(Math.max(...within.map(pick))) : "n/a";
  };
  return {
    sections: [
      {
        id: "recovery",
        title: "Recovery objectives per data store (RPO: data lost at most; RTO: time to serve again)",
        columns: ["STORE", "RESOURCE", "FAILURE", "RPO", "RTO", "HOW"],
        rows,
        summary: `Recovery: deleted data RPO ${worst((o) => o.rpoMinutes, "deleted or corrupted data")} / RTO ${worst((o) => o.rtoMinutes, "deleted or corrupted data")}; region RPO ${worst((o) => o.rpoMinutes, "region")} / RTO ${worst((o) => o.rtoMinutes, "region")}`,
        notes: [
          "Derived in docs/DISASTER-RECOVERY.md; RTOs are estimates (AWS's published durations plus the runbook's human steps).",
          testing ? `Restore tested by AWS Backup restore testing: ${testing.inputs.scheduleExpression}` : "No restore testing plan: restores are not tested",
          ...evidenceNotes(recorder),
        ],
      },
    ],
    recovery: { objectives },
  };
};

/**
 * How the evidence is kept from deletion, as notes: each proof bucket's Object Lock mode and retention, each vault
 * lock's mode (compliance: immutable after its cooling-off period), the air-gapped copy, the vaults' access policies.
 */
export function evidenceNotes(recorder: { ofType(type: string): Registration[] }): string[] {
  const notes: string[] = [];
  const locks = recorder.ofType("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").filter((l) => /-proofs(-replica)?$/.test(l.name));
  for (const lock of locks) {
    const r = lock.inputs.rule?.defaultRetention;
    notes.push(`Object Lock on ${lock.name}: ${r?.mode ?? "?"}, ${r?.days ?? "?"} days${r?.mode === "COMPLIANCE" ? " (nobody, the account root included, can shorten it)" : " (the break-glass role may loosen it)"}`);
  }
  if (locks.length === 0) notes.push("Object Lock: off on the proof buckets (they can be deleted by whoever the bucket policy allows)");
  for (const vault of recorder.ofType("aws:backup/vaultLockConfiguration:VaultLockConfiguration")) {
    const days = vault.inputs.changeableForDays;
    notes.push(
      `Vault lock on ${vault.name}: ${days === undefined ? "governance mode (removable by a principal allowed DeleteBackupVaultLockConfiguration)" : `compliance mode, immutable ${days} days after it is set`}, ${vault.inputs.minRetentionDays}-${vault.inputs.maxRetentionDays} days`,
    );
  }
  for (const lag of recorder.ofType("aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault")) {
    notes.push(`Air-gapped copy: ${lag.name}, locked by AWS in compliance mode, ${lag.inputs.minRetentionDays}-${lag.inputs.maxRetentionDays} days`);
  }
  const policies = recorder.ofType("aws:backup/vaultPolicy:VaultPolicy").length;
  if (recorder.ofType("aws:backup/vault:Vault").length > 0) {
    notes.push(policies > 0 ? `Vault access policies: ${policies}, deleting recovery points or unlocking reserved to the break-glass role` : "Vault access policies: none (no break-glass role configured)");
  }
  return notes;
}
