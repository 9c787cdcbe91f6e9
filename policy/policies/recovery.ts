/**
 * Recovery controls this program relies on that no checkov or trivy check covers (POLICY-COVERAGE.md, "Controls this
 * program relies on"): Object Lock on the proofs and their replicas with the deny that keeps it, and AWS Backup's
 * retention, DR copy, point-in-time rule, vault locks and restore tests. Mandatory in prod; advisory in dev like the
 * reliability group (dev tears down cleanly by design: no lock, no DR copy). Per-environment values are policy config.
 */
import type { PolicyResource } from "@pulumi/policy";
import { buckets, companions, iamPatternMatches, isWildcardPrincipal, regionOf, replicaBuckets, statements, truthy } from "../lib/aws";
import { isExactArn } from "../lib/pins";
import { CredlinkPolicy, getOr, many, plain, refersTo, resourceRule, stackRule, StackProblem } from "../lib/rules";
import { BUCKET_TYPES, T } from "../lib/types";

const OBJECT_LOCK_CONFIGURATION = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";
const VAULT_LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const VAULT_POLICY = "aws:backup/vaultPolicy:VaultPolicy";
/** A logically air-gapped vault: locked by AWS in compliance mode itself, a copy target like a vault. */
export const AIR_GAPPED_VAULT = "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault";
const RESTORE_TESTING_PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const RESTORE_TESTING_SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";

const bucketNamePattern = { type: "string" as const, default: "-proofs$", description: "A regular expression; buckets whose logical name matches hold the proofs (their replicas are found through their replication rules)." };

/** The proof buckets (logical name matching `pattern`) and the buckets they replicate to, each with what it is. */
export function proofBuckets(all: readonly PolicyResource[], pattern: string): { bucket: PolicyResource; role: string }[] {
  const re = new RegExp(pattern);
  const found = new Map<string, { bucket: PolicyResource; role: string }>();
  for (const b of buckets(all).filter((x) => re.test(x.name))) {
    found.set(b.urn, { bucket: b, role: "proof bucket" });
    for (const replica of replicaBuckets(b, all)) if (!found.has(replica.urn)) found.set(replica.urn, { bucket: replica, role: `replica of ${b.name}` });
  }
  return [...found.values()];
}

// ---------------------------------------------------------------------------------------------------------------
// Object Lock

interface ObjectLockConfig {
  bucketNamePattern: string;
  minRetentionDays: number;
  mode: "GOVERNANCE" | "COMPLIANCE";
}

/** A default retention in days (`years` counts 365 days: the shortest year). */
const retentionDays = (retention: any): number => (retention?.days !== undefined ? Number(retention.days) : retention?.years !== undefined ? Number(retention.years) * 365 : 0);

