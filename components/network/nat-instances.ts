/**
 * NAT instances: the cheap alternative to NAT gateways (a t4g.nano per AZ instead of a gateway's hourly and per-GB
 * charge), built as children of credlink:network:Network.
 *
 * Per NAT AZ:
 * - a static ENI in the AZ's public subnet with `sourceDestCheck: false`: the private route tables' `0.0.0.0/0`
 *   target. It outlives every instance, so the routes never change when an instance is replaced;
 * - a launch template (t4g.nano, Amazon Linux 2023 arm64 through the public SSM parameter, IMDSv2 only, an encrypted
 *   gp3 root volume the size of the AMI's snapshot) whose user data attaches that ENI at boot and masquerades what
 *   arrives on it (an ASG's launch template cannot name a fixed ENI: Auto Scaling rejects one that does);
 * - an Auto Scaling group of exactly one instance in that public subnet, so a failed instance is replaced;
 * - an instance role that may attach this AZ's ENI only, to instances of this AZ's group only.
 *
 * Egress leaves through the instance's own auto-assigned public IPv4 (its primary interface), not through an Elastic
 * IP on the static ENI: the booting instance must reach the EC2 API to attach the ENI, so it needs a public address of
 * its own anyway, and a second one on the ENI would double the IPv4 charge. The egress address therefore changes when
 * the instance is replaced (nothing here is allowlisted by a third party).
 *
 * Why AL2023 with our own user data rather than the fck-nat AMI: the AMI comes from Amazon through the SSM public
 * parameter `resolve:ssm:` (no AMI lookup, no third-party publisher to trust, patched on every replacement), and the
 * NAT is ~20 lines of shell anyone can read below (the iptables setup of the Amazon VPC User Guide, "Create a NAT
 * AMI"). The cost: we maintain those lines; fck-nat maintains its own (and ships the ENI-attach mode built in), but is
 * an AMI from a third-party account (568608671756) that would have to be looked up and pinned.
 */
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "../lib/aws-context";

/** The instance type of every NAT instance: the smallest Graviton type (2 vCPU burstable, up to 5 Gbps). */
export const NAT_INSTANCE_TYPE = "t4g.nano";
/** The public SSM parameter naming the latest Amazon Linux 2023 arm64 AMI (standard: it ships the AWS CLI). */
export const NAT_AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
/**
 * Root volume size in GiB: the AL2023 standard AMI's snapshot is 8 GiB, and a volume cannot be smaller than its
 * snapshot. Priced exactly (policy/cost/pricers/ec2.ts).
 */
export const NAT_ROOT_VOLUME_GB = 8;
/** Seconds the Auto Scaling group waits after launch before it acts on the instance's EC2 status checks. */
export const NAT_HEALTH_CHECK_GRACE_SECONDS = 60;

export interface NatInstancesArgs {
  readonly vpc: awsx.ec2.Vpc;
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's range: the only source the NAT security group admits, and the range routed back through the ENI. */
  readonly cidrBlock: string;
  /** Number of AZs (= private subnets, in AZ order). */
  readonly azCount: number;
  /** One NAT instance per AZ (`perAz`) or one in the first AZ for the whole VPC (`single`). */
  readonly placement: "perAz" | "single";
  readonly ctx: AwsContext;
}

export interface NatInstances {
  /** The static ENI per NAT AZ, in AZ order: the private route tables' target. */
  readonly networkInterfaceIds: pulumi.Output<string>[];
  /** The Auto Scaling group names, in AZ order. */
  readonly autoScalingGroupNames: string[];
}

/** The user data of the NAT instance that attaches `eniId`: the script the instance runs once at first boot. */
export function natUserData(eniId: string, region: string, vpcCidr: string): string {
  return `#!/bin/bash
# CredLink NAT instance (components/network/nat-instances.ts). Attaches the static ENI ${eniId}, the private route
# tables' target, then forwards and masquerades what arrives on it out of the primary interface (its public IPv4).
set -euo pipefail
TOKEN=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
IMDS() { curl -sS -H "X-aws-ec2-metadata-token: $TOKEN" "http://169.254.169.254/latest/meta-data/$1"; }
INSTANCE_ID=$(IMDS instance-id)
PRIMARY=$(ip -o -4 route show default | awk '{print $5; exit}')
aws ec2 attach-network-interface --region ${region} --network-interface-id ${eniId} --instance-id "$INSTANCE_ID" --device-index 1
for _ in $(seq 1 60); do
  NAT_IF=$(ip -o link show | awk -F': ' '{print $2}' | grep -v -e '^lo$' -e "^$PRIMARY$" | head -n1 || true)
  [ -n "$NAT_IF" ] && ip -4 addr show dev "$NAT_IF" | grep -q inet && break
  sleep 2
done
GATEWAY=$(ip -o -4 route show default dev "$PRIMARY" | awk '{print $3; exit}')
dnf install -y iptables-services
sysctl -w net.ipv4.ip_forward=1
echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-credlink-nat.conf
# Replies to the VPC go back out of the ENI whose source/destination check is off (the primary's is on).
ip route replace ${vpcCidr} via "$GATEWAY" dev "$NAT_IF"
iptables -t nat -A POSTROUTING -o "$PRIMARY" -s ${vpcCidr} -j MASQUERADE
iptables -F FORWARD
service iptables save
systemctl enable --now iptables
`;
}

/**
 * Creates the NAT instances and one `0.0.0.0/0` route per private route table to its AZ's ENI (or the single one).
 * Children are named `${name}-nat` (the security group) and `${name}-nat-<AZ number>`, all parented to `parent`.
 * The route tables are the ones awsx associated with each private subnet, read with `aws.ec2.getRouteTable` once the
 * Vpc component (and so every association) exists: no resource is created inside an `apply`.
 */
