/**
 * The context the pricers price through, for one estimate: it turns (resource, item, USD, how) into line items, each
 * rounded to whole cents once, names the CredLink component each line belongs to, resolves references between the
 * stack's resources, and collects the assumptions the pricers had to make.
 */
import { parentUrn, tryGet } from "../../lib/rules";
import { rate, toCents } from "../money";
import { HOURS_PER_MONTH } from "../prices";
import type { Usage } from "../usage";
import type { CostResource, CostTerm, LineItem, LineKind, PricerContext } from "./types";

export interface Pricing {
  readonly ctx: PricerContext;
  /** Every line the pricers added, in order. */
  readonly items: readonly LineItem[];
  readonly assumptions: readonly string[];
}

const H = HOURS_PER_MONTH;

/** A fresh context over `resources`, priced with `usage` (usage.yml for a stack; undefined: every usage line "depends on usage"). */
export function startPricing(resources: readonly CostResource[], usage: Usage | undefined): Pricing {
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
  const depsOf = (r: CostResource, prop: string): string[] => (r.propertyDependencies?.[prop] ?? []).map((d) => (typeof d === "string" ? d : d.urn));
  const referenced = (r: CostResource, prop: string, type: string): CostResource | undefined => {
    const byDep = depsOf(r, prop).map((u) => byUrn.get(u)).find((d) => d?.type === type);
    if (byDep) return byDep;
    const value = tryGet(r.props, prop);
    if (!value.known || !value.value) return undefined;
    return resources.find(
      (c) => c.type === type && ["arn", "id", "name", "family"].some((k) => { const g = tryGet(c.props, k); return g.known && g.value === value.value; }),
    );
  };

  const push = (r: CostResource | undefined, item: string, baselineUsd: number, usageUsd: number, how: string, kind: LineKind = "priced", type?: string, terms: readonly CostTerm[] = []) => {
    const [baselineCents, usageCents] = [toCents(baselineUsd), toCents(usageUsd)];
    items.push({
      resource: r?.name ?? "(stack)",
      type: r?.type ?? type ?? "(usage)",
      urn: r?.urn,
      component: r ? componentOf(r) : "(stack usage)",
      item,
      baselineCents,
      usageCents,
      totalCents: baselineCents + usageCents,
      baselineUsd: baselineCents / 100,
      usageUsd: usageCents / 100,
      monthlyUsd: (baselineCents + usageCents) / 100,
      how,
      kind,
      terms,
    });
  };
  const term = (quantity: number | null, price: { readonly usd: number; readonly unit: string }): CostTerm => ({ quantity, unit: price.unit, unitPriceUsd: price.usd });

  const ctx: PricerContext = {
    resources,
    usage,
    push,
    term,
    hourly: (r, item, count, price, note = "") => push(r, item, count * H * price.usd, 0, `${count > 1 ? `${count} x ` : ""}${H} h x ${rate(price)}${note}`, "priced", undefined, [term(count * H, price)]),
    usageLine: (r, item, quantity, unitLabel, price, type) => {
      if (quantity === undefined) push(r, item, 0, 0, `depends on usage: ${rate(price)} (no ${unitLabel} in usage.yml)`, "usage-unknown", type, [term(null, price)]);
      else push(r, item, 0, quantity * price.usd, `${quantity} ${unitLabel} x ${rate(price)}`, "priced", type, [term(quantity, price)]);
    },
    unpriced: (r, reason) => push(r, "unpriced", 0, 0, reason, "unpriced"),
    referenced,
    ancestors,
    assume: (text) => assumptions.push(text),
    rate,
  };
  return { ctx, items, assumptions };
}
