import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "./aws-context";
import { DEPLOY_ROLE_KEY_POLICY_ACTIONS } from "../cicd/permissions/kms";

/** One statement of an IAM or KMS key policy document. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: unknown;
  readonly Action: string | readonly string[];
  readonly Resource: pulumi.Input<string> | readonly pulumi.Input<string>[];
  readonly Condition?: unknown;
}

/** The actions a service needs to encrypt and decrypt with a customer managed key. */
export const KEY_USER_ACTIONS: readonly string[] = [
  "kms:Encrypt*",
  "kms:Decrypt*",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:Describe*",
];

/**
 * Key administration, and nothing that uses the key: no Encrypt, Decrypt, ReEncrypt, GenerateDataKey or CreateGrant
 * (so `kms:Create*` is spelled out as CreateAlias). `kms:Put*` keeps PutKeyPolicy, without which the key could never
 * be changed again (AWS's lockout safety check refuses a policy that doesn't let the caller manage the key).
 */
export const KEY_ADMIN_ACTIONS: readonly string[] = [
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
];

/**
 * The account-root administration statement: key *administration* delegated to IAM in this account (no wildcard
 * principal), so any principal whose IAM policy allows it administers the key. Unlike AWS's default key policy it is
 * not `kms:*`: with `kms:*` any principal whose IAM policy allows `kms:Decrypt` on `*` could use the key directly,
 * making the `kms:ViaService` statements moot. Only a fallback now (`keyAdministrationStatements`): with a break-glass
 * role configured, the key policies name their administrators instead.
 */
