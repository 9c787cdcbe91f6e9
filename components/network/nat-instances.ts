/**
 * NAT instances: the cheap alternative to NAT gateways (a t4g.nano per AZ instead of a gateway's hourly and per-GB
 * charge), built as children of credlink:network:Network.
 *
 * Per NAT AZ:
 * - a static ENI in the AZ's public subnet with `sourceDestCheck: false`: the private route tables' `0.0.0.0/0`
 *   target. It outlives every instance, so the routes never change when an instance is replaced;
 * - a launch template (t4g.nano, Amazon Linux 2023 arm64 through the public SSM parameter, IMDSv2 only, an encrypted
 *   gp3 root volume the size of the AMI's snapshot, the stack's cost tags on the instance and volume) whose user data
 *   installs the NAT set-up as a systemd unit that runs at every boot (user data itself runs once: a reboot would
 *   otherwise keep an instance that passes EC2's checks and forwards nothing), and a health check that marks the
 *   instance Unhealthy when forwarding breaks (an ASG's launch template cannot name a fixed ENI: Auto Scaling rejects
 *   one that does, so the set-up attaches it);
 * - an Auto Scaling group of exactly one instance in that public subnet, replaced when unhealthy and every week;
 * - an instance role that may attach this AZ's ENI only, to instances of this AZ's group only, and mark instances of
 *   this AZ's group only unhealthy.
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
  /**
   * Tags for the instances and their volumes (the stack's cost and environment tags): the provider's default tags reach
   * the launch template, not what it launches. @default {}
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
  /** The stack's permissions boundary, on the instances' roles. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
}

export interface NatInstances {
  /** The static ENI per NAT AZ, in AZ order: the private route tables' target. */
  readonly networkInterfaceIds: pulumi.Output<string>[];
  /** The Auto Scaling group names, in AZ order. */
  readonly autoScalingGroupNames: string[];
}

/**
 * Seconds an instance may serve before its Auto Scaling group replaces it: a week, so each AZ's NAT runs an Amazon Linux
 * 2023 image at most a week older than the SSM parameter's latest (the launch template resolves the parameter at each
 * launch). EC2 Auto Scaling accepts 0 or 86,400 (one day) to 31,536,000 seconds (API reference, CreateAutoScalingGroup,
 * MaxInstanceLifetime; the pack's aws-autoscaling-max-instance-lifetime-valid checks it).
 */
export const NAT_MAX_INSTANCE_LIFETIME_SECONDS = 7 * 86400;

/** Failed health checks in a row (one a minute) after which the instance marks itself Unhealthy. */
export const NAT_UNHEALTHY_AFTER_CHECKS = 3;

/** The systemd units the user data installs, by file name. */
export const NAT_SETUP_UNIT = "credlink-nat.service";
export const NAT_CHECK_UNIT = "credlink-nat-check.service";
export const NAT_CHECK_TIMER = "credlink-nat-check.timer";

/** The IMDSv2 helper both scripts use: a token first, then the metadata path. */
const IMDS_FUNCTION = `imds() {
  local token
  token=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H "X-aws-ec2-metadata-token-ttl-seconds: 300")
  curl -sS -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}`;

/**
 * The NAT set-up, run by credlink-nat.service at every boot. Idempotent: each step checks first (the ENI already
 * attached, the masquerade rule already there), so a reboot or a second run changes nothing that is already right.
 * Paths under /run and /etc can be moved with CREDLINK_NAT_STATE_DIR and CREDLINK_NAT_SYSCTL_FILE (tests run it).
 */
