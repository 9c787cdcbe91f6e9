/**
 * The policy-pack holes that mutation testing found: AWS managed keys passing "with a CMK" checks,
 * a partial TLS-only deny, secrets in `environment` by value, and nothing checking IAM, data-store ingress, flow-log
 * scope or Linux capabilities. Each case below fails without its fix.
 */
import * as enc from "../../policy/policies/encryption";
import * as exp from "../../policy/policies/exposure";
import * as hard from "../../policy/policies/hardening";
import * as id from "../../policy/policies/identity";
import * as log from "../../policy/policies/logging";
import * as rel from "../../policy/policies/reliability";
import { T } from "../../policy/lib/types";
import { resourceCases, stackCases } from "./cases";
import { awsProvider, StackResourceSpec, urnOf, wireProps } from "../../tools/offline/policy";
import { bucketStack, good, res } from "./fixtures";

const MANAGED = (service: string) => `alias/aws/${service}`;
const MANAGED_ARN = (service: string) => `arn:aws:kms:us-east-1:123456789012:alias/aws/${service}`;
const CUSTOMER_ALIAS = "alias/credlink-prod-data";
const containersWith = (patch: Record<string, any>) => ({ ...good.taskDefinition, containerDefinitions: JSON.stringify([{ ...JSON.parse(good.taskDefinition.containerDefinitions)[0], ...patch }]) });
const withEnv = (name: string, value: string) => res(T.ecsTaskDefinition, containersWith({ environment: [{ name, value }] }));
const doc = (...Statement: Record<string, any>[]) => JSON.stringify({ Version: "2012-10-17", Statement });

