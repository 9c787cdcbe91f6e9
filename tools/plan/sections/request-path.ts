/**
 * The request path, hop by hop: internet -> load balancer listeners -> target group -> ECS service -> the data tier it
 * reaches (PostgreSQL, the cache, the proof bucket), with the settings that decide availability and security.
 */
import { Registration } from "../../offline/mocks";
import { listenerAction } from "../summaries/app";
import { SectionBuilder } from "./types";
import { cloudflareEdgeHop } from "./cloudflare-edge";

const yesNo = (v: unknown) => (v ? "yes" : "no");

export const requestPath: SectionBuilder = ({ recorder }) => {
  const first = (type: string): Registration | undefined => recorder.ofType(type)[0];
  const alb = first("aws:lb/loadBalancer:LoadBalancer");
  const service = first("aws:ecs/service:Service");
  if (!alb || !service) return { sections: [] };

  // With Cloudflare as the edge, its hop comes first and the ALB admits only Cloudflare.
  const edge = cloudflareEdgeHop(recorder);
  const rows: string[][] = [...edge.rows];
  rows.push([
    "1",
    edge.rows.length ? "Cloudflare -> load balancer" : "internet -> load balancer",
    alb.name,
    `${alb.inputs.internal ? "internal" : "internet-facing"} ALB in ${alb.inputs.subnets?.length ?? "?"} public subnets; deletion protection ${yesNo(alb.inputs.enableDeletionProtection)}${edge.albNote ? `; ${edge.albNote}` : ""}`,
  ]);
  for (const listener of recorder.ofType("aws:lb/listener:Listener")) {
    const tls = listener.inputs.sslPolicy ? ` ${listener.inputs.sslPolicy}` : "";
    rows.push(["", "  listener", listener.name, `${listener.inputs.protocol} ${listener.inputs.port}${tls} -> ${listenerAction(listener.inputs)}`]);
  }
  // CI/CD: the canary's production listener rule, with the weights it starts from.
  const tgName = (arn: unknown) => recorder.ofType("aws:lb/targetGroup:TargetGroup").find((tg) => tg.state.arn === arn)?.name ?? String(arn);
  for (const rule of recorder.ofType("aws:lb/listenerRule:ListenerRule")) {
    const weights = (rule.inputs.actions?.[0]?.forward?.targetGroups ?? []).map((tg: any) => `${tgName(tg.arn)} ${tg.weight}%`).join(" / ");
    rows.push(["", "  rule", rule.name, `priority ${rule.inputs.priority} -> forward ${weights}${rule.ignoreChanges.length > 0 ? " (ECS shifts the weights)" : ""}`]);
  }
  // Edge: the WAF in front of the listeners, or the ingress allowlist that stands in for it (dev).
  rows.push(["", "  waf", ...edgeRow(recorder)]);
  const targetGroup = first("aws:lb/targetGroup:TargetGroup");
  if (targetGroup) {
    rows.push(["2", "load balancer -> target group", targetGroup.name, `${targetGroup.inputs.targetType} targets on ${targetGroup.inputs.port}; health ${targetGroup.inputs.healthCheck?.path}`]);
  }
  const task = first("aws:ecs/taskDefinition:TaskDefinition");
  const scaling = first("aws:appautoscaling/target:Target");
  rows.push([
    "3",
    "target group -> ECS service",
    service.name,
    [
      `Fargate ${service.inputs.platformVersion ?? ""} ${task?.inputs.runtimePlatform?.cpuArchitecture ?? ""} ${task?.inputs.cpu}/${task?.inputs.memory}`.replace(/\s+/g, " "),
      `${service.inputs.desiredCount} tasks${scaling ? ` (${scaling.inputs.minCapacity}-${scaling.inputs.maxCapacity})` : ""} in ${service.inputs.networkConfiguration?.subnets?.length ?? "?"} private subnets`,
      `public IP ${yesNo(service.inputs.networkConfiguration?.assignPublicIp)}`,
      rollbackSummary(service.inputs),
    ].join("; "),
  ]);
  // CI/CD: how a new revision replaces the old one.
  const deploy = service.inputs.deploymentConfiguration;
  const canary = deploy?.canaryConfiguration;
  rows.push([
    "",
    "  deployment",
    service.name,
    deploy?.strategy === "CANARY"
      ? `CANARY: ${canary?.canaryPercent}% of requests for ${canary?.canaryBakeTimeInMinutes} min, then all; old revision kept ${deploy.bakeTimeInMinutes} min; ECS shifts the new revision into ${tgName(service.inputs.loadBalancers?.[0]?.advancedConfiguration?.alternateTargetGroupArn)} and swaps the pair on every deployment (${service.ignoreChanges.some((p) => p.startsWith("loadBalancers")) ? "ECS owns the pairing: pulumi up ignores it" : "WARNING: pulumi up would set the original pair back"}); pulumi up waits ${service.customTimeouts?.update || "20m (the provider's default)"}`
      : `${deploy?.strategy ?? "ROLLING"}: ${service.inputs.deploymentMinimumHealthyPercent}% healthy, up to ${service.inputs.deploymentMaximumPercent}%`,
  ]);
  const db = first("aws:rds/instance:Instance");
  if (db) {
    rows.push([
      "4",
      "service -> PostgreSQL",
      db.name,
      `${db.inputs.engine} ${db.inputs.engineVersion} ${db.inputs.instanceClass}; Multi-AZ ${yesNo(db.inputs.multiAz)}; encrypted ${yesNo(db.inputs.storageEncrypted)}; public ${yesNo(db.inputs.publiclyAccessible)}`,
    ]);
  }
  const cache = first("aws:elasticache/replicationGroup:ReplicationGroup");
  if (cache) {
    rows.push([
      "5",
      "service -> cache",
      cache.name,
      `${cache.inputs.engine} ${cache.inputs.engineVersion} ${cache.inputs.nodeType} x ${cache.inputs.numCacheClusters}; failover ${yesNo(cache.inputs.automaticFailoverEnabled)}; Multi-AZ ${yesNo(cache.inputs.multiAzEnabled)}; TLS ${yesNo(cache.inputs.transitEncryptionEnabled)}`,
    ]);
  }
  const proofBucket = recorder.ofType("aws:s3/bucket:Bucket").find((b) => b.name.endsWith("-proofs"));
  if (proofBucket) {
    const replication = recorder.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig").find((r) => r.name === proofBucket.name);
    const lock = recorder.ofType("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").find((r) => r.name === proofBucket.name);
    rows.push([
      "6",
      "service -> proof bucket",
      proofBucket.name,
      `S3 SSE-KMS, versioned; Object Lock ${lock ? `${lock.inputs.rule?.defaultRetention?.mode} ${lock.inputs.rule?.defaultRetention?.days}d` : "off"}; replicated to DR ${yesNo(replication)}`,
    ]);
  }
  return {
    sections: [
      {
        id: "request-path",
        title: edge.title,
        columns: ["HOP", "FROM -> TO", "RESOURCE", "SETTINGS"],
        rows,
      },
    ],
  };
};

