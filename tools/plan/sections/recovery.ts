/**
 * Recovery: RPO and RTO per data store and failure, next to the composite availability. Derived from what
 * the program registered (Multi-AZ, the backup plan's rules, the replications, the cache's failover, a restore from
 * replicated backups), not from config, so the table changes when the resources do. docs/DISASTER-RECOVERY.md derives
 * each number; the RTOs are AWS's published durations where there are any, estimates otherwise, plus the human steps.
 *
 * A region's loss is recovered by failing over to the failover stack (Pulumi.prod-dr.yaml): its RTO is the critical
 * path of the runbook's steps (FAILOVER_STEPS), each with its minutes and their source, shown as a table of its own.
 */
import { loadUsage } from "../../../policy/cost/usage";
import { PRICES } from "../../../policy/cost/prices";
import { Registration } from "../../offline/mocks";
import { usd } from "../money";
import { planProfile } from "../profile";
import { FailoverFacts, FailoverStep, RecoveryObjective, ReportSection } from "../report";
import { SectionBuilder } from "./types";

const RDS = "aws:rds/instance:Instance";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
const BACKUP_PLAN = "aws:backup/plan:Plan";
const RESTORE_TESTING_PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const DB_BACKUP_REPLICATION = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
const ECR_REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

/** The minutes each recovery takes, and why (docs/DISASTER-RECOVERY.md, "Where the numbers come from"). */
export const RECOVERY_MINUTES = {
  /** RDS uploads the transaction log to S3 every 5 minutes (RDS user guide, "Restoring a DB instance to a specified time"). */
  pitrGranularity: 5,
  /**
   * The cross-Region copy of each uploaded transaction log: RDS starts it "as soon as [it is] ready" (RDS user guide,
   * "Replicating automated backups to another AWS Region"), and a 5-minute segment at prod's write rate is small. AWS
   * publishes no bound: its Prescriptive Guidance gives 5-30 minutes for the whole lag, by log volume and transfer time.
   * This allowance is ours; the drill measures it (runbook, the replicated backups' latest restorable time).
   */
  crossRegionLogCopy: 10,
  /** RDS Multi-AZ failover: "typically 60-120 seconds" (RDS user guide, Multi-AZ DB instance deployments). */
  rdsFailover: 2,
  /** Restore a 20 GB instance to a point in time (~30 min), then point the service at it (a config change and a deploy, ~30 min). */
  rdsRestore: 60,
  /** A daily schedule: the newest copy is up to a day old, plus the copy itself (~1 h). */
  dailyCopy: 24 * 60 + 60,
  /** Restore one object version: find it, copy it over the current one (~15 min by hand). */
  objectVersionRestore: 15,
  /** S3 replication without Replication Time Control: most objects within minutes, no SLA; RTC's SLA is 15 minutes. */
  replicationLag: 15,
  /** ElastiCache Multi-AZ automatic failover: the replica is promoted in about a minute or two. */
  cacheFailover: 2,
  /** Replace a lost single cache node (~20 min); the cache refills from the database. */
  cacheReplace: 20,
} as const;

/** The database's region RPO with replicated automated backups: the log upload interval plus its copy to the DR region. */
export const REPLICATED_BACKUPS_RPO = RECOVERY_MINUTES.pitrGranularity + RECOVERY_MINUTES.crossRegionLogCopy;

/** The most a region failover may take (the target the failover stack is built for). */
export const FAILOVER_RTO_TARGET = 60;

/** What the failover's steps depend on: read from the registrations and the failover outputs. */
export interface FailoverInputs {
  /** The failover stack's network, load balancer, WAF and DNS record stand ahead of time. */
  readonly pilotLight: boolean;
  /** The restored database is Multi-AZ (its standby is created with it). */
  readonly multiAz: boolean;
  /** The database's allocated storage, GB (the restore estimate is for 20). */
  readonly allocatedStorageGb: number;
}

interface StepSpec {
  readonly step: string;
  /** Minutes, given the failover's inputs. */
  readonly minutes: (f: FailoverInputs) => number;
  /** Off the critical path: it runs while a longer step does. */
  readonly parallel?: boolean;
  readonly source: (f: FailoverInputs) => string;
}

