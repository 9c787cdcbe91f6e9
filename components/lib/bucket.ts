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

export interface SecureBucketArgs {
  /**
   * SSE-KMS with this key and an S3 bucket key. Without one the bucket uses SSE-S3 (AES256), which is only for
   * server access log targets: S3 log delivery does not support SSE-KMS destinations.
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
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
   * bucket's name) instead of created, so the same code that made the bucket describes it. An import whose inputs
   * differ from what exists fails (`pulumi preview` says so) and changes nothing. Each is kept on delete: the bucket is
   * another stack's, and removing a setting from this stack must not suspend its versioning or drop its policy.
   * @default undefined (create)
   */
  readonly importBucketName?: string;
}

export interface SecureBucket {
  readonly bucket: aws.s3.Bucket;
  /** Versioning: replication must wait for it on both sides. */
  readonly versioning: aws.s3.BucketVersioning;
}

/**
 * A private, versioned, encrypted bucket: all four public access block settings, `BucketOwnerEnforced` (no ACLs),
 * default encryption, a TLS-only bucket policy, lifecycle rules, and optionally Object Lock. Access logging is the
 * caller's (`aws.s3.BucketLogging`), since the log bucket's policy names the source bucket. Every resource is named `name` (they differ in type) and parented to `parent`.
 */
export function createSecureBucket(name: string, args: SecureBucketArgs, parent: pulumi.Resource): SecureBucket {
  const adopted = args.importBucketName === undefined ? {} : { import: args.importBucketName, retainOnDelete: true };
  const opts: pulumi.CustomResourceOptions = { parent, provider: args.provider, ...adopted };
  const objectLock = args.objectLockRetentionDays !== undefined;
  const bucket = new aws.s3.Bucket(
    name,
    { objectLockEnabled: objectLock || undefined, forceDestroy: !args.protect },
    { ...opts, protect: args.protect, retainOnDelete: args.protect || args.importBucketName !== undefined },
  );

  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
    name,
    { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    opts,
  );
  new aws.s3.BucketOwnershipControls(name, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
  new aws.s3.BucketServerSideEncryptionConfiguration(
    name,
    {
      bucket: bucket.id,
      rules: [
        args.kmsKeyArn === undefined
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true },
      ],
    },
    opts,
  );
  const versioning = new aws.s3.BucketVersioning(name, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
  const lifecycle = new aws.s3.BucketLifecycleConfiguration(
    name,
    { bucket: bucket.id, rules: args.lifecycleRules(bucket.arn) },
    // Lifecycle rules on noncurrent versions only make sense once versioning is on.
    { ...opts, dependsOn: [versioning] },
  );
  const lock = objectLock
    ? new aws.s3.BucketObjectLockConfiguration(
        name,
        {
          bucket: bucket.id,
          objectLockEnabled: "Enabled",
          rule: { defaultRetention: { mode: args.objectLockMode ?? "GOVERNANCE", days: args.objectLockRetentionDays } },
        },
        { ...opts, dependsOn: [versioning] },
      )
    : undefined;
  new aws.s3.BucketPolicy(
    name,
    {
      bucket: bucket.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [denyInsecureTransportStatement(bucket.arn), ...(args.policyStatements?.(bucket.arn) ?? [])],
      }),
    },
    // S3 rejects concurrent bucket-policy and public-access-block writes on one bucket. The policy may deny further
    // lifecycle and lock changes, so it goes on after they are written.
    { ...opts, dependsOn: [publicAccessBlock, lifecycle, ...(lock ? [lock] : [])] },
  );
  return { bucket, versioning };
}
