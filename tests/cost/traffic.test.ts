/**
 * The traffic model (policy/cost/traffic.ts) is usage.yml's one source: the committed file is its rendering, every
 * stack fact a figure depends on is what the committed program deploys, and the formulas do what they say.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Recorder } from "../../tools/offline/mocks";
import { REPO_ROOT } from "../../tools/project";
import { committedProgram } from "../helpers/programs";
import { loadUsage, USAGE_FILE } from "../../policy/cost/usage";
import { renderUsageYaml } from "../../policy/cost/usage-file";
import { SCALING } from "../../policy/cost/usage-scale";
import { AWS, deriveUsage, PROFILES, sig, StackFacts, TrafficProfile, usageOf } from "../../policy/cost/traffic";

const HC = "aws:route53/healthCheck:HealthCheck";

/** The facts of StackFacts the committed program shows (the DR region's pilot light is another stack's: not read here). */
function factsOf(rec: Recorder): Omit<StackFacts, "drPublicIpv4"> {
  const service = rec.one("aws:ecs/service:Service");
  const containers = JSON.parse(rec.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions) as any[];
  const env = new Map<string, string>(containers.flatMap((c) => (c.environment ?? []).map((e: any) => [e.name, e.value])));
  const deployment = service.inputs.deploymentConfiguration;
  const lifecycle = (name: string) => rec.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name).inputs.rules[0].expiration.days;
  const plan = rec.ofType("aws:backup/plan:Plan")[0];
  const rules = (plan?.inputs.rules ?? []) as any[];
  const restore = rec.ofType("aws:backup/restoreTestingPlan:RestoreTestingPlan")[0];
  const cron = String(restore?.inputs.scheduleExpression ?? "");
  const rate = rec.ofType("aws:cloudwatch/eventRule:EventRule").find((r) => r.name.endsWith("-copy-freshness"));
  const stackName = service.name;
  const checks = rec.ofType(HC);
  return {
    tasks: service.inputs.desiredCount,
    loggingContainersPerTask: containers.filter((c) => c.logConfiguration).length,
    azs: rec.one("aws:lb/loadBalancer:LoadBalancer").inputs.subnets.length,
    natInstances: rec.ofType("aws:autoscaling/group:Group").filter((g) => g.name.includes("-nat-")).reduce((a, g) => a + g.inputs.desiredCapacity, 0),
    healthChecks: {
      count: checks.length,
      intervalSeconds: checks[0]?.inputs.requestInterval ?? 30,
      regions: checks[0]?.inputs.regions?.length ?? AWS.defaultCheckerRegions,
    },
    targetHealthCheckSeconds: rec.one("aws:lb/targetGroup:TargetGroup", stackName).inputs.healthCheck.interval,
    waf: rec.ofType("aws:wafv2/webAcl:WebAcl").length > 0,
    retentionDays: {
      logs: rec.one("aws:cloudwatch/logGroup:LogGroup", `${stackName}-app`).inputs.retentionInDays,
      flowLogs: lifecycle(`${stackName}-flow-logs`),
      albLogs: lifecycle(`${stackName}-alb-logs`),
      proofAccessLogs: lifecycle(`${stackName}-proofs-logs`),
    },
    keepImages: JSON.parse(rec.one("aws:ecr/lifecyclePolicy:LifecyclePolicy", stackName).inputs.policy).rules[0].selection.countNumber,
    backup: {
      automatedDays: rec.one("aws:rds/instance:Instance").inputs.backupRetentionPeriod,
      snapshotDays: rules.find((r) => r.ruleName === "daily").lifecycle.deleteAfter,
      continuous: rules.some((r) => r.enableContinuousBackup === true),
    },
    dbAllocatedGb: rec.one("aws:rds/instance:Instance").inputs.allocatedStorage,
    restoreTests: {
      perMonth: /\? \* [A-Z]{3} \*\)$/.test(cron) ? 52 / 12 : / 1 \* \? \*\)$/.test(cron) ? 1 : NaN,
      validationHours: rec.ofType("aws:backup/restoreTestingSelection:RestoreTestingSelection")[0].inputs.validationWindowHours,
    },
    dr: rec.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig").length > 0,
    cacheSnapshotDays: rec.one("aws:elasticache/replicationGroup:ReplicationGroup").inputs.snapshotRetentionLimit,
    freshnessCheckMinutes: rate ? Number(/rate\((\d+) minutes?\)/.exec(rate.inputs.scheduleExpression)?.[1]) : 0,
    tracedShare: env.get("OTEL_TRACES_SAMPLER") === "traceidratio" ? Number(env.get("OTEL_TRACES_SAMPLER_ARG")) : 0,
    deploymentOverlapMinutes: deployment.strategy === "CANARY" ? 5 + Number(deployment.canaryConfiguration.canaryBakeTimeInMinutes) + Number(deployment.bakeTimeInMinutes) : 5,
  };
}

