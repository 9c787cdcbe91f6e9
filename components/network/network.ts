import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../lib/aws-context";
import { AzLayout, isPrivateCidr, layoutSubnets, parseCidr, PRIVATE_RANGES } from "../lib/cidr";
import { createSecureBucket } from "../lib/bucket";
import { cloudWatchLogsStatement, createKmsKey, KeyAdministrators, logDeliveryKeyStatement, PolicyStatement } from "../lib/kms";
import { createNatInstances } from "./nat-instances";

/**
 * What the private (app) subnets egress through: NAT gateways (`single`, `onePerAz`) or NAT instances
 * (`instance`: one per AZ; `singleInstance`: one for the VPC), see ./network/nat-instances.ts.
 */
export type NatGatewayStrategy = "single" | "onePerAz" | "instance" | "singleInstance";
/** Every accepted `natGateways` value. */
export const NAT_STRATEGIES: readonly NatGatewayStrategy[] = ["single", "onePerAz", "instance", "singleInstance"];
/** The awsx NAT gateway strategy for each of ours: NAT instances are ours, so awsx makes none ("None"). */
const AWSX_NAT_STRATEGY: Record<NatGatewayStrategy, awsx.types.enums.ec2.NatGatewayStrategy> = {
  single: "Single",
  onePerAz: "OnePerAz",
  instance: "None",
  singleInstance: "None",
};

/** Retention values CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Subnet sizes per tier, as prefix lengths. */
export interface SubnetMasks {
  /** Public tier: the load balancer's nodes and the NAT gateways. @default 24 */
  readonly public?: number;
  /** Private (app) tier: one ENI per Fargate task. @default 20 */
  readonly private?: number;
  /** Isolated (data) tier: RDS and ElastiCache, no route to the internet. @default 24 */
  readonly isolated?: number;
}

