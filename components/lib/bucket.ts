import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement } from "./kms";

/**
 * The statement every CredLink bucket policy starts with: deny any request that is not over TLS
 * (`aws:SecureTransport` is "false" for plain HTTP). A Deny with a wildcard principal grants nothing.
 */
export function denyInsecureTransportStatement(bucketArn: pulumi.Input<string>): PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * S3 Object Lock retention modes. GOVERNANCE: a principal allowed `s3:BypassGovernanceRetention` can shorten or
 * remove a version's retention. COMPLIANCE: nobody can, the account root included, until the retention expires.
 */
export const OBJECT_LOCK_MODES = ["GOVERNANCE", "COMPLIANCE"] as const;
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];

/** The actions that would loosen a locked bucket's retention: bypassing GOVERNANCE, or rewriting the lock or the lifecycle. */
export const RETENTION_CHANGE_ACTIONS = ["s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration"] as const;

/**
 * Denies everyone, the account's `s3:*` administrators included, the actions that would loosen a locked bucket's
 * retention, except the break-glass role when one is given (`ArnNotEquals aws:PrincipalArn`: the role's sessions).
 */
export function denyRetentionChangesStatement(bucketArn: pulumi.Input<string>, breakGlassRoleArn?: string): PolicyStatement {
  return {
    Sid: "DenyRetentionBypassAndLockChanges",
    Effect: "Deny",
    Principal: "*",
    Action: [...RETENTION_CHANGE_ACTIONS],
    Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
    ...(breakGlassRoleArn === undefined ? {} : { Condition: { ArnNotEquals: { "aws:PrincipalArn": breakGlassRoleArn } } }),
  };
}

/**
 * Denies everyone but the break-glass role a change of the bucket's default encryption: every write that names no key
 * is encrypted with the default, so switching it to another key would let new evidence be crypto-shredded with that
 * key later (the evidence buckets' write rules accept a write without a key header for that reason).
 */
export function denyEncryptionChangesStatement(bucketArn: pulumi.Input<string>, breakGlassRoleArn?: string): PolicyStatement {
  return {
    Sid: "DenyDefaultEncryptionChanges",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:PutEncryptionConfiguration",
    Resource: bucketArn,
    ...(breakGlassRoleArn === undefined ? {} : { Condition: { ArnNotEquals: { "aws:PrincipalArn": breakGlassRoleArn } } }),
  };
}

/**
 * What an evidence bucket lets principals do to its objects, and nothing more (S3 user guide: "Bucket policy examples",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html). Every action on an object: reads,
 * writes, deletes, retention and legal holds, tags, replication, restores and multipart uploads.
 */
export const OBJECT_ACTIONS = [
  "s3:GetObject*",
  "s3:PutObject*",
  "s3:DeleteObject*",
  "s3:RestoreObject",
  "s3:ReplicateObject",
  "s3:ReplicateDelete",
  "s3:ReplicateTags",
  "s3:AbortMultipartUpload",
  "s3:ListMultipartUploadParts",
] as const;

/**
 * How a statement names the roles it exempts: `ArnNotEquals` for exact role ARNs, `ArnNotLike` for ARN patterns (an
 * autonamed role of a stack that does not exist yet: `arn:aws:iam::<account>:role/<name prefix>*`). IAM user guide,
 * "IAM JSON policy elements: Condition operators", ARN condition operators.
 */
export type RoleMatch = "ArnNotEquals" | "ArnNotLike";

/** An `aws:PrincipalArn` exemption for these roles' sessions, or nothing when there are none. */
const exceptRoles = (roleArns: readonly pulumi.Input<string>[], match: RoleMatch) => (roleArns.length === 0 ? {} : { [match]: { "aws:PrincipalArn": [...roleArns] } });

