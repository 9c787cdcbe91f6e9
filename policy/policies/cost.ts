/**
 * Cost rules (neither checkov nor trivy has any): sizes per environment, the NAT gateway cap, log retention, no idle
 * Elastic IPs, and the monthly ceilings on the estimated baseline and total cost. Mandatory; per-environment values
 * come from policy/config/<env>.json, never from code branches.
 */
import type { PolicyResource } from "@pulumi/policy";
import { descendsFrom } from "../lib/aws";
import { CredlinkPolicy, eachOfType, getOr, refersTo, resourceRule, stackRule, StackProblem } from "../lib/rules";
import { T } from "../lib/types";
import { ceilingStatus, estimateCost, inferNatGateways, totalCeilingStatus } from "../cost/estimate";
import { loadUsage, usageProfiles } from "../cost/usage";

export interface SizeConfig {
  rdsInstanceClasses: string[];
  maxRdsAllocatedStorageGb: number;
  cacheNodeTypes: string[];
  maxFargateCpu: number;
  maxFargateMemoryMiB: number;
  ec2InstanceTypes: string[];
}

const list = (description: string, defaults: string[]) => ({ type: "array" as const, items: { type: "string" as const }, uniqueItems: true, default: defaults, description });

export const allowedSizes = resourceRule<SizeConfig>({
  name: "resource-sizes-allowed-for-environment",
  description: "Database instance classes, cache node types, Fargate task sizes and EC2 instance types are ones this environment allows.",
  covers: ["cost: sizes per environment"],
  enforcementLevel: "mandatory",
  // Launch templates too (the NAT instances are launched from one by their Auto Scaling group).
  types: [T.rdsInstance, T.cacheReplicationGroup, T.cacheCluster, T.ecsTaskDefinition, T.ec2Instance, "aws:ec2/launchTemplate:LaunchTemplate"],
  configSchema: {
    properties: {
      rdsInstanceClasses: list("RDS instance classes allowed.", ["db.t4g.micro", "db.t4g.small", "db.t4g.medium"]),
      maxRdsAllocatedStorageGb: { type: "integer", minimum: 20, default: 100, description: "Largest allocatedStorage (and maxAllocatedStorage) in GB." },
      cacheNodeTypes: list("ElastiCache node types allowed.", ["cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium"]),
      maxFargateCpu: { type: "integer", minimum: 256, default: 1024, description: "Largest task cpu (units; 1024 = 1 vCPU)." },
      maxFargateMemoryMiB: { type: "integer", minimum: 512, default: 2048, description: "Largest task memory in MiB." },
      ec2InstanceTypes: list("EC2 instance types allowed (none by default: this stack is serverless).", []),
    },
  },
  check: (p, c, args) => {
    switch (args.type) {
      case T.rdsInstance: {
        const problems: string[] = [];
        if (!c.rdsInstanceClasses.includes(p.instanceClass)) problems.push(`instanceClass ${p.instanceClass} is not allowed here (allowed: ${c.rdsInstanceClasses.join(", ")})`);
        for (const key of ["allocatedStorage", "maxAllocatedStorage"]) {
          if (Number(p[key] ?? 0) > c.maxRdsAllocatedStorageGb) problems.push(`${key} ${p[key]} GB exceeds ${c.maxRdsAllocatedStorageGb} GB`);
        }
        return problems;
      }
      case T.cacheReplicationGroup:
      case T.cacheCluster:
        if (args.type === T.cacheCluster && p.replicationGroupId) args.notApplicable("sized by its replication group");
        return c.cacheNodeTypes.includes(p.nodeType) ? undefined : `nodeType ${p.nodeType} is not allowed here (allowed: ${c.cacheNodeTypes.join(", ")})`;
      case T.ecsTaskDefinition: {
        const problems: string[] = [];
        if (Number(p.cpu) > c.maxFargateCpu) problems.push(`cpu ${p.cpu} exceeds ${c.maxFargateCpu}`);
        if (Number(p.memory) > c.maxFargateMemoryMiB) problems.push(`memory ${p.memory} MiB exceeds ${c.maxFargateMemoryMiB}`);
        return problems;
      }
      default:
        return c.ec2InstanceTypes.includes(p.instanceType) ? undefined : `instanceType ${p.instanceType} is not allowed here (allowed: ${c.ec2InstanceTypes.join(", ") || "none"})`;
    }
  },
});

