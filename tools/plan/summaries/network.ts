/** Plan summaries for the network's types. */
import { Summarizer } from "./types";

const NAT_STRATEGY_COUNT: Record<string, (azs: number) => number> = { None: () => 0, Single: () => 1, OnePerAz: (azs) => azs };

export const networkSummaries: Record<string, Summarizer> = {
  "awsx:ec2:Vpc": ({ inputs, state }) => {
    const azs: number = inputs.numberOfAvailabilityZones ?? inputs.availabilityZoneNames?.length ?? 3;
    const strategy: string = inputs.natGateways?.strategy ?? "OnePerAz";
    const nats = NAT_STRATEGY_COUNT[strategy]?.(azs);
    const specs: { name: string; cidrMask: number }[] = inputs.subnetSpecs ?? [];
    const layout: { availabilityZone: string; subnets: Record<string, string> }[] = state.mockLayout ?? [];
    return {
      cidr: inputs.cidrBlock,
      azs: layout.length > 0 ? layout.map((az) => az.availabilityZone).join(",") : azs,
      nat: `${strategy} (${nats ?? "?"} NAT gateway${nats === 1 ? "" : "s"})`,
      tiers: `${specs.length} (${specs.map((s) => `${s.name} /${s.cidrMask}`).join(", ")}) x ${azs} AZs = ${specs.length * azs} subnets`,
      strategy: inputs.subnetStrategy,
      endpoints: (inputs.vpcEndpointSpecs ?? []).map((e: { serviceName: string; vpcEndpointType?: string }) => `${e.serviceName.split(".").pop()} (${e.vpcEndpointType ?? "Gateway"})`).join(", "),
    };
  },
  "aws:ec2/flowLog:FlowLog": ({ inputs }) => ({ traffic: inputs.trafficType, to: inputs.logDestinationType }),
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ({ inputs }) => ({
    rules: (inputs.ingress?.length ?? 0) + (inputs.egress?.length ?? 0),
  }),
  "aws:rds/subnetGroup:SubnetGroup": ({ inputs }) => ({ subnets: inputs.subnetIds?.length }),
  "aws:elasticache/subnetGroup:SubnetGroup": ({ inputs }) => ({ subnets: inputs.subnetIds?.length }),
  "aws:kms/key:Key": ({ inputs }) => ({
    rotation: inputs.enableKeyRotation ? "on" : "OFF",
    deletionWindow: inputs.deletionWindowInDays !== undefined ? `${inputs.deletionWindowInDays}d` : undefined,
  }),
  "pulumi:providers:aws": ({ inputs }) => {
    let tags: string[] = [];
    try {
      tags = Object.keys(JSON.parse(inputs.defaultTags ?? "{}").tags ?? {});
    } catch {
      tags = [];
    }
    return { region: inputs.region, defaultTags: tags.join(",") };
  },
};
