/** Expected key-policy statements, spelled out here (not imported from the component) so a drift in either shows. */
import { MOCK_ACCOUNT_ID } from "../../tools/offline/mocks";

const ROOT = { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` };

/** The account-root statement: key administration only, never use of the key (no Encrypt/Decrypt/GenerateDataKey/ReEncrypt/CreateGrant). */
export function keyAdminStatement() {
  return {
    Sid: "AllowKeyAdministrationByThisAccount",
    Effect: "Allow",
    Principal: ROOT,
    Action: [
      "kms:CreateAlias",
      "kms:Describe*",
      "kms:Enable*",
      "kms:List*",
      "kms:Put*",
      "kms:Update*",
      "kms:Revoke*",
      "kms:Disable*",
      "kms:Get*",
      "kms:Delete*",
      "kms:TagResource",
      "kms:UntagResource",
      "kms:ScheduleKeyDeletion",
      "kms:CancelKeyDeletion",
      "kms:RotateKeyOnDemand",
    ],
    Resource: "*",
  };
}

/** Use of the key by this account's principals, only through the named services. */
export function viaServiceStatement(sid: string, services: string[]) {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: ROOT,
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*", "kms:CreateGrant", "kms:ListGrants"],
    Resource: "*",
    Condition: { StringEquals: { "kms:CallerAccount": MOCK_ACCOUNT_ID, "kms:ViaService": services } },
  };
}

/** Actions that use a key's material, or hand it on through a grant. */
const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant"];

/** The key-use actions an IAM action pattern (with `*` and `?` wildcards, case-insensitive) allows. */
export function keyUseActionsAllowedBy(pattern: string): string[] {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return KEY_USE_ACTIONS.filter((a) => re.test(a));
}

/** Prod's break-glass role (Pulumi.prod.yaml, credlink:account.breakGlassRoleArn: in prod's placeholder account). */
export const PROD_BREAK_GLASS = "arn:aws:iam::222222222222:role/credlink-break-glass";
/** Dev's (Pulumi.dev.yaml: each environment's account has its own). */
export const DEV_BREAK_GLASS = "arn:aws:iam::111111111111:role/credlink-break-glass";

/** Full key administration for the break-glass role, deletion and disabling included. */
export function breakGlassAdminStatement(roleArn = PROD_BREAK_GLASS) {
  return { ...keyAdminStatement(), Sid: "AllowKeyAdministrationByBreakGlass", Principal: { AWS: roleArn } };
}

/** The deploy role's key-policy actions only: never deletion, disabling or use of the key. */
export function deployRoleKeyPolicyStatement(deployRoleArn: string) {
  return {
    Sid: "AllowKeyPolicyAdministrationByDeployRole",
    Effect: "Allow",
    Principal: { AWS: deployRoleArn },
    Action: [
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
    ],
    Resource: "*",
  };
}

/** The deploy role may never bypass the lockout safety check: a policy it writes always leaves it able to repair it. */
export function deployRoleLockoutDenyStatement(deployRoleArn: string) {
  return {
    Sid: "DenyLockoutBypassByDeployRole",
    Effect: "Deny",
    Principal: { AWS: deployRoleArn },
    Action: ["kms:PutKeyPolicy"],
    Resource: "*",
    Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } },
  };
}

/**
 * The administration statements every key of a committed stack starts with: the stack's break-glass role (each
 * account's own), then the stack's deploy role for key policies.
 */
export function stackKeyAdminStatements(stack: "dev" | "prod", deployRoleArn: string): object[] {
  return [breakGlassAdminStatement(stack === "prod" ? PROD_BREAK_GLASS : DEV_BREAK_GLASS), deployRoleKeyPolicyStatement(deployRoleArn), deployRoleLockoutDenyStatement(deployRoleArn)];
}

/** The statement that lets the log delivery service encrypt vended logs (flow logs) in an SSE-KMS bucket. */
export function logDeliveryKeyStatement() {
  return {
    Sid: "AllowLogDeliveryToS3",
    Effect: "Allow",
    Principal: { Service: "delivery.logs.amazonaws.com" },
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
    Resource: "*",
    Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID }, ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:*` } },
  };
}
