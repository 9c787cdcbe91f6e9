import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, awsContext } from "../lib/aws-context";
import {
  attachSecureBucketPolicy,
  createAccessLogBucket,
  createSecureBucketWithoutPolicy,
  denyEncryptionChangesStatement,
  denyObjectAccessStatement,
  denyRetentionChangesStatement,
  evidenceWriteStatements,
  OBJECT_LOCK_MODES,
  RoleMatch,
  ObjectLockMode,
  UnattachedSecureBucket,
} from "../lib/bucket";
import { createKmsKey, KeyAdministrators, PolicyStatement, viaServiceStatement } from "../lib/kms";
import { serviceTrustPolicy } from "../lib/iam";

/** The id of the proof bucket's replication rule: the `RuleId` dimension of its replication metrics. */
export const REPLICATION_RULE_ID = "proofs-to-dr";

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** An IAM role ARN (IAM API reference, Role: path `/` or `/.../`, name 1-64 of `[\w+=,.@-]`). */
const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/(?:[\x21-\x7e]{1,510}\/)?[\w+=,.@-]{1,64}$/;

/**
 * The roles that act on the proofs' objects, named by the stack once they exist (the app's task role and the R2 copy's
 * function are created after the proof store, from its outputs, so the stack passes these as promises it resolves
 * later). Everyone else (administrators and the deploy role included) is denied every object action.
 */
export interface ProofObjectAccess {
  /** Roles that read and write proofs through their own IAM policies: the app's task role, the R2 copy's function. */
  readonly roleArns: readonly pulumi.Input<string>[];
  /**
   * AWS Backup's role: backs the bucket up, and restores into it. Its restores write without the conditional header,
   * so it is exempt from the write rules (a restore adds new versions; Object Lock keeps every locked one).
   * @default undefined (no Backup role)
   */
  readonly backupRoleArn?: pulumi.Input<string>;
}

/**
 * Who may act on the replica's objects, by IAM role name prefix: the roles are autonamed (`<logical name>-<7
 * characters>`), and a failover stack that adopts the replica must write the same policy without knowing the primary's
 * role ARNs, nor the primary its own. Each prefix ends with `-`, and becomes `arn:<partition>:iam::<account>:role/<prefix>*`.
 */
export interface ReplicaObjectAccess {
  /** Every role allowed object actions: the primary's replication and Backup roles, a failover stack's task and Backup roles. */
  readonly rolePrefixes: readonly string[];
  /** Of those, AWS Backup's: exempt from the write rules (a restore writes without the conditional header). */
  readonly backupRolePrefixes: readonly string[];
}

/** Where the proof store keeps its disaster-recovery copy. */
export interface ProofStoreReplicationArgs {
  /** The DR region, e.g. `us-west-2`. Must not be the primary region. */
  readonly region: string;
  /** An aws provider for `region`; the replica bucket, its key and its log bucket are created through it. */
  readonly provider: pulumi.ProviderResource;
}

/**
 * An existing proof replica this store adopts instead of creating a bucket: a failover stack, in the DR region, serving
 * the primary's replica. Every resource of the bucket and of its access logs is imported as it exists.
 */
export interface ProofStoreAdoptArgs {
  /** The replica bucket's name (the primary's `replicaBucketName`). */
  readonly bucketName: string;
  /** Its access-log bucket's name. */
  readonly logBucketName: string;
  /** The key that encrypts it (the primary's `replicaKeyArn`): the service encrypts and decrypts with it. */
  readonly keyArn: pulumi.Input<string>;
}

