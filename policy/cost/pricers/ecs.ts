/**
 * ECS services on Fargate: the desired tasks' vCPU and memory hours (x86 or ARM, FARGATE_SPOT at a fraction of
 * on-demand by the capacity provider strategy's weights), task-hours above desiredCount (usage) and a public IPv4 per
 * task when the tasks get one. EC2 and external launch types are priced as their instances.
 */
import { getOr, tryGet } from "../../lib/rules";
import { T } from "../../lib/types";
import { HOURS_PER_MONTH, PRICES } from "../prices";
import type { CostResource, Pricer, PricerContext } from "./types";

const H = HOURS_PER_MONTH;

const round4 = (n: number): number => Math.round(n * 10000) / 10000;

/** vCPU, GB and architecture of a Fargate task definition, or undefined when cpu/memory are unknown. */
export function fargateSize(td: CostResource): { vcpu: number; gb: number; arm: boolean } | undefined {
  const cpu = Number(getOr(td.props, ["cpu"], NaN));
  const memory = Number(getOr(td.props, ["memory"], NaN));
  if (!Number.isFinite(cpu) || !Number.isFinite(memory)) return undefined;
  const arch = String(getOr(td.props, ["runtimePlatform", "cpuArchitecture"], "X86_64"));
  return { vcpu: cpu / 1024, gb: memory / 1024, arm: arch === "ARM64" };
}

/**
 * Whether the service runs on Fargate, and the share of its tasks on FARGATE_SPOT: a launch type, or a capacity
 * provider strategy of FARGATE and FARGATE_SPOT only, split by weight.
 */
function capacity(props: Record<string, any>): { fargate: boolean; spotShare: number; launchType: string | undefined; providers: string[] } {
  const launchType = getOr<string | undefined>(props, ["launchType"], undefined);
  const strategies = getOr<any[]>(props, ["capacityProviderStrategies"], []);
  const providers = strategies.map((s) => getOr(s, ["capacityProvider"], ""));
  const fargateOnly = providers.length > 0 && providers.every((c) => c === "FARGATE" || c === "FARGATE_SPOT");
  const weightOf = (c: string) => strategies.filter((s) => getOr(s, ["capacityProvider"], "") === c).reduce((a, s) => a + Number(getOr(s, ["weight"], 0)), 0);
  const spotShare = !launchType && fargateOnly && weightOf("FARGATE_SPOT") > 0 ? weightOf("FARGATE_SPOT") / (weightOf("FARGATE") + weightOf("FARGATE_SPOT")) : 0;
  return { fargate: launchType === "FARGATE" || (!launchType && fargateOnly), spotShare, launchType, providers };
}

/** The tasks priced: desiredCount; 1 (assumed) while it is unknown; the provider's default of 0 when unset. */
function desiredTasks(r: CostResource, ctx: PricerContext): number {
  const desired = tryGet(r.props, "desiredCount");
  if (!desired.known) {
    ctx.assume(`${r.name}: desiredCount unknown, assumed 1 task`);
    return 1;
  }
  if (desired.value === undefined) ctx.assume(`${r.name}: desiredCount not set; the provider's default is 0 tasks`);
  return typeof desired.value === "number" ? desired.value : 0;
}

const ecsService: Pricer = (r, ctx) => {
  const { fargate, spotShare, launchType, providers } = capacity(r.props);
  if (!fargate) {
    if (launchType === "EC2" || launchType === "EXTERNAL") ctx.push(r, "ECS service", 0, 0, `${launchType} launch type: the instances are priced separately`, "free");
    else ctx.unpriced(r, `launch type ${launchType ?? "(capacity providers: " + providers.join(", ") + ")"} has no price in the table`);
    return;
  }
  const td = ctx.referenced(r, "taskDefinition", T.ecsTaskDefinition);
  if (!td) return ctx.unpriced(r, "its task definition is not in the stack, so cpu/memory are unknown");
  const size = fargateSize(td);
  if (!size) return ctx.unpriced(r, `task definition ${td.name} has unknown cpu/memory`);
  const count = desiredTasks(r, ctx);
  const vcpuPrice = size.arm ? PRICES.fargateArmVcpuHour : PRICES.fargateX86VcpuHour;
  const gbPrice = size.arm ? PRICES.fargateArmGbHour : PRICES.fargateX86GbHour;
  const spotFactor = 1 - spotShare * (1 - PRICES.fargateSpotFraction.usd);
  const perTaskHour = (size.vcpu * vcpuPrice.usd + size.gb * gbPrice.usd) * spotFactor;
  const spot = spotShare === 1 ? " Spot" : spotShare > 0 ? " (part Spot)" : "";
  const spotHow = spotShare > 0 ? ` x ${round4(spotFactor)} (${Math.round(spotShare * 100)}% on Spot at ${PRICES.fargateSpotFraction.usd} of on-demand, assumed)` : "";
  ctx.push(
    r,
    `Fargate${spot} ${size.arm ? "ARM64" : "x86_64"} ${size.vcpu} vCPU / ${size.gb} GB x ${count} task${count === 1 ? "" : "s"}`,
    count * H * perTaskHour,
    0,
    `${count} x ${H} h x (${size.vcpu} vCPU x $${vcpuPrice.usd} + ${size.gb} GB x $${gbPrice.usd})${spotHow}`,
    "priced",
    undefined,
    // The Spot share's discount is in the unit prices: what a vCPU-hour and a GB-hour cost this service.
    [
      { quantity: count * H * size.vcpu, unit: vcpuPrice.unit, unitPriceUsd: vcpuPrice.usd * spotFactor },
      { quantity: count * H * size.gb, unit: gbPrice.unit, unitPriceUsd: gbPrice.usd * spotFactor },
    ],
  );
  const extra = ctx.usage?.fargate?.extraTaskHours;
  const taskHour = { quantity: extra ?? null, unit: "task-hour", unitPriceUsd: perTaskHour };
  if (extra === undefined) ctx.push(r, "Fargate task-hours above desiredCount", 0, 0, `depends on usage: $${round4(perTaskHour)}/task-hour`, "usage-unknown", undefined, [taskHour]);
  else ctx.push(r, "Fargate task-hours above desiredCount", 0, extra * perTaskHour, `${extra} task-hours x $${round4(perTaskHour)}`, "priced", undefined, [taskHour]);
  if (getOr(r.props, ["networkConfiguration", "assignPublicIp"], false) === true) {
    ctx.push(r, `public IPv4 per task (${count})`, count * H * PRICES.publicIpv4Hour.usd, 0, `${count} x ${H} h x ${ctx.rate(PRICES.publicIpv4Hour)}`, "priced", undefined, [ctx.term(count * H, PRICES.publicIpv4Hour)]);
  }
};

export const ecsPricers: Readonly<Record<string, Pricer>> = {
  [T.ecsService]: ecsService,
};
