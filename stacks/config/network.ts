/** `credlink:network`: the VPC (`credlink:network:Network`). */
import { z } from "zod";
import { resolveNetworkArgs, validateNetworkArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, ComponentDefaults, integer, validatedBy } from "./lib";

/**
 * The VPC (`credlink:network:Network`): public, private (app) and isolated (data) subnets in every AZ, and how the
 * private tier reaches the internet. CIDR shape and subnet fit are checked by the component's own validator.
 *
 * - **Two AZs in prod**, each with its own NAT: every tier is multi-AZ, and a third AZ would add a third NAT, a third
 *   set of interface endpoints and more cross-AZ traffic against prod's cost ceiling (docs/COST.md, the what-if table). The per-AZ block is pinned at /18 inside the /16, not derived
 *   from `azCount`, so going from 2 to 3 AZs adds subnets without re-carving (and replacing) the existing ones.
 * - **One NAT for the VPC in dev**: dev tolerates losing egress when its AZ fails; prod config rejects `single` (and
 *   `singleInstance`).
 * - The subnets are laid out explicitly (`subnetStrategy: Auto`, a `cidrMask` per tier), so a future awsx default
 *   can't re-carve them. `npm run -s plan` prints the resulting CIDRs per AZ.
 */
export const network = z
  .strictObject({
    /**
     * The VPC's range.
     * @accepts an IPv4 CIDR, /16-/24, inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10 (RFC 1918 and
     * RFC 6598: `PRIVATE_RANGES` in components/lib/cidr.ts)
     */
    cidrBlock: z.string(),
    /** AZs every tier spans. */
    azCount: integer(2, 3),
    /**
     * How the private tier reaches the internet: NAT gateways (one, or one per AZ) or NAT instances (one per AZ, or
     * one for the VPC); see "NAT instances".
     * @accepts prod: `"onePerAz"` or `"instance"` (one NAT per AZ, so a single NAT is never one point of failure for
     * every private subnet)
     */
    natGateways: z.enum(["single", "onePerAz", "instance", "singleInstance"]),
    /** Each tier's subnet size per AZ, as a prefix length. */
    subnetMasks: z
      .strictObject({
        /**
         * Public subnet size per AZ (ALB nodes, NAT gateways).
         * @accepts 16-28
         */
        public: z.int(),
        /**
         * Private (app) subnet size per AZ: one IP per Fargate task.
         * @accepts 16-28
         */
        private: z.int(),
        /**
         * Isolated (data) subnet size per AZ: RDS, ElastiCache.
         * @accepts 16-28
         */
        isolated: z.int(),
      })
      .partial()
      .optional(),
    // Allowed values are checked by the component's validator below (the one list of CloudWatch retentions).
    /**
     * VPC flow log retention.
     * @accepts a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, ...)
     */
    flowLogRetentionDays: z.int().optional(),
  })
  // The component's own validator is the single source of truth for CIDR shape and subnet fit.
  .superRefine(validatedBy((net) => validateNetworkArgs(resolveNetworkArgs({ ...net, region: "us-east-1" }))), ALSO_AFTER_TYPE_ERRORS);

/** The Network component's defaults for the keys left out. */
export const networkDefaults: ComponentDefaults = () => {
  const resolved = resolveNetworkArgs({ cidrBlock: "", region: "us-east-1" });
  return { subnetMasks: resolved.subnetMasks, flowLogRetentionDays: resolved.flowLogRetentionDays };
};
