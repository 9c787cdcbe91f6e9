/**
 * The cost curve: `--usage-scale N` prices usage.yml at N times the traffic (policy/cost/usage-scale.ts does
 * the arithmetic), and every plan carries the curve at 1x, 10x and 100x with the cost per million requests, so the
 * README's curve is one plan of the committed stack away.
 *
 * Called from the cost section (./cost.ts), which prices the scaled usage with the same estimate as everything else.
 */
import { Estimate } from "../../../policy/cost/estimate";
import { Usage } from "../../../policy/cost/usage";
import { Autoscaling, scaleUsage } from "../../../policy/cost/usage-scale";
import { Recorder } from "../../offline/mocks";
import { usdCents } from "../money";
import { CurvePoint, ReportSection, UsageScaleFacts } from "../report";

/** The factors every plan prices for the curve. */
export const CURVE_FACTORS = [1, 10, 100] as const;

/** The autoscaled ECS service's settings, from what the program registered; undefined without one. */
export function autoscalingOf(recorder: Recorder): Autoscaling | undefined {
  const target = recorder.ofType("aws:appautoscaling/target:Target").find((t) => t.inputs.serviceNamespace === "ecs");
  const service = recorder.ofType("aws:ecs/service:Service")[0];
  // Requests per task: the predefined ALBRequestCountPerTarget (one target group), or with a canary's two groups the
  // customized metric summing RequestCountPerTarget over both (components/service.ts, requestsPerTaskMetric).
  const requests = recorder.ofType("aws:appautoscaling/policy:Policy").find((p) => {
    const spec = p.inputs.targetTrackingScalingPolicyConfiguration;
    return (
      spec?.predefinedMetricSpecification?.predefinedMetricType === "ALBRequestCountPerTarget" ||
      (spec?.customizedMetricSpecification?.metrics ?? []).some((m: any) => m.metricStat?.metric?.metricName === "RequestCountPerTarget")
    );
  });
  if (!target || !service || !requests) return undefined;
  const numbers = [service.inputs.desiredCount, target.inputs.minCapacity, target.inputs.maxCapacity, requests.inputs.targetTrackingScalingPolicyConfiguration.targetValue];
  if (!numbers.every((n) => typeof n === "number")) return undefined;
  const [desiredCount, minCount, maxCount, requestsPerTarget] = numbers as number[];
  return { desiredCount, minCount, maxCount, requestsPerTarget };
}

/** The stack's usage at `factor`, with the task scaling behind it. */
export function usageAtScale(recorder: Recorder, base: Usage, factor: number) {
  const autoscaling = autoscalingOf(recorder);
  return { ...scaleUsage(base, factor, autoscaling), autoscaling };
}

/** "db.t4g.micro Multi-AZ" and the like: what does not grow with usage in the model. */
function fixedResources(recorder: Recorder): string[] {
  const fixed: string[] = [];
  for (const db of recorder.ofType("aws:rds/instance:Instance")) fixed.push(`RDS ${db.inputs.instanceClass}${db.inputs.multiAz ? " Multi-AZ" : ""} (${db.name})`);
  for (const rg of recorder.ofType("aws:elasticache/replicationGroup:ReplicationGroup")) {
    fixed.push(`ElastiCache ${rg.inputs.numCacheClusters ?? 1} x ${rg.inputs.nodeType} (${rg.name})`);
  }
  return fixed;
}

const perMillion = (cents: number, requestsMillions: number | null) => (requestsMillions ? Math.round(cents / requestsMillions) / 100 : null);
const shown = (usd: number | null) => (usd === null ? "-" : usdCents(Math.round(usd * 100)));
const times = (f: number) => `${f}x`;

/**
 * The usage-scale section (the per-component table at this factor, per million requests) and the curve section, with
 * the same as data. `price` re-runs the stack's estimate with another usage.
 */