/**
 * The runbook's failover, step by step (docs/DISASTER-RECOVERY.md, "3. Fail over to the DR region"). A step's
 * minutes come from AWS's published figures where there are any, and are stated estimates otherwise (no AWS figure):
 * the drill measures them. The RTO is the sum of the steps on the critical path.
 */
export const FAILOVER_STEPS: readonly StepSpec[] = [
  {
    step: "detect: the primary's failover health check fails, the uptime alarm pages",
    minutes: () => 3,
    source: () => "Route 53: 3 failed checks x 30 s (the failover health check), then the uptime alarm's 1-minute period",
  },
  {
    step: "decide: the on-call and the incident lead call the failover",
    minutes: () => 5,
    source: () => "the runbook's rule (docs/DISASTER-RECOVERY.md, who decides): fail over once the primary region is impaired with no recovery in sight",
  },
  {
    step: "start: the runbook's config checks, pulumi up --stack prod-dr",
    minutes: () => 2,
    source: () => "the runbook's commands",
  },
  {
    step: "network: VPC, subnets, NAT instances, endpoints",
    minutes: (f) => (f.pilotLight ? 0 : 5),
    source: (f) => (f.pilotLight ? "standing: the pilot light" : "estimate (AWS publishes none): the database waits for its subnet group"),
  },
  {
    step: "database: point-in-time restore from the replicated automated backups",
    minutes: () => 20,
    source: (f) =>
      `estimate for a 20 GB gp3 instance (AWS publishes no restore duration; it grows with size and with the log to replay)${f.allocatedStorageGb > 20 ? `: re-measure, the database has ${f.allocatedStorageGb} GB` : ""}`,
  },
  {
    step: "database: its Multi-AZ standby",
    minutes: (f) => (f.multiAz ? 10 : 0),
    source: (f) => (f.multiAz ? "estimate: the standby is created from the same backup, inside the restore" : "single-AZ: no standby"),
  },
  {
    step: "database: the provider's follow-up modification (monitoring, the managed master secret)",
    minutes: () => 5,
    source: () => "estimate: one ModifyDBInstance and its wait, inside the instance's create",
  },
  {
    step: "cache: a Valkey replication group, created empty (it refills from the database)",
    minutes: () => 15,
    parallel: true,
    source: () => "estimate (AWS publishes none); it runs while the database restores",
  },
  {
    step: "load balancer, certificate and WAF",
    minutes: (f) => (f.pilotLight ? 0 : 5),
    parallel: true,
    source: (f) => (f.pilotLight ? "standing: the pilot light" : "estimate; it runs while the database restores"),
  },
  {
    step: "service: tasks on the replicated image, healthy in the target group",
    minutes: () => 5,
    source: () => "estimate: image pull from the DR region's registry, 2 healthy checks x 10 s (the target group), registration",
  },
  {
    step: "DNS: Route 53 answers with the SECONDARY record",
    minutes: (f) => (f.pilotLight ? 2 : 5),
    source: (f) =>
      f.pilotLight
        ? "the record stands; it turns healthy with the load balancer's targets (evaluate target health), then the alias's 60 s TTL"
        : "creating the SECONDARY record and validating the certificate need Route 53's control plane (in us-east-1), then the 60 s TTL",
  },
  {
    step: "verify: the smoke test and the dashboard",
    minutes: () => 5,
    source: () => "the runbook's checks",
  },
];

/** The failover's steps with their minutes, and the RTO (the sum over the critical path). */
export function failoverPlan(inputs: FailoverInputs): { steps: FailoverStep[]; rtoMinutes: number } {
  const steps = FAILOVER_STEPS.map((s) => ({ step: s.step, minutes: s.minutes(inputs), criticalPath: !s.parallel, source: s.source(inputs) }));
  return { steps, rtoMinutes: steps.filter((s) => s.criticalPath).reduce((sum, s) => sum + s.minutes, 0) };
}

const hours = (minutes: number) => (minutes === 0 ? "0" : minutes < 60 ? `${minutes} min` : minutes % 60 === 0 ? `${minutes / 60} h` : `${(minutes / 60).toFixed(1)} h`);