describe("pack holes found by mutation testing", () => {
  describe("'with a CMK' rejects AWS managed keys", () => {
    resourceCases(enc.rdsStorageEncryptedCmk, {
      pass: [{ title: "RDS storage on a customer key's alias", resource: res(T.rdsInstance, { ...good.rds, kmsKeyId: CUSTOMER_ALIAS }) }],
      fail: [{ title: "RDS storage on alias/aws/rds", resource: res(T.rdsInstance, { ...good.rds, kmsKeyId: MANAGED("rds") }), expect: /^kmsKeyId alias\/aws\/rds is an AWS managed key/ }],
    });
    resourceCases(enc.rdsPerformanceInsightsCmk, {
      pass: [{ title: "Performance Insights on a customer key", resource: res(T.rdsInstance, good.rds) }],
      fail: [{ title: "Performance Insights on the aws/rds alias ARN", resource: res(T.rdsInstance, { ...good.rds, performanceInsightsKmsKeyId: MANAGED_ARN("rds") }), expect: /performanceInsightsKmsKeyId .* is an AWS managed key/ }],
    });
    resourceCases(enc.rdsManagedMasterPassword, {
      pass: [{ title: "the master secret on a customer key", resource: res(T.rdsInstance, good.rds) }],
      fail: [{ title: "the master secret on alias/aws/secretsmanager", resource: res(T.rdsInstance, { ...good.rds, masterUserSecretKmsKeyId: MANAGED("secretsmanager") }), expect: /masterUserSecretKmsKeyId alias\/aws\/secretsmanager is an AWS managed key/ }],
    });
    resourceCases(enc.elasticacheAtRestCmk, {
      pass: [{ title: "the cache on a customer key", resource: res(T.cacheReplicationGroup, good.cache) }],
      fail: [{ title: "the cache on alias/aws/elasticache", resource: res(T.cacheReplicationGroup, { ...good.cache, kmsKeyId: MANAGED("elasticache") }), expect: /AWS managed key/ }],
    });
    stackCases(enc.s3BucketKmsEncryption, {
      pass: [{ title: "SSE-KMS with a customer key", stack: bucketStack() }],
      fail: [{ title: "SSE-KMS with alias/aws/s3", stack: bucketStack({ override: { sse: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: MANAGED("s3") } }] } } }), expect: /uses alias\/aws\/s3, an AWS managed key/ }],
    });
    resourceCases(enc.secretCmk, {
      pass: [{ title: "a secret on a customer key's alias", resource: res(T.secret, { ...good.secret, kmsKeyId: CUSTOMER_ALIAS }) }],
      fail: [{ title: "a secret on alias/aws/secretsmanager", resource: res(T.secret, { ...good.secret, kmsKeyId: MANAGED("secretsmanager") }), expect: /^kmsKeyId alias\/aws\/secretsmanager is an AWS managed key/ }],
    });
    resourceCases(enc.logGroupCmk, {
      pass: [{ title: "a log group on a customer key", resource: res(T.logGroup, good.logGroup) }],
      fail: [{ title: "a log group on the aws/logs alias ARN", resource: res(T.logGroup, { ...good.logGroup, kmsKeyId: MANAGED_ARN("logs") }), expect: /AWS managed key/ }],
    });
    resourceCases(enc.backupVaultCmk, {
      pass: [{ title: "a vault on a customer key", resource: res(T.backupVault, good.backupVault) }],
      fail: [{ title: "a vault on the aws/backup alias ARN", resource: res(T.backupVault, { kmsKeyArn: MANAGED_ARN("backup") }), expect: /^kmsKeyArn .* is an AWS managed key/ }],
    });
    resourceCases(enc.snsTopicCmk, {
      pass: [{ title: "a topic on a customer key", resource: res(T.snsTopic, good.snsTopic) }],
      fail: [{ title: "a topic on the aws/sns alias ARN", resource: res(T.snsTopic, { kmsMasterKeyId: MANAGED_ARN("sns") }), expect: /AWS managed key/ }],
    });
    resourceCases(enc.ecrKms, {
      pass: [{ title: "a repository on a customer key", resource: res(T.ecrRepository, good.ecr) }],
      fail: [
        { title: "a KMS repository with no key (the aws/ecr key)", resource: res(T.ecrRepository, { ...good.ecr, encryptionConfigurations: [{ encryptionType: "KMS" }] }), expect: /kmsKey must name a customer managed key/ },
        { title: "a repository on alias/aws/ecr", resource: res(T.ecrRepository, { ...good.ecr, encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: MANAGED("ecr") }] }), expect: /AWS managed key/ },
      ],
    });
    resourceCases(enc.ecsExecLoggingCmk, {
      pass: [{ title: "ECS Exec on a customer key", resource: res(T.ecsCluster, good.cluster) }],
      fail: [{ title: "ECS Exec on an AWS managed key", resource: res(T.ecsCluster, { ...good.cluster, configuration: { executeCommandConfiguration: { ...good.cluster.configuration.executeCommandConfiguration, kmsKeyId: MANAGED("ssm") } } }), expect: /AWS managed key/ }],
    });
  });

  describe("the TLS-only deny covers s3:* on the bucket and its objects for everyone", () => {
    const bucket = "credlink-prod-proofs-abc1234";
    const deny = (patch: Record<string, any>) => bucketStack({ override: { policy: { policy: doc({ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } }, ...patch }) } } });
    stackCases(enc.s3TlsOnly, {
      pass: [
        { title: "a deny of s3:* on the bucket and its objects to '*'", stack: deny({}) },
        { title: "a deny of '*' to {AWS: '*'} on Resource '*'", stack: deny({ Action: "*", Principal: { AWS: "*" }, Resource: "*" }) },
      ],
      fail: [
        { title: "a deny of s3:GetObject only", stack: deny({ Action: "s3:GetObject" }), expect: /denies s3:\*/ },
        { title: "a deny on the objects only", stack: deny({ Resource: `arn:aws:s3:::${bucket}/*` }) },
        { title: "a deny on the bucket only", stack: deny({ Resource: `arn:aws:s3:::${bucket}` }) },
        { title: "a deny on another bucket", stack: deny({ Resource: ["arn:aws:s3:::other", "arn:aws:s3:::other/*"] }) },
        { title: "a deny for one principal", stack: deny({ Principal: { AWS: "arn:aws:iam::123456789012:role/app" } }) },
        { title: "a deny with NotAction", stack: deny({ Action: undefined, NotAction: "s3:GetObject" }) },
      ],
    });
  });

  describe("secrets in environment, by name and by value", () => {
    resourceCases(hard.ecsNoPlaintextSecrets, {
      pass: [
        { title: "a host, a port, a bucket name and a URL without credentials", resource: res(T.ecsTaskDefinition, containersWith({ environment: [{ name: "DATABASE_HOST", value: "db.abc.us-east-1.rds.amazonaws.com" }, { name: "PORT", value: "8080" }, { name: "PROOF_BUCKET", value: "credlink-prod-proofs-logs-e8c2c43" }, { name: "API_URL", value: "https://api.example.com:8443/v1" }, { name: "GIT_SHA", value: "0123456789abcdef0123456789abcdef01234567" }] })) },
        { title: "a user without a password in a URL", resource: withEnv("DATABASE_URL", "postgres://app@db:5432/credlink") },
      ],
      fail: [
        { title: "DB_PASS", resource: withEnv("DB_PASS", "hunter2"), expect: /environment DB_PASS looks like a credential/ },
        { title: "PGPWD", resource: withEnv("PGPWD", "hunter2"), expect: /environment PGPWD looks like a credential/ },
        { title: "SENTRY_DSN", resource: withEnv("SENTRY_DSN", "https://abc@o1.ingest.sentry.io/1"), expect: /environment SENTRY_DSN looks like a credential/ },
        { title: "a URL with an empty user and a token (scheme://:token@host)", resource: withEnv("CACHE_URL", "rediss://:s3cr3t-t0ken@cache:6379"), expect: /CACHE_URL is a URL with embedded credentials/ },
        { title: "a URL with user and password", resource: withEnv("DATABASE_URL", "postgres://app:hunter2@db:5432/credlink"), expect: /DATABASE_URL is a URL with embedded credentials/ },
        { title: "an AWS secret access key under a harmless name", resource: withEnv("CONFIG_B", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), expect: /CONFIG_B looks like a key/ },
        { title: "an AWS access key id", resource: withEnv("CONFIG_A", "AKIAIOSFODNN7EXAMPLE"), expect: /CONFIG_A looks like an AWS access key id/ },
        { title: "a GitHub token", resource: withEnv("CONFIG_C", "ghp_" + "A1b2C3d4E5".repeat(4)), expect: /looks like an API token/ },
        { title: "a PEM private key", resource: withEnv("CONFIG_D", "-----BEGIN RSA PRIVATE KEY-----\nMIIE..."), expect: /PEM private key/ },
        { title: "a JSON Web Token", resource: withEnv("CONFIG_E", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"), expect: /JSON Web Token/ },
      ],
    });
  });

  describe("containers drop ALL capabilities and add none", () => {
    resourceCases(hard.ecsDropAllCapabilities, {
      pass: [{ title: "drop [ALL]", resource: res(T.ecsTaskDefinition, containersWith({ linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } } })) }],
      fail: [
        { title: "no linuxParameters", resource: res(T.ecsTaskDefinition, good.taskDefinition), expect: /drop must include ALL/ },
        { title: "drop [NET_RAW] only", resource: res(T.ecsTaskDefinition, containersWith({ linuxParameters: { capabilities: { drop: ["NET_RAW"] } } })), expect: /drop must include ALL/ },
        { title: "drop [ALL] and add [NET_ADMIN]", resource: res(T.ecsTaskDefinition, containersWith({ linuxParameters: { capabilities: { drop: ["ALL"], add: ["NET_ADMIN"] } } })), expect: /add must be empty, got NET_ADMIN/ },
      ],
    });
  });

  describe("VPC flow logs capture ALL traffic", () => {
    resourceCases(log.flowLogsAllTraffic, {
      pass: [{ title: "trafficType ALL", resource: res(T.flowLog, { trafficType: "ALL", logDestinationType: "cloud-watch-logs" }) }],
      fail: [
        { title: "trafficType REJECT", resource: res(T.flowLog, { trafficType: "REJECT" }), expect: /trafficType must be ALL, got REJECT/ },
        { title: "trafficType ACCEPT", resource: res(T.flowLog, { trafficType: "ACCEPT" }), expect: /got ACCEPT/ },
      ],
    });
  });

  describe("data-store security groups admit security groups only", () => {
    const dbSg = { type: T.securityGroup, name: "db", urn: urnOf(T.securityGroup, "db"), props: { id: "sg-db", description: "db" } };
    const appSg = { type: T.securityGroup, name: "app", urn: urnOf(T.securityGroup, "app"), props: { id: "sg-app", description: "app", ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["10.0.0.0/16"], description: "x" }] } };
    const db: StackResourceSpec = { type: T.rdsInstance, name: "db", props: { ...good.rds, vpcSecurityGroupIds: ["sg-db"] }, propertyDependencies: { vpcSecurityGroupIds: [dbSg.urn] } };
    const cache: StackResourceSpec = { type: T.cacheReplicationGroup, name: "cache", props: { ...good.cache, securityGroupIds: ["sg-db"] } };
    const rule = (props: Record<string, any>): StackResourceSpec => ({ type: T.ingressRule, name: "db-in", props: { securityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, description: "x", ...props }, propertyDependencies: { securityGroupId: [dbSg.urn] } });
    stackCases(exp.dataStoreIngressFromGroupsOnly, {
      pass: [
        { title: "a DB group admitting the app's group (and an app group with a CIDR, not a data store's)", stack: [dbSg, appSg, db, rule({ referencedSecurityGroupId: "sg-app" })] },
      ],
      fail: [
        { title: "a DB group admitting a CIDR through a rule resource", stack: [dbSg, db, rule({ cidrIpv4: "10.20.0.0/16" })], expect: /^db-in: admits 10\.20\.0\.0\/16 to db/ },
        { title: "a cache group (matched by id) admitting a CIDR inline", stack: [{ ...dbSg, props: { ...dbSg.props, ingress: [{ protocol: "tcp", fromPort: 6379, toPort: 6379, cidrBlocks: ["10.20.32.0/24"], description: "x" }] } }, cache], expect: /^db: a data store's security group admits 10\.20\.32\.0\/24/ },
        { title: "a DB group admitting a prefix list", stack: [dbSg, db, rule({ prefixListId: "pl-123" })], expect: /admits pl-123/ },
      ],
    });
  });

  describe("the proof bucket replicates to another region", () => {
    const east = awsProvider();
    const west = { ...east, name: "aws-us-west-2", urn: urnOf("pulumi:providers:aws", "aws-us-west-2"), props: wireProps({ region: "us-west-2" }) };
    const proofs = { type: T.bucket, name: "credlink-prod-proofs", urn: urnOf(T.bucket, "credlink-prod-proofs"), provider: east, props: { bucket: "credlink-prod-proofs-1", arn: "arn:aws:s3:::credlink-prod-proofs-1" } };
    const replica = (provider = west) => ({ type: T.bucket, name: "credlink-prod-proofs-replica", urn: urnOf(T.bucket, "credlink-prod-proofs-replica"), provider, props: { bucket: "credlink-prod-proofs-replica-1", arn: "arn:aws:s3:::credlink-prod-proofs-replica-1" } });
    const replication = (status = "Enabled"): StackResourceSpec => ({ type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", name: "credlink-prod-proofs", provider: east, props: { bucket: "credlink-prod-proofs-1", rules: [{ id: "dr", status, destination: { bucket: "arn:aws:s3:::credlink-prod-proofs-replica-1" } }] }, propertyDependencies: { bucket: [proofs.urn] } });
    stackCases(rel.s3CrossRegionReplication, {
      pass: [
        { title: "the proof bucket replicating to us-west-2 (and a log bucket that doesn't)", stack: [proofs, replica(), replication(), { type: T.bucket, name: "credlink-prod-alb-logs", provider: east, props: { bucket: "logs" } }] },
      ],
      fail: [
        { title: "the proof bucket without replication", stack: [proofs], expect: /^credlink-prod-proofs: has no cross-region replication/ },
        { title: "replication to a bucket in the same region", stack: [proofs, replica(east), replication()], expect: /destination bucket is in another region/ },
        { title: "a disabled replication rule", stack: [proofs, replica(), replication("Disabled")], expect: /an Enabled rule/ },
      ],
    });
  });

  describe("RDS and the proof bucket are in a backup plan", () => {
    const db = { type: T.rdsInstance, name: "credlink-prod-db", urn: urnOf(T.rdsInstance, "credlink-prod-db"), props: { ...good.rds, arn: "arn:aws:rds:us-east-1:123456789012:db:credlink-prod-db" } };
    const proofs = { type: T.bucket, name: "credlink-prod-proofs", urn: urnOf(T.bucket, "credlink-prod-proofs"), props: { bucket: "p", arn: "arn:aws:s3:::p" } };
    const logs = { type: T.bucket, name: "credlink-prod-alb-logs", props: { bucket: "l", arn: "arn:aws:s3:::l" } };
    const selection = (resources: string[], deps: string[] = []): StackResourceSpec => ({ type: "aws:backup/selection:Selection", name: "sel", props: { planId: "plan", iamRoleArn: "arn:role", resources }, propertyDependencies: { resources: deps } });
    stackCases(rel.backupPlanCoversDataStores, {
      pass: [
        { title: "a selection naming the DB's and the proof bucket's ARNs (the log bucket needn't be)", stack: [db, proofs, logs, selection([db.props.arn, proofs.props.arn])] },
        { title: "a selection depending on both (ARNs unknown at preview)", stack: [db, proofs, selection([], [db.urn, proofs.urn])] },
      ],
      fail: [
        { title: "no backup selection", stack: [db, proofs], expect: /^credlink-prod-db: is in no AWS Backup plan/ },
        { title: "a selection of the DB only", stack: [db, proofs, selection([db.props.arn])], expect: /^credlink-prod-proofs: is in no AWS Backup plan/ },
      ],
    });
  });

  describe("IAM", () => {
    const rolePolicy = (...statements: Record<string, any>[]) => res("aws:iam/rolePolicy:RolePolicy", { role: "app", policy: doc(...statements) });
    resourceCases(id.iamNoWildcardAction, {
      pass: [{ title: "named actions on named resources", resource: rolePolicy({ Sid: "Proofs", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::b/*" }) }],
      fail: [
        { title: "Action '*' on Resource '*'", resource: rolePolicy({ Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }), expect: /^policy: statement Admin allows Action "\*"/ },
        { title: "Action '*' on one bucket", resource: rolePolicy({ Sid: "All", Effect: "Allow", Action: ["*"], Resource: "arn:aws:s3:::b" }), expect: /Action "\*"/ },
        { title: "Allow with NotAction", resource: rolePolicy({ Sid: "AllBut", Effect: "Allow", NotAction: "iam:*", Resource: "*" }), expect: /NotAction/ },
        { title: "a role's inline policy with Action '*'", resource: res("aws:iam/role:Role", { assumeRolePolicy: doc(), inlinePolicies: [{ name: "admin", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }] }), expect: /^inlinePolicies\[0\] \(admin\)/ },
        { title: "AdministratorAccess attached", resource: res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "app", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }), expect: /AdministratorAccess/ },
      ],
    });
    resourceCases(id.iamNoServiceWildcardOnAllResources, {
      pass: [
        { title: "s3:* on one bucket's objects", resource: rolePolicy({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }) },
        { title: "ecr:GetAuthorizationToken on '*'", resource: rolePolicy({ Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" }) },
        { title: "a Deny of s3:* on '*'", resource: rolePolicy({ Effect: "Deny", Action: "s3:*", Resource: "*" }) },
      ],
      fail: [
        { title: "kms:* on '*'", resource: rolePolicy({ Sid: "Keys", Effect: "Allow", Action: ["kms:Decrypt", "kms:*"], Resource: "*" }), expect: /^policy: statement Keys allows kms:\* on Resource "\*"/ },
        { title: "s3:* with NotResource", resource: res("aws:iam/policy:Policy", { policy: doc({ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::b" }) }), expect: /s3:\*/ },
      ],
    });
    const trust = (principal: unknown, extra: Record<string, any> = {}) => res("aws:iam/role:Role", { assumeRolePolicy: doc({ Sid: "Assume", Effect: "Allow", Principal: principal, Action: "sts:AssumeRole", ...extra }) });
    resourceCases(id.iamTrustPolicyNoWildcard, {
      pass: [
        { title: "ecs-tasks.amazonaws.com with a source-account condition", resource: trust({ Service: "ecs-tasks.amazonaws.com" }, { Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }) },
        { title: "one account's root", resource: trust({ AWS: "arn:aws:iam::123456789012:root" }) },
      ],
      fail: [
        { title: "Principal '*'", resource: trust("*"), expect: /statement Assume lets any principal/ },
        { title: "{Federated: '*'}", resource: trust({ Federated: "*" }), expect: /any principal/ },
        { title: "{AWS: ['*']} even with a condition", resource: trust({ AWS: ["*"] }, { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-123" } } }), expect: /any principal/ },
      ],
    });
    const bucketPolicy = (statement: Record<string, any>) => res(T.bucketPolicy, { bucket: "b", policy: doc({ Sid: "Grant", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...statement }) });
    resourceCases(id.resourcePolicyNoPublicGrant, {
      pass: [
        { title: "'*' pinned by aws:PrincipalOrgID", resource: bucketPolicy({ Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } }) },
        { title: "'*' pinned by aws:SourceArn (ArnLike)", resource: bucketPolicy({ Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::source" } } }) },
        { title: "a KMS key policy with named principals", resource: res(T.kmsKey, good.kmsKey) },
        { title: "a Deny to '*' (TLS only) needs no pin", resource: bucketPolicy({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }) },
      ],
      fail: [
        { title: "'*' without a condition", resource: bucketPolicy({}), expect: /^statement Grant allows Principal "\*" without a condition that pins the caller/ },
        { title: "'*' with only a TLS condition", resource: bucketPolicy({ Condition: { Bool: { "aws:SecureTransport": "true" } } }), expect: /pins the caller/ },
        { title: "'*' with aws:SourceAccount '*'", resource: bucketPolicy({ Condition: { StringLike: { "aws:SourceAccount": "*" } } }), expect: /pins the caller/ },
        { title: "'*' with a negated account condition", resource: bucketPolicy({ Condition: { StringNotEquals: { "aws:SourceAccount": "111111111111" } } }), expect: /pins the caller/ },
        { title: "a topic policy granting '*'", resource: res(T.snsTopicPolicy, { arn: "arn:t", policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: "arn:t" }) }), expect: /Principal "\*"/ },
        { title: "a key policy granting '*' with an IP condition", resource: res(T.kmsKey, { ...good.kmsKey, policy: doc({ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }) }), expect: /Principal "\*"/ },
      ],
    });
  });
});


