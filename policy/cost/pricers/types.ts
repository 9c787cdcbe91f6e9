/**
 * A pricer turns one resource into named cost lines, the way Infracost keeps one file per resource type
 * (internal/resources/aws/<type>.go). Families of pricers live beside this file (one file per AWS service family) and
 * are registered by type token in ./index.ts; estimateCost consults the registry before its built-in cases, so an
 * unregistered, unknown type stays an "unpriced" line instead of a silent $0.
 */
import type { Usage } from "../usage";
import type { Price } from "../prices";
import type { CostResource, LineKind } from "../estimate";

export interface PricerContext {
  /** Every resource of the stack (for lookups such as "which task definition does this service run"). */
  readonly resources: readonly CostResource[];
  /** Usage assumptions for the stack (usage.yml), or undefined when none were given. */
  readonly usage: Usage | undefined;
  /** Adds a line: baseline and usage in USD (rounded to cents once, here), and how it was computed. */
  push(r: CostResource | undefined, item: string, baselineUsd: number, usageUsd: number, how: string, kind?: LineKind, type?: string): void;
  /** A baseline line for `count` things billed per hour, for the 730-hour month. */
  hourly(r: CostResource, item: string, count: number, price: Price, note?: string): void;
  /** A usage line: priced when `quantity` is given, else listed as "depends on usage" and left out of the totals. */
  usageLine(r: CostResource | undefined, item: string, quantity: number | undefined, unitLabel: string, price: Price, type?: string): void;
  /** Lists the resource as unpriced, with the reason (the ceiling becomes "unknown"). */
  unpriced(r: CostResource, reason: string): void;
  /** The resource of `type` that `r.props[prop]` refers to (by property dependency, or a matching arn/id/name). */
  referenced(r: CostResource, prop: string, type: string): CostResource | undefined;
  /** Records an assumption the model had to make (a value missing or unknown). */
  assume(text: string): void;
  /** "$0.045/NAT gateway-hour": a price as the `how` column writes it. */
  rate(price: Price): string;
}

/** Prices one resource through `ctx`. */
export type Pricer = (r: CostResource, ctx: PricerContext) => void;
