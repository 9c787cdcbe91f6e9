/** The cost model against figures computed by hand from policy/cost/prices.ts (730 h/month). */
import * as assert from "node:assert/strict";
import { compositeAvailability } from "../../policy/cost/availability";
import { CostResource, estimateCost } from "../../policy/cost/estimate";
import { loadUsage } from "../../policy/cost/usage";
import { T } from "../../policy/lib/types";
import { analyzeProgram, urnOf } from "../../tools/offline/policy";
import { good } from "./fixtures";

const r = (type: string, name: string, props: Record<string, any>, extra: Partial<CostResource> = {}): CostResource => ({ type, name, urn: urnOf(type, name), props, ...extra });
/** The sum of line amounts, each rounded to whole cents (half a cent up) as the model rounds them. */
const linesInCents = (...usd: number[]) => usd.reduce((a, x) => a + Math.round(Math.round(x * 1e6) / 1e4), 0);
const close = (actual: number, expected: number, what = "") => assert.ok(Math.abs(actual - expected) < 0.005, `${what} expected $${expected}, got $${actual}`);
const vpc = (strategy: string, azs: number) => r(T.awsxVpc, "vpc", { numberOfAvailabilityZones: azs, natGateways: { strategy }, subnetSpecs: [{ type: "Public" }, { type: "Private" }] });

