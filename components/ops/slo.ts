import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * A burn-rate window pair of the SRE workbook's multi-window, multi-burn-rate alerting ("Alerting on SLOs", table 5-8):
 * the long window proves the budget is really burning, the short one that it still is (so the alert resets quickly).
 * A single window (`short` absent) alarms on its own.
 */
export interface BurnRateRule {
  /** Name part of the alarms: `<name>-burn-<id>-<window>`. */
  readonly id: string;
  /** How many times faster than "exactly the budget in 30 days" the budget burns. */
  readonly burnRate: number;
  /** The long window, seconds. */
  readonly longWindowSeconds: number;
  /** The short window, seconds; absent: one window alone. */
  readonly shortWindowSeconds?: number;
  /** Who hears it. */
  readonly severity: "page" | "notify";
  /** What a reader learns from it. */
  readonly meaning: string;
}

/**
 * The workbook's three rules for a 30-day budget:
 * - fast: 14.4x over 1 h and 5 min (2% of the month's budget in an hour: gone in about 2 days) -> page;
 * - slow: 6x over 6 h and 30 min (5% in 6 hours: gone in 5 days) -> page;
 * - slower: 1x over 3 days (10% in 3 days: the month's budget is being spent exactly) -> notify.
 * The 3-day window is one 3-day period: PutMetricAlarm allows Period x EvaluationPeriods up to 604,800 s (7 days) for
 * periods of an hour or more (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
 */
export const BURN_RATE_RULES: readonly BurnRateRule[] = [
  { id: "fast", burnRate: 14.4, longWindowSeconds: 3600, shortWindowSeconds: 300, severity: "page", meaning: "2% of the monthly error budget spent in 1 hour: at this rate it is gone in about 2 days" },
  { id: "slow", burnRate: 6, longWindowSeconds: 21600, shortWindowSeconds: 1800, severity: "page", meaning: "5% of the monthly error budget spent in 6 hours: at this rate it is gone in 5 days" },
  { id: "3d", burnRate: 1, longWindowSeconds: 259200, severity: "notify", meaning: "10% of the monthly error budget spent in 3 days: on course to spend exactly all of it this month" },
];

/** Minutes of total outage the objective allows in a month of 730 hours (the cost model's month): 99.9% -> 43.8. */
export function errorBudgetMinutes(targetPercent: number, monthMinutes = 730 * 60): number {
  return Math.round((1 - targetPercent / 100) * monthMinutes * 10) / 10;
}

export interface SloArgs {
  /** The ALB's `app/<name>/<id>`: the SLI is measured at the load balancer, where users meet the service. */
  readonly loadBalancerArnSuffix: pulumi.Input<string>;
  /** The topic that pages (the composite "service degraded" alarm). */
  readonly pageTopicArn: pulumi.Input<string>;
  /** The topic read during working hours (the individual window alarms, the 3-day burn). */
  readonly notifyTopicArn: pulumi.Input<string>;
  /** Availability objective, percent of good requests, 90-99.99. @default 99.9 */
  readonly targetPercent?: number;
  /** A request slower than this at the target counts as bad, 1-60000 ms. @default 500 */
  readonly latencyThresholdMs?: number;
  /**
   * Alarms that mean users fail now (the deployment 5xx-rate alarm) and so also raise "service degraded".
   * @default []
   */
  readonly alsoPageOn?: pulumi.Input<pulumi.Input<string>[]>;
  /** Where the runbooks live: a repository path or a URL base; `<base>/<alarm>.md`. @default "docs/runbooks" */
  readonly runbookBase?: string;
}

export type ResolvedSloArgs = Required<Omit<SloArgs, "alsoPageOn">> & { readonly alsoPageOn: pulumi.Input<pulumi.Input<string>[]> };

/** Applies the documented defaults. The single place they live. */
export function resolveSloArgs(args: SloArgs): ResolvedSloArgs {
  return {
    ...args,
    targetPercent: args.targetPercent ?? 99.9,
    latencyThresholdMs: args.latencyThresholdMs ?? 500,
    alsoPageOn: args.alsoPageOn ?? [],
    runbookBase: args.runbookBase ?? "docs/runbooks",
  };
}

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateSloArgs(args: Pick<ResolvedSloArgs, "targetPercent" | "latencyThresholdMs" | "runbookBase">): void {
  if (!Number.isFinite(args.targetPercent) || args.targetPercent < 90 || args.targetPercent > 99.99) {
    throw new Error(`targetPercent must be a number from 90 to 99.99 (percent of good requests), got ${args.targetPercent}`);
  }
  if (!Number.isInteger(args.latencyThresholdMs) || args.latencyThresholdMs < 1 || args.latencyThresholdMs > 60000) {
    throw new Error(`latencyThresholdMs must be an integer from 1 to 60000, got ${args.latencyThresholdMs}`);
  }
  // The base ends up inside alarm descriptions; keep it to URL/path characters and no trailing slash.
  if (!/^[A-Za-z0-9:/._~%+-]+$/.test(args.runbookBase) || args.runbookBase.endsWith("/")) {
    throw new Error(`runbookBase must be a repository path or a URL without a trailing "/" (letters, digits and :/._~%+-), got "${args.runbookBase}"`);
  }
}

