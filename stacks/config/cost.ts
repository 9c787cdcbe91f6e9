/** `credlink:cost`: the cost guard rails (`credlink:ops:CostControls`). */
import { z } from "zod";

/**
 * Cost guard rails (`credlink:ops:CostControls`; see "Cost controls"). The budget's amount is not a key: it is the
 * policy pack's total ceiling (stacks/cost-ceiling.ts), so the two can't disagree.
 */
export const cost = z
  .strictObject({
    /**
     * A Cost Anomaly Detection anomaly reaches the notify topic once its total impact is at least this many USD
     * (absolute).
     * @accepts whole cents (at most two decimals)
     */
    anomalyThresholdUsd: z
      .number()
      .positive()
      .max(100000)
      .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, { error: "must be whole cents (at most two decimals)" })
      .default(20),
  })
  .prefault({});
