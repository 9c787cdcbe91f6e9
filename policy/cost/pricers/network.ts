/**
 * The network: NAT gateways, Elastic IPs, VPC endpoints, and the awsx VPC that makes them.
 *
 * NAT gateways are counted from real `aws:ec2/natGateway:NatGateway` resources where the engine shows them, else
 * inferred from an `awsx:ec2:Vpc`'s inputs (NAT strategy, AZ count) when none of its children is visible (under mocks
 * only the component registers). A VPC whose aws children are visible is never inferred, so nothing is counted twice;
 * the same holds for the NAT gateways' Elastic IPs and interface endpoints.
 */
import { getOr, tryGet } from "../../lib/rules";
import { T } from "../../lib/types";
import { HOURS_PER_MONTH, PRICES } from "../prices";
import type { CostResource, Pricer, PricerContext } from "./types";

const H = HOURS_PER_MONTH;

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

/** True when the engine shows any of the awsx VPC's aws children: they are then priced as the resources they are. */
const childrenVisible = (vpc: CostResource, ctx: PricerContext): boolean =>
  ctx.resources.some((c) => c.type.startsWith("aws:") && ctx.ancestors(c).some((a) => a.urn === vpc.urn));

/** The stack's NAT gateways: the real ones, plus those inferred from awsx VPCs whose children are not visible. */
export function natGatewayCount(ctx: PricerContext): number {
  const real = ctx.resources.filter((r) => r.type === T.natGateway).length;
  const inferred = ctx.resources.filter((r) => r.type === T.awsxVpc && !childrenVisible(r, ctx)).map((r) => inferNatGateways(r.props, [], r.name).count);
  return inferred.reduce((a, n) => a + n, real);
}

const natGateway: Pricer = (r, ctx) => {
  const isPrivate = getOr(r.props, ["connectivityType"], "public") === "private";
  ctx.hourly(r, "NAT gateway hours", 1, PRICES.natGatewayHour, isPrivate ? " (private NAT: no public IPv4)" : "");
};

const eip: Pricer = (r, ctx) => {
  const domain = getOr(r.props, ["domain"], "vpc");
  ctx.hourly(r, "public IPv4 address (Elastic IP)", 1, PRICES.publicIpv4Hour, domain === "vpc" ? "" : ` (domain ${domain})`);
};

/** Only when none of its children is visible (mocks, the offline plan): its NAT gateways, their IPv4s, its interface endpoints. */
const awsxVpc: Pricer = (r, ctx) => {
  if (childrenVisible(r, ctx)) return;
  const assumptions: string[] = [];
  const inferred = inferNatGateways(r.props, assumptions, r.name);
  for (const a of assumptions) ctx.assume(a);
  if (inferred.count > 0) {
    const n = inferred.count;
    ctx.push(r, `NAT gateway hours (${n}, inferred from awsx strategy ${inferred.strategy})`, n * H * PRICES.natGatewayHour.usd, 0, `${n} x ${H} h x ${ctx.rate(PRICES.natGatewayHour)}; ${inferred.why}`, "priced", undefined, [ctx.term(n * H, PRICES.natGatewayHour)]);
    ctx.push(r, `public IPv4 for NAT Elastic IPs (${n}, inferred)`, n * H * PRICES.publicIpv4Hour.usd, 0, `${n} x ${H} h x ${ctx.rate(PRICES.publicIpv4Hour)}`, "priced", undefined, [ctx.term(n * H, PRICES.publicIpv4Hour)]);
  }
  for (const spec of getOr<any[]>(r.props, ["vpcEndpointSpecs"], [])) {
    if (getOr(spec, ["vpcEndpointType"], "Gateway") !== "Interface") continue;
    const azs = inferred.azCount;
    ctx.push(r, `interface endpoint ${getOr(spec, ["serviceName"], "?")}`, azs * H * PRICES.vpcInterfaceEndpointAzHour.usd, 0, `${azs} AZ x ${H} h x ${ctx.rate(PRICES.vpcInterfaceEndpointAzHour)}`, "priced", undefined, [ctx.term(azs * H, PRICES.vpcInterfaceEndpointAzHour)]);
  }
};

const vpcEndpoint: Pricer = (r, ctx) => {
  const type = getOr(r.props, ["vpcEndpointType"], "Gateway");
  if (type === "Gateway") {
    ctx.push(r, "gateway endpoint", 0, 0, "gateway endpoints (S3, DynamoDB) are free", "free");
  } else if (type === "Interface") {
    const subnets = tryGet(r.props, "subnetIds");
    const listed = subnets.known && Array.isArray(subnets.value);
    const azs = listed && subnets.value.length > 0 ? subnets.value.length : 2;
    if (!listed) ctx.assume(`${r.name}: interface endpoint subnets unknown, assumed 2 AZs`);
    ctx.hourly(r, "interface endpoint AZ-hours", azs, PRICES.vpcInterfaceEndpointAzHour);
  } else {
    ctx.unpriced(r, `no price for ${type} endpoints`);
  }
};

/**
 * A flow log costs what its destination charges for it: to CloudWatch Logs, the stack's CloudWatch Logs ingestion and
 * storage lines; to S3, vended-log delivery per GB and the bucket's storage (usage.yml `vpcFlowLogs`).
 */
const flowLog: Pricer = (r, ctx) => {
  if (getOr(r.props, ["logDestinationType"], "cloud-watch-logs") !== "s3") {
    ctx.push(r, "FlowLog", 0, 0, "free: flow logs to CloudWatch Logs are charged as its ingestion and storage (usage)", "free");
    return;
  }
  ctx.usageLine(r, "VPC flow logs delivered to S3 (vended logs)", ctx.usage?.vpcFlowLogs?.gbDelivered, "GB", PRICES.vendedLogsS3DeliveryGb);
  ctx.usageLine(r, "VPC flow logs stored in S3", ctx.usage?.vpcFlowLogs?.storedGb, "GB-month", PRICES.s3StandardGbMonth);
};

export const networkPricers: Readonly<Record<string, Pricer>> = {
  [T.flowLog]: flowLog,
  [T.natGateway]: natGateway,
  [T.eip]: eip,
  [T.awsxVpc]: awsxVpc,
  [T.vpcEndpoint]: vpcEndpoint,
};
