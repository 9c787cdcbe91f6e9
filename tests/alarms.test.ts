/**
 * Alarms (credlink:ops:Alarms): every tier's golden signals, sized from the stack's settings, with deliberate
 * missing-data handling and the page/notify split; and their wiring in the dev and prod programs.
 */
import { expect } from "chai";
import {
  Alarms,
  AlarmsArgs,
  creditBalanceThreshold,
  postgresMaxConnections,
  resolveAlarmsArgs,
  validateAlarmsArgs,
} from "../components/ops/alarms";
import { Recorder } from "../tools/offline/mocks";
import { runComponent, runProgram } from "../tools/offline/program";
import { LOAD_BALANCER_SUFFIX, TARGET_GROUP_SUFFIX } from "./fixtures/app";
import { committedProgram } from "./helpers/programs";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const NAME = "credlink-prod-ops";
const NOTIFY = "arn:aws:sns:us-east-1:123456789012:credlink-prod-notify";
const PAGE = "arn:aws:sns:us-east-1:123456789012:credlink-prod-page";

function args(patch: Partial<AlarmsArgs> = {}): AlarmsArgs {
  return {
    notifyTopicArn: NOTIFY,
    pageTopicArn: PAGE,
    loadBalancerArnSuffix: LOAD_BALANCER_SUFFIX,
    targetGroupArnSuffix: TARGET_GROUP_SUFFIX,
    clusterName: "credlink-prod-1a2b3c4",
    serviceName: "credlink-prod-5d6e7f8",
    databaseIdentifier: "credlink-prod-db-9a8b7c6",
    databaseInstanceClass: "db.t4g.micro",
    databaseAllocatedStorageGb: 20,
    cacheReplicationGroupId: "credlink-prod-cache-0f1e2d3",
    cacheNodes: 2,
    cacheNodeType: "cache.t4g.micro",
    replication: { sourceBucket: "credlink-prod-proofs-1111111", destinationBucket: "credlink-prod-proofs-replica-2222222", ruleId: "proofs-to-dr" },
    ...patch,
  };
}

const inputsOf = (rec: Recorder, role: string, name = NAME) => rec.one(ALARM, `${name}-${role}`).inputs;

