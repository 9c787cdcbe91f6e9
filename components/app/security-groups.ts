import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseCidr } from "../lib/cidr";

/** The world, for the load balancer's listeners. */
export const ANYWHERE_IPV4 = "0.0.0.0/0";

export interface AppSecurityGroupsArgs {
  /** The VPC both groups live in. */
  readonly vpcId: pulumi.Input<string>;
  /** The port the container listens on; the only port the load balancer may reach the tasks on. @default 8080 */
  readonly appPort?: number;
  /**
   * Open 443 on the load balancer. `false` when there is no certificate (a dev stack without a domain), so the
   * group opens only the port something listens on. @default true
   */
  readonly tls?: boolean;
  /** The data tier's subnets (the isolated tier), the only place the tasks may open database and cache connections to. */
  readonly dataSubnetCidrs: readonly string[];
  /** The data tier's ports: PostgreSQL and Redis/Valkey. @default [5432, 6379] */
  readonly dataPorts?: readonly number[];
  /**
   * The IPv4 CIDR blocks the load balancer's 80/443 admit (a dev stack without a WAF narrows them to its testers).
   * At most 30: two rules each, under the default 60 inbound rules per security group. @default ["0.0.0.0/0"]
   */
  readonly allowedCidrs?: readonly string[];
  /**
   * (Cloudflare edge) A managed prefix list the load balancer's 80/443 ingress comes from instead of 0.0.0.0/0: the
   * edge's published ranges (credlink:edge:CloudflareOrigin). It replaces `allowedCidrs`, which must then keep its
   * default. @default undefined (the internet, or `allowedCidrs`)
   */
  readonly ingressPrefixListId?: pulumi.Input<string>;
}

export type ResolvedAppSecurityGroupsArgs = Required<Omit<AppSecurityGroupsArgs, "ingressPrefixListId">> & Pick<AppSecurityGroupsArgs, "ingressPrefixListId">;

/** Applies the documented defaults. The single place they live. */
export function resolveAppSecurityGroupsArgs(args: AppSecurityGroupsArgs): ResolvedAppSecurityGroupsArgs {
  return {
    vpcId: args.vpcId,
    appPort: args.appPort ?? 8080,
    tls: args.tls ?? true,
    dataSubnetCidrs: args.dataSubnetCidrs,
    dataPorts: args.dataPorts ?? [5432, 6379],
    allowedCidrs: args.allowedCidrs ?? [ANYWHERE_IPV4],
    ingressPrefixListId: args.ingressPrefixListId,
  };
}

const isPort = (p: number) => Number.isInteger(p) && p >= 1 && p <= 65535;

/** Throws an Error naming the argument when a plain value is out of range. */
export function validateAppSecurityGroupsArgs(args: ResolvedAppSecurityGroupsArgs): void {
  if (!isPort(args.appPort) || args.appPort < 1024) {
    throw new Error(`appPort must be an integer from 1024 to 65535 (the container runs as a non-root user), got ${args.appPort}`);
  }
  if (args.dataSubnetCidrs.length === 0) {
    throw new Error("dataSubnetCidrs must list at least one subnet CIDR, got none");
  }
  for (const cidr of args.dataSubnetCidrs) {
    if (!parseCidr(cidr)) throw new Error(`dataSubnetCidrs must hold IPv4 CIDR blocks like "10.0.64.0/24", got "${cidr}"`);
  }
  for (const port of args.dataPorts) {
    if (!isPort(port)) throw new Error(`dataPorts must hold integer ports from 1 to 65535, got ${port}`);
  }
  const problem = allowedCidrsProblem(args.allowedCidrs);
  if (problem) throw new Error(`allowedCidrs ${problem}`);
  // The prefix list replaces the CIDR sources: an allowlist beside it would be silently ignored.
  if (args.ingressPrefixListId !== undefined && !(args.allowedCidrs.length === 1 && args.allowedCidrs[0] === ANYWHERE_IPV4)) {
    throw new Error(`allowedCidrs must stay ["${ANYWHERE_IPV4}"] with ingressPrefixListId (the edge's ranges are the only source then), got ${JSON.stringify(args.allowedCidrs)}`);
  }
}

/** The most CIDRs the load balancer admits: two rules each, under the default quota of 60 inbound rules per group. */
export const MAX_ALLOWED_CIDRS = 30;

/**
 * What is wrong with a list of ingress CIDRs, as "must ..."; undefined when EC2 takes it. Each must be an IPv4 CIDR
 * block with no host bits set (EC2 API reference, IpRange.CidrIp), with no repeats.
 */
export function allowedCidrsProblem(cidrs: readonly string[]): string | undefined {
  if (cidrs.length === 0) return "must list at least one IPv4 CIDR block (nothing could reach the load balancer), got none";
  if (cidrs.length > MAX_ALLOWED_CIDRS) return `must list at most ${MAX_ALLOWED_CIDRS} CIDR blocks (two inbound rules each, 60 per security group), got ${cidrs.length}`;
  for (const [i, cidr] of cidrs.entries()) {
    if (typeof cidr !== "string" || !parseCidr(cidr)) return `item ${i} must be an IPv4 CIDR block with no host bits set, like "203.0.113.0/24", got ${JSON.stringify(cidr)}`;
  }
  const repeated = cidrs.find((c, i) => cidrs.indexOf(c) !== i);
  if (repeated) return `must not repeat a block (EC2 refuses a duplicate rule), got "${repeated}" twice`;
  return undefined;
}