export interface NetworkArgs {
  /** The VPC's IPv4 range, e.g. `10.20.0.0/16`: prefix length 16–24, inside a private range (PRIVATE_RANGES). */
  readonly cidrBlock: string;
  /**
   * The region the provider deploys to, an `aws.Region` value; names the S3 gateway endpoint service
   * (`com.amazonaws.<region>.s3`).
   */
  readonly region: string;
  /** Number of availability zones to spread every tier across, 1–4. @default 2 */
  readonly azCount?: number;
  /**
   * `single` puts one NAT gateway in the first AZ (cheap, one point of failure); `onePerAz` gives each AZ its own,
   * so losing an AZ never cuts the others off. `instance` runs one NAT instance (t4g.nano in an Auto Scaling group of
   * one) per AZ instead of gateways, `singleInstance` one for the VPC in the first AZ: about $7/month each instead of
   * $36.50, at the price of minutes without egress in that AZ when an instance fails. @default "onePerAz"
   */
  readonly natGateways?: NatGatewayStrategy;
  /** Prefix length of each tier's subnet in every AZ. @default { public: 24, private: 20, isolated: 24 } */
  readonly subnetMasks?: SubnetMasks;
  /**
   * Prefix length of each AZ's block. Fixed (not derived from `azCount`) so that adding an AZ later adds subnets
   * without re-carving the existing ones. @default cidrBlock's prefix + 2 (room for four AZs)
   */
  readonly azCidrMask?: number;
  /**
   * Days the VPC flow logs are kept: the flow-log bucket's expiration, and the retention of the log group they were
   * delivered to before they moved to S3. One of the values CloudWatch Logs accepts. @default 30
   */
  readonly flowLogRetentionDays?: number;
  /** Deletion window of the flow-log KMS key, 7–30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** `protect` and `retainOnDelete` on the flow-log key the component creates (prod), like the data keys. @default false */
  readonly protectKey?: boolean;
  /**
   * Tags for the NAT instances and their volumes (`natGateways` "instance" or "singleInstance"): the stack's cost and
   * environment tags, which the provider's default tags do not carry past the launch template. @default {}
   */
  readonly natInstanceTags?: Readonly<Record<string, string>>;
  /**
   * An existing customer managed key to use instead of creating one (the stack's shared key, `credlink:kms.keyPerStore:
   * false`): its policy must let CloudWatch Logs use it for the flow log group and the log delivery service
   * (`logDeliveryKeyStatement`) for the flow-log bucket. @default undefined (the component creates its own key)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
  /** The stack's permissions boundary, on every role this component creates (the NAT instances'). @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
}

/** NetworkArgs with every default applied: what the component actually builds. */
export type ResolvedNetworkArgs = Required<Omit<NetworkArgs, "subnetMasks" | "kmsKeyArn" | "keyAdministrators" | "permissionsBoundary">> & { readonly subnetMasks: Required<SubnetMasks> } & Pick<NetworkArgs, "permissionsBoundary">;

/** The three tiers, in allocation order. awsx places them in this order inside each AZ block. */
export const TIERS = ["public", "private", "isolated"] as const;
export type Tier = (typeof TIERS)[number];

const AWSX_SUBNET_TYPE: Record<Tier, awsx.types.enums.ec2.SubnetType> = {
  public: "Public",
  private: "Private",
  isolated: "Isolated",
};

/** Applies the documented defaults. The single place they live. */
export function resolveNetworkArgs(args: NetworkArgs): ResolvedNetworkArgs {
  const prefix = parseCidr(args.cidrBlock)?.prefix ?? 16;
  return {
    cidrBlock: args.cidrBlock,
    region: args.region,
    azCount: args.azCount ?? 2,
    natGateways: args.natGateways ?? "onePerAz",
    subnetMasks: {
      public: args.subnetMasks?.public ?? 24,
      private: args.subnetMasks?.private ?? 20,
      isolated: args.subnetMasks?.isolated ?? 24,
    },
    azCidrMask: args.azCidrMask ?? prefix + 2,
    flowLogRetentionDays: args.flowLogRetentionDays ?? 30,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    protectKey: args.protectKey ?? false,
    natInstanceTags: args.natInstanceTags ?? {},
    ...(args.permissionsBoundary === undefined ? {} : { permissionsBoundary: args.permissionsBoundary }),
  };
}

/**
 * Validates the arguments and returns the subnet layout they produce. Throws an Error naming the argument, the
 * value and what is allowed. Pure and synchronous, so stack config validation can reuse it.
 */
export function validateNetworkArgs(args: ResolvedNetworkArgs): AzLayout[] {
  const cidr = parseCidr(args.cidrBlock);
  if (!cidr) {
    throw new Error(`cidrBlock must be an IPv4 network address with a prefix, like "10.0.0.0/16", got "${args.cidrBlock}"`);
  }
  if (cidr.prefix < 16 || cidr.prefix > 24) {
    throw new Error(`cidrBlock must have a prefix length between /16 and /24 (the sizes AWS allows), got "${args.cidrBlock}"`);
  }
  if (!isPrivateCidr(cidr)) {
    throw new Error(
      `cidrBlock must be a private range, inside ${PRIVATE_RANGES.join(", ")} (RFC 1918 and RFC 6598), got "${args.cidrBlock}"`,
    );
  }
  if (!(Object.values(aws.Region) as string[]).includes(args.region)) {
    throw new Error(`region must be an AWS region, one of the provider's aws.Region values like "us-east-1", got "${args.region}"`);
  }
  if (!Number.isInteger(args.azCount) || args.azCount < 1 || args.azCount > 4) {
    throw new Error(`azCount must be an integer from 1 to 4, got ${args.azCount}`);
  }
  if (!NAT_STRATEGIES.includes(args.natGateways)) {
    throw new Error(`natGateways must be one of ${NAT_STRATEGIES.map((v) => `"${v}"`).join(" | ")}, got "${String(args.natGateways)}"`);
  }
  for (const tier of TIERS) {
    const mask = args.subnetMasks[tier];
    if (!Number.isInteger(mask) || mask < 16 || mask > 28) {
      throw new Error(`subnetMasks.${tier} must be an integer prefix length from 16 to 28 (AWS subnet sizes), got ${mask}`);
    }
  }
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(args.flowLogRetentionDays)) {
    throw new Error(
      `flowLogRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")} (the values CloudWatch Logs accepts), got ${args.flowLogRetentionDays}`,
    );
  }
  if (!Number.isInteger(args.keyDeletionWindowDays) || args.keyDeletionWindowDays < 7 || args.keyDeletionWindowDays > 30) {
    throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  }
  try {
    return layoutSubnets(
      args.cidrBlock,
      args.azCount,
      args.azCidrMask,
      TIERS.map((name) => ({ name, cidrMask: args.subnetMasks[name] })),
    );
  } catch (e) {
    throw new Error(`subnetMasks do not fit cidrBlock "${args.cidrBlock}": ${(e as Error).message}`);
  }
}

