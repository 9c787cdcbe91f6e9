/**
 * AWS Identity and Access Management: the program's service roles, their inline and managed policies, the NAT
 * instances' profiles, GitHub's OIDC provider.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 *
 * Every role the deploy role creates or changes carries the stack's permissions boundary: CreateRole, PutRolePolicy,
 * AttachRolePolicy, DetachRolePolicy, DeleteRolePolicy and PutRolePermissionsBoundary are allowed only with
 * `iam:PermissionsBoundary` equal to it (IAM user guide, "Permissions boundaries for IAM entities", delegating
 * responsibility to others). Passing a role, and service-linked roles, are statements of their own (deploy-policy.ts),
 * derived from every type's `passRoleTo` and `serviceLinkedRoles`.
 */
import { DeployScope, global, place, ServicePermissions } from "./types";

/** The actions that change what a role may do: each only with the stack's boundary on the role. */
export const BOUNDED_ROLE_ACTIONS = ["iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"];

/** The stack's roles and instance profiles: every name the program gives starts with the stack's prefix. */
export const stackRoles = (s: DeployScope) => global(s, "iam", `role/${s.prefix}-*`);
export const stackPolicies = (s: DeployScope) => global(s, "iam", `policy/${s.prefix}-*`);

export const iam: ServicePermissions = {
  service: "iam",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html",
  types: {
    "aws:iam/role:Role": {
      create: ["iam:CreateRole", "iam:TagRole"],
      read: ["iam:GetRole", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListRoleTags"],
      update: ["iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:PutRolePermissionsBoundary"],
      // The provider removes inline and managed policies and instance profiles before it deletes a role.
      delete: ["iam:DeleteRole", "iam:ListInstanceProfilesForRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy"],
      breakGlassOnly: ["iam:DeleteRolePermissionsBoundary"],
    },
    "aws:iam/rolePolicy:RolePolicy": { create: ["iam:PutRolePolicy"], read: ["iam:GetRolePolicy"], update: ["iam:PutRolePolicy"], delete: ["iam:DeleteRolePolicy"] },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
      create: ["iam:AttachRolePolicy"],
      read: ["iam:ListAttachedRolePolicies"],
      delete: ["iam:DetachRolePolicy"],
    },
    "aws:iam/policy:Policy": {
      create: ["iam:CreatePolicy", "iam:TagPolicy"],
      read: ["iam:GetPolicy", "iam:GetPolicyVersion", "iam:ListPolicyVersions", "iam:ListPolicyTags"],
      update: ["iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"],
      delete: ["iam:DeletePolicy", "iam:ListEntitiesForPolicy"],
    },
    "aws:iam/instanceProfile:InstanceProfile": {
      // AddRoleToInstanceProfile needs iam:PassRole on the role (to ec2.amazonaws.com).
      create: ["iam:CreateInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:TagInstanceProfile"],
      read: ["iam:GetInstanceProfile"],
      update: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:TagInstanceProfile", "iam:UntagInstanceProfile"],
      delete: ["iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
      passRoleTo: ["ec2.amazonaws.com"],
    },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
      // Read only: the provider is changed by an administrator's `up`, never by CI (guardrails.ts).
      read: ["iam:GetOpenIDConnectProvider"],
      breakGlassOnly: [
        "iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint",
        "iam:AddClientIDToOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider",
      ],
    },
  },
  statements: (s, actions) =>
    place(
      "iam",
      actions,
      [
        { sid: "IamReads", takes: /^iam:(Get|List)/, resources: () => "*" },
        {
          sid: "RolesOnlyWithThisStacksBoundary",
          takes: BOUNDED_ROLE_ACTIONS,
          resources: (x) => [stackRoles(x)],
          condition: (x) => ({ StringEquals: { "iam:PermissionsBoundary": x.boundaryArn } }),
        },
        { sid: "ThisStacksRoles", takes: /^iam:(DeleteRole|UpdateRole|UpdateAssumeRolePolicy|TagRole|UntagRole|UpdateRoleDescription)$/, resources: (x) => [stackRoles(x)] },
        { sid: "ThisStacksInstanceProfiles", takes: /InstanceProfile$/, resources: (x) => [global(x, "iam", `instance-profile/${x.prefix}-*`)] },
        { sid: "ThisStacksManagedPolicies", takes: /Policy(Version)?$|^iam:(TagPolicy|UntagPolicy)$/, resources: (x) => [stackPolicies(x)] },
      ],
      s,
    ),
};
