/**
 * credlink:recovery:Backup: AWS Backup for the database and the proof bucket.
 *
 * - A vault encrypted with its own customer managed key (or `kmsKeyArn`), and in prod a second vault in the DR region
 *   with its own key, created through the DR provider.
 * - A plan: daily snapshots kept `dailyRetentionDays`, copied to the DR region's vault and, with `airGappedCopy`, to the
 *   logically air-gapped vault there too; and, when `continuousBackup` is on, a continuous rule (point-in-time restore
 *   for RDS and S3, at most 35 days: AWS Backup's cap). Two copies in the DR region, for two jobs: the DR vault's are
 *   restore-tested there on the primary's schedule and are what a failover stages from, under keys of this account;
 *   the air-gapped vault's are the ones nobody in this account can delete, not even with those keys.
 * - One selection naming the database and the bucket by ARN, under a role with exactly the AWS managed policies
 *   Backup needs to back up and restore, S3 included.
 * - Vault lock on both vaults with the minimum and maximum retention from `vaultLock`: governance mode without
 *   `vaultLock.changeableForDays` (a principal allowed `backup:DeleteBackupVaultLockConfiguration` can still remove it),
 *   compliance mode with it: after that many days (the cooling-off period, at least 3) the lock is immutable and no
 *   recovery point can be deleted before its retention ends, by anyone, the account root included.
 * - With `breakGlassRoleArn`, a vault access policy on every vault that denies deleting recovery points, shortening
 *   their lifecycle, deleting the vault, changing its access policy and changing or deleting its lock to every
 *   principal but the break-glass role.
 * - With `airGappedCopy`, a logically air-gapped vault in the DR region (`aws.backup.LogicallyAirGappedVault`): its
 *   recovery points are stored in an AWS Backup service-owned account under a compliance-mode lock AWS applies itself,
 *   encrypted with an AWS owned key, and it can be shared (AWS RAM) with a recovery account that restores from it even
 *   if this account is lost. AWS Backup developer guide, "Logically air-gapped vault"
 *   (https://docs.aws.amazon.com/aws-backup/latest/devguide/logicallyairgappedvault.html). An AWS owned key, not one of
 *   ours: a key of this account could be scheduled for deletion by whoever holds it, and the copies with it.
 *
 * Keys. The database key (`rds` via-service) and the proof key (`s3` via-service) already let any principal of this
 * account use them through RDS and S3, which is how Backup reaches them (RDS snapshots stay encrypted with the
 * database key; Backup reads S3 objects through S3), so neither needs a statement of its own. The vault keys let
 * this account use them through AWS Backup (S3 recovery points are encrypted with the vault key), and the DR key also
 * through RDS in the DR region (a cross-region RDS snapshot copy is re-encrypted there with the destination vault's key).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, awsContext } from "../lib/aws-context";
import { createKmsKey, KeyAdministrators, logsKeyStatement, viaServiceStatement } from "../lib/kms";
import { serviceTrustPolicy } from "../lib/iam";

/** The AWS managed policies of a Backup service role: backup and restore, and S3's own pair (AWS Backup developer guide, "IAM service roles"). */
export const BACKUP_MANAGED_POLICY_ARNS: readonly string[] = [
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
  "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
];

/** AWS Backup keeps continuous backups (point-in-time restore) for at most 35 days (AWS Backup developer guide, "Continuous backups"). */
export const MAX_CONTINUOUS_RETENTION_DAYS = 35;

/** Vault lock retention bounds AWS Backup accepts (API reference, PutBackupVaultLockConfiguration): 1 to 36500 days. */
export const VAULT_LOCK_MAX_DAYS = 36500;

/**
 * Backup vault names (API reference, CreateBackupVault, BackupVaultName): 2-50 characters, letters, digits, hyphens
 * and underscores. Autonaming adds "-" and 7 characters, so a logical name may have at most 42.
 */
export const BACKUP_VAULT_NAME_PATTERN = /^[A-Za-z0-9_-]{2,42}$/;

/** Backup rule schedules are cron expressions: `cron(<6 fields>)` (API reference, BackupRuleInput, ScheduleExpression). */
const CRON_PATTERN = /^cron\((\S+ ){5}\S+\)$/;

