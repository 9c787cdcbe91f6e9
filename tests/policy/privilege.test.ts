/**
 * The privilege policies (policy/policies/privilege.ts): passing and failing documents for each, and each against the
 * deploy identity as it was before the permission table (tests/fixtures/old-deploy-identity.json): the escalation paths
 * the old documents left open must fail.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { BOUNDARY_POLICY_PATH as COMPONENT_BOUNDARY_PATH } from "../../components/cicd/deploy-policy";
import { BOUNDARY_POLICY_PATH } from "../../policy/lib/boundary";
import { iamNoServiceWildcardOnAllResources } from "../../policy/policies/identity";
import { ciSelfProtectionDenied, githubOidcTrustPinned, passRoleScoped, roleTrustWithinAccount, roleWritesNeedBoundary, s3BucketPatternNoObjectWildcard } from "../../policy/policies/privilege";
import { awsProvider, runResourcePolicy, UNKNOWN } from "../../tools/offline/policy";
import { resourceCases, stackCases } from "./cases";
import { res } from "./fixtures";

const OLD = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/old-deploy-identity.json"), "utf8"));
const ACCOUNT = "123456789012";
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/credlink-boundary/credlink-prod-boundary`;
const doc = (...Statement: any[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const rolePolicy = (...statements: any[]) => res("aws:iam/rolePolicy:RolePolicy", { role: "credlink-prod-x", policy: doc(...statements) });
const managed = (...statements: any[]) => res("aws:iam/policy:Policy", { name: "credlink-prod-x", path: "/", policy: doc(...statements) });
const inline = (...statements: any[]) => res("aws:iam/role:Role", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }), inlinePolicies: [{ name: "p", policy: doc(...statements) }] });
const allow = (Action: any, Resource: any = "*", Condition?: any) => ({ Sid: "S", Effect: "Allow", Action, Resource, ...(Condition ? { Condition } : {}) });
const bounded = { StringEquals: { "iam:PermissionsBoundary": BOUNDARY } };
const ROLES = `arn:aws:iam::${ACCOUNT}:role/credlink-prod-*`;

describe("privilege policies", () => {
  it("GIVEN the pack's boundary path THEN it is the component's (the boundary it creates is read as a boundary)", () => {
    assert.equal(BOUNDARY_POLICY_PATH, COMPONENT_BOUNDARY_PATH);
  });

  resourceCases(roleWritesNeedBoundary, {
    pass: [
      { title: "CreateRole, PutRolePolicy, AttachRolePolicy and PutRolePermissionsBoundary with the boundary condition", resource: rolePolicy(allow(["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"], ROLES, bounded)) },
      { title: "role reads and deletes only", resource: managed(allow(["iam:GetRole", "iam:DeleteRole"], ROLES)) },
      { title: "a permissions boundary under the boundary path (it grants nothing)", resource: res("aws:iam/policy:Policy", { name: "b", path: "/credlink-boundary/", policy: doc(allow(["iam:*"])) }) },
      { title: "an attachment of the ECS infrastructure policy", resource: res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "r", policyArn: "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers" }) },
    ],
    fail: [
      { title: "the old deploy role's inline policy (CreateRole and PutRolePolicy on credlink-prod-* with no boundary)", resource: rolePolicy(...OLD.deployPolicy.Statement), expect: /ThisStacksRoles allows iam:CreateRole, iam:PutRolePolicy without an iam:PermissionsBoundary/ },
      { title: "iam:* on the stack's roles", resource: managed(allow("iam:*", ROLES)), expect: /iam:CreateRole, iam:PutRolePolicy, iam:AttachRolePolicy, iam:PutRolePermissionsBoundary/ },
      { title: "iam:Put* in a role's inline policy", resource: inline(allow("iam:Put*", ROLES)), expect: /inlinePolicies\[0\] \(p\)/ },
      { title: "Action * ", resource: managed(allow("*")), expect: /iam:CreateRole/ },
      { title: "NotAction that leaves iam in", resource: managed({ Sid: "N", Effect: "Allow", NotAction: ["s3:*"], Resource: "*" }), expect: /statement N/ },
      { title: "a boundary condition with a wildcard value", resource: managed(allow("iam:CreateRole", ROLES, { StringLike: { "iam:PermissionsBoundary": "arn:aws:iam::*:policy/*" } })) },
      { title: "an attachment of IAMFullAccess", resource: res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "r", policyArn: "arn:aws:iam::aws:policy/IAMFullAccess" }) },
      { title: "a permissions boundary attached as a policy", resource: res("aws:iam/rolePolicyAttachment:RolePolicyAttachment", { role: "r", policyArn: BOUNDARY }), expect: /is a permissions boundary/ },
    ],
  });

  resourceCases(passRoleScoped, {
    pass: [
      { title: "PassRole on the stack's roles to named services", resource: managed(allow("iam:PassRole", ROLES, { StringEquals: { "iam:PassedToService": ["ecs-tasks.amazonaws.com"] } })) },
      { title: "the old deploy role's PassRole (named roles, named services)", resource: rolePolicy(...OLD.deployPolicy.Statement.filter((s: any) => s.Sid === "PassThisStacksRolesToItsServices")) },
    ],
    fail: [
      { title: "PassRole on *", resource: managed(allow("iam:PassRole", "*", { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } })), expect: /on every role/ },
      { title: "PassRole on role/* ", resource: managed(allow("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/*`, { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } })), expect: /on every role/ },
      { title: "PassRole without iam:PassedToService", resource: managed(allow("iam:PassRole", ROLES)), expect: /without an iam:PassedToService/ },
      { title: "iam:Pass* with PassedToService '*'", resource: inline(allow("iam:Pass*", ROLES, { StringLike: { "iam:PassedToService": "*" } })), expect: /without an iam:PassedToService/ },
      { title: "Action * (which includes PassRole)", resource: managed(allow("*")), expect: /on every role/ },
    ],
  });

  resourceCases(s3BucketPatternNoObjectWildcard, {
    pass: [
      { title: "bucket actions on a bucket pattern and object actions on an object pattern, apart", resource: managed(allow(["s3:PutBucketTagging", "s3:GetBucketPolicy"], "arn:aws:s3:::credlink-prod-*"), allow(["s3:PutObject"], "arn:aws:s3:::credlink-prod-trust-store-*/ca.pem")) },
      { title: "s3:* on one exact bucket and its objects", resource: managed(allow("s3:*", ["arn:aws:s3:::credlink-prod-proofs-48b0c75", "arn:aws:s3:::credlink-prod-proofs-48b0c75/*"])) },
    ],
    fail: [
      { title: "the old deploy role's s3:* on arn:aws:s3:::credlink-prod-*", resource: rolePolicy(...OLD.deployPolicy.Statement), expect: /s3:\* on arn:aws:s3:::credlink-prod-\*/ },
      { title: "s3:* on arn:aws:s3:::*", resource: managed(allow("s3:*", "arn:aws:s3:::*")) },
      { title: "* on a bucket pattern", resource: inline(allow("*", "arn:aws:s3:::credlink-dev-*")) },
    ],
  });

  const trustRole = (Condition: any, Federated = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`) =>
    res("aws:iam/role:Role", { assumeRolePolicy: doc({ Sid: "GitHubActionsOidc", Effect: "Allow", Principal: { Federated }, Action: "sts:AssumeRoleWithWebIdentity", Condition }) });
  const AUD = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
  const DEPLOY_SUB = "repository_owner_id:91234567:repository_id:812345678:environment:prod:job_workflow_ref:credlink/infrastructure/.github/workflows/deploy.yml@refs/heads/main";
  const PREVIEW_SUB = "repository_owner_id:91234567:repository_id:812345678:pull_request:job_workflow_ref:credlink/infrastructure/.github/workflows/pull-request.yml@refs/pull/*/merge";
  resourceCases(githubOidcTrustPinned, {
    pass: [
      { title: "aud and the exact customized deploy subject", resource: trustRole({ StringEquals: { ...AUD, "token.actions.githubusercontent.com:sub": DEPLOY_SUB } }), config: { requireRepositoryIds: true } },
      { title: "aud and the preview subject, its pull request number the only wildcard", resource: trustRole({ StringEquals: AUD, StringLike: { "token.actions.githubusercontent.com:sub": PREVIEW_SUB } }), config: { requireRepositoryIds: true } },
      { title: "the old name-based exact subject, while repository ids are not required", resource: res("aws:iam/role:Role", { assumeRolePolicy: JSON.stringify(OLD.deployTrust) }) },
      { title: "a service role (no GitHub federation)", resource: res("aws:iam/role:Role", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }) }) },
    ],
    fail: [
      { title: "the old deploy trust once repository ids are required", resource: res("aws:iam/role:Role", { assumeRolePolicy: JSON.stringify(OLD.deployTrust) }), config: { requireRepositoryIds: true }, expect: /numeric ids/ },
      { title: "the old preview trust once repository ids are required", resource: res("aws:iam/role:Role", { assumeRolePolicy: JSON.stringify(OLD.previewTrust) }), config: { requireRepositoryIds: true }, expect: /numeric ids/ },
      { title: "no aud", resource: trustRole({ StringEquals: { "token.actions.githubusercontent.com:sub": DEPLOY_SUB } }), expect: /aud StringEquals "sts.amazonaws.com"/ },
      { title: "no sub", resource: trustRole({ StringEquals: AUD }), expect: /must require an exact/ },
      { title: "a wildcard repository under StringLike", resource: trustRole({ StringEquals: AUD, StringLike: { "token.actions.githubusercontent.com:sub": "repo:credlink/*" } }), expect: /only a pull request's number/ },
      { title: "a wildcard branch under StringLike", resource: trustRole({ StringEquals: AUD, StringLike: { "token.actions.githubusercontent.com:sub": "repo:credlink/infrastructure:ref:refs/heads/*" } }) },
      { title: "a wildcard under StringEquals", resource: trustRole({ StringEquals: { ...AUD, "token.actions.githubusercontent.com:sub": "repo:credlink/infrastructure:*" } }), expect: /must be exact/ },
      { title: "a wildcard before the pull request number", resource: trustRole({ StringEquals: AUD, StringLike: { "token.actions.githubusercontent.com:sub": "repository_owner_id:*:repository_id:812345678:pull_request:job_workflow_ref:credlink/infrastructure/.github/workflows/pull-request.yml@refs/pull/*/merge" } }) },
      { title: "another audience", resource: trustRole({ StringEquals: { "token.actions.githubusercontent.com:aud": "https://github.com/credlink", "token.actions.githubusercontent.com:sub": DEPLOY_SUB } }) },
    ],
  });

  // The stack rule sees the role, its attachments and its managed policies together.
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/credlink-prod-cicd-deploy-6353ca8`;
  const ciRole = { type: "aws:iam/role:Role", name: "credlink-prod-cicd-deploy", props: { name: "credlink-prod-cicd-deploy-6353ca8", arn: roleArn, assumeRolePolicy: JSON.stringify(OLD.deployTrust) } };
  const withPolicy = (statements: any[]) => [
    ciRole,
    { type: "aws:iam/policy:Policy", name: "credlink-prod-deploy-identity", props: { arn: `arn:aws:iam::${ACCOUNT}:policy/credlink-cicd/credlink-prod-deploy-identity`, policy: doc(...statements) } },
    { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "credlink-prod-cicd-deploy-identity", props: { role: "credlink-prod-cicd-deploy-6353ca8", policyArn: `arn:aws:iam::${ACCOUNT}:policy/credlink-cicd/credlink-prod-deploy-identity` } },
  ];
  const selfDeny = (Effect: string) => ({ Sid: "NeverChangeTheCiIdentity", Effect, Action: ["iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:Put*", "iam:Update*"], Resource: [roleArn] });
  stackCases(ciSelfProtectionDenied, {
    pass: [
      { title: "a CI role that writes roles and denies every write on itself", stack: withPolicy([allow(["iam:CreateRole"], ROLES, bounded), selfDeny("Deny")]) },
      { title: "the old deploy role's inline policy (its deny was a deny)", stack: [ciRole, { type: "aws:iam/rolePolicy:RolePolicy", name: "credlink-prod-cicd-deploy", props: { role: "credlink-prod-cicd-deploy-6353ca8", policy: JSON.stringify(OLD.deployPolicy) } }] },
      { title: "a CI role with no IAM write (the preview role)", stack: withPolicy([allow(["iam:GetRole"])]) },
    ],
    fail: [
      { title: "the same self-protection turned into an Allow", stack: withPolicy([allow(["iam:CreateRole"], ROLES, bounded), selfDeny("Allow")]), expect: /no explicit Deny of iam:PutRolePolicy/ },
      { title: "the old deploy role's policy without its deny", stack: [ciRole, { type: "aws:iam/rolePolicy:RolePolicy", name: "p", props: { role: "credlink-prod-cicd-deploy-6353ca8", policy: doc(...OLD.deployPolicy.Statement.filter((s: any) => s.Effect === "Allow")) } }] },
      { title: "a deny that leaves UpdateAssumeRolePolicy", stack: withPolicy([allow(["iam:CreateRole"], ROLES, bounded), { ...selfDeny("Deny"), Action: ["iam:Put*", "iam:Attach*", "iam:CreatePolicyVersion", "iam:DeleteRolePermissionsBoundary"] }]), expect: /iam:UpdateAssumeRolePolicy/ },
    ],
  });

  // A role the deploy role could create with the stack's boundary: IAM can't hold its trust to this account.
  const OTHER = "210987654321";
  const trusting = (Principal: unknown, extra: Record<string, unknown> = { permissionsBoundary: BOUNDARY }, statement: Record<string, unknown> = {}) =>
    res("aws:iam/role:Role", { assumeRolePolicy: doc({ Sid: "Trust", Effect: "Allow", Principal, Action: "sts:AssumeRole", ...statement }), ...extra });
  const OIDC = (account: string) => `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
  resourceCases(roleTrustWithinAccount, {
    pass: [
      { title: "a service role (ecs-tasks)", resource: trusting({ Service: "ecs-tasks.amazonaws.com" }) },
      { title: "two services, one of them regional (logs.<region>)", resource: trusting({ Service: ["logs.us-east-1.amazonaws.com", "vpc-flow-logs.amazonaws.com"] }) },
      { title: "GitHub's OIDC provider of this account (the CI roles)", resource: trusting({ Federated: OIDC(ACCOUNT) }, { permissionsBoundary: BOUNDARY }, { Action: "sts:AssumeRoleWithWebIdentity" }) },
      { title: "this account's root and a role of it, by id and by ARN", resource: trusting({ AWS: [ACCOUNT, `arn:aws:iam::${ACCOUNT}:role/credlink-break-glass`] }) },
      { title: "a role of the provider's allowed account, the boundary not yet known", resource: { ...trusting({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, { permissionsBoundary: UNKNOWN }), provider: { ...awsProvider(), props: { ...awsProvider().props, allowedAccountIds: JSON.stringify([ACCOUNT]) } } } },
      { title: "another account in a Deny statement only", resource: res("aws:iam/role:Role", { permissionsBoundary: BOUNDARY, assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }, { Effect: "Deny", Principal: { AWS: OTHER }, Action: "sts:AssumeRole" }) }) },
    ],
    fail: [
      { title: "another account's root", resource: trusting({ AWS: `arn:aws:iam::${OTHER}:root` }), expect: new RegExp(`trusts arn:aws:iam::${OTHER}:root, in account ${OTHER}: outside this account \\(${ACCOUNT}\\)`) },
      { title: "another account by its bare id, beside a service", resource: trusting({ Service: "ecs-tasks.amazonaws.com", AWS: OTHER }), expect: /outside this account/ },
      { title: "another account's role", resource: trusting({ AWS: `arn:aws:iam::${OTHER}:role/admin` }), expect: /in account 210987654321/ },
      { title: "another account's OIDC provider", resource: trusting({ Federated: OIDC(OTHER) }), expect: /outside this account/ },
      { title: "a web identity provider outside IAM (Cognito)", resource: trusting({ Federated: "cognito-identity.amazonaws.com" }), expect: /not an OIDC or SAML provider of this account/ },
      { title: "everyone", resource: trusting("*"), expect: /trusts "\*"/ },
      { title: "NotPrincipal", resource: res("aws:iam/role:Role", { permissionsBoundary: BOUNDARY, assumeRolePolicy: doc({ Sid: "N", Effect: "Allow", NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }) }), expect: /NotPrincipal/ },
      { title: "a CanonicalUser", resource: trusting({ CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }), expect: /CanonicalUser principal/ },
      { title: "a service name that is not AWS's", resource: trusting({ Service: "evil.example.com" }), expect: /not an AWS service principal/ },
      { title: "an account principal with no account of its own to compare (no boundary, no allowedAccountIds)", resource: trusting({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, {}), expect: /shows no account of its own/ },
    ],
  });

  it("GIVEN iam-role-trust-within-account THEN it is mandatory (privilege: every environment)", () => {
    assert.equal(roleTrustWithinAccount.enforcementLevel, "mandatory");
  });

  it("GIVEN a permissions boundary (services' wildcards on '*') THEN iam-no-service-wildcard-on-all-resources reads it as a boundary; the same document elsewhere fails", async () => {
    const statements = doc(allow(["s3:*", "kms:*"]));
    const asBoundary = await runResourcePolicy(iamNoServiceWildcardOnAllResources, res("aws:iam/policy:Policy", { name: "b", path: "/credlink-boundary/", policy: statements }));
    const asGrant = await runResourcePolicy(iamNoServiceWildcardOnAllResources, res("aws:iam/policy:Policy", { name: "b", path: "/", policy: statements }));
    assert.deepEqual([asBoundary.violations.length, asGrant.violations.length > 0], [0, true]);
  });
});
