/**
 * Amazon S3: the stack's buckets (proofs, their replica, access logs, ALB logs, the edge trust store) and the one
 * object the program writes (the trust store's CA bundle).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 *
 * Bucket-level actions and object-level actions are separate statements: `arn:aws:s3:::credlink-prod-*` also matches
 * every object in those buckets, so it carries bucket-level actions only (they never apply to an object ARN).
 */
import { DeployScope, global, place, ServicePermissions } from "./types";

/** What the provider reads on every bucket refresh (aws_s3_bucket's read). */
const BUCKET_READ = [
  "s3:GetAccelerateConfiguration", "s3:GetBucketAcl", "s3:GetBucketCORS", "s3:GetBucketLocation", "s3:GetBucketLogging",
  "s3:GetBucketObjectLockConfiguration", "s3:GetBucketPolicy", "s3:GetBucketRequestPayment", "s3:GetBucketTagging",
  "s3:GetBucketVersioning", "s3:GetBucketWebsite", "s3:GetEncryptionConfiguration", "s3:GetLifecycleConfiguration",
  "s3:GetReplicationConfiguration", "s3:ListBucket",
];

/** The object the program writes: the Cloudflare origin-pull CA bundle in the edge trust-store bucket. */
export const trustStoreObjects = (s: DeployScope) => global(s, "s3", `${s.prefix}-*trust-store-*/*`, false);
/** The stack's buckets (bucket ARNs; the pattern also matches objects, so only bucket-level actions use it). */
export const stackBuckets = (s: DeployScope) => global(s, "s3", `${s.prefix}-*`, false);
/** A failover stack's adopted proof replica and its access-log bucket (the primary's names), when it adopts them. */
export const adoptedBuckets = (s: DeployScope) => (s.adoptedBucketPrefix === undefined ? [] : [global(s, "s3", `${s.adoptedBucketPrefix}*`, false)]);
/**
 * The bucket-level reads (every `s3:Get...` but the object ones, and `s3:ListBucket`, which HeadBucket is authorised as):
 * what importing or refreshing a bucket and each of its settings calls (each type's `read` above).
 */
const BUCKET_LEVEL_READ = /^s3:(Get(?!Object)[A-Za-z]+|ListBucket)$/;

export const s3: ServicePermissions = {
  service: "s3",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html",
  types: {
    "aws:s3/bucket:Bucket": {
      // Object Lock at creation needs both: S3 user guide, "Configuring S3 Object Lock" (permissions).
      create: ["s3:CreateBucket", "s3:PutBucketTagging", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning"],
      read: BUCKET_READ,
      update: ["s3:PutBucketTagging"],
      // forceDestroy (dev) empties a versioned bucket with DeleteObjectVersion: break-glass only (below).
      delete: ["s3:DeleteBucket", "s3:ListBucketVersions"],
      breakGlassOnly: ["s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"],
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
      // DeleteBucketLifecycle is authorised as s3:PutLifecycleConfiguration.
      create: ["s3:PutLifecycleConfiguration"],
      read: ["s3:GetLifecycleConfiguration"],
      update: ["s3:PutLifecycleConfiguration"],
      delete: ["s3:PutLifecycleConfiguration"],
    },
    "aws:s3/bucketLogging:BucketLogging": { create: ["s3:PutBucketLogging"], read: ["s3:GetBucketLogging"], update: ["s3:PutBucketLogging"], delete: ["s3:PutBucketLogging"] },
    "aws:s3/bucketNotification:BucketNotification": {
      create: ["s3:PutBucketNotification"],
      read: ["s3:GetBucketNotification"],
      update: ["s3:PutBucketNotification"],
      delete: ["s3:PutBucketNotification"],
    },
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": {
      // Denied on the proof buckets (guardrails): their retention changes only by break-glass.
      create: ["s3:PutBucketObjectLockConfiguration"],
      read: ["s3:GetBucketObjectLockConfiguration"],
      update: ["s3:PutBucketObjectLockConfiguration"],
    },
    "aws:s3/bucketObjectv2:BucketObjectv2": {
      create: ["s3:PutObject", "s3:PutObjectTagging"],
      read: ["s3:GetObject", "s3:GetObjectTagging"],
      update: ["s3:PutObject", "s3:PutObjectTagging"],
      delete: ["s3:DeleteObject"],
      // The trust-store bucket is encrypted with a customer managed key.
      kmsVia: ["s3"],
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
      create: ["s3:PutBucketOwnershipControls"],
      read: ["s3:GetBucketOwnershipControls"],
      update: ["s3:PutBucketOwnershipControls"],
      delete: ["s3:PutBucketOwnershipControls"],
    },
    "aws:s3/bucketPolicy:BucketPolicy": {
      // Denied on the proof buckets (guardrails): their policy is created by the administrator's first `up`.
      create: ["s3:PutBucketPolicy"],
      read: ["s3:GetBucketPolicy"],
      update: ["s3:PutBucketPolicy"],
      delete: ["s3:DeleteBucketPolicy"],
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
      create: ["s3:PutBucketPublicAccessBlock"],
      read: ["s3:GetBucketPublicAccessBlock"],
      update: ["s3:PutBucketPublicAccessBlock"],
      delete: ["s3:PutBucketPublicAccessBlock"],
    },
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": {
      create: ["s3:PutReplicationConfiguration"],
      read: ["s3:GetReplicationConfiguration"],
      update: ["s3:PutReplicationConfiguration"],
      delete: ["s3:PutReplicationConfiguration"],
      passRoleTo: ["s3.amazonaws.com"],
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
      create: ["s3:PutEncryptionConfiguration"],
      read: ["s3:GetEncryptionConfiguration"],
      update: ["s3:PutEncryptionConfiguration"],
      delete: ["s3:PutEncryptionConfiguration"],
    },
    "aws:s3/bucketVersioning:BucketVersioning": { create: ["s3:PutBucketVersioning"], read: ["s3:GetBucketVersioning"], update: ["s3:PutBucketVersioning"] },
  },
  statements: (s, actions) =>
    place(
      "s3",
      actions,
      [
        // A failover stack imports the primary's replica (an import is a read of each setting, components/lib/bucket.ts)
        // and never writes it: its settings stay the primary's, and the failover's inputs ignore them.
        { sid: "ReadTheAdoptedReplica", takes: BUCKET_LEVEL_READ, resources: (x) => adoptedBuckets(x), shared: true, omit: s.adoptedBucketPrefix === undefined },
        { sid: "ThisStacksObjects", takes: /^s3:(Get|Put|Delete)Object/, resources: (x) => [trustStoreObjects(x)] },
        { sid: "ThisStacksBuckets", takes: /^s3:(CreateBucket|DeleteBucket|Get|Put|List)/, resources: (x) => [stackBuckets(x)] },
      ],
      s,
    ),
};

/**
 * The proof buckets (the record, its replica and their access logs, and a failover stack's adopted replica): bucket
 * policy, Object Lock, versioning and deletion are the break-glass role's (guardrails.ts). Names:
 * components/proof-store.ts (`<stack>-proofs`, `-replica`, `-logs`, autonamed with a suffix).
 */
export const proofBuckets = (s: DeployScope) => [global(s, "s3", `${s.prefix}-proofs-*`, false), ...adoptedBuckets(s)];
