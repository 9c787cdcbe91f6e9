/**
 * credlink:audit:Trail: the account's CloudTrail trail, an account singleton (one per account, built by the stack that
 * owns the account baseline).
 *
 * - Multi-region, with global service events (IAM, STS, sign-in), log file validation (hourly signed digest files, so a
 *   deleted or edited log file is detectable: `aws cloudtrail validate-logs`), encrypted with a customer managed key.
 * - Management events (read and write: the first copy of management events is free) and S3 data events on the proof
 *   buckets: every write to the record (who wrote, deleted or changed the retention of which proof), and on the replica
 *   every write that is not a replication (a replica is written only by replication and Backup; anything else is the
 *   question an investigation asks). Reads only with `dataEventReads` (priced per event: see docs/COST.md).
 * - A bucket of its own: versioned, SSE-KMS with the trail's key, Object Lock (COMPLIANCE in prod) so no log file can be
 *   deleted or overwritten before its retention ends, a lifecycle that expires logs after `logRetentionDays`, server
 *   access logs to a log bucket beside it, and a policy that lets only this trail write (aws:SourceArn), denies
 *   deleting log versions and loosening the lock to all but the break-glass role.
 *
 * After create: stopping, deleting or changing the trail is the break-glass role's (the deploy role is denied
 * cloudtrail:StopLogging, DeleteTrail and UpdateTrail), and each attempt pages (credlink:audit:TamperAlerts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext, awsContext } from "../lib/aws-context";
import {
  attachSecureBucketPolicy,
  createAccessLogBucket,
  createSecureBucketWithoutPolicy,
  denyEncryptionChangesStatement,
  denyRetentionChangesStatement,
  OBJECT_LOCK_MODES,
  ObjectLockMode,
} from "../lib/bucket";
import { createKmsKey, KeyAdministrators, PolicyStatement } from "../lib/kms";

/**
 * Trail names (CloudTrail API reference, CreateTrail, Name): 3-128 of letters, digits, `.`, `_` and `-`, starting and
 * ending with a letter or digit, with no two of `.`, `_` and `-` side by side.
 */
