/**
 * The stack's outputs: what `pulumi stack output`, the offline plan and CI read. Each names a part's output, or the
 * config value a plan section reports beside it.
 */
import { AccountBaseline, Alarms, Alerting, AppSecurityGroups, Backup, Cache, Chaos, CloudflareEdge, CostControls, Dashboard, Database, DeployIdentity, Firewall, GuardDutyAgentAccess, LoadBalancer, Network, ProofStore, R2Copy, Registry, RestoreTesting, RunnerIngress, ScheduledCheck, Service, Slo, Uptime } from "@credlink/components";
import { dnsFailoverRole } from "./app";
import { Audit, auditOutputs } from "./audit";
import { Stack } from "./context";

/** Every part of the program; the optional ones are absent when the config leaves them out. */
export interface Parts {
  readonly network: Network;
  readonly appSecurityGroups: AppSecurityGroups;
  readonly database: Database;
  readonly cache: Cache;
  readonly proofs: ProofStore;
  readonly registry: Registry;
  readonly loadBalancer: LoadBalancer;
  readonly cloudflareEdge?: CloudflareEdge;
  readonly alerting: Alerting;
  readonly r2Copy?: R2Copy;
  readonly service: Service;
  readonly dashboard?: Dashboard;
  readonly alarms?: Alarms;
  readonly uptime?: Uptime;
  /** Outside us-east-1: the probe of the stack's own load balancer that stands in for the Route 53 check. */
  readonly uptimeProbe?: ScheduledCheck;
  /** Why the uptime check was left out, when it was. */
  readonly uptimeWarnings: readonly string[];
  readonly slo?: Slo;
  readonly deployIdentity: DeployIdentity;
  /** Only where the load balancer admits an allowlist (dev). */
  readonly runnerIngress?: RunnerIngress;
  readonly costControls: CostControls;
  readonly backup: Backup;
  readonly restoreTesting: RestoreTesting;
  /** Restore testing of the DR vault's copies, in the DR region (with dr.enabled). */
  readonly drRestoreTesting?: { readonly restoreTesting: RestoreTesting; readonly alerting: Alerting };
  /** The DR copies' freshness check (with dr.enabled). */
  readonly copyFreshness?: ScheduledCheck;
  readonly chaos?: Chaos;
  readonly firewall?: Firewall;
  readonly baseline?: AccountBaseline;
  readonly guardDutyAgent: GuardDutyAgentAccess;
  /** The account's trail and tamper alerts (the baseline's owner only). */
  readonly audit?: Audit;
}