export function natSetupScript(eniId: string, region: string, vpcCidr: string): string {
  return `#!/bin/bash
# Makes this instance its AZ's NAT: attaches the static ENI ${eniId} (the private route tables' target), turns
# forwarding on, routes replies to the VPC back out of the ENI and masquerades the VPC's traffic out of the primary
# interface (its public IPv4). Run by ${NAT_SETUP_UNIT} at every boot; every step checks before it changes anything.
set -euo pipefail
ENI_ID="${eniId}"
REGION="${region}"
VPC_CIDR="${vpcCidr}"
STATE_DIR="\${CREDLINK_NAT_STATE_DIR:-/run/credlink-nat}"
SYSCTL_FILE="\${CREDLINK_NAT_SYSCTL_FILE:-/etc/sysctl.d/90-credlink-nat.conf}"
mkdir -p "$STATE_DIR"
${IMDS_FUNCTION}
# The MAC of the ENI when this instance has it attached (IMDS lists every attached interface).
eni_mac() {
  local mac
  for mac in $(imds network/interfaces/macs/); do
    if [ "$(imds "network/interfaces/macs/\${mac}interface-id")" = "$ENI_ID" ]; then echo "\${mac%/}"; return 0; fi
  done
  return 1
}
INSTANCE_ID=$(imds instance-id)
# The ENI outlives every instance: attach it unless an earlier boot did. While the instance this one replaces still
# holds it (the group launches the new instance first), the attach fails: retry for up to 10 minutes.
MAC=""
if ! MAC=$(eni_mac); then
  for _ in $(seq 1 60); do
    aws ec2 attach-network-interface --region "$REGION" --network-interface-id "$ENI_ID" --instance-id "$INSTANCE_ID" --device-index 1 && break
    sleep 10
  done
  for _ in $(seq 1 30); do
    MAC=$(eni_mac) && break
    sleep 2
  done
fi
[ -n "$MAC" ] || { echo "credlink-nat: $ENI_ID is not attached to $INSTANCE_ID" >&2; exit 1; }
PRIMARY=$(ip -o -4 route show default | awk '{print $5; exit}')
NAT_IF=""
for _ in $(seq 1 60); do
  NAT_IF=$(ip -o link show | awk -F': ' -v mac="$MAC" 'index(tolower($0), tolower(mac)) {print $2; exit}')
  [ -n "$NAT_IF" ] && ip -4 addr show dev "$NAT_IF" | grep -q inet && break
  sleep 2
done
[ -n "$NAT_IF" ] || { echo "credlink-nat: no interface has the ENI's MAC $MAC" >&2; exit 1; }
GATEWAY=$(ip -o -4 route show default dev "$PRIMARY" | awk '{print $3; exit}')
command -v iptables >/dev/null || dnf install -y iptables-nft
sysctl -w net.ipv4.ip_forward=1
echo 'net.ipv4.ip_forward = 1' > "$SYSCTL_FILE"
# Replies to the VPC go back out of the ENI whose source/destination check is off (the primary's is on).
ip route replace "$VPC_CIDR" via "$GATEWAY" dev "$NAT_IF"
iptables -t nat -C POSTROUTING -o "$PRIMARY" -s "$VPC_CIDR" -j MASQUERADE 2>/dev/null || iptables -t nat -A POSTROUTING -o "$PRIMARY" -s "$VPC_CIDR" -j MASQUERADE
iptables -F FORWARD
printf 'PRIMARY=%s\\nNAT_IF=%s\\n' "$PRIMARY" "$NAT_IF" > "$STATE_DIR/env"
`;
}

/**
 * The NAT's health check, run every minute by credlink-nat-check.timer: what the set-up establishes (forwarding on,
 * the masquerade rule, the return route through the ENI) and egress through the primary interface (a TLS connection to
 * the regional EC2 endpoint). EC2's status checks pass on an instance that has lost all of this; after
 * NAT_UNHEALTHY_AFTER_CHECKS failures in a row the instance marks itself Unhealthy in its Auto Scaling group, which
 * replaces it (EC2 Auto Scaling user guide, "Set up a custom health check for your Auto Scaling group",
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/set-up-a-custom-health-check.html).
 */
export function natCheckScript(region: string, vpcCidr: string): string {
  return `#!/bin/bash
# Is this instance forwarding? See components/network/nat-instances.ts (natCheckScript).
set -uo pipefail
REGION="${region}"
VPC_CIDR="${vpcCidr}"
STATE_DIR="\${CREDLINK_NAT_STATE_DIR:-/run/credlink-nat}"
FAILURES="$STATE_DIR/failures"
${IMDS_FUNCTION}
healthy() {
  [ -r "$STATE_DIR/env" ] || return 1
  . "$STATE_DIR/env"
  [ "$(sysctl -n net.ipv4.ip_forward)" = "1" ] || return 1
  iptables -t nat -C POSTROUTING -o "$PRIMARY" -s "$VPC_CIDR" -j MASQUERADE 2>/dev/null || return 1
  ip -4 route show "$VPC_CIDR" | grep -q "dev $NAT_IF" || return 1
  curl -sS -o /dev/null --max-time 5 "https://ec2.$REGION.amazonaws.com/" || return 1
}
mkdir -p "$STATE_DIR"
if healthy; then rm -f "$FAILURES"; exit 0; fi
COUNT=$(( $(cat "$FAILURES" 2>/dev/null || echo 0) + 1 ))
echo "$COUNT" > "$FAILURES"
echo "credlink-nat-check: not forwarding ($COUNT check(s) in a row)" >&2
if [ "$COUNT" -ge ${NAT_UNHEALTHY_AFTER_CHECKS} ]; then
  aws autoscaling set-instance-health --region "$REGION" --instance-id "$(imds instance-id)" --health-status Unhealthy --no-should-respect-grace-period
fi
exit 1
`;
}