export interface ProofStoreArgs {
  /** Days after an object version becomes noncurrent before it moves to STANDARD_IA (S3's minimum is 30). @default 30 */
  readonly noncurrentTransitionDays?: number;
  /** Days after an object version becomes noncurrent before it is deleted. @default 365 */
  readonly noncurrentExpirationDays?: number;
  /** Days before an incomplete multipart upload is aborted and its parts deleted. @default 7 */
  readonly abortIncompleteUploadDays?: number;
  /** Days the server access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
  /**
   * Object Lock default retention in days, GOVERNANCE mode: no version can be overwritten or deleted for that long
   * except by a principal holding `s3:BypassGovernanceRetention`. Unset leaves Object Lock off. Object Lock can only
   * be chosen when the bucket is created: changing it replaces the bucket (which `protectData` blocks).
   * @default undefined (off)
   */
  readonly objectLockRetentionDays?: number;
  /**
   * The Object Lock mode, with `objectLockRetentionDays`. GOVERNANCE: only the break-glass role may bypass or loosen
   * retention (the bucket policy denies everyone else). COMPLIANCE: nobody, the account root included, can shorten or
   * remove a version's retention until it expires; irreversible for the retention period. @default "GOVERNANCE"
   */
  readonly objectLockMode?: ObjectLockMode;
  /**
   * The one IAM role exempt from the locked buckets' deny on `s3:BypassGovernanceRetention`,
   * `s3:PutBucketObjectLockConfiguration`, `s3:PutLifecycleConfiguration` and `s3:PutEncryptionConfiguration`. Without
   * it nobody is exempt: a lifecycle change then needs this role set first. @default undefined (no exemption)
   */
  readonly breakGlassRoleArn?: string;
  /**
   * The roles allowed to act on the proofs' objects (the replication role is added here); every other principal is
   * denied every object action on both buckets. Each ARN may be a promise: the stack names roles made after the proof
   * store. @default undefined (no object allowlist: the write rules still apply)
   */
  readonly objectAccess?: ProofObjectAccess;
  /** Cross-region replication of every new object version to a bucket in another region. @default undefined (none) */
  readonly replication?: ProofStoreReplicationArgs;
  /**
   * Protects the data: `protect` + `retainOnDelete` on the buckets and keys, and no `forceDestroy`. Set false only
   * for throwaway environments. @default true
   */
  readonly protectData?: boolean;
  /** Deletion window of the KMS keys, 7–30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /**
   * An existing customer managed key to use instead of creating one for the proof bucket (the stack's shared key,
   * `credlink:kms.keyPerStore: false`): its policy must let S3 (kms:ViaService) use it. The DR replica, in another
   * region, always gets a key of its own there (a KMS key is regional). @default undefined (the component creates its own key)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
  /** The stack's permissions boundary, on every role this component creates. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
  /**
   * Adopt an existing replica instead of creating the bucket (a failover stack): imported with the same settings the
   * primary gave it (the Object Lock, the lifecycle and the policy unchanged), never replicated again. @default undefined (create)
   */
  readonly adopt?: ProofStoreAdoptArgs;
  /**
   * Who may act on the replica's objects, by role name prefix (see ReplicaObjectAccess); the same for an adopted
   * replica, whose policy must come out as the primary wrote it. @default undefined (no object allowlist on the replica:
   * the write rules still apply)
   */
  readonly replicaAccess?: ReplicaObjectAccess;
}

/** ProofStoreArgs with every default applied. */
export interface ResolvedProofStoreArgs {
  readonly noncurrentTransitionDays: number;
  readonly noncurrentExpirationDays: number;
  readonly abortIncompleteUploadDays: number;
  readonly accessLogRetentionDays: number;
  readonly objectLockRetentionDays: number | undefined;
  readonly objectLockMode: ObjectLockMode;
  readonly breakGlassRoleArn: string | undefined;
  readonly replication: ProofStoreReplicationArgs | undefined;
  readonly protectData: boolean;
  readonly keyDeletionWindowDays: number;
  readonly objectAccess: ProofObjectAccess | undefined;
  readonly keyAdministrators: KeyAdministrators | undefined;
  readonly adopt: ProofStoreAdoptArgs | undefined;
  readonly replicaAccess: ReplicaObjectAccess | undefined;
}