export interface BackupVaultLock {
  /** No recovery point in a locked vault may be kept for less (days, 1-36500). */
  readonly minRetentionDays: number;
  /** No recovery point in a locked vault may be kept for longer (days, 1-36500, at least minRetentionDays). */
  readonly maxRetentionDays: number;
  /**
   * Compliance mode: the lock becomes immutable this many days after it is set (API reference,
   * PutBackupVaultLockConfiguration, ChangeableForDays: at least 3, AWS Backup's 72-hour cooling-off period). Until then
   * it can be changed or deleted; after, nobody can. @default undefined (governance mode: never immutable)
   */
  readonly changeableForDays?: number;
}

/** The shortest compliance-mode cooling-off period AWS Backup accepts (ChangeableForDays, 72 hours). */
export const MIN_CHANGEABLE_FOR_DAYS = 3;

/**
 * What a vault's access policy denies to every principal but the break-glass role: deleting a recovery point or
 * shortening its lifecycle, deleting the vault, and replacing or removing the policy itself or the vault lock.
 * AWS Backup developer guide, "Vault access policies", "Deny access to delete recovery points"
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/create-a-vault-access-policy.html).
 */
export const VAULT_PROTECTED_ACTIONS = [
  "backup:DeleteRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:DeleteBackupVault",
  "backup:PutBackupVaultAccessPolicy",
  "backup:DeleteBackupVaultAccessPolicy",
  "backup:PutBackupVaultLockConfiguration",
  "backup:DeleteBackupVaultLockConfiguration",
] as const;

/** A vault's access policy: VAULT_PROTECTED_ACTIONS denied to every principal but the break-glass role's sessions. */
export function vaultAccessPolicyDocument(breakGlassRoleArn: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyDeletionAndUnlockingExceptBreakGlass",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: [...VAULT_PROTECTED_ACTIONS],
        Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": breakGlassRoleArn } },
      },
    ],
  };
}

export interface BackupDr {
  /** The DR region (credlink:dr.region); must differ from `region`. */
  readonly region: string;
  /** A provider for the DR region: the DR vault and its key are created through it. */
  readonly provider: pulumi.ProviderResource;
}

