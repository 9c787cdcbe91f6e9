/**
 * The ProofStore component (phase 2) on its own: encryption and which key, no public access, the TLS-only policy,
 * lifecycle, access logs, Object Lock, and the DR replication (region, key, role scope) when asked for.
 */
import { expect } from "chai";
import { resolveProofStoreArgs, validateProofStoreArgs } from "../components/data/proof-store";
import type { ProofStore } from "../components/data/proof-store";
import { MOCK_ACCOUNT_ID, Recorder, Registration, resolveDeep } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { keyAdminStatement, viaServiceStatement } from "./helpers/kms";

const BUCKET = "aws:s3/bucket:Bucket";
const KEY = "aws:kms/key:Key";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const NAME = "credlink-test-proofs";

async function build(args: Record<string, unknown>, withReplica = false) {
  const aws = await import("@pulumi/aws");
  const { ProofStore } = await import("../components/data/proof-store");
  return runComponent(() => {
    const replication = withReplica ? { region: "us-west-2", provider: new aws.Provider("aws-us-west-2", { region: "us-west-2" }) } : undefined;
    return new ProofStore(NAME, { replication, ...args });
  });
}

function tlsOnlyStatement(bucketArn: string) {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

function retentionDenyStatement(bucketArn: string, condition?: object) {
  return {
    Sid: "DenyRetentionBypassAndLockChanges",
    Effect: "Deny",
    Principal: "*",
    Action: ["s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration"],
    Resource: [bucketArn, `${bucketArn}/*`],
    ...(condition ? { Condition: condition } : {}),
  };
}

const BREAK_GLASS = "arn:aws:iam::123456789012:role/ops/credlink-break-glass";

/** Only the break-glass role may change a locked evidence bucket's default encryption. */
function encryptionChangeDenyStatement(bucketArn: string, breakGlass?: string) {
  return {
    Sid: "DenyDefaultEncryptionChanges",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:PutEncryptionConfiguration",
    Resource: bucketArn,
    ...(breakGlass ? { Condition: { ArnNotEquals: { "aws:PrincipalArn": breakGlass } } } : {}),
  };
}

/** The write rules, spelled out: only this key, only SSE-KMS, no SSE-C, only conditional writes; `exempt` (Backup) excepted. */
function writeRuleStatements(bucketArn: string, keyArn: string, exempt: string[] = [], match: "ArnNotEquals" | "ArnNotLike" = "ArnNotEquals") {
  const except = exempt.length ? { [match]: { "aws:PrincipalArn": exempt } } : {};
  const put = { Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${bucketArn}/*` };
  return [
    { Sid: "DenyWritesUnderAnotherKey", ...put, Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn }, ...except } },
    { Sid: "DenyWritesWithoutKms", ...put, Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" }, ...except } },
    { Sid: "DenyCustomerProvidedKeys", ...put, Condition: { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" }, ...except } },
    { Sid: "DenyWritesThatCouldReplaceAProof", ...put, Condition: { Null: { "s3:if-none-match": "true" }, Bool: { "s3:ObjectCreationOperation": "true" }, ...except } },
  ];
}

/** Every object action denied to all but `roles`. */
function objectAllowlistStatement(bucketArn: string, roles: string[], match: "ArnNotEquals" | "ArnNotLike" = "ArnNotEquals") {
  return {
    Sid: "DenyObjectAccessExceptNamedRoles",
    Effect: "Deny",
    Principal: "*",
    Action: ["s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*", "s3:RestoreObject", "s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
    Resource: `${bucketArn}/*`,
    Condition: { [match]: { "aws:PrincipalArn": roles } },
  };
}

const APP_ROLE = "arn:aws:iam::123456789012:role/credlink-test-task";
const COPY_ROLE = "arn:aws:iam::123456789012:role/credlink-test-r2-copy";
const BACKUP_ROLE = "arn:aws:iam::123456789012:role/credlink-test-backup";

/** The resource of `type` configuring `bucket` (by the bucket's id). */
function configOf(rec: Recorder, type: string, bucket: Registration): Registration {
  const found = rec.ofType(type).filter((r) => r.inputs.bucket === bucket.id);
  expect(found, `${type} for ${bucket.name}`).to.have.length(1);
  return found[0];
}

describe("ProofStore", () => {
  describe("GIVEN Object Lock for 365 days, no replication and protectData on", () => {
    let rec: Recorder;
    let store: ProofStore;
    before(async () => {
      ({ recorder: rec, result: store } = await build({ objectLockRetentionDays: 365, noncurrentExpirationDays: 730, protectData: true }));
    });

    it("WHEN built THEN the account may only administer the proof key, and use it only through S3 in this region", () => {
      expect(JSON.parse(rec.one(KEY, NAME).inputs.policy)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [keyAdminStatement(), viaServiceStatement("AllowS3InThisAccount", ["s3.us-east-1.amazonaws.com"])],
      });
    });

    it("WHEN built THEN the proof bucket is SSE-KMS with the store's own key and an S3 bucket key", () => {
      const bucket = rec.one(BUCKET, NAME);
      expect(configOf(rec, SSE, bucket).inputs.rules).to.deep.equal([
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: rec.one(KEY, NAME).state.arn }, bucketKeyEnabled: true },
      ]);
    });

    it("WHEN built THEN both buckets block all four kinds of public access and disable ACLs", () => {
      const buckets = rec.ofType(BUCKET);
      expect(buckets.map((b) => b.name)).to.have.members([NAME, `${NAME}-logs`]);
      for (const bucket of buckets) {
        expect(configOf(rec, PAB, bucket).inputs).to.deep.equal({
          bucket: bucket.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
        expect(configOf(rec, OWNERSHIP, bucket).inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
      }
    });

    it("WHEN built THEN both buckets are versioned and their policies start by denying every non-TLS request", () => {
      for (const bucket of rec.ofType(BUCKET)) {
        expect(configOf(rec, VERSIONING, bucket).inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
        const policy = configOf(rec, POLICY, bucket);
        expect(JSON.parse(policy.inputs.policy).Statement[0]).to.deep.equal(tlsOnlyStatement(bucket.state.arn));
        expect(policy.dependsOn).to.include(configOf(rec, PAB, bucket).urn);
      }
    });

    it("WHEN built without a break-glass role or an object allowlist THEN the locked bucket's policy denies everyone loosening retention or encryption, and holds every write to the rules", () => {
      const proofs = rec.one(BUCKET, NAME);
      expect(JSON.parse(configOf(rec, POLICY, proofs).inputs.policy)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          tlsOnlyStatement(proofs.state.arn),
          retentionDenyStatement(proofs.state.arn),
          encryptionChangeDenyStatement(proofs.state.arn),
          ...writeRuleStatements(proofs.state.arn, rec.one(KEY, NAME).state.arn),
        ],
      });
    });

    it("WHEN built THEN the policy goes on after the lifecycle and the lock it freezes", () => {
      const proofs = rec.one(BUCKET, NAME);
      expect(configOf(rec, POLICY, proofs).dependsOn).to.include.members([configOf(rec, LIFECYCLE, proofs).urn, configOf(rec, LOCK, proofs).urn]);
    });

    it("WHEN built THEN noncurrent proofs move to STANDARD_IA after 30 days and expire after 730, and stale uploads are aborted after 7", () => {
      expect(configOf(rec, LIFECYCLE, rec.one(BUCKET, NAME)).inputs.rules).to.deep.equal([
        {
          id: "noncurrent-versions",
          status: "Enabled",
          filter: {},
          noncurrentVersionTransitions: [{ noncurrentDays: 30, storageClass: "STANDARD_IA" }],
          noncurrentVersionExpiration: { noncurrentDays: 730 },
        },
        { id: "abort-incomplete-multipart-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
      ]);
    });

    it("WHEN built THEN the proof bucket logs to the log bucket, which is SSE-S3, expires logs after 90 days and admits only S3 log delivery for this bucket", () => {
      const proofs = rec.one(BUCKET, NAME);
      const logs = rec.one(BUCKET, `${NAME}-logs`);
      expect(configOf(rec, LOGGING, proofs).inputs).to.deep.equal({ bucket: proofs.id, targetBucket: logs.id, targetPrefix: "s3-access/" });
      expect(rec.ofType(LOGGING)).to.have.length(1);
      expect(configOf(rec, SSE, logs).inputs.rules).to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
      expect(configOf(rec, LIFECYCLE, logs).inputs.rules[0]).to.deep.include({ expiration: { days: 90 } });
      expect(JSON.parse(configOf(rec, POLICY, logs).inputs.policy).Statement[1]).to.deep.equal({
        Sid: "AllowS3ServerAccessLogDelivery",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${logs.state.arn}/*`,
        Condition: { ArnLike: { "aws:SourceArn": proofs.state.arn }, StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
      });
    });

    it("WHEN built THEN Object Lock is enabled at creation with a 365-day GOVERNANCE default retention", () => {
      const proofs = rec.one(BUCKET, NAME);
      expect(proofs.inputs.objectLockEnabled).to.equal(true);
      expect(configOf(rec, LOCK, proofs).inputs).to.deep.equal({
        bucket: proofs.id,
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: "GOVERNANCE", days: 365 } },
      });
      expect(rec.ofType(LOCK)).to.have.length(1);
    });

    it("WHEN built THEN nothing is replicated", () => {
      expect(rec.ofType(REPLICATION)).to.deep.equal([]);
      expect(store.replicaBucketArn).to.equal(undefined);
    });

    it("WHEN built THEN exactly the buckets and the key are protected and retained, and the buckets refuse forceDestroy", () => {
      const kept = rec.all.filter((r) => r.protect || r.retainOnDelete).map((r) => `${r.type} ${r.name} ${r.protect} ${r.retainOnDelete}`);
      expect(kept).to.have.members([`${BUCKET} ${NAME} true true`, `${BUCKET} ${NAME}-logs true true`, `${KEY} ${NAME} true true`]);
      expect(kept).to.have.length(3);
      expect(rec.ofType(BUCKET).map((b) => b.inputs.forceDestroy)).to.deep.equal([false, false]);
    });

    it("WHEN built THEN the component exports the bucket's name and ARN, the key and the log bucket", async () => {
      const proofs = rec.one(BUCKET, NAME).state;
      expect(await resolveDeep({ n: store.bucketName, a: store.bucketArn, k: store.keyArn, l: store.accessLogBucketName })).to.deep.equal({
        n: proofs.bucket,
        a: proofs.arn,
        k: rec.one(KEY, NAME).state.arn,
        l: rec.one(BUCKET, `${NAME}-logs`).state.bucket,
      });
    });
  });

  describe("GIVEN replication to us-west-2 with Object Lock", () => {
    let rec: Recorder;
    let dr: Registration;
    before(async () => {
      rec = (await build({ objectLockRetentionDays: 365, noncurrentExpirationDays: 730, protectData: true }, true)).recorder;
      dr = rec.one("pulumi:providers:aws", "aws-us-west-2");
    });

    it("WHEN built THEN the replica bucket, its log bucket and its key (with alias) are created through the DR provider, and nothing else is", () => {
      const drRef = `${dr.urn}::${dr.id}`;
      const inDr = rec.all.filter((r) => r.provider === drRef).map((r) => `${r.type} ${r.name}`);
      const drConfig = [SSE, PAB, OWNERSHIP, VERSIONING, POLICY, LIFECYCLE];
      expect(inDr).to.have.members([
        `${KEY} ${NAME}-replica`,
        `aws:kms/alias:Alias ${NAME}-replica`,
        `${BUCKET} ${NAME}-replica`,
        `${BUCKET} ${NAME}-replica-logs`,
        ...drConfig.map((t) => `${t} ${NAME}-replica`),
        ...drConfig.map((t) => `${t} ${NAME}-replica-logs`),
        `${LOCK} ${NAME}-replica`,
        `${LOGGING} ${NAME}-replica-logs`,
      ]);
      expect(inDr).to.have.length(18);
    });

    it("WHEN built THEN every new version goes to the replica, re-encrypted with the DR key, with replication metrics; delete markers stay behind", () => {
      const replication = rec.one(REPLICATION, NAME);
      expect(replication.inputs).to.deep.equal({
        bucket: rec.one(BUCKET, NAME).id,
        role: rec.one("aws:iam/role:Role", `${NAME}-replication`).state.arn,
        rules: [
          {
            id: "proofs-to-dr",
            status: "Enabled",
            filter: {},
            deleteMarkerReplication: { status: "Disabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
              bucket: rec.one(BUCKET, `${NAME}-replica`).state.arn,
              storageClass: "STANDARD",
              encryptionConfiguration: { replicaKmsKeyId: rec.one(KEY, `${NAME}-replica`).state.arn },
              // The ops alarms' OperationsFailedReplication; no Replication Time Control, so no eventThreshold (S3
              // refuses one without RTC).
              metrics: { status: "Enabled" },
            },
          },
        ],
      });
      expect(replication.dependsOn).to.include.members([
        configOf(rec, VERSIONING, rec.one(BUCKET, NAME)).urn,
        configOf(rec, VERSIONING, rec.one(BUCKET, `${NAME}-replica`)).urn,
        // S3 replicates with the role as soon as the rule exists: its policy must be there first.
        rec.one("aws:iam/rolePolicy:RolePolicy", `${NAME}-replication`).urn,
      ]);
    });

    it("WHEN built THEN the replica is SSE-KMS with the DR key and has Object Lock like the source", () => {
      const replica = rec.one(BUCKET, `${NAME}-replica`);
      expect(configOf(rec, SSE, replica).inputs.rules[0].applyServerSideEncryptionByDefault).to.deep.equal({
        sseAlgorithm: "aws:kms",
        kmsMasterKeyId: rec.one(KEY, `${NAME}-replica`).state.arn,
      });
      expect(replica.inputs.objectLockEnabled).to.equal(true);
      expect(configOf(rec, LOCK, replica).inputs.rule).to.deep.equal({ defaultRetention: { mode: "GOVERNANCE", days: 365 } });
    });

    it("WHEN built THEN the replication role is assumable by S3 for this bucket only and can touch only the two buckets and two keys", () => {
      const source = rec.one(BUCKET, NAME).state.arn;
      const replica = rec.one(BUCKET, `${NAME}-replica`).state.arn;
      const role = rec.one("aws:iam/role:Role", `${NAME}-replication`);
      expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([
        {
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID }, ArnLike: { "aws:SourceArn": source } },
        },
      ]);
      const policy = rec.one("aws:iam/rolePolicy:RolePolicy", `${NAME}-replication`);
      expect(policy.inputs.role).to.equal(role.id);
      expect(JSON.parse(policy.inputs.policy).Statement).to.deep.equal([
        { Sid: "ReadSourceBucketConfiguration", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: source },
        {
          Sid: "ReadSourceObjectVersions",
          Effect: "Allow",
          Action: [
            "s3:GetObjectVersionForReplication",
            "s3:GetObjectVersionAcl",
            "s3:GetObjectVersionTagging",
            "s3:GetObjectRetention",
            "s3:GetObjectLegalHold",
          ],
          Resource: `${source}/*`,
        },
        { Sid: "WriteReplicas", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateTags"], Resource: `${replica}/*` },
        {
          Sid: "DecryptSourceObjects",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: rec.one(KEY, NAME).state.arn,
          Condition: {
            StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [source, `${source}/*`] },
          },
        },
        {
          Sid: "EncryptReplicas",
          Effect: "Allow",
          Action: ["kms:Encrypt", "kms:GenerateDataKey"],
          Resource: rec.one(KEY, `${NAME}-replica`).state.arn,
          Condition: {
            StringEquals: { "kms:ViaService": "s3.us-west-2.amazonaws.com" },
            StringLike: { "kms:EncryptionContext:aws:s3:arn": [replica, `${replica}/*`] },
          },
        },
      ]);
    });

    it("WHEN built THEN the account may only administer the DR key, and use it only through S3 in the DR region", () => {
      expect(JSON.parse(rec.one(KEY, `${NAME}-replica`).inputs.policy)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [keyAdminStatement(), viaServiceStatement("AllowS3InThisAccount", ["s3.us-west-2.amazonaws.com"])],
      });
    });

    it("WHEN built THEN no two resources share a URN", () => {
      expect(rec.duplicateUrns()).to.deep.equal([]);
    });
  });

  it("GIVEN COMPLIANCE mode, a break-glass role and the object roles WHEN built THEN both locked buckets use COMPLIANCE, exempt only that role from the locks' denies, and admit only their writers", async () => {
    const { recorder } = await build(
      {
        objectLockRetentionDays: 365,
        noncurrentExpirationDays: 730,
        objectLockMode: "COMPLIANCE",
        breakGlassRoleArn: BREAK_GLASS,
        objectAccess: { roleArns: [APP_ROLE, COPY_ROLE], backupRoleArn: BACKUP_ROLE },
        replicaAccess: { rolePrefixes: ["credlink-test-proofs-replication-", "credlink-test-backup-", "credlink-test-dr-task-"], backupRolePrefixes: ["credlink-test-backup-"] },
      },
      true,
    );
    const replication = recorder.one("aws:iam/role:Role", `${NAME}-replication`).state.arn;
    const keyOf = (name: string) => recorder.one(KEY, name).state.arn;
    const like = (prefix: string) => `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${prefix}*`;
    // The record admits the app, the R2 copy, Backup and replication, by ARN; the replica its writers by name prefix
    // (replication, Backup, a failover stack's task role), as a failover stack that adopts it must write it too.
    const expected: [string, string, string[], string[], "ArnNotEquals" | "ArnNotLike"][] = [
      [NAME, keyOf(NAME), [APP_ROLE, COPY_ROLE, BACKUP_ROLE, replication], [BACKUP_ROLE], "ArnNotEquals"],
      [
        `${NAME}-replica`,
        keyOf(`${NAME}-replica`),
        [like("credlink-test-proofs-replication-"), like("credlink-test-backup-"), like("credlink-test-dr-task-")],
        [like("credlink-test-backup-")],
        "ArnNotLike",
      ],
    ];
    for (const [name, keyArn, roles, backup, match] of expected) {
      const bucket = recorder.one(BUCKET, name);
      expect(configOf(recorder, LOCK, bucket).inputs.rule, name).to.deep.equal({ defaultRetention: { mode: "COMPLIANCE", days: 365 } });
      expect(JSON.parse(configOf(recorder, POLICY, bucket).inputs.policy).Statement, name).to.deep.equal([
        tlsOnlyStatement(bucket.state.arn),
        retentionDenyStatement(bucket.state.arn, { ArnNotEquals: { "aws:PrincipalArn": BREAK_GLASS } }),
        encryptionChangeDenyStatement(bucket.state.arn, BREAK_GLASS),
        ...writeRuleStatements(bucket.state.arn, keyArn, backup, match),
        objectAllowlistStatement(bucket.state.arn, roles, match),
      ]);
    }
    // The record's policy names the replication role, so it waits for it (S3 trusts that role for this bucket only).
    const recordPolicy = configOf(recorder, POLICY, recorder.one(BUCKET, NAME));
    expect(recordPolicy.dependsOn).to.include(recorder.one("aws:iam/role:Role", `${NAME}-replication`).urn);
    for (const name of [`${NAME}-logs`, `${NAME}-replica-logs`]) {
      const statements = JSON.parse(configOf(recorder, POLICY, recorder.one(BUCKET, name)).inputs.policy).Statement;
      expect(statements.map((s: { Sid: string }) => s.Sid), name).to.deep.equal(["DenyInsecureTransport", "AllowS3ServerAccessLogDelivery"]);
    }
  });

  it("GIVEN protectData off and no Object Lock WHEN built THEN buckets can be force-destroyed, nothing is protected, and no lock is configured", async () => {
    const { recorder } = await build({ protectData: false });
    expect(recorder.ofType(BUCKET).map((b) => b.inputs.forceDestroy)).to.deep.equal([true, true]);
    expect(recorder.one(BUCKET, NAME).inputs).to.not.have.property("objectLockEnabled");
    expect(recorder.ofType(LOCK)).to.deep.equal([]);
    // Without a lock there is no retention to protect, and the lifecycle stays editable by the deployer; the write rules stay.
    expect(JSON.parse(configOf(recorder, POLICY, recorder.one(BUCKET, NAME)).inputs.policy).Statement).to.deep.equal([
      tlsOnlyStatement(recorder.one(BUCKET, NAME).state.arn),
      ...writeRuleStatements(recorder.one(BUCKET, NAME).state.arn, recorder.one(KEY, NAME).state.arn),
    ]);
    expect(recorder.all.filter((r) => r.protect || r.retainOnDelete).map((r) => r.urn)).to.deep.equal([]);
  });
});

describe("ProofStore argument validation", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "a replica allowlist of no role",
      { replicaAccess: { rolePrefixes: [], backupRolePrefixes: [] } },
      "replicaAccess.rolePrefixes must name at least one role prefix: an empty allowlist denies every object action, replication's included",
    ],
    [
      "a replica role prefix without its trailing dash",
      { replicaAccess: { rolePrefixes: ["credlink-prod-backup"], backupRolePrefixes: [] } },
      'replicaAccess.rolePrefixes must be IAM role-name prefixes ending with "-" (at most 56 characters), got "credlink-prod-backup"',
    ],
    [
      "a Backup prefix that is not among the allowed roles",
      { replicaAccess: { rolePrefixes: ["credlink-prod-proofs-replication-"], backupRolePrefixes: ["credlink-prod-backup-"] } },
      'replicaAccess.backupRolePrefixes must each be one of rolePrefixes, got "credlink-prod-backup-"',
    ],
    ["a transition before S3's 30-day minimum", { noncurrentTransitionDays: 10 }, "noncurrentTransitionDays must be an integer from 30 (S3's minimum for STANDARD_IA) to 3650, got 10"],
    ["an expiry before the transition", { noncurrentExpirationDays: 30 }, "noncurrentExpirationDays must be an integer greater than noncurrentTransitionDays (30), got 30"],
    [
      "an expiry shorter than the lock",
      { objectLockRetentionDays: 365, noncurrentExpirationDays: 200 },
      "noncurrentExpirationDays must be at least objectLockRetentionDays (365): locked versions cannot expire earlier, got 200",
    ],
    ["a bad DR region", { replication: { region: "west", provider: undefined } }, 'replication.region must be an AWS region name like "us-west-2", got "west"'],
    ["a lowercase lock mode", { objectLockMode: "governance" }, 'objectLockMode must be one of "GOVERNANCE" | "COMPLIANCE", got "governance"'],
    ...["arn:aws:iam::123456789012:user/alice", "arn:aws:iam::12345678901:role/x", "arn:aws:sts::123456789012:assumed-role/x/s", "credlink-break-glass", `arn:aws:iam::123456789012:role/${"r".repeat(65)}`].map(
      (arn): [string, Record<string, unknown>, string] => [
        `the break-glass ARN ${arn.slice(0, 40)}`,
        { breakGlassRoleArn: arn },
        `breakGlassRoleArn must be an IAM role ARN like "arn:aws:iam::123456789012:role/credlink-break-glass", got "${arn}"`,
      ],
    ),
  ];
  for (const [label, patch, message] of cases) {
    it(`GIVEN ${label} WHEN the component validates THEN it throws naming the argument`, () => {
      expect(() => validateProofStoreArgs(resolveProofStoreArgs(patch as never))).to.throw(message);
    });
  }

  it("GIVEN a replica role prefix of 56 characters THEN accepted (an autonamed role's 64, less its 8-character suffix); 57 THEN rejected", () => {
    const access = (prefix: string) => ({ replicaAccess: { rolePrefixes: [prefix], backupRolePrefixes: [] } });
    expect(() => validateProofStoreArgs(resolveProofStoreArgs(access(`${"r".repeat(55)}-`)))).not.to.throw();
    expect(() => validateProofStoreArgs(resolveProofStoreArgs(access(`${"r".repeat(56)}-`)))).to.throw("replicaAccess.rolePrefixes must be IAM role-name prefixes");
  });

  it("GIVEN a role ARN with a path, or a 64-character name WHEN validated THEN it is accepted as the break-glass role", () => {
    for (const arn of [BREAK_GLASS, `arn:aws:iam::123456789012:role/${"r".repeat(64)}`]) {
      expect(() => validateProofStoreArgs(resolveProofStoreArgs({ breakGlassRoleArn: arn }))).to.not.throw();
    }
  });

  it("GIVEN no args WHEN defaults are applied THEN they are the documented ones", () => {
    expect(resolveProofStoreArgs({})).to.deep.equal({
      noncurrentTransitionDays: 30,
      noncurrentExpirationDays: 365,
      abortIncompleteUploadDays: 7,
      accessLogRetentionDays: 90,
      objectLockRetentionDays: undefined,
      objectLockMode: "GOVERNANCE",
      breakGlassRoleArn: undefined,
      replication: undefined,
      protectData: true,
      keyDeletionWindowDays: 30,
      objectAccess: undefined,
      keyAdministrators: undefined,
      adopt: undefined,
      replicaAccess: undefined,
    });
  });
});
