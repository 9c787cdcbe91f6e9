/** Route 53: hosted zones and health checks (queries are a stack-wide usage line). */
import { getOr } from "../../lib/rules";
import { T } from "../../lib/types";
import { PRICES } from "../prices";
import type { Pricer } from "./types";

/**
 * Route 53 bills the AWS-endpoint rate only for endpoints it recognises as AWS resources of the same account. An
 * endpoint health check (IP or domain name) can't be proven to be one offline, so it is priced at the non-AWS rate:
 * the higher of the two. Metric and calculated checks have no endpoint: the AWS rate, no features.
 */
const healthCheck: Pricer = (r, ctx) => {
  const type = String(getOr(r.props, ["type"], "HTTP"));
  const endpoint = type !== "CLOUDWATCH_METRIC" && type !== "CALCULATED" && type !== "RECOVERY_CONTROL";
  const price = endpoint ? PRICES.route53HealthCheckOtherMonth : PRICES.route53HealthCheckAwsMonth;
  ctx.push(r, `Route 53 health check (${type})`, price.usd, 0, `${ctx.rate(price)}${endpoint ? "; priced as a non-AWS endpoint (the higher rate)" : ""}`, "priced", undefined, [ctx.term(1, price)]);
  if (!endpoint) return;
  const features = [
    type.startsWith("HTTPS") ? "HTTPS" : undefined,
    type.endsWith("_STR_MATCH") ? "string matching" : undefined,
    Number(getOr(r.props, ["requestInterval"], 30)) < 30 ? "fast interval" : undefined,
    getOr(r.props, ["measureLatency"], false) === true ? "latency measurement" : undefined,
  ].filter((f): f is string => f !== undefined);
  const feature = PRICES.route53HealthCheckFeatureOtherMonth;
  for (const f of features) ctx.push(r, `Route 53 health check optional feature: ${f}`, feature.usd, 0, `${ctx.rate(feature)}`, "priced", undefined, [ctx.term(1, feature)]);
};

export const route53Pricers: Readonly<Record<string, Pricer>> = {
  [T.route53Zone]: (r, ctx) => ctx.push(r, "Route 53 hosted zone", PRICES.route53ZoneMonth.usd, 0, ctx.rate(PRICES.route53ZoneMonth), "priced", undefined, [ctx.term(1, PRICES.route53ZoneMonth)]),
  [T.route53HealthCheck]: healthCheck,
};