/**
 * What rolls a failed deployment back. ROLLING: the circuit breaker (tasks that never get healthy) and the deployment
 * alarms. CANARY: the deployment alarms only; the circuit breaker applies to rolling deployments (ECS API reference,
 * DeploymentCircuitBreaker), whatever the service's setting says.
 */
export function rollbackSummary(inputs: Record<string, any>): string {
  const alarms = `deployment alarms ${yesNo(inputs.alarms?.rollback)}${inputs.alarms?.alarmNames?.length ? ` (${inputs.alarms.alarmNames.length})` : ""}`;
  if (inputs.deploymentConfiguration?.strategy === "CANARY") return `rollback: ${alarms}; the circuit breaker does not apply to CANARY`;
  return `rollback: circuit breaker ${yesNo(inputs.deploymentCircuitBreaker?.rollback)}, ${alarms}`;
}

/** Hop 1's WAF row: "WAF: 4 managed groups + rate limit" and its settings, or the allowlist when there is no web ACL. */
function edgeRow(recorder: SectionContextRecorder): [string, string] {
  const acl = recorder.ofType("aws:wafv2/webAcl:WebAcl")[0];
  if (!acl) {
    const cidrs = [...new Set(recorder.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.name.includes("-alb-http")).map((r) => String(r.inputs.cidrIpv4)))];
    return ["(none)", `no WAF; the load balancer admits ${cidrs.join(", ") || "nothing"} only (credlink:service.allowedCidrs)`];
  }
  const rules: any[] = acl.inputs.rules ?? [];
  const managed = rules.filter((r) => r.statement?.managedRuleGroupStatement).length;
  const rate = rules.find((r) => r.statement?.rateBasedStatement)?.statement.rateBasedStatement;
  const uploads = rules
    .find((r) => r.name === "large-body-outside-upload-paths")
    ?.statement.andStatement.statements[1].notStatement.statement;
  const matches: { positionalConstraint: string; searchString: string }[] = uploads ? (uploads.orStatement?.statements ?? [uploads]).map((s: any) => s.byteMatchStatement) : [];
  const paths = matches.map((m) => (m.positionalConstraint === "EXACTLY" ? m.searchString : `${m.searchString}*`));
  const uploadRate = rules.find((r) => r.name === "upload-rate-limit-per-ip")?.statement.rateBasedStatement;
  const settings = [
    `WAF: ${managed} managed groups${rate ? " + rate limit" : ""}`,
    rate ? `${rate.limit} requests/${rate.evaluationWindowSec} s per IP` : undefined,
    uploadRate ? `uploads ${uploadRate.limit}/${uploadRate.evaluationWindowSec} s per IP` : undefined,
    paths.length ? `bodies over 8 KB only on ${paths.join(", ")}` : "bodies over 8 KB blocked",
    `logs BLOCK/COUNT to ${recorder.ofType("aws:cloudwatch/logGroup:LogGroup").find((g) => String(g.inputs.name).startsWith("aws-waf-logs-"))?.inputs.name ?? "?"}`,
  ].filter(Boolean);
  return [acl.name, settings.join("; ")];
}

type SectionContextRecorder = Parameters<SectionBuilder>[0]["recorder"];
