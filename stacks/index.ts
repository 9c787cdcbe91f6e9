/**
 * The CredLink program: stack config -> components -> exported outputs. It holds no resource logic of its own.
 *
 * It is exported as a function: Pulumi's nodejs language host calls it and exports what it returns, and the tests and
 * the offline plan can run it again under fresh mocks (module-level resources would register only once per process).
 */
import { AppSecurityGroups, LoadBalancer, Network, Registry } from "@credlink/components";
import { readStackConfig } from "./config";
import { createProviders } from "./providers";

export = async () => {
  const cfg = readStackConfig();
  const providers = createProviders(cfg);
  const base = `${cfg.project}-${cfg.stack}`;

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
    },
    { provider: providers.primary },
  );

  // The application tier's security groups come first: the data tier admits the task group by id, and the service
  // gets the data tier's endpoints, so neither waits on a placeholder.
  const appSecurityGroups = new AppSecurityGroups(
    base,
    {
      vpcId: network.vpcId,
      appPort: cfg.service.containerPort,
      tls: cfg.domain !== undefined,
      dataSubnetCidrs: network.layout.map((az) => az.subnets.isolated),
    },
    { provider: providers.primary },
  );

  const registry = new Registry(
    base,
    { keepImages: cfg.service.keepImages, keyDeletionWindowDays: cfg.kms.deletionWindowDays, forceDelete: !cfg.isProd },
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
      deletionProtection: cfg.isProd,
      accessLogRetentionDays: cfg.service.accessLogRetentionDays,
      forceDestroyLogs: !cfg.isProd,
    },
    { provider: providers.primary },
  );

  return {
    // Plain-language warnings for the plan and `pulumi stack output` (each is also logged with pulumi.log.warn).
    warnings: [...loadBalancer.warnings],
    environment: cfg.environment,
    region: cfg.region,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    isolatedSubnetIds: network.isolatedSubnetIds,
    dbSubnetGroupName: network.dbSubnetGroupName,
    cacheSubnetGroupName: network.cacheSubnetGroupName,
    flowLogGroupName: network.flowLogGroupName,
    taskSecurityGroupId: appSecurityGroups.taskSecurityGroupId,
    repositoryUrl: registry.repositoryUrl,
    loadBalancerDnsName: loadBalancer.dnsName,
    url: loadBalancer.url,
  };
};
