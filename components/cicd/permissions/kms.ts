/**
 * AWS Key Management Service: the stack's customer managed keys and their aliases.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html
 *
 * Key ids are random. IAM gives the deploy role only what happens before a key has a policy (CreateKey, and tagging it
 * as this stack while creating it: KMS developer guide, "Tagging keys", permissions) and the reads; everything else on
 * a key (its policy, rotation, description, tags) comes from the key's own policy, which names the deploy role as
 * administrator of that key (DEPLOY_ROLE_KEY_POLICY_ACTIONS); an alias's key side is granted here as well, on this
 * stack's tagged keys, for key policies that delegate it to IAM (KmsAliasesOnThisStacksKeys). Deleting or disabling a key is the
 * break-glass role's. Using a key through a service (kms:CreateGrant, GenerateDataKey*, Decrypt, DescribeKey) is one
 * statement with kms:ViaService (deploy-policy.ts).
 */
import { DeployScope, inRegions, place, regional, requestTagged, resourceTagged, ServicePermissions } from "./types";

/**
 * What every customer managed key's policy must grant the deploy role (Principal: its ARN) on that key, so `pulumi up`
 * can create the key (CreateKey refuses a policy that would lock its caller out: the policy must let the caller
 * PutKeyPolicy) and later change its policy, rotation, description, tags and aliases. Never ScheduleKeyDeletion,
 * DisableKey or key use.
 */
export const DEPLOY_ROLE_KEY_POLICY_ACTIONS = [
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
] as const;

export const stackAliases = (s: DeployScope) => regional(s, "kms", `alias/${s.prefix}-*`);

export const kms: ServicePermissions = {
  service: "kms",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html",
  types: {
    "aws:kms/key:Key": {
      create: ["kms:CreateKey", "kms:TagResource"],
      read: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
      throughKeyPolicy: ["kms:PutKeyPolicy", "kms:EnableKeyRotation", "kms:UpdateKeyDescription", "kms:TagResource", "kms:UntagResource"],
      breakGlassOnly: ["kms:ScheduleKeyDeletion", "kms:DisableKey"],
    },
    "aws:kms/alias:Alias": {
      // Alias writes are authorised on the alias (IAM, here) and on the key (its key policy).
      create: ["kms:CreateAlias"],
      read: ["kms:ListAliases"],
      update: ["kms:UpdateAlias"],
      delete: ["kms:DeleteAlias"],
      throughKeyPolicy: ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"],
    },
  },
  statements: (s, actions) =>
    place(
      "kms",
      actions,
      [
        { sid: "KmsListAliases", takes: ["kms:ListAliases"], resources: () => "*" },
        { sid: "KmsCreateKeysInTheseRegions", takes: ["kms:CreateKey"], resources: () => "*", condition: (x) => ({ StringEquals: { ...inRegions(x), ...requestTagged(x) } }) },
        // Tagging only as this stack, on creation (the key has no policy yet) or on a key already tagged so.
        { sid: "KmsTagAsThisStack", takes: ["kms:TagResource"], resources: (x) => regional(x, "kms", "key/*"), condition: (x) => ({ StringEquals: requestTagged(x) }) },
        { sid: "KmsReadThisStacksKeys", takes: /^kms:(Describe|Get|List)/, resources: (x) => regional(x, "kms", "key/*"), condition: (x) => ({ StringEquals: resourceTagged(x) }) },
        // An alias write is authorised on the alias (IAM only) and on its key, in the key policy or "in an IAM policy
        // delegated from the key policy" (KMS developer guide, "Controlling access to aliases"). Every key policy here
        // delegates to IAM through the account-root statement (lib/kms.ts), so the key side is granted here too, on
        // this stack's keys (tagged so) in its regions: the DR region's keys included. A key policy that names the
        // deploy role grants it directly instead (DEPLOY_ROLE_KEY_POLICY_ACTIONS).
        {
          sid: "KmsAliasesOnThisStacksKeys",
          takes: /^kms:(Create|Update|Delete)Alias$/,
          resources: (x) => regional(x, "kms", "key/*"),
          condition: (x) => ({ StringEquals: resourceTagged(x) }),
          shared: true,
        },
        { sid: "KmsThisStacksAliases", takes: /^kms:(Create|Update|Delete)Alias$/, resources: (x) => stackAliases(x) },
      ],
      s,
    ),
};
