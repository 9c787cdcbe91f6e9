/**
 * Reliability: surviving an AZ loss, a bad deploy and a mistaken delete. Mandatory in prod, advisory in dev, where
 * single-AZ and easy teardown are deliberate (the policy config files set the levels and the thresholds).
 */
import { BUCKET_REPLICATION, companions, inline, regionOf, replicaBuckets, truthy } from "../lib/aws";
import { CredlinkPolicy, eachOfType, getOr, many, plain, resourceRule, stackRule } from "../lib/rules";
import { BUCKET_TYPES, LOAD_BALANCER_TYPES, T } from "../lib/types";

export const rdsMultiAz = resourceRule({
  name: "rds-multi-az",
  description: "RDS instances run Multi-AZ (a standby in a second AZ with automatic failover).",
  covers: ["CKV_AWS_157"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => (truthy(p.multiAz) ? undefined : "multiAz must be true"),
});

export const rdsBackupRetention = resourceRule<{ minDays: number }>({
  name: "rds-backup-retention",
  description: "RDS instances keep automated backups for at least the configured number of days.",
  covers: ["CKV_AWS_133", "AVD-AWS-0077"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  configSchema: { properties: { minDays: { type: "integer", minimum: 1, maximum: 35, default: 7, description: "Minimum backupRetentionPeriod in days." } } },
  check: (p, config) => {
    const days = Number(p.backupRetentionPeriod ?? 0);
    return days >= config.minDays ? undefined : `backupRetentionPeriod must be at least ${config.minDays} days, got ${days}`;
  },
});

export const rdsDeletionProtection = resourceRule({
  name: "rds-deletion-protection",
  description: "RDS instances have deletion protection and keep a named final snapshot.",
  covers: ["CKV_AWS_293", "AVD-AWS-0177"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => {
    const problems: string[] = [];
    if (!truthy(p.deletionProtection)) problems.push("deletionProtection must be true");
    if (truthy(p.skipFinalSnapshot)) problems.push("skipFinalSnapshot must be false");
    else if (!p.finalSnapshotIdentifier) problems.push("finalSnapshotIdentifier must name the final snapshot");
    return problems;
  },
});

export const rdsCopyTagsToSnapshot = resourceRule({
  name: "rds-copy-tags-to-snapshot",
  description: "RDS instances copy their tags to snapshots (so snapshots are attributable and selectable by backup plans).",
  covers: ["CKV2_AWS_60"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => (truthy(p.copyTagsToSnapshot) ? undefined : "copyTagsToSnapshot must be true"),
});

export const elasticacheFailover = resourceRule({
  name: "elasticache-multi-az-automatic-failover",
  description: "ElastiCache replication groups have a replica, automatic failover and Multi-AZ.",
  covers: ["CKV2_AWS_50"],
  enforcementLevel: "mandatory",
  types: [T.cacheReplicationGroup],
  check: (p) => {
    const problems: string[] = [];
    if (!truthy(p.automaticFailoverEnabled)) problems.push("automaticFailoverEnabled must be true");
    if (!truthy(p.multiAzEnabled)) problems.push("multiAzEnabled must be true");
    const nodes = p.numCacheClusters ?? (p.replicasPerNodeGroup !== undefined ? 1 + Number(p.replicasPerNodeGroup) : 1);
    if (Number(nodes) < 2) problems.push("needs at least one replica (numCacheClusters >= 2)");
    return problems;
  },
});

export const elasticacheSnapshots = resourceRule<{ minDays: number }>({
  name: "elasticache-snapshot-retention",
  description: "ElastiCache replication groups keep automatic snapshots for at least the configured number of days.",
  covers: ["CKV_AWS_134", "AVD-AWS-0050"],
  enforcementLevel: "mandatory",
  types: [T.cacheReplicationGroup],
  configSchema: { properties: { minDays: { type: "integer", minimum: 1, maximum: 35, default: 1, description: "Minimum snapshotRetentionLimit in days." } } },
  check: (p, config) => {
    const days = Number(p.snapshotRetentionLimit ?? 0);
    return days >= config.minDays ? undefined : `snapshotRetentionLimit must be at least ${config.minDays} days, got ${days}`;
  },
});

export const s3Versioning = stackRule({
  name: "s3-bucket-versioning-enabled",
  description: "S3 buckets keep object versions.",
  covers: ["CKV_AWS_21", "AVD-AWS-0090"],
  enforcementLevel: "mandatory",
  check: eachOfType(BUCKET_TYPES, (bucket, all) => {
    const statuses = companions(all, T.bucketVersioning, bucket).map((v) => getOr(v.props, ["versioningConfiguration", "status"], ""));
    const legacy = inline(bucket, "versioning");
    return statuses.includes("Enabled") || truthy(legacy?.enabled) ? undefined : "needs aws.s3.BucketVersioning with status Enabled";
  }),
});

const lifecycleRules = (bucket: Parameters<typeof companions>[2], all: Parameters<typeof companions>[0]) => [
  ...companions(all, T.bucketLifecycle, bucket).flatMap((l) => many<any>(plain(getOr<any[]>(l.props, ["rules"], [])))),
  ...many<any>(inline(bucket, "lifecycleRules")),
];

export const s3Lifecycle = stackRule({
  name: "s3-bucket-lifecycle-configured",
  description: "S3 buckets have an enabled lifecycle rule (expiry or transition), so storage doesn't grow without bound.",
  covers: ["CKV2_AWS_61"],
  enforcementLevel: "mandatory",
  check: eachOfType(BUCKET_TYPES, (bucket, all) =>
    lifecycleRules(bucket, all).some((r) => r.status === "Enabled" || r.enabled === true) ? undefined : "needs an enabled lifecycle rule (aws.s3.BucketLifecycleConfiguration)",
  ),
});

export const s3AbortMultipart = stackRule({
  name: "s3-bucket-aborts-incomplete-multipart-uploads",
  description: "S3 lifecycle rules abort incomplete multipart uploads (their parts are billed but invisible).",
  covers: ["CKV_AWS_300"],
  enforcementLevel: "mandatory",
  check: eachOfType(BUCKET_TYPES, (bucket, all) =>
    lifecycleRules(bucket, all).some((r) => (r.status === "Enabled" || r.enabled === true) && (r.abortIncompleteMultipartUpload?.daysAfterInitiation ?? r.abortIncompleteMultipartUploadDays) !== undefined)
      ? undefined
      : "needs an enabled lifecycle rule with abortIncompleteMultipartUpload",
  ),
});

export const albDeletionProtection = resourceRule({
  name: "alb-deletion-protection",
  description: "Load balancers have deletion protection (the DNS name clients and the alias record depend on).",
  covers: ["CKV_AWS_150"],
  enforcementLevel: "mandatory",
  types: [...LOAD_BALANCER_TYPES],
  check: (p) => (truthy(p.enableDeletionProtection) ? undefined : "enableDeletionProtection must be true"),
});

export const ecsServiceResilience = resourceRule<{ minTasks: number }>({
  name: "ecs-service-rolls-back-and-spreads",
  description: "ECS services run at least the configured number of tasks and roll back failed deployments: the circuit breaker with rollback, and under CANARY the deployment alarms with rollback (the breaker applies to rolling deployments only).",
  covers: [],
  enforcementLevel: "mandatory",
  types: [T.ecsService],
  configSchema: { properties: { minTasks: { type: "integer", minimum: 0, default: 2, description: "Minimum desiredCount (2+ spreads tasks across AZs)." } } },
  check: (p, config) => {
    const problems: string[] = [];
    const desired = Number(p.desiredCount ?? 0);
    if (desired < config.minTasks) problems.push(`desiredCount must be at least ${config.minTasks}, got ${desired}`);
    const breaker = plain(p.deploymentCircuitBreaker);
    if (!truthy(breaker?.enable) || !truthy(breaker?.rollback)) problems.push("deploymentCircuitBreaker must enable rollback");
    // Under CANARY the breaker does nothing (ECS API reference, DeploymentCircuitBreaker: rolling update only): the
    // deployment alarms are what rolls a canary back.
    if (plain(p.deploymentConfiguration)?.strategy === "CANARY") {
      const alarms = plain(p.alarms);
      if (!truthy(alarms?.enable) || !truthy(alarms?.rollback) || many(alarms?.alarmNames).length === 0) {
        problems.push("alarms must name the deployment alarms with enable and rollback under a CANARY deployment: the circuit breaker does not roll a canary back");
      }
    }
    return problems;
  },
});

export const s3CrossRegionReplication = stackRule<{ bucketNamePattern: string }>({
  name: "s3-bucket-replicated-cross-region",
  description: "The buckets that hold evidence (the proof bucket: logical names matching bucketNamePattern) replicate to a bucket in another region with an enabled replication rule.",
  covers: ["CKV_AWS_144"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      bucketNamePattern: { type: "string", default: "-proofs$", description: "A regular expression; buckets whose logical name matches must replicate to another region." },
    },
  },
  check: eachOfType<{ bucketNamePattern: string }>(BUCKET_TYPES, (bucket, all, config) => {
    if (!new RegExp(config.bucketNamePattern).test(bucket.name)) return undefined;
    if (companions(all, BUCKET_REPLICATION, bucket).length === 0) return "has no cross-region replication (aws.s3.BucketReplicationConfig)";
    const source = regionOf(bucket);
    const crossRegion = replicaBuckets(bucket, all).some((d) => regionOf(d) !== undefined && regionOf(d) !== source);
    return crossRegion ? undefined : "replication must have an Enabled rule whose destination bucket is in another region";
  }),
});

const BACKUP_SELECTION = "aws:backup/selection:Selection";

export const backupPlanCoversDataStores = stackRule<{ bucketNamePattern: string }>({
  name: "rds-and-proof-bucket-in-backup-plan",
  description: "Every RDS instance and the proof bucket (logical names matching bucketNamePattern) are selected, by ARN, by an AWS Backup plan's selection.",
  covers: ["CKV2_AWS_8"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      bucketNamePattern: { type: "string", default: "-proofs$", description: "A regular expression; buckets whose logical name matches must be in a backup plan." },
    },
  },
  check: eachOfType<{ bucketNamePattern: string }>([T.rdsInstance, ...BUCKET_TYPES], (r, all, config) => {
    if (BUCKET_TYPES.includes(r.type) && !new RegExp(config.bucketNamePattern).test(r.name)) return undefined;
    const arn = getOr<string | undefined>(r.props, ["arn"], undefined);
    const selected = all.some(
      (s) =>
        s.type === BACKUP_SELECTION &&
        ((s.propertyDependencies?.resources ?? []).some((d) => d.urn === r.urn) || (arn !== undefined && many<string>(plain(getOr(s.props, ["resources"], []))).includes(arn))),
    );
    return selected ? undefined : "is in no AWS Backup plan (aws.backup.Selection naming its ARN)";
  }),
});

export const reliabilityPolicies: CredlinkPolicy[] = [
  rdsMultiAz,
  s3CrossRegionReplication,
  backupPlanCoversDataStores,
  rdsBackupRetention,
  rdsDeletionProtection,
  rdsCopyTagsToSnapshot,
  elasticacheFailover,
  elasticacheSnapshots,
  s3Versioning,
  s3Lifecycle,
  s3AbortMultipart,
  albDeletionProtection,
  ecsServiceResilience,
];
