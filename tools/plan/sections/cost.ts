/**
 * Cost, availability and policy verdicts, from the same code the policy pack runs: the cost model in policy/cost and
 * every policy in policy/policies, driven as the analyzer server drives them (tools/offline/policy.ts). The stack's
 * policy config and usage profile follow from its credlink:environment (tools/plan/profile.ts), not from its name.
 *
 * Everything is returned twice: as data (`facts`, numbers in the JSON) and as display tables (`sections`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { compositeAvailability } from "../../../policy/cost/availability";
import { Amounts, CeilingStatus, ceilingStatus, estimateCost, LineItem, totalCeilingStatus } from "../../../policy/cost/estimate";
import { HOURS_PER_MONTH, PRICE_REGION } from "../../../policy/cost/prices";
import { loadUsage, USAGE_FILE } from "../../../policy/cost/usage";
import { analyzeRecorder, reconcile } from "../../offline/policy";
import { ALL_POLICIES } from "../../../policy/policies";
import { REPO_ROOT } from "../../project";
import { PlanProfile, planProfile } from "../profile";
import { CostLine, Money, PolicyViolation, ReportSection } from "../report";
import { SectionBuilder, SectionContext } from "./types";
import { usageAtScale, usageScaleSections } from "./usage-scale";

import { usd, usdCents } from "../money";

const rel = (file: string) => path.relative(REPO_ROOT, file) || file;
const toMoney = (a: Amounts): Money => ({ baselineUsd: a.baselineUsd, usageUsd: a.usageUsd, totalUsd: a.totalUsd });
const toCostLine = (i: LineItem): CostLine => ({
  urn: i.urn ?? null,
  type: i.type,
  resource: i.resource,
  component: i.component,
  item: i.item,
  kind: i.kind,
  baselineUsd: i.baselineUsd,
  usageUsd: i.usageUsd,
  totalUsd: i.monthlyUsd,
  how: i.how,
  // A single-term line's quantity and unit price at the top, for a reader that needs no more; every term below.
  quantity: i.terms.length === 1 ? i.terms[0].quantity : null,
  unit: i.terms.length === 1 ? i.terms[0].unit : null,
  unitPriceUsd: i.terms.length === 1 ? i.terms[0].unitPriceUsd : null,
  terms: i.terms,
});

/** The plan's profile, or (a section built without one) the profile of the environment named as the stack. */
const profileOf = (ctx: SectionContext): PlanProfile => ctx.profile ?? planProfile({ "credlink:environment": ctx.stack });

async function analyze(ctx: SectionContext) {
  // The stack's environment (and role) chooses the policy config, not its name (tools/plan/profile.ts).
  const file = profileOf(ctx).policyConfigFile;
  const config = file ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  const analysis = await analyzeRecorder(ctx.recorder, ctx.propertyDependencies ?? new Map(), config);
  return { analysis, file, effective: reconcile(ALL_POLICIES, config) };
}

const LEVEL_ORDER = { mandatory: 0, advisory: 1, remediate: 2, disabled: 3 } as const;