/** Applies the documented defaults. The single place they live. */
export function resolveProofStoreArgs(args: ProofStoreArgs): ResolvedProofStoreArgs {
  return {
    noncurrentTransitionDays: args.noncurrentTransitionDays ?? 30,
    noncurrentExpirationDays: args.noncurrentExpirationDays ?? 365,
    abortIncompleteUploadDays: args.abortIncompleteUploadDays ?? 7,
    accessLogRetentionDays: args.accessLogRetentionDays ?? 90,
    objectLockRetentionDays: args.objectLockRetentionDays,
    objectLockMode: args.objectLockMode ?? "GOVERNANCE",
    breakGlassRoleArn: args.breakGlassRoleArn,
    replication: args.replication,
    protectData: args.protectData ?? true,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    objectAccess: args.objectAccess,
    keyAdministrators: args.keyAdministrators,
    adopt: args.adopt,
    replicaAccess: args.replicaAccess,
  };
}

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** Validates the arguments; throws an Error naming the argument, the value and what is allowed. Pure and synchronous. */
export function validateProofStoreArgs(args: ResolvedProofStoreArgs): void {
  if (!isInt(args.noncurrentTransitionDays, 30, 3650)) {
    throw new Error(`noncurrentTransitionDays must be an integer from 30 (S3's minimum for STANDARD_IA) to 3650, got ${args.noncurrentTransitionDays}`);
  }
  if (!isInt(args.noncurrentExpirationDays, 1, 36500) || args.noncurrentExpirationDays <= args.noncurrentTransitionDays) {
    throw new Error(
      `noncurrentExpirationDays must be an integer greater than noncurrentTransitionDays (${args.noncurrentTransitionDays}), got ${args.noncurrentExpirationDays}`,
    );
  }
  if (!isInt(args.abortIncompleteUploadDays, 1, 365)) {
    throw new Error(`abortIncompleteUploadDays must be an integer from 1 to 365, got ${args.abortIncompleteUploadDays}`);
  }
  if (!isInt(args.accessLogRetentionDays, 1, 36500)) {
    throw new Error(`accessLogRetentionDays must be an integer of at least 1, got ${args.accessLogRetentionDays}`);
  }
  const lock = args.objectLockRetentionDays;
  if (lock !== undefined) {
    if (!isInt(lock, 1, 36500)) {
      throw new Error(`objectLockRetentionDays must be an integer of at least 1, got ${lock}`);
    }
    if (args.noncurrentExpirationDays < lock) {
      throw new Error(
        `noncurrentExpirationDays must be at least objectLockRetentionDays (${lock}): locked versions cannot expire earlier, got ${args.noncurrentExpirationDays}`,
      );
    }
  }
  if (!(OBJECT_LOCK_MODES as readonly string[]).includes(args.objectLockMode)) {
    throw new Error(`objectLockMode must be one of ${OBJECT_LOCK_MODES.map((m) => `"${m}"`).join(" | ")}, got "${String(args.objectLockMode)}"`);
  }
  if (args.breakGlassRoleArn !== undefined && !IAM_ROLE_ARN.test(args.breakGlassRoleArn)) {
    throw new Error(
      `breakGlassRoleArn must be an IAM role ARN like "arn:aws:iam::123456789012:role/credlink-break-glass", got "${args.breakGlassRoleArn}"`,
    );
  }
  if (args.replication && !REGION_PATTERN.test(args.replication.region)) {
    throw new Error(`replication.region must be an AWS region name like "us-west-2", got "${args.replication.region}"`);
  }
  if (!isInt(args.keyDeletionWindowDays, 7, 30)) {
    throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  }
  if (args.adopt) validateAdopt(args);
  if (args.replicaAccess) validateReplicaAccess(args.replicaAccess);
}

/** A role name prefix: IAM role-name characters, ending with the `-` autonaming puts before its suffix (at most 56: 64 less 8). */
const ROLE_NAME_PREFIX = /^[\w+=,.@-]{1,55}-$/;

/** Prefixes that name roles, and Backup's among them (an exemption from the write rules for a role with no object access means nothing). */
function validateReplicaAccess(access: ReplicaObjectAccess): void {
  if (access.rolePrefixes.length === 0) throw new Error("replicaAccess.rolePrefixes must name at least one role prefix: an empty allowlist denies every object action, replication's included");
  for (const prefix of access.rolePrefixes) {
    if (!ROLE_NAME_PREFIX.test(prefix)) throw new Error(`replicaAccess.rolePrefixes must be IAM role-name prefixes ending with "-" (at most 56 characters), got "${prefix}"`);
  }
  const stray = access.backupRolePrefixes.filter((p) => !access.rolePrefixes.includes(p));
  if (stray.length) throw new Error(`replicaAccess.backupRolePrefixes must each be one of rolePrefixes, got ${stray.map((p) => `"${p}"`).join(", ")}`);
}