/** NAT gateways in the stack: real ones, plus those inferred from awsx VPCs whose children are not visible (mocks). */
export function countNatGateways(all: readonly PolicyResource[]): { count: number; detail: string[] } {
  const real = all.filter((r) => r.type === T.natGateway);
  const detail = real.map((n) => `${n.name} (aws:ec2/natGateway)`);
  let count = real.length;
  for (const vpc of all.filter((r) => r.type === T.awsxVpc)) {
    // Children visible (the real engine): its NAT gateways, if any, are among `real`. Infer only when none is.
    if (all.some((r) => r.type.startsWith("aws:") && descendsFrom(r, vpc, all))) continue;
    const inferred = inferNatGateways(vpc.props, [], vpc.name);
    count += inferred.count;
    if (inferred.count) detail.push(`${inferred.count} inferred from ${vpc.name} (awsx strategy ${inferred.strategy}, ${inferred.azCount} AZs)`);
  }
  return { count, detail };
}

export const natGatewayCap = stackRule<{ maxNatGateways: number }>({
  name: "nat-gateway-count-within-cap",
  description: "The stack runs at most the configured number of NAT gateways ($36.50/month each with its public IPv4, before data).",
  covers: ["cost: NAT gateway count per environment"],
  enforcementLevel: "mandatory",
  configSchema: { properties: { maxNatGateways: { type: "integer", minimum: 0, default: 2, description: "Most NAT gateways the stack may run." } } },
  check: (all, c) => {
    const { count, detail } = countNatGateways(all);
    return count > c.maxNatGateways ? [{ message: `${count} NAT gateways exceed the cap of ${c.maxNatGateways}: ${detail.join("; ")}` }] : [];
  },
});

export const logGroupRetention = resourceRule<{ maxDays: number }>({
  name: "cloudwatch-log-group-retention-set",
  description: "Every CloudWatch log group expires its logs (retentionInDays set, at most the configured maximum).",
  covers: ["CKV_AWS_66", "cost: no log group without retention"],
  enforcementLevel: "mandatory",
  types: [T.logGroup],
  configSchema: { properties: { maxDays: { type: "integer", minimum: 1, default: 400, description: "Longest retention allowed, in days (storage is $0.03/GB-month, forever without retention)." } } },
  check: (p, c) => {
    const days = Number(p.retentionInDays ?? 0);
    if (days <= 0) return "retentionInDays must be set (0 or unset keeps logs forever)";
    return days > c.maxDays ? `retentionInDays ${days} exceeds ${c.maxDays}` : undefined;
  },
});

export const eipAttached = stackRule({
  name: "eip-attached",
  description: "Every Elastic IP is attached (to an instance, a network interface or a NAT gateway): each costs $3.65/month, used or idle.",
  covers: ["CKV2_AWS_19"],
  enforcementLevel: "mandatory",
  check: eachOfType([T.eip], (eip, all) => {
    if (getOr(eip.props, ["instance"], undefined) || getOr(eip.props, ["networkInterface"], undefined)) return;
    const used = all.some(
      (r) =>
        (r.type === T.natGateway && (refersTo(r, "allocationId", eip) || sameValue(r, "allocationId", eip, "allocationId"))) ||
        (r.type === "aws:ec2/eipAssociation:EipAssociation" && (refersTo(r, "allocationId", eip) || sameValue(r, "allocationId", eip, "allocationId"))),
    );
    return used ? undefined : "is not attached to an instance, network interface or NAT gateway";
  }),
});

function sameValue(a: PolicyResource, aProp: string, b: PolicyResource, bProp: string): boolean {
  const x = getOr<unknown>(a.props, [aProp], undefined);
  return x !== undefined && x === getOr<unknown>(b.props, [bProp], undefined);
}

