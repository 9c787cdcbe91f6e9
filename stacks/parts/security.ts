import { chaosLogGroupName, DeployIdentity, execLogGroupName, flowLogGroupName, instanceIdentifier, KeyAdministrators, serviceLogGroupName, SharedKey } from "@credlink/components";
import { awsWafEnabled, onPrimary, StackContext, trailName } from "./context";

/**
 * Who administers every key of the stack: the account's break-glass role (credlink:account.breakGlassRoleArn) and this
 * stack's deploy role, for key policies only. The deploy role exists before any key (stacks/index.ts builds the deploy
 * identity first, and it depends on no key), so each key policy can name it. Without either, lib/kms falls back and the
 * config warns.
 */
export function keyAdministrators(s: StackContext, parts: { deployIdentity?: DeployIdentity }): KeyAdministrators {
  return { breakGlassRoleArn: s.cfg.account.breakGlassRoleArn, deployRoleArn: parts.deployIdentity?.deployRoleArn };
}

/**
 * With credlink:kms.keyPerStore false (dev, for cost), one key for every store instead of one each; every component
 * then takes it as kmsKeyArn and creates none.
 */
export function sharedKey(s: StackContext): SharedKey | undefined {
  const { cfg } = s;
  if (cfg.kms.keyPerStore) return undefined;
  return new SharedKey(
    `${s.base}-key`,
    {
      logGroupNames: sharedKeyLogGroupNames(s),
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      protect: cfg.isProd,
      // EventBridge may encrypt to the alert topics only (by their ARN), not under aws:Source* keys it never sends.
      alertingName: s.base,
      // The account's trail, when this stack owns the account baseline (it builds the trail: stacks/parts/audit.ts).
      trailName: s.cfg.account.baseline ? trailName(s) : undefined,
      keyAdministrators: s.keyAdministrators,
    },
    onPrimary(s),
  );
}

/**
 * The log groups the shared key's policy lets CloudWatch Logs use it for, exactly: by the names their components will
 * give them, since the key exists before any of them.
 */
export function sharedKeyLogGroupNames(s: StackContext): string[] {
  const { cfg, base } = s;
  return [
    flowLogGroupName(base),
    `/aws/rds/instance/${instanceIdentifier(`${base}-db`)}/*`,
    serviceLogGroupName(base),
    execLogGroupName(base),
    ...(cfg.chaos.enabled ? [chaosLogGroupName(s.chaosName)] : []),
    ...(awsWafEnabled(cfg) ? [s.wafLogGroupName] : []),
  ];
}
