import { chaosLogGroupName, execLogGroupName, flowLogGroupName, instanceIdentifier, serviceLogGroupName, SharedKey } from "@credlink/components";
import { awsWafEnabled, onPrimary, StackContext } from "./context";

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
