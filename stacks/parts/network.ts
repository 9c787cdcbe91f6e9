import { Network } from "@credlink/components";
import { onPrimary, Stack } from "./context";

export function network(s: Stack): Network {
  const { cfg } = s;
  return new Network(
    s.base,
    {
      cidrBlock: cfg.network.cidrBlock,
      region: cfg.region,
      azCount: cfg.network.azCount,
      natGateways: cfg.network.natGateways,
      subnetMasks: cfg.network.subnetMasks,
      flowLogRetentionDays: cfg.network.flowLogRetentionDays,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn: s.kmsKeyArn,
    },
    onPrimary(s),
  );
}
