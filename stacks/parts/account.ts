import * as pulumi from "@pulumi/pulumi";
import { AccountBaseline, Alerting, GuardDutyAgentAccess, resolveRegistryArgs, Service } from "@credlink/components";
import { onPrimary, Stack } from "./context";

/**
 * The regions this stack uses, each with its provider: the primary and, with DR, the DR region. The account's
 * singletons exist once per account and region, and the stack that owns the baseline owns them in each of these. The
 * account's audit trail and its per-region EventBridge rules are wired beside the baseline, over the same list.
 */
export function accountRegions(s: Stack): { readonly region: string; readonly role: "primary" | "dr"; readonly provider: pulumi.ProviderResource }[] {
  const { cfg, providers } = s;
  return [{ region: cfg.region, role: "primary" as const, provider: providers.primary }, ...(providers.dr ? [{ region: cfg.dr.region, role: "dr" as const, provider: providers.dr }] : [])];
}

/** The account baseline's name (`<project>-account`): its rules and alarms are named under it. */
export const accountBaselineName = (s: Stack): string => `${s.cfg.project}-account`;

/**
 * Account-level singletons, in every region the stack uses: only in the stack that owns them (credlink:account.baseline;
 * each environment's own account, or one of two stacks that share one deliberately).
 */
export function accountBaseline(s: Stack, parts: { alerting: Alerting; drAlerting?: Alerting }): AccountBaseline | undefined {
  const { cfg } = s;
  if (!cfg.account.baseline) return undefined;
  const dr = accountRegions(s).find((r) => r.role === "dr");
  return new AccountBaseline(
    accountBaselineName(s),
    {
      pageTopicArn: parts.alerting.pageTopicArn,
      notifyTopicArn: parts.alerting.notifyTopicArn,
      // Every stack's repository in this account (`<project>-<stack>`): ENHANCED scanning skips what no filter names.
      repositoryNames: [`${resolveRegistryArgs(cfg.project, {}).repositoryName}-*`],
      costAllocationTags: ["Project", "Environment", "CostCenter", "Stack"],
      // A later, deliberate step: Cost Explorer refuses keys it has not yet seen in billing data.
      activateCostAllocationTags: cfg.account.activateCostAllocationTags,
      // The DR region's detector, scanning and Backup opt-in; its findings page through the DR region's own topics (the
      // day the primary region is down, a finding forwarded there would reach no one).
      drProvider: dr?.provider,
      drTopics: parts.drAlerting && { pageTopicArn: parts.drAlerting.pageTopicArn, notifyTopicArn: parts.drAlerting.notifyTopicArn },
      runtimeMonitoring: cfg.account.runtimeMonitoring,
      securityHub: cfg.account.securityHub,
      permissionsBoundary: s.permissionsBoundary,
      roleNamePrefix: s.base,
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
