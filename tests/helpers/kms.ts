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