export function usageScaleSections(
  recorder: Recorder,
  base: Usage,
  factor: number,
  estimate: Estimate,
  price: (usage: Usage) => Estimate,
): { sections: ReportSection[]; facts: UsageScaleFacts } {
  const here = usageAtScale(recorder, base, factor);
  const baseRequests = base.traffic?.requestsMillions;
  const requestsAt = (f: number) => (baseRequests === undefined ? null : Math.round(baseRequests * f * 1e6) / 1e6);
  const requestsMillions = requestsAt(factor);
  const t = estimate.totals;

  const curve: CurvePoint[] = CURVE_FACTORS.map((f) => {
    const at = usageAtScale(recorder, base, f);
    const totals = f === factor ? t : price(at.usage).totals;
    return {
      factor: f,
      requestsMillions: requestsAt(f),
      baselineUsd: totals.baselineUsd,
      usageUsd: totals.usageUsd,
      totalUsd: totals.totalUsd,
      costPerMillionRequestsUsd: perMillion(totals.totalCents, requestsAt(f)),
      steadyTasks: at.tasks?.steadyTasks ?? null,
      tasksNeeded: at.tasks?.tasksNeeded ?? null,
      capBinds: at.tasks?.capBinds ?? false,
    };
  });
  const components = estimate.byComponent.map((c) => ({ component: c.component, totalUsd: c.totalUsd, perMillionRequestsUsd: perMillion(c.totalCents, requestsMillions) }));
  const fixed = fixedResources(recorder);
  const facts: UsageScaleFacts = {
    factor,
    requestsMillions,
    costPerMillionRequestsUsd: perMillion(t.totalCents, requestsMillions),
    autoscaling: here.autoscaling ?? null,
    tasks: here.tasks ?? null,
    unclassified: here.unclassified,
    components,
    curve,
    fixed,
  };

  const a = here.autoscaling;
  const tasks = here.tasks;
  const notes: string[] = [];
  if (a && tasks) {
    notes.push(
      `tasks: ${a.requestsPerTarget} requests per task per minute (ALBRequestCountPerTarget), between ${a.minCount} and ${a.maxCount}; at ${times(factor)} the month's average is ${tasks.requestsPerMinute} requests/min: ${tasks.tasksNeeded} task(s) needed, ${tasks.steadyTasks} reached${tasks.capBinds ? ` (the maxCount cap of ${a.maxCount} binds)` : ""}; ${tasks.extraTaskHours} task-hours above desiredCount ${a.desiredCount}`,
    );
    if (tasks.steadyCapAtFactor !== null) notes.push(`the maxCount cap (${a.maxCount}) binds the average load above ${times(tasks.steadyCapAtFactor)}`);
    if (tasks.burstCapAtFactor !== null) notes.push(`usage.yml's task-hours above desiredCount (fargate.extraTaskHours, the deployments' second task sets), scaled, stop fitting under the cap above ${times(tasks.burstCapAtFactor)}`);
  } else {
    notes.push("no autoscaled service in the stack: fargate.extraTaskHours is multiplied like the other usage figures");
  }
  if (fixed.length) notes.push(`fixed at every factor (the model resizes nothing; their capacity is not modelled): ${fixed.join(", ")}`);
  if (here.unclassified.length) notes.push(`kept as committed, not classified in policy/cost/usage-scale.ts: ${here.unclassified.join(", ")}`);

  const sections: ReportSection[] = [
    {
      id: "usage-scale",
      title: `Usage at ${times(factor)} of usage.yml: cost per component and per million requests (${requestsMillions === null ? "no traffic.requestsMillions in usage.yml" : `${requestsMillions}M requests/month`})`,
      columns: ["COMPONENT", "TOTAL", "PER 1M REQUESTS"],
      rows: [...components.map((c) => [c.component, shown(c.totalUsd), shown(c.perMillionRequestsUsd)]), ["TOTAL", usdCents(t.totalCents), shown(facts.costPerMillionRequestsUsd)]],
      summary: `At ${times(factor)}: total ${usdCents(t.totalCents)}/month${facts.costPerMillionRequestsUsd === null ? "" : `, ${shown(facts.costPerMillionRequestsUsd)} per million requests`}`,
      notes,
    },
    {
      id: "cost-curve",
      title: "Cost curve: the committed usage at 1x, 10x and 100x",
      columns: ["SCALE", "REQUESTS/MONTH", "TASKS", "BASELINE", "USAGE", "TOTAL", "PER 1M REQUESTS"],
      rows: curve.map((p) => [
        times(p.factor),
        p.requestsMillions === null ? "-" : `${p.requestsMillions}M`,
        p.steadyTasks === null ? "-" : `${p.steadyTasks}${p.capBinds ? ` (cap; ${p.tasksNeeded} needed)` : ""}`,
        usdCents(Math.round(p.baselineUsd * 100)),
        usdCents(Math.round(p.usageUsd * 100)),
        usdCents(Math.round(p.totalUsd * 100)),
        shown(p.costPerMillionRequestsUsd),
      ]),
    },
  ];
  return { sections, facts };
}