export const costAndPolicy: SectionBuilder = async (ctx) => {
  const { analysis, file, effective } = await analyze(ctx);
  // usage.yml at --usage-scale times the traffic (1 = as committed), tasks included.
  const committedUsage = loadUsage(profileOf(ctx).usageProfile);
  const factor = ctx.usageScale ?? 1;
  const usage = usageAtScale(ctx.recorder, committedUsage, factor).usage;
  const estimate = estimateCost(analysis.stack, { usage });
  // The pack's two ceilings: the baseline's, and the total's (baseline + usage, here at this plan's usage scale).
  const ceilingPolicy = effective.get("monthly-cost-within-ceiling");
  const enabled = ceilingPolicy !== undefined && ceilingPolicy.enforcementLevel !== "disabled";
  const ceiling = enabled ? (ceilingPolicy.properties.ceilingUsd as number) : undefined;
  const totalCeiling = enabled ? (ceilingPolicy.properties.totalCeilingUsd as number) : undefined;
  const status = ceiling === undefined ? null : ceilingStatus(estimate, ceiling);
  const totalStatus = totalCeiling === undefined ? null : totalCeilingStatus(estimate, totalCeiling);
  const pricedForStackRegion = ctx.region === PRICE_REGION;
  const sections: ReportSection[] = [];
  const warnings: string[] = [];

  if (!pricedForStackRegion) {
    warnings.push(`prices are ${PRICE_REGION} list prices; this stack is in ${ctx.region}, where AWS prices differ: the cost is approximate (cost.pricedForStackRegion is false)`);
  }
  // Resources an explicit provider places in a third region (the DR copy) are priced at the same list prices.
  const regionOf = (providerRef: string) => ctx.recorder.byUrnOf(providerRef.split("::").slice(0, -1).join("::"))?.inputs.region as string | undefined;
  const elsewhere = ctx.recorder.all.filter((r) => {
    const region = r.provider ? regionOf(r.provider) ?? ctx.region : ctx.region;
    return region !== PRICE_REGION && region !== ctx.region && (estimate.byResource.get(r.urn)?.totalCents ?? 0) > 0;
  });
  if (elsewhere.length) {
    const regions = [...new Set(elsewhere.map((r) => regionOf(r.provider) ?? ctx.region))].join(", ");
    warnings.push(`${elsewhere.length} priced resource(s) are in ${regions} and priced at ${PRICE_REGION} list prices: ${elsewhere.map((r) => `${r.type.split(":").pop()} ${r.name}`).join(", ")}`);
  }
  if (estimate.unpriced.length) {
    warnings.push(`the monthly cost is unknown: ${estimate.unpriced.length} resource(s) have no price in the cost model (${estimate.unpriced.map((i) => `${i.resource}: ${i.how}`).join("; ")})`);
  }

  const t = estimate.totals;
  const verdict = (s: CeilingStatus | null) => (s === "unknown" ? "UNKNOWN, unpriced resources or usage" : s === "over" ? "OVER" : "within");
  const ceilingText = ceiling === undefined ? "" : ` (ceiling ${usd(ceiling)}: ${status === "unknown" ? "UNKNOWN, unpriced resources" : verdict(status)})`;
  const totalCeilingText = totalCeiling === undefined ? "" : ` (ceiling ${usd(totalCeiling)}: ${verdict(totalStatus)})`;
  sections.push({
    id: "cost-by-component",
    title: `Monthly cost by component (USD, ${PRICE_REGION} list prices, ${HOURS_PER_MONTH} h)`,
    columns: ["COMPONENT", "BASELINE", "USAGE", "TOTAL"],
    rows: [
      ...estimate.byComponent.map((c) => [c.component, usdCents(c.baselineCents), usdCents(c.usageCents), usdCents(c.totalCents)]),
      ["TOTAL", usdCents(t.baselineCents), usdCents(t.usageCents), usdCents(t.totalCents)],
    ],
    summary: `Baseline ${usdCents(t.baselineCents)}/month${ceilingText}, usage ${usdCents(t.usageCents)}, total ${usdCents(t.totalCents)}${totalCeilingText}`,
    notes: [
      `baseline = hours, sizes and counts of the resources; usage = ${rel(USAGE_FILE)} (${profileOf(ctx).usageProfile})${factor === 1 ? "" : ` at ${factor}x the traffic (--usage-scale)`}; prices and sources: policy/cost/prices.ts`,
      ...estimate.assumptions.map((a) => `assumed: ${a}`),
      ...costGuardNotes(ctx.recorder),
    ],
  });

  const shown = (i: LineItem) => i.kind === "priced" || i.kind === "usage-unknown";
  const free = estimate.items.filter((i) => i.kind === "free");
  sections.push({
    id: "cost-by-resource",
    title: "Monthly cost by resource",
    columns: ["COMPONENT", "RESOURCE", "ITEM", "BASELINE", "USAGE", "HOW"],
    rows: [
      ...estimate.items.filter(shown).map((i) => [i.component, i.resource, i.item, usdCents(i.baselineCents), i.kind === "usage-unknown" ? "-" : usdCents(i.usageCents), i.how]),
      ...estimate.unpriced.map((i) => [i.component, i.resource, `UNPRICED ${i.type.split("/").pop()}`, "?", "?", i.how]),
    ],
    notes: [`${free.length} resource(s) cost nothing themselves (IAM, security groups, subnet groups, configuration resources...)`],
    detail: true,
  });

  const availability = compositeAvailability(analysis.stack);
  sections.push({
    id: "availability",
    title: "Composite availability of the request path (serial: ALB x Fargate x RDS x ElastiCache)",
    columns: ["TIER", "RESOURCE", "SLA", "WHY"],
    rows: availability.tiers.map((tier) => [tier.tier, tier.resource, `${tier.slaPct}%`, tier.why]),
    summary: availability.compositePct === undefined ? "No tier of the request path exists yet" : `Composite availability: ${availability.compositePct.toFixed(2)}%${availability.missing.length ? ` (without ${availability.missing.join(", ")}: not in the stack yet)` : ""}`,
    notes: [`SLAs: ${availability.source}; S3 (99.9%) holds proofs off the request path, Route 53 is 100%`, ...natInstanceNotes(analysis.stack)],
  });

  const verdicts = [...analysis.diagnostics].sort((a, b) => LEVEL_ORDER[a.enforcementLevel] - LEVEL_ORDER[b.enforcementLevel]);
  const nameOf = (urn?: string) => (urn ? ctx.recorder.byUrnOf(urn)?.name ?? urn.split("::").pop() ?? urn : "(stack)");
  const violations: PolicyViolation[] = verdicts.map((d) => ({ policy: d.policyName, urn: d.urn ?? null, resource: nameOf(d.urn), level: d.enforcementLevel, message: d.message }));
  const count = (level: PolicyViolation["level"]) => violations.filter((v) => v.level === level).length;
  const counts = { mandatory: count("mandatory"), advisory: count("advisory"), remediate: count("remediate") };
  sections.push({
    id: "policy",
    title: `Policy verdicts (pack "credlink", ${file ? rel(file) : "no policy config: the policies' default levels"})`,
    columns: ["POLICY", "RESOURCE", "LEVEL", "MESSAGE"],
    rows: violations.map((v) => [v.policy, v.resource, v.level, v.message]),
    summary: `${ALL_POLICIES.length} policies: ${counts.mandatory} mandatory violation(s), ${counts.advisory} advisory`,
  });

  // Cost per component and per million requests at this factor, and the curve at 1x, 10x, 100x.
  const scale = usageScaleSections(ctx.recorder, committedUsage, factor, estimate, (u) => estimateCost(analysis.stack, { usage: u }));
  sections.push(...scale.sections);

  const resourceCosts = new Map([...estimate.byResource].map(([urn, a]) => [urn, toMoney(a)]));
  return {
    sections,
    warnings,
    failures: violations.filter((v) => v.level === "mandatory").map((v) => `policy ${v.policy} (mandatory) on ${v.resource}: ${v.message}`),
    facts: {
      cost: {
        currency: "USD",
        priceRegion: PRICE_REGION,
        pricedForStackRegion,
        hoursPerMonth: HOURS_PER_MONTH,
        baselineUsd: t.baselineUsd,
        usageUsd: t.usageUsd,
        totalUsd: t.totalUsd,
        ceilingUsd: ceiling ?? null,
        status,
        totalCeilingUsd: totalCeiling ?? null,
        totalStatus,
        unpriced: estimate.unpriced.map((i) => ({ urn: i.urn ?? null, type: i.type, resource: i.resource, reason: i.how })),
        assumptions: estimate.assumptions,
      },
      components: estimate.byComponent.map((c) => ({ component: c.component, ...toMoney(c) })),
      lineItems: [...estimate.items, ...estimate.unpriced].map(toCostLine),
      resourceCosts,
      availability: {
        compositePct: availability.compositePct ?? null,
        tiers: availability.tiers.map((tier) => ({ tier: tier.tier, resource: tier.resource, slaPct: tier.slaPct, why: tier.why })),
        missing: availability.missing,
      },
      policy: { pack: "credlink", config: file ? rel(file) : null, policies: ALL_POLICIES.length, counts, violations },
      usageScale: scale.facts,
    },
  };
};

