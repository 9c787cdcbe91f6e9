import * as crypto from "node:crypto";
import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../lib/aws-context";
import { cloudWatchLogsStatement, createKmsKey, KeyAdministrators, viaServiceStatement } from "../lib/kms";
import { serviceTrustPolicy } from "../lib/iam";

/** R2 bucket locations (R2 docs, "Data location", location hints). */
export const R2_LOCATIONS = ["wnam", "enam", "weur", "eeur", "apac", "oc"] as const;
export type R2Location = (typeof R2_LOCATIONS)[number];

/** The permission group a bucket-scoped token needs to write objects (R2 docs, "Authentication", Permissions). */
export const R2_WRITE_PERMISSION_GROUP = "Workers R2 Storage Bucket Item Write";

/** The Lambda runtime: Node.js 22 ships the AWS SDK v3 (@aws-sdk/client-s3, client-secrets-manager). */
export const R2_COPY_RUNTIME = "nodejs22.x";

/** The copy function's timeout; the queue's visibility timeout is six times it (Lambda docs, SQS event sources). */
export const R2_COPY_TIMEOUT_SECONDS = 60;

/** Receives before a message goes to the dead-letter queue. */
export const R2_COPY_MAX_RECEIVES = 5;

/**
 * The copy function (ESM, inline). For each S3 object-created event it reads that version of the proof from S3 and puts
 * it to R2 under `<key>/<versionId>` with `If-None-Match: *`: R2 has no versioning, so each version gets a key of its
 * own, and a retry (or a duplicate event) finds the object there (412) and never overwrites it. Failures are reported
 * per message (ReportBatchItemFailures); after R2_COPY_MAX_RECEIVES receives a message moves to the dead-letter queue.
 * Each put carries the SHA-256 of the bytes read from S3 (x-amz-checksum-sha256): R2 recomputes it and refuses a body
 * that does not match (BadDigest), so a copy is the proof's exact bytes or nothing. R2 supports SHA-256 checksums on
 * PutObject through its S3 API ("S3 API compatibility", checksum types:
 * https://developers.cloudflare.com/r2/api/s3/api/). The body is read into memory to hash it first: proofs are
 * documents, far below the function's memory.
 */
export const R2_COPY_HANDLER = `import { createHash } from "node:crypto";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

const s3 = new S3Client({});
const secrets = new SecretsManagerClient({});
let r2;

/** The R2 client, from the credentials in Secrets Manager (read once per execution environment). */
async function target() {
  if (r2) return r2;
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: process.env.R2_SECRET_ARN }));
  const c = JSON.parse(out.SecretString);
  r2 = {
    bucket: c.bucket,
    client: new S3Client({
      region: "auto",
      endpoint: c.endpoint,
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    }),
  };
  return r2;
}

async function copy(key, versionId) {
  const { client, bucket } = await target();
  const source = await s3.send(
    new GetObjectCommand({ Bucket: process.env.SOURCE_BUCKET, Key: key, VersionId: versionId === "null" ? undefined : versionId }),
  );
  const bytes = await source.Body.transformToByteArray();
  // R2 verifies this against what it receives and refuses a mismatch (BadDigest): the copy is these exact bytes.
  const sha256 = createHash("sha256").update(bytes).digest("base64");
  try {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key + "/" + versionId,
        Body: bytes,
        ChecksumSHA256: sha256,
        ContentLength: bytes.length,
        ContentType: source.ContentType,
        Metadata: { "source-key": key, "source-version-id": versionId, "source-etag": String(source.ETag ?? "").replace(/"/g, "") },
        IfNoneMatch: "*",
      }),
    );
    console.log(JSON.stringify({ copied: key, versionId }));
  } catch (e) {
    if (e?.$metadata?.httpStatusCode === 412) {
      console.log(JSON.stringify({ alreadyCopied: key, versionId }));
      return;
    }
    throw e;
  }
}

export const handler = async (event) => {
  const batchItemFailures = [];
  for (const message of event.Records ?? []) {
    try {
      const body = JSON.parse(message.body);
      // s3:TestEvent (sent when the notification is created) has no Records.
      for (const record of body.Records ?? []) {
        if (record.s3?.bucket?.name !== process.env.SOURCE_BUCKET) throw new Error("event from an unexpected bucket: " + record.s3?.bucket?.name);
        const key = decodeURIComponent(record.s3.object.key.replace(/\\+/g, " "));
        await copy(key, record.s3.object.versionId ?? "null");
      }
    } catch (e) {
      console.error(JSON.stringify({ messageId: message.messageId, error: String(e) }));
      batchItemFailures.push({ itemIdentifier: message.messageId });
    }
  }
  return { batchItemFailures };
};
`;

