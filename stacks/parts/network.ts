import { Network } from "@credlink/components";
import { defaultTags } from "../providers";
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
      keyAdministrators: s.keyAdministrators,
      // Prod's log keys are protected and retained like the data keys.
      protectKey: cfg.isProd,
      // NAT instances and their volumes carry the cost tags (the provider's default tags stop at the launch template).
      natInstanceTags: defaultTags(cfg),
      permissionsBoundary: s.permissionsBoundary,
    },
    onPrimary(s),
  );
}
