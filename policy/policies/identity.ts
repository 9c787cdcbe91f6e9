/**
 * Identity and access: who may use a key, a topic, a database or a cache, and with which credentials.
 * Mandatory, except secret rotation (advisory: see the README).
 */
import { isWildcardPrincipal, statements, truthy } from "../lib/aws";
import { PINNING_KEYS, pinsCaller, wildcardResources } from "../lib/pins";
import { isBoundaryPolicy } from "../lib/boundary";
import { CredlinkPolicy, eachOfType, getOr, many, plain, refersTo, resourceRule, stackRule } from "../lib/rules";
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

// Any condition used to pass here; only one that pins the caller exactly does now (lib/pins.ts).
const publicStatements = (doc: unknown) =>
  statements(doc)
    .filter((s) => s.Effect === "Allow" && isWildcardPrincipal(s.Principal) && !pinsCaller(s.Condition))
    .map((s) => `statement ${s.Sid ?? "(no Sid)"} allows Principal "*" without a condition that pins the caller to an exact account or ARN`);

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

// ---------------------------------------------------------------------------------------------------------------
// IAM policy documents. Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

/** Identity-based policy documents, by type: the property (or inline list) that holds each. */
const IDENTITY_POLICY_TYPES = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy", "aws:iam/role:Role"];

/** The identity-policy documents of a resource, each with where it came from. */
export function identityDocuments(type: string, p: Record<string, any>): { where: string; doc: unknown }[] {
  if (type === "aws:iam/role:Role") return many<any>(plain(p.inlinePolicies)).map((x, i) => ({ where: `inlinePolicies[${i}] (${x?.name ?? "?"})`, doc: x?.policy }));
  return [{ where: "policy", doc: p.policy }];
}

const allows = (s: any) => s.Effect === "Allow";
/** "*" in any form (`arn:aws:s3:::*`, `arn:aws:kms:*:*:key/*`, `arn:aws:logs:*:*:*`), or NotResource: lib/pins.ts. */
const onAllResources = (s: any) => wildcardResources(s).length > 0;
const sid = (s: any) => s.Sid ?? "(no Sid)";

/** AWS managed policies that grant everything (or everything but IAM). */
const ADMIN_MANAGED_POLICIES = /:iam::aws:policy\/(AdministratorAccess|PowerUserAccess)$/;