/** The failover outputs the program exports (stacks/parts/outputs.ts, failoverOutputs). */
interface FailoverOutputs {
  readonly role?: string;
  readonly drRegion?: string;
  readonly primaryStack?: string;
  readonly pilotLight?: boolean;
}

/** How this stack takes part in a region failover: as the primary with copies out, as the failover, or not at all. */
function failoverInputs(recorder: { ofType(type: string): Registration[] }, outputs: FailoverOutputs | undefined): FailoverInputs | undefined {
  const db = recorder.ofType(RDS)[0];
  if (!db) return undefined;
  return { pilotLight: outputs?.pilotLight === true, multiAz: db.inputs.multiAz === true, allocatedStorageGb: Number(db.inputs.allocatedStorage ?? 20) };
}

/** The RPO/RTO rows the registrations support; `failover` is the stack's failover outputs (role, pilot light). */
export function recoveryObjectives(recorder: { ofType(type: string): Registration[] }, failover?: FailoverOutputs): RecoveryObjective[] {
  const M = RECOVERY_MINUTES;
  const rows: RecoveryObjective[] = [];
  const plan = recorder.ofType(BACKUP_PLAN)[0];
  const rules: any[] = plan?.inputs.rules ?? [];
  const continuous = rules.find((r) => r.enableContinuousBackup === true);
  const daily = rules.find((r) => r.enableContinuousBackup !== true);
  const copied = rules.some((r) => (r.copyActions ?? []).length > 0);
  const airGapped = recorder.ofType("aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault").length > 0;
  const dailyDays = daily?.lifecycle?.deleteAfter;
  const inputs = failoverInputs(recorder, failover);
  const failoverRto = inputs ? failoverPlan(inputs).rtoMinutes : -1;

  const db = recorder.ofType(RDS)[0];
  const restored = db?.inputs.restoreToPointInTime !== undefined;
  if (db) {
    const multiAz = db.inputs.multiAz === true;
    const pitrDays = continuous?.lifecycle?.deleteAfter ?? db.inputs.backupRetentionPeriod;
    const replicated = recorder.ofType(DB_BACKUP_REPLICATION)[0];
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
    );
    if (restored || replicated) {
      rows.push({
        store: "PostgreSQL",
        resource: db.name,
        scenario: "region",
        rpoMinutes: REPLICATED_BACKUPS_RPO,
        rtoMinutes: failoverRto,
        how: restored
          ? `restored here from ${failover?.primaryStack ?? "the primary"}'s automated backups replicated from ${failover?.drRegion ?? "its region"} (the latest restorable time); the failover's steps below`
          : `automated backups replicated to the DR region (point-in-time restore there, ${replicated?.inputs.retentionPeriod} days); fail over to the failover stack (runbook 3)`,
      });
    } else {
      rows.push(
        copied
          ? {
              store: "PostgreSQL",
              resource: db.name,
              scenario: "region",
              rpoMinutes: M.dailyCopy,
              rtoMinutes: -1,
              how: `daily snapshot copied to the DR vault${airGapped ? " and the air-gapped vault" : ""}; no failover stack restores it: rebuild by hand`,
            }
          : { store: "PostgreSQL", resource: db.name, scenario: "region", rpoMinutes: -1, rtoMinutes: -1, how: "no copy outside the region: not recoverable" },
      );
    }
  }

  const bucket = BUCKET_TYPES.flatMap((t) => recorder.ofType(t)).find((b) => /-proofs$/.test(b.name));
  if (bucket) {
    const replication = recorder.ofType(REPLICATION)[0];
    const rtc = ((replication?.inputs.rules ?? []) as any[]).some((r) => r.destination?.replicationTime?.status === "Enabled");
    rows.push({
      store: "Proof bucket",
      resource: bucket.name,
      scenario: "deleted or corrupted data",
      rpoMinutes: 0,
      rtoMinutes: M.objectVersionRestore,
      how: `versioning keeps every version${continuous ? "; AWS Backup continuous backup for point-in-time restore of the bucket" : ""}`,
    });
    if (restored) {
      rows.push({
        store: "Proof bucket",
        resource: bucket.name,
        scenario: "region",
        rpoMinutes: M.replicationLag,
        rtoMinutes: failoverRto,
        how: `${failover?.primaryStack ?? "the primary"}'s replica, adopted (imported as it exists); replicated without RTC: minutes, no SLA`,
      });
    } else {
      rows.push(
        replication
          ? {
              store: "Proof bucket",
              resource: bucket.name,
              scenario: "region",
              rpoMinutes: M.replicationLag,
              rtoMinutes: failoverRto,
              how: rtc ? "cross-region replication with RTC (15-minute SLA); the failover stack adopts the replica" : "cross-region replication (no RTC: seconds to minutes, no SLA); the failover stack adopts the replica",
            }
          : { store: "Proof bucket", resource: bucket.name, scenario: "region", rpoMinutes: -1, rtoMinutes: -1, how: "no replica outside the region: not recoverable" },
      );
    }
  }
  // A failover stack serves from the DR region and copies nowhere: losing that region too is not recoverable from it.
  if (restored && db) {
    rows.push({ store: "PostgreSQL", resource: db.name, scenario: "this region, while failed over", rpoMinutes: -1, rtoMinutes: -1, how: "no copy out of this region (it never copies to the region that is down): fail back first" });
  }

  const cache = recorder.ofType(CACHE)[0];
  if (cache) {
    const failoverEnabled = cache.inputs.automaticFailoverEnabled === true;
    rows.push(
      failoverEnabled
        ? { store: "Cache", resource: cache.name, scenario: "instance or AZ", rpoMinutes: 0, rtoMinutes: M.cacheFailover, how: "replica promoted automatically (asynchronous: the last writes may be lost; the cache refills)" }
        : { store: "Cache", resource: cache.name, scenario: "instance or AZ", rpoMinutes: 24 * 60, rtoMinutes: M.cacheReplace, how: "single node: replaced, from the daily snapshot or empty (a cache: it refills from PostgreSQL)" },
    );
  }
  // "Not recoverable" has no number: drop the -1 placeholders from the data, keep them as text in the table.
  return rows;
}

