/**
 * EC2 pricers, for the NAT instances: an Auto Scaling group is priced as its launch template's instances (type x
 * desired capacity: a group of exactly one per AZ here), their auto-assigned public IPv4 and their EBS volumes. The
 * launch template, the network interface and the instance profile cost nothing by themselves.
 */
import { getOr, tryGet } from "../../lib/rules";
import { EC2_HOURLY, HOURS_PER_MONTH, PRICES } from "../prices";
import { typeName } from "./free";
import type { CostResource, Pricer, PricerContext } from "./types";

export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const AUTOSCALING_GROUP = "aws:autoscaling/group:Group";

const H = HOURS_PER_MONTH;
/** A free line whose reason already says "free" (no "free:" prefix, unlike ./free.ts). */
const free = (reason: string): Pricer => (r, ctx) => ctx.push(r, typeName(r.type), 0, 0, reason, "free");

/** The launch template an Auto Scaling group launches: by property dependency, else the template of the same logical name. */
function launchTemplateOf(r: CostResource, ctx: PricerContext): CostResource | undefined {
  return (
    ctx.referenced(r, "launchTemplate", LAUNCH_TEMPLATE) ??
    ctx.resources.find((c) => c.type === LAUNCH_TEMPLATE && c.name === r.name && JSON.stringify(c.parent) === JSON.stringify(r.parent))
  );
}

const priceAutoScalingGroup: Pricer = (r, ctx) => {
  const template = launchTemplateOf(r, ctx);
  if (!template) {
    ctx.unpriced(r, "its launch template is not in the stack, so the instance type is unknown");
    return;
  }
  const type = String(getOr(template.props, ["instanceType"], ""));
  const price = EC2_HOURLY[type];
  if (!price) {
    ctx.unpriced(r, `no price for EC2 instance type ${type || "(unknown)"}`);
    return;
  }
  const desired = tryGet(r.props, "desiredCapacity");
  let count = desired.known && typeof desired.value === "number" ? desired.value : undefined;
  if (count === undefined) {
    count = getOr<number>(r.props, ["minSize"], 1);
    ctx.assume(`${r.name}: desiredCapacity unknown or unset, priced at minSize (${count})`);
  }
  const max = getOr<number>(r.props, ["maxSize"], count);
  const plural = count === 1 ? "" : "s";
  ctx.push(r, `EC2 ${type} x ${count} instance${plural}`, count * H * price.usd, 0, `${count} x ${H} h x ${ctx.rate(price)}${max > count ? `; up to ${max} (maxSize) while scaling` : ""}`, "priced", undefined, [ctx.term(count * H, price)]);
  const nic0 = getOr<any[]>(template.props, ["networkInterfaces"], []).find((n) => String(getOr(n, ["deviceIndex"], 0)) === "0");
  if (nic0 && String(getOr(nic0, ["associatePublicIpAddress"], "false")) === "true") {
    ctx.push(r, `public IPv4 per instance (${count})`, count * H * PRICES.publicIpv4Hour.usd, 0, `${count} x ${H} h x ${ctx.rate(PRICES.publicIpv4Hour)}`, "priced", undefined, [ctx.term(count * H, PRICES.publicIpv4Hour)]);
  }
  for (const mapping of getOr<any[]>(template.props, ["blockDeviceMappings"], [])) {
    const size = Number(getOr(mapping, ["ebs", "volumeSize"], NaN));
    const volumeType = String(getOr(mapping, ["ebs", "volumeType"], "gp3"));
    if (!Number.isFinite(size)) {
      ctx.unpriced(r, `volume ${getOr(mapping, ["deviceName"], "?")} has no volumeSize (the AMI's snapshot size applies), so its cost is unknown`);
      continue;
    }
    if (volumeType !== "gp3") {
      ctx.unpriced(r, `no price for EBS ${volumeType} volumes`);
      continue;
    }
    ctx.push(r, `EBS gp3 ${size} GB x ${count} (${getOr(mapping, ["deviceName"], "root")})`, count * size * PRICES.ebsGp3GbMonth.usd, 0, `${count} x ${size} GB x ${ctx.rate(PRICES.ebsGp3GbMonth)}`, "priced", undefined, [ctx.term(count * size, PRICES.ebsGp3GbMonth)]);
  }
};

export const ec2Pricers: Readonly<Record<string, Pricer>> = {
  [AUTOSCALING_GROUP]: priceAutoScalingGroup,
  [LAUNCH_TEMPLATE]: free("a launch template is free; its instances are priced with their Auto Scaling group"),
  "aws:ec2/networkInterface:NetworkInterface": free("a network interface is free (a public IPv4 or Elastic IP on it is priced where it is assigned)"),
  "aws:iam/instanceProfile:InstanceProfile": free("IAM is free"),
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": free("associating capacity providers with a cluster is free; the tasks are priced with the service"),
};