export function outputs(s: Stack, p: Parts) {
  const { cfg } = s;
  return {
    // Plain-language warnings for the plan and `pulumi stack output` (each is also logged with pulumi.log.warn).
    warnings: [...cfg.warnings, ...p.deployIdentity.warnings, ...p.loadBalancer.warnings, ...p.uptimeWarnings, ...p.guardDutyAgent.warnings],
    environment: cfg.environment,
    region: cfg.region,
    url: p.loadBalancer.url,
    loadBalancerDnsName: p.loadBalancer.dnsName,
    repositoryUrl: p.registry.repositoryUrl,
    clusterName: p.service.clusterName,
    serviceName: p.service.serviceName,
    taskSecurityGroupId: p.appSecurityGroups.taskSecurityGroupId,
    vpcId: p.network.vpcId,
    publicSubnetIds: p.network.publicSubnetIds,
    privateSubnetIds: p.network.privateSubnetIds,
    isolatedSubnetIds: p.network.isolatedSubnetIds,
    dbSubnetGroupName: p.network.dbSubnetGroupName,
    cacheSubnetGroupName: p.network.cacheSubnetGroupName,
    flowLogGroupName: p.network.flowLogGroupName,
    flowLogBucketName: p.network.flowLogBucketName,
    databaseEndpoint: p.database.endpoint,
    databaseAddress: p.database.address,
    databasePort: p.database.port,
    databaseName: p.database.databaseName,
    databaseMasterSecretArn: p.database.masterUserSecretArn,
    databaseAppUser: p.database.appUser,
    databaseResourceId: p.database.resourceId,
    databaseKeyArn: p.database.keyArn,
    databaseSecurityGroupId: p.database.securityGroupId,
    cacheEndpoint: p.cache.primaryEndpoint,
    cacheReaderEndpoint: p.cache.readerEndpoint,
    cachePort: p.cache.port,
    cacheAuthSecretArn: p.cache.authTokenSecretArn,
    cacheKeyArn: p.cache.keyArn,
    cacheSecurityGroupId: p.cache.securityGroupId,
    proofBucketName: p.proofs.bucketName,
    proofBucketArn: p.proofs.bucketArn,
    proofKeyArn: p.proofs.keyArn,
    proofAccessLogBucketName: p.proofs.accessLogBucketName,
    proofReplicaBucketName: p.proofs.replicaBucketName,
    proofReplicaBucketArn: p.proofs.replicaBucketArn,
    proofReplicaKeyArn: p.proofs.replicaKeyArn,
    proofReplicaLogBucketName: p.proofs.replicaLogBucketName,
    // What a failover stack restores from and adopts (credlink:database.restore, credlink:dr.adopt).
    databaseReplicatedBackupsArn: p.database.replicatedBackupsArn,
    databaseReplicaKeyArn: p.database.replicaKeyArn,
    repositoryReplicaUrl: p.registry.replicaRepositoryUrl,
    pageTopicArn: p.alerting.pageTopicArn,
    notifyTopicArn: p.alerting.notifyTopicArn,
    // "full" or "lean" (dev, for cost); with lean the three outputs below are absent (no SLO, no dashboard, no tier alarms).
    opsLevel: cfg.ops.level,
    serviceDegradedAlarmName: p.slo?.serviceDegradedAlarmName,
    // The objective as numbers (the plan's SLO section and its JSON read these).
    slo: p.slo && {
      targetPercent: p.slo.targetPercent,
      latencyThresholdMs: cfg.slo.latencyThresholdMs,
      errorBudgetMinutes: p.slo.errorBudgetMinutes,
      pagingAlarms: [p.slo.serviceDegradedAlarmName],
    },
    dashboardName: p.dashboard?.dashboardName,
    alarmNames: p.alarms?.alarmNames,
    uptimeHealthCheckId: p.uptime?.healthCheckId,
    uptimeAlarmName: p.uptime?.alarmName,
    uptimeProbeAlarmNames: p.uptimeProbe && [p.uptimeProbe.failingAlarmName, p.uptimeProbe.notRunningAlarmName],
    // Cost controls: the budget and the anomaly monitor.
    budgetName: p.costControls.budgetName,
    anomalyMonitorArn: p.costControls.anomalyMonitorArn,
    // The account (the providers refuse any other) and CI/CD: the workflows' AWS_DEPLOY_ROLE_ARN_<ENV>,
    // AWS_PREVIEW_ROLE_ARN_<ENV> and AWS_SCAN_ROLE_ARN_<ENV> variables; the deploy job reads runnerIngressRoleArn itself.
    accountId: cfg.account.id,
    deployRoleArn: p.deployIdentity.deployRoleArn,
    previewRoleArn: p.deployIdentity.previewRoleArn,
    scanRoleArn: p.deployIdentity.scanRoleArn,
    runnerIngressRoleArn: p.runnerIngress?.roleArn,
    oidcProviderArn: p.deployIdentity.oidcProviderArn,
    permissionsBoundaryArn: p.deployIdentity.permissionsBoundaryArn,
    // The subjects the CI roles trust, and the --secrets-provider of the stack's key (README, "Deploying for real").
    deploySubject: p.deployIdentity.subjects.deploy,
    checksSubject: p.deployIdentity.subjects.checks,
    previewSubject: p.deployIdentity.subjects.preview,
    secretsProvider: p.deployIdentity.secretsProvider,
    deploymentStrategy: cfg.service.deployment.strategy,
    // Recovery: the plan's RPO/RTO section reads these.
    recovery: {
      backupVaultArn: p.backup.vaultArn,
      drBackupVaultArn: p.backup.drVaultArn,
      dailyRetentionDays: p.backup.summary.dailyRetentionDays,
      continuousRetentionDays: p.backup.summary.continuousRetentionDays,
      drRegion: p.backup.summary.drRegion,
      vaultLock: p.backup.summary.vaultLock,
      vaultLockMode: p.backup.summary.vaultLockMode,
      airGappedVaultArn: p.backup.airGappedVaultArn,
      vaultAccessPolicies: p.backup.summary.accessPolicies,
      databaseMultiAz: cfg.database.multiAz,
      databaseBackupRetentionDays: cfg.database.backupRetentionDays,
      cacheReplicas: cfg.cache.replicas,
      cacheSnapshotRetentionDays: cfg.cache.snapshotRetentionDays,
      proofsReplicated: p.proofs.replicaBucketName !== undefined,
      restoreTestPlanName: p.restoreTesting.planName,
      restoreTestFrequency: p.restoreTesting.frequency,
      drRestoreTestPlanName: p.drRestoreTesting?.restoreTesting.planName,
      copyFreshnessAlarmNames: p.copyFreshness && [p.copyFreshness.failingAlarmName, p.copyFreshness.notRunningAlarmName],
      chaosTemplateIds: p.chaos?.templateIds,
    },
    failover: failoverOutputs(s, p.loadBalancer),
    // Edge: CI opens the dev ALB group to its runner's address for a job (docs/CICD.md, "Dev ingress allowlist and CI").
    loadBalancerSecurityGroupId: p.appSecurityGroups.loadBalancerSecurityGroupId,
    webAclArn: p.firewall?.webAclArn,
    wafLogGroupName: p.firewall?.logGroupName,
    accountBaselineOwner: cfg.account.baseline,
    guardDutyDetectorId: p.baseline?.detectorId,
    // The account's CloudTrail trail and the rules that page on tampering (the baseline's owner only).
    audit: auditOutputs(p.audit),
    // Which edge is in front (the AWS WAF belongs only to "aws"), and the R2 copy.
    edgeProvider: cfg.edge.provider,
    awsEdge: cfg.awsEdge,
    cloudflareHostname: p.cloudflareEdge?.hostname,
    cloudflarePlan: p.cloudflareEdge?.plan,
    r2CopyBucketName: p.r2Copy?.r2BucketName,
    r2CopyFunctionName: p.r2Copy?.functionName,
    r2CopyDeadLetterAlarmName: p.r2Copy?.deadLetterAlarmName,
  };
}