/** The write rules of an evidence bucket (its objects are evidence: each written once, under one key). */
export interface EvidenceWriteRules {
  /** The only KMS key a write may name (its ARN: the value S3 compares `s3:x-amz-server-side-encryption-aws-kms-key-id` with). */
  readonly keyArn: pulumi.Input<string>;
  /** Roles exempt from the write rules: AWS Backup's, whose restores write as Backup does (no conditional header). */
  readonly exemptRoleArns?: readonly pulumi.Input<string>[];
  /** How `exemptRoleArns` match. @default "ArnNotEquals" (exact ARNs) */
  readonly match?: RoleMatch;
}

/**
 * An evidence bucket's rules for `s3:PutObject` (PutObject, CopyObject and CompleteMultipartUpload are all authorised as
 * it), for every principal but `exemptRoleArns`:
 * - a write that names an encryption key must name `keyArn` (`StringNotEqualsIfExists` on
 *   `s3:x-amz-server-side-encryption-aws-kms-key-id`: S3 compares the key ARN the request sends), and one that names an
 *   algorithm must name `aws:kms`; a write that names neither is encrypted with the bucket's default, the same key;
 *   customer-provided keys (SSE-C) are refused. S3 user guide, "Requiring SSE-KMS for all objects written to a bucket"
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html).
 * - every object-creating write is conditional: `If-None-Match: *`, so a write can never put a new current version
 *   over an existing proof ("Null s3:if-none-match" is true when the header is missing). `s3:ObjectCreationOperation` is
 *   true for PutObject, CopyObject and CompleteMultipartUpload and false for CreateMultipartUpload, UploadPart and
 *   UploadPartCopy, which take no conditional header: S3 user guide, "Enforce conditional writes on Amazon S3 buckets"
 *   (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes-enforce.html). CopyObject into the bucket
 *   is refused as a consequence (S3 answers a conditional copy with 501): nothing here copies into it.
 * Replication writes replicas as `s3:ReplicateObject`, not PutObject, so none of these apply to it.
 */
export function evidenceWriteStatements(bucketArn: pulumi.Input<string>, rules: EvidenceWriteRules): PolicyStatement[] {
  const objects = pulumi.interpolate`${bucketArn}/*`;
  const exempt = exceptRoles(rules.exemptRoleArns ?? [], rules.match ?? "ArnNotEquals");
  return [
    {
      Sid: "DenyWritesUnderAnotherKey",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": rules.keyArn }, ...exempt },
    },
    {
      Sid: "DenyWritesWithoutKms",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" }, ...exempt },
    },
    {
      Sid: "DenyCustomerProvidedKeys",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" }, ...exempt },
    },
    {
      Sid: "DenyWritesThatCouldReplaceAProof",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { Null: { "s3:if-none-match": "true" }, Bool: { "s3:ObjectCreationOperation": "true" }, ...exempt },
    },
  ];
}

/**
 * Denies every object action (OBJECT_ACTIONS) to everyone but the named roles' sessions (`aws:PrincipalArn`, exact ARNs
 * or, with `match` ArnNotLike, ARN patterns). Neither an account administrator nor the deploy role can read, write or
 * delete an object without first changing the bucket policy, which only the break-glass role may do and which pages.
 * S3 Lifecycle is not subject to a bucket policy (S3 user guide, "Bucket policies for Amazon S3"), so expiry still works.
 */
export function denyObjectAccessStatement(bucketArn: pulumi.Input<string>, roleArns: pulumi.Input<pulumi.Input<string>[]>, match: RoleMatch = "ArnNotEquals"): PolicyStatement {
  return {
    Sid: "DenyObjectAccessExceptNamedRoles",
    Effect: "Deny",
    Principal: "*",
    Action: [...OBJECT_ACTIONS],
    Resource: pulumi.interpolate`${bucketArn}/*`,
    Condition: { [match]: { "aws:PrincipalArn": roleArns } },
  };
}