/**
 * What the budget and the anomaly monitor see: only spend under activated cost allocation tags. A stack that
 * activates none (credlink:account.activateCostAllocationTags false, or not the baseline owner) is told that they
 * count nothing until the tags are active in the account.
 */
export function costGuardNotes(recorder: SectionContext["recorder"]): string[] {
  if (recorder.ofType("aws:budgets/budget:Budget").length === 0) return [];
  if (recorder.ofType("aws:costexplorer/costAllocationTag:CostAllocationTag").length > 0) return [];
  // Short lines: a note fits on one line of the 120-column table.
  return [
    "budget and anomaly monitor count only spend under activated cost allocation tags: none is activated here",
    "until Project, Environment and CostCenter are active in the account, both count nothing ($0 every month)",
    "activate them a day after the first up: credlink:account.activateCostAllocationTags on the baseline owner",
    "in an AWS Organization only the management account may activate them: do it there, and leave the key off",
  ];
}

/**
 * What the NAT instances (Auto Scaling groups named `<vpc>-nat-<n>`) mean for availability. They are off the
 * request path, so the composite above doesn't change; what they carry, and for how long a failure stops it, is stated.
 */
export function natInstanceNotes(stack: readonly { type: string; name: string }[]): string[] {
  const groups = stack.filter((r) => r.type === "aws:autoscaling/group:Group" && /-nat-\d+$/.test(r.name)).length;
  if (groups === 0) return [];
  const scope = groups > 1 ? `one per AZ (${groups}): a failure cuts that AZ's egress only` : "one for the whole VPC: a failure cuts every private subnet's egress";
  return [
    `Egress: NAT instances, ${scope}.`,
    "NAT is off the request path: ALB, tasks, RDS and ElastiCache talk inside the VPC; S3 uses its gateway endpoint.",
    "Through NAT: image pulls (ECR API), Secrets Manager at task start, CloudWatch Logs (non-blocking), X-Ray traces.",
    "A failed instance (EC2 status checks, or 3 failed forwarding checks of its own) is replaced by its Auto Scaling group: an estimated 3-6 minutes without egress (not measured).",
    "Every instance is replaced after 7 days (a current AL2023 image); the new one starts first and takes the ENI over as the old one stops.",
    "Meanwhile running tasks keep serving; tasks starting there (deployment, scale-out) fail and ECS retries them.",
  ];
}