export const proofObjectLock = stackRule<ObjectLockConfig>({
  name: "s3-proof-buckets-object-lock-retention",
  description:
    "The proof buckets and their replicas have Object Lock enabled with a default retention of at least minRetentionDays in the environment's mode (GOVERNANCE or COMPLIANCE): a proof can't be deleted or overwritten before then.",
  covers: ["Object Lock on the proof buckets and their replicas, with a minimum retention per environment"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      bucketNamePattern,
      minRetentionDays: { type: "integer", minimum: 1, maximum: 36500, default: 365, description: "Shortest default retention accepted, in days." },
      mode: {
        type: "string",
        enum: ["GOVERNANCE", "COMPLIANCE"],
        default: "GOVERNANCE",
        description: "The Object Lock mode the environment requires (prod: COMPLIANCE, which nobody can shorten; dev: GOVERNANCE, so a dev stack tears down).",
      },
    },
  },
  check: (all, c) =>
    proofBuckets(all, c.bucketNamePattern).flatMap(({ bucket, role }) => {
      const problems: string[] = [];
      // Object Lock is switched on when the bucket is created (CreateBucket x-amz-bucket-object-lock-enabled).
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html
      if (!truthy(getOr(bucket.props, ["objectLockEnabled"], false))) problems.push("objectLockEnabled must be true (it can only be set when the bucket is created)");
      const configs = companions(all, OBJECT_LOCK_CONFIGURATION, bucket);
      if (configs.length === 0) problems.push("has no aws.s3.BucketObjectLockConfiguration with a default retention");
      for (const cfg of configs) {
        const rule = plain(getOr<any>(cfg.props, ["rule"], undefined));
        const retention = rule?.defaultRetention;
        const days = retentionDays(retention);
        if (getOr(cfg.props, ["objectLockEnabled"], "Enabled") !== "Enabled") problems.push(`${cfg.name}: objectLockEnabled must be "Enabled"`);
        if (!retention) problems.push(`${cfg.name}: rule.defaultRetention must be set`);
        else {
          if (days < c.minRetentionDays) problems.push(`${cfg.name}: default retention ${days} days is under the minimum of ${c.minRetentionDays}`);
          if (retention.mode !== c.mode) problems.push(`${cfg.name}: mode must be ${c.mode} in this environment, got ${retention.mode ?? "(unset)"}`);
        }
      }
      return problems.map((p): StackProblem => ({ message: `${bucket.name} (${role}): ${p}`, urn: bucket.urn }));
    }),
});

/** The actions the deny must cover: bypassing governance retention and changing the lock configuration. */
const LOCK_ACTIONS = ["s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration"];

/** Whether a Deny statement applies to everyone except, at most, named principals (exact ARNs). */
function deniesEveryone(s: any): boolean {
  if (!isWildcardPrincipal(s.Principal)) return false;
  if (s.Condition === undefined) return true;
  // The only accepted condition: an exemption for exact principal ARNs (a break-glass role).
  const entries = Object.entries(plain(s.Condition) as Record<string, Record<string, unknown>>);
  return entries.every(
    ([operator, block]) =>
      /^(ArnNotEquals|StringNotEquals)$/.test(operator) &&
      Object.entries(block ?? {}).every(([key, values]) => key.toLowerCase() === "aws:principalarn" && many(values as any).every(isExactArn)),
  );
}

export const proofLockDeny = stackRule<{ bucketNamePattern: string }>({
  name: "s3-proof-bucket-policy-denies-lock-bypass",
  description:
    "The bucket policy of each proof bucket and replica denies s3:BypassGovernanceRetention and s3:PutBucketObjectLockConfiguration on the bucket and its objects to every principal (at most one exact break-glass role ARN exempt): without it, any admin with s3:* can shorten a GOVERNANCE retention.",
  covers: ["the deny on governance bypass and lock changes"],
  enforcementLevel: "mandatory",
  configSchema: { properties: { bucketNamePattern } },
  check: (all, c) =>
    proofBuckets(all, c.bucketNamePattern).flatMap(({ bucket, role }) => {
      const name = String(getOr(bucket.props, ["bucket"], ""));
      const bucketArn = String(getOr(bucket.props, ["arn"], `arn:aws:s3:::${name}`));
      const denies = companions(all, T.bucketPolicy, bucket)
        .flatMap((p) => statements(getOr(p.props, ["policy"], undefined)))
        .filter((s) => s.Effect === "Deny" && deniesEveryone(s));
      const covers = (action: string, resource: string) =>
        denies.some((s) => many<string>(s.Action).some((a) => iamPatternMatches(String(a), action)) && many<string>(s.Resource).some((r) => iamPatternMatches(String(r), resource, false)));
      const missing = LOCK_ACTIONS.filter((a) => !covers(a, bucketArn) || !covers(a, `${bucketArn}/any-object`));
      return missing.length
        ? [{ message: `${bucket.name} (${role}): its bucket policy must deny ${missing.join(", ")} on ${bucketArn} and ${bucketArn}/* to Principal "*" (only an exact break-glass role ARN may be exempt)`, urn: bucket.urn }]
        : [];
    }),
});