/**
 * The CloudWatch log group the flow logs of the network called `name` went to before they moved to S3. Deterministic,
 * so the key policy can name it. It is kept (with its retention) until the last flow logs in it have aged out: deleting a
 * log group is the break-glass role's, and its contents are evidence until then.
 */
export function flowLogGroupName(name: string): string {
  return `/credlink/vpc-flow-logs/${name}`;
}

/**
 * The multi-AZ network (phase 1): an awsx VPC with public, private (app) and isolated (data) subnets in every AZ,
 * NAT gateways, a free S3 gateway endpoint, encrypted VPC flow logs in S3, the data tier's subnet groups, and the VPC's
 * default security group stripped of every rule.
 *
 * Flow logs go to an S3 bucket, not CloudWatch Logs: vended-log delivery to S3 is billed at half the CloudWatch Logs
 * ingestion price, the bucket keeps them gzip-compressed at S3 storage prices, and nothing reads them in real time
 * (GuardDuty analyses the VPC's flows from its own feed; an investigation queries the bucket with Athena).
 */
export class Network extends pulumi.ComponentResource {
  /** The awsx VPC, for anything that needs its route tables or NAT gateways. */
  public readonly vpc: awsx.ec2.Vpc;
  public readonly vpcId: pulumi.Output<string>;
  /** The VPC's CIDR block. */
  public readonly cidrBlock: string;
  public readonly publicSubnetIds: pulumi.Output<string[]>;
  public readonly privateSubnetIds: pulumi.Output<string[]>;
  public readonly isolatedSubnetIds: pulumi.Output<string[]>;
  /** The planned layout: each AZ's block and its subnets' CIDRs. */
  public readonly layout: readonly AzLayout[];
  /** RDS DB subnet group on the isolated subnets. */
  public readonly dbSubnetGroupName: pulumi.Output<string>;
  /** ElastiCache subnet group on the isolated subnets. */
  public readonly cacheSubnetGroupName: pulumi.Output<string>;
  /** The log group flow logs went to before S3 (kept until its retention ages them out). */
  public readonly flowLogGroupName: pulumi.Output<string>;
  public readonly flowLogGroupArn: pulumi.Output<string>;
  /** The bucket the flow logs are delivered to. */
  public readonly flowLogBucketName: pulumi.Output<string>;
  /** The KMS key that encrypts the flow logs (the bucket, and the old log group). */
  public readonly flowLogKeyArn: pulumi.Output<string>;
  /** With NAT instances: the static ENI per NAT AZ (the private routes' target), in AZ order; else empty. */
  public readonly natNetworkInterfaceIds: pulumi.Output<string>[] = [];
  /** With NAT instances: their Auto Scaling group names, in AZ order; else empty. */
  public readonly natAutoScalingGroupNames: string[] = [];