export interface BackupArgs {
  /** The primary region (the stack's aws:region), to check that the DR vault is elsewhere. */
  readonly region: string;
  /** The RDS instance to back up, by ARN. */
  readonly databaseArn: pulumi.Input<string>;
  /** The proof bucket to back up, by ARN (S3 backups need versioning, which the proof store has). */
  readonly bucketArn: pulumi.Input<string>;
  /** Days the daily snapshots (and their DR copies) are kept. @default 7 */
  readonly dailyRetentionDays?: number;
  /** When the daily backup starts, a Backup cron expression (UTC). @default "cron(0 5 * * ? *)" */
  readonly dailySchedule?: string;
  /** A continuous backup rule (point-in-time restore) for RDS and S3. @default false */
  readonly continuousBackup?: boolean;
  /** Days of point-in-time restore, 1-35. @default 35 */
  readonly continuousRetentionDays?: number;
  /** A second vault in the DR region that every daily snapshot is copied to. @default none */
  readonly dr?: BackupDr;
  /** Vault lock on both vaults, with these retention bounds (compliance mode with `changeableForDays`). @default none (no lock) */
  readonly vaultLock?: BackupVaultLock;
  /**
   * The account's break-glass role: every vault gets an access policy denying VAULT_PROTECTED_ACTIONS to everyone else.
   * @default undefined (no access policy: nobody could delete such a vault, or change its policy, again)
   */
  readonly breakGlassRoleArn?: string;
  /**
   * A logically air-gapped vault in the DR region that every daily snapshot is copied to (besides the DR vault),
   * locked between the `vaultLock` bounds. Needs `dr` and `vaultLock`. @default false
   */
  readonly airGappedCopy?: boolean;
  /** An existing customer managed key to use instead of creating one (for the primary vault). @default a key of its own */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * CloudWatch Logs log group names (primary region) that may encrypt with the primary vault's own key, so a small
   * log group (the FIS experiment log) needs no key of its own. Ignored with `kmsKeyArn`. @default []
   */
  readonly logGroupsUsingKey?: readonly string[];
  /** Deletion window of the vault keys, 7-30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** `protect`/`retainOnDelete` on the vaults and keys (prod). @default false */
  readonly protectData?: boolean;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
  /** The stack's permissions boundary, on every role this component creates. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
}

type Defaulted = "dailyRetentionDays" | "dailySchedule" | "continuousBackup" | "continuousRetentionDays" | "logGroupsUsingKey" | "keyDeletionWindowDays" | "protectData" | "airGappedCopy";
export type ResolvedBackupArgs = Omit<BackupArgs, Defaulted> & Required<Pick<BackupArgs, Defaulted>>;

/** Applies the documented defaults. The single place they live. */
export function resolveBackupArgs(args: BackupArgs): ResolvedBackupArgs {
  return {
    ...args,
    dailyRetentionDays: args.dailyRetentionDays ?? 7,
    dailySchedule: args.dailySchedule ?? "cron(0 5 * * ? *)",
    continuousBackup: args.continuousBackup ?? false,
    continuousRetentionDays: args.continuousRetentionDays ?? MAX_CONTINUOUS_RETENTION_DAYS,
    logGroupsUsingKey: args.logGroupsUsingKey ?? [],
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    protectData: args.protectData ?? false,
    airGappedCopy: args.airGappedCopy ?? false,
  };
}

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * Throws an Error naming the argument, the value and what is allowed. Retentions must fit inside the vault lock
 * (AWS refuses a backup whose lifecycle is outside the locked vault's bounds: the job fails, every night).
 */
export function validateBackupArgs(args: ResolvedBackupArgs): void {
  if (!isInt(args.dailyRetentionDays, 1, VAULT_LOCK_MAX_DAYS)) {
    throw new Error(`dailyRetentionDays must be an integer from 1 to ${VAULT_LOCK_MAX_DAYS}, got ${args.dailyRetentionDays}`);
  }
  if (!CRON_PATTERN.test(args.dailySchedule)) throw new Error(`dailySchedule must be a cron expression like "cron(0 5 * * ? *)", got "${args.dailySchedule}"`);
  if (!isInt(args.continuousRetentionDays, 1, MAX_CONTINUOUS_RETENTION_DAYS)) {
    throw new Error(`continuousRetentionDays must be an integer from 1 to ${MAX_CONTINUOUS_RETENTION_DAYS} (AWS Backup's cap on point-in-time restore), got ${args.continuousRetentionDays}`);
  }
  if (!isInt(args.keyDeletionWindowDays, 7, 30)) throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  if (args.dr && args.dr.region === args.region) {
    throw new Error(`dr.region must differ from region "${args.region}": a DR vault in the primary region survives nothing a regional outage does, got "${args.dr.region}"`);
  }
  if (args.airGappedCopy && (args.dr === undefined || args.vaultLock === undefined)) {
    throw new Error(`airGappedCopy needs dr and vaultLock: the air-gapped vault lives in the DR region and is locked between the vault lock's bounds, got dr ${args.dr ? "set" : "unset"} and vaultLock ${args.vaultLock ? "set" : "unset"}`);
  }
  if (args.breakGlassRoleArn !== undefined && !/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/(?:[\x21-\x7e]{1,510}\/)?[\w+=,.@-]{1,64}$/.test(args.breakGlassRoleArn)) {
    throw new Error(`breakGlassRoleArn must be an IAM role ARN like "arn:aws:iam::123456789012:role/credlink-break-glass", got "${args.breakGlassRoleArn}"`);
  }
  const lock = args.vaultLock;
  if (lock) {
    if (!isInt(lock.minRetentionDays, 1, VAULT_LOCK_MAX_DAYS)) throw new Error(`vaultLock.minRetentionDays must be an integer from 1 to ${VAULT_LOCK_MAX_DAYS}, got ${lock.minRetentionDays}`);
    if (!isInt(lock.maxRetentionDays, lock.minRetentionDays, VAULT_LOCK_MAX_DAYS)) {
      throw new Error(`vaultLock.maxRetentionDays must be an integer from vaultLock.minRetentionDays (${lock.minRetentionDays}) to ${VAULT_LOCK_MAX_DAYS}, got ${lock.maxRetentionDays}`);
    }
    if (lock.changeableForDays !== undefined && !isInt(lock.changeableForDays, MIN_CHANGEABLE_FOR_DAYS, VAULT_LOCK_MAX_DAYS)) {
      throw new Error(
        `vaultLock.changeableForDays must be an integer from ${MIN_CHANGEABLE_FOR_DAYS} (AWS Backup's 72-hour cooling-off period) to ${VAULT_LOCK_MAX_DAYS}, got ${lock.changeableForDays}`,
      );
    }
    const retentions: [string, number][] = [["dailyRetentionDays", args.dailyRetentionDays]];
    if (args.continuousBackup) retentions.push(["continuousRetentionDays", args.continuousRetentionDays]);
    for (const [arg, days] of retentions) {
      if (days < lock.minRetentionDays || days > lock.maxRetentionDays) {
        throw new Error(
          `${arg} must be within the vault lock's retention, ${lock.minRetentionDays} to ${lock.maxRetentionDays} days (vaultLock.minRetentionDays and vaultLock.maxRetentionDays): a locked vault refuses the recovery point, got ${days}`,
        );
      }
    }
  }
}

/** The trust policy of the Backup role: backup.amazonaws.com, for this account only (confused-deputy guard). */
export function backupTrustPolicy(ctx: AwsContext): pulumi.Output<string> {
  return serviceTrustPolicy("backup.amazonaws.com", ctx);
}

export class Backup extends pulumi.ComponentResource {
  public readonly vaultName: pulumi.Output<string>;
  public readonly vaultArn: pulumi.Output<string>;
  /** The primary vault's key (its own, or `kmsKeyArn`). */
  public readonly keyArn: pulumi.Output<string>;
  /** Whether `keyArn` is the vault's own key (so `logGroupsUsingKey` may use it). */
  public readonly ownsKey: boolean;
  public readonly drVaultArn: pulumi.Output<string> | undefined;
  public readonly drKeyArn: pulumi.Output<string> | undefined;
  /** The logically air-gapped vault in the DR region, with `airGappedCopy`. */
  public readonly airGappedVaultArn: pulumi.Output<string> | undefined;
  /**
   * The role Backup (and restore testing) assumes. It resolves only once the role's four policies are attached, so a
   * selection that names it (restore testing's) waits for them: AWS Backup uses the role as soon as a job starts.
   */
  public readonly roleArn: pulumi.Output<string>;
  public readonly planId: pulumi.Output<string>;
  /** What the plan does, as numbers, for the plan tool's RPO/RTO (`recovery` output). */
  public readonly summary: {
    readonly dailyRetentionDays: number;
    readonly continuousRetentionDays: number | undefined;
    readonly drRegion: string | undefined;
    readonly vaultLock: BackupVaultLock | undefined;
    /** "compliance" (changeableForDays set), "governance", or undefined (no lock). */
    readonly vaultLockMode: "compliance" | "governance" | undefined;
    readonly airGappedCopy: boolean;
    /** Whether the vaults carry the access policy that reserves deletion to the break-glass role. */
    readonly accessPolicies: boolean;
  };

  constructor(name: string, args: BackupArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:recovery:Backup", name, {}, opts);
    if (!BACKUP_VAULT_NAME_PATTERN.test(name)) {
      throw new Error(`name must be 2-42 letters, digits, '-' or '_' (a Backup vault name, with autonaming's 8 characters, is at most 50), got "${name}"`);
    }
    const resolved = resolveBackupArgs(args);
    validateBackupArgs(resolved);
    const ctx = awsContext(this);
    const protect = resolved.protectData;

    const keyArn = resolved.kmsKeyArn !== undefined ? pulumi.output(resolved.kmsKeyArn) : this.createVaultKey(name, resolved, ctx).arn;
    const vault = new aws.backup.Vault(name, { kmsKeyArn: keyArn, forceDestroy: !protect }, { parent: this, protect, retainOnDelete: protect });
    this.protectVault(name, vault.name, resolved, resolved.vaultLock ? this.lockVault(name, vault, resolved.vaultLock) : undefined);
    const drVault = resolved.dr ? this.createDrVault(`${name}-dr`, resolved, resolved.dr) : undefined;
    const airGapped = resolved.airGappedCopy && resolved.dr && resolved.vaultLock ? this.createAirGappedVault(`${name}-air-gapped`, resolved, resolved.dr, resolved.vaultLock) : undefined;

    const { role, attachments } = this.createRole(name, ctx, resolved.permissionsBoundary);
    // Each daily recovery point is copied to the DR vault (restore-tested there, a failover's staging vault) and to the
    // air-gapped vault (the copy nobody in this account can delete).
    const plan = this.createPlan(name, resolved, vault, [drVault?.vault.arn, airGapped?.arn].filter((arn): arn is pulumi.Output<string> => arn !== undefined));
    new aws.backup.Selection(
      name,
      { name: `${name}-data`, planId: plan.id, iamRoleArn: role.arn, resources: [resolved.databaseArn, resolved.bucketArn] },
      // The first scheduled job runs as the role: its policies must be attached by then (and before any job starts).
      { parent: this, dependsOn: attachments },
    );

    this.vaultName = vault.name;
    this.vaultArn = vault.arn;
    this.keyArn = keyArn;
    this.ownsKey = resolved.kmsKeyArn === undefined;
    this.drVaultArn = drVault?.vault.arn;
    this.drKeyArn = drVault?.keyArn;
    this.airGappedVaultArn = airGapped?.arn;
    // Carries the attachments as dependencies (see the property's doc); the value is the role's ARN.
    this.roleArn = pulumi.all([role.arn, ...attachments.map((a) => a.id)]).apply(([arn]) => arn);
    this.planId = plan.id;
    this.summary = {
      dailyRetentionDays: resolved.dailyRetentionDays,
      continuousRetentionDays: resolved.continuousBackup ? resolved.continuousRetentionDays : undefined,
      drRegion: resolved.dr?.region,
      vaultLock: resolved.vaultLock,
      vaultLockMode: resolved.vaultLock === undefined ? undefined : resolved.vaultLock.changeableForDays === undefined ? "governance" : "compliance",
      airGappedCopy: airGapped !== undefined,
      accessPolicies: resolved.breakGlassRoleArn !== undefined,
    };
    this.registerOutputs({
      vaultArn: this.vaultArn,
      keyArn: this.keyArn,
      drVaultArn: this.drVaultArn,
      airGappedVaultArn: this.airGappedVaultArn,
      roleArn: this.roleArn,
      planId: this.planId,
    });
  }

  /** The primary vault's key: this account through AWS Backup, plus CloudWatch Logs for the named log groups. */
  private createVaultKey(name: string, args: ResolvedBackupArgs, ctx: AwsContext): aws.kms.Key {
    const statements = [viaServiceStatement("AllowBackupInThisAccount", [pulumi.interpolate`backup.${ctx.region}.amazonaws.com`], ctx)];
    if (args.logGroupsUsingKey.length > 0) statements.push(logsKeyStatement(args.logGroupsUsingKey, ctx));
    const { key } = createKmsKey(
      `${name}-vault`,
      {
        description: `CredLink ${name}: encrypts the AWS Backup vault${args.logGroupsUsingKey.length > 0 ? " and the FIS experiment log" : ""}`,
        deletionWindowInDays: args.keyDeletionWindowDays,
        statements,
        administrators: args.keyAdministrators,
      },
      ctx,
      this,
      { protect: args.protectData },
    );
    return key;
  }

  /** The DR vault and its own key, in the DR region: this account through AWS Backup and RDS there. */
  private createDrVault(name: string, args: ResolvedBackupArgs, dr: BackupDr) {
    const drCtx: AwsContext = { ...awsContext(this), region: pulumi.output(dr.region) };
    const { key } = createKmsKey(
      `${name}-vault`,
      {
        description: `CredLink ${name}: encrypts the AWS Backup DR vault (copies of the daily snapshots)`,
        deletionWindowInDays: args.keyDeletionWindowDays,
        statements: [viaServiceStatement("AllowBackupAndRdsInThisAccount", [`backup.${dr.region}.amazonaws.com`, `rds.${dr.region}.amazonaws.com`], drCtx)],
        administrators: args.keyAdministrators,
      },
      drCtx,
      this,
      { provider: dr.provider, protect: args.protectData },
    );
    const vault = new aws.backup.Vault(
      name,
      { kmsKeyArn: key.arn, forceDestroy: !args.protectData },
      { parent: this, provider: dr.provider, protect: args.protectData, retainOnDelete: args.protectData },
    );
    this.protectVault(name, vault.name, args, args.vaultLock ? this.lockVault(name, vault, args.vaultLock, dr.provider) : undefined, dr.provider);
    return { vault, keyArn: key.arn };
  }

  /**
   * The air-gapped vault in the DR region: AWS locks it in compliance mode between these bounds itself (so it takes no
   * VaultLockConfiguration of ours), and its recovery points live in an AWS Backup service-owned account. Protected
   * like the other vaults, and given the same access policy. A copy of an RDS snapshot must be encrypted with a
   * customer managed key to enter it (the database's key is one); S3 recovery points are re-encrypted by AWS Backup.
   */
  private createAirGappedVault(name: string, args: ResolvedBackupArgs, dr: BackupDr, lock: BackupVaultLock): aws.backup.LogicallyAirGappedVault {
    const vault = new aws.backup.LogicallyAirGappedVault(
      name,
      { minRetentionDays: lock.minRetentionDays, maxRetentionDays: lock.maxRetentionDays },
      { parent: this, provider: dr.provider, protect: args.protectData, retainOnDelete: args.protectData },
    );
    this.protectVault(name, vault.name, args, undefined, dr.provider);
    return vault;
  }

  /**
   * The vault lock: governance mode without `changeableForDays`; compliance mode with it (immutable that many days after
   * it is set). Replaced by deleting first: created first, the new lock would be removed with the old one's delete.
   * After the lock date a compliance lock can't change at all: a change to its bounds then fails the `up`.
   */
  private lockVault(name: string, vault: aws.backup.Vault, lock: BackupVaultLock, provider?: pulumi.ProviderResource): aws.backup.VaultLockConfiguration {
    return new aws.backup.VaultLockConfiguration(
      name,
      {
        backupVaultName: vault.name,
        minRetentionDays: lock.minRetentionDays,
        maxRetentionDays: lock.maxRetentionDays,
        ...(lock.changeableForDays === undefined ? {} : { changeableForDays: lock.changeableForDays }),
      },
      { parent: this, provider, deleteBeforeReplace: true },
    );
  }

  /**
   * The vault's access policy (with a break-glass role): VAULT_PROTECTED_ACTIONS denied to everyone else. After the
   * lock, since the policy denies further lock changes. Only the break-glass role can create or change it (the deploy
   * role is denied PutBackupVaultAccessPolicy), so the first `up` that adds it runs as that role.
   */
  private protectVault(name: string, vaultName: pulumi.Input<string>, args: ResolvedBackupArgs, lock: aws.backup.VaultLockConfiguration | undefined, provider?: pulumi.ProviderResource): void {
    if (args.breakGlassRoleArn === undefined) return;
    new aws.backup.VaultPolicy(
      name,
      { backupVaultName: vaultName, policy: JSON.stringify(vaultAccessPolicyDocument(args.breakGlassRoleArn)) },
      { parent: this, provider, dependsOn: lock ? [lock] : [] },
    );
  }

  /** The role Backup assumes: exactly the four AWS managed policies. */
  private createRole(name: string, ctx: AwsContext, permissionsBoundary: pulumi.Input<string> | undefined): { role: aws.iam.Role; attachments: aws.iam.RolePolicyAttachment[] } {
    const role = new aws.iam.Role(
      name,
      { description: "AWS Backup: back up and restore the database and the proof bucket", assumeRolePolicy: backupTrustPolicy(ctx), permissionsBoundary },
      { parent: this },
    );
    const roles = ["backup", "restores", "s3-backup", "s3-restore"];
    const attachments = BACKUP_MANAGED_POLICY_ARNS.map((policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-${roles[i]}`, { role: role.name, policyArn }, { parent: this }));
    return { role, attachments };
  }

  /** Daily snapshots (copied to each of `copyVaultArns`: the DR vault, the air-gapped vault), and the continuous rule when asked for. */
  private createPlan(name: string, args: ResolvedBackupArgs, vault: aws.backup.Vault, copyVaultArns: readonly pulumi.Output<string>[]): aws.backup.Plan {
    const daily: aws.types.input.backup.PlanRule = {
      ruleName: "daily",
      targetVaultName: vault.name,
      schedule: args.dailySchedule,
      startWindow: 60,
      completionWindow: 180,
      lifecycle: { deleteAfter: args.dailyRetentionDays },
      // A rule may carry several copy actions, each copying the recovery point once (API reference, BackupRuleInput, CopyActions).
      ...(copyVaultArns.length ? { copyActions: copyVaultArns.map((destinationVaultArn) => ({ destinationVaultArn, lifecycle: { deleteAfter: args.dailyRetentionDays } })) } : {}),
    };
    const rules = [daily];
    if (args.continuousBackup) {
      rules.push({
        ruleName: "continuous",
        targetVaultName: vault.name,
        schedule: args.dailySchedule,
        enableContinuousBackup: true,
        startWindow: 60,
        completionWindow: 180,
        lifecycle: { deleteAfter: args.continuousRetentionDays },
      });
    }
    return new aws.backup.Plan(name, { name, rules }, { parent: this });
  }
}
