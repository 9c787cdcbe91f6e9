/**
 * Drives one pricer as estimateCost does: the pricer the registry holds for the resource's type, through the real
 * pricing context, with the other resources of the "stack" beside it. Lines come back as { item, kind, cents, how }.
 */
import { pricerFor } from "../../policy/cost/pricers";
import { startPricing } from "../../policy/cost/pricers/context";
import type { CostResource } from "../../policy/cost/pricers/types";
import type { Usage } from "../../policy/cost/usage";

export interface PricedLine {
  readonly item: string;
  readonly kind: string;
  readonly baselineCents: number;
  readonly usageCents: number;
  readonly how: string;
}

/** A resource of `type` named `name` (its URN from both), with `extra` (parent, propertyDependencies) as given. */
export const res = (type: string, name: string, props: Record<string, any> = {}, extra: Partial<CostResource> = {}): CostResource => ({
  type,
  name,
  urn: `urn:pulumi:test::credlink::${type}::${name}`,
  props,
  ...extra,
});

/** Prices `r` with its registered pricer; `others` are the rest of the stack (what it may refer to). */
export function price(r: CostResource, options: { readonly others?: readonly CostResource[]; readonly usage?: Usage } = {}): { lines: PricedLine[]; assumptions: readonly string[] } {
  const pricer = pricerFor(r.type);
  if (!pricer) throw new Error(`no pricer is registered for ${r.type}`);
  const { ctx, items, assumptions } = startPricing([r, ...(options.others ?? [])], options.usage);
  pricer(r, ctx);
  return { lines: items.map(({ item, kind, baselineCents, usageCents, how }) => ({ item, kind, baselineCents, usageCents, how })), assumptions };
}

/** The lines of `r` alone (no other resources, no usage). */
export const linesOf = (r: CostResource, options: Parameters<typeof price>[1] = {}): PricedLine[] => price(r, options).lines;

/** A baseline line. */
export const baseline = (item: string, cents: number, how: string): PricedLine => ({ item, kind: "priced", baselineCents: cents, usageCents: 0, how });
/** A priced usage line. */
export const usageOf = (item: string, cents: number, how: string): PricedLine => ({ item, kind: "priced", baselineCents: 0, usageCents: cents, how });
/** A line that costs nothing. */
export const freeLine = (item: string, how: string): PricedLine => ({ item, kind: "free", baselineCents: 0, usageCents: 0, how });
/** A usage line without its figure in usage.yml. */
export const unknownUsage = (item: string, how: string): PricedLine => ({ item, kind: "usage-unknown", baselineCents: 0, usageCents: 0, how });
/** An unpriced line. */
export const unpricedLine = (how: string): PricedLine => ({ item: "unpriced", kind: "unpriced", baselineCents: 0, usageCents: 0, how });

/** The public IPv4 rate as a line's `how` writes it. */
export const IPV4 = "$0.005/public IPv4 address-hour (in use or idle)";