export interface SecureBucketArgs {
  /**
   * SSE-KMS with this key and an S3 bucket key. Without one the bucket uses SSE-S3 (AES256), which is only for
   * server access log targets: S3 log delivery does not support SSE-KMS destinations.
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * An S3 Bucket Key under `kmsKeyArn` (fewer KMS requests). Off for a trail's bucket: with a Bucket Key, CloudTrail
   * requires the caller creating or updating an SSE-KMS trail to hold kms:Decrypt on the key (CloudTrail user guide,
   * "Configure AWS KMS key policies for CloudTrail"); the trail shouldn't depend on who runs the `up` holding it.
   * @default true
   */
  readonly bucketKey?: boolean;
  /** Lifecycle rules; every bucket needs at least an abort-incomplete-multipart-upload rule. */
  readonly lifecycleRules: (bucketArn: pulumi.Output<string>) => aws.types.input.s3.BucketLifecycleConfigurationRule[];
  /** Statements added after the TLS-only one; given the bucket's ARN. */
  readonly policyStatements?: (bucketArn: pulumi.Output<string>) => PolicyStatement[];
  /** Object Lock with this default retention; only settable when the bucket is created. */
  readonly objectLockRetentionDays?: number;
  /** The default retention's mode, with `objectLockRetentionDays`. @default "GOVERNANCE" */
  readonly objectLockMode?: ObjectLockMode;
  /** `protect` + `retainOnDelete` on the bucket, and no `forceDestroy`. */
  readonly protect: boolean;
  /** Provider for every resource (the DR region's, for the replica). @default the parent's */
  readonly provider?: pulumi.ProviderResource;
  /**
   * Adopt this existing bucket: the bucket and each of its settings are imported (the `import` resource option, by the
   * bucket's name) instead of created, described by the same code, with the same arguments, that made them. The engine
   * imports, then updates what differs from the program's inputs (pulumi/pulumi#19339; Pulumi's import guide,
   * "Mismatched state", pulumi/docs#18198): it no longer refuses a mismatch. So every input set here is also in
   * `ignoreChanges`: the settings stay the owner's (another stack's), an import never writes them, and the adopter's
   * deploy role only needs to read them. The tags are the provider's default tags, which the two stacks keep equal.
   * Each is kept on delete: removing a setting from this stack must not suspend its versioning or drop its policy.
   * @default undefined (create)
   */
  readonly importBucketName?: string;
}

export interface SecureBucket {
  readonly bucket: aws.s3.Bucket;
  /** Versioning: replication must wait for it on both sides. */
  readonly versioning: aws.s3.BucketVersioning;
  /** The bucket policy: a writer that AWS checks against it when it is set up (log delivery, CloudTrail) waits for it. */
  readonly policy: aws.s3.BucketPolicy;
}

/** A secure bucket whose policy is not attached yet (`attachSecureBucketPolicy`): for a policy naming roles made after it. */
export interface UnattachedSecureBucket {
  readonly bucket: aws.s3.Bucket;
  readonly versioning: aws.s3.BucketVersioning;
  /** The logical name its policy takes (the bucket's). */
  readonly name: string;
  /** The resource options its children share (parent, provider). */
  readonly opts: pulumi.CustomResourceOptions;
  /** The adopted bucket's name (SecureBucketArgs.importBucketName): its policy is imported too, every input ignored. */
  readonly importBucketName?: string;
  /** What the policy must wait for: the public access block, the lifecycle and the lock it may deny changes to. */
  readonly policyAfter: readonly pulumi.Resource[];
}

/**
 * A private, versioned, encrypted bucket: all four public access block settings, `BucketOwnerEnforced` (no ACLs),
 * default encryption, a TLS-only bucket policy, lifecycle rules, and optionally Object Lock. Access logging is the
 * caller's (`aws.s3.BucketLogging`), since the log bucket's policy names the source bucket. Every resource is named `name` (they differ in type) and parented to `parent`.
 */
export function createSecureBucket(name: string, args: SecureBucketArgs, parent: pulumi.Resource): SecureBucket {
  const parts = createSecureBucketWithoutPolicy(name, args, parent);
  const policy = attachSecureBucketPolicy(parts, args.policyStatements?.(parts.bucket.arn) ?? []);
  return { bucket: parts.bucket, versioning: parts.versioning, policy };
}