describe("Alarms", () => {
  describe("GIVEN only the notify topic (the program's wiring: the page is raised by a composite)", () => {
    let rec: Recorder;
    let alarms: Alarms;
    before(async () => {
      ({ recorder: rec, result: alarms } = await runComponent(() => new Alarms(NAME, args({ pageTopicArn: undefined }))));
    });

    it("WHEN built THEN every alarm notifies, the two 5xx-rate alarms included, and tells the topic when it clears", () => {
      const actions = rec.ofType(ALARM).map((a) => [a.name, a.inputs.alarmActions, a.inputs.okActions]);
      expect(actions.filter(([, alarm, ok]) => JSON.stringify([alarm, ok]) !== JSON.stringify([[NOTIFY], [NOTIFY]]))).to.deep.equal([]);
      expect(actions).to.have.length(20);
    });

    it("WHEN built THEN pagingAlarmNames lists exactly the two 5xx-rate alarms, for the composite that pages", async () => {
      const names = await new Promise<string[]>((resolve) => alarms.pagingAlarmNames.apply(resolve));
      expect(names).to.deep.equal([rec.one(ALARM, `${NAME}-alb-5xx-rate`).state.name, rec.one(ALARM, `${NAME}-target-5xx-rate`).state.name]);
    });
  });

  describe("GIVEN a burstable database, two burstable cache nodes, DR replication and both topics", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(() => new Alarms(NAME, args())));
    });

    it("WHEN built THEN it creates exactly these alarms, each a child of the component", () => {
      const component = rec.one("credlink:ops:Alarms");
      const alarms = rec.ofType(ALARM);
      expect(alarms.map((a) => a.name.slice(NAME.length + 1))).to.have.members([
        "alb-5xx-rate",
        "target-5xx-rate",
        "unhealthy-hosts",
        "tasks-below-desired",
        "task-cpu",
        "task-memory",
        "db-cpu",
        "db-cpu-credits",
        "db-free-storage",
        "db-connections",
        ...["001", "002"].flatMap((n) => [`cache-${n}-engine-cpu`, `cache-${n}-memory`, `cache-${n}-evictions`, `cache-${n}-cpu-credits`]),
        "proof-replication-failed",
        "proof-replication-behind",
      ]);
      expect(alarms.every((a) => a.parent === component.urn)).to.equal(true);
      expect(rec.duplicateUrns()).to.deep.equal([]);
    });

    it("WHEN built THEN only the two 5xx-rate alarms page; every other alarm notifies, and tells the same topic when it clears", () => {
      const bySeverity = rec.ofType(ALARM).map((a) => [a.name.slice(NAME.length + 1), a.inputs.alarmActions, a.inputs.okActions]);
      for (const [role, actions, ok] of bySeverity) {
        const expected = role === "alb-5xx-rate" || role === "target-5xx-rate" ? [PAGE] : [NOTIFY];
        expect([role, actions, ok]).to.deep.equal([role, expected, expected]);
      }
    });

    it("WHEN built THEN the load balancer's 5xx rate is metric math over its RequestCount, 3 of 5 minutes above 5%, no traffic not breaching", () => {
      expect(inputsOf(rec, "alb-5xx-rate")).to.deep.equal({
        alarmDescription: "[page] CredLink credlink-prod-ops: more than 5% of requests got a 5xx from the load balancer in 3 of the last 5 minutes",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 5,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        metricQueries: [
          {
            id: "errors",
            returnData: false,
            metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_ELB_5XX_Count", stat: "Sum", period: 60, dimensions: { LoadBalancer: LOAD_BALANCER_SUFFIX } },
          },
          {
            id: "requests",
            returnData: false,
            metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", stat: "Sum", period: 60, dimensions: { LoadBalancer: LOAD_BALANCER_SUFFIX } },
          },
          { id: "rate", label: "5xx from the load balancer (% of requests)", returnData: true, expression: "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)" },
        ],
        alarmActions: [PAGE],
        okActions: [PAGE],
      });
    });

    it("WHEN built THEN the targets' 5xx rate is the target group's 5xx over the target group's requests (not the redirects)", () => {
      const queries = inputsOf(rec, "target-5xx-rate").metricQueries;
      const tg = { LoadBalancer: LOAD_BALANCER_SUFFIX, TargetGroup: TARGET_GROUP_SUFFIX };
      expect(queries.map((q: any) => [q.id, q.metric?.metricName, q.metric?.dimensions, q.expression])).to.deep.equal([
        ["errors", "HTTPCode_Target_5XX_Count", tg, undefined],
        ["requests", "RequestCount", tg, undefined],
        ["rate", undefined, undefined, "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)"],
      ]);
    });

    it("WHEN built THEN unhealthy hosts notify after 5 minutes with any unhealthy target", () => {
      expect(inputsOf(rec, "unhealthy-hosts")).to.deep.equal({
        alarmDescription: "[notify] CredLink credlink-prod-ops: a target failed the load balancer's health check for 5 minutes",
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { LoadBalancer: LOAD_BALANCER_SUFFIX, TargetGroup: TARGET_GROUP_SUFFIX },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
        alarmActions: [NOTIFY],
        okActions: [NOTIFY],
      });
    });

    it("WHEN built THEN tasks below desired compares Container Insights' two counts for 10 minutes, and silence is breaching", () => {
      const dimensions = { ClusterName: "credlink-prod-1a2b3c4", ServiceName: "credlink-prod-5d6e7f8" };
      expect(inputsOf(rec, "tasks-below-desired")).to.deep.equal({
        alarmDescription: "[notify] CredLink credlink-prod-ops: fewer tasks running than desired for 10 minutes (tasks crash, cannot start or cannot be placed)",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        evaluationPeriods: 10,
        datapointsToAlarm: 10,
        treatMissingData: "breaching",
        metricQueries: [
          { id: "desired", returnData: false, metric: { namespace: "ECS/ContainerInsights", metricName: "DesiredTaskCount", stat: "Maximum", period: 60, dimensions } },
          { id: "running", returnData: false, metric: { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", stat: "Minimum", period: 60, dimensions } },
          { id: "missing", label: "Tasks below desired", returnData: true, expression: "desired - running" },
        ],
        alarmActions: [NOTIFY],
        okActions: [NOTIFY],
      });
    });

    it("WHEN built THEN task CPU and memory alarm above 85% (average, 3 x 5 minutes) on the service", () => {
      for (const [role, metricName] of [["task-cpu", "CPUUtilization"], ["task-memory", "MemoryUtilization"]]) {
        const a = inputsOf(rec, role);
        expect([a.namespace, a.metricName, a.dimensions, a.statistic, a.period, a.evaluationPeriods, a.datapointsToAlarm, a.comparisonOperator, a.threshold, a.treatMissingData]).to.deep.equal([
          "AWS/ECS", metricName, { ClusterName: "credlink-prod-1a2b3c4", ServiceName: "credlink-prod-5d6e7f8" }, "Average", 300, 3, 3, "GreaterThanThreshold", 85, "notBreaching",
        ]);
      }
    });

    it("WHEN built THEN database connections alarm above 70% of db.t4g.micro's default max_connections (112 -> 78)", () => {
      expect(inputsOf(rec, "db-connections")).to.deep.equal({
        alarmDescription: "[notify] CredLink credlink-prod-ops: more than 78 database connections (70% of max_connections 112 for db.t4g.micro)",
        namespace: "AWS/RDS",
        dimensions: { DBInstanceIdentifier: "credlink-prod-db-9a8b7c6" },
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        metricName: "DatabaseConnections",
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 78,
        alarmActions: [NOTIFY],
        okActions: [NOTIFY],
      });
    });

    it("WHEN built THEN free storage alarms below 10% of the 20 GB allocated, in bytes; CPU above 80%; credits below 29 (10% of 288)", () => {
      const pick = (role: string) => { const a = inputsOf(rec, role); return [a.metricName, a.statistic, a.comparisonOperator, a.threshold]; };
      expect(pick("db-free-storage")).to.deep.equal(["FreeStorageSpace", "Minimum", "LessThanThreshold", 2147483648]);
      expect(pick("db-cpu")).to.deep.equal(["CPUUtilization", "Average", "GreaterThanThreshold", 80]);
      expect(pick("db-cpu-credits")).to.deep.equal(["CPUCreditBalance", "Minimum", "LessThanThreshold", 29]);
    });

    it("WHEN built THEN each cache node has its own alarms, on its member cluster id", () => {
      const cache = rec.ofType(ALARM).filter((a) => a.name.includes("-cache-"));
      // Registration order follows when each alarm's inputs resolve: compare as a set (have.members also checks the count).
      expect(cache.map((a) => [a.name.slice(NAME.length + 1), a.inputs.namespace, a.inputs.metricName, a.inputs.dimensions, a.inputs.statistic, a.inputs.comparisonOperator, a.inputs.threshold, a.inputs.treatMissingData])).to.have.deep.members(
        ["001", "002"].flatMap((n) => {
          const dims = { CacheClusterId: `credlink-prod-cache-0f1e2d3-${n}` };
          return [
            [`cache-${n}-engine-cpu`, "AWS/ElastiCache", "EngineCPUUtilization", dims, "Average", "GreaterThanThreshold", 80, "notBreaching"],
            [`cache-${n}-memory`, "AWS/ElastiCache", "DatabaseMemoryUsagePercentage", dims, "Maximum", "GreaterThanThreshold", 80, "notBreaching"],
            [`cache-${n}-evictions`, "AWS/ElastiCache", "Evictions", dims, "Sum", "GreaterThanThreshold", 0, "notBreaching"],
            [`cache-${n}-cpu-credits`, "AWS/ElastiCache", "CPUCreditBalance", dims, "Minimum", "LessThanThreshold", 29, "notBreaching"],
          ];
        }),
      );
    });

    it("WHEN built THEN failed proof replication, and a replica more than 15 minutes behind, notify on the rule's metrics (no page topic for the copy)", () => {
      const dimensions = { SourceBucket: "credlink-prod-proofs-1111111", DestinationBucket: "credlink-prod-proofs-replica-2222222", RuleId: "proofs-to-dr" };
      expect(inputsOf(rec, "proof-replication-failed")).to.deep.equal({
        alarmDescription: "[notify] CredLink credlink-prod-ops: proof objects failed to replicate to the DR bucket in the last 5 minutes",
        namespace: "AWS/S3",
        metricName: "OperationsFailedReplication",
        dimensions,
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
        alarmActions: [NOTIFY],
        okActions: [NOTIFY],
      });
      expect(inputsOf(rec, "proof-replication-behind")).to.deep.equal({
        alarmDescription: "[notify] CredLink credlink-prod-ops: the DR bucket has been more than 15 minutes behind the proof bucket for 15 minutes (the region RPO)",
        namespace: "AWS/S3",
        metricName: "ReplicationLatency",
        dimensions,
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 900,
        treatMissingData: "notBreaching",
        alarmActions: [NOTIFY],
        okActions: [NOTIFY],
      });
    });
  });

  describe("GIVEN non-burstable classes, no replication and no topics", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(
        () =>
          new Alarms(NAME, args({ notifyTopicArn: undefined, pageTopicArn: undefined, databaseInstanceClass: "db.r7g.large", cacheNodeType: "cache.r7g.large", cacheNodes: 1, replication: undefined })),
      ));
    });

    it("WHEN built THEN there are no credit or replication alarms, the connection limit follows the class (16 GiB -> 1802 -> 1261), and no actions", () => {
      const names = rec.ofType(ALARM).map((a) => a.name.slice(NAME.length + 1));
      expect(names).to.have.members([
        "alb-5xx-rate", "target-5xx-rate", "unhealthy-hosts", "tasks-below-desired", "task-cpu", "task-memory",
        "db-cpu", "db-free-storage", "db-connections", "cache-001-engine-cpu", "cache-001-memory", "cache-001-evictions",
      ]);
      expect(inputsOf(rec, "db-connections").threshold).to.equal(1261);
      expect(rec.ofType(ALARM).every((a) => a.inputs.alarmActions.length === 0 && a.inputs.okActions.length === 0)).to.equal(true);
    });
  });

  describe("sizing and validation", () => {
    it("GIVEN the class table THEN max_connections is LEAST(memory / 9531392, 5000)", () => {
      expect(["db.t4g.micro", "db.t4g.small", "db.m7g.large", "db.r6i.16xlarge"].map(postgresMaxConnections)).to.deep.equal([112, 225, 901, 5000]);
    });

    it("GIVEN burstable sizes THEN the credit threshold is 10% of 24 hours' earnings; other families have none", () => {
      expect(["db.t4g.micro", "cache.t3.small", "db.t4g.2xlarge", "db.m7g.large", "cache.r7g.large"].map((c) => creditBalanceThreshold(c, "x"))).to.deep.equal([29, 58, 461, undefined, undefined]);
    });

    it("GIVEN a class without a memory figure THEN it is rejected, naming databaseInstanceClass", () => {
      expect(() => validateAlarmsArgs(resolveAlarmsArgs(args({ databaseInstanceClass: "db.x2g.large" })))).to.throw(/^databaseInstanceClass must be a class with a known memory size .* got "db.x2g.large"$/);
    });

    it("GIVEN percentages THEN 100 is accepted and 0 and 100.5 are rejected, naming the argument", () => {
      expect(() => validateAlarmsArgs(resolveAlarmsArgs(args({ cpuPercent: 100 })))).to.not.throw();
      expect(() => validateAlarmsArgs(resolveAlarmsArgs(args({ cpuPercent: 0 })))).to.throw("cpuPercent must be greater than 0 and at most 100, got 0");
      expect(() => validateAlarmsArgs(resolveAlarmsArgs(args({ databaseConnectionsPercent: 100.5 })))).to.throw("databaseConnectionsPercent must be greater than 0 and at most 100, got 100.5");
    });

    it("GIVEN cache node counts THEN 1 and 6 are accepted, 0 and 7 rejected", () => {
      for (const n of [1, 6]) expect(() => validateAlarmsArgs(resolveAlarmsArgs(args({ cacheNodes: n })))).to.not.throw();
      for (const n of [0, 7]) expect(() => validateAlarmsArgs(resolveAlarmsArgs(args({ cacheNodes: n })))).to.throw(`cacheNodes must be an integer from 1 to 6 (a primary and up to 5 replicas), got ${n}`);
    });

    it("GIVEN allocated storage THEN 20 is accepted and 19 rejected", () => {
      expect(() => validateAlarmsArgs(resolveAlarmsArgs(args({ databaseAllocatedStorageGb: 20 })))).to.not.throw();
      expect(() => validateAlarmsArgs(resolveAlarmsArgs(args({ databaseAllocatedStorageGb: 19 })))).to.throw("databaseAllocatedStorageGb must be an integer of at least 20, got 19");
    });
  });
});