/** S3 bucket names (S3 user guide, "General purpose bucket naming rules"): 3-63 of `a-z0-9.-`, a letter or digit at each end. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** An adopted replica: two valid bucket names, and no replication (it would be a replica of the replica). */
function validateAdopt(args: ResolvedProofStoreArgs): void {
  const adopt = args.adopt as ProofStoreAdoptArgs;
  for (const [arg, value] of [["adopt.bucketName", adopt.bucketName], ["adopt.logBucketName", adopt.logBucketName]] as const) {
    if (!BUCKET_NAME.test(value) || value.includes("..")) throw new Error(`${arg} must be an S3 bucket name (3-63 lowercase letters, digits, "." or "-"), got "${value}"`);
  }
  if (adopt.bucketName === adopt.logBucketName) throw new Error(`adopt.logBucketName must differ from adopt.bucketName (a bucket never logs into itself), got "${adopt.logBucketName}"`);
  if (args.replication) throw new Error("replication must be left out with adopt: the adopted bucket is already the replica, and replicating it again doubles the copies");
}

/** Lifecycle rules of a proof bucket (primary and replica). */
function proofLifecycle(args: ResolvedProofStoreArgs): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
  return [
    {
      id: "noncurrent-versions",
      status: "Enabled",
      filter: {},
      noncurrentVersionTransitions: [{ noncurrentDays: args.noncurrentTransitionDays, storageClass: "STANDARD_IA" }],
      noncurrentVersionExpiration: { noncurrentDays: args.noncurrentExpirationDays },
    },
    {
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: {},
      abortIncompleteMultipartUpload: { daysAfterInitiation: args.abortIncompleteUploadDays },
    },
  ];
}

/**
 * The policy statements of a proof bucket (the record) or its replica, after the TLS-only one; pure, so the DR stack
 * that adopts the replica can build the same policy:
 * - locked (Object Lock on): the deny on bypassing or loosening retention and on changing the default encryption, to
 *   everyone but the break-glass role;
 * - the write rules (evidenceWriteStatements): only `keyArn`, SSE-KMS, and conditional writes, for everyone but Backup;
 * - with `objectRoleArns`: every object action denied to everyone else.
 */
export function proofBucketPolicyStatements(args: {
  readonly bucketArn: pulumi.Input<string>;
  readonly keyArn: pulumi.Input<string>;
  readonly locked: boolean;
  readonly breakGlassRoleArn?: string;
  /** The roles allowed object actions; undefined: no allowlist. */
  readonly objectRoleArns?: pulumi.Input<pulumi.Input<string>[]>;
  /** Exempt from the write rules (AWS Backup's restores). */
  readonly backupRoleArns?: readonly pulumi.Input<string>[];
  /** How the role ARNs match: exact, or ARN patterns (the replica's). @default "ArnNotEquals" */
  readonly match?: RoleMatch;
}): PolicyStatement[] {
  const match = args.match ?? "ArnNotEquals";
  return [
    ...(args.locked ? [denyRetentionChangesStatement(args.bucketArn, args.breakGlassRoleArn), denyEncryptionChangesStatement(args.bucketArn, args.breakGlassRoleArn)] : []),
    ...evidenceWriteStatements(args.bucketArn, { keyArn: args.keyArn, exemptRoleArns: args.backupRoleArns ?? [], match }),
    ...(args.objectRoleArns === undefined ? [] : [denyObjectAccessStatement(args.bucketArn, args.objectRoleArns, match)]),
  ];
}