// ---------------------------------------------------------------------------------------------------------------
// AWS Backup

/** A rule's retention in days; undefined when it keeps recovery points forever (no deleteAfter). */
const deleteAfter = (lifecycle: any): number | undefined => (lifecycle?.deleteAfter === undefined || lifecycle?.deleteAfter === null ? undefined : Number(lifecycle.deleteAfter));
const ruleName = (r: any) => r?.ruleName ?? "(unnamed rule)";

interface RetentionConfig {
  minRetentionDays: number;
  minContinuousRetentionDays: number;
}

export const backupPlanRetention = resourceRule<RetentionConfig>({
  name: "backup-plan-retains-recovery-points-minimum-days",
  description:
    "Every AWS Backup plan rule keeps its recovery points (and their copies) at least minRetentionDays (snapshot rules) or minContinuousRetentionDays (continuous, point-in-time rules).",
  covers: ["Backup: the plan keeps recovery points for a minimum period"],
  enforcementLevel: "mandatory",
  types: [T.backupPlan],
  configSchema: {
    properties: {
      minRetentionDays: { type: "integer", minimum: 1, default: 35, description: "Shortest retention of a snapshot rule and of each copy, in days." },
      // Continuous backups are kept at most 35 days. https://docs.aws.amazon.com/aws-backup/latest/devguide/point-in-time-recovery.html
      minContinuousRetentionDays: { type: "integer", minimum: 1, maximum: 35, default: 14, description: "Shortest retention of a continuous (point-in-time) rule, in days (AWS allows at most 35)." },
    },
  },
  check: (p, c) =>
    many<any>(plain(p.rules)).flatMap((rule) => {
      const problems: string[] = [];
      const continuous = truthy(rule?.enableContinuousBackup);
      const min = continuous ? c.minContinuousRetentionDays : c.minRetentionDays;
      const days = deleteAfter(rule?.lifecycle);
      if (days !== undefined && days < min) problems.push(`rule ${ruleName(rule)} keeps recovery points ${days} days; at least ${min}`);
      for (const copy of many<any>(rule?.copyActions)) {
        const copyDays = deleteAfter(copy?.lifecycle);
        if (copyDays !== undefined && copyDays < c.minRetentionDays) problems.push(`rule ${ruleName(rule)} keeps its copy to ${copy?.destinationVaultArn} ${copyDays} days; at least ${c.minRetentionDays}`);
      }
      return problems;
    }),
});

export const backupPlanContinuous = resourceRule<{ requireContinuous: boolean }>({
  name: "backup-plan-has-continuous-rule",
  description: "AWS Backup plans have a continuous backup rule (enableContinuousBackup) for point-in-time restore, where the environment requires it.",
  covers: ["Backup: a continuous rule for point-in-time restore"],
  enforcementLevel: "mandatory",
  types: [T.backupPlan],
  configSchema: { properties: { requireContinuous: { type: "boolean", default: true, description: "The environment restores to a point in time (prod)." } } },
  check: (p, c, args) => {
    if (!c.requireContinuous) args.notApplicable("this environment does not require point-in-time restore");
    return many<any>(plain(p.rules)).some((r) => truthy(r?.enableContinuousBackup)) ? undefined : "needs a rule with enableContinuousBackup true (point-in-time restore)";
  },
});