describe("the traffic model: usage.yml derived, not guessed", () => {
  it("GIVEN the committed usage.yml THEN it is exactly what `npm run usage` renders from policy/cost/traffic.ts (run it after a change)", () => {
    expect(fs.readFileSync(USAGE_FILE, "utf8")).to.equal(renderUsageYaml());
  });

  for (const env of ["dev", "prod"] as const) {
    it(`GIVEN ${env}'s profile THEN loadUsage("${env}") reads the derived figures, every one finite, >= 0, rounded to 3 significant digits and with a formula`, () => {
      const { derived } = deriveUsage(PROFILES[env]);
      expect(loadUsage(env)).to.deep.equal(usageOf(derived));
      for (const [section, fields] of Object.entries(derived)) {
        for (const [field, fig] of Object.entries(fields ?? {})) {
          expect(Number.isFinite(fig!.value) && fig!.value >= 0 && fig!.value === sig(fig!.value), `${section}.${field} = ${fig!.value}`).to.equal(true);
          expect(fig!.formula.length, `${section}.${field} has a formula`).to.be.greaterThan(10);
        }
      }
    });

    it(`GIVEN ${env}'s derived figures THEN the cost curve classifies each one (scales with traffic or not)`, () => {
      const unclassified = Object.entries(deriveUsage(PROFILES[env]).derived).flatMap(([section, fields]) =>
        Object.keys(fields ?? {}).filter((field) => !(SCALING as any)[section]?.[field]).map((field) => `${section}.${field}`),
      );
      expect(unclassified).to.deep.equal([]);
    });
  }

  describe("the stack facts are the committed program's", () => {
    let prod: Recorder;
    let dev: Recorder;
    before(async () => {
      prod = (await committedProgram("prod")).recorder;
      dev = (await committedProgram("dev")).recorder;
    });
    const without = (facts: StackFacts) => {
      const { drPublicIpv4: _ignored, ...rest } = facts;
      return rest;
    };

    it("GIVEN the committed prod stack THEN prod's profile states its tasks, AZs, NAT instances, health checks, WAF, retention, images, backups, restore tests, DR, cache snapshots, check schedule, tracing and deployment", () => {
      expect(factsOf(prod)).to.deep.equal(without(PROFILES.prod.stack));
    });

    it("GIVEN the committed dev stack THEN dev's profile states the same facts of dev", () => {
      expect(factsOf(dev)).to.deep.equal(without(PROFILES.dev.stack));
    });
  });

  it("GIVEN the load test's request shapes THEN the profiles' mix is its create/get/verify weights (the only statement of the API's mix)", () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, "loadtest/proofs.ts"), "utf8");
    const weight = (name: string) => Number(new RegExp(`name: "${name}"[^\\n]*weight: (\\d+)`).exec(text)?.[1]);
    for (const profile of Object.values(PROFILES)) {
      expect([profile.mix.create.weight, profile.mix.get.weight, profile.mix.verify.weight]).to.deep.equal([weight("create proof"), weight("get proof"), weight("verify proof")]);
    }
  });

  describe("the formulas", () => {
    const prod = deriveUsage(PROFILES.prod);
    const at = (over: Partial<Omit<TrafficProfile, "stack">> & { stack?: Partial<StackFacts> }) => deriveUsage({ ...PROFILES.prod, ...over, stack: { ...PROFILES.prod.stack, ...(over.stack ?? {}) } });

    it("GIVEN a default-format flow log record THEN it is 117 bytes of text, newline included", () => {
      expect(AWS.flowRecordBytes).to.equal(117);
    });

    it("GIVEN one HTTPS health check at 30 s from the 8 default regions THEN about one request every 2 s (Route 53: 'about every two seconds'), 1.314M a month", () => {
      const one = at({ stack: { healthChecks: { count: 1, intervalSeconds: 30, regions: 8 } } }).flows.healthChecks;
      expect(one).to.equal(730 * 3600 / 2);
      expect(at({ stack: { healthChecks: { count: 1, intervalSeconds: 30, regions: 3 } } }).flows.healthChecks).to.equal((730 * 3600 * 3) / 16);
    });

    it("GIVEN prod's mix THEN 2/9 of the requests create a proof, 3/9 read one, 4/9 verify: the proof PUTs, their replicas' PUTs and the data events follow the creates", () => {
      expect([prod.flows.creates, prod.flows.gets, prod.flows.verifies].map(sig)).to.deep.equal([333000, 500000, 667000]);
      expect(prod.derived.cloudtrail!.proofWritesMillions!.value).to.equal(0.333);
      // 333k proofs + 333k replication PUTs + 2 load balancer nodes' and the flow log's file a 5 minutes.
      expect(prod.derived.s3!.writeRequestsThousands!.value).to.equal(sig((2 * 1.5e6 * 2) / 9 / 1e3 + (3 * 730 * 12) / 1e3));
    });

    it("GIVEN prod THEN the load balancer's LCU is its new connections' dimension (the largest): (API + health checks + probes) / s / 25", () => {
      const perSecond = (prod.flows.requests + prod.flows.healthChecks + prod.flows.probes) / (730 * 3600);
      expect(prod.derived.loadBalancer!.averageLcu!.value).to.equal(sig(perSecond / 25));
    });

    it("GIVEN the same traffic with fewer health-check regions THEN the WAF requests, the flow logs, the egress and the traces all fall: the health checks are part of each", () => {
      const fewer = at({ stack: { healthChecks: { count: 2, intervalSeconds: 30, regions: 3 } } }).derived;
      for (const [section, field] of [
        ["waf", "requestsMillions"],
        ["vpcFlowLogs", "gbDelivered"],
        ["dataTransfer", "internetEgressGb"],
        ["xray", "tracesMillions"],
      ] as const) {
        expect((fewer as any)[section][field].value, `${section}.${field}`).to.be.lessThan((prod.derived as any)[section][field].value);
      }
    });

    it("GIVEN twice the months of data THEN the proofs' storage doubles and the request figures stay", () => {
      const later = at({ monthsOfData: 13 }).derived;
      expect(later.r2!.storageGb!.value).to.be.closeTo(prod.derived.r2!.storageGb!.value * 2, 0.2);
      expect(later.s3!.writeRequestsThousands!.value).to.equal(prod.derived.s3!.writeRequestsThousands!.value);
    });

    it("GIVEN no DR region (dev) THEN nothing is replicated: no replication PUTs, no copies, no air-gapped vault", () => {
      const dev = deriveUsage(PROFILES.dev).derived;
      expect([dev.backup!.crossRegionCopyGb, dev.backup!.drStorageGb, dev.backup!.airGappedRdsGb, dev.backup!.airGappedS3Gb, dev.backup!.airGappedCopyGb].map((x) => x!.value)).to.deep.equal([0, 0, 0, 0, 0]);
      expect(dev.s3!.replicatedTransferGb).to.equal(undefined);
      expect(dev.rds!.replicatedBackupGb).to.equal(undefined);
    });
  });
});
