import * as log from "../../policy/policies/logging";
import * as rel from "../../policy/policies/reliability";
import { T } from "../../policy/lib/types";
import { resourceCases, stackCases } from "./cases";
import { urnOf } from "../../tools/offline/policy";
import { bucketStack, good, res } from "./fixtures";

describe("logging policies", () => {
  resourceCases(log.albAccessLogs, {
    pass: [{ title: "access logs to S3", resource: res(T.loadBalancer, good.alb) }],
    fail: [{ title: "no access logs", resource: res(T.loadBalancer, { ...good.alb, accessLogs: undefined }) }],
  });
  const logBucket = { type: T.bucket, name: "access-logs", urn: urnOf(T.bucket, "access-logs"), props: { bucket: "credlink-prod-access-logs" } };
  stackCases(log.s3AccessLogging, {
    pass: [
      { title: "a bucket logging to the log bucket, which is exempt", stack: bucketStack({ extra: [logBucket] }) },
      { title: "the ALB's log bucket (exempt)", stack: [{ type: T.bucket, name: "alb-logs", props: { bucket: "credlink-prod-alb-logs" } }, { type: T.loadBalancer, name: "alb", props: good.alb }] },
    ],
    fail: [{ title: "a bucket without access logging", stack: bucketStack({ omit: ["logging"] }), expect: /access logging/ }],
  });
  const vpc = { type: T.awsxVpc, name: "vpc", urn: urnOf(T.awsxVpc, "vpc"), props: { vpcId: "vpc-123" } };
  const realVpc = { type: T.vpc, name: "vpc", urn: urnOf(T.vpc, "vpc"), parent: vpc.urn, props: { id: "vpc-123" } };
  stackCases(log.vpcFlowLogs, {
    pass: [
      { title: "an awsx VPC with a flow log (mocks)", stack: [vpc, { type: T.flowLog, name: "fl", props: { vpcId: "vpc-123" }, propertyDependencies: { vpcId: [vpc.urn] } }] },
      { title: "a real VPC under awsx with a flow log on the component's vpcId (real engine)", stack: [vpc, realVpc, { type: T.flowLog, name: "fl", props: { vpcId: "unknown" }, propertyDependencies: { vpcId: [vpc.urn] } }] },
    ],
    fail: [{ title: "a VPC without flow logs", stack: [vpc, realVpc], expect: /no flow log/ }],
  });
  resourceCases(log.ecsContainerInsights, {
    pass: [{ title: "enhanced Container Insights", resource: res(T.ecsCluster, good.cluster) }],
    fail: [{ title: "Container Insights disabled", resource: res(T.ecsCluster, { ...good.cluster, settings: [{ name: "containerInsights", value: "disabled" }] }) }],
  });
  resourceCases(log.rdsLogExports, {
    pass: [{ title: "postgresql and upgrade logs exported", resource: res(T.rdsInstance, good.rds) }],
    fail: [{ title: "only upgrade logs", resource: res(T.rdsInstance, { ...good.rds, enabledCloudwatchLogsExports: ["upgrade"] }), expect: /postgresql/ }],
  });
  resourceCases(log.rdsEnhancedMonitoring, {
    pass: [{ title: "60 s enhanced monitoring", resource: res(T.rdsInstance, good.rds) }],
    fail: [{ title: "monitoring off", resource: res(T.rdsInstance, { ...good.rds, monitoringInterval: 0 }) }],
  });
  resourceCases(log.rdsPerformanceInsights, {
    pass: [{ title: "Performance Insights on", resource: res(T.rdsInstance, good.rds) }],
    fail: [{ title: "Performance Insights off", resource: res(T.rdsInstance, { ...good.rds, performanceInsightsEnabled: false }) }],
  });
  resourceCases(log.rdsQueryLogging, {
    pass: [{ title: "slow-query logging", resource: res(T.rdsParameterGroup, good.parameterGroup) }],
    fail: [{ title: "no statement logging", resource: res(T.rdsParameterGroup, { family: "postgres17", parameters: [{ name: "rds.force_ssl", value: "1" }] }) }],
  });
  const acl = { type: T.webAcl, name: "waf", urn: urnOf(T.webAcl, "waf"), props: good.webAcl };
  stackCases(log.wafLogging, {
    pass: [{ title: "a web ACL with logging", stack: [acl, { type: T.webAclLogging, name: "waf-logs", props: { resourceArn: "x" }, propertyDependencies: { resourceArn: [acl.urn] } }] }],
    fail: [{ title: "a web ACL without logging", stack: [acl] }],
  });
  resourceCases(log.alarmActions, {
    pass: [{ title: "an alarm notifying SNS", resource: res(T.metricAlarm, good.alarm) }],
    fail: [
      { title: "an alarm with no actions", resource: res(T.metricAlarm, { ...good.alarm, alarmActions: [] }) },
      { title: "an alarm with actions disabled", resource: res(T.metricAlarm, { ...good.alarm, actionsEnabled: false }) },
    ],
  });
});

