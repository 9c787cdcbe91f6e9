/**
 * The pricer registry: type token -> pricer. Each family file exports a `Record<string, Pricer>`; add it to the spread
 * below. A type registered here is priced by its pricer and by nothing else (estimateCost checks the registry first).
 */
import type { Pricer } from "./types";
import { COST_MANAGEMENT_PRICERS } from "./cost-management"; // issue 14 (cost controls)
// CI/CD (issue 13)
import { CICD_PRICERS } from "./cicd";
import { recoveryPricers } from "./recovery";
import { ec2Pricers } from "./ec2";
import { edgePricers } from "./edge";
import { cloudflarePricers } from "./cloudflare";

export type { Pricer, PricerContext } from "./types";

export const PRICERS: Readonly<Record<string, Pricer>> = {
  ...COST_MANAGEMENT_PRICERS,
  // CI/CD (issue 13)
  ...CICD_PRICERS,
  ...recoveryPricers,
  ...ec2Pricers,
  ...edgePricers,
  // Issue 16, the Cloudflare option.
  ...cloudflarePricers,
};
