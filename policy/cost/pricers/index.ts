/**
 * The pricer registry: type token -> pricer. Each family file exports a `Record<string, Pricer>`; add it to the spread
 * below. A type registered here is priced by its pricer and by nothing else (estimateCost checks the registry first).
 */
import type { Pricer } from "./types";
import { cloudflarePricers } from "./cloudflare";

export type { Pricer, PricerContext } from "./types";

export const PRICERS: Readonly<Record<string, Pricer>> = {
  // Issue 16, the Cloudflare option.
  ...cloudflarePricers,
};
