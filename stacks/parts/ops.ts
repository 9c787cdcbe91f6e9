import * as pulumi from "@pulumi/pulumi";
import {
  Alarms,
  Alerting,
  Cache,
  CloudflareOrigin,
  CostControls,
  Dashboard,
  Database,
  DatabaseArgs,
  LoadBalancer,
  Network,
  ProofStore,
  REPLICATION_RULE_ID,
  resolveDatabaseArgs,
  ScheduledCheck,
  Service,
  Slo,
  Uptime,
  UPTIME_PROBE,
  UPTIME_PROBE_HANDLER,
  uptimeProbeEnvironment,
} from "@credlink/components";
import { totalCostCeilingUsd } from "../cost-ceiling";
import { defaultTags } from "../providers";
import { onPrimary, opsFull, Stack } from "./context";

/** Where alarms go: a page topic (PagerDuty) and a notify topic (email), sized from credlink:alerts. */
export function alerting(s: Stack, where: { name: string; provider: pulumi.ProviderResource } = { name: s.base, provider: s.providers.primary }): Alerting {
  const { cfg } = s;
  const primary = where.provider === s.providers.primary;
  return new Alerting(
    where.name,
    {
      emails: cfg.alerts.emails,
      pagerdutyUrl: cfg.alerts.pagerdutyUrl,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      // The shared key is regional: topics in another region get a key of their own.
      kmsKeyArn: primary ? s.kmsKeyArn : undefined,
      keyAdministrators: s.keyAdministrators,
      // Only these principals may subscribe to the alert topics (none named: this account's only).
      subscriberPrincipalArns: cfg.alerts.subscriberPrincipalArns,
      protectKey: cfg.isProd,
      // The dead man's switch of this region's page topic: each region's its own external check.
      heartbeatUrl: primary ? cfg.alerts.heartbeatUrl : cfg.alerts.drHeartbeatUrl,
    },
    { provider: where.provider },
  );
}

/**
 * Where the DR region's EventBridge rules go (an SNS target must be in its rule's region): alert topics of their own
 * there, with the same subscribers, for the DR vault's restore tests and the DR region's tamper alerts. Named for the
 * first of them (`<stack>-restore-test-dr`): renaming would replace the topics, and every email would confirm again.
 * Only with a DR region in use.
 */
export function drAlerting(s: Stack): Alerting | undefined {
  const dr = s.providers.dr;
  return dr ? alerting(s, { name: `${s.base}-restore-test-dr`, provider: dr }) : undefined;
}

/**
 * The golden-signals dashboard, with credlink:ops.level "full" only. "lean" (dev, which configures no alert target)
 * builds no dashboard, no SLO burn-rate alarms and no tier alarms. Everything else that notifies stays: the Service's
 * deployment alarms (they drive the automatic rollback), the uptime check, the WAF's alarm, the budgets, the backup and
 * restore-test events.
 */
export function dashboard(s: Stack, parts: { loadBalancer: LoadBalancer; service: Service; database: Database; cache: Cache }): Dashboard | undefined {
  const { cfg } = s;
  if (!opsFull(cfg)) return undefined;
  return new Dashboard(
    s.base,
    {
      region: cfg.region,
      loadBalancerArnSuffix: parts.loadBalancer.loadBalancerArnSuffix,
      targetGroupArnSuffix: parts.loadBalancer.targetGroupArnSuffix,
      clusterName: parts.service.clusterName,
      serviceName: parts.service.serviceName,
      dbInstanceIdentifier: parts.database.instance.identifier,
      cacheReplicationGroupId: parts.cache.replicationGroup.id,
      cacheNodes: cfg.cache.replicas + 1,
      sloTargetPercent: cfg.slo.targetPercent,
      latencyThresholdMs: cfg.slo.latencyThresholdMs,
    },
    onPrimary(s),
  );
}

/** Every tier's golden signals notify; the ones that mean users are failing now page through the SLO's composite. */
export function alarms(
  s: Stack,
  parts: { alerting: Alerting; loadBalancer: LoadBalancer; service: Service; database: Database; databaseArgs: DatabaseArgs; cache: Cache; proofs: ProofStore; cloudflareOrigin?: CloudflareOrigin },
): Alarms | undefined {
  const { cfg } = s;
  const { alerting, loadBalancer, service, database, cache, proofs } = parts;
  if (!opsFull(cfg)) return undefined;
  return new Alarms(
    `${s.base}-ops`,
    {
      notifyTopicArn: alerting.notifyTopicArn,
      loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
      targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
      // CANARY: ECS swaps the two target groups on every deployment; the target-group alarms follow both.
      alternateTargetGroupArnSuffix: loadBalancer.canary?.alternateTargetGroupArnSuffix,
      // The Service's deployment alarm 5xx-rate watches the targets' 5xx rate and pages (through the SLO's alsoPageOn).
      targetErrorRateAlarm: false,
      clusterName: service.clusterName,
      serviceName: service.serviceName,
      databaseIdentifier: database.instance.identifier,
      databaseInstanceClass: cfg.database.instanceClass,
      databaseAllocatedStorageGb: resolveDatabaseArgs(parts.databaseArgs).allocatedStorageGb,
      cacheReplicationGroupId: cache.replicationGroup.replicationGroupId,
      cacheNodes: 1 + cfg.cache.replicas,
      cacheNodeType: cfg.cache.nodeType,
      replication:
        proofs.replicaBucketName === undefined
          ? undefined
          : // The DR copy's freshness pages (the region RPO), like the other copies' check (parts/recovery.ts, copyFreshness).
            { sourceBucket: proofs.bucketName, destinationBucket: proofs.replicaBucketName, ruleId: REPLICATION_RULE_ID, pageTopicArn: alerting.pageTopicArn },
      // Cloudflare edge: the origin-pull client certificate's days to expiry (it is imported into ACM for the metric).
      originPullCertificateArn: parts.cloudflareOrigin?.clientCertificateAcmArn,
    },
    onPrimary(s),
  );
}