/** The ARN pattern of the autonamed roles named `<prefix><suffix>` in this account (IAM's default path). */
const roleArnPattern = (prefix: string, ctx: AwsContext) => pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:role/${prefix}*`;

/**
 * The replica's policy (the DR copy, or the same bucket adopted by a failover stack), from names alone: the lock's
 * denies, the write rules with the replica's key (Backup's roles exempt), and, with `replicaAccess`, every object action
 * denied to all but the roles named by prefix (`ArnNotLike`). Both stacks derive it alike, so the failover stack's import
 * of the policy changes nothing.
 */
export function replicaPolicyStatements(bucketArn: pulumi.Input<string>, keyArn: pulumi.Input<string>, args: ResolvedProofStoreArgs, ctx: AwsContext): PolicyStatement[] {
  const access = args.replicaAccess;
  return proofBucketPolicyStatements({
    bucketArn,
    keyArn,
    locked: args.objectLockRetentionDays !== undefined,
    breakGlassRoleArn: args.breakGlassRoleArn,
    objectRoleArns: access === undefined ? undefined : access.rolePrefixes.map((p) => roleArnPattern(p, ctx)),
    backupRoleArns: (access?.backupRolePrefixes ?? []).map((p) => roleArnPattern(p, ctx)),
    match: "ArnNotLike",
  });
}

/** The record's object allowlist: the stack's roles, Backup's and the replication role; undefined without `objectAccess`. */
function objectRoleArns(access: ProofObjectAccess | undefined, replicationRoleArn: pulumi.Input<string> | undefined): pulumi.Input<string>[] | undefined {
  if (access === undefined) return undefined;
  return [...access.roleArns, ...(access.backupRoleArn === undefined ? [] : [access.backupRoleArn]), ...(replicationRoleArn === undefined ? [] : [replicationRoleArn])];
}

/**
 * The proof store (phase 2): proofs are evidence, so they are kept durable and tamper-evident.
 *
 * - A versioned bucket, SSE-KMS with its own customer managed key and an S3 bucket key, all public access blocked,
 *   `BucketOwnerEnforced`, a TLS-only bucket policy, lifecycle rules for noncurrent versions and multipart uploads,
 *   server access logs to a separate log bucket, and optional Object Lock.
 * - Object Lock: off by default here (it can never be turned off once on, and dev must tear down); the prod stack
 *   turns it on and its config demands COMPLIANCE mode: nobody, the account root included, can shorten or remove a
 *   version's retention until it expires. GOVERNANCE (dev, if locked) lets a principal allowed
 *   `s3:BypassGovernanceRetention` loosen it; the locked buckets' policy denies that, changes to the lock, the
 *   lifecycle and the default encryption to every principal but the break-glass role, `s3:*` administrators included.
 * - The write rules on both buckets (lib/bucket `evidenceWriteStatements`): SSE-KMS with this store's key only, and
 *   conditional writes only (`If-None-Match: *`), so no write ever puts a new current version over a proof.
 * - With `objectAccess`, the object allowlist: every object action is denied to all but the named roles (the app,
 *   the R2 copy, AWS Backup) and the replication role, so an administrator or the deploy role must first change the
 *   bucket policy, which only the break-glass role may do, and which pages (credlink:audit:TamperAlerts).
 * - With `replication`, every new version is copied to a bucket in the DR region, encrypted with a second key that
 *   lives in that region, through a role that can read only the source bucket and write only the replica. Delete
 *   markers are deliberately not replicated: deleting a proof in the primary never hides it in the DR copy. The
 *   replica's policy admits only its writers, by role-name prefix (`replicaAccess`: replication, Backup, a failover
 *   stack's task and Backup roles), so a failover stack that adopts it (`adopt`) writes the same policy.
 *
 * KMS: one key per data store (here the proofs key, plus the replica's key in the DR region). A key is $1/month,
 * and a key per store keeps each key policy to the one service that uses it (`kms:ViaService` s3), lets the app's
 * role be granted exactly the stores it uses, and lets one store's key be disabled or rotated without touching the
 * others. The log buckets use SSE-S3: S3 server access log delivery does not support SSE-KMS targets.
 *
 * After create: the proof buckets' policies are the break-glass role's (the deploy role is denied PutBucketPolicy on
 * them), so a change to `objectAccess` (a replaced task role) or to the write rules is applied by a break-glass `up`.
 */
export class ProofStore extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  /** The key that encrypts the proofs; the app's role needs Decrypt/GenerateDataKey on it. */
  public readonly keyArn: pulumi.Output<string>;
  public readonly accessLogBucketName: pulumi.Output<string>;
  /** The DR copy, when `replication` is set. */
  public readonly replicaBucketName: pulumi.Output<string> | undefined;
  public readonly replicaBucketArn: pulumi.Output<string> | undefined;
  public readonly replicaKeyArn: pulumi.Output<string> | undefined;
  /** The DR copy's access-log bucket: a failover stack adopts it with the copy. */
  public readonly replicaLogBucketName: pulumi.Output<string> | undefined;

  constructor(name: string, args: ProofStoreArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:data:ProofStore", name, {}, opts);
    const resolved = resolveProofStoreArgs(args);
    validateProofStoreArgs(resolved);
    const protect = resolved.protectData;
    const ctx = awsContext(this);

    if (resolved.adopt) {
      const adopted = this.adoptReplica(name, resolved.adopt, resolved, ctx);
      this.bucketName = adopted.bucketName;
      this.bucketArn = adopted.bucketArn;
      this.keyArn = pulumi.output(resolved.adopt.keyArn);
      this.accessLogBucketName = adopted.logBucketName;
      this.replicaBucketName = undefined;
      this.replicaBucketArn = undefined;
      this.replicaKeyArn = undefined;
      this.replicaLogBucketName = undefined;
      this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, keyArn: this.keyArn, accessLogBucketName: this.accessLogBucketName });
      return;
    }

    const keyArn = args.kmsKeyArn !== undefined ? pulumi.output(args.kmsKeyArn) : createKmsKey(
      `${name}`,
      {
        description: `CredLink ${name}: encrypts the proof bucket (SSE-KMS with a bucket key)`,
        deletionWindowInDays: resolved.keyDeletionWindowDays,
        statements: [viaServiceStatement("AllowS3InThisAccount", [pulumi.interpolate`s3.${ctx.region}.amazonaws.com`], ctx)],
        administrators: resolved.keyAdministrators,
      },
      ctx,
      this,
      { protect },
    ).key.arn;

    // The policy waits for the replication role, which S3 trusts for this bucket only (its ARN): attached below.
    const proofs = createSecureBucketWithoutPolicy(
      `${name}`,
      {
        kmsKeyArn: keyArn,
        lifecycleRules: () => proofLifecycle(resolved),
        objectLockRetentionDays: resolved.objectLockRetentionDays,
        objectLockMode: resolved.objectLockMode,
        protect,
      },
      this,
    );
    const logs = this.createAccessLogs(`${name}-logs`, proofs.bucket, resolved, ctx.accountId);
    const replica = resolved.replication ? this.createReplica(name, resolved.replication, proofs, keyArn, resolved, ctx, args.permissionsBoundary) : undefined;
    attachSecureBucketPolicy(
      proofs,
      proofBucketPolicyStatements({
        bucketArn: proofs.bucket.arn,
        keyArn,
        locked: resolved.objectLockRetentionDays !== undefined,
        breakGlassRoleArn: resolved.breakGlassRoleArn,
        objectRoleArns: objectRoleArns(resolved.objectAccess, replica?.roleArn),
        backupRoleArns: resolved.objectAccess?.backupRoleArn === undefined ? [] : [resolved.objectAccess.backupRoleArn],
      }),
    );

    this.bucketName = proofs.bucket.bucket;
    this.bucketArn = proofs.bucket.arn;
    this.keyArn = keyArn;
    this.accessLogBucketName = logs.bucket;
    this.replicaBucketName = replica?.bucketName;
    this.replicaBucketArn = replica?.bucketArn;
    this.replicaKeyArn = replica?.keyArn;
    this.replicaLogBucketName = replica?.logBucketName;

    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      keyArn: this.keyArn,
      accessLogBucketName: this.accessLogBucketName,
      replicaBucketName: this.replicaBucketName,
      replicaBucketArn: this.replicaBucketArn,
      replicaKeyArn: this.replicaKeyArn,
      replicaLogBucketName: this.replicaLogBucketName,
    });
  }

  /**
   * The adopted replica: the bucket and its access logs, each imported, by the same helpers and arguments that made
   * them in the primary (the replica's lifecycle, Object Lock, policy and log delivery), so the import's inputs are
   * what exists. Its policy is replicaPolicyStatements, as createReplica wrote it: the object allowlist names roles by
   * prefix, which both stacks derive alike. Every input is also ignored (lib/bucket.ts, importBucketName): the engine
   * updates an imported resource to the program's inputs, and the replica's settings are the primary's to change, not
   * the failover's (whose deploy role reads them only). Nothing here replicates: the failover stack's copies would go to
   * the region that is down.
   */
  private adoptReplica(name: string, adopt: ProofStoreAdoptArgs, args: ResolvedProofStoreArgs, ctx: AwsContext) {
    const proofs = createSecureBucketWithoutPolicy(
      `${name}`,
      {
        kmsKeyArn: adopt.keyArn,
        lifecycleRules: () => proofLifecycle(args),
        objectLockRetentionDays: args.objectLockRetentionDays,
        objectLockMode: args.objectLockMode,
        protect: args.protectData,
        importBucketName: adopt.bucketName,
      },
      this,
    );
    attachSecureBucketPolicy(proofs, replicaPolicyStatements(proofs.bucket.arn, adopt.keyArn, args, ctx));
    const logs = this.createAccessLogs(`${name}-logs`, proofs.bucket, args, ctx.accountId, undefined, { logBucketName: adopt.logBucketName, sourceBucketName: adopt.bucketName });
    return { bucketName: proofs.bucket.bucket, bucketArn: proofs.bucket.arn, logBucketName: logs.bucket };
  }

  /** The access-log bucket beside `source` (lib/bucket createAccessLogBucket), or the adopted one. */
  private createAccessLogs(
    name: string,
    source: aws.s3.Bucket,
    args: ResolvedProofStoreArgs,
    accountId: pulumi.Input<string>,
    provider?: pulumi.ProviderResource,
    adopt?: { readonly logBucketName: string; readonly sourceBucketName: string },
  ): aws.s3.Bucket {
    return createAccessLogBucket(name, source, { retentionDays: args.accessLogRetentionDays, protect: args.protectData, accountId, provider, adopt }, this);
  }

  /** The DR copy: a key and a bucket in the DR region, the replication role, and the replication rule. */
  private createReplica(
    name: string,
    replication: ProofStoreReplicationArgs,
    source: UnattachedSecureBucket,
    sourceKeyArn: pulumi.Input<string>,
    args: ResolvedProofStoreArgs,
    ctx: AwsContext,
    permissionsBoundary: pulumi.Input<string> | undefined,
  ) {
    const provider = replication.provider;
    const protect = args.protectData;
    const { key } = createKmsKey(
      `${name}-replica`,
      {
        description: `CredLink ${name}: encrypts the DR copy of the proof bucket in ${replication.region}`,
        deletionWindowInDays: args.keyDeletionWindowDays,
        statements: [viaServiceStatement("AllowS3InThisAccount", [`s3.${replication.region}.amazonaws.com`], ctx)],
        administrators: args.keyAdministrators,
      },
      ctx,
      this,
      { provider, protect },
    );
    const replica = createSecureBucketWithoutPolicy(
      `${name}-replica`,
      {
        kmsKeyArn: key.arn,
        lifecycleRules: () => proofLifecycle(args),
        // Replicas of locked versions keep their retention; S3 requires Object Lock on the destination too.
        objectLockRetentionDays: args.objectLockRetentionDays,
        objectLockMode: args.objectLockMode,
        protect,
        provider,
      },
      this,
    );
    const replicaLogs = this.createAccessLogs(`${name}-replica-logs`, replica.bucket, args, ctx.accountId, provider);

    const role = new aws.iam.Role(
      `${name}-replication`,
      {
        description: `CredLink ${name}: lets S3 replicate the proof bucket to its DR copy in ${replication.region}`,
        assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com", ctx, source.bucket.arn),
        permissionsBoundary,
      },
      { parent: this },
    );
    // The replica's writers (replicaAccess): the replication role (ReplicateObject), Backup's restores, and the roles
    // of a failover stack that would serve from it.
    attachSecureBucketPolicy(replica, replicaPolicyStatements(replica.bucket.arn, key.arn, args, ctx));
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-replication`,
      {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: replicationRoleStatements(
            source.bucket.arn,
            replica.bucket.arn,
            sourceKeyArn,
            key.arn,
            args.objectLockRetentionDays !== undefined,
            ctx.region,
            replication.region,
          ),
        }),
      },
      { parent: this },
    );

    new aws.s3.BucketReplicationConfig(
      `${name}`,
      {
        bucket: source.bucket.id,
        role: role.arn,
        rules: [
          {
            id: REPLICATION_RULE_ID,
            status: "Enabled",
            filter: {},
            deleteMarkerReplication: { status: "Disabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
              bucket: replica.bucket.arn,
              storageClass: "STANDARD",
              encryptionConfiguration: { replicaKmsKeyId: key.arn },
              // Replication metrics (OperationsFailedReplication, pending bytes/operations, latency) for the ops alarms.
              // Status only: an eventThreshold (the OperationMissedThreshold event) belongs to Replication Time Control,
              // which is off here, and S3 refuses it without RTC ("InvalidArgument: Metrics cannot contain an event
              // threshold when ReplicationTime is not specified or Disabled"; the pack's
              // aws-s3-replication-metrics-threshold-needs-rtc). RTC needs metrics, not the other way round.
              metrics: { status: "Enabled" },
            },
          },
        ],
      },
      // S3 refuses a replication rule until versioning is on at both ends. S3 checks the role only when it replicates,
      // so without the policy first the first objects would fail to replicate: it waits for the role's policy too.
      { parent: this, dependsOn: [source.versioning, replica.versioning, rolePolicy] },
    );
    return { bucketName: replica.bucket.bucket, bucketArn: replica.bucket.arn, keyArn: key.arn, roleArn: role.arn, logBucketName: replicaLogs.bucket };
  }
}

