import * as pulumi from "@pulumi/pulumi";
import { AccountBaseline, Alerting, GuardDutyAgentAccess, resolveRegistryArgs, Service } from "@credlink/components";
import { onPrimary, Stack } from "./context";

/** Account-level singletons: only in the stack that owns them (credlink:account.baseline), never in both. */
export function accountBaseline(s: Stack, parts: { alerting: Alerting }): AccountBaseline | undefined {
  const { cfg } = s;
  if (!cfg.account.baseline) return undefined;
  return new AccountBaseline(
    `${cfg.project}-account`,
    {
      pageTopicArn: parts.alerting.pageTopicArn,
      notifyTopicArn: parts.alerting.notifyTopicArn,
      // Every stack's repository in this account (`<project>-<stack>`): ENHANCED scanning skips what no filter names.
      repositoryNames: [`${resolveRegistryArgs(cfg.project, {}).repositoryName}-*`],
      costAllocationTags: ["Project", "Environment", "CostCenter"],
      // A later, deliberate step: Cost Explorer refuses keys it has not yet seen in billing data.
      activateCostAllocationTags: cfg.account.activateCostAllocationTags,
      // Backup's service opt-in, in each region with a vault.
      drProvider: s.providers.dr,
      securityHub: cfg.account.securityHub,
    },
    onPrimary(s),
  );
}

/**
 * GuardDuty injects its agent into every Fargate task of the account, whichever stack owns the baseline: the execution
 * role must be able to pull it, and the service starts its tasks only once it can (see `later` in stacks/index.ts).
 * Its warnings are logged here and returned for the stack's `warnings` output.
 */
export function guardDutyAgent(s: Stack, parts: { service: Service }): GuardDutyAgentAccess {
  const access = new GuardDutyAgentAccess(`${s.base}-guardduty-agent`, { region: s.cfg.region, executionRoleArn: parts.service.executionRoleArn }, onPrimary(s));
  for (const warning of access.warnings) pulumi.log.warn(warning);
  return access;
}
