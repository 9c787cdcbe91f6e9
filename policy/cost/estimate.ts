/**
 * The monthly cost model: resources (type + properties) -> line items, shared by the monthly-cost-ceiling policy and
 * the offline plan, so both quote the same numbers.
 *
 * - **Baseline** cost follows from the resources' own settings (hours, provisioned sizes, counts). It is what the
 *   ceiling policy checks.
 * - **Usage** cost follows from the per-stack assumptions in usage.yml. A usage figure that is not given is listed as
 *   "depends on usage: $X per unit" with no amount, and left out of the totals.
 * - A type the model has no price for is listed as **unpriced**, never silently $0. Types that AWS does not charge for
 *   are listed as free, with the reason.
 * - NAT gateways are counted from real `aws:ec2/natGateway:NatGateway` resources where the engine shows them, else
 *   inferred from an `awsx:ec2:Vpc`'s inputs (NAT strategy, AZ count) when none of its children is visible (under
 *   mocks only the component registers). A VPC whose aws children are visible is never inferred, so nothing is
 *   counted twice; the same holds for the NAT gateways' Elastic IPs and interface endpoints.
 * - Free tiers are account-wide (first 10 alarms, 3 dashboards, 5 GB of logs): the model does not assume them, since
 *   dev and prod may share an account.
 *
 * Unknown values (during preview) never throw: the model falls back to a stated assumption.
 */
import { getOr, parentUrn, tryGet } from "../lib/rules";
import { T } from "../lib/types";
import { ELASTICACHE_HOURLY, HOURS_PER_MONTH, Price, PRICES, PRICE_REGION, RDS_POSTGRES_HOURLY } from "./prices";
import { Usage } from "./usage";
import { PRICERS, PricerContext } from "./pricers";

/** A resource as the model needs it: the shape of a PolicyResource, with parent/dependencies as URNs or objects. */
export interface CostResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, any>;
  /** Parent URN, or the parent PolicyResource. */
  readonly parent?: string | { readonly urn: string };
  readonly opts?: { readonly parent?: string };
  /** Property -> the URNs (or resources) it depends on. */
  readonly propertyDependencies?: Readonly<Record<string, readonly (string | { readonly urn: string })[]>>;
}

export type LineKind = "priced" | "free" | "unpriced" | "usage-unknown";

export interface LineItem {
  /** The resource's logical name, or "(stack)" for stack-wide usage. */
  readonly resource: string;
  readonly type: string;
  readonly urn?: string;
  /** The nearest CredLink component the resource belongs to, e.g. "Network credlink-prod". */
  readonly component: string;
  /** What the line is, e.g. "NAT gateway hours". */
  readonly item: string;
  /** Whole cents, rounded once per line: every sum below adds these, so a table's rows add up to its total. */
  readonly baselineCents: number;
  readonly usageCents: number;
  readonly totalCents: number;
  /** The same amounts in USD (cents / 100). */
  readonly baselineUsd: number;
  readonly usageUsd: number;
  readonly monthlyUsd: number;
  /** How it was computed, e.g. "730 h x $0.045/h". */
  readonly how: string;
  readonly kind: LineKind;
}

export interface Estimate {
  readonly region: string;
  readonly items: readonly LineItem[];
  /** Resources the model could not price, with the reason. Their cost is NOT in the totals. */
  readonly unpriced: readonly LineItem[];
  readonly totals: Amounts;
  /** Per component ("Network credlink-prod", "(stack usage)"), most expensive first. */
  readonly byComponent: readonly (Amounts & { readonly component: string })[];
  /** Per resource URN (stack-wide usage lines have no URN and are only in byComponent and the totals). */
  readonly byResource: ReadonlyMap<string, Amounts>;
  /** Assumptions the model made because a value was missing or unknown. */
  readonly assumptions: readonly string[];
}

/** Monthly amounts in whole cents, and the same in USD (cents / 100). */
export interface Amounts {
  readonly baselineCents: number;
  readonly usageCents: number;
  readonly totalCents: number;
  readonly baselineUsd: number;
  readonly usageUsd: number;
  readonly totalUsd: number;
}

/** Sums line items in cents. */
export function sumItems(items: readonly Pick<LineItem, "baselineCents" | "usageCents">[]): Amounts {
  const baselineCents = items.reduce((a, i) => a + i.baselineCents, 0);
  const usageCents = items.reduce((a, i) => a + i.usageCents, 0);
  return amounts(baselineCents, usageCents);
}

export function amounts(baselineCents: number, usageCents: number): Amounts {
  const totalCents = baselineCents + usageCents;
  return { baselineCents, usageCents, totalCents, baselineUsd: baselineCents / 100, usageUsd: usageCents / 100, totalUsd: totalCents / 100 };
}

/** Whole cents of a USD amount (half a cent rounds up). */
export const toCents = (usd: number): number => Math.round(Math.round(usd * 1e6) / 1e4);

export type CeilingStatus = "within" | "over" | "unknown";

/**
 * The baseline against a monthly ceiling: "unknown" as soon as one resource is unpriced (its cost is not in the
 * total, so a total under the ceiling proves nothing), else "within" or "over", compared in cents.
 */