export function accountRootStatement(ctx: AwsContext): PolicyStatement {
  return {
    Sid: "AllowKeyAdministrationByThisAccount",
    Effect: "Allow",
    Principal: { AWS: pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:root` },
    Action: KEY_ADMIN_ACTIONS,
    Resource: "*",
  };
}

/**
 * Who administers a stack's keys. A key policy that names an IAM role needs no IAM policy beside it (KMS developer
 * guide, "Key policies": a principal named in the key policy is allowed by the key policy alone), and a principal not
 * named cannot administer the key whatever its IAM policy says (no account-root statement).
 */
export interface KeyAdministrators {
  /**
   * The account's break-glass role (`credlink:account.breakGlassRoleArn`): full administration, and the only principal
   * allowed `kms:ScheduleKeyDeletion` and `kms:DisableKey`. The first `up` runs as it, so it creates every key and
   * must keep `kms:PutKeyPolicy` (KMS refuses a policy that would lock its caller out: CreateKey and PutKeyPolicy,
   * "BypassPolicyLockoutSafetyCheck"). @default undefined (the account root statement instead: see the fallback)
   */
  readonly breakGlassRoleArn?: string;
  /**
   * The stack's CI deploy role (the DeployIdentity component's `deployRoleArn`): the key-policy actions
   * (DEPLOY_ROLE_KEY_POLICY_ACTIONS) only, so a later `up` can create a key and change its policy, rotation,
   * description, tags and aliases; never delete, disable or use it. @default undefined (no deploy identity)
   */
  readonly deployRoleArn?: pulumi.Input<string>;
}

/**
 * The key policy's administration statements:
 * - the break-glass role: every administration action (KEY_ADMIN_ACTIONS), key deletion and disabling included;
 * - the deploy role: DEPLOY_ROLE_KEY_POLICY_ACTIONS, which keep `kms:PutKeyPolicy`, so a key the deploy role creates
 *   passes the lockout check;
 * - without a break-glass role (a local or throwaway stack), the account-root statement instead of it, so whoever
 *   administers the account through IAM can still manage (and create) the key: `keyAdministrationWarnings` says so.
 * Never the account root beside a break-glass role: that would hand administration back to every IAM principal
 * allowed `kms:*`, a stolen SSO session included.
 */
export function keyAdministrationStatements(admins: KeyAdministrators | undefined, ctx: AwsContext): PolicyStatement[] {
  const statements: PolicyStatement[] =
    admins?.breakGlassRoleArn === undefined
      ? [accountRootStatement(ctx)]
      : [{ Sid: "AllowKeyAdministrationByBreakGlass", Effect: "Allow", Principal: { AWS: admins.breakGlassRoleArn }, Action: KEY_ADMIN_ACTIONS, Resource: "*" }];
  if (admins?.deployRoleArn !== undefined) {
    statements.push({ Sid: "AllowKeyPolicyAdministrationByDeployRole", Effect: "Allow", Principal: { AWS: admins.deployRoleArn }, Action: [...DEPLOY_ROLE_KEY_POLICY_ACTIONS], Resource: "*" });
    // With the lockout safety check bypassed, a policy may leave out every principal but its writer's choice, and no
    // one (the account root included) could repair it: the deploy role must always pass the check, so an IAM
    // administrator can at worst take over the deploy role and put the policy back (KMS API reference, PutKeyPolicy,
    // BypassPolicyLockoutSafetyCheck; condition key kms:BypassPolicyLockoutSafetyCheck). PutKeyPolicy only: a key
    // policy can't control CreateKey, which involves no existing key (KMS developer guide, "Using IAM policies with
    // AWS KMS"); the deploy role's guardrails and the CI boundary deny that half.
    statements.push({
      Sid: "DenyLockoutBypassByDeployRole",
      Effect: "Deny",
      Principal: { AWS: admins.deployRoleArn },
      Action: ["kms:PutKeyPolicy"],
      Resource: "*",
      Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } },
    });
  }
  return statements;
}

/** Plain-language warnings for key administrators that fall back to something weaker than break-glass plus deploy role. */
export function keyAdministrationWarnings(admins: KeyAdministrators | undefined): string[] {
  const warnings: string[] = [];
  if (admins?.breakGlassRoleArn === undefined) {
    warnings.push(
      "credlink:account.breakGlassRoleArn is not set: the key policies fall back to the account root statement (every IAM principal allowed kms administration in IAM administers the keys, key deletion included), and the vaults get no access policy",
    );
  }
  if (admins?.deployRoleArn === undefined) {
    warnings.push("this stack has no deploy identity (credlink:cicd): no deploy role administers the key policies, so every `up` must run as the break-glass role (or an account administrator)");
  }
  return warnings;
}

export interface KmsKeyArgs {
  /** What the key protects; shown in the console and the plan. */
  readonly description: string;
  /** Statements beyond the administration ones (service principals and their conditions). */
  readonly statements: readonly PolicyStatement[];
  /** Who administers the key (keyAdministrationStatements). @default undefined (the account root statement) */
  readonly administrators?: KeyAdministrators;
  /** Waiting period before a scheduled deletion completes, 7–30 days. */
  readonly deletionWindowInDays: number;
}

/** Resource options for a key made by `createKmsKey`. */
export interface KmsKeyOptions {
  /** Provider for the key and its alias, when they live in another region than the parent's provider (DR). */
  readonly provider?: pulumi.ProviderResource;
  /**
   * `protect` and `retainOnDelete` for the key only (not its alias): a key that encrypts retained data must outlive
   * the program, or the data becomes unreadable. @default false
   */
  readonly protect?: boolean;
}

/**
 * A statement letting principals of this account use the key only through the named AWS services
 * (`kms:ViaService`), the way AWS managed keys such as `aws/rds` scope themselves. `CreateGrant` is included for
 * services that hold a grant for the life of the resource (RDS, ElastiCache).
 */
export function viaServiceStatement(sid: string, services: readonly pulumi.Input<string>[], ctx: AwsContext): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { AWS: pulumi.interpolate`arn:${ctx.partition}:iam::${ctx.accountId}:root` },
    Action: [...KEY_USER_ACTIONS, "kms:CreateGrant", "kms:ListGrants"],
    Resource: "*",
    Condition: {
      StringEquals: { "kms:CallerAccount": ctx.accountId, "kms:ViaService": services },
    },
  };
}

/**
 * Lets CloudWatch Logs of this region use the key for the given log groups only: the `aws:logs:arn` encryption context
 * pinned with `ArnEquals` (exact groups) or `ArnLike` (patterns with `*`). Every encrypted log group's key has one.
 */
export function cloudWatchLogsStatement(
  sid: string,
  logGroupArns: pulumi.Input<string> | readonly pulumi.Input<string>[],
  ctx: AwsContext,
  match: "ArnEquals" | "ArnLike" = "ArnEquals",
): PolicyStatement {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: pulumi.interpolate`logs.${ctx.region}.amazonaws.com` },
    Action: KEY_USER_ACTIONS,
    Resource: "*",
    Condition: { [match]: { "kms:EncryptionContext:aws:logs:arn": logGroupArns } },
  };
}

/**
 * The key statement letting CloudWatch Logs use a key for the named log groups (in this account and region) only: the
 * encryption context pinned to each group's exact ARN. A key that serves other data too (a backup vault's) names the
 * log groups it also encrypts this way.
 */
export function logsKeyStatement(logGroupNames: readonly string[], ctx: AwsContext): PolicyStatement {
  return cloudWatchLogsStatement(
    "AllowCloudWatchLogsForNamedLogGroups",
    logGroupNames.map((n) => pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${n}`),
    ctx,
  );
}