describe("reliability policies", () => {
  resourceCases(rel.rdsMultiAz, {
    pass: [{ title: "Multi-AZ", resource: res(T.rdsInstance, good.rds) }],
    fail: [{ title: "single-AZ", resource: res(T.rdsInstance, { ...good.rds, multiAz: false }) }],
  });
  resourceCases(rel.rdsBackupRetention, {
    pass: [
      { title: "14 days against the default of 7", resource: res(T.rdsInstance, good.rds) },
      { title: "1 day with dev's minDays 1", resource: res(T.rdsInstance, { ...good.rds, backupRetentionPeriod: 1 }), config: { minDays: 1 } },
    ],
    fail: [
      { title: "no backups", resource: res(T.rdsInstance, { ...good.rds, backupRetentionPeriod: 0 }) },
      { title: "7 days against prod's minDays 14", resource: res(T.rdsInstance, { ...good.rds, backupRetentionPeriod: 7 }), config: { minDays: 14 }, expect: /at least 14/ },
    ],
  });
  resourceCases(rel.rdsDeletionProtection, {
    pass: [{ title: "deletion protection and a named final snapshot", resource: res(T.rdsInstance, good.rds) }],
    fail: [
      { title: "no deletion protection", resource: res(T.rdsInstance, { ...good.rds, deletionProtection: false }) },
      { title: "skipFinalSnapshot", resource: res(T.rdsInstance, { ...good.rds, skipFinalSnapshot: true }), expect: /skipFinalSnapshot/ },
    ],
  });
  resourceCases(rel.rdsCopyTagsToSnapshot, {
    pass: [{ title: "tags copied", resource: res(T.rdsInstance, good.rds) }],
    fail: [{ title: "tags not copied", resource: res(T.rdsInstance, { ...good.rds, copyTagsToSnapshot: false }) }],
  });
  resourceCases(rel.elasticacheFailover, {
    pass: [{ title: "two nodes, failover, Multi-AZ", resource: res(T.cacheReplicationGroup, good.cache) }],
    fail: [{ title: "a single node", resource: res(T.cacheReplicationGroup, { ...good.cache, numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false }), expect: /replica/ }],
  });
  resourceCases(rel.elasticacheSnapshots, {
    pass: [{ title: "7 days of snapshots", resource: res(T.cacheReplicationGroup, good.cache) }],
    fail: [{ title: "no snapshots", resource: res(T.cacheReplicationGroup, { ...good.cache, snapshotRetentionLimit: 0 }) }],
  });
  stackCases(rel.s3Versioning, {
    pass: [{ title: "versioning enabled", stack: bucketStack() }],
    fail: [
      { title: "no versioning resource", stack: bucketStack({ omit: ["versioning"] }) },
      { title: "versioning suspended", stack: bucketStack({ override: { versioning: { versioningConfiguration: { status: "Suspended" } } } }) },
    ],
  });
  stackCases(rel.s3Lifecycle, {
    pass: [{ title: "an enabled lifecycle rule", stack: bucketStack() }],
    fail: [{ title: "no lifecycle", stack: bucketStack({ omit: ["lifecycle"] }) }],
  });
  stackCases(rel.s3AbortMultipart, {
    pass: [{ title: "incomplete uploads aborted after 7 days", stack: bucketStack() }],
    fail: [{ title: "a lifecycle without the abort rule", stack: bucketStack({ override: { lifecycle: { rules: [{ id: "noncurrent", status: "Enabled", noncurrentVersionExpiration: { noncurrentDays: 90 } }] } } }) }],
  });
  resourceCases(rel.albDeletionProtection, {
    pass: [{ title: "deletion protection", resource: res(T.loadBalancer, good.alb) }],
    fail: [{ title: "no deletion protection", resource: res(T.loadBalancer, { ...good.alb, enableDeletionProtection: false }) }],
  });
  resourceCases(rel.ecsServiceResilience, {
    pass: [
      { title: "2 tasks with circuit-breaker rollback", resource: res(T.ecsService, good.service) },
      { title: "1 task with dev's minTasks 1", resource: res(T.ecsService, { ...good.service, desiredCount: 1 }), config: { minTasks: 1 } },
      {
        title: "a CANARY deployment rolled back by its deployment alarms",
        resource: res(T.ecsService, { ...good.service, deploymentConfiguration: { strategy: "CANARY" }, alarms: { alarmNames: ["x-5xx-rate"], enable: true, rollback: true } }),
      },
    ],
    fail: [
      { title: "one task against the default of 2", resource: res(T.ecsService, { ...good.service, desiredCount: 1 }), expect: /desiredCount/ },
      { title: "no rollback", resource: res(T.ecsService, { ...good.service, deploymentCircuitBreaker: { enable: true, rollback: false } }), expect: /rollback/ },
      // The breaker alone does not roll a canary back.
      {
        title: "a CANARY deployment with the circuit breaker but no alarm rollback",
        resource: res(T.ecsService, { ...good.service, deploymentConfiguration: { strategy: "CANARY" }, alarms: { alarmNames: ["x-5xx-rate"], enable: true, rollback: false } }),
        expect: /the circuit breaker does not roll a canary back/,
      },
    ],
  });
});