export function ceilingStatus(estimate: Pick<Estimate, "unpriced" | "totals">, ceilingUsd: number): CeilingStatus {
  if (estimate.unpriced.length > 0) return "unknown";
  return estimate.totals.baselineCents <= toCents(ceilingUsd) ? "within" : "over";
}

export interface EstimateOptions {
  /** Usage assumptions (usage.yml for a stack). Without it, every usage line is "depends on usage". */
  readonly usage?: Usage;
}

const H = HOURS_PER_MONTH;
const money = (usd: number): string => `$${usd.toFixed(usd !== 0 && Math.abs(usd) < 0.1 ? 4 : 2)}`;
const rate = (price: Price): string => `$${price.usd}/${price.unit}`;

/** Types AWS doesn't charge for (or that cost nothing by themselves), with why. */
const FREE: Readonly<Record<string, string>> = {
  [T.vpc]: "VPCs are free",
  [T.subnet]: "subnets are free",
  "aws:ec2/routeTable:RouteTable": "route tables are free",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "free",
  "aws:ec2/route:Route": "free",
  "aws:ec2/internetGateway:InternetGateway": "internet gateways are free (data transfer is usage)",
  [T.securityGroup]: "security groups are free",
  [T.defaultSecurityGroup]: "security groups are free",
  [T.securityGroupRule]: "free",
  [T.ingressRule]: "free",
  [T.egressRule]: "free",
  [T.flowLog]: "flow logs are charged as CloudWatch Logs ingestion (usage)",
  "aws:iam/role:Role": "IAM is free",
  "aws:iam/rolePolicy:RolePolicy": "IAM is free",
  "aws:iam/policy:Policy": "IAM is free",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM is free",
  "aws:kms/alias:Alias": "aliases are free",
  "aws:rds/subnetGroup:SubnetGroup": "free",
  [T.rdsParameterGroup]: "free",
  "aws:elasticache/subnetGroup:SubnetGroup": "free",
  "aws:elasticache/parameterGroup:ParameterGroup": "free",
  [T.bucketSse]: "configuration of a bucket",
  [T.bucketPublicAccessBlock]: "configuration of a bucket",
  [T.bucketOwnershipControls]: "configuration of a bucket",
  [T.bucketVersioning]: "configuration of a bucket (versions are storage usage)",
  [T.bucketLifecycle]: "configuration of a bucket",
  [T.bucketLogging]: "configuration of a bucket (log objects are storage usage)",
  [T.bucketPolicy]: "configuration of a bucket",
  "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": "configuration of a bucket",
  "aws:secretsmanager/secretVersion:SecretVersion": "versions are included in the secret's price",
  [T.secretRotation]: "rotation is free (its Lambda is priced separately)",
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": "free",
  "aws:ecr/repositoryPolicy:RepositoryPolicy": "free",
  [T.ecsCluster]: "ECS clusters are free (Container Insights metrics are CloudWatch usage)",
  [T.ecsTaskDefinition]: "task definitions are free; the service's tasks are priced",
  [T.listener]: "listeners are included in the ALB's hours and LCUs",
  [T.albListenerAlias]: "listeners are included in the ALB's hours and LCUs",
  "aws:lb/listenerRule:ListenerRule": "included in the ALB's LCUs",
  "aws:lb/targetGroup:TargetGroup": "included in the ALB's hours",
  "aws:appautoscaling/target:Target": "free",
  [T.webAclAssociation]: "free",
  [T.webAclLogging]: "free (log delivery is CloudWatch/S3 usage)",
  [T.snsTopic]: "SNS topics are free at low volume",
  [T.snsTopicPolicy]: "free",
  [T.snsSubscription]: "free at low volume (email and HTTPS deliveries: the first 1,000 emails and 100,000 HTTP/S a month free)",
  [T.backupPlan]: "backup plans are free; storage in the vault is usage",
  "aws:backup/selection:Selection": "free",
  "aws:route53/record:Record": "records are free; queries are usage",
  [T.acmCertificate]: "public ACM certificates are free",
  "aws:acm/certificateValidation:CertificateValidation": "free",
  "aws:budgets/budget:Budget": "monitoring budgets assumed free (as Infracost does); older AWS docs: 2 free then $0.02/day",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "free",
  "aws:cloudwatch/eventRule:EventRule": "free for AWS service events",
  "aws:cloudwatch/eventTarget:EventTarget": "free",
  "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": "storage and transfer are usage",
};

const isComponentType = (type: string) => !type.includes("/") && !type.startsWith("pulumi:providers:");