/**
 * Lets the log delivery service (`delivery.logs.amazonaws.com`) encrypt the vended logs it writes to an SSE-KMS bucket
 * (VPC flow logs), for this account's log sources in this region only (aws:SourceAccount, aws:SourceArn). CloudWatch
 * Logs user guide, "Logs sent to Amazon S3", server-side encryption with a customer managed key
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-SSE-KMS-S3).
 */
export function logDeliveryKeyStatement(ctx: AwsContext): PolicyStatement {
  return {
    Sid: "AllowLogDeliveryToS3",
    Effect: "Allow",
    Principal: { Service: "delivery.logs.amazonaws.com" },
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
    Resource: "*",
    Condition: {
      StringEquals: { "aws:SourceAccount": ctx.accountId },
      ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:*` },
    },
  };
}

export interface KmsKey {
  readonly key: aws.kms.Key;
  readonly alias: aws.kms.Alias;
}

/**
 * A customer managed key with rotation on, an explicit key policy and an alias `alias/<name>`.
 * Children are named `name` and parented to `parent`.
 */
export function createKmsKey(
  name: string,
  args: KmsKeyArgs,
  ctx: AwsContext,
  parent: pulumi.Resource,
  options: KmsKeyOptions = {},
): KmsKey {
  const protect = options.protect ?? false;
  const key = new aws.kms.Key(
    name,
    {
      description: args.description,
      enableKeyRotation: true,
      deletionWindowInDays: args.deletionWindowInDays,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [...keyAdministrationStatements(args.administrators, ctx), ...args.statements],
      }),
    },
    { parent, provider: options.provider, protect, retainOnDelete: protect },
  );
  const alias = new aws.kms.Alias(name, { name: `alias/${name}`, targetKeyId: key.keyId }, { parent, provider: options.provider });
  return { key, alias };
}

/** What `createEncryptedLogGroup` builds. */
export interface EncryptedLogGroupArgs {
  /** The log group's name. */
  readonly logGroupName: string;
  readonly retentionInDays: number;
  /** The created key's description ("CredLink <component>: encrypts the WAF log group ..."). */
  readonly keyDescription: string;
  /** An existing key to use instead of creating one (its policy must already let CloudWatch Logs use it for this group). */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** The created key's deletion window, 7-30 days. */
  readonly keyDeletionWindowDays: number;
  /** `protect` and `retainOnDelete` on the created key (prod: the logs it encrypts outlive the stack). @default false */
  readonly protectKey?: boolean;
  /** Who administers the created key. @default undefined (the account root statement) */
  readonly keyAdministrators?: KeyAdministrators;
}

/**
 * A CloudWatch log group encrypted with a customer managed key of its own (or `kmsKeyArn`), whose policy lets CloudWatch
 * Logs use it for this group only. The key, its alias and the log group are all named `name`, parented to `parent`.
 */
export function createEncryptedLogGroup(
  name: string,
  args: EncryptedLogGroupArgs,
  ctx: AwsContext,
  parent: pulumi.Resource,
): { logGroup: aws.cloudwatch.LogGroup; keyArn: pulumi.Output<string>; logGroupArn: pulumi.Output<string> } {
  const logGroupArn = pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${args.logGroupName}`;
  const keyArn =
    args.kmsKeyArn !== undefined
      ? pulumi.output(args.kmsKeyArn)
      : createKmsKey(
          name,
          {
            description: args.keyDescription,
            deletionWindowInDays: args.keyDeletionWindowDays,
            statements: [cloudWatchLogsStatement("AllowCloudWatchLogsForThisLogGroup", logGroupArn, ctx)],
            administrators: args.keyAdministrators,
          },
          ctx,
          parent,
          { protect: args.protectKey ?? false },
        ).key.arn;
  const logGroup = new aws.cloudwatch.LogGroup(name, { name: args.logGroupName, retentionInDays: args.retentionInDays, kmsKeyId: keyArn }, { parent });
  return { logGroup, keyArn, logGroupArn };
}