/**
 * A setting's options: adopted (`importBucketName`), imported by the bucket's name, kept on delete, and every input it
 * sets ignored (adoptedIgnoredInputs); created, `opts` and `extra` only.
 */
function settingOpts(opts: pulumi.CustomResourceOptions, importBucketName: string | undefined, inputs: object, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return importBucketName === undefined
    ? { ...opts, ...extra }
    : { ...opts, ...extra, import: importBucketName, retainOnDelete: true, ignoreChanges: adoptedIgnoredInputs(inputs) };
}

/** createSecureBucket without the policy, which `attachSecureBucketPolicy` adds later under the same name (imported too, when adopted). */
export function createSecureBucketWithoutPolicy(name: string, args: Omit<SecureBucketArgs, "policyStatements">, parent: pulumi.Resource): UnattachedSecureBucket {
  const opts: pulumi.CustomResourceOptions = { parent, provider: args.provider };
  const optsFor = (inputs: object, extra: pulumi.CustomResourceOptions = {}) => settingOpts(opts, args.importBucketName, inputs, extra);
  const objectLock = args.objectLockRetentionDays !== undefined;
  // Adopted, the bucket is named (the owner's name): what the import reads, never an autoname.
  const bucketArgs: aws.s3.BucketArgs = { ...(args.importBucketName === undefined ? {} : { bucket: args.importBucketName }), objectLockEnabled: objectLock || undefined, forceDestroy: !args.protect };
  const bucket = new aws.s3.Bucket(name, bucketArgs, optsFor(bucketArgs, { protect: args.protect, retainOnDelete: args.protect || args.importBucketName !== undefined }));

  const publicAccessBlockArgs: aws.s3.BucketPublicAccessBlockArgs = { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(name, publicAccessBlockArgs, optsFor(publicAccessBlockArgs));
  const ownershipArgs: aws.s3.BucketOwnershipControlsArgs = { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } };
  new aws.s3.BucketOwnershipControls(name, ownershipArgs, optsFor(ownershipArgs));
  const encryptionArgs: aws.s3.BucketServerSideEncryptionConfigurationArgs = {
    bucket: bucket.id,
    rules: [
      args.kmsKeyArn === undefined
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: args.bucketKey ?? true },
    ],
  };
  new aws.s3.BucketServerSideEncryptionConfiguration(name, encryptionArgs, optsFor(encryptionArgs));
  const versioningArgs: aws.s3.BucketVersioningArgs = { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } };
  const versioning = new aws.s3.BucketVersioning(name, versioningArgs, optsFor(versioningArgs));
  const lifecycleArgs: aws.s3.BucketLifecycleConfigurationArgs = { bucket: bucket.id, rules: args.lifecycleRules(bucket.arn) };
  // Lifecycle rules on noncurrent versions only make sense once versioning is on.
  const lifecycle = new aws.s3.BucketLifecycleConfiguration(name, lifecycleArgs, optsFor(lifecycleArgs, { dependsOn: [versioning] }));
  const lockArgs: aws.s3.BucketObjectLockConfigurationArgs = {
    bucket: bucket.id,
    objectLockEnabled: "Enabled",
    rule: { defaultRetention: { mode: args.objectLockMode ?? "GOVERNANCE", days: args.objectLockRetentionDays } },
  };
  const lock = objectLock ? new aws.s3.BucketObjectLockConfiguration(name, lockArgs, optsFor(lockArgs, { dependsOn: [versioning] })) : undefined;
  return { bucket, versioning, name, opts, importBucketName: args.importBucketName, policyAfter: [publicAccessBlock, lifecycle, ...(lock ? [lock] : [])] };
}