/** Estimates the monthly cost of `resources`. */
export function estimateCost(resources: readonly CostResource[], options: EstimateOptions = {}): Estimate {
  const usage = options.usage;
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const items: LineItem[] = [];
  const assumptions: string[] = [];

  const parentOf = (r: CostResource): CostResource | undefined => {
    const urn = parentUrn(r as any);
    return urn ? byUrn.get(urn) : undefined;
  };
  const ancestors = (r: CostResource): CostResource[] => {
    const chain: CostResource[] = [];
    for (let p = parentOf(r); p && chain.length < 50; p = parentOf(p)) chain.push(p);
    return chain;
  };
  const componentOf = (r: CostResource): string => {
    const owner = [r, ...ancestors(r)].find((a) => a.type.startsWith("credlink:"));
    return owner ? `${owner.type.split(":").pop()} ${owner.name}` : "(stack)";
  };
  const depsOf = (r: CostResource, prop: string): string[] =>
    (r.propertyDependencies?.[prop] ?? []).map((d) => (typeof d === "string" ? d : d.urn));
  /** The resource of `type` that `r.props[prop]` refers to, by property dependency or by a matching arn/id/name. */
  const referenced = (r: CostResource, prop: string, type: string): CostResource | undefined => {
    const byDep = depsOf(r, prop).map((u) => byUrn.get(u)).find((d) => d?.type === type);
    if (byDep) return byDep;
    const value = tryGet(r.props, prop);
    if (!value.known || !value.value) return undefined;
    return resources.find(
      (c) => c.type === type && ["arn", "id", "name", "family"].some((k) => { const g = tryGet(c.props, k); return g.known && g.value === value.value; }),
    );
  };

  const push = (r: CostResource | undefined, item: string, baselineUsd: number, usageUsd: number, how: string, kind: LineKind = "priced", type?: string) => {
    items.push({
      resource: r?.name ?? "(stack)",
      type: r?.type ?? type ?? "(usage)",
      urn: r?.urn,
      component: r ? componentOf(r) : "(stack usage)",
      item,
      baselineCents: toCents(baselineUsd),
      usageCents: toCents(usageUsd),
      totalCents: toCents(baselineUsd) + toCents(usageUsd),
      baselineUsd: toCents(baselineUsd) / 100,
      usageUsd: toCents(usageUsd) / 100,
      monthlyUsd: (toCents(baselineUsd) + toCents(usageUsd)) / 100,
      how,
      kind,
    });
  };
  /** A usage-based line: priced when the usage figure is given, else listed as "depends on usage". */
  const usageLine = (r: CostResource | undefined, item: string, quantity: number | undefined, unitLabel: string, price: Price, type?: string) => {
    if (quantity === undefined) {
      push(r, item, 0, 0, `depends on usage: ${rate(price)} (no ${unitLabel} in usage.yml)`, "usage-unknown", type);
    } else {
      push(r, item, 0, quantity * price.usd, `${quantity} ${unitLabel} x ${rate(price)}`, "priced", type);
    }
  };
  const hourly = (r: CostResource, item: string, count: number, price: Price, note = "") => {
    push(r, item, count * H * price.usd, 0, `${count > 1 ? `${count} x ` : ""}${H} h x ${rate(price)}${note}`);
  };
  const unpriced = (r: CostResource, reason: string) => push(r, "unpriced", 0, 0, reason, "unpriced");

  const pricerContext: PricerContext = {
    resources,
    usage,
    push,
    hourly,
    usageLine,
    unpriced,
    referenced,
    assume: (text) => assumptions.push(text),
    rate,
  };

  // NAT gateways: real ones where visible, else inferred from the awsx VPC (never both).
  // An awsx VPC whose aws children are visible (the real engine) is never inferred: its NAT gateways and EIPs are
  // priced as the resources they are. Only when no child is visible (mocks, the offline plan) are they inferred.
  const vpcsWithVisibleChildren = new Set<string>();
  for (const r of resources) if (r.type.startsWith("aws:")) for (const a of ancestors(r)) if (a.type === T.awsxVpc) vpcsWithVisibleChildren.add(a.urn);
  let natCount = 0;

  for (const r of resources) {
    const props = r.props;
    const pricer = PRICERS[r.type];
    if (pricer) {
      pricer(r, pricerContext);
      continue;
    }
    switch (r.type) {
      case T.natGateway: {
        natCount++;
        const isPrivate = getOr(props, ["connectivityType"], "public") === "private";
        hourly(r, "NAT gateway hours", 1, PRICES.natGatewayHour, isPrivate ? " (private NAT: no public IPv4)" : "");
        break;
      }
      case T.eip: {
        const domain = getOr(props, ["domain"], "vpc");
        hourly(r, "public IPv4 address (Elastic IP)", 1, PRICES.publicIpv4Hour, domain === "vpc" ? "" : ` (domain ${domain})`);
        break;
      }
      case T.awsxVpc: {
        if (vpcsWithVisibleChildren.has(r.urn)) break;
        const inferred = inferNatGateways(props, assumptions, r.name);
        if (inferred.count > 0) {
          natCount += inferred.count;
          push(r, `NAT gateway hours (${inferred.count}, inferred from awsx strategy ${inferred.strategy})`, inferred.count * H * PRICES.natGatewayHour.usd, 0, `${inferred.count} x ${H} h x ${rate(PRICES.natGatewayHour)}; ${inferred.why}`);
          push(r, `public IPv4 for NAT Elastic IPs (${inferred.count}, inferred)`, inferred.count * H * PRICES.publicIpv4Hour.usd, 0, `${inferred.count} x ${H} h x ${rate(PRICES.publicIpv4Hour)}`);
        }
        for (const spec of getOr<any[]>(props, ["vpcEndpointSpecs"], [])) {
          const type = getOr(spec, ["vpcEndpointType"], "Gateway");
          if (type === "Interface") {
            const azs = inferred.azCount;
            push(r, `interface endpoint ${getOr(spec, ["serviceName"], "?")}`, azs * H * PRICES.vpcInterfaceEndpointAzHour.usd, 0, `${azs} AZ x ${H} h x ${rate(PRICES.vpcInterfaceEndpointAzHour)}`);
          }
        }
        break;
      }
      case T.vpcEndpoint: {
        const type = getOr(props, ["vpcEndpointType"], "Gateway");
        if (type === "Gateway") {
          push(r, "gateway endpoint", 0, 0, "gateway endpoints (S3, DynamoDB) are free", "free");
        } else if (type === "Interface") {
          const subnets = tryGet(props, "subnetIds");
          const azs = subnets.known && Array.isArray(subnets.value) && subnets.value.length > 0 ? subnets.value.length : 2;
          if (!(subnets.known && Array.isArray(subnets.value))) assumptions.push(`${r.name}: interface endpoint subnets unknown, assumed 2 AZs`);
          hourly(r, "interface endpoint AZ-hours", azs, PRICES.vpcInterfaceEndpointAzHour);
        } else {
          unpriced(r, `no price for ${type} endpoints`);
        }
        break;
      }
      case T.loadBalancer:
      case T.albAlias: {
        const lbType = getOr(props, ["loadBalancerType"], "application");
        if (lbType !== "application") {
          unpriced(r, `no price for ${lbType} load balancers in the price table`);
          break;
        }
        hourly(r, "ALB hours", 1, PRICES.albHour);
        const internal = getOr(props, ["internal"], false) === true;
        if (!internal) {
          const subnets = tryGet(props, "subnets");
          const mappings = tryGet(props, "subnetMappings");
          let azs = 0;
          if (subnets.known && Array.isArray(subnets.value)) azs = subnets.value.length;
          if (!azs && mappings.known && Array.isArray(mappings.value)) azs = mappings.value.length;
          if (!azs) {
            azs = 2;
            assumptions.push(`${r.name}: ALB subnets unknown, assumed 2 AZs (one public IPv4 per AZ)`);
          }
          push(r, `public IPv4 for ALB nodes (${azs}, one per AZ)`, azs * H * PRICES.publicIpv4Hour.usd, 0, `${azs} x ${H} h x ${rate(PRICES.publicIpv4Hour)}`);
        }
        const lcu = usage?.loadBalancer?.averageLcu;
        usageLine(r, "ALB LCU-hours", lcu === undefined ? undefined : lcu * H, "LCU-hours", PRICES.albLcuHour);
        break;
      }
      case T.ecsService: {
        const launchType = getOr<string | undefined>(props, ["launchType"], undefined);
        const strategies = getOr<any[]>(props, ["capacityProviderStrategies"], []);
        const providers = strategies.map((s) => getOr(s, ["capacityProvider"], ""));
        // issue 14: FARGATE_SPOT tasks are priced at PRICES.fargateSpotFraction of on-demand, by the strategy's weights.
        const fargateOnly = providers.length > 0 && providers.every((c) => c === "FARGATE" || c === "FARGATE_SPOT");
        const weightOf = (c: string) => strategies.filter((s) => getOr(s, ["capacityProvider"], "") === c).reduce((a, s) => a + Number(getOr(s, ["weight"], 0)), 0);
        const spotShare = !launchType && fargateOnly && weightOf("FARGATE_SPOT") > 0 ? weightOf("FARGATE_SPOT") / (weightOf("FARGATE") + weightOf("FARGATE_SPOT")) : 0;
        const fargate = launchType === "FARGATE" || (!launchType && fargateOnly);
        if (!fargate) {
          if (launchType === "EC2" || launchType === "EXTERNAL") push(r, "ECS service", 0, 0, `${launchType} launch type: the instances are priced separately`, "free");
          else unpriced(r, `launch type ${launchType ?? "(capacity providers: " + providers.join(", ") + ")"} has no price in the table`);
          break;
        }
        const td = referenced(r, "taskDefinition", T.ecsTaskDefinition);
        if (!td) {
          unpriced(r, "its task definition is not in the stack, so cpu/memory are unknown");
          break;
        }
        const size = fargateSize(td);
        if (!size) {
          unpriced(r, `task definition ${td.name} has unknown cpu/memory`);
          break;
        }
        const desired = tryGet(props, "desiredCount");
        let count = desired.known && typeof desired.value === "number" ? desired.value : 0;
        if (!desired.known) {
          count = 1;
          assumptions.push(`${r.name}: desiredCount unknown, assumed 1 task`);
        } else if (desired.value === undefined) {
          assumptions.push(`${r.name}: desiredCount not set; the provider's default is 0 tasks`);
        }
        const vcpuPrice = size.arm ? PRICES.fargateArmVcpuHour : PRICES.fargateX86VcpuHour;
        const gbPrice = size.arm ? PRICES.fargateArmGbHour : PRICES.fargateX86GbHour;
        const spotFactor = 1 - spotShare * (1 - PRICES.fargateSpotFraction.usd);
        const perTaskHour = (size.vcpu * vcpuPrice.usd + size.gb * gbPrice.usd) * spotFactor;
        push(
          r,
          `Fargate${spotShare === 1 ? " Spot" : spotShare > 0 ? " (part Spot)" : ""} ${size.arm ? "ARM64" : "x86_64"} ${size.vcpu} vCPU / ${size.gb} GB x ${count} task${count === 1 ? "" : "s"}`,
          count * H * perTaskHour,
          0,
          `${count} x ${H} h x (${size.vcpu} vCPU x $${vcpuPrice.usd} + ${size.gb} GB x $${gbPrice.usd})${spotShare > 0 ? ` x ${round4(spotFactor)} (${Math.round(spotShare * 100)}% on Spot at ${PRICES.fargateSpotFraction.usd} of on-demand, assumed)` : ""}`,
        );
        const extra = usage?.fargate?.extraTaskHours;
        if (extra === undefined) push(r, "Fargate task-hours above desiredCount", 0, 0, `depends on usage: $${round4(perTaskHour)}/task-hour`, "usage-unknown");
        else push(r, "Fargate task-hours above desiredCount", 0, extra * perTaskHour, `${extra} task-hours x $${round4(perTaskHour)}`);
        const publicIp = getOr(props, ["networkConfiguration", "assignPublicIp"], false) === true;
        if (publicIp) push(r, `public IPv4 per task (${count})`, count * H * PRICES.publicIpv4Hour.usd, 0, `${count} x ${H} h x ${rate(PRICES.publicIpv4Hour)}`);
        break;
      }
      case T.rdsInstance:
        priceRds(r);
        break;
      case T.cacheReplicationGroup: {
        const engine = String(getOr(props, ["engine"], "redis"));
        const nodeType = String(getOr(props, ["nodeType"], ""));
        const price = ELASTICACHE_HOURLY[engine as "redis" | "valkey"]?.[nodeType];
        if (!price) {
          unpriced(r, `no price for ${engine} ${nodeType || "(unknown node type)"}`);
          break;
        }
        const nodes = cacheNodes(props, r.name, assumptions);
        hourly(r, `ElastiCache ${engine} ${nodeType} x ${nodes} node${nodes === 1 ? "" : "s"}`, nodes, price);
        break;
      }
      case T.cacheCluster: {
        if (getOr<string | undefined>(props, ["replicationGroupId"], undefined)) {
          push(r, "member of a replication group", 0, 0, "priced with its replication group", "free");
          break;
        }
        const engine = String(getOr(props, ["engine"], "redis"));
        const nodeType = String(getOr(props, ["nodeType"], ""));
        const price = ELASTICACHE_HOURLY[engine as "redis" | "valkey"]?.[nodeType];
        if (!price) unpriced(r, `no price for ${engine} ${nodeType || "(unknown node type)"}`);
        else hourly(r, `ElastiCache ${engine} ${nodeType}`, getOr(props, ["numCacheNodes"], 1), price);
        break;
      }
      case "aws:appautoscaling/policy:Policy": {
        const tracking = getOr(props, ["policyType"], "StepScaling") === "TargetTrackingScaling";
        if (tracking) push(r, "CloudWatch alarms target tracking creates (2)", 2 * PRICES.cloudwatchAlarmMonth.usd, 0, `2 x ${rate(PRICES.cloudwatchAlarmMonth)} (high and low alarm, created by Application Auto Scaling)`);
        else push(r, "scaling policy", 0, 0, "free: step scaling uses alarms defined (and priced) separately", "free");
        break;
      }
      case T.kmsKey:
        push(r, "KMS customer managed key", PRICES.kmsKeyMonth.usd, 0, `1 x ${rate(PRICES.kmsKeyMonth)}`);
        break;
      case T.secret:
        push(r, "Secrets Manager secret", PRICES.secretMonth.usd, 0, `1 x ${rate(PRICES.secretMonth)}`);
        break;
      case T.webAcl: {
        const rules = tryGet(props, "rules");
        const ruleJson = tryGet(props, "ruleJson");
        let count = rules.known && Array.isArray(rules.value) ? rules.value.length : 0;
        if (!count && ruleJson.known && typeof ruleJson.value === "string") {
          try {
            count = (JSON.parse(ruleJson.value) as unknown[]).length;
          } catch {
            count = 0;
          }
        }
        push(r, `WAF web ACL + ${count} rule${count === 1 ? "" : "s"}`, PRICES.wafWebAclMonth.usd + count * PRICES.wafRuleMonth.usd, 0, `${rate(PRICES.wafWebAclMonth)} + ${count} x ${rate(PRICES.wafRuleMonth)}`);
        usageLine(r, "WAF requests", usage?.waf?.requestsMillions, "M requests", PRICES.wafPer1mRequests);
        break;
      }
      case T.dashboard:
        push(r, "CloudWatch dashboard", PRICES.cloudwatchDashboardMonth.usd, 0, `${rate(PRICES.cloudwatchDashboardMonth)}; account free tier not assumed`);
        break;
      case T.compositeAlarm:
        push(r, "CloudWatch composite alarm", PRICES.cloudwatchCompositeAlarmMonth.usd, 0, `${rate(PRICES.cloudwatchCompositeAlarmMonth)}; no free tier`);
        break;
      case T.metricAlarm: {
        const queries = getOr<any[]>(props, ["metricQueries"], []);
        const metrics = Math.max(1, queries.filter((q) => getOr(q, ["metric"], undefined) !== undefined).length);
        const period = Number(getOr(props, ["period"], 60));
        const price = period < 60 ? PRICES.cloudwatchHighResAlarmMonth : PRICES.cloudwatchAlarmMonth;
        push(r, `CloudWatch alarm (${metrics} metric${metrics === 1 ? "" : "s"})`, metrics * price.usd, 0, `${metrics} x ${rate(price)}; account free tier not assumed`);
        break;
      }
      case T.logGroup:
        push(r, "log group", 0, 0, "charged by ingestion and storage: see the stack's CloudWatch Logs usage line", "free");
        break;
      case T.route53Zone:
        push(r, "Route 53 hosted zone", PRICES.route53ZoneMonth.usd, 0, rate(PRICES.route53ZoneMonth));
        break;
      case T.route53HealthCheck: {
        // Route 53 bills the AWS-endpoint rate only for endpoints it recognises as AWS resources of the same account.
        // An endpoint health check (IP or domain name) can't be proven to be one offline, so it is priced at the
        // non-AWS rate: the higher of the two. Metric and calculated checks have no endpoint: the AWS rate, no features.
        const type = String(getOr(props, ["type"], "HTTP"));
        const endpoint = type !== "CLOUDWATCH_METRIC" && type !== "CALCULATED" && type !== "RECOVERY_CONTROL";
        const price = endpoint ? PRICES.route53HealthCheckOtherMonth : PRICES.route53HealthCheckAwsMonth;
        push(r, `Route 53 health check (${type})`, price.usd, 0, `${rate(price)}${endpoint ? "; priced as a non-AWS endpoint (the higher rate)" : ""}`);
        if (endpoint) {
          const features = [
            type.startsWith("HTTPS") ? "HTTPS" : undefined,
            type.endsWith("_STR_MATCH") ? "string matching" : undefined,
            Number(getOr(props, ["requestInterval"], 30)) < 30 ? "fast interval" : undefined,
            getOr(props, ["measureLatency"], false) === true ? "latency measurement" : undefined,
          ].filter((f): f is string => f !== undefined);
          const feature = PRICES.route53HealthCheckFeatureOtherMonth;
          for (const f of features) push(r, `Route 53 health check optional feature: ${f}`, feature.usd, 0, `${rate(feature)}`);
        }
        break;
      }
      case "aws:s3/bucketReplicationConfig:BucketReplicationConfig": {
        // Replicated data is storage + transfer usage. Replication metrics are four CloudWatch metrics per rule
        // (BytesPendingReplication, OperationsPendingReplication, ReplicationLatency, OperationsFailedReplication).
        const rules = getOr<any[]>(props, ["rules"], []);
        const withMetrics = rules.filter((rule) => getOr(rule, ["destination", "metrics", "status"], "Disabled") === "Enabled").length;
        if (withMetrics === 0) {
          push(r, "BucketReplicationConfig", 0, 0, "free: configuration (replicated data is storage + transfer usage)", "free");
        } else {
          const metrics = 4 * withMetrics;
          const price = PRICES.cloudwatchCustomMetricMonth;
          push(r, `S3 replication metrics (${withMetrics} rule${withMetrics === 1 ? "" : "s"}, ${metrics} metrics)`, metrics * price.usd, 0, `${metrics} x ${rate(price)}; replicated data is storage + transfer usage`);
        }
        break;
      }
      case T.bucket:
      case T.bucketV2:
        push(r, "S3 bucket", 0, 0, "charged by storage and requests: see the stack's S3 usage line", "free");
        break;
      case T.ecrRepository:
        push(r, "ECR repository", 0, 0, "charged by storage: see the stack's ECR usage line", "free");
        break;
      case T.backupVault:
        push(r, "Backup vault", 0, 0, "charged by storage: see the stack's AWS Backup usage line", "free");
        break;
      case T.guardDuty:
        push(r, "GuardDuty detector", 0, 0, "charged by events and log volume: see the stack's GuardDuty usage lines; Fargate runtime monitoring: price not found", "free");
        break;
      default:
        if (FREE[r.type]) push(r, r.type.split(":").pop() ?? r.type, 0, 0, `free: ${FREE[r.type]}`, "free");
        else if (r.type.startsWith("pulumi:providers:") || isComponentType(r.type)) {
          // Providers and components cost nothing themselves; their children are priced.
        } else if (r.type.startsWith("random:")) {
          // Local values only.
        } else unpriced(r, "no price for this type in the model");
    }
  }

  stackUsage();

  function priceRds(r: CostResource): void {
    const props = r.props;
    const engine = String(getOr(props, ["engine"], "postgres"));
    const cls = String(getOr(props, ["instanceClass"], ""));
    const multiAz = getOr(props, ["multiAz"], false) === true;
    const table = engine === "postgres" ? RDS_POSTGRES_HOURLY[cls] : undefined;
    if (!table) {
      unpriced(r, `no price for ${engine} ${cls || "(unknown class)"}`);
    } else {
      hourly(r, `RDS ${engine} ${cls} ${multiAz ? "Multi-AZ" : "single-AZ"}`, 1, multiAz ? table.multiAz : table.singleAz);
    }
    const storageType = String(getOr(props, ["storageType"], "gp2"));
    let gb = Number(getOr(props, ["allocatedStorage"], NaN));
    if (!Number.isFinite(gb)) {
      gb = 20;
      assumptions.push(`${r.name}: allocatedStorage unknown, assumed 20 GB`);
    }
    if (storageType !== "gp3") {
      unpriced(r, `${gb} GB of ${storageType} storage: only gp3 is in the price table`);
    } else {
      const price = multiAz ? PRICES.rdsGp3GbMonthMultiAz : PRICES.rdsGp3GbMonthSingleAz;
      push(r, `RDS gp3 storage ${gb} GB`, gb * price.usd, 0, `${gb} GB x ${rate(price)}`);
      const iops = Number(getOr(props, ["iops"], 0));
      if (iops > 3000) push(r, `RDS gp3 IOPS above 3,000 (${iops})`, (iops - 3000) * PRICES.rdsGp3IopsMonth.usd, 0, `${iops - 3000} x ${rate(PRICES.rdsGp3IopsMonth)}`);
    }
    usageLine(r, "RDS backup storage beyond 100% of allocated", usage?.rds?.backupGbBeyondAllocated, "GB-month", PRICES.rdsBackupGbMonth);
    if (getOr(props, ["manageMasterUserPassword"], false) === true) {
      // RDS creates this secret itself, so it is no resource of the stack, but it is billed like any other.
      push(r, "Secrets Manager secret (RDS-managed master password)", PRICES.secretMonth.usd, 0, `1 x ${rate(PRICES.secretMonth)}`);
    }
  }

  /** Stack-wide usage lines for services whose cost is mostly usage, shown once when the stack has them. */
  function stackUsage(): void {
    const has = (...types: string[]) => resources.some((r) => types.includes(r.type));
    if (natCount > 0) usageLine(undefined, `NAT data processing (${natCount} gateway${natCount === 1 ? "" : "s"})`, usage?.natGateway?.gbProcessed, "GB", PRICES.natGatewayGb, T.natGateway);
    if (has(T.logGroup)) {
      usageLine(undefined, "CloudWatch Logs ingestion (all log groups)", usage?.cloudwatchLogs?.ingestedGb, "GB", PRICES.cloudwatchLogsIngestedGb, T.logGroup);
      usageLine(undefined, "CloudWatch Logs storage (all log groups)", usage?.cloudwatchLogs?.storedGb, "GB-month", PRICES.cloudwatchLogsStoredGbMonth, T.logGroup);
    }
    if (has(T.bucket, T.bucketV2)) {
      usageLine(undefined, "S3 Standard storage (all buckets)", usage?.s3?.storageGb, "GB-month", PRICES.s3StandardGbMonth, T.bucket);
      usageLine(undefined, "S3 PUT/COPY/POST/LIST requests", usage?.s3?.writeRequestsThousands, "k requests", PRICES.s3WritePer1k, T.bucket);
      usageLine(undefined, "S3 GET requests", usage?.s3?.readRequestsThousands, "k requests", PRICES.s3ReadPer1k, T.bucket);
    }
    if (has(T.ecrRepository)) usageLine(undefined, "ECR storage", usage?.ecr?.storageGb, "GB-month", PRICES.ecrGbMonth, T.ecrRepository);
    if (has(T.kmsKey)) usageLine(undefined, "KMS requests", usage?.kms?.requestsTenThousands, "x 10k requests", PRICES.kmsPer10kRequests, T.kmsKey);
    if (has(T.secret)) usageLine(undefined, "Secrets Manager API calls", usage?.secretsManager?.apiCallsTenThousands, "x 10k calls", PRICES.secretPer10kCalls, T.secret);
    if (has(T.route53Zone, "aws:route53/record:Record")) usageLine(undefined, "Route 53 queries", usage?.route53?.queriesMillions, "M queries", PRICES.route53Per1mQueries, T.route53Zone);
    if (has(T.guardDuty)) {
      usageLine(undefined, "GuardDuty CloudTrail management events", usage?.guardDuty?.cloudTrailEventsMillions, "M events", PRICES.guardDutyPer1mEvents, T.guardDuty);
      usageLine(undefined, "GuardDuty VPC flow + DNS log analysis", usage?.guardDuty?.logGb, "GB", PRICES.guardDutyLogGb, T.guardDuty);
    }
    if (has(T.cacheReplicationGroup, T.cacheCluster)) usageLine(undefined, "ElastiCache snapshot storage", usage?.elasticache?.snapshotGb, "GB-month", PRICES.cacheBackupGbMonth, T.cacheReplicationGroup);
    // Traces are recorded by whatever may call xray:PutTraceSegments (the service's tracing sidecar).
    const tracing = resources.some((r) => {
      if (r.type !== "aws:iam/rolePolicy:RolePolicy") return false;
      const policy = tryGet(r.props, "policy");
      return policy.known && typeof policy.value === "string" && policy.value.includes("xray:PutTraceSegments");
    });
    if (tracing) usageLine(undefined, "X-Ray traces recorded", usage?.xray?.tracesMillions, "M traces", PRICES.xrayPer1mTraces, "(X-Ray)");
    if (has(T.backupVault)) usageLine(undefined, "AWS Backup warm storage", usage?.backup?.warmStorageGb, "GB-month", PRICES.backupWarmGbMonth, T.backupVault);
    if (has(T.vpcEndpoint) && resources.some((r) => r.type === T.vpcEndpoint && getOr(r.props, ["vpcEndpointType"], "Gateway") === "Interface")) {
      usageLine(undefined, "Interface endpoint data processing", usage?.vpcEndpoints?.interfaceGbProcessed, "GB", PRICES.vpcInterfaceEndpointGb, T.vpcEndpoint);
    }
    if (resources.length > 0) {
      usageLine(undefined, "Internet egress", usage?.dataTransfer?.internetEgressGb, "GB", PRICES.internetEgressGb, "(data transfer)");
      const crossAz = usage?.dataTransfer?.crossAzGb;
      usageLine(undefined, "Cross-AZ transfer (charged each way)", crossAz === undefined ? undefined : crossAz * 2, "GB (both directions)", PRICES.crossAzGb, "(data transfer)");
    }
  }

  const priced = items.filter((i) => i.kind !== "unpriced");
  const components = [...new Set(priced.map((i) => i.component))];
  const byComponent = components
    .map((component) => ({ component, ...sumItems(priced.filter((i) => i.component === component)) }))
    .sort((a, b) => b.totalCents - a.totalCents);
  const byResource = new Map<string, Amounts>();
  for (const urn of new Set(priced.map((i) => i.urn).filter((u): u is string => u !== undefined))) {
    byResource.set(urn, sumItems(priced.filter((i) => i.urn === urn)));
  }

  return {
    region: PRICE_REGION,
    items: priced,
    unpriced: items.filter((i) => i.kind === "unpriced"),
    totals: sumItems(priced),
    byComponent,
    byResource,
    assumptions,
  };
}

