/**
 * Cost, availability and policy verdicts (issue 5), from the same code the policy pack runs: the cost model in
 * policy/cost and every policy in policy/policies, driven as the analyzer server drives them (tools/offline/policy.ts).
 * The stack's policy config is policy/config/<stack>.json; its usage assumptions are policy/cost/usage.yml.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { compositeAvailability } from "../../../policy/cost/availability";
import { estimateCost, LineItem } from "../../../policy/cost/estimate";
import { HOURS_PER_MONTH, PRICE_REGION } from "../../../policy/cost/prices";
import { loadUsage, USAGE_FILE } from "../../../policy/cost/usage";
import { analyzeRecorder, POLICY_DIR, reconcile } from "../../offline/policy";
import { ALL_POLICIES } from "../../../policy/policies";
import { ReportSection } from "../report";
import { SectionBuilder, SectionContext } from "./types";

export const usd = (n: number): string => `$${n.toFixed(2)}`;
const rel = (file: string) => path.relative(process.cwd(), file) || file;

/** The stack's policy config file, or undefined when the stack has none (the code's default levels then apply). */
function policyConfigFile(stack: string): string | undefined {
  const file = path.join(POLICY_DIR, "config", `${stack}.json`);
  return fs.existsSync(file) ? file : undefined;
}

async function analyze(ctx: SectionContext) {
  const file = policyConfigFile(ctx.stack);
  const config = file ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  const analysis = await analyzeRecorder(ctx.recorder, ctx.propertyDependencies ?? new Map(), config);
  return { analysis, file, effective: reconcile(ALL_POLICIES, config) };
}

export const costAndPolicy: SectionBuilder = async (ctx) => {
  const { analysis, file, effective } = await analyze(ctx);
  const usage = loadUsage(ctx.stack);
  const estimate = estimateCost(analysis.stack, { usage });
  const ceiling = effective.get("monthly-cost-within-ceiling")?.properties.ceilingUsd as number | undefined;
  const sections: ReportSection[] = [];
  const warnings: string[] = [];

  const totalRow = ["TOTAL", usd(estimate.totals.baselineUsd), usd(estimate.totals.usageUsd), usd(estimate.totals.totalUsd)];
  sections.push({
    id: "cost-by-component",
    title: `Monthly cost by component (USD, ${PRICE_REGION} list prices, ${HOURS_PER_MONTH} h)`,
    columns: ["COMPONENT", "BASELINE", "USAGE", "TOTAL"],
    rows: [...estimate.byComponent.map((c) => [c.component, usd(c.baselineUsd), usd(c.usageUsd), usd(c.totalUsd)]), totalRow],
    summary: `Baseline ${usd(estimate.totals.baselineUsd)}/month${ceiling !== undefined ? ` (ceiling ${usd(ceiling)}: ${estimate.totals.baselineUsd <= ceiling ? "within" : "EXCEEDED"})` : ""}, usage ${usd(estimate.totals.usageUsd)}, total ${usd(estimate.totals.totalUsd)}`,
    notes: [
      `baseline = hours, sizes and counts of the resources; usage = ${rel(USAGE_FILE)} (${ctx.stack}); prices and sources: policy/cost/prices.ts`,
      ...estimate.assumptions.map((a) => `assumed: ${a}`),
    ],
  });

  const shown = (i: LineItem) => i.kind === "priced" || i.kind === "usage-unknown";
  const free = estimate.items.filter((i) => i.kind === "free");
  sections.push({
    id: "cost-by-resource",
    title: "Monthly cost by resource",
    columns: ["COMPONENT", "RESOURCE", "ITEM", "BASELINE", "USAGE", "HOW"],
    rows: estimate.items.filter(shown).map((i) => [i.component, i.resource, i.item, usd(i.baselineUsd), i.kind === "usage-unknown" ? "-" : usd(i.usageUsd), i.how]),
    notes: [
      `${free.length} resource(s) cost nothing themselves (IAM, security groups, subnet groups, configuration resources...)`,
      ...(estimate.unpriced.length ? [`UNPRICED, not in the totals: ${estimate.unpriced.map((i) => `${i.type} ${i.resource} (${i.how})`).join("; ")}`] : []),
    ],
    detail: true,
  });
  if (estimate.unpriced.length) warnings.push(`${estimate.unpriced.length} resource(s) have no price in the cost model and are not in the totals: ${estimate.unpriced.map((i) => i.resource).join(", ")}`);

  const availability = compositeAvailability(analysis.stack);
  sections.push({
    id: "availability",
    title: "Composite availability of the request path (serial: ALB x Fargate x RDS x ElastiCache)",
    columns: ["TIER", "RESOURCE", "SLA", "WHY"],
    rows: availability.tiers.map((t) => [t.tier, t.resource, `${t.slaPct}%`, t.why]),
    summary: availability.compositePct === undefined ? "No tier of the request path exists yet" : `Composite availability: ${availability.compositePct.toFixed(2)}%${availability.missing.length ? ` (without ${availability.missing.join(", ")}: not in the stack yet)` : ""}`,
    notes: [`SLAs: ${availability.source}; S3 (99.9%) holds proofs off the request path, Route 53 is 100%`],
  });

  const levelOrder = { mandatory: 0, advisory: 1, remediate: 2, disabled: 3 } as const;
  const verdicts = [...analysis.diagnostics].sort((a, b) => levelOrder[a.enforcementLevel] - levelOrder[b.enforcementLevel]);
  const nameOf = (urn?: string) => (urn ? ctx.recorder.byUrnOf(urn)?.name ?? urn.split("::").pop() ?? urn : "(stack)");
  const mandatory = verdicts.filter((d) => d.enforcementLevel === "mandatory");
  sections.push({
    id: "policy",
    title: `Policy verdicts (pack "credlink", ${file ? rel(file) : "no policy config: the policies' default levels"})`,
    columns: ["POLICY", "RESOURCE", "LEVEL", "MESSAGE"],
    rows: verdicts.map((d) => [d.policyName, nameOf(d.urn), d.enforcementLevel, d.message]),
    summary: `${ALL_POLICIES.length} policies: ${mandatory.length} mandatory violation(s), ${verdicts.length - mandatory.length} advisory`,
  });

  return {
    sections,
    warnings,
    failures: mandatory.map((d) => `policy ${d.policyName} (mandatory) on ${nameOf(d.urn)}: ${d.message}`),
  };
};