/**
 * The replication role's permissions, scoped to the two buckets and the two keys: read versions (and their Object
 * Lock retention) from the source, write replicas to the destination, decrypt with the source key and encrypt with
 * the replica key, each only through S3 in its own region and only for objects of its own bucket.
 */
export function replicationRoleStatements(
  sourceArn: pulumi.Input<string>,
  destinationArn: pulumi.Input<string>,
  sourceKeyArn: pulumi.Input<string>,
  destinationKeyArn: pulumi.Input<string>,
  objectLock: boolean,
  sourceRegion: pulumi.Input<string>,
  destinationRegion: string,
): PolicyStatement[] {
  return [
    {
      Sid: "ReadSourceBucketConfiguration",
      Effect: "Allow",
      Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      Resource: sourceArn,
    },
    {
      Sid: "ReadSourceObjectVersions",
      Effect: "Allow",
      Action: [
        "s3:GetObjectVersionForReplication",
        "s3:GetObjectVersionAcl",
        "s3:GetObjectVersionTagging",
        ...(objectLock ? ["s3:GetObjectRetention", "s3:GetObjectLegalHold"] : []),
      ],
      Resource: pulumi.interpolate`${sourceArn}/*`,
    },
    {
      Sid: "WriteReplicas",
      Effect: "Allow",
      Action: ["s3:ReplicateObject", "s3:ReplicateTags"],
      Resource: pulumi.interpolate`${destinationArn}/*`,
    },
    {
      Sid: "DecryptSourceObjects",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: sourceKeyArn,
      Condition: {
        StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${sourceRegion}.amazonaws.com` },
        // With an S3 bucket key the encryption context is the bucket's ARN, without one the object's.
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [sourceArn, pulumi.interpolate`${sourceArn}/*`] },
      },
    },
    {
      Sid: "EncryptReplicas",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:GenerateDataKey"],
      Resource: destinationKeyArn,
      Condition: {
        StringEquals: { "kms:ViaService": `s3.${destinationRegion}.amazonaws.com` },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [destinationArn, pulumi.interpolate`${destinationArn}/*`] },
      },
    },
  ];
}