describe("cost model", () => {
  it("GIVEN one NAT gateway and its EIP THEN 730 x 0.045 + 730 x 0.005 = $36.50 baseline", () => {
    const e = estimateCost([r(T.natGateway, "nat", {}), r(T.eip, "eip", { domain: "vpc" })]);
    close(e.totals.baselineUsd, 36.5);
    assert.equal(e.totals.usageUsd, 0);
  });

  it("GIVEN an awsx VPC with strategy Single and no visible children THEN one NAT and one IPv4 are inferred: $36.50", () => {
    close(estimateCost([vpc("Single", 2)]).totals.baselineUsd, 36.5);
  });

  it("GIVEN OnePerAz over 2 AZs THEN $73.00; over 3 AZs THEN $109.50", () => {
    close(estimateCost([vpc("OnePerAz", 2)]).totals.baselineUsd, 73);
    close(estimateCost([vpc("OnePerAz", 3)]).totals.baselineUsd, 109.5);
  });

  it("GIVEN the awsx VPC AND its real NAT gateways and EIPs (the real engine) THEN each is counted once: $73.00", () => {
    const parent = urnOf(T.awsxVpc, "vpc");
    const children = [1, 2].flatMap((i) => [r(T.natGateway, `vpc-${i}`, {}, { parent }), r(T.eip, `vpc-${i}`, { domain: "vpc" }, { parent }), r(T.subnet, `vpc-public-${i}`, {}, { parent })]);
    close(estimateCost([vpc("OnePerAz", 2), ...children]).totals.baselineUsd, 73);
  });

  it("GIVEN an internet-facing ALB in 2 AZs THEN 730 x 0.0225 + 2 x 730 x 0.005 = $23.73", () => {
    close(estimateCost([r(T.loadBalancer, "alb", good.alb)]).totals.baselineUsd, 16.425 + 7.3);
  });

  it("GIVEN the prod shape with 0.5 vCPU / 1 GB tasks and a 3-rule WAF THEN the baseline would be $189.82: over $185, while 0.25 vCPU / 0.5 GB tasks fit", () => {
    // 2 NAT + IPv4 73.00; ALB + 2 IPv4 23.725; 2 ARM tasks 0.5 vCPU/1 GB 28.835; RDS micro Multi-AZ 20 GB + managed
    // secret 28.36; Valkey micro x2 18.688; 5 keys 5; cache secret 0.40; WAF 3 rules 8; dashboard 3; 4 alarms 0.40;
    // 2 target-tracking policies 0.40.
    const td = r(T.ecsTaskDefinition, "api", good.taskDefinition);
    const stack = [
      vpc("OnePerAz", 2),
      r(T.loadBalancer, "alb", good.alb),
      td,
      r(T.ecsService, "api", good.service, { propertyDependencies: { taskDefinition: [td.urn] } }),
      r(T.rdsInstance, "db", good.rds),
      r(T.cacheReplicationGroup, "cache", good.cache),
      ...[1, 2, 3, 4, 5].map((i) => r(T.kmsKey, `k${i}`, good.kmsKey)),
      r(T.secret, "cache-auth", good.secret),
      r(T.webAcl, "waf", good.webAcl),
      r(T.dashboard, "ops", {}),
      ...[1, 2, 3, 4].map((i) => r(T.metricAlarm, `a${i}`, good.alarm)),
      ...["cpu", "requests"].map((n) => r("aws:appautoscaling/policy:Policy", n, { policyType: "TargetTrackingScaling" })),
    ];
    // Each line is rounded to whole cents once (ALB hours 16.425 -> 16.43, tasks 28.835 -> 28.84, Valkey 18.688 ->
    // 18.69), so the total is the sum of the lines a reader sees.
    assert.equal(estimateCost(stack).totals.baselineCents, linesInCents(65.7, 7.3, 16.425, 7.3, 28.835, 23.36, 4.6, 0.4, 18.688, 5, 0.4, 8, 3, 0.4, 0.4));
    assert.equal(linesInCents(65.7, 7.3, 16.425, 7.3, 28.835, 23.36, 4.6, 0.4, 18.688, 5, 0.4, 8, 3, 0.4, 0.4), 18982);
    const smallTasks = stack.map((x) => (x === td ? r(T.ecsTaskDefinition, "api", { ...good.taskDefinition, cpu: "256", memory: "512" }) : x));
    assert.ok(estimateCost(smallTasks).totals.baselineUsd < 185, "0.25 vCPU / 0.5 GB ARM tasks bring it under $185");
  });

  it("GIVEN 2 ARM Fargate tasks of 0.5 vCPU / 1 GB THEN 2 x 730 x (0.5 x 0.03238 + 1 x 0.00356) = $28.84", () => {
    const td = r(T.ecsTaskDefinition, "api", { ...good.taskDefinition, arn: "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1" });
    const svc = r(T.ecsService, "api", { ...good.service, taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1" });
    close(estimateCost([td, svc]).totals.baselineUsd, 2 * 730 * (0.5 * 0.03238 + 1 * 0.00356));
  });

  it("GIVEN the same tasks on x86 THEN 2 x 730 x (0.5 x 0.04048 + 1 x 0.004445) = $36.04", () => {
    const td = r(T.ecsTaskDefinition, "api", { ...good.taskDefinition, runtimePlatform: undefined });
    const svc = r(T.ecsService, "api", good.service, { propertyDependencies: { taskDefinition: [td.urn] } });
    close(estimateCost([td, svc]).totals.baselineUsd, 2 * 730 * (0.5 * 0.04048 + 0.004445));
  });

  it("GIVEN RDS PostgreSQL db.t4g.micro Multi-AZ with 20 GB gp3 and an RDS-managed secret THEN 730 x 0.032 + 20 x 0.23 + 0.40 = $28.36", () => {
    close(estimateCost([r(T.rdsInstance, "db", good.rds)]).totals.baselineUsd, 23.36 + 4.6 + 0.4);
  });

  it("GIVEN the same DB single-AZ without a managed secret THEN 730 x 0.016 + 20 x 0.115 = $13.98", () => {
    close(estimateCost([r(T.rdsInstance, "db", { ...good.rds, multiAz: false, manageMasterUserPassword: false })]).totals.baselineUsd, 11.68 + 2.3);
  });

  it("GIVEN a target-tracking scaling policy THEN its two AWS-created alarms cost 2 x $0.10", () => {
    close(estimateCost([r("aws:appautoscaling/policy:Policy", "cpu", { policyType: "TargetTrackingScaling" })]).totals.baselineUsd, 0.2);
  });

  it("GIVEN Valkey cache.t4g.micro x 2 THEN 2 x 730 x 0.0128 = $18.69; Redis OSS THEN $23.36", () => {
    close(estimateCost([r(T.cacheReplicationGroup, "cache", good.cache)]).totals.baselineUsd, 18.688);
    close(estimateCost([r(T.cacheReplicationGroup, "cache", { ...good.cache, engine: "redis" })]).totals.baselineUsd, 23.36);
  });

  it("GIVEN 3 KMS keys, 2 secrets, a WAF with 3 rules, a dashboard and 2 alarms THEN 3 + 0.80 + 8 + 3 + 0.20 = $15.00", () => {
    const e = estimateCost([
      ...[1, 2, 3].map((i) => r(T.kmsKey, `k${i}`, good.kmsKey)),
      ...[1, 2].map((i) => r(T.secret, `s${i}`, good.secret)),
      r(T.webAcl, "waf", good.webAcl),
      r(T.dashboard, "ops", {}),
      ...[1, 2].map((i) => r(T.metricAlarm, `a${i}`, good.alarm)),
    ]);
    close(e.totals.baselineUsd, 15);
  });

  it("GIVEN a metric-math alarm over 2 metrics and a single-metric alarm THEN each metric is an alarm metric: 3 x $0.10", () => {
    const math = r(T.metricAlarm, "rate", { metricQueries: [{ id: "a", metric: { metricName: "A", period: 60 } }, { id: "b", metric: { metricName: "B", period: 60 } }, { id: "e", expression: "a / b" }] });
    const e = estimateCost([math, r(T.metricAlarm, "one", { metricName: "C", period: 300 })]);
    assert.deepEqual(e.items.filter((i) => i.urn).map((i) => [i.item, i.baselineCents]), [["CloudWatch alarm (2 metrics)", 20], ["CloudWatch alarm (1 metric)", 10]]);
  });

  it("GIVEN an HTTPS endpoint health check THEN the non-AWS rate plus the HTTPS feature: $0.75 + $2; latency, fast interval and string matching add $2 each", () => {
    const basic = estimateCost([r(T.route53HealthCheck, "up", { type: "HTTPS", requestInterval: 30, measureLatency: false })]);
    assert.deepEqual(basic.items.filter((i) => i.urn).map((i) => [i.item, i.baselineCents]), [["Route 53 health check (HTTPS)", 75], ["Route 53 health check optional feature: HTTPS", 200]]);
    const all = estimateCost([r(T.route53HealthCheck, "up", { type: "HTTPS_STR_MATCH", requestInterval: 10, measureLatency: true })]);
    assert.equal(all.totals.baselineCents, 75 + 4 * 200);
    const calculated = estimateCost([r(T.route53HealthCheck, "calc", { type: "CALCULATED" })]);
    assert.deepEqual(calculated.items.filter((i) => i.urn).map((i) => [i.item, i.baselineCents]), [["Route 53 health check (CALCULATED)", 50]]);
  });

  it("GIVEN a replication rule with metrics THEN its 4 replication metrics cost 4 x $0.30; without metrics it is free", () => {
    const rule = (metrics?: object) => ({ id: "dr", status: "Enabled", destination: { bucket: "arn:aws:s3:::b", ...(metrics ? { metrics } : {}) } });
    const on = estimateCost([r("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "p", { rules: [rule({ status: "Enabled", eventThreshold: { minutes: 15 } })] })]);
    const transfer = ["S3 replication transfer to the DR region", 0, "usage-unknown"];
    assert.deepEqual(on.items.filter((i) => i.urn).map((i) => [i.item, i.baselineCents, i.kind]), [["S3 replication metrics (1 rule, 4 metrics)", 120, "priced"], transfer]);
    const off = estimateCost([r("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "p", { rules: [rule()] })]);
    assert.deepEqual(off.items.filter((i) => i.urn).map((i) => [i.item, i.baselineCents, i.kind]), [["BucketReplicationConfig", 0, "free"], transfer]);
  });

  it("GIVEN a type the model can't price THEN it is listed as unpriced and not in the totals", () => {
    const e = estimateCost([r("aws:opensearch/domain:Domain", "search", {}), r(T.kmsKey, "k", good.kmsKey)]);
    assert.deepEqual(e.unpriced.map((i) => i.resource), ["search"]);
    close(e.totals.baselineUsd, 1);
  });

  it("GIVEN no usage file THEN usage lines say 'depends on usage' and add nothing; WITH usage THEN NAT data is 50 GB x $0.045", () => {
    const without = estimateCost([vpc("OnePerAz", 2)]);
    const nat = without.items.find((i) => i.item.startsWith("NAT data processing"))!;
    assert.equal(nat.kind, "usage-unknown");
    assert.match(nat.how, /depends on usage: \$0.045/);
    assert.equal(without.totals.usageUsd, 0);
    const withUsage = estimateCost([vpc("OnePerAz", 2)], { usage: { natGateway: { gbProcessed: 50 } } });
    close(withUsage.items.find((i) => i.item.startsWith("NAT data processing"))!.usageUsd, 2.25);
  });

  it("GIVEN usage.yml THEN both stacks have assumptions for every usage key the model reads", () => {
    for (const stack of ["dev", "prod"]) {
      const u = loadUsage(stack);
      for (const key of ["natGateway", "loadBalancer", "fargate", "cloudwatchLogs", "s3", "ecr", "kms", "secretsManager", "waf", "route53", "guardDuty", "rds", "elasticache", "backup", "dataTransfer"]) {
        assert.ok((u as Record<string, unknown>)[key], `usage.yml ${stack} has no ${key}`);
      }
    }
  });

  it("GIVEN an unknown ALB subnet list (first preview) THEN it assumes 2 AZs and says so", () => {
    const e = estimateCost([r(T.loadBalancer, "alb", { ...good.alb, subnets: undefined })]);
    close(e.totals.baselineUsd, 23.725);
    assert.match(e.assumptions.join("\n"), /assumed 2 AZs/);
  });

  it("GIVEN the prod request path (ALB 2 AZ, 2 tasks, Multi-AZ RDS, Multi-AZ Valkey) THEN the composite availability is 99.92%", () => {
    const a = compositeAvailability([r(T.loadBalancer, "alb", good.alb), r(T.ecsService, "api", good.service), r(T.rdsInstance, "db", good.rds), r(T.cacheReplicationGroup, "cache", good.cache)]);
    assert.equal(Math.round(a.compositePct! * 100) / 100, 99.92);
    assert.deepEqual(a.missing, []);
  });

  describe("whole programs under mocks", () => {
    // Hand-computed from what main builds today (network, data tier, app tier; no WAF or observability yet):
    //   dev:  1 NAT 32.85 + IPv4 3.65; 6 keys (flow logs, db, cache, proofs, ecr, service logs) 6; db.t4g.micro
    //         single-AZ 11.68 + 20 GB gp3 2.30 + RDS-managed secret 0.40; Valkey micro x1 9.344 + auth secret 0.40;
    //         ALB 16.425 + 2 IPv4 7.30; 1 ARM task 0.25 vCPU / 0.5 GB 730 x (0.25 x 0.03238 + 0.5 x 0.00356);
    //         alarms: p95 (1 metric) 0.10 + 5xx rate (2 metrics) 0.20; 2 target-tracking policies x 2 alarms 0.40
    //   prod: 2 NAT 65.70 + 2 IPv4 7.30; 7 keys (+ DR replica) 7; db.t4g.micro Multi-AZ 23.36 + 20 GB 4.60 + secret
    //         0.40; Valkey micro x2 18.688 + secret 0.40; ALB 23.725; 2 ARM tasks 0.25 vCPU / 1 GB
    //         2 x 730 x (0.25 x 0.03238 + 1 x 0.00356); alarms 0.30; target tracking 0.40
    //   both, operations: the alert topics' key 1; five SLO burn-rate alarms of 4 metrics each (requests,
    //         target 5xx, ELB 5xx, slow) 0.40 each; three composite alarms 0.50 each; one dashboard 3
    //   ops alarms (both): ALB and target 5xx rates 2 x 0.20 (2 metrics each), unhealthy hosts 0.10, tasks below desired
    //         0.20 (2 metrics), task CPU and memory 2 x 0.10, database CPU, credits, storage, connections 4 x 0.10,
    //         4 x 0.10 per cache node (1 in dev, 2 in prod); prod only: replication alarm 0.10, replication metrics
    //         4 x 0.30, the HTTPS health check 0.75 + HTTPS feature 2.00 (non-AWS rates) and its alarm 0.10
    //   cost levers: NAT instances instead of gateways, per NAT AZ (dev one, prod two): t4g.nano 730 x 0.0042, its public
    //         IPv4 3.65, an 8 GB gp3 root volume 0.64; dev's task on Fargate Spot at 0.3 of on-demand; dev's one shared
    //         key replaces its 7 keys; the ops target 5xx alarm is gone (the Service's 5xx-rate watches the same rate).
    // Line by line, each rounded to whole cents: the 8 prod keys are one line each.
    const ops = [0.4, 0.4, 0.4, 0.4, 0.4, 0.5, 0.5, 0.5, 3];
    // first-deploy: with a canary's two target groups the unhealthy-hosts alarm reads both (2 metrics, 0.20).
    const opsAlarms = (cacheNodes: number, targetGroups = 1) => [0.2, 0.1 * targetGroups, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, ...Array(4 * cacheNodes).fill(0.1)];
    //   first-deploy: one FailedInvocations alarm (0.10) per EventBridge rule to a topic: the restore tests' two and the
    //         baseline's three (each stack owns its own account's baseline).
    const DELIVERY: Record<string, number[]> = { dev: [0.1, 0.1, 0.1, 0.1, 0.1], prod: [0.1, 0.1, 0.1, 0.1, 0.1] };
    const natInstance = [730 * 0.0042, 3.65, 0.64];
    // Recovery: the backup vault keys: none in dev (the shared key), the primary's and the DR vault's in prod.
    const RECOVERY_KEYS: Record<string, number[]> = { dev: [], prod: [1, 1] };
    //   prod only, edge: the web ACL 5 + 7 rules (4 managed groups, the rate limit, the upload rate limit, the
    //         upload-path block) 7;
    //         the WAF logs' key 1; the blocked-requests alarm 0.10; GuardDuty runtime monitoring of 2 x 0.25 vCPU at
    //         1.50 = 0.75, and none in the DR region's detector (no task runs there); dev's runtime monitoring is DISABLED
    //         (credlink:account.runtimeMonitoring false) and it has no WAF
    const EDGE: Record<string, number[]> = { dev: [], prod: [12, 1, 0.1, 0.75] };
    //   audit (each stack owns its account's trail): prod's trail key 1 (dev's trail uses dev's one key); one
    //         FailedInvocations alarm (0.10) per tamper rule: 8 in us-east-1 (IAM events arrive there), 7 in the DR
    //         region (no IAM rule), whose alert topics' key is the DR restore tests' (FAILOVER); dev builds no tamper
    //         alerts (credlink:audit.tamperAlerts false: it pages nobody).
    const AUDIT: Record<string, number[]> = { dev: [], prod: [1, ...Array(15).fill(0.1)] };
    //   prod only, region failover: the DR region's keys for the replicated backups and images 2; the failover health
    //         check 0.75 + HTTPS feature 2.00 (non-AWS rates); the DR restore tests' alert topics' key 1 and their two
    //         FailedInvocations alarms 0.20.
    const FAILOVER: Record<string, number[]> = { dev: [], prod: [1, 1, 0.75, 2, 1, 0.1, 0.1] };
    //   prod only, the DR copies watched: no log key (the check logs under the service's key), its two alarms 0.20, its function's 2,920 runs
    //         a month (rate 15 minutes) at $0.20/M requests (0.000584: 0 cents) and at most 30 s x 0.125 GB each at
    //         $0.0000133334/GB-s (0.146); the proof replica's latency alarm 0.10; the DR region's three finding routes'
    //         FailedInvocations alarms 0.30.
    const COPIES: Record<string, number[]> = { dev: [], prod: [0.1, 0.1, 2920 * 0.2 / 1e6, 2920 * 0.125 * 30 * 0.0000133334, 0.1, 0.1, 0.1, 0.1] };
    //   dev lean: dev's credlink:ops.level lean builds no SLO alarms, no dashboard and no tier alarms.
    const expected: Record<string, number> = {
      dev: linesInCents(...natInstance, 1, 11.68, 2.3, 0.4, 9.344, 0.4, 16.425, 7.3, 730 * (0.25 * 0.03238 + 0.5 * 0.00356) * 0.3, 0.1, 0.2, 0.2, 0.2, ...RECOVERY_KEYS.dev, ...EDGE.dev, ...DELIVERY.dev, ...AUDIT.dev),
      prod: linesInCents(...natInstance, ...natInstance, 1, 1, 1, 1, 1, 1, 1, 23.36, 4.6, 0.4, 18.688, 0.4, 16.425, 7.3, 2 * 730 * (0.25 * 0.03238 + 1 * 0.00356), 0.1, 0.2, 0.2, 0.2, 1, ...ops, ...opsAlarms(2, 2), 0.1, 1.2, 0.75, 2, 0.1, ...RECOVERY_KEYS.prod, ...EDGE.prod, ...DELIVERY.prod, ...FAILOVER.prod, ...COPIES.prod, ...AUDIT.prod),
    };
    for (const stack of ["dev", "prod"]) {
      it(`GIVEN the committed ${stack} stack THEN the baseline is $${(expected[stack] / 100).toFixed(2)}, the sum of its lines in cents, and nothing is unpriced`, async () => {
        const { stack: resources } = await analyzeProgram(stack);
        const e = estimateCost(resources, { usage: loadUsage(stack) });
        assert.equal(e.totals.baselineCents, expected[stack], stack);
        assert.deepEqual(e.unpriced.map((i) => `${i.type} ${i.resource}`), []);
      });
    }
  });
});
