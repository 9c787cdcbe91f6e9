/**
 * Encryption at rest (with customer managed keys) and in transit. Mandatory in every environment, except the ALB's
 * HTTPS-only rule, which dev's policy config lowers to advisory: dev may run HTTP-only without a domain.
 */
import { cmkProblem, companions, inline, isAwsManagedKeyRef, isLogTarget, isWildcardPrincipal, statements, truthy } from "../lib/aws";
import { CredlinkPolicy, eachOfType, getOr, many, plain, resourceRule, stackRule } from "../lib/rules";
import { BUCKET_TYPES, LISTENER_TYPES, T } from "../lib/types";

const has = (v: unknown) => typeof v === "string" ? v.length > 0 : v !== undefined && v !== null;

export const rdsStorageEncryptedCmk = resourceRule({
  name: "rds-storage-encrypted-with-cmk",
  description: "RDS instances encrypt storage with a customer managed KMS key.",
  covers: ["CKV_AWS_16", "AVD-AWS-0080"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => {
    if (!truthy(p.storageEncrypted)) return "storageEncrypted must be true";
    if (!has(p.kmsKeyId)) return "kmsKeyId must name a customer managed key (the default aws/rds key can't be shared or audited)";
    return cmkProblem("kmsKeyId", p.kmsKeyId);
  },
});

export const rdsPerformanceInsightsCmk = resourceRule({
  name: "rds-performance-insights-with-cmk",
  description: "RDS Performance Insights data is encrypted with a customer managed KMS key.",
  covers: ["CKV_AWS_354", "AVD-AWS-0078"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => {
    if (!truthy(p.performanceInsightsEnabled)) return undefined;
    if (!has(p.performanceInsightsKmsKeyId)) return "performanceInsightsKmsKeyId must be set when Performance Insights is on";
    return cmkProblem("performanceInsightsKmsKeyId", p.performanceInsightsKmsKeyId);
  },
});

export const rdsManagedMasterPassword = resourceRule({
  name: "rds-master-password-managed-with-cmk",
  description: "The RDS master password is managed by RDS in Secrets Manager, encrypted with a customer managed key; never a plaintext password.",
  covers: [],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => {
    if (has(p.replicateSourceDb)) return;
    const problems: string[] = [];
    if (has(p.password)) problems.push("password must not be set: use manageMasterUserPassword so no plaintext password exists");
    if (!truthy(p.manageMasterUserPassword)) problems.push("manageMasterUserPassword must be true");
    else {
      const problem = cmkProblem("masterUserSecretKmsKeyId", p.masterUserSecretKmsKeyId);
      if (problem) problems.push(problem);
    }
    return problems;
  },
});

export const rdsPostgresForceSsl = resourceRule({
  name: "rds-postgres-forces-ssl",
  description: "PostgreSQL on RDS refuses unencrypted connections: a custom parameter group sets rds.force_ssl=1.",
  covers: ["CKV2_AWS_69"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance, T.rdsParameterGroup],
  check: (p, _c, args) => {
    if (args.type === T.rdsInstance) {
      if (!String(p.engine ?? "").startsWith("postgres")) args.notApplicable("not PostgreSQL");
      const group = String(p.parameterGroupName ?? "");
      return !group || group.startsWith("default.") ? "parameterGroupName must name a custom parameter group that sets rds.force_ssl=1" : undefined;
    }
    if (!String(p.family ?? "").startsWith("postgres")) args.notApplicable("not a PostgreSQL parameter group");
    const forceSsl = many<any>(plain(p.parameters)).find((x) => x.name === "rds.force_ssl");
    return String(forceSsl?.value) === "1" ? undefined : "parameters must set rds.force_ssl to 1";
  },
});

export const elasticacheAtRestCmk = resourceRule({
  name: "elasticache-encrypted-at-rest-with-cmk",
  description: "ElastiCache replication groups encrypt data at rest with a customer managed KMS key.",
  covers: ["CKV_AWS_29", "AVD-AWS-0045", "CKV_AWS_191"],
  enforcementLevel: "mandatory",
  types: [T.cacheReplicationGroup],
  check: (p) => {
    if (!truthy(p.atRestEncryptionEnabled)) return "atRestEncryptionEnabled must be true";
    return cmkProblem("kmsKeyId", p.kmsKeyId);
  },
});

export const elasticacheInTransit = resourceRule({
  name: "elasticache-encrypted-in-transit",
  description: "ElastiCache replication groups require TLS (transit encryption on, mode 'required').",
  covers: ["CKV_AWS_30", "AVD-AWS-0051"],
  enforcementLevel: "mandatory",
  types: [T.cacheReplicationGroup],
  check: (p) => {
    if (!truthy(p.transitEncryptionEnabled)) return "transitEncryptionEnabled must be true";
    if (p.transitEncryptionMode === "preferred") return "transitEncryptionMode must be 'required', not 'preferred' (which still accepts plaintext clients)";
    return undefined;
  },
});

export const s3BucketKmsEncryption = stackRule({
  name: "s3-bucket-encrypted-with-kms",
  description: "Every S3 bucket's default encryption is SSE-KMS with a customer managed key (S3 encrypts with SSE-S3 by default, so KMS is what this rule adds); buckets receiving S3 or ELB access logs, which AWS delivers only to SSE-S3 buckets, use SSE-S3.",
  covers: ["CKV_AWS_19", "CKV_AWS_145", "AVD-AWS-0132"],
  enforcementLevel: "mandatory",
  check: eachOfType(BUCKET_TYPES, (bucket, all) => {
    const configs = companions(all, T.bucketSse, bucket).map((c) => plain(getOr<any[]>(c.props, ["rules"], [])));
    const legacy = inline(bucket, "serverSideEncryptionConfiguration");
    const rules = [...configs.flat(), ...many<any>(legacy?.rules ?? legacy?.rule)];
    if (rules.length === 0) return "has no server-side encryption configuration (aws.s3.BucketServerSideEncryptionConfiguration)";
    const defaults = rules.map((r) => r.applyServerSideEncryptionByDefault ?? {});
    // S3 server access logs and ELB access logs can only be delivered to SSE-S3 buckets (AWS docs), so a bucket
    // that receives them is held to SSE-S3, the strongest encryption its writers support.
    if (isLogTarget(bucket, all) && defaults.some((d) => d.sseAlgorithm === "AES256")) return undefined;
    if (!defaults.some((d) => ["aws:kms", "aws:kms:dsse"].includes(d.sseAlgorithm))) return "default encryption must use sseAlgorithm aws:kms";
    if (!defaults.some((d) => has(d.kmsMasterKeyId))) return "default encryption must name a customer managed key (kmsMasterKeyId)";
    const managed = defaults.map((d) => d.kmsMasterKeyId).filter(isAwsManagedKeyRef);
    return managed.length ? `default encryption uses ${managed.join(", ")}, an AWS managed key; name a customer managed key` : undefined;
  }),
});

/**
 * Whether statement `s` denies every S3 action on the bucket and its objects to everyone when the request is not TLS:
 * Effect Deny, Principal "*", Action s3:* (or *), Resource the bucket ARN and its /* (or *), aws:SecureTransport false.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
 */
export function deniesInsecureTransport(s: any, bucketName: string | undefined): boolean {
  if (s.Effect !== "Deny" || s.NotAction !== undefined || s.NotResource !== undefined || s.NotPrincipal !== undefined) return false;
  if (!isWildcardPrincipal(s.Principal)) return false;
  if (!many<string>(s.Action).map(String).some((a) => a === "s3:*" || a === "*")) return false;
  if (!many(s.Condition?.Bool?.["aws:SecureTransport"]).map(String).includes("false")) return false;
  const resources = many<string>(s.Resource).map(String);
  if (resources.includes("*")) return true;
  if (bucketName) return resources.some((r) => r.endsWith(`:::${bucketName}`)) && resources.some((r) => r.endsWith(`:::${bucketName}/*`));
  return resources.some((r) => /^arn:[\w-]+:s3:::[^/]+$/.test(r)) && resources.some((r) => /^arn:[\w-]+:s3:::[^/]+\/\*$/.test(r));
}

export const s3TlsOnly = stackRule({
  name: "s3-bucket-policy-denies-insecure-transport",
  description: "Every S3 bucket has a bucket policy that denies s3:* on the bucket and its objects to every principal when aws:SecureTransport is false.",
  covers: ["S3 TLS-only bucket policy"],
  enforcementLevel: "mandatory",
  check: eachOfType(BUCKET_TYPES, (bucket, all) => {
    const docs = [...companions(all, T.bucketPolicy, bucket).map((p) => getOr(p.props, ["policy"], undefined)), inline(bucket, "policy")];
    const name = getOr<string | undefined>(bucket.props, ["bucket"], undefined);
    const denies = docs.flatMap(statements).some((s) => deniesInsecureTransport(s, typeof name === "string" ? name : undefined));
    return denies ? undefined : "needs a bucket policy statement that denies s3:* on the bucket and its objects (arn:aws:s3:::<bucket> and <bucket>/*) to Principal \"*\" when aws:SecureTransport is false";
  }),
});

const SECRETS_CMK = (name: string, types: string[], prop: string, covers: string[], what: string) =>
  resourceRule({
    name,
    description: `${what} are encrypted with a customer managed KMS key.`,
    covers,
    enforcementLevel: "mandatory",
    types,
    check: (p) => cmkProblem(prop, p[prop]),
  });

export const secretCmk = SECRETS_CMK("secretsmanager-secret-encrypted-with-cmk", [T.secret], "kmsKeyId", ["CKV_AWS_149", "AVD-AWS-0098"], "Secrets Manager secrets");
export const logGroupCmk = SECRETS_CMK("cloudwatch-log-group-encrypted-with-cmk", [T.logGroup], "kmsKeyId", ["CKV_AWS_158", "AVD-AWS-0017"], "CloudWatch log groups");
export const backupVaultCmk = SECRETS_CMK("backup-vault-encrypted-with-cmk", [T.backupVault], "kmsKeyArn", ["CKV_AWS_166"], "AWS Backup vaults");

export const snsTopicCmk = resourceRule({
  name: "sns-topic-encrypted-with-cmk",
  description: "SNS topics are encrypted with a customer managed KMS key (not the aws/sns managed key).",
  covers: ["CKV_AWS_26", "AVD-AWS-0095", "AVD-AWS-0136"],
  enforcementLevel: "mandatory",
  types: [T.snsTopic],
  check: (p) => {
    if (!has(p.kmsMasterKeyId)) return "kmsMasterKeyId must be set";
    return cmkProblem("kmsMasterKeyId", p.kmsMasterKeyId);
  },
});

export const ecrKms = resourceRule({
  name: "ecr-repository-encrypted-with-kms",
  description: "ECR repositories encrypt images with KMS and a customer managed key.",
  covers: ["CKV_AWS_136"],
  enforcementLevel: "mandatory",
  types: [T.ecrRepository],
  check: (p) => {
    const config = many<any>(plain(p.encryptionConfigurations))[0];
    if (config?.encryptionType !== "KMS") return "encryptionConfigurations must set encryptionType KMS";
    return cmkProblem("encryptionConfigurations[0].kmsKey", config.kmsKey);
  },
});

export const ecsExecLoggingCmk = resourceRule({
  name: "ecs-exec-logging-encrypted-with-cmk",
  description: "ECS Exec sessions are encrypted with a customer managed key and their logs are encrypted.",
  covers: ["CKV_AWS_224"],
  enforcementLevel: "mandatory",
  types: [T.ecsCluster],
  check: (p) => {
    const exec = plain(p.configuration)?.executeCommandConfiguration;
    if (!exec) return "configuration.executeCommandConfiguration must be set (kmsKeyId and encrypted logging)";
    const problems: string[] = [];
    const keyProblem = cmkProblem("executeCommandConfiguration.kmsKeyId", exec.kmsKeyId);
    if (keyProblem) problems.push(keyProblem);
    if (exec.logging === "NONE") problems.push("executeCommandConfiguration.logging must not be NONE");
    const log = exec.logConfiguration ?? {};
    if (exec.logging === "OVERRIDE" && !truthy(log.cloudWatchEncryptionEnabled) && !truthy(log.s3BucketEncryptionEnabled)) {
      problems.push("executeCommandConfiguration.logConfiguration must enable cloudWatchEncryptionEnabled or s3BucketEncryptionEnabled");
    }
    return problems;
  },
});

export const kmsKeyRotation = resourceRule({
  name: "kms-key-rotation-enabled",
  description: "Symmetric customer managed KMS keys rotate their key material yearly.",
  covers: ["CKV_AWS_7", "AVD-AWS-0065"],
  enforcementLevel: "mandatory",
  types: [T.kmsKey],
  check: (p, _c, args) => {
    const spec = String(p.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT");
    if (spec !== "SYMMETRIC_DEFAULT" || (p.keyUsage ?? "ENCRYPT_DECRYPT") !== "ENCRYPT_DECRYPT") args.notApplicable("AWS rotates only symmetric encryption keys");
    return truthy(p.enableKeyRotation) ? undefined : "enableKeyRotation must be true";
  },
});

export const albHttpsListeners = resourceRule({
  name: "alb-listener-https-or-redirect",
  description: "ALB listeners serve HTTPS; an HTTP listener may only redirect to HTTPS.",
  covers: ["CKV_AWS_2", "AVD-AWS-0054", "CKV2_AWS_20"],
  enforcementLevel: "mandatory",
  types: [...LISTENER_TYPES],
  check: (p) => {
    const protocol = String(p.protocol ?? "HTTP");
    if (protocol === "HTTPS" || protocol === "TLS") return;
    if (protocol !== "HTTP") return;
    const actions = many<any>(plain(p.defaultActions));
    const redirects = actions.length > 0 && actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS");
    return redirects ? undefined : "an HTTP listener's only default action must be a redirect to HTTPS";
  },
});

export const STRONG_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
];

export const albTlsPolicy = resourceRule<{ allowedSslPolicies: string[] }>({
  name: "alb-listener-tls12-strong-ciphers",
  description: "HTTPS listeners use an explicitly chosen security policy allowing only TLS 1.2+ with forward-secret AEAD ciphers.",
  covers: ["CKV_AWS_103", "AVD-AWS-0047", "CKV2_AWS_74"],
  enforcementLevel: "mandatory",
  types: [...LISTENER_TYPES],
  configSchema: {
    properties: {
      allowedSslPolicies: { type: "array", items: { type: "string" }, minItems: 1, default: STRONG_TLS_POLICIES, description: "ELB security policies that count as TLS 1.2+ with strong ciphers." },
    },
  },
  check: (p, config, args) => {
    if (p.protocol !== "HTTPS" && p.protocol !== "TLS") args.notApplicable("not a TLS listener");
    const policy = p.sslPolicy;
    if (!policy) return "sslPolicy must be set explicitly (the default, ELBSecurityPolicy-2016-08, still allows TLS 1.0)";
    return config.allowedSslPolicies.includes(policy) ? undefined : `sslPolicy ${policy} is not one of ${config.allowedSslPolicies.join(", ")}`;
  },
});

export const encryptionPolicies: CredlinkPolicy[] = [
  rdsStorageEncryptedCmk,
  rdsPerformanceInsightsCmk,
  rdsManagedMasterPassword,
  rdsPostgresForceSsl,
  elasticacheAtRestCmk,
  elasticacheInTransit,
  s3BucketKmsEncryption,
  s3TlsOnly,
  secretCmk,
  logGroupCmk,
  backupVaultCmk,
  snsTopicCmk,
  ecrKms,
  ecsExecLoggingCmk,
  kmsKeyRotation,
  albHttpsListeners,
  albTlsPolicy,
];
