/**
 * Identity and access: who may use a key, a topic, a database or a cache, and with which credentials.
 * Mandatory, except secret rotation (advisory: see the README).
 */
import { isWildcardPrincipal, statements, truthy } from "../lib/aws";
import { CredlinkPolicy, eachOfType, getOr, refersTo, resourceRule, stackRule } from "../lib/rules";
import { T } from "../lib/types";

export const rdsIamAuth = resourceRule({
  name: "rds-iam-authentication-enabled",
  description: "RDS instances accept IAM database authentication.",
  covers: ["CKV_AWS_161", "AVD-AWS-0176"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => (truthy(p.iamDatabaseAuthenticationEnabled) ? undefined : "iamDatabaseAuthenticationEnabled must be true"),
});

export const elasticacheAuth = resourceRule({
  name: "elasticache-requires-auth",
  description: "ElastiCache replication groups require an AUTH token (or RBAC user groups).",
  covers: ["CKV_AWS_31"],
  enforcementLevel: "mandatory",
  types: [T.cacheReplicationGroup],
  check: (p) => {
    const groups = Array.isArray(p.userGroupIds) ? p.userGroupIds.length : 0;
    return p.authToken || p.authTokenWo || groups > 0 ? undefined : "authToken (from Secrets Manager) or userGroupIds must be set";
  },
});

export const ecsSeparateRoles = resourceRule({
  name: "ecs-task-execution-role-differs-from-task-role",
  description: "A task definition's execution role (pull images, read secrets, write logs) is not its task role (what the app may do).",
  covers: ["CKV_AWS_249"],
  enforcementLevel: "mandatory",
  types: [T.ecsTaskDefinition],
  check: (p) => {
    if (!p.taskRoleArn) return "taskRoleArn must be set (the app's own, least-privilege role)";
    if (!p.executionRoleArn) return "executionRoleArn must be set";
    return p.taskRoleArn === p.executionRoleArn ? "taskRoleArn and executionRoleArn must be different roles" : undefined;
  },
});

export const kmsKeyPolicyDefined = resourceRule({
  name: "kms-key-policy-defined",
  description: "Customer managed KMS keys have an explicit key policy (not the default that delegates everything to IAM).",
  covers: ["CKV2_AWS_64"],
  enforcementLevel: "mandatory",
  types: [T.kmsKey],
  check: (p) => (statements(p.policy).length > 0 ? undefined : "policy must be an explicit key policy"),
});

export const kmsNoWildcardPrincipal = resourceRule({
  name: "kms-key-policy-no-wildcard-principal",
  description: "No KMS key policy statement allows the wildcard principal '*'.",
  covers: ["CKV_AWS_33"],
  enforcementLevel: "mandatory",
  types: [T.kmsKey],
  check: (p) =>
    statements(p.policy)
      .filter((s) => s.Effect === "Allow" && isWildcardPrincipal(s.Principal))
      .map((s) => `statement ${s.Sid ?? "(no Sid)"} allows Principal "*"`),
});

const publicStatements = (doc: unknown) =>
  statements(doc)
    .filter((s) => s.Effect === "Allow" && isWildcardPrincipal(s.Principal) && !s.Condition)
    .map((s) => `statement ${s.Sid ?? "(no Sid)"} allows Principal "*" without a condition`);

export const snsTopicNotPublic = resourceRule({
  name: "sns-topic-policy-not-public",
  description: "SNS topic policies don't allow everyone ('*' without a condition).",
  covers: ["CKV_AWS_169"],
  enforcementLevel: "mandatory",
  types: [T.snsTopic, T.snsTopicPolicy],
  check: (p) => publicStatements(p.policy),
});

export const secretRotation = stackRule({
  name: "secretsmanager-secret-rotation-enabled",
  description: "Secrets Manager secrets rotate automatically.",
  covers: ["CKV2_AWS_57", "CKV_AWS_304"],
  enforcementLevel: "advisory",
  check: eachOfType([T.secret], (secret, all) => {
    const rotation = all.find((r) => r.type === T.secretRotation && refersTo(r, "secretId", secret));
    if (!rotation) return "has no aws.secretsmanager.SecretRotation";
    const days = Number(getOr(rotation.props, ["rotationRules", "automaticallyAfterDays"], NaN));
    return Number.isFinite(days) && days > 90 ? `rotates every ${days} days; at most 90` : undefined;
  }),
});

export const identityPolicies: CredlinkPolicy[] = [
  rdsIamAuth,
  elasticacheAuth,
  ecsSeparateRoles,
  kmsKeyPolicyDefined,
  kmsNoWildcardPrincipal,
  snsTopicNotPublic,
  secretRotation,
];
