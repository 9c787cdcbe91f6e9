/** Application Load Balancers: hours, one public IPv4 per AZ when internet-facing, and LCU-hours (usage). */
import { getOr, tryGet } from "../../lib/rules";
import { T } from "../../lib/types";
import { HOURS_PER_MONTH, PRICES } from "../prices";
import type { CostResource, Pricer, PricerContext } from "./types";

const H = HOURS_PER_MONTH;

/** The AZs an internet-facing load balancer spans (one public IPv4 each): its subnets, else its subnet mappings, else 2 (assumed). */
function publicIpv4PerAz(r: CostResource, ctx: PricerContext): void {
  const subnets = tryGet(r.props, "subnets");
  const mappings = tryGet(r.props, "subnetMappings");
  let azs = 0;
  if (subnets.known && Array.isArray(subnets.value)) azs = subnets.value.length;
  if (!azs && mappings.known && Array.isArray(mappings.value)) azs = mappings.value.length;
  if (!azs) {
    azs = 2;
    ctx.assume(`${r.name}: ALB subnets unknown, assumed 2 AZs (one public IPv4 per AZ)`);
  }
  ctx.push(r, `public IPv4 for ALB nodes (${azs}, one per AZ)`, azs * H * PRICES.publicIpv4Hour.usd, 0, `${azs} x ${H} h x ${ctx.rate(PRICES.publicIpv4Hour)}`, "priced", undefined, [ctx.term(azs * H, PRICES.publicIpv4Hour)]);
}

const loadBalancer: Pricer = (r, ctx) => {
  const lbType = getOr(r.props, ["loadBalancerType"], "application");
  if (lbType !== "application") {
    ctx.unpriced(r, `no price for ${lbType} load balancers in the price table`);
    return;
  }
  ctx.hourly(r, "ALB hours", 1, PRICES.albHour);
  if (getOr(r.props, ["internal"], false) !== true) publicIpv4PerAz(r, ctx);
  const lcu = ctx.usage?.loadBalancer?.averageLcu;
  ctx.usageLine(r, "ALB LCU-hours", lcu === undefined ? undefined : lcu * H, "LCU-hours", PRICES.albLcuHour);
};

export const loadBalancerPricers: Readonly<Record<string, Pricer>> = {
  [T.loadBalancer]: loadBalancer,
  [T.albAlias]: loadBalancer,
};
