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

  // Issue 16: with Cloudflare as the edge, its hop comes first and the ALB admits only Cloudflare.
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
      `rollback: circuit breaker ${yesNo(service.inputs.deploymentCircuitBreaker?.rollback)}, alarms ${yesNo(service.inputs.alarms?.rollback)}`,
    ].join("; "),
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