/** The rule name's suffix for an admitted block: none for the world (the names the rules always had), else the block. */
function cidrSuffix(cidr: string): string {
  return cidr === ANYWHERE_IPV4 ? "" : `-${cidr.replace(/[./]/g, "-")}`;
}

/**
 * The application tier's two security groups and every rule between them, created before the data tier so that
 * the Database and Cache can admit the task group by id. That is what breaks the dependency cycle: the data tier
 * needs the task group's id, the task definition needs the data tier's endpoints, and neither needs the other's
 * resources to exist first.
 *
 * - load balancer: 443 (and 80) from the internet; egress only to the tasks, on the app port;
 * - tasks: the app port from the load balancer's group only; egress to AWS APIs on 443 and to the data subnets on
 *   the data ports only.
 *
 * Rules are separate `aws.vpc.SecurityGroup{Ingress,Egress}Rule` resources (one rule each, each with a description),
 * so the two groups can reference each other without a cycle. This is also why the tier does not use awsx's
 * ApplicationLoadBalancer/FargateService: by default they create groups that open every port to 0.0.0.0/0.
 */
export class AppSecurityGroups extends pulumi.ComponentResource {
  public readonly loadBalancerSecurityGroupId: pulumi.Output<string>;
  /** The group the Fargate tasks run in; the Database and Cache admit this one. */
  public readonly taskSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: AppSecurityGroupsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:app:SecurityGroups", name, {}, opts);
    const resolved = resolveAppSecurityGroupsArgs(args);
    validateAppSecurityGroupsArgs(resolved);
    const { appPort } = resolved;

    const alb = new aws.ec2.SecurityGroup(
      `${name}-alb`,
      { vpcId: resolved.vpcId, description: `CredLink ${name}: the internet-facing load balancer` },
      { parent: this },
    );
    const tasks = new aws.ec2.SecurityGroup(
      `${name}-tasks`,
      { vpcId: resolved.vpcId, description: `CredLink ${name}: the Fargate tasks of the service` },
      { parent: this },
    );

    const ingress = (role: string, rule: Omit<aws.vpc.SecurityGroupIngressRuleArgs, "ipProtocol">) =>
      new aws.vpc.SecurityGroupIngressRule(`${name}-${role}`, { ipProtocol: "tcp", ...rule }, { parent: this });
    const egress = (role: string, rule: Omit<aws.vpc.SecurityGroupEgressRuleArgs, "ipProtocol">) =>
      new aws.vpc.SecurityGroupEgressRule(`${name}-${role}`, { ipProtocol: "tcp", ...rule }, { parent: this });

    // The internet (or, without a WAF, the allowed blocks), or (Cloudflare edge) only the edge's ranges through the
    // managed prefix list.
    const edge = resolved.ingressPrefixListId;
    const sources: { suffix: string; from: string; source: { cidrIpv4: string } | { prefixListId: pulumi.Input<string> } }[] =
      edge !== undefined
        ? [{ suffix: "", from: "the Cloudflare edge only (managed prefix list)", source: { prefixListId: edge } }]
        : resolved.allowedCidrs.map((cidr) => ({
            suffix: cidrSuffix(cidr),
            from: cidr === ANYWHERE_IPV4 ? "the internet" : `the allowed block ${cidr}`,
            source: { cidrIpv4: cidr },
          }));
    for (const { suffix, from, source } of sources) {
      if (resolved.tls) {
        ingress(`alb-https${suffix}`, {
          securityGroupId: alb.id,
          ...source,
          fromPort: 443,
          toPort: 443,
          description: `HTTPS from ${from}`,
        });
      }
      ingress(`alb-http${suffix}`, {
        securityGroupId: alb.id,
        ...source,
        fromPort: 80,
        toPort: 80,
        description: resolved.tls ? `HTTP from ${from}, only to redirect it to HTTPS` : `HTTP from ${from} (no certificate: HTTP only)`,
      });
    }
    egress("alb-to-tasks", {
      securityGroupId: alb.id,
      referencedSecurityGroupId: tasks.id,
      fromPort: appPort,
      toPort: appPort,
      description: `To the service tasks on the app port ${appPort}`,
    });

    ingress("tasks-from-alb", {
      securityGroupId: tasks.id,
      referencedSecurityGroupId: alb.id,
      fromPort: appPort,
      toPort: appPort,
      description: `App port ${appPort} from the load balancer only`,
    });
    egress("tasks-https", {
      securityGroupId: tasks.id,
      cidrIpv4: ANYWHERE_IPV4,
      fromPort: 443,
      toPort: 443,
      description: "HTTPS to AWS APIs (ECR, Secrets Manager, CloudWatch Logs, S3) through the NAT gateways and the S3 endpoint",
    });
    resolved.dataSubnetCidrs.forEach((cidr, az) => {
      for (const port of resolved.dataPorts) {
        egress(`tasks-data-${port}-az${az}`, {
          securityGroupId: tasks.id,
          cidrIpv4: cidr,
          fromPort: port,
          toPort: port,
          description: `Port ${port} to the data subnet ${cidr}`,
        });
      }
    });

    this.loadBalancerSecurityGroupId = alb.id;
    this.taskSecurityGroupId = tasks.id;
    this.registerOutputs({
      loadBalancerSecurityGroupId: this.loadBalancerSecurityGroupId,
      taskSecurityGroupId: this.taskSecurityGroupId,
    });
  }
}