/** The alarm threshold for a burn rate: the bad-request percentage that spends the budget `burnRate` times too fast. */
export function burnRateThresholdPercent(burnRate: number, targetPercent: number): number {
  return Math.round(burnRate * (100 - targetPercent) * 1e6) / 1e6;
}

/** A window as a name part: 300 -> "5m", 3600 -> "1h", 259200 -> "3d". */
export function windowName(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  return `${seconds / 60}m`;
}

/**
 * The SLI's inputs, by the query ids its expressions use: all of the load balancer's requests, and the three kinds of
 * bad request (target 5xx, load balancer 5xx, requests slower than the threshold). "Slow" is the trimmed count
 * `TC(<threshold s>:)` of TargetResponseTime: the number of requests whose response took longer than the threshold
 * (CloudWatch statistics definitions, "Trimmed count"). The alarms and the dashboard both read these.
 */
export function sliMetrics(latencyThresholdMs: number): { id: string; metricName: string; stat: string; label: string }[] {
  return [
    { id: "requests", metricName: "RequestCount", stat: "Sum", label: "requests" },
    { id: "target5xx", metricName: "HTTPCode_Target_5XX_Count", stat: "Sum", label: "target 5xx" },
    { id: "elb5xx", metricName: "HTTPCode_ELB_5XX_Count", stat: "Sum", label: "ELB 5xx" },
    { id: "slow", metricName: "TargetResponseTime", stat: `TC(${latencyThresholdMs / 1000}:)`, label: `slower than ${latencyThresholdMs} ms` },
  ];
}

/** The bad requests, over `sliMetrics`' query ids. A slow 5xx counts twice: the SLI errs toward alarming. */
export const SLI_BAD_REQUESTS = "FILL(target5xx, 0) + FILL(elb5xx, 0) + FILL(slow, 0)";

/**
 * The SLI as a percentage of bad requests, capped at 100, over `sliMetrics`' query ids. The cap is an IF, not
 * `MIN([100, ...])`: CloudWatch's MIN over an array takes time series (metric math syntax and functions,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html), and a scalar in that array
 * is not in its grammar. tests/metric-math.test.ts parses every expression the program registers.
 */
export const SLI_BAD_PERCENT = `IF(requests > 0, IF((${SLI_BAD_REQUESTS}) >= requests, 100, 100 * (${SLI_BAD_REQUESTS}) / requests), 0)`;

/**
 * The SLI's metric queries for one window: bad requests as a percentage of all requests, over one period of
 * `windowSeconds`, for the whole load balancer.
 */
export function sliQueries(loadBalancerArnSuffix: pulumi.Input<string>, windowSeconds: number, latencyThresholdMs: number) {
  const dimensions = { LoadBalancer: loadBalancerArnSuffix };
  return [
    ...sliMetrics(latencyThresholdMs).map(({ id, metricName, stat }) => ({
      id,
      returnData: false,
      metric: { namespace: "AWS/ApplicationELB", metricName, stat, period: windowSeconds, dimensions },
    })),
    { id: "badPercent", label: "Bad requests (% of all: 5xx or slow)", returnData: true, expression: SLI_BAD_PERCENT },
  ];
}

/**
 * The availability SLO of the request path, measured at the load balancer: good requests (not 5xx, under the latency
 * threshold) over all requests, with multi-window burn-rate alarms (SRE workbook) and one composite alarm,
 * "service degraded", that pages. The individual window alarms notify: each on its own is not yet worth waking
 * anyone; the pairs (long AND short window) and the deployment 5xx-rate alarm raise "service degraded".
 */
export class Slo extends pulumi.ComponentResource {
  /** The composite alarm that pages. */
  public readonly serviceDegradedAlarmName: pulumi.Output<string>;
  public readonly serviceDegradedAlarmArn: pulumi.Output<string>;
  /** Every alarm this component made, by role (`burn-fast-1h`, `fast`, `service-degraded`, ...). */
  public readonly alarmNames: pulumi.Output<Record<string, string>>;
  public readonly targetPercent: number;
  public readonly errorBudgetMinutes: number;

