import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { burnRateThresholdPercent, SLI_BAD_PERCENT, SLI_BAD_REQUESTS, sliMetrics } from "./slo";

/**
 * A small typed builder for a CloudWatch dashboard body (Dashboard Body Structure and Syntax:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 * Widgets are data; the body is serialised once, never written by hand. (awsx.classic.cloudwatch's widgets would do
 * the same but drag awsx's classic module, and its remote-component caveats, into the ops package for one JSON body.)
 */
export interface MetricSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
  readonly stat: string;
  readonly label: string;
  /** Needed when an expression refers to it. */
  readonly id?: string;
  /** False for a metric only an expression uses. @default true */
  readonly visible?: boolean;
}

export interface ExpressionSpec {
  readonly expression: string;
  readonly label: string;
  readonly id: string;
}

export interface GraphWidget {
  readonly kind: "graph";
  readonly title: string;
  readonly metrics: readonly (MetricSpec | ExpressionSpec)[];
  /** A horizontal line, e.g. the SLO's threshold. */
  readonly line?: { readonly label: string; readonly value: number };
}

export interface TextWidget {
  readonly kind: "text";
  readonly markdown: string;
}

export type Widget = GraphWidget | TextWidget;

/** One row of a metric widget's `metrics` array, in the body's positional form. */
export function metricRow(m: MetricSpec | ExpressionSpec): unknown[] {
  if ("expression" in m) return [{ expression: m.expression, label: m.label, id: m.id }];
  const options: Record<string, unknown> = { stat: m.stat, label: m.label };
  if (m.id) options.id = m.id;
  if (m.visible === false) options.visible = false;
  return [m.namespace, m.metricName, ...Object.entries(m.dimensions).flat(), options];
}

/** The dashboard body: widgets laid out in rows of `perRow`, each 24 / perRow wide and 6 high. */
export function dashboardBody(widgets: readonly Widget[], region: pulumi.Input<string>, periodSeconds: number, perRow = 4): pulumi.Output<string> {
  const width = 24 / perRow;
  const body = {
    widgets: widgets.map((w, i) => {
      const position = { x: (i % perRow) * width, y: Math.floor(i / perRow) * 6, width, height: 6 };
      if (w.kind === "text") return { type: "text", ...position, properties: { markdown: w.markdown } };
      return {
        type: "metric",
        ...position,
        properties: {
          title: w.title,
          view: "timeSeries",
          region,
          period: periodSeconds,
          metrics: w.metrics.map(metricRow),
          ...(w.line ? { annotations: { horizontal: [{ label: w.line.label, value: w.line.value }] } } : {}),
        },
      };
    }),
  };
  return pulumi.jsonStringify(body);
}

export interface DashboardArgs {
  /** The region the metrics live in (the stack's). */
  readonly region: pulumi.Input<string>;
  readonly loadBalancerArnSuffix: pulumi.Input<string>;
  readonly targetGroupArnSuffix: pulumi.Input<string>;
  readonly clusterName: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  readonly dbInstanceIdentifier: pulumi.Input<string>;
  readonly cacheReplicationGroupId: pulumi.Input<string>;
  /** Nodes in the replication group (1 + replicas), 1-6: ElastiCache reports per node (`<group>-00<n>`). @default 1 */
  readonly cacheNodes?: number;
  /** The SLO shown, percent. @default 99.9 */
  readonly sloTargetPercent?: number;
  /** The SLO's latency threshold, ms. @default 500 */
  readonly latencyThresholdMs?: number;
  /** Graph period, seconds: 60 or a multiple of 60. @default 300 */
  readonly periodSeconds?: number;
}

export type ResolvedDashboardArgs = Required<DashboardArgs>;