/** The bucket's policy: the TLS-only statement first, then `statements` (adopted, imported and every input ignored). */
export function attachSecureBucketPolicy(parts: UnattachedSecureBucket, statements: readonly PolicyStatement[]): aws.s3.BucketPolicy {
  const policyArgs: aws.s3.BucketPolicyArgs = {
    bucket: parts.bucket.id,
    policy: pulumi.jsonStringify({
      Version: "2012-10-17",
      Statement: [denyInsecureTransportStatement(parts.bucket.arn), ...statements],
    }),
  };
  // S3 rejects concurrent bucket-policy and public-access-block writes on one bucket. The policy may deny further
  // lifecycle and lock changes, so it goes on after they are written.
  return new aws.s3.BucketPolicy(parts.name, policyArgs, settingOpts(parts.opts, parts.importBucketName, policyArgs, { dependsOn: [...parts.policyAfter] }));
}

/** The bucket-policy statement that lets S3 server access logging write the logs of `sourceBucketArn` only. */
export function accessLogDeliveryStatement(logBucketArn: pulumi.Input<string>, sourceBucketArn: pulumi.Input<string>, accountId: pulumi.Input<string>): PolicyStatement {
  return {
    Sid: "AllowS3ServerAccessLogDelivery",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: pulumi.interpolate`${logBucketArn}/*`,
    Condition: { ArnLike: { "aws:SourceArn": sourceBucketArn }, StringEquals: { "aws:SourceAccount": accountId } },
  };
}

/** What `createAccessLogBucket` builds. */
export interface AccessLogBucketArgs {
  /** Days the server access logs are kept. */
  readonly retentionDays: number;
  /** `protect` + `retainOnDelete` on the log bucket. */
  readonly protect: boolean;
  /** This account, for the delivery statement's aws:SourceAccount. */
  readonly accountId: pulumi.Input<string>;
  /** Provider for the bucket and the logging configuration (the source's region). @default the parent's */
  readonly provider?: pulumi.ProviderResource;
  /**
   * Adopt an existing log bucket and the source's logging into it (a failover stack adopting the replica): both are
   * imported as they exist (createSecureBucket's `importBucketName`; the logging's import id is the source bucket's
   * name), kept on delete, and every input they set ignored (the owner's to change). @default undefined (create)
   */
  readonly adopt?: { readonly logBucketName: string; readonly sourceBucketName: string };
}

/**
 * A log bucket (SSE-S3: S3 server access log delivery supports no SSE-KMS target; versioned; the logs expire after
 * `retentionDays`, old versions the next day) beside `source`, and `source`'s server access logging into it under
 * `s3-access/`. Log buckets do not log themselves (that would loop). The bucket and its logging are named `name`.
 */
export function createAccessLogBucket(name: string, source: aws.s3.Bucket, args: AccessLogBucketArgs, parent: pulumi.Resource): aws.s3.Bucket {
  const { bucket } = createSecureBucket(
    name,
    {
      lifecycleRules: () => [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: {},
          expiration: { days: args.retentionDays },
          noncurrentVersionExpiration: { noncurrentDays: 1 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        },
      ],
      policyStatements: (arn) => [accessLogDeliveryStatement(arn, source.arn, args.accountId)],
      protect: args.protect,
      provider: args.provider,
      importBucketName: args.adopt?.logBucketName,
    },
    parent,
  );
  const logging: aws.s3.BucketLoggingArgs = { bucket: source.id, targetBucket: bucket.id, targetPrefix: "s3-access/" };
  // Adopted, the source's logging is imported too (its import id is the source bucket's name), and never written.
  new aws.s3.BucketLogging(name, logging, settingOpts({ parent, provider: args.provider }, args.adopt?.sourceBucketName, logging));
  return bucket;
}

/**
 * The inputs an adopted (imported) resource ignores: every one the program sets but `bucket`, which names the bucket
 * it belongs to. The engine would otherwise update another stack's bucket to this program's inputs after the import.
 */
export function adoptedIgnoredInputs(inputs: object): string[] {
  return Object.entries(inputs)
    .filter(([key, value]) => key !== "bucket" && value !== undefined)
    .map(([key]) => key)
    .sort();
}
