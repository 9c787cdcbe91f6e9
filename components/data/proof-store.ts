import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, awsContext } from "../lib/aws-context";
import { createSecureBucket, denyRetentionChangesStatement, OBJECT_LOCK_MODES, ObjectLockMode, SecureBucket } from "../lib/bucket";
import { createKmsKey, PolicyStatement, viaServiceStatement } from "../lib/kms";
import { serviceTrustPolicy } from "../lib/iam";

/** The id of the proof bucket's replication rule: the `RuleId` dimension of its replication metrics. */
export const REPLICATION_RULE_ID = "proofs-to-dr";

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** An IAM role ARN (IAM API reference, Role: path `/` or `/.../`, name 1-64 of `[\w+=,.@-]`). */
const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/(?:[\x21-\x7e]{1,510}\/)?[\w+=,.@-]{1,64}$/;

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
   * `s3:PutBucketObjectLockConfiguration` and `s3:PutLifecycleConfiguration`. Without it nobody is exempt: a lifecycle
   * change then needs this role set first. @default undefined (no exemption)
   */
  readonly breakGlassRoleArn?: string;
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
  /** The stack's permissions boundary, on every role this component creates. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
  /**
   * Adopt an existing replica instead of creating the bucket (a failover stack): imported with the same settings the
   * primary gave it (the Object Lock, the lifecycle and the policy unchanged), never replicated again. @default undefined (create)
   */
  readonly adopt?: ProofStoreAdoptArgs;
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
  readonly adopt: ProofStoreAdoptArgs | undefined;
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
    adopt: args.adopt,
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

/** Lifecycle rules of an access-log bucket: logs expire, old versions go the next day. */
function logLifecycle(args: ResolvedProofStoreArgs): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
  return [
    {
      id: "expire-access-logs",
      status: "Enabled",
      filter: {},
      expiration: { days: args.accessLogRetentionDays },
      noncurrentVersionExpiration: { noncurrentDays: 1 },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
    },
  ];
}

/** A locked proof bucket's policy denies loosening its retention to all but the break-glass role; unlocked, nothing. */
function retentionStatements(bucketArn: pulumi.Input<string>, args: ResolvedProofStoreArgs): PolicyStatement[] {
  return args.objectLockRetentionDays === undefined ? [] : [denyRetentionChangesStatement(bucketArn, args.breakGlassRoleArn)];
}

/** The bucket-policy statement that lets S3 server access logging write the logs of `sourceBucketArn` only. */
function logDeliveryStatement(
  logBucketArn: pulumi.Input<string>,
  sourceBucketArn: pulumi.Input<string>,
  accountId: pulumi.Input<string>,
): PolicyStatement {
  return {
    Sid: "AllowS3ServerAccessLogDelivery",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: pulumi.interpolate`${logBucketArn}/*`,
    Condition: { ArnLike: { "aws:SourceArn": sourceBucketArn }, StringEquals: { "aws:SourceAccount": accountId } },
  };
}