/**
 * Is Replication Time Control worth it? Its price, per GB replicated, times the new proofs replicated a month
 * (usage.yml s3.replicatedTransferGb), against what it buys: an SLA on the proofs' RPO to match the database's.
 */
export function replicationTimeControlNote(replicatedGb: number | undefined): string[] {
  const price = PRICES.s3ReplicationTimeControlGb;
  const bound = replicatedGb === undefined ? "depends on usage" : `about ${usd(Math.round(replicatedGb * price.usd * 100) / 100)}/month (${replicatedGb} GB of new proofs replicated a month)`;
  return [
    `S3 Replication Time Control: $${price.usd} per GB replicated (${price.source}), ${bound}; it turns "minutes, no SLA" into 99.99% of objects within 15 minutes.`,
    "Worth it: it matches the database's 15-minute region RPO at that price. Not turned on here: the proof replica stays as it is (replication metrics are on already, which RTC needs).",
  ];
}

export const recoverySection: SectionBuilder = ({ recorder, outputs, stack, profile }) => {
  const failover = (outputs as { failover?: FailoverOutputs }).failover;
  const all = recoveryObjectives(recorder, failover);
  if (all.length === 0) return { sections: [] };
  const testing = recorder.ofType(RESTORE_TESTING_PLAN);
  const show = (minutes: number) => (minutes < 0 ? "none" : hours(minutes));
  const rows = all.map((o) => [o.store, o.resource, o.scenario, show(o.rpoMinutes), show(o.rtoMinutes), o.how]);
  const objectives = all.filter((o) => o.rpoMinutes >= 0 && o.rtoMinutes >= 0);
  const worst = (pick: (o: RecoveryObjective) => number, scenario: string) => {
    const within = objectives.filter((o) => o.scenario === scenario);
    return within.length ? hours(Math.max(...within.map(pick))) : "n/a";
  };
  const usage = loadUsage((profile ?? planProfile({ "credlink:environment": stack })).usageProfile);
  const sections: ReportSection[] = [
    {
      id: "recovery",
      title: "Recovery objectives per data store (RPO: data lost at most; RTO: time to serve again)",
      columns: ["STORE", "RESOURCE", "FAILURE", "RPO", "RTO", "HOW"],
      rows,
      summary: `Recovery: deleted data RPO ${worst((o) => o.rpoMinutes, "deleted or corrupted data")} / RTO ${worst((o) => o.rtoMinutes, "deleted or corrupted data")}; region RPO ${worst((o) => o.rpoMinutes, "region")} / RTO ${worst((o) => o.rtoMinutes, "region")}`,
      notes: [
        "Derived in docs/DISASTER-RECOVERY.md; RTOs are estimates (AWS's published durations plus the runbook's human steps).",
        testing.length
          ? `Restore tested by AWS Backup restore testing: ${testing.map((t) => t.inputs.scheduleExpression).join(", ")}${testing.length > 1 ? " (the primary vault, and the DR vault's copies in the DR region)" : ""}`
          : "No restore testing plan: restores are not tested",
        ...(recorder.ofType(DB_BACKUP_REPLICATION).length || all.some((o) => o.scenario === "region" && o.how.startsWith("restored"))
          ? [
              `Region RPO, database: ${RECOVERY_MINUTES.pitrGranularity} min (RDS uploads the transaction log every 5 minutes) + ${RECOVERY_MINUTES.crossRegionLogCopy} min (its copy to the DR region, our allowance: AWS Prescriptive Guidance gives 5-30 minutes by log volume); the drill measures it.`,
            ]
          : []),
        ...(recorder.ofType(ECR_REPLICATION).length ? ["Images: replicated to the DR region on push (ECR registry replication), so a failover runs the image prod ran."] : []),
        ...(bucketRegionRow(all) ? replicationTimeControlNote(usage.s3?.replicatedTransferGb) : []),
        ...evidenceNotes(recorder),
      ],
    },
  ];
  const inputs = failoverInputs(recorder, failover);
  const failing = inputs && all.some((o) => o.scenario === "region" && o.rtoMinutes >= 0);
  let facts: FailoverFacts | undefined;
  if (inputs && failing) {
    const planned = failoverPlan(inputs);
    const role = failover?.role === "failover" ? "this stack" : "the failover stack";
    const within = planned.rtoMinutes <= FAILOVER_RTO_TARGET;
    facts = { rtoMinutes: planned.rtoMinutes, rpoMinutes: REPLICATED_BACKUPS_RPO, pilotLight: inputs.pilotLight, targetMinutes: FAILOVER_RTO_TARGET, steps: planned.steps };
    sections.push({
      id: "failover",
      title: `Region failover, step by step (${role} in the DR region; the RTO is the sum of the critical path)`,
      columns: ["STEP", "MINUTES", "CRITICAL PATH", "SOURCE"],
      rows: planned.steps.map((s) => [s.step, s.minutes, s.criticalPath ? "yes" : "no (in parallel)", s.source]),
      summary: `Region failover: RTO ${planned.rtoMinutes} min (${within ? "within" : "OVER"} the ${FAILOVER_RTO_TARGET}-minute target), RPO ${REPLICATED_BACKUPS_RPO} min; pilot light ${inputs.pilotLight ? "standing" : "not standing (cold)"}`,
      notes: [
        inputs.pilotLight
          ? "Pilot light: the failover stack's network, load balancer, certificate, WAF and SECONDARY record stand in the DR region ahead of time (examples/prod-dr-pilot-light.yaml)."
          : "Cold: everything is created on the day, and the DNS record and certificate need Route 53's control plane, which lives in us-east-1: stand the pilot light up to meet the target.",
        "Estimates are replaced by the drill's measured minutes (docs/DISASTER-RECOVERY.md, the drill).",
      ],
    });
  }
  return { sections, recovery: { objectives, ...(facts ? { failover: facts } : {}) } };
};

/** Whether the proofs have a region row with numbers (a replica, or the adopted one). */
function bucketRegionRow(all: readonly RecoveryObjective[]): boolean {
  return all.some((o) => o.store === "Proof bucket" && o.scenario === "region" && o.rpoMinutes >= 0);
}

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
