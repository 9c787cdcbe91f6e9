/**
 * Compliant synthetic resources, shaped like the data and app tiers register them. Tests take
 * one, break one setting, and expect the matching policy to fire.
 */
import { T } from "../../policy/lib/types";
import { StackResourceSpec, SyntheticResource, urnOf } from "../../tools/offline/policy";

export const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1111aaaa-2222-4bbb-8ccc-333333333333";
export const ROLE = (n: string) => `arn:aws:iam::123456789012:role/${n}`;

export const res = (type: string, props: Record<string, any>, name = "test"): SyntheticResource => ({ type, props, name });

export const good = {
  rds: {
    engine: "postgres",
    engineVersion: "17",
    instanceClass: "db.t4g.micro",
    allocatedStorage: 20,
    storageType: "gp3",
    storageEncrypted: true,
    kmsKeyId: KEY_ARN,
    publiclyAccessible: false,
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: KEY_ARN,
    parameterGroupName: "credlink-prod-pg17",
    enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: KEY_ARN,
    monitoringInterval: 60,
    monitoringRoleArn: ROLE("rds-monitoring"),
    iamDatabaseAuthenticationEnabled: true,
    copyTagsToSnapshot: true,
    autoMinorVersionUpgrade: true,
    multiAz: true,
    backupRetentionPeriod: 14,
    deletionProtection: true,
    skipFinalSnapshot: false,
    finalSnapshotIdentifier: "credlink-prod-db-final",
  },
  parameterGroup: {
    family: "postgres17",
    parameters: [
      { name: "rds.force_ssl", value: "1" },
      { name: "log_min_duration_statement", value: "500" },
      { name: "log_connections", value: "1" },
    ],
  },
  cache: {
    engine: "valkey",
    engineVersion: "8.0",
    nodeType: "cache.t4g.micro",
    numCacheClusters: 2,
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    atRestEncryptionEnabled: true,
    kmsKeyId: KEY_ARN,
    transitEncryptionEnabled: true,
    transitEncryptionMode: "required",
    authToken: "generated-by-random-password",
    snapshotRetentionLimit: 7,
  },
  kmsKey: {
    description: "CredLink data key",
    enableKeyRotation: true,
    deletionWindowInDays: 30,
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        // Administration only, never kms:* (kms-no-full-access-to-any-principal).
        { Sid: "AccountRoot", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: ["kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"], Resource: "*" },
        { Sid: "Logs", Effect: "Allow", Principal: { Service: "logs.us-east-1.amazonaws.com" }, Action: ["kms:Encrypt*", "kms:Decrypt*"], Resource: "*" },
      ],
    }),
  },
  secret: { kmsKeyId: KEY_ARN, description: "cache auth token" },
  logGroup: { name: "/credlink/app", retentionInDays: 30, kmsKeyId: KEY_ARN },
  snsTopic: { kmsMasterKeyId: KEY_ARN },
  backupVault: { kmsKeyArn: KEY_ARN },
  ecr: {
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY_ARN }],
  },
  cluster: {
    settings: [{ name: "containerInsights", value: "enhanced" }],
    configuration: {
      executeCommandConfiguration: {
        kmsKeyId: KEY_ARN,
        logging: "OVERRIDE",
        logConfiguration: { cloudWatchLogGroupName: "/credlink/ecs-exec", cloudWatchEncryptionEnabled: true },
      },
    },
  },
  taskDefinition: {
    family: "credlink-prod-api",
    cpu: "512",
    memory: "1024",
    networkMode: "awsvpc",
    requiresCompatibilities: ["FARGATE"],
    runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
    executionRoleArn: ROLE("credlink-prod-api-execution"),
    taskRoleArn: ROLE("credlink-prod-api-task"),
    containerDefinitions: JSON.stringify([
      {
        name: "api",
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink@sha256:" + "a".repeat(64),
        user: "10001",
        readonlyRootFilesystem: true,
        privileged: false,
        environment: [
          { name: "DB_HOST", value: "credlink-prod-db.abc.us-east-1.rds.amazonaws.com" },
          { name: "PROOF_BUCKET", value: "credlink-prod-proofs" },
        ],
        secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1" }],
      },
    ]),
  },
  service: {
    launchType: "FARGATE",
    platformVersion: "LATEST",
    desiredCount: 2,
    networkConfiguration: { subnets: ["subnet-a", "subnet-b"], securityGroups: ["sg-task"], assignPublicIp: false },
    deploymentCircuitBreaker: { enable: true, rollback: true },
  },
  alb: {
    loadBalancerType: "application",
    internal: false,
    subnets: ["subnet-pub-a", "subnet-pub-b"],
    dropInvalidHeaderFields: true,
    desyncMitigationMode: "strictest",
    enableDeletionProtection: true,
    accessLogs: { enabled: true, bucket: "credlink-prod-alb-logs" },
  },
  httpsListener: {
    protocol: "HTTPS",
    port: 443,
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
    defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
  },
  httpRedirect: {
    protocol: "HTTP",
    port: 80,
    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
  },
  webAcl: {
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "credlink", sampledRequestsEnabled: true },
    rules: [
      { name: "common", priority: 1, overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } } },
      { name: "bad-inputs", priority: 2, overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesKnownBadInputsRuleSet" } } },
      { name: "rate", priority: 3, action: { block: {} }, statement: { rateBasedStatement: { limit: 2000, aggregateKeyType: "IP" } } },
    ],
  },
  securityGroup: {
    description: "CredLink ALB: HTTPS from the internet",
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS from clients" }],
    egress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["10.30.0.0/16"], description: "to the tasks" }],
  },
  alarm: {
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 3,
    metricName: "HTTPCode_Target_5XX_Count",
    namespace: "AWS/ApplicationELB",
    period: 60,
    statistic: "Sum",
    threshold: 5,
    alarmActions: ["arn:aws:sns:us-east-1:123456789012:credlink-alerts"],
  },
};