describe("the alarms in the programs", () => {
  const opsAlarms = (rec: Recorder, stack: string) =>
    rec.ofType(ALARM).filter((a) => a.parent === rec.one("credlink:ops:Alarms").urn).map((a) => a.name.slice(`credlink-${stack}-ops-`.length));

  describe("GIVEN the committed prod stack", () => {
    let rec: Recorder;
    let outputs: Record<string, any>;
    before(async () => {
      ({ recorder: rec, outputs } = await committedProgram("prod"));
    });

    it("WHEN it runs THEN every tier is watched: two cache nodes, the DR replication, burstable credits", () => {
      expect(opsAlarms(rec, "prod")).to.have.members([
        "alb-5xx-rate", "unhealthy-hosts", "tasks-below-desired", "task-cpu", "task-memory",
        "db-cpu", "db-cpu-credits", "db-free-storage", "db-connections",
        ...["001", "002"].flatMap((n) => [`cache-${n}-engine-cpu`, `cache-${n}-memory`, `cache-${n}-evictions`, `cache-${n}-cpu-credits`]),
        "proof-replication-failed",
        "proof-replication-behind",
      ]);
      expect(Object.keys(outputs.alarmNames)).to.have.length(19);
    });

    // Old: failed replication only notified, and nothing watched how far behind the replica was: the region RPO could
    // silently become whatever the replica last received.
    it("WHEN it runs THEN the proof replica failing or falling behind pages prod's page topic on its own, outside the users-failing composite", () => {
      const page = outputs.pageTopicArn;
      const replication = ["proof-replication-failed", "proof-replication-behind"].map((role) => rec.one(ALARM, `credlink-prod-ops-${role}`));
      expect(replication.map((a) => [a.inputs.alarmActions, a.inputs.okActions, a.inputs.alarmDescription.slice(0, 6)])).to.deep.equal([
        [[page], [page], "[page]"],
        [[page], [page], "[page]"],
      ]);
      const composite = rec.one("aws:cloudwatch/compositeAlarm:CompositeAlarm", "credlink-prod-service-degraded").inputs.alarmRule;
      for (const a of replication) expect(composite).not.to.include(a.state.name);
    });

    it("WHEN it runs THEN the dimensions are the program's own load balancer, service, database, cache group and buckets", () => {
      const a = (role: string) => rec.one(ALARM, `credlink-prod-ops-${role}`).inputs;
      // CANARY: ECS swaps the two target groups on every deployment, so the alarm reads both.
      const lb = rec.one("aws:lb/loadBalancer:LoadBalancer").state.arnSuffix;
      expect(a("unhealthy-hosts").metricQueries.filter((q: any) => q.metric).map((q: any) => q.metric.dimensions)).to.deep.equal(
        ["credlink-prod", "credlink-prod-alt"].map((tg) => ({ LoadBalancer: lb, TargetGroup: rec.one("aws:lb/targetGroup:TargetGroup", tg).state.arnSuffix })),
      );
      expect(a("task-cpu").dimensions).to.deep.equal({ ClusterName: outputs.clusterName, ServiceName: outputs.serviceName });
      expect(a("db-connections").dimensions).to.deep.equal({ DBInstanceIdentifier: rec.one("aws:rds/instance:Instance").state.identifier });
      const group = rec.one("aws:elasticache/replicationGroup:ReplicationGroup").state;
      expect(a("cache-002-memory").dimensions).to.deep.equal({ CacheClusterId: group.memberClusters[1] });
      expect(a("proof-replication-failed").dimensions).to.deep.equal({ SourceBucket: outputs.proofBucketName, DestinationBucket: outputs.proofReplicaBucketName, RuleId: "proofs-to-dr" });
    });

    it("WHEN it runs THEN thresholds follow prod's sizes: db.t4g.micro connections, 20 GB allocated, cache.t4g.micro credits", () => {
      const t = (role: string) => rec.one(ALARM, `credlink-prod-ops-${role}`).inputs.threshold;
      expect([t("db-connections"), t("db-free-storage"), t("db-cpu-credits"), t("cache-001-cpu-credits")]).to.deep.equal([78, 2147483648, 29, 29]);
    });
  });

  // Dev lean: committed dev builds no tier alarms (credlink:ops.level lean); this run sets full.
  describe("GIVEN the dev stack with credlink:ops.level full, a bigger database and no replicas", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runProgram("dev", { "credlink:database": { instanceClass: "db.m7g.large", allocatedStorageGb: 50 }, "credlink:ops": { level: "full" } }));
    });

    it("WHEN it runs THEN there is one cache node's set, no replication alarm and no database credit alarm", () => {
      expect(opsAlarms(rec, "dev")).to.have.members([
        "alb-5xx-rate", "unhealthy-hosts", "tasks-below-desired", "task-cpu", "task-memory",
        "db-cpu", "db-free-storage", "db-connections",
        "cache-001-engine-cpu", "cache-001-memory", "cache-001-evictions", "cache-001-cpu-credits",
      ]);
    });

    it("WHEN it runs THEN the database thresholds follow the configured class and storage (db.m7g.large: 901 -> 630; 50 GB -> 5 GB)", () => {
      const t = (role: string) => rec.one(ALARM, `credlink-dev-ops-${role}`).inputs.threshold;
      expect([t("db-connections"), t("db-free-storage")]).to.deep.equal([630, 5368709120]);
    });
  });
});
