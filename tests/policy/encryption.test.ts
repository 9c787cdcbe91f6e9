import * as enc from "../../policy/policies/encryption";
import { T } from "../../policy/lib/types";
import { resourceCases, stackCases } from "./cases";
import { bucketStack, good, KEY_ARN, res } from "./fixtures";

describe("encryption policies", () => {
  resourceCases(enc.rdsStorageEncryptedCmk, {
    pass: [{ title: "an encrypted RDS instance with a CMK", resource: res(T.rdsInstance, good.rds) }],
    fail: [
      { title: "storageEncrypted false", resource: res(T.rdsInstance, { ...good.rds, storageEncrypted: false }), expect: /storageEncrypted/ },
      { title: "no kmsKeyId (the aws/rds key)", resource: res(T.rdsInstance, { ...good.rds, kmsKeyId: undefined }), expect: /kmsKeyId/ },
    ],
  });
  resourceCases(enc.rdsPerformanceInsightsCmk, {
    pass: [{ title: "Performance Insights with a CMK", resource: res(T.rdsInstance, good.rds) }],
    fail: [{ title: "Performance Insights without a key", resource: res(T.rdsInstance, { ...good.rds, performanceInsightsKmsKeyId: undefined }) }],
  });
  resourceCases(enc.rdsManagedMasterPassword, {
    pass: [{ title: "an RDS-managed master password with a CMK", resource: res(T.rdsInstance, good.rds) }],
    fail: [
      { title: "a plaintext password", resource: res(T.rdsInstance, { ...good.rds, manageMasterUserPassword: undefined, password: "hunter2" }), expect: /password must not be set/ },
      { title: "a managed password on the default key", resource: res(T.rdsInstance, { ...good.rds, masterUserSecretKmsKeyId: undefined }), expect: /masterUserSecretKmsKeyId/ },
    ],
  });
  resourceCases(enc.rdsPostgresForceSsl, {
    pass: [
      { title: "a PostgreSQL parameter group with rds.force_ssl=1", resource: res(T.rdsParameterGroup, good.parameterGroup) },
      { title: "a PostgreSQL instance on a custom parameter group", resource: res(T.rdsInstance, good.rds) },
    ],
    fail: [
      { title: "a parameter group with rds.force_ssl=0", resource: res(T.rdsParameterGroup, { ...good.parameterGroup, parameters: [{ name: "rds.force_ssl", value: "0" }] }), expect: /rds.force_ssl/ },
      { title: "an instance on the default parameter group", resource: res(T.rdsInstance, { ...good.rds, parameterGroupName: "default.postgres17" }), expect: /custom parameter group/ },
    ],
  });
  resourceCases(enc.elasticacheAtRestCmk, {
    pass: [{ title: "a cache encrypted at rest with a CMK", resource: res(T.cacheReplicationGroup, good.cache) }],
    fail: [
      { title: "at-rest encryption off", resource: res(T.cacheReplicationGroup, { ...good.cache, atRestEncryptionEnabled: false }) },
      { title: "no CMK", resource: res(T.cacheReplicationGroup, { ...good.cache, kmsKeyId: undefined }), expect: /kmsKeyId/ },
    ],
  });
  resourceCases(enc.elasticacheInTransit, {
    pass: [{ title: "TLS required", resource: res(T.cacheReplicationGroup, good.cache) }],
    fail: [
      { title: "transit encryption off", resource: res(T.cacheReplicationGroup, { ...good.cache, transitEncryptionEnabled: false }) },
      { title: "transit mode preferred", resource: res(T.cacheReplicationGroup, { ...good.cache, transitEncryptionMode: "preferred" }), expect: /preferred/ },
    ],
  });
  stackCases(enc.s3BucketKmsEncryption, {
    pass: [
      { title: "a bucket with SSE-KMS (linked by property dependency)", stack: bucketStack() },
      { title: "a bucket with SSE-KMS (linked by value, as after an update)", stack: bucketStack({ byValue: true }) },
      {
        title: "an access-log target bucket with SSE-S3 (the only encryption log delivery supports)",
        stack: [
          ...bucketStack(),
          ...bucketStack({ name: "logs", override: { bucket: { bucket: "credlink-prod-access-logs" }, sse: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } } }),
        ],
      },
    ],
    fail: [
      { title: "a bucket with no encryption configuration", stack: bucketStack({ omit: ["sse"] }), expect: /no server-side encryption/ },
      { title: "a bucket with SSE-S3 (AES256)", stack: bucketStack({ override: { sse: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] } } }), expect: /aws:kms/ },
      { title: "an SSE config that belongs to another bucket", stack: [...bucketStack({ name: "a" }).filter((r) => r.type === T.bucket), ...bucketStack({ name: "b" })], expect: /^a: / },
    ],
  });
  stackCases(enc.s3TlsOnly, {
    pass: [{ title: "a bucket policy denying aws:SecureTransport=false", stack: bucketStack() }],
    fail: [
      { title: "no bucket policy", stack: bucketStack({ omit: ["policy"] }) },
      { title: "a policy that only allows", stack: bucketStack({ override: { policy: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:GetObject", Resource: "*" }] }) } } }) },
    ],
  });
  resourceCases(enc.secretCmk, {
    pass: [{ title: "a secret with a CMK", resource: res(T.secret, good.secret) }],
    fail: [{ title: "a secret on the default key", resource: res(T.secret, { description: "x" }) }],
  });
  resourceCases(enc.logGroupCmk, {
    pass: [{ title: "a log group with a CMK", resource: res(T.logGroup, good.logGroup) }],
    fail: [{ title: "a log group without kmsKeyId", resource: res(T.logGroup, { ...good.logGroup, kmsKeyId: undefined }) }],
  });
  resourceCases(enc.backupVaultCmk, {
    pass: [{ title: "a vault with a CMK", resource: res(T.backupVault, good.backupVault) }],
    fail: [{ title: "a vault on the default key", resource: res(T.backupVault, {}) }],
  });
  resourceCases(enc.snsTopicCmk, {
    pass: [{ title: "a topic with a CMK", resource: res(T.snsTopic, good.snsTopic) }],
    fail: [
      { title: "an unencrypted topic", resource: res(T.snsTopic, {}) },
      { title: "a topic on alias/aws/sns", resource: res(T.snsTopic, { kmsMasterKeyId: "alias/aws/sns" }), expect: /customer managed/ },
    ],
  });
  resourceCases(enc.ecrKms, {
    pass: [{ title: "a KMS-encrypted repository", resource: res(T.ecrRepository, good.ecr) }],
    fail: [{ title: "an AES256 repository", resource: res(T.ecrRepository, { ...good.ecr, encryptionConfigurations: [{ encryptionType: "AES256" }] }) }],
  });
  resourceCases(enc.ecsExecLoggingCmk, {
    pass: [{ title: "ECS Exec with a CMK and encrypted logs", resource: res(T.ecsCluster, good.cluster) }],
    fail: [
      { title: "a cluster without exec configuration", resource: res(T.ecsCluster, { settings: good.cluster.settings }), expect: /executeCommandConfiguration/ },
      { title: "exec logs unencrypted", resource: res(T.ecsCluster, { configuration: { executeCommandConfiguration: { kmsKeyId: KEY_ARN, logging: "OVERRIDE", logConfiguration: { cloudWatchLogGroupName: "x" } } } }), expect: /Encryption/ },
    ],
  });
  resourceCases(enc.kmsKeyRotation, {
    pass: [
      { title: "a symmetric key with rotation", resource: res(T.kmsKey, good.kmsKey) },
      { title: "an asymmetric signing key (not rotatable)", resource: res(T.kmsKey, { ...good.kmsKey, enableKeyRotation: false, customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }) },
    ],
    fail: [{ title: "a symmetric key without rotation", resource: res(T.kmsKey, { ...good.kmsKey, enableKeyRotation: false }) }],
  });
  resourceCases(enc.albHttpsListeners, {
    pass: [
      { title: "an HTTPS listener", resource: res(T.listener, good.httpsListener) },
      { title: "an HTTP listener that only redirects to HTTPS", resource: res(T.listener, good.httpRedirect) },
    ],
    fail: [{ title: "an HTTP listener forwarding to targets", resource: res(T.listener, { protocol: "HTTP", port: 80, defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }), expect: /redirect to HTTPS/ }],
  });
  resourceCases(enc.albTlsPolicy, {
    pass: [{ title: "ELBSecurityPolicy-TLS13-1-2-2021-06", resource: res(T.listener, good.httpsListener) }],
    fail: [
      { title: "no sslPolicy (AWS's 2016 default)", resource: res(T.listener, { ...good.httpsListener, sslPolicy: undefined }), expect: /explicitly/ },
      { title: "ELBSecurityPolicy-2016-08", resource: res(T.listener, { ...good.httpsListener, sslPolicy: "ELBSecurityPolicy-2016-08" }) },
      { title: "a policy the config no longer allows", resource: res(T.listener, good.httpsListener), config: { allowedSslPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] } },
    ],
  });
});
