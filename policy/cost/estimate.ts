/**
 * The monthly cost model: resources (type + properties) -> line items, shared by the monthly-cost-ceiling policy and
 * the offline plan, so both quote the same numbers.
 *
 * - **Baseline** cost follows from the resources' own settings (hours, provisioned sizes, counts). The ceiling policy
 *   holds it to the baseline ceiling.
 * - **Usage** cost follows from the per-stack assumptions in usage.yml. A usage figure that is not given is listed as
 *   "depends on usage: $X per unit" with no amount, and left out of the totals. The ceiling policy holds baseline +
 *   usage (the total, what the bill will say) to the total ceiling.
 * - Each type is priced by its pricer (./pricers, one per type or family, registered by type token). A type the
 *   registry has no pricer for is listed as **unpriced**, never silently $0. Types that AWS does not charge for are
 *   listed as free, with the reason.
 * - Free tiers are account-wide (first 10 alarms, 3 dashboards, 5 GB of logs): the model does not assume them, since
 *   dev and prod may share an account.
 *
 * Unknown values (during preview) never throw: the model falls back to a stated assumption.
 */
import { Amounts, sumItems, toCents } from "./money";
import { PRICE_REGION } from "./prices";
import { pricerFor } from "./pricers";
import { startPricing } from "./pricers/context";
import { priceStackUsage } from "./pricers/stack-usage";
import type { CostResource, LineItem } from "./pricers/types";
import type { Usage } from "./usage";

export type { CostResource, LineItem, LineKind } from "./pricers/types";
export { amounts, sumItems, toCents } from "./money";
export type { Amounts } from "./money";
export { inferNatGateways } from "./pricers/network";

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

export type CeilingStatus = "within" | "over" | "unknown";

/**
 * The baseline against a monthly ceiling: "unknown" as soon as one resource is unpriced (its cost is not in the
 * total, so a total under the ceiling proves nothing), else "within" or "over", compared in cents.
 */
export function ceilingStatus(estimate: Pick<Estimate, "unpriced" | "totals">, ceilingUsd: number): CeilingStatus {
  if (estimate.unpriced.length > 0) return "unknown";
  return estimate.totals.baselineCents <= toCents(ceilingUsd) ? "within" : "over";
}

/**
 * The total (baseline + usage) against a monthly ceiling: "unknown" as soon as one resource is unpriced or one usage
 * line has no figure in usage.yml (either's cost is not in the total), else "within" or "over", compared in cents.
 */
export function totalCeilingStatus(estimate: Pick<Estimate, "unpriced" | "totals" | "items">, ceilingUsd: number): CeilingStatus {
  if (estimate.unpriced.length > 0 || estimate.items.some((i) => i.kind === "usage-unknown")) return "unknown";
  return estimate.totals.totalCents <= toCents(ceilingUsd) ? "within" : "over";
}

export interface EstimateOptions {
  /** Usage assumptions (usage.yml for a stack). Without it, every usage line is "depends on usage". */
  readonly usage?: Usage;
}

/** Estimates the monthly cost of `resources`: each resource through its pricer, then the stack-wide usage lines. */
export function estimateCost(resources: readonly CostResource[], options: EstimateOptions = {}): Estimate {
  const { ctx, items, assumptions } = startPricing(resources, options.usage);
  for (const r of resources) {
    const pricer = pricerFor(r.type);
    if (pricer) pricer(r, ctx);
    else ctx.unpriced(r, "no price for this type in the model");
  }
  priceStackUsage(ctx);

  const priced = items.filter((i) => i.kind !== "unpriced");
  const byComponent = [...new Set(priced.map((i) => i.component))]
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
