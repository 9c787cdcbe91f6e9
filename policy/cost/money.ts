/**
 * Money in the cost model: whole cents, rounded once per line item, so every sum (a component, the stack, a table's
 * TOTAL row) adds the cents its rows show.
 */
import type { Price } from "./prices";

/** Monthly amounts in whole cents, and the same in USD (cents / 100). */
export interface Amounts {
  readonly baselineCents: number;
  readonly usageCents: number;
  readonly totalCents: number;
  readonly baselineUsd: number;
  readonly usageUsd: number;
  readonly totalUsd: number;
}

export function amounts(baselineCents: number, usageCents: number): Amounts {
  const totalCents = baselineCents + usageCents;
  return { baselineCents, usageCents, totalCents, baselineUsd: baselineCents / 100, usageUsd: usageCents / 100, totalUsd: totalCents / 100 };
}

/** Sums line items in cents. */
export function sumItems(items: readonly { readonly baselineCents: number; readonly usageCents: number }[]): Amounts {
  const baselineCents = items.reduce((a, i) => a + i.baselineCents, 0);
  const usageCents = items.reduce((a, i) => a + i.usageCents, 0);
  return amounts(baselineCents, usageCents);
}

/** Whole cents of a USD amount (half a cent rounds up). */
export const toCents = (usd: number): number => Math.round(Math.round(usd * 1e6) / 1e4);

/** "$0.045/NAT gateway-hour": a price as a line item's `how` writes it. */
export const rate = (price: Price): string => `$${price.usd}/${price.unit}`;