export const backupPlanDrCopy = stackRule<{ requireDrCopy: boolean }>({
  name: "backup-plan-copies-to-dr-vault-in-another-region",
  description:
    "Every AWS Backup plan has a snapshot rule whose copy action targets a vault of the stack in another region (the DR vault, or the logically air-gapped vault there), where the environment requires it.",
  covers: ["Backup: copies to the DR vault in prod"],
  enforcementLevel: "mandatory",
  configSchema: { properties: { requireDrCopy: { type: "boolean", default: true, description: "The environment keeps a copy of its backups in the DR region (prod)." } } },
  check: (all, c) => {
    if (!c.requireDrCopy) return [];
    const vaults = all.filter((r) => r.type === T.backupVault || r.type === AIR_GAPPED_VAULT);
    return all
      .filter((r) => r.type === T.backupPlan)
      .flatMap((plan) => {
        const source = regionOf(plan);
        const copies = many<any>(plain(getOr(plan.props, ["rules"], []))).flatMap((r) => many<any>(r?.copyActions));
        const ok = copies.some((copy) => {
          const vault = vaults.find((v) => getOr(v.props, ["arn"], undefined) === copy?.destinationVaultArn);
          return vault !== undefined && regionOf(vault) !== undefined && regionOf(vault) !== source;
        });
        return ok ? [] : [{ message: `${plan.name}: no rule copies its recovery points to a vault of the stack in another region (copyActions to the DR vault)`, urn: plan.urn }];
      });
  },
});

/** The backup vaults of a stack: standard vaults and logically air-gapped ones. */
const vaultsOf = (all: readonly PolicyResource[]) => all.filter((r) => r.type === T.backupVault || r.type === AIR_GAPPED_VAULT);

export const backupVaultsLocked = stackRule<{ minLockDays: number; mode: "governance" | "compliance" }>({
  name: "backup-vaults-locked",
  description:
    "Every AWS Backup vault has a vault lock (aws.backup.VaultLockConfiguration) with a minimum retention of at least minLockDays, so recovery points can't be deleted early; in compliance mode (changeableForDays set) the lock itself can't be removed once its cooling-off period ends, by anyone. A logically air-gapped vault is locked in compliance mode by AWS; its own minRetentionDays is checked.",
  covers: ["Backup: every vault is locked"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      minLockDays: { type: "integer", minimum: 1, default: 7, description: "Smallest minRetentionDays a vault lock may have." },
      mode: {
        type: "string",
        enum: ["governance", "compliance"],
        default: "governance",
        description: "compliance: every standard vault's lock sets changeableForDays (AWS Backup developer guide, Vault Lock: compliance mode).",
      },
    },
  },
  check: (all, c) =>
    vaultsOf(all).flatMap((vault): StackProblem[] => {
      if (vault.type === AIR_GAPPED_VAULT) {
        const min = Number(getOr(vault.props, ["minRetentionDays"], 0));
        return min >= c.minLockDays ? [] : [{ message: `${vault.name}: the air-gapped vault's minRetentionDays ${min} is under ${c.minLockDays}`, urn: vault.urn }];
      }
      const locks = all.filter((l) => l.type === VAULT_LOCK && refersTo(l, "backupVaultName", vault));
      if (locks.length === 0) return [{ message: `${vault.name}: the vault has no vault lock (aws.backup.VaultLockConfiguration)`, urn: vault.urn }];
      const problems: string[] = [];
      const min = Math.max(...locks.map((l) => Number(getOr(l.props, ["minRetentionDays"], 0))));
      if (min < c.minLockDays) problems.push(`its vault lock's minRetentionDays ${min} is under ${c.minLockDays}`);
      // https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html (ChangeableForDays: compliance mode, at least 3)
      if (c.mode === "compliance" && !locks.some((l) => getOr(l.props, ["changeableForDays"], undefined) !== undefined)) {
        problems.push("its vault lock is in governance mode (no changeableForDays): anyone with backup:DeleteBackupVaultLockConfiguration can remove it; compliance mode is required here");
      }
      return problems.map((p) => ({ message: `${vault.name}: ${p}`, urn: vault.urn }));
    }),
});

/** What a vault's access policy must deny to everyone (but at most one exact break-glass role). */
export const VAULT_DENIED_ACTIONS = [
  "backup:DeleteRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:DeleteBackupVault",
  "backup:PutBackupVaultAccessPolicy",
  "backup:DeleteBackupVaultLockConfiguration",
];