export const iamNoWildcardAction = resourceRule({
  name: "iam-no-wildcard-action",
  description: "No identity policy allows Action \"*\" (or NotAction, which allows everything else), and no role gets AdministratorAccess or PowerUserAccess: full admin is never granted by the stack.",
  covers: ["CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_286", "CKV_AWS_287", "CKV_AWS_288", "CKV_AWS_289", "CKV_AWS_290", "AVD-AWS-0057"],
  enforcementLevel: "mandatory",
  types: [...IDENTITY_POLICY_TYPES, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/policyAttachment:PolicyAttachment"],
  check: (p, _c, args) => {
    if (args.type.endsWith("PolicyAttachment")) {
      const arn = String(p.policyArn ?? "");
      return ADMIN_MANAGED_POLICIES.test(arn) ? `policyArn ${arn} grants (nearly) every action` : undefined;
    }
    return identityDocuments(args.type, p).flatMap(({ where, doc }) =>
      statements(doc)
        .filter(allows)
        .flatMap((s) => {
          if (many<string>(s.Action).map(String).includes("*")) return [`${where}: statement ${sid(s)} allows Action "*"`];
          if (s.NotAction !== undefined) return [`${where}: statement ${sid(s)} allows NotAction, i.e. every other action`];
          return [];
        }),
    );
  },
});

export const iamNoServiceWildcardOnAllResources = resourceRule({
  name: "iam-no-service-wildcard-on-all-resources",
  description:
    "No identity policy allows a whole service (\"s3:*\", \"kms:*\") on every resource (\"*\", or a wildcard ARN such as arn:aws:s3:::* or arn:aws:kms:*:*:key/*): name the actions, or the resources. A permissions boundary (a policy under the boundary path) grants nothing: naming the services it leaves open is what it is for.",
  covers: ["CKV_AWS_355", "CKV_AWS_111"],
  enforcementLevel: "mandatory",
  types: IDENTITY_POLICY_TYPES,
  check: (p, _c, args) =>
    isBoundaryPolicy(args.type, p) ? undefined : identityDocuments(args.type, p).flatMap(({ where, doc }) =>
      statements(doc)
        .filter((s) => allows(s) && onAllResources(s))
        .flatMap((s) => many<string>(s.Action).map(String).filter((a) => /^[\w-]+:\*$/.test(a)).map((a) => `${where}: statement ${sid(s)} allows ${a} on Resource ${wildcardResources(s).map((r) => JSON.stringify(r)).join(", ")} (every resource)`)),
    ),
});

export const iamTrustPolicyNoWildcard = resourceRule({
  name: "iam-trust-policy-no-wildcard-principal",
  description: "No role's trust policy lets everyone assume it (Principal \"*\" or {\"AWS\": \"*\"}), with or without conditions.",
  covers: ["CKV_AWS_60", "CKV_AWS_61"],
  enforcementLevel: "mandatory",
  types: ["aws:iam/role:Role"],
  check: (p) =>
    statements(p.assumeRolePolicy)
      .filter((s) => allows(s) && isWildcardPrincipal(s.Principal))
      .map((s) => `assumeRolePolicy: statement ${sid(s)} lets any principal ("*") assume the role`),
});

// What pins a caller (an exact account, ARN, organization, VPC or endpoint; never a pattern) is defined once, in
// lib/pins.ts, for every policy that accepts a pin.
export { PINNING_KEYS, pinsCaller };

/** Resource-based policies, by type: the property that holds the document. */
const RESOURCE_POLICY_PROPS: Readonly<Record<string, string>> = {
  [T.bucketPolicy]: "policy",
  [T.bucket]: "policy",
  [T.bucketV2]: "policy",
  [T.snsTopic]: "policy",
  [T.snsTopicPolicy]: "policy",
  [T.kmsKey]: "policy",
  "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
  "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
  "aws:sqs/queuePolicy:QueuePolicy": "policy",
};

export const resourcePolicyNoPublicGrant = resourceRule({
  name: "resource-policy-no-unpinned-wildcard-principal",
  description:
    "Resource policies (bucket, topic, key, secret, repository, queue) allow the wildcard principal only under a condition that pins the caller to an exact value (aws:SourceAccount or kms:CallerAccount = a 12-digit account, aws:SourceArn or aws:PrincipalArn = an ARN without wildcards, aws:PrincipalOrgID...). A pattern such as arn:aws:iam::*:role/x or arn:aws:sns:*:*:t is not a pin.",
  covers: ["CKV_AWS_70", "CKV_AWS_169"],
  enforcementLevel: "mandatory",
  types: Object.keys(RESOURCE_POLICY_PROPS),
  check: (p, _c, args) =>
    statements(p[RESOURCE_POLICY_PROPS[args.type]])
      .filter((s) => allows(s) && isWildcardPrincipal(s.Principal) && !pinsCaller(s.Condition))
      .map((s) => `statement ${sid(s)} allows Principal "*" without a condition that pins the caller to an exact account, ARN, organization or VPC (a wildcard pattern is not a pin)`),
});

export const identityPolicies: CredlinkPolicy[] = [
  rdsIamAuth,
  elasticacheAuth,
  ecsSeparateRoles,
  kmsKeyPolicyDefined,
  kmsNoWildcardPrincipal,
  snsTopicNotPublic,
  secretRotation,
  iamNoWildcardAction,
  iamNoServiceWildcardOnAllResources,
  iamTrustPolicyNoWildcard,
  resourcePolicyNoPublicGrant,
];