export interface CostCeilingConfig {
  ceilingUsd: number;
  totalCeilingUsd: number;
  usageProfile: string;
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/**
 * Two ceilings, since the goals are two: the baseline (what the resources cost by their hours, sizes and counts, the
 * part a change to the program moves) and the total at the environment's committed usage (baseline + usage.yml's
 * profile: what the bill will say, and what the AWS Budget watches; budget-notifies-within-cost-ceiling holds the
 * budget to `totalCeilingUsd`).
 */
export const monthlyCostCeiling = stackRule<CostCeilingConfig>({
  name: "monthly-cost-within-ceiling",
  description:
    "The estimated monthly cost (policy/cost, us-east-1 list prices) is within the environment's ceilings: the baseline within ceilingUsd, and baseline + usage at the environment's usage.yml profile within totalCeilingUsd; a resource the model can't price makes the cost unknown, which fails too.",
  covers: ["cost: monthly ceiling per stack"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      ceilingUsd: { type: "number", exclusiveMinimum: 0, default: 150, description: "Ceiling on the estimated baseline cost (hours, sizes, counts), USD per month." },
      totalCeilingUsd: {
        type: "number",
        exclusiveMinimum: 0,
        default: 195,
        description: "Ceiling on the estimated total (baseline + usage at usageProfile), USD per month: the AWS Budget's amount (stacks/cost-ceiling.ts).",
      },
      usageProfile: { type: "string", minLength: 1, default: "prod", description: "The policy/cost/usage.yml profile the total is priced at: the environment's (a failover stack takes its environment's)." },
    },
  },
  check: (all, c) => {
    const profiles = usageProfiles();
    if (!profiles.includes(c.usageProfile)) {
      return [{ message: `usageProfile ${JSON.stringify(c.usageProfile)} is not a profile of policy/cost/usage.yml (profiles: ${profiles.join(", ")}): the total can't be priced` }];
    }
    const estimate = estimateCost(all, { usage: loadUsage(c.usageProfile) });
    const t = estimate.totals;
    if (estimate.unpriced.length > 0) {
      // Never a silent pass: what the model can't price could be anything, so neither ceiling can be shown to hold.
      const what = estimate.unpriced.map((i) => `${i.type} ${i.resource} (${i.how})`).join("; ");
      return [
        {
          message: `the monthly cost is unknown: ${estimate.unpriced.length} resource(s) have no price in the cost model: ${what}. The priced part alone is ${usd(t.baselineUsd)} against the ceiling of ${usd(c.ceilingUsd)} (total ${usd(t.totalUsd)} against ${usd(c.totalCeilingUsd)}); add the price to policy/cost/prices.ts`,
        },
      ];
    }
    const problems: StackProblem[] = [];
    if (ceilingStatus(estimate, c.ceilingUsd) === "over") {
      const top = estimate.byComponent
        .filter((x) => x.baselineCents > 0)
        .slice(0, 4)
        .map((x) => `${x.component} ${usd(x.baselineUsd)}`)
        .join(", ");
      problems.push({ message: `estimated baseline ${usd(t.baselineUsd)}/month exceeds the ceiling of ${usd(c.ceilingUsd)} (largest: ${top})` });
    }
    const total = totalCeilingStatus(estimate, c.totalCeilingUsd);
    if (total === "unknown") {
      const what = estimate.items.filter((i) => i.kind === "usage-unknown").map((i) => `${i.item} (${i.resource})`);
      problems.push({ message: `the monthly total is unknown: usage.yml's ${c.usageProfile} profile gives no figure for ${what.length} usage line(s): ${what.join("; ")}. Derive them in policy/cost/traffic.ts (npm run usage)` });
    } else if (total === "over") {
      const top = estimate.items
        .filter((i) => i.usageCents > 0)
        .sort((a, b) => b.usageCents - a.usageCents)
        .slice(0, 4)
        .map((i) => `${i.item}${i.resource === "(stack)" ? "" : ` (${i.resource})`} ${usd(i.usageUsd)}`)
        .join(", ");
      problems.push({
        message: `estimated total ${usd(t.totalUsd)}/month (baseline ${usd(t.baselineUsd)} + usage ${usd(t.usageUsd)} at usage.yml's ${c.usageProfile} profile) exceeds the total ceiling of ${usd(c.totalCeilingUsd)} (largest usage: ${top || "none"})`,
      });
    }
    return problems;
  },
});

export const costPolicies: CredlinkPolicy[] = [allowedSizes, natGatewayCap, logGroupRetention, eipAttached, monthlyCostCeiling];