/** The systemd units: the set-up at every boot (retried on failure), and the health check every minute. */
export function natUnits(): Record<string, string> {
  return {
    [NAT_SETUP_UNIT]: `[Unit]
Description=CredLink NAT: attach the static ENI, forward and masquerade the VPC's traffic
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/credlink-nat-setup
TimeoutStartSec=15min
Restart=on-failure
RestartSec=30

[Install]
WantedBy=multi-user.target
`,
    [NAT_CHECK_UNIT]: `[Unit]
Description=CredLink NAT: check forwarding, mark the instance Unhealthy after ${NAT_UNHEALTHY_AFTER_CHECKS} failures
After=${NAT_SETUP_UNIT}

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/credlink-nat-check
`,
    [NAT_CHECK_TIMER]: `[Unit]
Description=CredLink NAT: check forwarding every minute

[Timer]
OnBootSec=5min
OnUnitActiveSec=1min

[Install]
WantedBy=timers.target
`,
  };
}

/**
 * The user data of the NAT instance that attaches `eniId`. cloud-init runs it once, at first boot, and a reboot keeps
 * nothing it did by hand: so it only installs the set-up script and the health check with their systemd units, enables
 * them (they run at every boot) and starts them.
 */
export function natUserData(eniId: string, region: string, vpcCidr: string): string {
  const file = (path: string, marker: string, content: string) => `cat > ${path} <<'${marker}'\n${content}${marker}\n`;
  const units = natUnits();
  return [
    "#!/bin/bash",
    "# CredLink NAT instance (components/network/nat-instances.ts). First boot only: installs the NAT set-up and its",
    "# health check as systemd units that run at every boot, then starts them.",
    "set -euo pipefail",
    file("/usr/local/sbin/credlink-nat-setup", "CREDLINK_NAT_SETUP", natSetupScript(eniId, region, vpcCidr)),
    file("/usr/local/sbin/credlink-nat-check", "CREDLINK_NAT_CHECK", natCheckScript(region, vpcCidr)),
    "chmod 0755 /usr/local/sbin/credlink-nat-setup /usr/local/sbin/credlink-nat-check",
    ...Object.entries(units).map(([unit, content]) => file(`/etc/systemd/system/${unit}`, "CREDLINK_NAT_UNIT", content)),
    "systemctl daemon-reload",
    `systemctl enable ${NAT_SETUP_UNIT} ${NAT_CHECK_TIMER}`,
    `systemctl start --no-block ${NAT_SETUP_UNIT} ${NAT_CHECK_TIMER}`,
    "",
  ].join("\n");
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
        permissionsBoundary: args.permissionsBoundary,
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
            {
              // The health check (natCheckScript) marks its own instance Unhealthy; this group only.
              Sid: "MarkInstancesOfThisAzGroupUnhealthy",
              Effect: "Allow",
              Action: "autoscaling:SetInstanceHealth",
              Resource: pulumi.interpolate`arn:${ctx.partition}:autoscaling:${ctx.region}:${ctx.accountId}:autoScalingGroup:*:autoScalingGroupName/${groupName}`,
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
        // The provider's default tags stop at the template: the instance and its volume carry the cost tags themselves.
        tagSpecifications: [
          { resourceType: "instance", tags: { ...args.instanceTags, Name: az } },
          { resourceType: "volume", tags: { ...args.instanceTags, Name: az } },
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
        // EC2 status checks, plus the instance's own forwarding check (natCheckScript calls SetInstanceHealth).
        healthCheckType: "EC2",
        healthCheckGracePeriod: NAT_HEALTH_CHECK_GRACE_SECONDS,
        // Replaced weekly, so it runs a recent AL2023 image (the launch template resolves the SSM parameter at launch).
        maxInstanceLifetime: NAT_MAX_INSTANCE_LIFETIME_SECONDS,
        // Every replacement (lifetime, health, rebalancing) launches the new instance first: it takes the ENI over the
        // moment the old one terminates (its set-up retries the attach), instead of minutes of boot without egress.
        instanceMaintenancePolicy: { minHealthyPercentage: 100, maxHealthyPercentage: 200 },
        // A new template version (user data, AMI parameter) replaces the instance the same way.
        instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200 } },
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