export interface R2CopyArgs {
  /** The Cloudflare account that owns the R2 bucket (32 hex characters; a secret in the stack config). */
  readonly accountId: pulumi.Input<string>;
  /** The R2 bucket's name: 3-63 of [a-z0-9-], starting and ending with a letter or digit. */
  readonly bucketName: string;
  /** R2 location hint. @default "enam" (eastern North America) */
  readonly location?: R2Location;
  /** Lock every object for this many days (the proof bucket's Object Lock period); absent = locked indefinitely. @default undefined */
  readonly lockDays?: number;
  /** The proof bucket. */
  readonly proofBucketName: pulumi.Input<string>;
  readonly proofBucketArn: pulumi.Input<string>;
  /** The proof bucket's KMS key (the function decrypts through S3 only). */
  readonly proofBucketKeyArn: pulumi.Input<string>;
  /** The private subnets the function runs in. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly vpcId: pulumi.Input<string>;
  /** The topic the dead-letter alarm notifies. */
  readonly notifyTopicArn: pulumi.Input<string>;
  /** Days the function's logs are kept (a CloudWatch retention). @default 90 */
  readonly logRetentionDays?: number;
  /** Days a scheduled deletion of the copy's key waits, 7-30. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** `protect` + `retainOnDelete` on the R2 bucket (prod). @default true */
  readonly protectData?: boolean;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
  /** The stack's permissions boundary, on every role this component creates. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
}

type OptionalR2CopyArgs = "lockDays" | "keyAdministrators" | "permissionsBoundary";
export type ResolvedR2CopyArgs = Required<Omit<R2CopyArgs, OptionalR2CopyArgs>> & Pick<R2CopyArgs, OptionalR2CopyArgs>;

/** Applies the documented defaults. The single place they live. */
export function resolveR2CopyArgs(args: R2CopyArgs): ResolvedR2CopyArgs {
  return {
    ...args,
    location: args.location ?? "enam",
    logRetentionDays: args.logRetentionDays ?? 90,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    protectData: args.protectData ?? true,
  };
}

/** R2 bucket names (R2 docs, "Create new buckets", bucket name rules). */
export const R2_BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const LOG_RETENTIONS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Throws an Error naming the argument when a plain value is out of range. */
export function validateR2CopyArgs(args: ResolvedR2CopyArgs): void {
  if (typeof args.accountId === "string" && !/^[0-9a-f]{32}$/.test(args.accountId)) {
    throw new Error("accountId must be a Cloudflare account id (32 lowercase hex characters); the value is a secret and is not shown");
  }
  if (!R2_BUCKET_NAME_PATTERN.test(args.bucketName)) {
    throw new Error(`bucketName must be 3-63 of [a-z0-9-], starting and ending with a letter or digit (R2 bucket name rules), got ${JSON.stringify(args.bucketName)}`);
  }
  if (!R2_LOCATIONS.includes(args.location)) {
    throw new Error(`location must be one of ${R2_LOCATIONS.map((l) => `"${l}"`).join(" | ")}, got ${JSON.stringify(args.location)}`);
  }
  if (args.lockDays !== undefined && (!Number.isInteger(args.lockDays) || args.lockDays < 1 || args.lockDays > 36500)) {
    throw new Error(`lockDays must be an integer from 1 to 36500, or absent (locked indefinitely), got ${args.lockDays}`);
  }
  if (!LOG_RETENTIONS.includes(args.logRetentionDays)) {
    throw new Error(`logRetentionDays must be a CloudWatch retention (${LOG_RETENTIONS.join(", ")}), got ${args.logRetentionDays}`);
  }
  if (!Number.isInteger(args.keyDeletionWindowDays) || args.keyDeletionWindowDays < 7 || args.keyDeletionWindowDays > 30) {
    throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  }
}

/** The S3-compatible secret access key of an R2 API token: the SHA-256 of the token's value, in hex (R2 docs, "Authentication"). */
export function r2SecretAccessKey(tokenValue: string): string {
  return crypto.createHash("sha256").update(tokenValue).digest("hex");
}

/** The copy function's log group name. */
export const r2CopyLogGroupName = (name: string) => `/aws/lambda/${name}-r2-copy`;

/**
 * A third copy of every proof version, held by a second provider: an R2 bucket with a bucket lock, written by a small
 * Lambda that S3 object-created events reach through an encrypted SQS queue.
 *
 * - R2: the bucket, an R2BucketLock rule (indefinite, or `lockDays`), and a token scoped to that bucket's objects;
 *   the token's S3 credentials go to a Secrets Manager secret (the function reads them at start).
 * - AWS: one CMK for the queue, the dead-letter queue, the secret and the function's log group; the queue policy lets
 *   only the proof bucket's notifications in; the function runs in the private subnets with a 443-only egress group,
 *   and its role reads only the proof bucket (through its key), the queue, the secret, and writes its own logs.
 * - A dead-letter queue after R2_COPY_MAX_RECEIVES receives, with an alarm to the notify topic.
 *
 * R2 is not the record: no versioning, locks an account admin can remove, one region (README, "R2: what it is not").
 * Pass both the AWS and the Cloudflare provider in `providers`.
 */
export class R2Copy extends pulumi.ComponentResource {
  public readonly r2BucketName: pulumi.Output<string>;
  public readonly queueArn: pulumi.Output<string>;
  public readonly deadLetterQueueArn: pulumi.Output<string>;
  public readonly functionName: pulumi.Output<string>;
  /** The copy function's role: the proof bucket's object allowlist names it (it reads every new proof version). */
  public readonly functionRoleArn: pulumi.Output<string>;
  public readonly secretArn: pulumi.Output<string>;
  public readonly deadLetterAlarmName: pulumi.Output<string>;