function round4(n: number): number {
  return Math.round(n * 10000) / 10000;
}

/** How many NAT gateways an awsx VPC creates: Single -> 1, OnePerAz -> one per AZ (awsx's default), None -> 0. */
export function inferNatGateways(props: Record<string, any>, assumptions: string[] = [], name = "vpc"): { count: number; strategy: string; azCount: number; why: string } {
  const strategy = String(getOr(props, ["natGateways", "strategy"], "OnePerAz"));
  const names = tryGet(props, "availabilityZoneNames");
  let azCount = Number(getOr(props, ["numberOfAvailabilityZones"], NaN));
  if (!Number.isFinite(azCount)) {
    azCount = names.known && Array.isArray(names.value) && names.value.length > 0 ? names.value.length : 3;
    if (!(names.known && Array.isArray(names.value) && names.value.length > 0)) assumptions.push(`${name}: AZ count not set, awsx's default of 3 assumed`);
  }
  const hasPublic = getOr<any[]>(props, ["subnetSpecs"], [{ type: "Public" }]).some((s) => getOr(s, ["type"], "") === "Public");
  const count = !hasPublic || strategy === "None" ? 0 : strategy === "Single" ? 1 : azCount;
  return { count, strategy, azCount, why: strategy === "Single" ? "one NAT for the VPC" : strategy === "None" ? "no NAT" : `one NAT per AZ, ${azCount} AZs` };
}

