/**
 * The CredLink program: stack config -> components -> exported outputs. It holds no resource logic of its own.
 *
 * It is exported as a function: Pulumi's nodejs language host calls it and exports what it returns, and the tests and
 * the offline plan can run it again under fresh mocks (module-level resources would register only once per process).
 *
 * Order: network -> the app tier's security groups -> data tier (admits the task group) -> registry and load
 * balancer -> the service (gets the data tier's endpoints). The security groups come before the data tier so that
 * neither side waits on a placeholder.
 */
import { AccountBaseline, Firewall, GuardDutyAgentAccess, resolveRegistryArgs } from "@credlink/components";
import { Alarms, Alerting, AppSecurityGroups, Cache, Dashboard, Database, DatabaseArgs, LoadBalancer, Network, ProofStore, Registry, REPLICATION_RULE_ID, resolveDatabaseArgs, Service, Slo, Uptime } from "@credlink/components";
import { DeployIdentity } from "@credlink/components";
import { Backup, Chaos, chaosLogGroupName, RestoreTesting } from "@credlink/components";
import { execLogGroupName, flowLogGroupName, instanceIdentifier, serviceLogGroupName, SharedKey } from "@credlink/components";
import { CloudflareEdge, CloudflareOrigin, R2Copy } from "@credlink/components";
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "./config";
import { createProviders, defaultTags } from "./providers";
// issue 14 (cost controls)
import { CostControls } from "@credlink/components";
import { costCeilingUsd } from "./cost-ceiling";