/** Applies the documented defaults. The single place they live. */
export function resolveDashboardArgs(args: DashboardArgs): ResolvedDashboardArgs {
  return { ...args, cacheNodes: args.cacheNodes ?? 1, sloTargetPercent: args.sloTargetPercent ?? 99.9, latencyThresholdMs: args.latencyThresholdMs ?? 500, periodSeconds: args.periodSeconds ?? 300 };
}

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateDashboardArgs(args: ResolvedDashboardArgs): void {
  if (!Number.isInteger(args.cacheNodes) || args.cacheNodes < 1 || args.cacheNodes > 6) throw new Error(`cacheNodes must be an integer from 1 to 6, got ${args.cacheNodes}`);
  if (!Number.isInteger(args.periodSeconds) || args.periodSeconds < 60 || args.periodSeconds % 60 !== 0) {
    throw new Error(`periodSeconds must be 60 or a multiple of 60, got ${args.periodSeconds}`);
  }
}

/** The golden signals (latency, traffic, errors, saturation) of every tier, and the SLO with its burn rate. */
export function goldenSignalWidgets(a: ResolvedDashboardArgs): Widget[] {
  const alb = { LoadBalancer: a.loadBalancerArnSuffix };
  const tg = { LoadBalancer: a.loadBalancerArnSuffix, TargetGroup: a.targetGroupArnSuffix };
  const ecs = { ClusterName: a.clusterName, ServiceName: a.serviceName };
  const rds = { DBInstanceIdentifier: a.dbInstanceIdentifier };
  const nodes = Array.from({ length: a.cacheNodes }, (_, i) => pulumi.interpolate`${a.cacheReplicationGroupId}-00${i + 1}`);
  const m = (namespace: string, metricName: string, dimensions: MetricSpec["dimensions"], stat: string, label: string, extra: Partial<MetricSpec> = {}): MetricSpec => ({
    namespace,
    metricName,
    dimensions,
    stat,
    label,
    ...extra,
  });
  const perNode = (metricName: string, stat: string) => nodes.map((node, i) => m("AWS/ElastiCache", metricName, { CacheClusterId: node }, stat, `${metricName} node ${i + 1}`));
  const budget = Math.round((100 - a.sloTargetPercent) * 1e6) / 1e6;
  // The SLI's inputs, hidden: the SLO widgets graph only the expressions over them.
  const sliInputs = sliMetrics(a.latencyThresholdMs).map(({ id, metricName, stat, label }) => m("AWS/ApplicationELB", metricName, alb, stat, label, { id, visible: false }));
  return [
    {
      kind: "text",
      markdown: `# SLO: ${a.sloTargetPercent}% of requests good\nGood = not 5xx (target or load balancer) and faster than ${a.latencyThresholdMs} ms at the target. Error budget ${budget}% of requests. Burn rate 1 = the budget lasts the month exactly; the fast-burn page fires at 14.4, the slow-burn page at 6 (runbooks: docs/runbooks).`,
    },
    {
      kind: "graph",
      title: "SLO: bad requests (% of all)",
      metrics: [
        ...sliInputs,
        { id: "badPercent", label: "bad requests %", expression: SLI_BAD_PERCENT },
      ],
      line: { label: "error budget", value: budget },
    },
    {
      kind: "graph",
      title: "SLO: burn rate (1 = budget lasts the month)",
      metrics: [
        ...sliInputs,
        { id: "burn", label: "burn rate", expression: `IF(requests > 0, 100 * (${SLI_BAD_REQUESTS}) / requests / ${budget}, 0)` },
      ],
      line: { label: "fast burn (pages)", value: burnRateThresholdPercent(14.4, a.sloTargetPercent) / budget },
    },
    { kind: "text", markdown: "## ALB, ECS, RDS, cache\nEach row: latency, traffic, errors, saturation." },
    // ALB
    { kind: "graph", title: "ALB latency (target response time)", metrics: ["p50", "p95", "p99"].map((p) => m("AWS/ApplicationELB", "TargetResponseTime", tg, p, p)), line: { label: "SLO threshold", value: a.latencyThresholdMs / 1000 } },
    { kind: "graph", title: "ALB traffic (requests)", metrics: [m("AWS/ApplicationELB", "RequestCount", alb, "Sum", "requests")] },
    {
      kind: "graph",
      title: "ALB errors (5xx)",
      metrics: [m("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", alb, "Sum", "target 5xx"), m("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", alb, "Sum", "ELB 5xx")],
    },
    {
      kind: "graph",
      title: "ALB saturation (connections, unhealthy targets)",
      metrics: [m("AWS/ApplicationELB", "ActiveConnectionCount", alb, "Sum", "active connections"), m("AWS/ApplicationELB", "UnHealthyHostCount", tg, "Maximum", "unhealthy targets")],
    },
    // ECS (Container Insights for task counts)
    { kind: "graph", title: "ECS latency (target response time p95)", metrics: [m("AWS/ApplicationELB", "TargetResponseTime", tg, "p95", "p95")] },
    { kind: "graph", title: "ECS traffic (requests per target)", metrics: [m("AWS/ApplicationELB", "RequestCountPerTarget", tg, "Sum", "requests per task")] },
    { kind: "graph", title: "ECS errors (target 5xx)", metrics: [m("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", tg, "Sum", "target 5xx")] },
    {
      kind: "graph",
      title: "ECS saturation (CPU, memory, tasks)",
      metrics: [
        m("AWS/ECS", "CPUUtilization", ecs, "Average", "CPU %"),
        m("AWS/ECS", "MemoryUtilization", ecs, "Average", "memory %"),
        m("ECS/ContainerInsights", "RunningTaskCount", ecs, "Average", "running tasks"),
      ],
    },
    // RDS
    { kind: "graph", title: "RDS latency (read, write)", metrics: [m("AWS/RDS", "ReadLatency", rds, "Average", "read s"), m("AWS/RDS", "WriteLatency", rds, "Average", "write s")] },
    { kind: "graph", title: "RDS traffic (IOPS, connections)", metrics: [m("AWS/RDS", "ReadIOPS", rds, "Average", "read IOPS"), m("AWS/RDS", "WriteIOPS", rds, "Average", "write IOPS"), m("AWS/RDS", "DatabaseConnections", rds, "Average", "connections")] },
    { kind: "graph", title: "RDS errors (CPU credits, replica lag)", metrics: [m("AWS/RDS", "CPUCreditBalance", rds, "Minimum", "CPU credit balance"), m("AWS/RDS", "ReplicaLag", rds, "Maximum", "replica lag s")] },
    { kind: "graph", title: "RDS saturation (CPU, memory, storage)", metrics: [m("AWS/RDS", "CPUUtilization", rds, "Average", "CPU %"), m("AWS/RDS", "FreeableMemory", rds, "Minimum", "freeable memory"), m("AWS/RDS", "FreeStorageSpace", rds, "Minimum", "free storage")] },
    // Cache
    { kind: "graph", title: "Cache latency (string commands, µs)", metrics: perNode("StringBasedCmdsLatency", "Average") },
    { kind: "graph", title: "Cache traffic (hits, misses)", metrics: [...perNode("CacheHits", "Sum"), ...perNode("CacheMisses", "Sum")] },
    { kind: "graph", title: "Cache errors (evictions, replication lag)", metrics: [...perNode("Evictions", "Sum"), ...perNode("ReplicationLag", "Maximum")] },
    { kind: "graph", title: "Cache saturation (engine CPU, memory)", metrics: [...perNode("EngineCPUUtilization", "Average"), ...perNode("DatabaseMemoryUsagePercentage", "Average")] },
  ];
}

/** One CloudWatch dashboard with the golden signals of every tier and the SLO ($3/month). */
export class Dashboard extends pulumi.ComponentResource {
  public readonly dashboardName: pulumi.Output<string>;
  public readonly dashboardArn: pulumi.Output<string>;

  constructor(name: string, args: DashboardArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:ops:Dashboard", name, {}, opts);
    const resolved = resolveDashboardArgs(args);
    validateDashboardArgs(resolved);
    const dashboard = new aws.cloudwatch.Dashboard(
      name,
      { dashboardName: name, dashboardBody: dashboardBody(goldenSignalWidgets(resolved), resolved.region, resolved.periodSeconds) },
      { parent: this },
    );
    this.dashboardName = dashboard.dashboardName;
    this.dashboardArn = dashboard.dashboardArn;
    this.registerOutputs({ dashboardName: this.dashboardName, dashboardArn: this.dashboardArn });
  }
}
