import { Alerting, AppSecurityGroups, Cache, CloudflareOrigin, Database, LoadBalancer, Network, ProofStore, Registry, scheduledCheckLogGroupName, Service } from "@credlink/components";
import * as pulumi from "@pulumi/pulumi";
import { copyFreshnessName, onPrimary, Stack } from "./context";

/** Before the data tier, so that the database and the cache admit the task group and neither waits on a placeholder. */
export function appSecurityGroups(s: Stack, parts: { network: Network; cloudflareOrigin?: CloudflareOrigin }): AppSecurityGroups {
  const { cfg } = s;
  return new AppSecurityGroups(
    s.base,
    {
      vpcId: parts.network.vpcId,
      appPort: cfg.service.containerPort,
      tls: cfg.domain !== undefined,
      dataSubnetCidrs: parts.network.layout.map((az) => az.subnets.isolated),
      allowedCidrs: cfg.service.allowedCidrs,
      ingressPrefixListId: parts.cloudflareOrigin?.prefixListId,
    },
    onPrimary(s),
  );
}

/**
 * The image registry. A failover stack runs the images the primary replicated into this region, so it names that
 * repository (`<project>-<dr.primaryStack>`) instead of creating one. A primary replicates its images to the DR region;
 * the replication rule is a registry singleton, set by the stack that owns the account's registry settings
 * (credlink:account.baseline).
 */
export function registry(s: Stack): Registry {
  const { cfg, providers } = s;
  if (cfg.dr.role === "failover" && cfg.dr.primaryStack !== undefined) {
    return new Registry(s.base, { existingRepositoryName: `${cfg.project}-${cfg.dr.primaryStack}`, keyDeletionWindowDays: cfg.kms.deletionWindowDays }, onPrimary(s));
  }
  return new Registry(
    s.base,
    {
      keepImages: cfg.service.keepImages,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn: s.kmsKeyArn,
      forceDelete: !cfg.isProd,
      protectData: s.protectData,
      replication: providers.dr && cfg.account.baseline ? { region: cfg.dr.region, provider: providers.dr } : undefined,
      permissionsBoundary: s.permissionsBoundary,
      keyAdministrators: s.keyAdministrators,
    },
    onPrimary(s),
  );
}

/**
 * The alias record's role in the Route 53 failover pair: PRIMARY where a primary copies out to a DR region, SECONDARY
 * in the failover stack; a simple record otherwise (and with the Cloudflare edge, which has no Route 53 record).
 */
export function dnsFailoverRole(cfg: Stack["cfg"]): "PRIMARY" | "SECONDARY" | undefined {
  if (cfg.domain?.hostedZoneId === undefined || !cfg.awsEdge) return undefined;
  if (cfg.dr.role === "failover") return "SECONDARY";
  return cfg.dr.enabled ? "PRIMARY" : undefined;
}

export function loadBalancer(s: Stack, parts: { network: Network; appSecurityGroups: AppSecurityGroups; cloudflareOrigin?: CloudflareOrigin }): LoadBalancer {
  const { cfg } = s;
  return new LoadBalancer(
    s.base,
    {
      vpcId: parts.network.vpcId,
      subnetIds: parts.network.publicSubnetIds,
      securityGroupId: parts.appSecurityGroups.loadBalancerSecurityGroupId,
      targetPort: cfg.service.containerPort,
      healthCheckPath: cfg.service.healthCheckPath,
      domainName: cfg.domain?.name,
      hostedZoneId: cfg.domain?.hostedZoneId,
      certificateArn: parts.cloudflareOrigin?.certificateArn,
      mutualTlsTrustStoreArn: parts.cloudflareOrigin?.trustStoreArn,
      deletionProtection: cfg.isProd,
      accessLogRetentionDays: cfg.service.accessLogRetentionDays,
      forceDestroyLogs: !cfg.isProd,
      protectLogs: s.protectData,
      // CI/CD: a canary needs the alternate target group and the production listener rule.
      trafficShifting: cfg.service.deployment.strategy === "CANARY",
      dnsFailover: dnsFailoverRole(cfg),
    },
    onPrimary(s),
  );
}

/** The Fargate service, given the data tier's endpoints, the registry and the load balancer's target groups. */
export function service(
  s: Stack,
  parts: {
    network: Network;
    appSecurityGroups: AppSecurityGroups;
    loadBalancer: LoadBalancer;
    registry: Registry;
    database: Database;
    cache: Cache;
    proofs: ProofStore;
    alerting: Alerting;
    /** What the service's tasks wait for before they start (the GuardDuty agent's policy on the execution role). */
    deployAfter?: Promise<pulumi.Resource[]>;
  },
): Service {
  const { cfg } = s;
  const { network, appSecurityGroups, loadBalancer, registry, database, cache, proofs, alerting } = parts;
  return new Service(
    s.base,
    {
      permissionsBoundary: s.permissionsBoundary,
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
      tracingSampleRatio: cfg.service.tracingSampleRatio,
      desiredCount: cfg.service.desiredCount,
      minCount: cfg.service.minCount,
      maxCount: cfg.service.maxCount,
      cpuTargetPercent: cfg.service.cpuTargetPercent,
      requestsPerTarget: cfg.service.requestsPerTarget,
      logRetentionDays: cfg.service.logRetentionDays,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn: s.kmsKeyArn,
      // The DR copies' freshness check (parts/recovery.ts) logs under the service's key rather than a key of its own.
      sharedLogGroupNames: s.providers.dr ? [scheduledCheckLogGroupName(copyFreshnessName(s))] : [],
      keyAdministrators: s.keyAdministrators,
      protectLogKey: cfg.isProd,
      // Dev's cluster is out of GuardDuty's automated agent: no GuardDuty-managed VPC endpoint to block `destroy`.
      guardDutyAgent: cfg.isProd,
      // The tasks start only once the execution role may pull GuardDuty's agent (its policy is made after the service).
      deployAfter: parts.deployAfter,
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
      // "service degraded" composite; a slow p95 alone (requests still succeed) waits for working hours, and pages
      // only once it burns the error budget.
      alarmActions: [alerting.notifyTopicArn],
      // CI/CD: ROLLING, or CANARY through the load balancer's alternate target group and production rule.
      deploymentStrategy: cfg.service.deployment.strategy,
      canaryPercent: cfg.service.deployment.canaryPercent,
      canaryBakeMinutes: cfg.service.deployment.canaryBakeMinutes,
      bakeMinutes: cfg.service.deployment.bakeMinutes,
      canary: loadBalancer.canary,
    },
    onPrimary(s),
  );
}