/**
 * Checked from outside, the way users reach it: only with a domain (dev without one serves plain HTTP on the ALB's
 * name). Route 53 publishes HealthCheckStatus in us-east-1 only, so the alarm lives there, and an alarm notifies only
 * topics in its own region: with the stack's page topic, that is a stack in us-east-1. Elsewhere (a failover stack in
 * the DR region, whose primary region may be the one that is down) a probe in the stack's own region stands in for it:
 * a scheduled HTTPS check of its load balancer, paging through the stack's own page topic.
 */
export function uptime(s: Stack, parts: { alerting: Alerting; network: Network; loadBalancer: LoadBalancer }): { uptime?: Uptime; probe?: ScheduledCheck; warnings: string[] } {
  const { cfg } = s;
  if (cfg.domain === undefined) return { warnings: [] };
  if (cfg.region !== "us-east-1") {
    const probe = new ScheduledCheck(
      `${s.base}-uptime-probe`,
      {
        description: `https://${cfg.domain.name}${cfg.service.healthCheckPath} answers on this stack's load balancer`,
        code: UPTIME_PROBE_HANDLER,
        environment: uptimeProbeEnvironment({ loadBalancerDnsName: parts.loadBalancer.dnsName, domainName: cfg.domain.name, healthCheckPath: cfg.service.healthCheckPath }),
        everyMinutes: UPTIME_PROBE.everyMinutes,
        failedRunsToPage: UPTIME_PROBE.failedRunsToPage,
        timeoutSeconds: UPTIME_PROBE.timeoutSeconds,
        subnetIds: parts.network.privateSubnetIds,
        vpcId: parts.network.vpcId,
        pageTopicArn: parts.alerting.pageTopicArn,
        logRetentionDays: cfg.service.logRetentionDays,
        keyDeletionWindowDays: cfg.kms.deletionWindowDays,
        permissionsBoundary: s.permissionsBoundary,
        keyAdministrators: s.keyAdministrators,
      },
      onPrimary(s),
    );
    return { probe, warnings: [] };
  }
  const check = new Uptime(
    `${s.base}-uptime`,
    { domainName: cfg.domain.name, healthCheckPath: cfg.service.healthCheckPath, alarmProvider: s.providers.primary, topicArn: parts.alerting.notifyTopicArn },
    onPrimary(s),
  );
  return { uptime: check, warnings: [] };
}

/**
 * Besides the burn rates, the alarms that mean users are failing now: the service's deployment 5xx alarm, the load
 * balancer's 5xx rates and the uptime check. They notify on their own; the SLO's composite is the one page.
 */
export function usersFailingAlarmNames(service: Service, alarms: Alarms, uptime: Uptime | undefined): pulumi.Output<string[]> {
  return pulumi
    .all([service.deploymentAlarmNames, alarms.pagingAlarmNames, uptime ? [uptime.alarmName] : []])
    .apply(([deployment, paging, down]) => [...deployment.filter((n) => n.includes("-5xx-rate")), ...paging, ...down]);
}

/** Built with the tier alarms (ops.level full): the composite also pages on their paging alarms. */
export function slo(s: Stack, parts: { loadBalancer: LoadBalancer; alerting: Alerting; service: Service; alarms?: Alarms; uptime?: Uptime }): Slo | undefined {
  const { cfg } = s;
  const { alerting, alarms } = parts;
  if (!alarms) return undefined;
  return new Slo(
    s.base,
    {
      loadBalancerArnSuffix: parts.loadBalancer.loadBalancerArnSuffix,
      pageTopicArn: alerting.pageTopicArn,
      notifyTopicArn: alerting.notifyTopicArn,
      targetPercent: cfg.slo.targetPercent,
      latencyThresholdMs: cfg.slo.latencyThresholdMs,
      runbookBase: cfg.alerts.runbookBase,
      alsoPageOn: usersFailingAlarmNames(parts.service, alarms, parts.uptime),
    },
    onPrimary(s),
  );
}

/**
 * Budgets and cost anomaly detection. The budget's amount is the policy pack's total ceiling for this environment (one
 * number: policy/config/<env>.json; the total, since a budget watches the bill, baseline + usage); it and the anomaly
 * monitor count the spend that carries this stack's cost-allocation tags (the provider's defaults).
 */
export function costControls(s: Stack, parts: { alerting: Alerting }): CostControls {
  const { cfg } = s;
  const tags = defaultTags(cfg);
  return new CostControls(
    s.base,
    {
      monthlyBudgetUsd: totalCostCeilingUsd(cfg.environment),
      tags: { project: tags.Project, environment: tags.Environment, costCenter: tags.CostCenter, stack: tags.Stack },
      notifyTopicArn: parts.alerting.notifyTopicArn,
      pageTopicArn: parts.alerting.pageTopicArn,
      anomalyThresholdUsd: cfg.cost.anomalyThresholdUsd,
      // With a heartbeat the page topic's subscriptions take JSON bodies only: Budgets emails the overrun itself too.
      overrunEmails: parts.alerting.pageFiltersOnBody ? cfg.alerts.emails : [],
    },
    onPrimary(s),
  );
}
