/**
 * The CredLink program: stack config -> components -> exported outputs. It holds no resource logic of its own.
 *
 * It is exported as a function: Pulumi's nodejs language host calls it and exports what it returns, and the tests and
 * the offline plan can run it again under fresh mocks (module-level resources would register only once per process).
 */
import { Network } from "@credlink/components";
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

  return {
    environment: cfg.environment,
    region: cfg.region,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    isolatedSubnetIds: network.isolatedSubnetIds,
    dbSubnetGroupName: network.dbSubnetGroupName,
    cacheSubnetGroupName: network.cacheSubnetGroupName,
    flowLogGroupName: network.flowLogGroupName,
  };
};
