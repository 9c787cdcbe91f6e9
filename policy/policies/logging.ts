/**
 * Logging and monitoring: the records an incident review needs. Mandatory in prod, advisory in dev (policy config).
 */
import { companions, inline, isLogTarget, refersToAny, truthy, vpcs } from "../lib/aws";
import { isExactArn } from "../lib/pins";
import { CredlinkPolicy, eachOfType, many, plain, refersTo, resourceRule, stackRule, StackProblem } from "../lib/rules";
import { BUCKET_TYPES, LOAD_BALANCER_TYPES, T } from "../lib/types";

export const albAccessLogs = resourceRule({
  name: "alb-access-logs-enabled",
  description: "Application load balancers write access logs to S3.",
  covers: ["CKV_AWS_91"],
  enforcementLevel: "mandatory",
  types: [...LOAD_BALANCER_TYPES],
  check: (p) => {
    const logs = plain(p.accessLogs);
    return truthy(logs?.enabled) && logs?.bucket ? undefined : "accessLogs must be enabled with a bucket";
  },
});

export const s3AccessLogging = stackRule({
  name: "s3-bucket-access-logging-enabled",
  description: "S3 buckets log server access to a log bucket. Buckets that receive logs themselves are exempt (logging a log bucket only moves the problem).",
  covers: ["CKV_AWS_18", "AVD-AWS-0089"],
  enforcementLevel: "mandatory",
  check: eachOfType(BUCKET_TYPES, (bucket, all) => {
    if (isLogTarget(bucket, all)) return;
    const logged = companions(all, T.bucketLogging, bucket).length > 0 || inline(bucket, "logging")?.targetBucket;
    return logged ? undefined : "has no server access logging (aws.s3.BucketLogging)";
  }),
});

export const vpcFlowLogs = stackRule({
  name: "vpc-flow-logs-enabled",
  description: "Every VPC has flow logs.",
  covers: ["CKV2_AWS_11", "AVD-AWS-0178"],
  enforcementLevel: "mandatory",
  check: (all) => {
    const flowLogs = all.filter((r) => r.type === T.flowLog);
    const problems: StackProblem[] = [];
    for (const { vpc, owners } of vpcs(all)) {
      if (!flowLogs.some((f) => refersToAny(f, "vpcId", owners))) problems.push({ message: `${vpc.name}: has no flow log (aws.ec2.FlowLog)`, urn: vpc.urn });
    }
    return problems;
  },
});

export const flowLogsAllTraffic = resourceRule({
  name: "vpc-flow-logs-capture-all-traffic",
  description: "VPC flow logs capture ALL traffic, not only ACCEPT or REJECT (an incident review needs both).",
  covers: ["flow logs capture ALL traffic"],
  enforcementLevel: "mandatory",
  types: [T.flowLog],
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateFlowLogs.html (TrafficType: ACCEPT | REJECT | ALL)
  check: (p) => (p.trafficType === "ALL" ? undefined : `trafficType must be ALL, got ${p.trafficType ?? "(unset)"}`),
});

export const ecsContainerInsights = resourceRule({
  name: "ecs-cluster-container-insights-enabled",
  description: "ECS clusters have Container Insights on ('enabled' or 'enhanced').",
  covers: ["CKV_AWS_65", "AVD-AWS-0034"],
  enforcementLevel: "mandatory",
  types: [T.ecsCluster],
  check: (p) => {
    const setting = many<any>(plain(p.settings)).find((s) => s.name === "containerInsights");
    return ["enabled", "enhanced"].includes(setting?.value) ? undefined : "settings must set containerInsights to enabled or enhanced";
  },
});