/** A bucket and its companions, wired by property dependencies (as the engine sends them) unless `byValue`. */
export function bucketStack(
  opts: { name?: string; physical?: string; omit?: string[]; override?: Record<string, Record<string, any>>; byValue?: boolean; extra?: StackResourceSpec[] } = {},
): StackResourceSpec[] {
  const name = opts.name ?? "proofs";
  const bucketUrn = urnOf(T.bucket, name);
  const physical = opts.physical ?? `credlink-prod-${name}-abc1234`;
  const companion = (key: string, type: string, props: Record<string, any>): StackResourceSpec[] =>
    opts.omit?.includes(key)
      ? []
      : [
          {
            type,
            name: `${name}-${key}`,
            props: { bucket: physical, ...props, ...(opts.override?.[key] ?? {}) },
            propertyDependencies: opts.byValue ? {} : { bucket: [bucketUrn] },
          },
        ];
  return [
    { type: T.bucket, name, urn: bucketUrn, props: { bucket: physical, ...(opts.override?.bucket ?? {}) } },
    ...companion("sse", T.bucketSse, { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }] }),
    ...companion("pab", T.bucketPublicAccessBlock, { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
    ...companion("ownership", T.bucketOwnershipControls, { rule: { objectOwnership: "BucketOwnerEnforced" } }),
    ...companion("versioning", T.bucketVersioning, { versioningConfiguration: { status: "Enabled" } }),
    ...companion("lifecycle", T.bucketLifecycle, {
      rules: [
        { id: "noncurrent", status: "Enabled", noncurrentVersionExpiration: { noncurrentDays: 90 } },
        { id: "multipart", status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
      ],
    }),
    ...companion("logging", T.bucketLogging, { targetBucket: "credlink-prod-access-logs", targetPrefix: `${name}/` }),
    ...companion("policy", T.bucketPolicy, {
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${physical}`, `arn:aws:s3:::${physical}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
      }),
    }),
    ...(opts.extra ?? []),
  ];
}
