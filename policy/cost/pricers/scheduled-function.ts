/**
 * A scheduled check's function (credlink:ops:ScheduledCheck): its runs are set by its EventBridge schedule, not by the
 * stack's traffic, so it is priced from the schedule beside it: the 730-hour month's runs, each billed at most its
 * timeout at its memory (Lambda bills duration per ms up to the timeout: AWS Lambda pricing page). The free tier is
 * not assumed. An upper bound: a run that answers in a second costs a thirtieth of it.
 */
import { getOr, parentUrn } from "../../lib/rules";
import { HOURS_PER_MONTH, PRICES } from "../prices";
import type { CostResource, PricerContext } from "./types";

const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";

/** `rate(N minute[s])` (EventBridge user guide, "Schedule expressions for rules"): N, else undefined. */
export function rateMinutes(expression: unknown): number | undefined {
  const m = /^rate\((\d+) minutes?\)$/.exec(String(expression ?? ""));
  return m ? Number(m[1]) : undefined;
}

/** The runs a month of the schedule that shares the function's ScheduledCheck, or undefined for any other function. */
export function scheduledRunsPerMonth(r: CostResource, ctx: PricerContext): number | undefined {
  const owner = ctx.ancestors(r).find((a) => a.type === "credlink:ops:ScheduledCheck");
  if (!owner) return undefined;
  const rule = ctx.resources.find((x) => x.type === EVENT_RULE && parentUrn(x as any) === owner.urn && rateMinutes(getOr(x.props, ["scheduleExpression"], undefined)) !== undefined);
  const minutes = rule && rateMinutes(getOr(rule.props, ["scheduleExpression"], undefined));
  return minutes === undefined ? undefined : Math.round((HOURS_PER_MONTH * 60) / minutes);
}

export function scheduledFunction(r: CostResource, ctx: PricerContext): void {
  const runs = scheduledRunsPerMonth(r, ctx) as number;
  const memoryGb = Number(getOr(r.props, ["memorySize"], 128)) / 1024;
  const timeout = Number(getOr(r.props, ["timeout"], 3));
  const requests = PRICES.lambdaPerMillionRequests;
  const compute = PRICES.lambdaArmGbSecond;
  ctx.push(r, "Lambda requests (scheduled)", (runs / 1e6) * requests.usd, 0, `${runs} runs (${HOURS_PER_MONTH} h at its schedule) x ${ctx.rate(requests)}`, "priced", undefined, [ctx.term(runs / 1e6, requests)]);
  const gbSeconds = runs * memoryGb * timeout;
  ctx.push(r, "Lambda compute (Arm, scheduled; at most)", gbSeconds * compute.usd, 0, `${runs} runs x ${memoryGb} GB x ${timeout} s (its timeout: the most a run bills) x ${ctx.rate(compute)}`, "priced", undefined, [ctx.term(gbSeconds, compute)]);
}