export const backupVaultAccessPolicy = stackRule<{ requireAccessPolicy: boolean }>({
  name: "backup-vault-access-policy-denies-deletion",
  description:
    "Every AWS Backup vault (air-gapped ones included) has an access policy that denies deleting recovery points, shortening their lifecycle, deleting the vault, rewriting the policy and removing the lock to every principal (at most one exact break-glass role ARN exempt): a stolen administrator session can't erase the backups.",
  covers: ["Backup: vault access policies deny deletion to all but the break-glass role"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      requireAccessPolicy: { type: "boolean", default: true, description: "false where the stack has no break-glass role (a dev stack that must tear down)." },
    },
  },
  check: (all, c) => {
    if (!c.requireAccessPolicy) return [];
    return vaultsOf(all).flatMap((vault): StackProblem[] => {
      const policies = all.filter((p) => p.type === VAULT_POLICY && refersTo(p, "backupVaultName", vault));
      const denied = new Set(
        policies
          .flatMap((p) => statements(getOr(p.props, ["policy"], undefined)))
          .filter((s) => s.Effect === "Deny" && deniesEveryone(s) && many<string>(s.Resource ?? "*").some((r) => r === "*" || /:backup-vault:/.test(r)))
          .flatMap((s) => many<string>(s.Action)),
      );
      const missing = VAULT_DENIED_ACTIONS.filter((a) => ![...denied].some((d) => iamPatternMatches(d, a)));
      if (missing.length === 0) return [];
      return [
        {
          message:
            policies.length === 0
              ? `${vault.name}: the vault has no access policy (aws.backup.VaultPolicy) denying ${VAULT_DENIED_ACTIONS.join(", ")} to every principal but the break-glass role`
              : `${vault.name}: its access policy must deny ${missing.join(", ")} to Principal "*" (only an exact break-glass role ARN may be exempt)`,
          urn: vault.urn,
        },
      ];
    });
  },
});

export const restoreTestingCoverage = stackRule<{ bucketNamePattern: string }>({
  name: "backup-restore-testing-covers-database-and-proofs",
  description: "A restore testing selection of a restore testing plan in the stack names every RDS instance and every proof bucket (by ARN), so their backups are proven restorable on a schedule.",
  covers: ["Backup: restore testing covers the database and the proofs"],
  enforcementLevel: "mandatory",
  configSchema: { properties: { bucketNamePattern } },
  check: (all, c) => {
    const plans = all.filter((r) => r.type === RESTORE_TESTING_PLAN);
    const selections = all.filter((s) => s.type === RESTORE_TESTING_SELECTION && plans.some((p) => refersTo(s, "restoreTestingPlanName", p) || getOr(s.props, ["restoreTestingPlanName"], "?") === getOr(p.props, ["name"], "!")));
    const re = new RegExp(c.bucketNamePattern);
    const targets = all.filter((r) => r.type === T.rdsInstance || (BUCKET_TYPES.includes(r.type) && re.test(r.name)));
    return targets.flatMap((target) => {
      const arn = getOr<string | undefined>(target.props, ["arn"], undefined);
      const type = target.type === T.rdsInstance ? "RDS" : "S3";
      const covered = selections.some(
        (s) =>
          getOr(s.props, ["protectedResourceType"], "") === type &&
          (s.propertyDependencies?.protectedResourceArns?.some((d) => d.urn === target.urn) || many<string>(plain(getOr(s.props, ["protectedResourceArns"], []))).some((a) => a === arn || a === "*")),
      );
      return covered ? [] : [{ message: `${target.name}: no restore testing selection (of a restore testing plan in the stack) names it; its backups are never test-restored`, urn: target.urn }];
    });
  },
});

export const recoveryPolicies: CredlinkPolicy[] = [
  proofObjectLock,
  proofLockDeny,
  backupPlanRetention,
  backupPlanContinuous,
  backupPlanDrCopy,
  backupVaultsLocked,
  backupVaultAccessPolicy,
  restoreTestingCoverage,
];
