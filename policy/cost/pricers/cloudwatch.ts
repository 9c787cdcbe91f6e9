/**
 * CloudWatch: dashboards, alarms (per metric; high resolution below a 60 s period), composite alarms, the two alarms
 * Application Auto Scaling creates for each target-tracking policy, and log groups (their cost is the stack's
 * ingestion and storage usage lines). The account's free tier (10 alarms, 3 dashboards) is not assumed: dev and prod
 * may share an account.
 */
import { getOr } from "../../lib/rules";
import { T } from "../../lib/types";
import { PRICES } from "../prices";
import type { Pricer } from "./types";

const metricAlarm: Pricer = (r, ctx) => {
  const queries = getOr<any[]>(r.props, ["metricQueries"], []);
  const metrics = Math.max(1, queries.filter((q) => getOr(q, ["metric"], undefined) !== undefined).length);
  const period = Number(getOr(r.props, ["period"], 60));
  const price = period < 60 ? PRICES.cloudwatchHighResAlarmMonth : PRICES.cloudwatchAlarmMonth;
  ctx.push(r, `CloudWatch alarm (${metrics} metric${metrics === 1 ? "" : "s"})`, metrics * price.usd, 0, `${metrics} x ${ctx.rate(price)}; account free tier not assumed`, "priced", undefined, [ctx.term(metrics, price)]);
};

const scalingPolicy: Pricer = (r, ctx) => {
  if (getOr(r.props, ["policyType"], "StepScaling") !== "TargetTrackingScaling") return ctx.push(r, "scaling policy", 0, 0, "free: step scaling uses alarms defined (and priced) separately", "free");
  const price = PRICES.cloudwatchAlarmMonth;
  ctx.push(r, "CloudWatch alarms target tracking creates (2)", 2 * price.usd, 0, `2 x ${ctx.rate(price)} (high and low alarm, created by Application Auto Scaling)`, "priced", undefined, [ctx.term(2, price)]);
};

export const cloudwatchPricers: Readonly<Record<string, Pricer>> = {
  [T.dashboard]: (r, ctx) => ctx.push(r, "CloudWatch dashboard", PRICES.cloudwatchDashboardMonth.usd, 0, `${ctx.rate(PRICES.cloudwatchDashboardMonth)}; account free tier not assumed`, "priced", undefined, [ctx.term(1, PRICES.cloudwatchDashboardMonth)]),
  [T.compositeAlarm]: (r, ctx) => ctx.push(r, "CloudWatch composite alarm", PRICES.cloudwatchCompositeAlarmMonth.usd, 0, `${ctx.rate(PRICES.cloudwatchCompositeAlarmMonth)}; no free tier`, "priced", undefined, [ctx.term(1, PRICES.cloudwatchCompositeAlarmMonth)]),
  [T.metricAlarm]: metricAlarm,
  [T.logGroup]: (r, ctx) => ctx.push(r, "log group", 0, 0, "charged by ingestion and storage: see the stack's CloudWatch Logs usage line", "free"),
  "aws:appautoscaling/policy:Policy": scalingPolicy,
};