  constructor(name: string, args: R2CopyArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:data:R2Copy", name, {}, opts);
    const resolved = resolveR2CopyArgs(args);
    validateR2CopyArgs(resolved);
    const ctx = awsContext(this);

    const r2 = this.createR2(name, resolved);
    const logGroupName = r2CopyLogGroupName(name);
    const logGroupArn = pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${logGroupName}`;
    const { key } = createKmsKey(
      `${name}-r2-copy`,
      {
        description: `CredLink ${name}: encrypts the R2 copy's queues, its R2 credentials secret and its function's logs`,
        deletionWindowInDays: resolved.keyDeletionWindowDays,
        administrators: args.keyAdministrators,
        statements: [
          viaServiceStatement("AllowSqsAndSecretsManagerInThisAccount", [pulumi.interpolate`sqs.${ctx.region}.amazonaws.com`, pulumi.interpolate`secretsmanager.${ctx.region}.amazonaws.com`], ctx),
          {
            Sid: "AllowProofBucketNotificationsToTheQueue",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: "*",
            Condition: { ArnLike: { "aws:SourceArn": resolved.proofBucketArn }, StringEquals: { "aws:SourceAccount": ctx.accountId } },
          },
          cloudWatchLogsStatement("AllowCloudWatchLogsForTheFunctionLogGroup", logGroupArn, ctx),
        ],
      },
      ctx,
      this,
    );

    const secret = new aws.secretsmanager.Secret(
      `${name}-r2-credentials`,
      { description: `CredLink ${name}: S3 credentials of the R2 token scoped to ${resolved.bucketName}`, kmsKeyId: key.arn, recoveryWindowInDays: 7 },
      { parent: this },
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-r2-credentials`,
      {
        secretId: secret.id,
        secretString: pulumi.secret(
          pulumi.all([r2.token.id, r2.token.value, resolved.accountId]).apply(([id, value, accountId]) =>
            JSON.stringify({
              accessKeyId: id,
              secretAccessKey: r2SecretAccessKey(value),
              endpoint: `https://${accountId}.r2.cloudflarestorage.com`,
              bucket: resolved.bucketName,
            }),
          ),
        ),
      },
      { parent: this },
    );

