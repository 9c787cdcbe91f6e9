/** Plan summaries for the NAT instances' types. */
import { Summarizer } from "./types";

export const natSummaries: Record<string, Summarizer> = {
  "aws:ec2/launchTemplate:LaunchTemplate": ({ inputs }) => {
    const root = (inputs.blockDeviceMappings ?? [])[0]?.ebs;
    return {
      type: inputs.instanceType,
      image: inputs.imageId,
      imds: inputs.metadataOptions?.httpTokens === "required" ? "v2 only" : "v1 allowed",
      root: root ? `${root.volumeSize} GB ${root.volumeType}${String(root.encrypted) === "true" ? " encrypted" : " UNENCRYPTED"}` : undefined,
      publicIp: (inputs.networkInterfaces ?? [])[0]?.associatePublicIpAddress,
    };
  },
  "aws:autoscaling/group:Group": ({ inputs }) => ({
    size: `${inputs.minSize}-${inputs.maxSize}`,
    desired: inputs.desiredCapacity,
    subnets: inputs.vpcZoneIdentifiers?.length,
    health: inputs.healthCheckType,
  }),
  "aws:ec2/networkInterface:NetworkInterface": ({ inputs }) => ({ sourceDestCheck: inputs.sourceDestCheck, groups: inputs.securityGroups?.length }),
  "aws:ec2/route:Route": ({ inputs }) => ({
    route: `${inputs.destinationCidrBlock} -> ${inputs.networkInterfaceId ?? inputs.natGatewayId ?? inputs.gatewayId ?? "?"}`,
  }),
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": ({ inputs }) => ({ providers: (inputs.capacityProviders ?? []).join(",") }),
};