  constructor(name: string, args: SloArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:ops:Slo", name, {}, opts);
    const resolved = resolveSloArgs(args);
    validateSloArgs(resolved);
    const runbook = (alarm: string) => `${resolved.runbookBase}/${alarm}.md`;

    const names: Record<string, pulumi.Output<string>> = {};
    const pagingRules: pulumi.Output<string>[] = [];
    for (const rule of BURN_RATE_RULES) {
      const windows = [rule.longWindowSeconds, ...(rule.shortWindowSeconds ? [rule.shortWindowSeconds] : [])];
      const alarms = windows.map((seconds) => {
        const role = `burn-${rule.id}-${windowName(seconds)}`;
        const threshold = burnRateThresholdPercent(rule.burnRate, resolved.targetPercent);
        const alarm = new aws.cloudwatch.MetricAlarm(
          `${name}-${role}`,
          {
            alarmDescription: `CredLink ${name}: more than ${threshold}% of requests bad (5xx or slower than ${resolved.latencyThresholdMs} ms) over ${windowName(seconds)}: the ${resolved.targetPercent}% SLO's error budget burns ${rule.burnRate}x. ${rule.meaning}. Runbook: ${runbook(rule.severity === "page" ? `slo-${rule.id}-burn` : "slo-budget-burn")}`,
            comparisonOperator: "GreaterThanThreshold",
            threshold,
            evaluationPeriods: 1,
            datapointsToAlarm: 1,
            // No traffic spends no budget.
            treatMissingData: "notBreaching",
            metricQueries: sliQueries(resolved.loadBalancerArnSuffix, seconds, resolved.latencyThresholdMs),
            alarmActions: [resolved.notifyTopicArn],
            okActions: [resolved.notifyTopicArn],
          },
          { parent: this },
        );
        names[role] = alarm.name;
        return alarm;
      });
      if (alarms.length === 2) {
        // Both windows at once: the long one proves it is real, the short one that it is still happening.
        const composite = new aws.cloudwatch.CompositeAlarm(
          `${name}-${rule.id}-burn`,
          {
            alarmName: `${name}-${rule.id}-burn`,
            alarmDescription: `CredLink ${name}: the error budget burns ${rule.burnRate}x over ${windowName(rule.longWindowSeconds)} and ${windowName(rule.shortWindowSeconds!)}. ${rule.meaning}. Raises service-degraded. Runbook: ${runbook(`slo-${rule.id}-burn`)}`,
            alarmRule: pulumi.interpolate`ALARM("${alarms[0].name}") AND ALARM("${alarms[1].name}")`,
            actionsEnabled: true,
            alarmActions: [resolved.notifyTopicArn],
            okActions: [resolved.notifyTopicArn],
          },
          { parent: this },
        );
        names[rule.id] = composite.alarmName;
        if (rule.severity === "page") pagingRules.push(composite.alarmName);
      }
    }

    const degradedRule = pulumi
      .all([pulumi.all(pagingRules), pulumi.output(resolved.alsoPageOn)])
      .apply(([burns, others]) => [...burns, ...others].map((alarm) => `ALARM("${alarm}")`).join(" OR "));
    const degraded = new aws.cloudwatch.CompositeAlarm(
      `${name}-service-degraded`,
      {
        alarmName: `${name}-service-degraded`,
        alarmDescription: `CredLink ${name}: users are failing now, or the ${resolved.targetPercent}% SLO's error budget (${errorBudgetMinutes(resolved.targetPercent)} min a month) burns fast enough to be gone within days. Pages. Runbook: ${runbook("service-degraded")}`,
        alarmRule: degradedRule,
        actionsEnabled: true,
        // OK resolves the PagerDuty incident.
        alarmActions: [resolved.pageTopicArn],
        okActions: [resolved.pageTopicArn],
      },
      { parent: this },
    );
    names["service-degraded"] = degraded.alarmName;

    this.serviceDegradedAlarmName = degraded.alarmName;
    this.serviceDegradedAlarmArn = degraded.arn;
    this.alarmNames = pulumi.output(names);
    this.targetPercent = resolved.targetPercent;
    this.errorBudgetMinutes = errorBudgetMinutes(resolved.targetPercent);
    this.registerOutputs({ serviceDegradedAlarmName: this.serviceDegradedAlarmName, serviceDegradedAlarmArn: this.serviceDegradedAlarmArn, alarmNames: this.alarmNames });
  }
}
