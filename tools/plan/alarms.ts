/**
 * How the plan shows a CloudWatch alarm, wherever it lists one (the SLO section, the resource tree, --compare): what
 * it watches and the comparison it fires on, with its own operator. An alarm on a balance or a count of healthy hosts
 * fires below its threshold, most on a rate fire above it: printing one operator for all would invert the first kind.
 */
export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
export const COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm";

/** PutMetricAlarm's ComparisonOperator values (CloudWatch API reference) as symbols. */
export const OPERATORS: Readonly<Record<string, string>> = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: ">=",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "<=",
  LessThanLowerOrGreaterThanUpperThreshold: "outside the band",
  LessThanLowerThreshold: "below the band",
  GreaterThanUpperThreshold: "above the band",
};

/** A period in seconds as a window: 300 -> "5m", 3600 -> "1h", 259200 -> "3d". */
export function alarmWindow(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/** The operator as a symbol, or its API name when it has none. */
export const operatorOf = (inputs: Record<string, any>): string => OPERATORS[inputs.comparisonOperator] ?? String(inputs.comparisonOperator ?? "?");

/** What a metric alarm watches: its metric (or the expression it returns) and statistic. */
export function alarmMetric(inputs: Record<string, any>): string {
  const queries: any[] = inputs.metricQueries ?? [];
  const returned = queries.find((q) => q.returnData);
  return returned?.label ?? `${inputs.metricName} ${inputs.extendedStatistic ?? inputs.statistic ?? ""}`.trim();
}

/** "CPUCreditBalance Minimum < 29 (1 of 1 x 5m)"; a composite alarm's rule with the alarm names bare. */
export function describeAlarm(type: string, inputs: Record<string, any>): string {
  if (type === COMPOSITE_ALARM) return String(inputs.alarmRule).replace(/ALARM\("([^"]+)"\)/g, "$1");
  const queries: any[] = inputs.metricQueries ?? [];
  const period = queries.find((q) => q.metric)?.metric.period ?? inputs.period;
  const evaluation = `${inputs.datapointsToAlarm ?? inputs.evaluationPeriods} of ${inputs.evaluationPeriods} x ${alarmWindow(Number(period))}`;
  const threshold = inputs.thresholdMetricId ? `band ${inputs.thresholdMetricId}` : inputs.threshold;
  return `${alarmMetric(inputs)} ${operatorOf(inputs)} ${threshold} (${evaluation})`;
}
