import * as id from "../../policy/policies/identity";
import * as hard from "../../policy/policies/hardening";
import { T } from "../../policy/lib/types";
import { resourceCases, stackCases } from "./cases";
import { urnOf } from "../../tools/offline/policy";
import { good, res } from "./fixtures";

const containersWith = (patch: Record<string, any>) => ({ ...good.taskDefinition, containerDefinitions: JSON.stringify([{ ...JSON.parse(good.taskDefinition.containerDefinitions)[0], ...patch }]) });
const withEnv = (env: { name: string; value: string }[]) => containersWith({ environment: env });

describe("identity policies", () => {
  resourceCases(id.rdsIamAuth, {
    pass: [{ title: "IAM auth on", resource: res(T.rdsInstance, good.rds) }],
    fail: [{ title: "IAM auth off", resource: res(T.rdsInstance, { ...good.rds, iamDatabaseAuthenticationEnabled: false }) }],
  });
  resourceCases(id.elasticacheAuth, {
    pass: [{ title: "an auth token", resource: res(T.cacheReplicationGroup, good.cache) }],
    fail: [{ title: "no auth token or user group", resource: res(T.cacheReplicationGroup, { ...good.cache, authToken: undefined }) }],
  });
  resourceCases(id.ecsSeparateRoles, {
    pass: [{ title: "distinct execution and task roles", resource: res(T.ecsTaskDefinition, good.taskDefinition) }],
    fail: [
      { title: "one role for both", resource: res(T.ecsTaskDefinition, { ...good.taskDefinition, taskRoleArn: good.taskDefinition.executionRoleArn }), expect: /different/ },
      { title: "no task role", resource: res(T.ecsTaskDefinition, { ...good.taskDefinition, taskRoleArn: undefined }), expect: /taskRoleArn/ },
    ],
  });
  resourceCases(id.kmsKeyPolicyDefined, {
    pass: [{ title: "an explicit key policy", resource: res(T.kmsKey, good.kmsKey) }],
    fail: [{ title: "no key policy", resource: res(T.kmsKey, { ...good.kmsKey, policy: undefined }) }],
  });
  resourceCases(id.kmsNoWildcardPrincipal, {
    pass: [{ title: "named principals only", resource: res(T.kmsKey, good.kmsKey) }],
    fail: [{ title: "Principal {AWS: '*'}", resource: res(T.kmsKey, { ...good.kmsKey, policy: JSON.stringify({ Statement: [{ Sid: "Everyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }] }) }), expect: /Everyone/ }],
  });
  resourceCases(id.snsTopicNotPublic, {
    pass: [
      { title: "a topic policy for CloudWatch", resource: res(T.snsTopicPolicy, { arn: "arn:t", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: "arn:t" }] }) }) },
      { title: "'*' restricted by a source-account condition", resource: res(T.snsTopicPolicy, { arn: "arn:t", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "arn:t", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }] }) }) },
    ],
    fail: [{ title: "'*' may publish", resource: res(T.snsTopicPolicy, { arn: "arn:t", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "arn:t" }] }) }) }],
  });
  const secretUrn = urnOf(T.secret, "auth");
  stackCases(id.secretRotation, {
    pass: [{ title: "a secret rotated every 30 days", stack: [{ type: T.secret, name: "auth", urn: secretUrn, props: good.secret }, { type: T.secretRotation, name: "rot", props: { secretId: "x", rotationRules: { automaticallyAfterDays: 30 } }, propertyDependencies: { secretId: [secretUrn] } }] }],
    fail: [{ title: "a secret that never rotates", stack: [{ type: T.secret, name: "auth", urn: secretUrn, props: good.secret }], expect: /SecretRotation/ }],
  });
});

describe("hardening policies", () => {
  resourceCases(hard.ecsNotPrivileged, {
    pass: [{ title: "an unprivileged container", resource: res(T.ecsTaskDefinition, good.taskDefinition) }],
    fail: [{ title: "a privileged container", resource: res(T.ecsTaskDefinition, containersWith({ privileged: true })) }],
  });
  resourceCases(hard.ecsReadOnlyRoot, {
    pass: [{ title: "a read-only root filesystem", resource: res(T.ecsTaskDefinition, good.taskDefinition) }],
    fail: [{ title: "a writable root filesystem", resource: res(T.ecsTaskDefinition, containersWith({ readonlyRootFilesystem: false })) }],
  });
  resourceCases(hard.ecsNonRootUser, {
    pass: [{ title: "uid 10001", resource: res(T.ecsTaskDefinition, good.taskDefinition) }],
    fail: [
      { title: "no user (root by default)", resource: res(T.ecsTaskDefinition, containersWith({ user: undefined })) },
      { title: "user 0:0", resource: res(T.ecsTaskDefinition, containersWith({ user: "0:0" })) },
    ],
  });
  resourceCases(hard.ecsNoPlaintextSecrets, {
    pass: [{ title: "settings in environment, credentials in secrets", resource: res(T.ecsTaskDefinition, good.taskDefinition) }],
    fail: [
      { title: "DB_PASSWORD in environment", resource: res(T.ecsTaskDefinition, withEnv([{ name: "DB_PASSWORD", value: "hunter2" }])), expect: /DB_PASSWORD/ },
      { title: "a Secrets Manager ARN in environment", resource: res(T.ecsTaskDefinition, withEnv([{ name: "DB_CREDS", value: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db" }])), expect: /secrets/ },
      { title: "a URL with a password", resource: res(T.ecsTaskDefinition, withEnv([{ name: "REDIS_URL", value: "rediss://default:s3cret@cache:6379" }])), expect: /URL with embedded credentials/ },
    ],
  });
  resourceCases(hard.ecsLatestPlatform, {
    pass: [{ title: "LATEST", resource: res(T.ecsService, good.service) }],
    fail: [{ title: "a pinned 1.3.0", resource: res(T.ecsService, { ...good.service, platformVersion: "1.3.0" }) }],
  });
  resourceCases(hard.rdsAutoMinorUpgrade, {
    pass: [{ title: "minor upgrades on", resource: res(T.rdsInstance, good.rds) }],
    fail: [{ title: "minor upgrades off", resource: res(T.rdsInstance, { ...good.rds, autoMinorVersionUpgrade: false }) }],
  });
  resourceCases(hard.ecrImmutableScanned, {
    pass: [
      { title: "immutable, scanned on push", resource: res(T.ecrRepository, good.ecr) },
      { title: "a creation template for immutable replicas (no scanning field: the registry's)", resource: res(T.ecrCreationTemplate, { prefix: "credlink-prod", appliedFors: ["REPLICATION"], imageTagMutability: "IMMUTABLE" }) },
    ],
    fail: [
      { title: "mutable tags", resource: res(T.ecrRepository, { ...good.ecr, imageTagMutability: "MUTABLE" }), expect: /IMMUTABLE/ },
      { title: "a creation template for mutable replicas", resource: res(T.ecrCreationTemplate, { prefix: "credlink-prod", appliedFors: ["REPLICATION"], imageTagMutability: "MUTABLE" }), expect: /IMMUTABLE/ },
    ],
  });
});