export const TRAIL_NAME_PATTERN = /^(?!.*[._-]{2})[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;

export interface AuditTrailArgs {
  /**
   * The trail's name. Explicit, not autonamed: the bucket policy and the key policy name the trail's ARN before it
   * exists (aws:SourceArn), so the name must be known when they are written.
   */
  readonly trailName: string;
  /** The S3 buckets whose object-level writes are recorded (data events): the proof bucket (the record). */
  readonly dataEventBucketArns: readonly pulumi.Input<string>[];
  /**
   * Buckets written only by replication (the proofs' DR replica): every write but a replication is recorded
   * (`eventName` not starting with `Replicate`). @default []
   */
  readonly replicaBucketArns?: readonly pulumi.Input<string>[];
  /** Record object reads (GetObject...) on `dataEventBucketArns` too. @default false */
  readonly dataEventReads?: boolean;
  /** Days a log file is kept: the bucket's lifecycle expires it then. @default 400 */
  readonly logRetentionDays?: number;
  /**
   * Object Lock default retention in days on the log bucket (at most `logRetentionDays`). Unset leaves Object Lock off
   * (a throwaway stack that must tear down). @default undefined (off)
   */
  readonly objectLockRetentionDays?: number;
  /** The Object Lock mode, with `objectLockRetentionDays`. @default "GOVERNANCE" */
  readonly objectLockMode?: ObjectLockMode;
  /** The one role exempt from the bucket's deny on deleting log versions and loosening the lock. @default undefined (none) */
  readonly breakGlassRoleArn?: string;
  /** Days the log bucket's server access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
  /**
   * An existing customer managed key (the stack's shared key in dev): its policy must hold `cloudTrailKeyStatements`
   * for this trail. @default undefined (the component creates its own key)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Deletion window of the created key, 7-30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** `protect`/`retainOnDelete` on the buckets and the key (prod): the trail is evidence. @default false */
  readonly protectData?: boolean;
  /**
   * Who administers the customer managed key this component creates: the break-glass role, and the deploy role for key
   * policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
}

type Defaulted = "replicaBucketArns" | "dataEventReads" | "logRetentionDays" | "objectLockMode" | "accessLogRetentionDays" | "keyDeletionWindowDays" | "protectData";
export type ResolvedAuditTrailArgs = Omit<AuditTrailArgs, Defaulted> & Required<Pick<AuditTrailArgs, Defaulted>>;

/** Applies the documented defaults. The single place they live. */
export function resolveAuditTrailArgs(args: AuditTrailArgs): ResolvedAuditTrailArgs {
  return {
    ...args,
    replicaBucketArns: args.replicaBucketArns ?? [],
    dataEventReads: args.dataEventReads ?? false,
    logRetentionDays: args.logRetentionDays ?? 400,
    objectLockMode: args.objectLockMode ?? "GOVERNANCE",
    accessLogRetentionDays: args.accessLogRetentionDays ?? 90,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    protectData: args.protectData ?? false,
  };
}

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateAuditTrailArgs(args: ResolvedAuditTrailArgs): void {
  if (!TRAIL_NAME_PATTERN.test(args.trailName)) {
    throw new Error(`trailName must be 3-128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, no two of '.', '_', '-' together (CloudTrail CreateTrail), got "${args.trailName}"`);
  }
  if (args.dataEventBucketArns.length === 0) throw new Error("dataEventBucketArns must name at least the proof bucket (the trail records its object writes), got []");
  if (!isInt(args.logRetentionDays, 1, 36500)) throw new Error(`logRetentionDays must be an integer from 1 to 36500, got ${args.logRetentionDays}`);
  const lock = args.objectLockRetentionDays;
  if (lock !== undefined && (!isInt(lock, 1, 36500) || lock > args.logRetentionDays)) {
    throw new Error(`objectLockRetentionDays must be an integer from 1 to logRetentionDays (${args.logRetentionDays}): a locked log file can't expire earlier, got ${lock}`);
  }
  if (!(OBJECT_LOCK_MODES as readonly string[]).includes(args.objectLockMode)) {
    throw new Error(`objectLockMode must be one of ${OBJECT_LOCK_MODES.map((m) => `"${m}"`).join(" | ")}, got "${String(args.objectLockMode)}"`);
  }
  if (!isInt(args.accessLogRetentionDays, 1, 36500)) throw new Error(`accessLogRetentionDays must be an integer from 1 to 36500, got ${args.accessLogRetentionDays}`);
  if (!isInt(args.keyDeletionWindowDays, 7, 30)) throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
}

/** A trail's ARN in this account and region: `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`. */
export function trailArn(trailName: string, ctx: AwsContext): pulumi.Output<string> {
  return pulumi.interpolate`arn:${ctx.partition}:cloudtrail:${ctx.region}:${ctx.accountId}:trail/${trailName}`;
}

/**
 * The key-policy statements CloudTrail needs for the trail `trailName`: encrypt log files (GenerateDataKey*, with the
 * trail's ARN as aws:SourceArn and this account's trails in the `aws:cloudtrail:arn` encryption context), describe the
 * key, and let this account's principals (their IAM policies permitting) decrypt the log files, by that encryption
 * context only. CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail"
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html).
 */
export function cloudTrailKeyStatements(trailName: string, ctx: AwsContext): PolicyStatement[] {
  const arn = trailArn(trailName, ctx);
  const anyTrailOfThisAccount = pulumi.interpolate`arn:${ctx.partition}:cloudtrail:*:${ctx.accountId}:trail/*`;
  return [
    {
      Sid: "AllowCloudTrailToEncryptLogs",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:GenerateDataKey*",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": arn }, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": anyTrailOfThisAccount } },
    },
    {
      Sid: "AllowCloudTrailToDescribeKey",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "kms:DescribeKey",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceArn": arn } },
    },
    {
      Sid: "AllowThisAccountToDecryptTrailLogs",
      Effect: "Allow",
      Principal: { AWS: pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:root` },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": ctx.accountId }, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": anyTrailOfThisAccount } },
    },
  ];
}

/**
 * The trail bucket's statements after the TLS-only one: CloudTrail checks the bucket's ACL and writes under
 * AWSLogs/<account>/ for this trail only (aws:SourceArn; CloudTrail user guide, "Amazon S3 bucket policy for
 * CloudTrail", https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html).
 * Locked (a kept trail, not a throwaway stack's that must tear down): deleting any log version or delete-marking a log
 * file, loosening the lock, the lifecycle or the default encryption is denied to all but the break-glass role.
 */
export function trailBucketStatements(bucketArn: pulumi.Input<string>, trail: pulumi.Input<string>, ctx: AwsContext, locked: boolean, breakGlassRoleArn: string | undefined): PolicyStatement[] {
  const exempt = breakGlassRoleArn === undefined ? {} : { Condition: { ArnNotEquals: { "aws:PrincipalArn": breakGlassRoleArn } } };
  return [
    {
      Sid: "AWSCloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: { StringEquals: { "aws:SourceArn": trail } },
    },
    {
      Sid: "AWSCloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: pulumi.interpolate`${bucketArn}/AWSLogs/${ctx.accountId}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": trail } },
    },
    ...(locked
      ? [
          { Sid: "DenyLogDeletion", Effect: "Deny" as const, Principal: "*", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: pulumi.interpolate`${bucketArn}/*`, ...exempt },
          denyRetentionChangesStatement(bucketArn, breakGlassRoleArn),
          denyEncryptionChangesStatement(bucketArn, breakGlassRoleArn),
        ]
      : []),
  ];
}

/**
 * The trail's advanced event selectors: all management events; object writes (or reads and writes) on the record; on
 * replicas, every write that is not a replication. `readOnly`, `eventCategory` and `resources.type` accept only
 * `equals` (CloudTrail API reference, AdvancedFieldSelector).
 */
export function trailEventSelectors(args: Pick<ResolvedAuditTrailArgs, "dataEventBucketArns" | "replicaBucketArns" | "dataEventReads">): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
  const objectsOf = (arns: readonly pulumi.Input<string>[]) => arns.map((a) => pulumi.interpolate`${a}/`);
  const s3Data = [
    { field: "eventCategory", equals: ["Data"] },
    { field: "resources.type", equals: ["AWS::S3::Object"] },
  ];
  return [
    { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
    {
      name: args.dataEventReads ? "Proof object reads and writes" : "Proof object writes",
      fieldSelectors: [...s3Data, ...(args.dataEventReads ? [] : [{ field: "readOnly", equals: ["false"] }]), { field: "resources.ARN", startsWiths: objectsOf(args.dataEventBucketArns) }],
    },
    ...(args.replicaBucketArns.length === 0
      ? []
      : [
          {
            name: "Replica object writes other than replication",
            fieldSelectors: [...s3Data, { field: "readOnly", equals: ["false"] }, { field: "eventName", notStartsWiths: ["Replicate"] }, { field: "resources.ARN", startsWiths: objectsOf(args.replicaBucketArns) }],
          },
        ]),
  ];
}

/** The account's trail, its key, its locked bucket and that bucket's access logs. Children named `name` (`-logs` for the access logs). */
export class AuditTrail extends pulumi.ComponentResource {
  public readonly trailArn: pulumi.Output<string>;
  public readonly trailName: string;
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly keyArn: pulumi.Output<string>;
  /** What the trail records and keeps, for the plan. */
  public readonly summary: {
    readonly logRetentionDays: number;
    readonly objectLock: { readonly mode: ObjectLockMode; readonly days: number } | undefined;
    readonly dataEventReads: boolean;
  };

  constructor(name: string, args: AuditTrailArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:audit:Trail", name, {}, opts);
    const resolved = resolveAuditTrailArgs(args);
    validateAuditTrailArgs(resolved);
    const ctx = awsContext(this);
    const protect = resolved.protectData;
    const arn = trailArn(resolved.trailName, ctx);

    const keyArn =
      resolved.kmsKeyArn !== undefined
        ? pulumi.output(resolved.kmsKeyArn)
        : createKmsKey(
            name,
            {
              description: `CredLink ${name}: encrypts the CloudTrail trail ${resolved.trailName}'s log files`,
              deletionWindowInDays: resolved.keyDeletionWindowDays,
              statements: cloudTrailKeyStatements(resolved.trailName, ctx),
              administrators: resolved.keyAdministrators,
            },
            ctx,
            this,
            { protect },
          ).key.arn;

    const locked = resolved.objectLockRetentionDays !== undefined;
    const bucket = createSecureBucketWithoutPolicy(
      name,
      {
        kmsKeyArn: keyArn,
        // No Bucket Key: CloudTrail would need its creator to decrypt with the trail key (see SecureBucketArgs.bucketKey).
        bucketKey: false,
        lifecycleRules: () => [
          {
            id: "expire-trail-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: resolved.logRetentionDays },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
        objectLockRetentionDays: resolved.objectLockRetentionDays,
        objectLockMode: resolved.objectLockMode,
        protect,
      },
      this,
    );
    createAccessLogBucket(`${name}-logs`, bucket.bucket, { retentionDays: resolved.accessLogRetentionDays, protect, accountId: ctx.accountId }, this);
    const policy = attachSecureBucketPolicy(bucket, trailBucketStatements(bucket.bucket.arn, arn, ctx, locked, resolved.breakGlassRoleArn));

    const trail = new aws.cloudtrail.Trail(
      name,
      {
        name: resolved.trailName,
        s3BucketName: bucket.bucket.id,
        kmsKeyId: keyArn,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        advancedEventSelectors: trailEventSelectors(resolved),
      },
      // CreateTrail checks that CloudTrail can write to the bucket (InsufficientS3BucketPolicyException otherwise).
      { parent: this, dependsOn: [policy] },
    );

    this.trailArn = trail.arn;
    this.trailName = resolved.trailName;
    this.bucketName = bucket.bucket.bucket;
    this.bucketArn = bucket.bucket.arn;
    this.keyArn = keyArn;
    this.summary = {
      logRetentionDays: resolved.logRetentionDays,
      objectLock: resolved.objectLockRetentionDays === undefined ? undefined : { mode: resolved.objectLockMode, days: resolved.objectLockRetentionDays },
      dataEventReads: resolved.dataEventReads,
    };
    this.registerOutputs({ trailArn: this.trailArn, bucketName: this.bucketName, keyArn: this.keyArn });
  }
}
