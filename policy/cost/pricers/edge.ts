/**
 * Edge security and the account baseline: the WAF web ACL ($5 + $1 per rule, requests as usage), GuardDuty (the
 * detector's events and logs are usage; runtime monitoring bills the monitored Fargate vCPUs), Inspector, ECR registry
 * scanning, Security Hub, cost allocation tags.
 */
import { getOr, tryGet } from "../../lib/rules";
import { T } from "../../lib/types";
import { PRICES } from "../prices";
import { fargateSize } from "./ecs";
import type { CostResource, Pricer } from "./types";

/** The region of a resource's provider, where the stack's resources carry it (policy resources do); else undefined. */
function regionOf(r: CostResource): string | undefined {
  const provider = (r as { provider?: { props?: Record<string, unknown> } }).provider;
  const region = provider?.props ? tryGet(provider.props, "region") : undefined;
  return region?.known && typeof region.value === "string" ? region.value : undefined;
}

/** The detector features and what each costs. Only runtime monitoring for ECS Fargate has a baseline price. */
const detectorFeature: Pricer = (r, ctx) => {
  const name = String(getOr(r.props, ["name"], ""));
  const status = String(getOr(r.props, ["status"], ""));
  if (status !== "ENABLED") {
    ctx.push(r, `GuardDuty ${name} (disabled)`, 0, 0, "a disabled feature costs nothing", "free");
    return;
  }
  if (name !== "RUNTIME_MONITORING") {
    ctx.unpriced(r, `GuardDuty feature ${name} has no price in the model`);
    return;
  }
  const configs = getOr<any[]>(r.props, ["additionalConfigurations"], []);
  const fargate = configs.some((c) => getOr(c, ["name"], "") === "ECS_FARGATE_AGENT_MANAGEMENT" && getOr(c, ["status"], "") === "ENABLED");
  if (!fargate) {
    ctx.push(r, "GuardDuty runtime monitoring (no ECS Fargate agent)", 0, 0, "only Fargate tasks run in this stack: nothing is monitored without the Fargate agent", "free");
    return;
  }
  // Monitored vCPUs: the Fargate services' baseline tasks in this stack, in the detector's region (each region has its
  // own detector: the DR region's monitors nothing until tasks run there). Another stack's tasks in the same account
  // are monitored (and billed) too: they are not in this stack, so the model can't see them.
  let vcpus = 0;
  const region = regionOf(r);
  for (const service of ctx.resources.filter((x) => x.type === T.ecsService && (region === undefined || regionOf(x) === undefined || regionOf(x) === region))) {
    const td = ctx.referenced(service, "taskDefinition", T.ecsTaskDefinition);
    const size = td ? fargateSize(td) : undefined;
    const count = Number(getOr(service.props, ["desiredCount"], 0));
    if (!size) {
      ctx.unpriced(r, `the task size of ${service.name} is unknown, so the monitored vCPUs are`);
      return;
    }
    vcpus += size.vcpu * count;
  }
  ctx.assume(`${r.name}: GuardDuty runtime monitoring bills the account's Fargate vCPUs: this stack's baseline tasks (${vcpus} vCPU) are priced; scale-outs and other stacks' tasks in the account add to it`);
  ctx.push(r, `GuardDuty runtime monitoring (${vcpus} Fargate vCPU)`, vcpus * PRICES.guardDutyFargateVcpuMonth.usd, 0, `${vcpus} x ${ctx.rate(PRICES.guardDutyFargateVcpuMonth)}`, "priced", undefined, [ctx.term(vcpus, PRICES.guardDutyFargateVcpuMonth)]);
};

/** A web ACL and its rules (from `rules`, or the JSON of `ruleJson`); a managed rule group counts as one rule. */
const webAcl: Pricer = (r, ctx) => {
  const rules = tryGet(r.props, "rules");
  const ruleJson = tryGet(r.props, "ruleJson");
  let count = rules.known && Array.isArray(rules.value) ? rules.value.length : 0;
  if (!count && ruleJson.known && typeof ruleJson.value === "string") {
    try {
      count = (JSON.parse(ruleJson.value) as unknown[]).length;
    } catch {
      count = 0;
    }
  }
  ctx.push(r, `WAF web ACL + ${count} rule${count === 1 ? "" : "s"}`, PRICES.wafWebAclMonth.usd + count * PRICES.wafRuleMonth.usd, 0, `${ctx.rate(PRICES.wafWebAclMonth)} + ${count} x ${ctx.rate(PRICES.wafRuleMonth)}`, "priced", undefined, [ctx.term(1, PRICES.wafWebAclMonth), ctx.term(count, PRICES.wafRuleMonth)]);
  ctx.usageLine(r, "WAF requests", ctx.usage?.waf?.requestsMillions, "M requests", PRICES.wafPer1mRequests);
};

export const edgePricers: Readonly<Record<string, Pricer>> = {
  [T.webAcl]: webAcl,
  [T.guardDuty]: (r, ctx) =>
    ctx.push(r, "GuardDuty detector", 0, 0, "charged by events and log volume: see the stack's GuardDuty usage lines; Fargate runtime monitoring: price not found", "free"),
  "aws:guardduty/detectorFeature:DetectorFeature": detectorFeature,
  "aws:inspector2/enabler:Enabler": (r, ctx) => {
    ctx.usageLine(r, "Inspector ECR images scanned on push", ctx.usage?.inspector?.imagesScanned, "images", PRICES.inspectorEcrImageScan);
    ctx.usageLine(r, "Inspector ECR continuous rescans", ctx.usage?.inspector?.rescans, "rescans", PRICES.inspectorEcrRescan);
  },
  "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": (r, ctx) =>
    ctx.push(r, "ECR registry scanning configuration", 0, 0, "free: enhanced scans are billed by Inspector (its usage lines)", "free"),
  "aws:costexplorer/costAllocationTag:CostAllocationTag": (r, ctx) => ctx.push(r, "cost allocation tag activation", 0, 0, "free", "free"),
  "aws:securityhub/account:Account": (r, ctx) =>
    ctx.usageLine(r, "Security Hub security checks", ctx.usage?.securityHub?.checksThousands, "thousand checks", PRICES.securityHubPer1kChecks),
  "aws:securityhub/standardsSubscription:StandardsSubscription": (r, ctx) =>
    ctx.push(r, "Security Hub standard subscription", 0, 0, "free: its checks are billed on the Security Hub account line", "free"),
};