    const deadLetter = new aws.sqs.Queue(
      `${name}-r2-copy-dlq`,
      { kmsMasterKeyId: key.arn, kmsDataKeyReusePeriodSeconds: 3600, messageRetentionSeconds: 14 * 24 * 3600 },
      { parent: this },
    );
    const queue = new aws.sqs.Queue(
      `${name}-r2-copy`,
      {
        kmsMasterKeyId: key.arn,
        kmsDataKeyReusePeriodSeconds: 3600,
        visibilityTimeoutSeconds: 6 * R2_COPY_TIMEOUT_SECONDS,
        messageRetentionSeconds: 4 * 24 * 3600,
        redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: R2_COPY_MAX_RECEIVES }),
      },
      { parent: this },
    );
    const queuePolicy = new aws.sqs.QueuePolicy(
      `${name}-r2-copy`,
      {
        queueUrl: queue.url,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ProofBucketObjectCreatedEvents",
              Effect: "Allow",
              Principal: { Service: "s3.amazonaws.com" },
              Action: "sqs:SendMessage",
              Resource: queue.arn,
              Condition: { ArnLike: { "aws:SourceArn": resolved.proofBucketArn }, StringEquals: { "aws:SourceAccount": ctx.accountId } },
            },
          ],
        }),
      },
      { parent: this },
    );
    new aws.s3.BucketNotification(
      `${name}-r2-copy`,
      { bucket: resolved.proofBucketName, queues: [{ id: "r2-copy", queueArn: queue.arn, events: ["s3:ObjectCreated:*"] }] },
      { parent: this, dependsOn: [queuePolicy] },
    );

    const fn = this.createFunction(name, resolved, { queueArn: queue.arn, keyArn: key.arn, secretArn: secret.arn, logGroupName, logGroupArn, ctx });
    new aws.lambda.EventSourceMapping(
      `${name}-r2-copy`,
      {
        eventSourceArn: queue.arn,
        functionName: fn.arn,
        batchSize: 10,
        functionResponseTypes: ["ReportBatchItemFailures"],
        enabled: true,
        // A few copies at once (R2 and the NAT gateways need no thundering herd). The event source's own cap, not the
        // function's reserved concurrency: a new account's whole quota can be 10, and reserving from it can fail.
        scalingConfig: { maximumConcurrency: 2 },
      },
      { parent: this },
    );

    const alarm = new aws.cloudwatch.MetricAlarm(
      `${name}-r2-copy-dlq`,
      {
        alarmDescription: `[notify] CredLink ${name}: proof versions failed to copy to R2 ${R2_COPY_MAX_RECEIVES} times and wait in the dead-letter queue; see the function's logs, then redrive`,
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: deadLetter.name },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        // SQS publishes the metric every 5 minutes while the queue exists: silence means nothing is waiting.
        treatMissingData: "notBreaching",
        alarmActions: [resolved.notifyTopicArn],
        okActions: [resolved.notifyTopicArn],
      },
      { parent: this },
    );

    this.r2BucketName = r2.bucket.name;
    this.queueArn = queue.arn;
    this.deadLetterQueueArn = deadLetter.arn;
    this.functionName = fn.name;
    this.functionRoleArn = fn.role;
    this.secretArn = secret.arn;
    this.deadLetterAlarmName = alarm.name;
    this.registerOutputs({
      r2BucketName: this.r2BucketName,
      queueArn: this.queueArn,
      deadLetterQueueArn: this.deadLetterQueueArn,
      functionName: this.functionName,
      functionRoleArn: this.functionRoleArn,
      secretArn: this.secretArn,
      deadLetterAlarmName: this.deadLetterAlarmName,
    });
  }

  /** The R2 bucket, its lock and a token that may only read and write that bucket's objects. */
  private createR2(name: string, args: ResolvedR2CopyArgs) {
    const bucket = new cloudflare.R2Bucket(
      `${name}-r2`,
      { accountId: args.accountId, name: args.bucketName, location: args.location, storageClass: "Standard" },
      { parent: this, protect: args.protectData, retainOnDelete: args.protectData },
    );
    new cloudflare.R2BucketLock(
      `${name}-r2`,
      {
        accountId: args.accountId,
        bucketName: bucket.name,
        rules: [
          {
            id: "retain-proof-copies",
            enabled: true,
            prefix: "",
            condition: args.lockDays === undefined ? { type: "Indefinite" } : { type: "Age", maxAgeSeconds: args.lockDays * 24 * 3600 },
          },
        ],
      },
      { parent: this },
    );
    const groups = cloudflare.getApiTokenPermissionGroupsListOutput({ name: encodeURIComponent(R2_WRITE_PERMISSION_GROUP) }, { parent: this });
    const permissionGroupId = groups.results.apply((results) => {
      const group = results.find((g) => g.name === R2_WRITE_PERMISSION_GROUP);
      if (!group) throw new Error(`Cloudflare has no API token permission group named "${R2_WRITE_PERMISSION_GROUP}"`);
      return group.id;
    });
    const token = new cloudflare.ApiToken(
      `${name}-r2`,
      {
        name: `${name} R2 copy writer (${args.bucketName})`,
        policies: [
          {
            effect: "allow",
            permissionGroups: [{ id: permissionGroupId }],
            resources: pulumi.jsonStringify(pulumi.output(args.accountId).apply((account) => ({ [`com.cloudflare.edge.r2.bucket.${account}_default_${args.bucketName}`]: "*" }))),
          },
        ],
      },
      { parent: this, additionalSecretOutputs: ["value"] },
    );
    return { bucket, token };
  }

  /** The copy function: inline code, in the private subnets, with its own log group, group and role. */
  private createFunction(
    name: string,
    args: ResolvedR2CopyArgs,
    refs: { queueArn: pulumi.Output<string>; keyArn: pulumi.Output<string>; secretArn: pulumi.Output<string>; logGroupName: string; logGroupArn: pulumi.Output<string>; ctx: ReturnType<typeof awsContext> },
  ): aws.lambda.Function {
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-r2-copy`,
      { name: refs.logGroupName, retentionInDays: args.logRetentionDays, kmsKeyId: refs.keyArn },
      { parent: this },
    );
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-r2-copy`,
      { vpcId: args.vpcId, description: `CredLink ${name}: the R2 copy function (no ingress; HTTPS out to S3, Secrets Manager and R2)` },
      { parent: this },
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-r2-copy-https`,
      {
        securityGroupId: securityGroup.id,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
        description: "HTTPS to S3, Secrets Manager and the R2 endpoint through the NAT gateways",
      },
      { parent: this },
    );
    const role = new aws.iam.Role(
      `${name}-r2-copy`,
      {
        description: `CredLink ${name}: the R2 copy function; reads new proof versions and writes its logs`,
        assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", refs.ctx),
        permissionsBoundary: args.permissionsBoundary,
      },
      { parent: this },
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-r2-copy`,
      { role: role.id, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: r2CopyStatements(args, refs) }) },
      { parent: this },
    );
    return new aws.lambda.Function(
      `${name}-r2-copy`,
      {
        name: `${name}-r2-copy`,
        description: "Copies each new proof version to the R2 bucket (If-None-Match: never overwrites)",
        runtime: R2_COPY_RUNTIME,
        architectures: ["arm64"],
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.mjs": new pulumi.asset.StringAsset(R2_COPY_HANDLER) }),
        role: role.arn,
        memorySize: 256,
        timeout: R2_COPY_TIMEOUT_SECONDS,
        vpcConfig: { subnetIds: args.subnetIds, securityGroupIds: [securityGroup.id] },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        environment: { variables: { SOURCE_BUCKET: args.proofBucketName, R2_SECRET_ARN: refs.secretArn } },
        tracingConfig: { mode: "PassThrough" },
      },
      { parent: this, dependsOn: [policy, logGroup] },
    );
  }
}

