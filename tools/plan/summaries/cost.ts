/** What the plan shows for the cost controls (AWS Budgets, Cost Anomaly Detection). */
import { usd } from "../money";
import { Summarizer } from "./types";

/** "Project=credlink AND Environment=prod" from a Budgets FilterExpression of tag expressions. */
function filterText(expr: any): string | undefined {
  if (!expr) return undefined;
  const tag = (t: any) => `${t.key}=${(t.values ?? []).join("|")}`;
  if (expr.tags) return tag(expr.tags);
  if (Array.isArray(expr.ands)) return expr.ands.map((e: any) => filterText(e) ?? "?").join(" AND ");
  if (Array.isArray(expr.ors)) return expr.ors.map((e: any) => filterText(e) ?? "?").join(" OR ");
  return "expression";
}

export const costSummaries: Record<string, Summarizer> = {
  "aws:budgets/budget:Budget": ({ inputs, nameOfId }) => ({
    amount: inputs.limitAmount === undefined ? undefined : `${usd(Number(inputs.limitAmount))} ${inputs.timeUnit?.toLowerCase?.() ?? ""}`.trim(),
    type: inputs.budgetType,
    filter: filterText(inputs.filterExpression),
    alerts: (inputs.notifications ?? [])
      .map((n: any) => `${n.notificationType === "FORECASTED" ? "forecast" : "actual"}>${n.threshold}${n.thresholdType === "PERCENTAGE" ? "%" : "$"}:${(n.subscriberSnsTopicArns ?? []).map((a: string) => nameOfId?.(a) ?? a).join("+")}`)
      .join(" "),
  }),
  "aws:costexplorer/anomalyMonitor:AnomalyMonitor": ({ inputs }) => {
    let spec: any;
    try {
      spec = JSON.parse(inputs.monitorSpecification ?? "null");
    } catch {
      spec = undefined;
    }
    return { monitor: inputs.monitorType, on: spec?.Tags ? `${spec.Tags.Key}=${(spec.Tags.Values ?? []).join("|")}` : inputs.monitorDimension };
  },
  "aws:costexplorer/anomalySubscription:AnomalySubscription": ({ inputs, nameOfId }) => {
    const d = inputs.thresholdExpression?.dimension;
    return {
      frequency: inputs.frequency,
      threshold: d ? `${d.key === "ANOMALY_TOTAL_IMPACT_ABSOLUTE" ? "impact" : d.key}>=${d.key === "ANOMALY_TOTAL_IMPACT_ABSOLUTE" ? usd(Number(d.values?.[0])) : d.values?.[0]}` : undefined,
      to: (inputs.subscribers ?? []).map((s: any) => `${s.type} ${nameOfId?.(s.address) ?? s.address}`).join(", "),
    };
  },
};
