/**
 * The shapes the pricers and the estimator share. A pricer turns one resource into named cost lines, the way Infracost
 * keeps one file per resource type (internal/resources/aws/<type>.go). Each family of pricers lives beside this file
 * and is registered by type token in ./index.ts; estimateCost looks a type up there, and a type nobody registered is
 * a lookup miss: an "unpriced" line, never a silent $0.
 *
 * Types only: this file imports nothing that runs, so every pricer and the estimator can depend on it.
 */
import type { Usage } from "../usage";
import type { Price } from "../prices";

/** A resource as the model needs it: the shape of a PolicyResource, with parent/dependencies as URNs or objects. */
export interface CostResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, any>;
  /** Parent URN, or the parent PolicyResource. */
  readonly parent?: string | { readonly urn: string };
  readonly opts?: { readonly parent?: string };
  /** Property -> the URNs (or resources) it depends on. */
  readonly propertyDependencies?: Readonly<Record<string, readonly (string | { readonly urn: string })[]>>;
}

export type LineKind = "priced" | "free" | "unpriced" | "usage-unknown";

/**
 * One quantity at one price that a line is made of: "2 x 730 NAT gateway-hours at $0.045". A line's amount is the sum
 * of its terms' quantity x unit price, rounded to cents once. A usage line whose quantity usage.yml doesn't give has
 * a null quantity; free and unpriced lines have no terms.
 */
export interface CostTerm {
  readonly quantity: number | null;
  /** What one of `quantity` is: "NAT gateway-hour", "GB-month", "alarm metric-month". */
  readonly unit: string;
  readonly unitPriceUsd: number;
}

export interface LineItem {
  /** The resource's logical name, or "(stack)" for stack-wide usage. */
  readonly resource: string;
  readonly type: string;
  readonly urn?: string;
  /** The nearest CredLink component the resource belongs to, e.g. "Network credlink-prod". */
  readonly component: string;
  /** What the line is, e.g. "NAT gateway hours". */
  readonly item: string;
  /** Whole cents, rounded once per line: every sum below adds these, so a table's rows add up to its total. */
  readonly baselineCents: number;
  readonly usageCents: number;
  readonly totalCents: number;
  /** The same amounts in USD (cents / 100). */
  readonly baselineUsd: number;
  readonly usageUsd: number;
  readonly monthlyUsd: number;
  /** How it was computed, e.g. "730 h x $0.045/h". */
  readonly how: string;
  readonly kind: LineKind;
  /** The quantities and unit prices the amount is made of (see CostTerm). */
  readonly terms: readonly CostTerm[];
}

export interface PricerContext {
  /** Every resource of the stack (for lookups such as "which task definition does this service run"). */
  readonly resources: readonly CostResource[];
  /** Usage assumptions for the stack (usage.yml), or undefined when none were given. */
  readonly usage: Usage | undefined;
  /**
   * Adds a line: baseline and usage in USD (rounded to cents once, here), how it was computed, and the terms the amount
   * is made of (required for a priced line: tests/plan-cost.test.ts checks that they add up to it).
   */
  push(r: CostResource | undefined, item: string, baselineUsd: number, usageUsd: number, how: string, kind?: LineKind, type?: string, terms?: readonly CostTerm[]): void;
  /** A term of `quantity` units at `price` (its unit and USD). */
  term(quantity: number | null, price: Price): CostTerm;
  /** A baseline line for `count` things billed per hour, for the 730-hour month. */
  hourly(r: CostResource, item: string, count: number, price: Price, note?: string): void;
  /** A usage line: priced when `quantity` is given, else listed as "depends on usage" and left out of the totals. */
  usageLine(r: CostResource | undefined, item: string, quantity: number | undefined, unitLabel: string, price: Price, type?: string): void;
  /** Lists the resource as unpriced, with the reason (the ceiling becomes "unknown"). */
  unpriced(r: CostResource, reason: string): void;
  /** The resource of `type` that `r.props[prop]` refers to (by property dependency, or a matching arn/id/name). */
  referenced(r: CostResource, prop: string, type: string): CostResource | undefined;
  /** The resource's parent, its parent's parent, and so on, nearest first (those in the stack). */
  ancestors(r: CostResource): readonly CostResource[];
  /** Records an assumption the model had to make (a value missing or unknown). */
  assume(text: string): void;
  /** "$0.045/NAT gateway-hour": a price as the `how` column writes it. */
  rate(price: Price): string;
}

/** Prices one resource through `ctx`. */
export type Pricer = (r: CostResource, ctx: PricerContext) => void;