/**
 * The proof store (phase 2): proofs are evidence, so they are kept durable and tamper-evident.
 *
 * - A versioned bucket, SSE-KMS with its own customer managed key and an S3 bucket key, all public access blocked,
 *   `BucketOwnerEnforced`, a TLS-only bucket policy, lifecycle rules for noncurrent versions and multipart uploads,
 *   server access logs to a separate log bucket, and optional Object Lock (GOVERNANCE mode).
 * - Object Lock: off by default here (it can never be turned off once on, and dev must tear down); the prod stack
 *   turns it on with a 365-day retention and its config rejects prod without it. GOVERNANCE by default, so a mistaken
 *   retention can still be corrected, but only by the break-glass role: the locked buckets' policy denies
 *   `s3:BypassGovernanceRetention`, `s3:PutBucketObjectLockConfiguration` and `s3:PutLifecycleConfiguration` to every
 *   other principal, `s3:*` administrators included. COMPLIANCE (`objectLockMode`) takes even that away.
 * - With `replication`, every new version is copied to a bucket in the DR region, encrypted with a second key that
 *   lives in that region, through a role that can read only the source bucket and write only the replica. Delete
 *   markers are deliberately not replicated: deleting a proof in the primary never hides it in the DR copy.
 *
 * KMS: one key per data store (here the proofs key, plus the replica's key in the DR region). A key is $1/month,
 * and a key per store keeps each key policy to the one service that uses it (`kms:ViaService` s3), lets the app's
 * role be granted exactly the stores it uses, and lets one store's key be disabled or rotated without touching the
 * others. The log buckets use SSE-S3: S3 server access log delivery does not support SSE-KMS targets.
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
      },
      ctx,
      this,
      { protect },
    ).key.arn;

    const proofs = createSecureBucket(
      `${name}`,
      {
        kmsKeyArn: keyArn,
        lifecycleRules: () => proofLifecycle(resolved),
        objectLockRetentionDays: resolved.objectLockRetentionDays,
        objectLockMode: resolved.objectLockMode,
        policyStatements: (arn) => retentionStatements(arn, resolved),
        protect,
      },
      this,
    );
    const logs = this.createAccessLogs(`${name}-logs`, proofs.bucket, resolved, ctx.accountId);

    this.bucketName = proofs.bucket.bucket;
    this.bucketArn = proofs.bucket.arn;
    this.keyArn = keyArn;
    this.accessLogBucketName = logs.bucket;

    if (resolved.replication) {
      const replica = this.createReplica(name, resolved.replication, proofs, keyArn, resolved, ctx, args.permissionsBoundary);
      this.replicaBucketName = replica.bucketName;
      this.replicaBucketArn = replica.bucketArn;
      this.replicaKeyArn = replica.keyArn;
      this.replicaLogBucketName = replica.logBucketName;
    } else {
      this.replicaLogBucketName = undefined;
    }

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
   * them in the primary (the replica's lifecycle, Object Lock, retention policy and log delivery), so the import's
   * inputs are what exists and `pulumi up` changes nothing. Nothing here replicates: the failover stack's copies
   * would go to the region that is down.
   */
  private adoptReplica(name: string, adopt: ProofStoreAdoptArgs, args: ResolvedProofStoreArgs, ctx: AwsContext) {
    const proofs = createSecureBucket(
      `${name}`,
      {
        kmsKeyArn: adopt.keyArn,
        lifecycleRules: () => proofLifecycle(args),
        objectLockRetentionDays: args.objectLockRetentionDays,
        objectLockMode: args.objectLockMode,
        policyStatements: (arn) => retentionStatements(arn, args),
        protect: args.protectData,
        importBucketName: adopt.bucketName,
      },
      this,
    );
    const logs = this.createAccessLogs(`${name}-logs`, proofs.bucket, args, ctx.accountId, undefined, { logBucketName: adopt.logBucketName, sourceBucketName: adopt.bucketName });
    return { bucketName: proofs.bucket.bucket, bucketArn: proofs.bucket.arn, logBucketName: logs.bucket };
  }

  /**
   * A log bucket (SSE-S3, versioned, expiring) beside `source`, and `source`'s server access logging into it.
   * Log buckets do not log themselves (that would loop).
   */
  private createAccessLogs(
    name: string,
    source: aws.s3.Bucket,
    args: ResolvedProofStoreArgs,
    accountId: pulumi.Input<string>,
    provider?: pulumi.ProviderResource,
    adopt?: { readonly logBucketName: string; readonly sourceBucketName: string },
  ): aws.s3.Bucket {
    const { bucket } = createSecureBucket(
      name,
      {
        lifecycleRules: () => logLifecycle(args),
        policyStatements: (arn) => [logDeliveryStatement(arn, source.arn, accountId)],
        protect: args.protectData,
        provider,
        importBucketName: adopt?.logBucketName,
      },
      this,
    );
    new aws.s3.BucketLogging(
      name,
      { bucket: source.id, targetBucket: bucket.id, targetPrefix: "s3-access/" },
      // Adopted, the source's logging is imported too (its import id is the source bucket's name).
      { parent: this, provider, ...(adopt ? { import: adopt.sourceBucketName, retainOnDelete: true } : {}) },
    );
    return bucket;
  }

  /** The DR copy: a key and a bucket in the DR region, the replication role, and the replication rule. */
  private createReplica(
    name: string,
    replication: ProofStoreReplicationArgs,
    source: SecureBucket,
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
      },
      ctx,
      this,
      { provider, protect },
    );
    const replica = createSecureBucket(
      `${name}-replica`,
      {
        kmsKeyArn: key.arn,
        lifecycleRules: () => proofLifecycle(args),
        // Replicas of locked versions keep their retention; S3 requires Object Lock on the destination too.
        objectLockRetentionDays: args.objectLockRetentionDays,
        objectLockMode: args.objectLockMode,
        policyStatements: (arn) => retentionStatements(arn, args),
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
    return { bucketName: replica.bucket.bucket, bucketArn: replica.bucket.arn, keyArn: key.arn, logBucketName: replicaLogs.bucket };
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