/** vCPU, GB and architecture of a Fargate task definition, or undefined when cpu/memory are unknown. */
export function fargateSize(td: CostResource): { vcpu: number; gb: number; arm: boolean } | undefined {
  const cpu = Number(getOr(td.props, ["cpu"], NaN));
  const memory = Number(getOr(td.props, ["memory"], NaN));
  if (!Number.isFinite(cpu) || !Number.isFinite(memory)) return undefined;
  const arch = String(getOr(td.props, ["runtimePlatform", "cpuArchitecture"], "X86_64"));
  return { vcpu: cpu / 1024, gb: memory / 1024, arm: arch === "ARM64" };
}

/** Nodes in a replication group: numCacheClusters, or shards x (1 + replicas). */
export function cacheNodes(props: Record<string, any>, name = "cache", assumptions: string[] = []): number {
  const clusters = getOr<number | undefined>(props, ["numCacheClusters"], undefined);
  if (typeof clusters === "number") return clusters;
  const shards = getOr<number | undefined>(props, ["numNodeGroups"], undefined);
  const replicas = getOr<number | undefined>(props, ["replicasPerNodeGroup"], undefined);
  if (shards === undefined && replicas === undefined) {
    assumptions.push(`${name}: numCacheClusters not set, assumed 1 node`);
    return 1;
  }
  return (shards ?? 1) * (1 + (replicas ?? 0));
}

export { money };