export function createNatInstances(name: string, args: NatInstancesArgs, parent: pulumi.Resource): NatInstances {
  const { ctx } = args;
  const natAzs = args.placement === "single" ? 1 : args.azCount;

  const securityGroup = new aws.ec2.SecurityGroup(
    `${name}-nat`,
    { vpcId: args.vpcId, description: `CredLink ${name}: NAT instances, HTTPS from the VPC only` },
    { parent },
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${name}-nat-from-vpc`,
    { securityGroupId: securityGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: args.cidrBlock, description: `HTTPS to forward, from the VPC ${args.cidrBlock} only` },
    { parent },
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-nat-https`,
    { securityGroupId: securityGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "HTTPS to the internet: forwarded traffic, the EC2 API and the AL2023 package repositories" },
    { parent },
  );

  const networkInterfaceIds: pulumi.Output<string>[] = [];
  const autoScalingGroupNames: string[] = [];
  for (let i = 0; i < natAzs; i++) {
    const az = `${name}-nat-${i + 1}`;
    const publicSubnetId = args.vpc.publicSubnetIds.apply((ids) => ids[i]);
    const eni = new aws.ec2.NetworkInterface(
      az,
      {
        subnetId: publicSubnetId,
        securityGroups: [securityGroup.id],
        sourceDestCheck: false,
        description: `CredLink ${name}: NAT target of the private route tables in AZ ${i + 1}`,
        tags: { Name: az },
      },
      { parent },
    );
    const eniArn = pulumi.interpolate`arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:network-interface/${eni.id}`;
    // Named explicitly, so the role's policy can name the group before it exists (instances must not boot unable to attach).
    const groupName = az;

    const role = new aws.iam.Role(
      az,
      {
        description: `CredLink ${name}: the NAT instance in AZ ${i + 1}; attaches its ENI at boot`,
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
      },
      { parent },
    );
    const rolePolicy = new aws.iam.RolePolicy(
      az,
      {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            { Sid: "AttachThisAzNatEniOnly", Effect: "Allow", Action: "ec2:AttachNetworkInterface", Resource: eniArn },
            {
              // AttachNetworkInterface is authorised on the instance too: only instances this AZ's group launched.
              Sid: "ToThisAzNatGroupInstancesOnly",
              Effect: "Allow",
              Action: "ec2:AttachNetworkInterface",
              Resource: pulumi.interpolate`arn:${ctx.partition}:ec2:${ctx.region}:${ctx.accountId}:instance/*`,
              Condition: { StringEquals: { "aws:ResourceTag/aws:autoscaling:groupName": groupName } },
            },
          ],
        }),
      },
      { parent },
    );
    const profile = new aws.iam.InstanceProfile(az, { role: role.name }, { parent });

    const template = new aws.ec2.LaunchTemplate(
      az,
      {
        description: `CredLink ${name}: NAT instance for AZ ${i + 1}`,
        imageId: `resolve:ssm:${NAT_AMI_PARAMETER}`,
        instanceType: NAT_INSTANCE_TYPE,
        // Standard credits: a burst beyond the baseline is throttled instead of billed ("unlimited" is t4g's default).
        creditSpecification: { cpuCredits: "standard" },
        iamInstanceProfile: { arn: profile.arn },
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
        networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true", securityGroups: [securityGroup.id], deleteOnTermination: "true" }],
        blockDeviceMappings: [
          { deviceName: "/dev/xvda", ebs: { volumeSize: NAT_ROOT_VOLUME_GB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
        ],
        userData: pulumi
          .all([eni.id, ctx.region])
          .apply(([eniId, region]) => Buffer.from(natUserData(eniId, region, args.cidrBlock)).toString("base64")),
        tagSpecifications: [
          { resourceType: "instance", tags: { Name: az } },
          { resourceType: "volume", tags: { Name: az } },
        ],
        updateDefaultVersion: true,
      },
      { parent },
    );
    new aws.autoscaling.Group(
      az,
      {
        name: groupName,
        minSize: 1,
        maxSize: 1,
        desiredCapacity: 1,
        vpcZoneIdentifiers: [publicSubnetId],
        launchTemplate: { id: template.id, version: template.latestVersion.apply((v) => String(v)) },
        healthCheckType: "EC2",
        healthCheckGracePeriod: NAT_HEALTH_CHECK_GRACE_SECONDS,
        // A new template version (user data, AMI parameter) replaces the one instance: a few minutes without egress.
        instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 0 } },
        tags: [{ key: "Name", value: az, propagateAtLaunch: true }],
      },
      { parent, dependsOn: [rolePolicy] },
    );
    networkInterfaceIds.push(eni.id);
    autoScalingGroupNames.push(groupName);
  }

  // One default route per private route table, to its own AZ's ENI (or the single one).
  for (let i = 0; i < args.azCount; i++) {
    const subnetId = args.vpc.privateSubnetIds.apply((ids) => ids[i]);
    const routeTable = aws.ec2.getRouteTableOutput({ subnetId }, { parent, dependsOn: [args.vpc] });
    new aws.ec2.Route(
      `${name}-nat-route-${i + 1}`,
      { routeTableId: routeTable.routeTableId, destinationCidrBlock: "0.0.0.0/0", networkInterfaceId: networkInterfaceIds[Math.min(i, natAzs - 1)] },
      { parent },
    );
  }
  return { networkInterfaceIds, autoScalingGroupNames };
}