export = async () => {
  const cfg = readStackConfig();
  for (const warning of cfg.warnings) pulumi.log.warn(warning);
  const providers = createProviders(cfg);
  const base = `${cfg.project}-${cfg.stack}`;

  // issue 14 (cost): with credlink:kms.keyPerStore false (dev), one key for every store instead of one each; every
  // component then takes it as kmsKeyArn and creates none. Its policy names exactly the log groups below.
  const chaosName = `${base}-chaos`;
  const wafLogGroupName = `aws-waf-logs-${base}`;
  const sharedKey = cfg.kms.keyPerStore
    ? undefined
    : new SharedKey(
        `${base}-key`,
        {
          logGroupNames: [
            flowLogGroupName(base),
            `/aws/rds/instance/${instanceIdentifier(`${base}-db`)}/*`,
            serviceLogGroupName(base),
            execLogGroupName(base),
            ...(cfg.chaos.enabled ? [chaosLogGroupName(chaosName)] : []),
            ...(cfg.edge.waf.enabled && cfg.awsEdge ? [wafLogGroupName] : []),
          ],
          keyDeletionWindowDays: cfg.kms.deletionWindowDays,
          protect: cfg.isProd,
          // EventBridge may encrypt to the alert topics only (by their ARN), not under aws:Source* keys it never sends.
          alertingName: base,
        },
        { provider: providers.primary },
      );
  const kmsKeyArn = sharedKey?.keyArn;

  const network = new Network(
    base,
    {
      cidrBlock: cfg.network.cidrBlock,
      region: cfg.region,
      azCount: cfg.network.azCount,
      natGateways: cfg.network.natGateways,
      subnetMasks: cfg.network.subnetMasks,
      flowLogRetentionDays: cfg.network.flowLogRetentionDays,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn,
      // Prod's log keys are protected and retained like the data keys.
      protectKey: cfg.isProd,
      // NAT instances and their volumes carry the cost tags (the provider's default tags stop at the launch template).
      natInstanceTags: defaultTags(cfg),
    },
    { provider: providers.primary },
  );

  // Issue 16: with Cloudflare as the edge, what the origin needs first (the edge's ranges, the certificate validated in
  // the Cloudflare zone, the origin-pull CA and trust store). cfg.awsEdge is false then: the AWS WAF must stay off.
  const cloudflareOrigin =
    cfg.edge.provider === "cloudflare" && cfg.cloudflare && cfg.domain && providers.cloudflare
      ? new CloudflareOrigin(
          `${base}-edge`,
          { zoneId: cfg.cloudflare.zoneId, domainName: cfg.domain.name, keyDeletionWindowDays: cfg.kms.deletionWindowDays, forceDestroy: !cfg.isProd },
          { providers: [providers.primary, providers.cloudflare] },
        )
      : undefined;

  const appSecurityGroups = new AppSecurityGroups(
    base,
    {
      vpcId: network.vpcId,
      appPort: cfg.service.containerPort,
      tls: cfg.domain !== undefined,
      dataSubnetCidrs: network.layout.map((az) => az.subnets.isolated),
      allowedCidrs: cfg.service.allowedCidrs,
      ingressPrefixListId: cloudflareOrigin?.prefixListId,
    },
    { provider: providers.primary },
  );

  // Stateful resources (DB instance, replication group, buckets, keys) are protected and retained in prod only; each
  // component applies it to those children alone, so security groups and parameter groups stay replaceable.
  const protectData = cfg.isProd;
  // The database and the cache admit the Fargate tasks' security group, and nothing else.
  const dataClientSecurityGroupIds = [appSecurityGroups.taskSecurityGroupId];

  const databaseArgs: DatabaseArgs = {
    vpcId: network.vpcId,
    dbSubnetGroupName: network.dbSubnetGroupName,
    allowedSecurityGroupIds: dataClientSecurityGroupIds,
    engineVersion: cfg.database.engineVersion,
    instanceClass: cfg.database.instanceClass,
    allocatedStorageGb: cfg.database.allocatedStorageGb,
    maxAllocatedStorageGb: cfg.database.maxAllocatedStorageGb,
    multiAz: cfg.database.multiAz,
    backupRetentionDays: cfg.database.backupRetentionDays,
    logRetentionDays: cfg.database.logRetentionDays,
    appUser: cfg.database.appUser,
    protectData,
    keyDeletionWindowDays: cfg.kms.deletionWindowDays,
    kmsKeyArn,
  };
  const database = new Database(`${base}-db`, databaseArgs, { provider: providers.primary });

  const cache = new Cache(
    `${base}-cache`,
    {
      vpcId: network.vpcId,
      cacheSubnetGroupName: network.cacheSubnetGroupName,
      allowedSecurityGroupIds: dataClientSecurityGroupIds,
      engine: cfg.cache.engine,
      engineVersion: cfg.cache.engineVersion,
      nodeType: cfg.cache.nodeType,
      replicas: cfg.cache.replicas,
      snapshotRetentionDays: cfg.cache.snapshotRetentionDays,
      snapshotWindow: cfg.cache.snapshotWindow,
      protectData,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn,
    },
    { provider: providers.primary },
  );

  const proofs = new ProofStore(
    `${base}-proofs`,
    {
      noncurrentTransitionDays: cfg.proofs.noncurrentTransitionDays,
      noncurrentExpirationDays: cfg.proofs.noncurrentExpirationDays,
      accessLogRetentionDays: cfg.proofs.accessLogRetentionDays,
      objectLockRetentionDays: cfg.proofs.objectLockRetentionDays,
      objectLockMode: cfg.proofs.objectLockMode,
      breakGlassRoleArn: cfg.proofs.breakGlassRoleArn,
      replication: providers.dr ? { region: cfg.dr.region, provider: providers.dr } : undefined,
      protectData,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn,
    },
    { provider: providers.primary },
  );

  const registry = new Registry(
    base,
    { keepImages: cfg.service.keepImages, keyDeletionWindowDays: cfg.kms.deletionWindowDays, kmsKeyArn, forceDelete: !cfg.isProd, protectData },
    { provider: providers.primary },
  );

  const loadBalancer = new LoadBalancer(
    base,
    {
      vpcId: network.vpcId,
      subnetIds: network.publicSubnetIds,
      securityGroupId: appSecurityGroups.loadBalancerSecurityGroupId,
      targetPort: cfg.service.containerPort,
      healthCheckPath: cfg.service.healthCheckPath,
      domainName: cfg.domain?.name,
      hostedZoneId: cfg.domain?.hostedZoneId,
      certificateArn: cloudflareOrigin?.certificateArn,
      mutualTlsTrustStoreArn: cloudflareOrigin?.trustStoreArn,
      deletionProtection: cfg.isProd,
      accessLogRetentionDays: cfg.service.accessLogRetentionDays,
      forceDestroyLogs: !cfg.isProd,
      protectLogs: protectData,
      // CI/CD (issue 13): a canary needs the alternate target group and the production listener rule.
      trafficShifting: cfg.service.deployment.strategy === "CANARY",
    },
    { provider: providers.primary },
  );

  // Issue 16: the Cloudflare zone side: the proxied record to the ALB, zone TLS settings, managed WAF and rate limits.
  const cloudflareEdge =
    cloudflareOrigin && cfg.cloudflare && cfg.domain
      ? new CloudflareEdge(
          base,
          { zoneId: cfg.cloudflare.zoneId, domainName: cfg.domain.name, originHostname: loadBalancer.dnsName, plan: cfg.cloudflare.plan, rateLimits: cfg.cloudflare.rateLimits },
          { provider: providers.cloudflare },
        )
      : undefined;

  // Where alarms go: a page topic (PagerDuty) and a notify topic (email), sized from credlink:alerts.
  const alerting = new Alerting(
    base,
    {
      emails: cfg.alerts.emails,
      pagerdutyUrl: cfg.alerts.pagerdutyUrl,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn,
      // Only these principals may subscribe to the alert topics (none named: this account's only).
      subscriberPrincipalArns: cfg.alerts.subscriberPrincipalArns,
      protectKey: cfg.isProd,
    },
    { provider: providers.primary },
  );

  // Issue 16: the R2 third copy of the proofs (credlink:proofs.r2Copy), held by a second provider; never the record.
  const r2Copy =
    cfg.proofs.r2Copy && cfg.cloudflareSecrets && providers.cloudflare
      ? new R2Copy(
          `${base}-proofs`,
          {
            accountId: cfg.cloudflareSecrets.accountId,
            bucketName: `${base}-proofs-copy`,
            location: cfg.cloudflare?.r2Location,
            // The copy stays locked as long as the record's Object Lock keeps each version; indefinitely without one.
            lockDays: cfg.proofs.objectLockRetentionDays,
            proofBucketName: proofs.bucketName,
            proofBucketArn: proofs.bucketArn,
            proofBucketKeyArn: proofs.keyArn,
            subnetIds: network.privateSubnetIds,
            vpcId: network.vpcId,
            notifyTopicArn: alerting.notifyTopicArn,
            logRetentionDays: cfg.service.logRetentionDays,
            keyDeletionWindowDays: cfg.kms.deletionWindowDays,
            protectData,
          },
          { providers: [providers.primary, providers.cloudflare] },
        )
      : undefined;

  const guardDutyAgentReady = later<pulumi.Resource[]>();
  const service = new Service(
    base,
    {
      image: cfg.service.image,
      cpu: cfg.service.cpu,
      memory: cfg.service.memory,
      architecture: cfg.service.architecture,
      capacityProvider: cfg.service.capacityProvider,
      containerPort: cfg.service.containerPort,
      healthCheckPath: cfg.service.healthCheckPath,
      healthCheckCommand: cfg.service.healthCheckCommand,
      tracing: cfg.service.tracing,
      tracingCollectorImage: cfg.service.tracingCollectorImage,
      desiredCount: cfg.service.desiredCount,
      minCount: cfg.service.minCount,
      maxCount: cfg.service.maxCount,
      cpuTargetPercent: cfg.service.cpuTargetPercent,
      requestsPerTarget: cfg.service.requestsPerTarget,
      logRetentionDays: cfg.service.logRetentionDays,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn,
      protectLogKey: cfg.isProd,
      // Dev's cluster is out of GuardDuty's automated agent: no GuardDuty-managed VPC endpoint to block `destroy`.
      guardDutyAgent: cfg.isProd,
      // The tasks start only once the execution role may pull GuardDuty's agent (the policy is made below, on the role).
      deployAfter: guardDutyAgentReady.promise,
      subnetIds: network.privateSubnetIds,
      securityGroupId: appSecurityGroups.taskSecurityGroupId,
      targetGroupArn: loadBalancer.targetGroupArn,
      targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
      loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
      repositoryArn: registry.repositoryArn,
      databaseHost: database.address,
      databasePort: database.port,
      databaseName: database.databaseName,
      // IAM database authentication as the app user: the RDS-managed master secret (rotated every 7 days) is for
      // administrators and never reaches the task.
      databaseUser: database.appUser,
      databaseConnectArn: database.appUserConnectArn,
      cacheHost: cache.primaryEndpoint,
      cachePort: cache.port,
      // The cache AUTH token secret is encrypted with the cache key: the execution role may decrypt with that key only.
      cacheAuthSecretArn: cache.authTokenSecretArn,
      secretKeyArns: [cache.keyArn],
      proofBucketName: proofs.bucketName,
      proofBucketArn: proofs.bucketArn,
      proofBucketKeyArn: proofs.keyArn,
      // Both deployment alarms notify. The 5xx rate (users get errors now) also pages, through the SLO's
      // "service degraded" composite below; a slow p95 alone (requests still succeed) waits for working hours, and
      // pages only once it burns the error budget.
      alarmActions: [alerting.notifyTopicArn],
      // CI/CD (issue 13): ROLLING, or CANARY through the load balancer's alternate target group and production rule.
      deploymentStrategy: cfg.service.deployment.strategy,
      canaryPercent: cfg.service.deployment.canaryPercent,
      canaryBakeMinutes: cfg.service.deployment.canaryBakeMinutes,
      bakeMinutes: cfg.service.deployment.bakeMinutes,
      canary: loadBalancer.canary,
    },
    { provider: providers.primary },
  );
  // GuardDuty injects its agent into every Fargate task of the account, whichever stack owns the baseline: the
  // execution role must be able to pull it, and the service (above) starts its tasks only once it can.
  const guardDutyAgent = new GuardDutyAgentAccess(`${base}-guardduty-agent`, { region: cfg.region, executionRoleArn: service.executionRoleArn }, { provider: providers.primary });
  guardDutyAgentReady.set([guardDutyAgent]);
  for (const warning of guardDutyAgent.warnings) pulumi.log.warn(warning);

  // issue 14 (dev lean): credlink:ops.level "lean" (dev, which configures no alert target) builds no dashboard, no SLO
  // burn-rate alarms and no tier alarms. Everything else that notifies stays: the Service's deployment alarms (they
  // drive the automatic rollback), the uptime check, the WAF's alarm, the budgets, the backup and restore-test events.
  const opsFull = cfg.ops.level === "full";
  const dashboard = !opsFull
    ? undefined
    : new Dashboard(
        base,
        {
          region: cfg.region,
          loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
          targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
          clusterName: service.clusterName,
          serviceName: service.serviceName,
          dbInstanceIdentifier: database.instance.identifier,
          cacheReplicationGroupId: cache.replicationGroup.id,
          cacheNodes: cfg.cache.replicas + 1,
          sloTargetPercent: cfg.slo.targetPercent,
          latencyThresholdMs: cfg.slo.latencyThresholdMs,
        },
        { provider: providers.primary },
      );

  // Every tier's golden signals notify; the ones that mean users are failing now page through the SLO's composite.
  const alarms = !opsFull
    ? undefined
    : new Alarms(
        `${base}-ops`,
        {
          notifyTopicArn: alerting.notifyTopicArn,
          loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
          targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
          // CANARY: ECS swaps the two target groups on every deployment; the target-group alarms follow both.
          alternateTargetGroupArnSuffix: loadBalancer.canary?.alternateTargetGroupArnSuffix,
          // issue 14: the Service's deployment alarm 5xx-rate watches the targets' 5xx rate and pages (alsoPageOn below).
          targetErrorRateAlarm: false,
          clusterName: service.clusterName,
          serviceName: service.serviceName,
          databaseIdentifier: database.instance.identifier,
          databaseInstanceClass: cfg.database.instanceClass,
          databaseAllocatedStorageGb: resolveDatabaseArgs(databaseArgs).allocatedStorageGb,
          cacheReplicationGroupId: cache.replicationGroup.replicationGroupId,
          cacheNodes: 1 + cfg.cache.replicas,
          cacheNodeType: cfg.cache.nodeType,
          replication:
            proofs.replicaBucketName === undefined
              ? undefined
              : { sourceBucket: proofs.bucketName, destinationBucket: proofs.replicaBucketName, ruleId: REPLICATION_RULE_ID },
          // Cloudflare edge: the origin-pull client certificate's days to expiry (it is imported into ACM for the metric).
          originPullCertificateArn: cloudflareOrigin?.clientCertificateAcmArn,
        },
        { provider: providers.primary },
      );

  // Checked from outside, the way users reach it: only with a domain (dev without one serves plain HTTP on the ALB's
  // name). Route 53 publishes HealthCheckStatus in us-east-1 only, so the alarm lives there, and an alarm notifies only
  // topics in its own region: with the stack's page topic, that is a stack in us-east-1. Elsewhere the check is left
  // out with a warning (a us-east-1 page topic is not built yet).
  const uptimeWarnings: string[] = [];
  let uptime: Uptime | undefined;
  if (cfg.domain !== undefined && cfg.region === "us-east-1") {
    uptime = new Uptime(
      `${base}-uptime`,
      {
        domainName: cfg.domain.name,
        healthCheckPath: cfg.service.healthCheckPath,
        alarmProvider: providers.primary,
        topicArn: alerting.notifyTopicArn,
      },
      { provider: providers.primary },
    );
  } else if (cfg.domain !== undefined) {
    uptimeWarnings.push(
      `no uptime check: aws:region is ${cfg.region}, and its alarm must live in us-east-1 (where Route 53 publishes HealthCheckStatus) with a page topic there, which credlink:ops:Alerting does not build yet`,
    );
  }
  for (const warning of uptimeWarnings) pulumi.log.warn(warning);

  // Built with the tier alarms (ops.level full): the composite also pages on their paging alarms.
  const slo = !alarms
    ? undefined
    : new Slo(
        base,
        {
          loadBalancerArnSuffix: loadBalancer.loadBalancerArnSuffix,
          pageTopicArn: alerting.pageTopicArn,
          notifyTopicArn: alerting.notifyTopicArn,
          targetPercent: cfg.slo.targetPercent,
          latencyThresholdMs: cfg.slo.latencyThresholdMs,
          runbookBase: cfg.alerts.runbookBase,
          // Besides the burn rates, the alarms that mean users are failing now: the service's deployment 5xx alarm, the
          // load balancer's 5xx rates and the uptime check. They notify on their own; the composite is the one page.
          alsoPageOn: pulumi
            .all([service.deploymentAlarmNames, alarms.pagingAlarmNames, uptime ? [uptime.alarmName] : []])
            .apply(([deployment, paging, down]) => [...deployment.filter((n) => n.includes("-5xx-rate")), ...paging, ...down]),
        },
        { provider: providers.primary },
      );

  // CI/CD (issue 13): the roles GitHub Actions deploys and previews this stack with (OIDC, no stored AWS keys).
  const deployIdentity =
    cfg.cicd === undefined
      ? undefined
      : new DeployIdentity(
          `${base}-cicd`,
          {
            githubOwner: cfg.cicd.github.owner,
            githubRepo: cfg.cicd.github.repo,
            environment: cfg.environment,
            resourcePrefix: base,
            regions: cfg.dr.enabled ? [cfg.region, cfg.dr.region] : [cfg.region],
            createOidcProvider: cfg.cicd.createOidcProvider,
            oidcProviderArn: cfg.cicd.oidcProviderArn,
            hostedZoneId: cfg.domain?.hostedZoneId,
            stateBucket: cfg.cicd.stateBucket,
            project: cfg.project,
            stack: cfg.stack,
          },
          { provider: providers.primary },
        );

  // --- issue 14: budgets and cost anomaly detection ---------------------------------------------------------------
  // The budget's amount is the policy pack's ceiling for this environment (one number: policy/config/<env>.json); it
  // and the anomaly monitor count the spend that carries this stack's cost-allocation tags (the provider's defaults).
  const tags = defaultTags(cfg);
  const costControls = new CostControls(
    base,
    {
      monthlyBudgetUsd: costCeilingUsd(cfg.environment),
      tags: { project: tags.Project, environment: tags.Environment, costCenter: tags.CostCenter },
      notifyTopicArn: alerting.notifyTopicArn,
      pageTopicArn: alerting.pageTopicArn,
      anomalyThresholdUsd: cfg.cost.anomalyThresholdUsd,
    },
    { provider: providers.primary },
  );
  // --- end issue 14 -------------------------------------------------------------------------------------------------
  // --- Recovery (issue 12): AWS Backup of the database and the proofs, restore tests, chaos experiments ---
  const backup = new Backup(
    `${base}-backup`,
    {
      region: cfg.region,
      databaseArn: database.instance.arn,
      bucketArn: proofs.bucketArn,
      dailyRetentionDays: cfg.backup.dailyRetentionDays,
      continuousBackup: cfg.backup.continuousBackup,
      continuousRetentionDays: cfg.backup.continuousRetentionDays,
      dr: providers.dr ? { region: cfg.dr.region, provider: providers.dr } : undefined,
      vaultLock:
        cfg.backup.vaultLockMinDays !== undefined && cfg.backup.vaultLockMaxDays !== undefined
          ? { minRetentionDays: cfg.backup.vaultLockMinDays, maxRetentionDays: cfg.backup.vaultLockMaxDays }
          : undefined,
      // The FIS experiment log is encrypted with the vault's key (one key fewer: the log is small and both are ops data).
      logGroupsUsingKey: cfg.chaos.enabled ? [chaosLogGroupName(chaosName)] : [],
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn,
      protectData,
    },
    { provider: providers.primary },
  );
  const restoreTesting = new RestoreTesting(
    `${base}-restore-test`,
    {
      vaultArn: backup.vaultArn,
      roleArn: backup.roleArn,
      databaseArn: database.instance.arn,
      dbSubnetGroupName: network.dbSubnetGroupName,
      dbSecurityGroupIds: [database.securityGroupId],
      bucketArn: proofs.bucketArn,
      frequency: cfg.backup.restoreTestFrequency,
      validationWindowHours: cfg.backup.restoreValidationHours,
      includeContinuous: cfg.backup.continuousBackup,
      notifyTopicArn: alerting.notifyTopicArn,
      pageTopicArn: alerting.pageTopicArn,
    },
    { provider: providers.primary },
  );
  const chaos = cfg.chaos.enabled
    ? new Chaos(
        chaosName,
        {
          clusterName: service.clusterName,
          clusterArn: service.clusterArn,
          serviceName: service.serviceName,
          databaseArn: database.instance.arn,
          databaseMultiAz: cfg.database.multiAz,
          cacheReplicationGroupArn: cache.replicationGroup.arn,
          cacheReplicationGroupId: cache.replicationGroup.replicationGroupId,
          cacheReplicas: cfg.cache.replicas,
          // awsx places the subnets in the region's first AZs, in order: the cache primary starts in the first.
          cacheAvailabilityZone: `${cfg.region}a`,
          // The config refuses chaos with credlink:ops.level lean (no SLO, so no alarm to stop on).
          stopAlarmArn: requireSlo(slo).serviceDegradedAlarmArn,
          logRetentionDays: cfg.service.logRetentionDays,
          // The stack's shared key (its policy names this log group), else the vault's key (it does too).
          kmsKeyArn: kmsKeyArn ?? (backup.ownsKey ? backup.keyArn : undefined),
          keyDeletionWindowDays: cfg.kms.deletionWindowDays,
        },
        { provider: providers.primary },
      )
    : undefined;
  // --- end recovery ---

  // --- Edge security and the account baseline (issue 11) ---
  // The WAF in front of the load balancer (always in prod; dev may use service.allowedCidrs instead).
  // With the Cloudflare edge (issue 16) its managed WAF replaces this one: only Cloudflare reaches the ALB.
  const awsWaf = cfg.edge.waf.enabled && cfg.awsEdge;
  const firewall = awsWaf
    ? new Firewall(
        base,
        {
          loadBalancerArn: loadBalancer.loadBalancerArn,
          rateLimit: cfg.edge.waf.rateLimit,
          rateWindowSec: cfg.edge.waf.rateWindowSec as 60 | 120 | 300 | 600,
          largeBodyPaths: cfg.edge.waf.largeBodyPaths,
          logGroupName: wafLogGroupName,
          logRetentionDays: cfg.edge.waf.logRetentionDays,
          blockedRequestsAlarmThreshold: cfg.edge.waf.blockedRequestsAlarmThreshold,
          keyDeletionWindowDays: cfg.kms.deletionWindowDays,
          kmsKeyArn,
          protectKey: cfg.isProd,
          alarmTopicArn: alerting.notifyTopicArn,
        },
        { provider: providers.primary },
      )
    : undefined;

  // Account-level singletons: only in the stack that owns them (credlink:account.baseline), never in both.
  const baseline = cfg.account.baseline
    ? new AccountBaseline(
        `${cfg.project}-account`,
        {
          pageTopicArn: alerting.pageTopicArn,
          notifyTopicArn: alerting.notifyTopicArn,
          // Every stack's repository in this account (`<project>-<stack>`): ENHANCED scanning skips what no filter names.
          repositoryNames: [`${resolveRegistryArgs(cfg.project, {}).repositoryName}-*`],
          costAllocationTags: ["Project", "Environment", "CostCenter"],
          // A later, deliberate step: Cost Explorer refuses keys it has not yet seen in billing data.
          activateCostAllocationTags: cfg.account.activateCostAllocationTags,
          // Backup's service opt-in, in each region with a vault.
          drProvider: providers.dr,
          securityHub: cfg.account.securityHub,
        },
        { provider: providers.primary },
      )
    : undefined;
  // --- end edge ---

  return {
    // Plain-language warnings for the plan and `pulumi stack output` (each is also logged with pulumi.log.warn).
    warnings: [...cfg.warnings, ...loadBalancer.warnings, ...uptimeWarnings, ...guardDutyAgent.warnings],
    environment: cfg.environment,
    region: cfg.region,
    url: loadBalancer.url,
    loadBalancerDnsName: loadBalancer.dnsName,
    repositoryUrl: registry.repositoryUrl,
    clusterName: service.clusterName,
    serviceName: service.serviceName,
    taskSecurityGroupId: appSecurityGroups.taskSecurityGroupId,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    isolatedSubnetIds: network.isolatedSubnetIds,
    dbSubnetGroupName: network.dbSubnetGroupName,
    cacheSubnetGroupName: network.cacheSubnetGroupName,
    flowLogGroupName: network.flowLogGroupName,
    databaseEndpoint: database.endpoint,
    databaseAddress: database.address,
    databasePort: database.port,
    databaseName: database.databaseName,
    databaseMasterSecretArn: database.masterUserSecretArn,
    databaseAppUser: database.appUser,
    databaseResourceId: database.resourceId,
    databaseKeyArn: database.keyArn,
    databaseSecurityGroupId: database.securityGroupId,
    cacheEndpoint: cache.primaryEndpoint,
    cacheReaderEndpoint: cache.readerEndpoint,
    cachePort: cache.port,
    cacheAuthSecretArn: cache.authTokenSecretArn,
    cacheKeyArn: cache.keyArn,
    cacheSecurityGroupId: cache.securityGroupId,
    proofBucketName: proofs.bucketName,
    proofBucketArn: proofs.bucketArn,
    proofKeyArn: proofs.keyArn,
    proofAccessLogBucketName: proofs.accessLogBucketName,
    proofReplicaBucketName: proofs.replicaBucketName,
    proofReplicaBucketArn: proofs.replicaBucketArn,
    proofReplicaKeyArn: proofs.replicaKeyArn,
    pageTopicArn: alerting.pageTopicArn,
    notifyTopicArn: alerting.notifyTopicArn,
    // issue 14 (dev lean): "full" or "lean"; with lean the three outputs below are absent (no SLO, no dashboard, no tier alarms).
    opsLevel: cfg.ops.level,
    serviceDegradedAlarmName: slo?.serviceDegradedAlarmName,
    // The objective as numbers (the plan's SLO section and its JSON read these).
    slo: slo && {
      targetPercent: slo.targetPercent,
      latencyThresholdMs: cfg.slo.latencyThresholdMs,
      errorBudgetMinutes: slo.errorBudgetMinutes,
      pagingAlarms: [slo.serviceDegradedAlarmName],
    },
    dashboardName: dashboard?.dashboardName,
    alarmNames: alarms?.alarmNames,
    uptimeHealthCheckId: uptime?.healthCheckId,
    uptimeAlarmName: uptime?.alarmName,
    // issue 14 (cost controls)
    budgetName: costControls.budgetName,
    anomalyMonitorArn: costControls.anomalyMonitorArn,
    // CI/CD (issue 13): the workflows' AWS_DEPLOY_ROLE_ARN_<ENV> and AWS_PREVIEW_ROLE_ARN_<ENV> variables.
    deployRoleArn: deployIdentity?.deployRoleArn,
    previewRoleArn: deployIdentity?.previewRoleArn,
    oidcProviderArn: deployIdentity?.oidcProviderArn,
    deploymentStrategy: cfg.service.deployment.strategy,
    // Recovery (issue 12): the plan's RPO/RTO section reads these.
    recovery: {
      backupVaultArn: backup.vaultArn,
      drBackupVaultArn: backup.drVaultArn,
      dailyRetentionDays: backup.summary.dailyRetentionDays,
      continuousRetentionDays: backup.summary.continuousRetentionDays,
      drRegion: backup.summary.drRegion,
      vaultLock: backup.summary.vaultLock,
      databaseMultiAz: cfg.database.multiAz,
      databaseBackupRetentionDays: cfg.database.backupRetentionDays,
      cacheReplicas: cfg.cache.replicas,
      cacheSnapshotRetentionDays: cfg.cache.snapshotRetentionDays,
      proofsReplicated: proofs.replicaBucketName !== undefined,
      restoreTestPlanName: restoreTesting.planName,
      restoreTestFrequency: restoreTesting.frequency,
      chaosTemplateIds: chaos?.templateIds,
    },
    // Edge (issue 11): CI opens the dev ALB group to its runner's address for a job (README, "Dev ingress allowlist and CI").
    loadBalancerSecurityGroupId: appSecurityGroups.loadBalancerSecurityGroupId,
    webAclArn: firewall?.webAclArn,
    wafLogGroupName: firewall?.logGroupName,
    accountBaselineOwner: cfg.account.baseline,
    guardDutyDetectorId: baseline?.detectorId,
    // Issue 16: which edge is in front (the AWS WAF belongs only to "aws"), and the R2 copy.
    edgeProvider: cfg.edge.provider,
    awsEdge: cfg.awsEdge,
    cloudflareHostname: cloudflareEdge?.hostname,
    cloudflarePlan: cloudflareEdge?.plan,
    r2CopyBucketName: r2Copy?.r2BucketName,
    r2CopyFunctionName: r2Copy?.functionName,
    r2CopyDeadLetterAlarmName: r2Copy?.deadLetterAlarmName,
  };
};

/**
 * A value made later in the program, as a promise now: `set` resolves it. For a dependency that can only exist after the
 * resource that must wait for it has been declared (a policy on a role the waiting component creates).
 */
function later<T>(): { promise: Promise<T>; set: (value: T) => void } {
  let set!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (set = resolve));
  return { promise, set };
}

/** issue 14 (dev lean): the SLO a component needs; the config's rules guarantee it whenever that component is built. */
function requireSlo(slo: Slo | undefined): Slo {
  if (!slo) throw new Error('credlink:chaos.enabled needs credlink:ops.level "full": the experiments stop on the service-degraded alarm, which "lean" does not build');
  return slo;
}
