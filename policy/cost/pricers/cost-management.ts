/**
 * AWS Budgets and Cost Anomaly Detection (credlink:ops:CostControls): both free, each with the reason.
 * - Budgets: AWS Budgets pricing page: budgets that only notify (no budget actions) are free; action-enabled budgets
 *   are free for the first two, then $0.10 per budget-day. These budgets have no actions. (Older pricing charged
 *   $0.02 per budget-day beyond the first two budgets of an account; dev and prod are two.) Assumed free, as Infracost
 *   does.
 * - Cost Anomaly Detection: no charge for monitors, subscriptions or alerts (AWS Cost Anomaly Detection pricing:
 *   "free of charge"); SNS deliveries at this volume are within SNS's free tier.
 */
import type { Pricer } from "./types";

const free =
  (item: string, why: string): Pricer =>
  (r, ctx) =>
    ctx.push(r, item, 0, 0, `free: ${why}`, "free");

export const costManagementPricers: Readonly<Record<string, Pricer>> = {
  "aws:budgets/budget:Budget": free("AWS Budgets budget", "a budget without actions costs nothing (assumed; the first two action-enabled budgets are free too)"),
  "aws:costexplorer/anomalyMonitor:AnomalyMonitor": free("Cost Anomaly Detection monitor", "Cost Anomaly Detection is free"),
  "aws:costexplorer/anomalySubscription:AnomalySubscription": free("Cost Anomaly Detection subscription", "Cost Anomaly Detection is free (SNS deliveries within the free tier)"),
};