  constructor(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:network:Network", name, {}, opts);
    const resolved = resolveNetworkArgs(args);
    this.layout = validateNetworkArgs(resolved);
    this.cidrBlock = resolved.cidrBlock;

    this.vpc = new awsx.ec2.Vpc(
      name,
      {
        cidrBlock: resolved.cidrBlock,
        numberOfAvailabilityZones: resolved.azCount,
        availabilityZoneCidrMask: resolved.azCidrMask,
        // Explicit strategy and masks: a future awsx default can never re-carve these CIDRs.
        subnetStrategy: "Auto",
        subnetSpecs: TIERS.map((tier) => ({ type: AWSX_SUBNET_TYPE[tier], name: tier, cidrMask: resolved.subnetMasks[tier] })),
        subnetNameTagStrategy: "AvailabilityZone",
        natGateways: { strategy: AWSX_NAT_STRATEGY[resolved.natGateways] },
        enableDnsHostnames: true,
        enableDnsSupport: true,
        // Gateway endpoints are free; "Auto" attaches this one to the VPC's route tables, so S3 traffic
        // (proofs, ECR image layers) skips the NAT gateways' per-GB charge.
        vpcEndpointStrategy: "Auto",
        vpcEndpointSpecs: [{ serviceName: `com.amazonaws.${resolved.region}.s3`, vpcEndpointType: "Gateway" }],
      },
      // awsx's Vpc is a remote component: the SDK forwards only providers passed to it explicitly, not the ones it
      // would inherit from this parent, so hand it ours (and with it the default tags).
      { parent: this, providers: this.awsProviders() },
    );
    this.vpcId = this.vpc.vpcId;
    this.publicSubnetIds = this.vpc.publicSubnetIds;
    this.privateSubnetIds = this.vpc.privateSubnetIds;
    this.isolatedSubnetIds = this.vpc.isolatedSubnetIds;

    if (resolved.natGateways === "instance" || resolved.natGateways === "singleInstance") {
      const nat = createNatInstances(
        name,
        {
          vpc: this.vpc,
          vpcId: this.vpcId,
          cidrBlock: resolved.cidrBlock,
          azCount: resolved.azCount,
          placement: resolved.natGateways === "instance" ? "perAz" : "single",
          ctx: awsContext(this),
          instanceTags: resolved.natInstanceTags,
          permissionsBoundary: args.permissionsBoundary,
        },
        this,
      );
      this.natNetworkInterfaceIds = nat.networkInterfaceIds;
      this.natAutoScalingGroupNames = nat.autoScalingGroupNames;
    }

    // The default SG is attached to anything launched without one; managing it with no rules makes that fail closed.
    new aws.ec2.DefaultSecurityGroup(`${name}-default`, { vpcId: this.vpcId, ingress: [], egress: [] }, { parent: this });

    const flowLogs = this.createFlowLogs(name, resolved, args.kmsKeyArn, args.keyAdministrators);
    this.flowLogGroupName = flowLogs.logGroup.name;
    this.flowLogGroupArn = flowLogs.logGroup.arn;
    this.flowLogBucketName = flowLogs.bucket.bucket;
    this.flowLogKeyArn = flowLogs.keyArn;

    const dbSubnetGroup = new aws.rds.SubnetGroup(
      `${name}-db`,
      { subnetIds: this.isolatedSubnetIds, description: `CredLink ${name}: isolated (data) subnets for RDS` },
      { parent: this },
    );
    const cacheSubnetGroup = new aws.elasticache.SubnetGroup(
      `${name}-cache`,
      { subnetIds: this.isolatedSubnetIds, description: `CredLink ${name}: isolated (data) subnets for ElastiCache` },
      { parent: this },
    );
    this.dbSubnetGroupName = dbSubnetGroup.name;
    this.cacheSubnetGroupName = cacheSubnetGroup.name;

    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
      isolatedSubnetIds: this.isolatedSubnetIds,
      dbSubnetGroupName: this.dbSubnetGroupName,
      cacheSubnetGroupName: this.cacheSubnetGroupName,
      flowLogGroupName: this.flowLogGroupName,
      flowLogGroupArn: this.flowLogGroupArn,
      flowLogBucketName: this.flowLogBucketName,
      flowLogKeyArn: this.flowLogKeyArn,
      natNetworkInterfaceIds: this.natNetworkInterfaceIds,
      natAutoScalingGroupNames: this.natAutoScalingGroupNames,
    });
  }

  /** This component's aws provider as a `providers` map, for remote children. */
  private awsProviders(): Record<string, pulumi.ProviderResource> | undefined {
    const provider = this.getProvider("aws::");
    return provider ? { aws: provider } : undefined;
  }

  /**
   * ALL-traffic flow logs to a KMS-encrypted, versioned, TLS-only bucket whose lifecycle expires them after
   * `flowLogRetentionDays`, written by the log delivery service (no role: S3 delivery needs none). The key and the log
   * group of the CloudWatch Logs delivery stay: the group holds the flow logs delivered before the move until its
   * retention ages them out, and the key still decrypts them (and now encrypts the bucket too).
   */
  private createFlowLogs(name: string, args: ResolvedNetworkArgs, kmsKeyArn: pulumi.Input<string> | undefined, keyAdministrators: KeyAdministrators | undefined) {
    const ctx = awsContext(this);
    const logGroupName = flowLogGroupName(name);
    const logGroupArn = pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${logGroupName}`;
    const keyArn =
      kmsKeyArn !== undefined
        ? pulumi.output(kmsKeyArn)
        : createKmsKey(
            `${name}-flow-logs`,
            {
              description: `CredLink ${name}: encrypts the VPC flow logs (their S3 bucket, and the log group ${logGroupName})`,
              deletionWindowInDays: args.keyDeletionWindowDays,
              statements: [cloudWatchLogsStatement("AllowCloudWatchLogsForThisLogGroup", logGroupArn, ctx), logDeliveryKeyStatement(ctx)],
              administrators: keyAdministrators,
            },
            ctx,
            this,
            { protect: args.protectKey },
          ).key.arn;
    // Receives nothing since the move to S3 (no flow log names it); its retention ages the last flow logs out.
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, { name: logGroupName, retentionInDays: args.flowLogRetentionDays, kmsKeyId: keyArn }, { parent: this });

    const { bucket, policy } = createSecureBucket(
      `${name}-flow-logs`,
      {
        kmsKeyArn: keyArn,
        lifecycleRules: () => [
          {
            id: "expire-flow-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: args.flowLogRetentionDays },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
        policyStatements: (arn) => flowLogDeliveryStatements(arn, ctx),
        protect: args.protectKey,
      },
      this,
    );
    new aws.ec2.FlowLog(
      `${name}`,
      {
        vpcId: this.vpcId,
        trafficType: "ALL",
        logDestinationType: "s3",
        logDestination: bucket.arn,
        // Plain-text, gzip-compressed files under AWSLogs/<account>/vpcflowlogs/<region>/<yyyy>/<mm>/<dd>/ (Athena reads them).
        destinationOptions: { fileFormat: "plain-text", hiveCompatiblePartitions: false, perHourPartition: false },
        maxAggregationInterval: 600,
      },
      // Flow Logs checks the bucket policy when the flow log is created (it refuses a bucket it can't write to).
      { parent: this, dependsOn: [policy] },
    );
    return { logGroup, keyArn, bucket };
  }
}

/**
 * The flow-log bucket's policy statements for the log delivery service: write under AWSLogs/<this account>/ with the
 * bucket-owner ACL, and read the bucket's ACL, only for this account's log sources (aws:SourceAccount, aws:SourceArn).
 * Amazon VPC user guide, "Publish flow logs to Amazon S3", bucket permissions
 * (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html).
 */
export function flowLogDeliveryStatements(bucketArn: pulumi.Input<string>, ctx: { partition: pulumi.Input<string>; region: pulumi.Input<string>; accountId: pulumi.Input<string> }): PolicyStatement[] {
  const source = { StringEquals: { "aws:SourceAccount": ctx.accountId }, ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:*` } };
  return [
    {
      Sid: "AWSLogDeliveryWrite",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: pulumi.interpolate`${bucketArn}/AWSLogs/${ctx.accountId}/*`,
      Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": ctx.accountId }, ArnLike: source.ArnLike },
    },
    {
      Sid: "AWSLogDeliveryAclCheck",
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: bucketArn,
      Condition: source,
    },
  ];
}