/**
 * The stack's part in a regional failover, for the plan's recovery section and the runbook: its role, the stack it
 * stands in for, whether the pilot light stands, and the failover record's role and health check.
 */
export function failoverOutputs(s: Stack, loadBalancer: LoadBalancer) {
  const { cfg } = s;
  return {
    role: cfg.dr.role,
    drRegion: cfg.dr.region,
    primaryStack: cfg.dr.primaryStack,
    pilotLight: cfg.dr.pilotLight,
    standby: cfg.dr.standby,
    dnsFailover: dnsFailoverRole(cfg),
    primaryHealthCheckId: loadBalancer.failoverHealthCheckId,
  };
}

/**
 * What a failover stack's standby (the pilot light: credlink:dr.standby) exports: the network, the load balancer and
 * its WAF that stand in the DR region ahead of time, and where their alarms and the budget go.
 */
export function standbyOutputs(
  s: Stack,
  p: { network: Network; appSecurityGroups: AppSecurityGroups; loadBalancer: LoadBalancer; alerting: Alerting; firewall?: Firewall; costControls: CostControls },
) {
  const { cfg } = s;
  return {
    warnings: [...cfg.warnings, ...p.loadBalancer.warnings],
    environment: cfg.environment,
    region: cfg.region,
    url: p.loadBalancer.url,
    loadBalancerDnsName: p.loadBalancer.dnsName,
    vpcId: p.network.vpcId,
    publicSubnetIds: p.network.publicSubnetIds,
    privateSubnetIds: p.network.privateSubnetIds,
    isolatedSubnetIds: p.network.isolatedSubnetIds,
    dbSubnetGroupName: p.network.dbSubnetGroupName,
    taskSecurityGroupId: p.appSecurityGroups.taskSecurityGroupId,
    loadBalancerSecurityGroupId: p.appSecurityGroups.loadBalancerSecurityGroupId,
    pageTopicArn: p.alerting.pageTopicArn,
    notifyTopicArn: p.alerting.notifyTopicArn,
    webAclArn: p.firewall?.webAclArn,
    budgetName: p.costControls.budgetName,
    failover: failoverOutputs(s, p.loadBalancer),
  };
}
