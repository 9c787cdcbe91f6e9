/**
 * credlink:recovery:Backup: AWS Backup for the database and the proof bucket.
 *
 * - A vault encrypted with its own customer managed key (or `kmsKeyArn`), and in prod a second vault in the DR region
 *   with its own key, created through the DR provider.
 * - A plan: daily snapshots kept `dailyRetentionDays`, copied to the DR vault when there is one; and, when
 *   `continuousBackup` is on, a continuous rule (point-in-time restore for RDS and S3, at most 35 days: AWS Backup's cap).
 * - One selection naming the database and the bucket by ARN, under a role with exactly the AWS managed policies
 *   Backup needs to back up and restore, S3 included.
 * - Vault lock in governance mode (no `changeableForDays`, so the lock can still be removed by a principal allowed
 *   `backup:DeleteBackupVaultLockConfiguration`) with the minimum and maximum retention from `vaultLock`.
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
import { createKmsKey, logsKeyStatement, viaServiceStatement } from "../lib/kms";
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
  /** Vault lock (governance mode) on both vaults, with these retention bounds. @default none (no lock) */
  readonly vaultLock?: BackupVaultLock;
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
  /** The stack's permissions boundary, on every role this component creates. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
}

type Defaulted = "dailyRetentionDays" | "dailySchedule" | "continuousBackup" | "continuousRetentionDays" | "logGroupsUsingKey" | "keyDeletionWindowDays" | "protectData";
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
  const lock = args.vaultLock;
  if (lock) {
    if (!isInt(lock.minRetentionDays, 1, VAULT_LOCK_MAX_DAYS)) throw new Error(`vaultLock.minRetentionDays must be an integer from 1 to ${VAULT_LOCK_MAX_DAYS}, got ${lock.minRetentionDays}`);
    if (!isInt(lock.maxRetentionDays, lock.minRetentionDays, VAULT_LOCK_MAX_DAYS)) {
      throw new Error(`vaultLock.maxRetentionDays must be an integer from vaultLock.minRetentionDays (${lock.minRetentionDays}) to ${VAULT_LOCK_MAX_DAYS}, got ${lock.maxRetentionDays}`);
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
    const drVault = resolved.dr ? this.createDrVault(`${name}-dr`, resolved, resolved.dr) : undefined;
    if (resolved.vaultLock) this.lockVault(name, vault, resolved.vaultLock);

    const { role, attachments } = this.createRole(name, ctx, resolved.permissionsBoundary);
    const plan = this.createPlan(name, resolved, vault, drVault?.vault);
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
    // Carries the attachments as dependencies (see the property's doc); the value is the role's ARN.
    this.roleArn = pulumi.all([role.arn, ...attachments.map((a) => a.id)]).apply(([arn]) => arn);
    this.planId = plan.id;
    this.summary = {
      dailyRetentionDays: resolved.dailyRetentionDays,
      continuousRetentionDays: resolved.continuousBackup ? resolved.continuousRetentionDays : undefined,
      drRegion: resolved.dr?.region,
      vaultLock: resolved.vaultLock,
    };
    this.registerOutputs({ vaultArn: this.vaultArn, keyArn: this.keyArn, drVaultArn: this.drVaultArn, roleArn: this.roleArn, planId: this.planId });
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
    if (args.vaultLock) this.lockVault(name, vault, args.vaultLock, dr.provider);
    return { vault, keyArn: key.arn };
  }

  /** Governance mode: no changeableForDays, so the lock never becomes immutable (compliance mode). */
  private lockVault(name: string, vault: aws.backup.Vault, lock: BackupVaultLock, provider?: pulumi.ProviderResource): void {
    new aws.backup.VaultLockConfiguration(
      name,
      { backupVaultName: vault.name, minRetentionDays: lock.minRetentionDays, maxRetentionDays: lock.maxRetentionDays },
      { parent: this, provider },
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

  /** Daily snapshots (copied to the DR vault), and the continuous rule when asked for. */
  private createPlan(name: string, args: ResolvedBackupArgs, vault: aws.backup.Vault, drVault: aws.backup.Vault | undefined): aws.backup.Plan {
    const daily: aws.types.input.backup.PlanRule = {
      ruleName: "daily",
      targetVaultName: vault.name,
      schedule: args.dailySchedule,
      startWindow: 60,
      completionWindow: 180,
      lifecycle: { deleteAfter: args.dailyRetentionDays },
      ...(drVault ? { copyActions: [{ destinationVaultArn: drVault.arn, lifecycle: { deleteAfter: args.dailyRetentionDays } }] } : {}),
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