/** The copy function's identity policy: exactly what it needs, on exactly those resources. */
export function r2CopyStatements(
  args: Pick<ResolvedR2CopyArgs, "proofBucketArn" | "proofBucketKeyArn">,
  refs: { queueArn: pulumi.Input<string>; keyArn: pulumi.Input<string>; secretArn: pulumi.Input<string>; logGroupArn: pulumi.Input<string>; ctx: { region: pulumi.Input<string> } },
) {
  return [
    { Sid: "ReadProofVersions", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: pulumi.interpolate`${args.proofBucketArn}/*` },
    {
      Sid: "DecryptProofsThroughS3",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: args.proofBucketKeyArn,
      Condition: { StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${refs.ctx.region}.amazonaws.com` } },
    },
    { Sid: "ConsumeTheCopyQueue", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"], Resource: refs.queueArn },
    { Sid: "DecryptTheQueueAndTheSecret", Effect: "Allow", Action: "kms:Decrypt", Resource: refs.keyArn },
    { Sid: "ReadTheR2Credentials", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: refs.secretArn },
    { Sid: "WriteItsLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${refs.logGroupArn}:*` },
    {
      // Lambda attaches the function to the VPC through network interfaces; these EC2 actions take no resource ARNs.
      Sid: "RunInTheVpc",
      Effect: "Allow",
      Action: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
      Resource: "*",
    },
  ];
}