export const rdsLogExports = resourceRule({
  name: "rds-log-exports-enabled",
  description: "RDS instances export their logs to CloudWatch Logs (PostgreSQL: postgresql and upgrade).",
  covers: ["CKV_AWS_129"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => {
    const exports = many<string>(plain(p.enabledCloudwatchLogsExports));
    if (String(p.engine ?? "").startsWith("postgres")) {
      const missing = ["postgresql", "upgrade"].filter((l) => !exports.includes(l));
      return missing.length ? `enabledCloudwatchLogsExports must include ${missing.join(", ")}` : undefined;
    }
    return exports.length ? undefined : "enabledCloudwatchLogsExports must not be empty";
  },
});

export const rdsEnhancedMonitoring = resourceRule({
  name: "rds-enhanced-monitoring-enabled",
  description: "RDS instances have enhanced monitoring (an interval and its own role).",
  covers: ["CKV_AWS_118"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => (Number(p.monitoringInterval ?? 0) > 0 && p.monitoringRoleArn ? undefined : "monitoringInterval must be > 0 with a monitoringRoleArn"),
});

export const rdsPerformanceInsights = resourceRule({
  name: "rds-performance-insights-enabled",
  description: "RDS instances have Performance Insights on.",
  covers: ["CKV_AWS_353", "AVD-AWS-0133"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => (truthy(p.performanceInsightsEnabled) ? undefined : "performanceInsightsEnabled must be true"),
});

export const rdsQueryLogging = resourceRule({
  name: "rds-postgres-query-logging-enabled",
  description: "PostgreSQL parameter groups log statements: log_statement other than 'none', or log_min_duration_statement >= 0 (slow queries).",
  covers: ["CKV2_AWS_30"],
  enforcementLevel: "mandatory",
  types: [T.rdsParameterGroup],
  check: (p, _c, args) => {
    if (!String(p.family ?? "").startsWith("postgres")) args.notApplicable("not a PostgreSQL parameter group");
    const params = many<any>(plain(p.parameters));
    const statement = params.find((x) => x.name === "log_statement")?.value;
    const duration = params.find((x) => x.name === "log_min_duration_statement")?.value;
    const logs = (statement !== undefined && statement !== "none") || (duration !== undefined && Number(duration) >= 0);
    return logs ? undefined : "parameters must set log_statement (ddl, mod or all) or log_min_duration_statement (>= 0 ms)";
  },
});

export const wafLogging = stackRule({
  name: "waf-web-acl-logging-enabled",
  description: "Every WAFv2 web ACL has a logging configuration.",
  covers: ["CKV2_AWS_31"],
  enforcementLevel: "mandatory",
  check: eachOfType([T.webAcl], (acl, all) =>
    all.some((r) => r.type === T.webAclLogging && refersTo(r, "resourceArn", acl)) ? undefined : "has no aws.wafv2.WebAclLoggingConfiguration",
  ),
});

export const alarmActions = resourceRule({
  name: "cloudwatch-alarm-has-actions",
  description:
    "CloudWatch alarms, metric and composite, notify someone: actions enabled (actionsEnabled not false) and at least one alarm action, each an exact ARN (no wildcard).",
  covers: ["CKV_AWS_319", "every alarm that pages (metric and composite) has enabled actions"],
  enforcementLevel: "mandatory",
  // A composite alarm that pages nobody is as silent as a metric alarm that does. PutCompositeAlarm: ActionsEnabled,
  // AlarmActions. https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html
  types: [T.metricAlarm, T.compositeAlarm],
  check: (p) => {
    if (p.actionsEnabled === false || p.actionsEnabled === "false") return "actionsEnabled must not be false";
    const actions = many<unknown>(plain(p.alarmActions));
    if (actions.length === 0) return "alarmActions must name at least one action (e.g. an SNS topic)";
    const inexact = actions.filter((a) => !isExactArn(a));
    return inexact.length ? `alarmActions ${inexact.map((a) => JSON.stringify(a)).join(", ")} must be exact ARNs (no wildcard)` : undefined;
  },
});

export const loggingPolicies: CredlinkPolicy[] = [
  albAccessLogs,
  s3AccessLogging,
  vpcFlowLogs,
  flowLogsAllTraffic,
  ecsContainerInsights,
  rdsLogExports,
  rdsEnhancedMonitoring,
  rdsPerformanceInsights,
  rdsQueryLogging,
  wafLogging,
  alarmActions,
];
