/**
 * Windows, timeouts and rollout settings of the committed stacks, asserted whole: the database's and the cache's
 * backup/snapshot and maintenance windows (and that they never overlap, which RDS and ElastiCache refuse), the containers'
 * stop timeouts and health checks, the target groups' health checks and deregistration delay, the ECS service's
 * deployment settings and how long `pulumi up` waits for it, the scaling cooldowns, the backup plan's windows and the
 * restore test's schedule. Each is one object, so a value the test doesn't name can't drift.
 * (Every other number is pinned in tests/fixtures/inputs/: tests/input-pins.test.ts.)
 */
import { expect } from "chai";
import { dailyWindow, weeklyWindow, windowsOverlap } from "../components/data/cache";
import { DEPLOYMENT_MARGIN_MINUTES, ROLLING_DEPLOYMENT_MINUTES } from "../components/app/service";
import type { Recorder } from "../tools/offline/mocks";
import { committedProgram } from "./helpers/programs";

const DB = "aws:rds/instance:Instance";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
const SCALING_POLICY = "aws:appautoscaling/policy:Policy";

const pick = (inputs: Record<string, unknown>, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, inputs[k]]));

/** The target group's health check and draining: the same for the production and (prod) alternate groups. */
const TARGET_GROUP_TIMING = {
  deregistrationDelay: 30,
  healthCheck: { enabled: true, protocol: "HTTP", path: "/healthz", port: "traffic-port", matcher: "200", interval: 10, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
  port: 8080,
  protocol: "HTTP",
  protocolVersion: "HTTP1",
  targetType: "ip",
};

const STACKS = {
  dev: {
    backupRetentionPeriod: 1,
    snapshotRetentionLimit: 1,
    targetGroups: ["credlink-dev"],
    containers: [{ name: "app", essential: true, stopTimeout: 30 }],
    deployment: { strategy: "ROLLING" },
    waitMinutes: ROLLING_DEPLOYMENT_MINUTES,
    backupRules: [{ ruleName: "daily", schedule: "cron(0 5 * * ? *)", startWindow: 60, completionWindow: 180, lifecycle: { deleteAfter: 7 } }],
    restore: { "credlink-dev-restore-test": { scheduleExpression: "cron(0 6 1 * ? *)", scheduleExpressionTimezone: "Etc/UTC", startWindowHours: 8, selectionWindowDays: 7, recoveryPointTypes: ["SNAPSHOT"], validationWindowHours: 2 } },
  },
  prod: {
    backupRetentionPeriod: 14,
    snapshotRetentionLimit: 7,
    targetGroups: ["credlink-prod", "credlink-prod-alt"],
    containers: [
      // The app starts once the collector has: its first spans have somewhere to go.
      { name: "app", essential: true, stopTimeout: 30, dependsOn: [{ containerName: "otel-collector", condition: "START" }] },
      { name: "otel-collector", essential: false, stopTimeout: 10 },
    ],
    deployment: { strategy: "CANARY", bakeTimeInMinutes: "20", canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: "15" } },
    // The canary's 15 and the deployment's 20 minutes of bake, and the margin: the provider's 20-minute default would fail the update.
    waitMinutes: 15 + 20 + DEPLOYMENT_MARGIN_MINUTES,
    backupRules: [
      { ruleName: "daily", schedule: "cron(0 5 * * ? *)", startWindow: 60, completionWindow: 180, lifecycle: { deleteAfter: 35 }, copyLifecycle: { deleteAfter: 35 } },
      { ruleName: "continuous", schedule: "cron(0 5 * * ? *)", startWindow: 60, completionWindow: 180, lifecycle: { deleteAfter: 14 }, enableContinuousBackup: true },
    ],
    restore: {
      "credlink-prod-restore-test": { scheduleExpression: "cron(0 6 ? * SUN *)", scheduleExpressionTimezone: "Etc/UTC", startWindowHours: 8, selectionWindowDays: 7, recoveryPointTypes: ["CONTINUOUS", "SNAPSHOT"], validationWindowHours: 4 },
      // The DR vault's copies: snapshots only (a continuous backup is never copied).
      "credlink-prod-restore-test-dr": { scheduleExpression: "cron(0 6 ? * SUN *)", scheduleExpressionTimezone: "Etc/UTC", startWindowHours: 8, selectionWindowDays: 7, recoveryPointTypes: ["SNAPSHOT"], validationWindowHours: 4 },
    },
  },
} as const;

for (const [stack, want] of Object.entries(STACKS) as [keyof typeof STACKS, (typeof STACKS)[keyof typeof STACKS]][]) {
  describe(`timing: the committed ${stack} stack`, () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await committedProgram(stack));
    });

    it("WHEN the program runs THEN the database backs up 03:00-04:00 UTC, is maintained Sunday 04:30-05:30, and monitors every 60 s", () => {
      expect(pick(rec.one(DB).inputs, ["backupWindow", "maintenanceWindow", "backupRetentionPeriod", "monitoringInterval", "performanceInsightsRetentionPeriod", "autoMinorVersionUpgrade", "allowMajorVersionUpgrade", "copyTagsToSnapshot"])).to.deep.equal({
        backupWindow: "03:00-04:00",
        maintenanceWindow: "sun:04:30-sun:05:30",
        backupRetentionPeriod: want.backupRetentionPeriod,
        monitoringInterval: 60,
        performanceInsightsRetentionPeriod: 7,
        autoMinorVersionUpgrade: true,
        allowMajorVersionUpgrade: false,
        copyTagsToSnapshot: true,
      });
    });

    it("WHEN the program runs THEN the cache snapshots 03:00-04:00 UTC and is maintained Sunday 05:00-06:00", () => {
      expect(pick(rec.one(CACHE).inputs, ["snapshotWindow", "maintenanceWindow", "snapshotRetentionLimit", "autoMinorVersionUpgrade"])).to.deep.equal({
        snapshotWindow: "03:00-04:00",
        maintenanceWindow: "sun:05:00-sun:06:00",
        snapshotRetentionLimit: want.snapshotRetentionLimit,
        autoMinorVersionUpgrade: true,
      });
    });

    it("WHEN the program runs THEN neither store's backup window overlaps its maintenance window, and each is at least an hour (RDS and ElastiCache refuse overlaps)", () => {
      const db = rec.one(DB).inputs;
      const cache = rec.one(CACHE).inputs;
      expect({
        database: windowsOverlap(db.backupWindow, db.maintenanceWindow),
        cache: windowsOverlap(cache.snapshotWindow, cache.maintenanceWindow),
        minutes: [dailyWindow(db.backupWindow).minutes, weeklyWindow(db.maintenanceWindow).minutes, dailyWindow(cache.snapshotWindow).minutes, weeklyWindow(cache.maintenanceWindow).minutes],
      }).to.deep.equal({ database: false, cache: false, minutes: [60, 60, 60, 60] });
    });

    it("WHEN the program runs THEN each container stops within its timeout (app 30 s to drain; collector 10 s) with no container health check", () => {
      const containers = JSON.parse(rec.one(TASK_DEFINITION).inputs.containerDefinitions) as Record<string, unknown>[];
      expect(containers.map((c) => Object.fromEntries(Object.entries(pick(c, ["name", "essential", "stopTimeout", "dependsOn", "healthCheck"])).filter(([, v]) => v !== undefined)))).to.deep.equal(want.containers);
    });

    it("WHEN the program runs THEN every target group drains for 30 s and checks /healthz every 10 s (2 healthy, 3 unhealthy, 5 s timeout)", () => {
      const groups = rec.ofType(TARGET_GROUP);
      expect(groups.map((g) => g.name)).to.deep.equal(want.targetGroups);
      for (const group of groups) {
        const { vpcId, ...rest } = group.inputs;
        expect(vpcId).to.match(/^vpc-/);
        expect(rest, group.name).to.deep.equal(TARGET_GROUP_TIMING);
      }
    });

    it("WHEN the program runs THEN the service rolls out with 100-200% healthy, a 60 s grace, the circuit breaker, both deployment alarms, and its strategy", () => {
      const service = rec.one(SERVICE);
      const alarmNames = ["5xx-rate", "p95-latency"].map((role) => rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `credlink-${stack}-${role}`).state.name);
      expect(pick(service.inputs, ["deploymentController", "deploymentConfiguration", "deploymentMinimumHealthyPercent", "deploymentMaximumPercent", "deploymentCircuitBreaker", "alarms", "healthCheckGracePeriodSeconds", "waitForSteadyState", "availabilityZoneRebalancing"])).to.deep.equal({
        deploymentController: { type: "ECS" },
        deploymentConfiguration: want.deployment,
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        alarms: { alarmNames, enable: true, rollback: true },
        healthCheckGracePeriodSeconds: 60,
        waitForSteadyState: true,
        availabilityZoneRebalancing: "ENABLED",
      });
    });

    it(`WHEN the program runs THEN pulumi up waits ${want.waitMinutes} minutes for the rollout (create and update), not the provider's 20`, () => {
      expect(rec.one(SERVICE).customTimeouts).to.deep.equal({ create: `${want.waitMinutes}m`, update: `${want.waitMinutes}m`, delete: "" });
    });

    it("WHEN the program runs THEN both scaling policies scale out after 60 s and in after 300 s", () => {
      const cooldowns = rec.ofType(SCALING_POLICY).map((p) => [p.name, p.inputs.targetTrackingScalingPolicyConfiguration.scaleOutCooldown, p.inputs.targetTrackingScalingPolicyConfiguration.scaleInCooldown]);
      expect(cooldowns).to.deep.equal([
        [`credlink-${stack}-cpu`, 60, 300],
        [`credlink-${stack}-requests`, 60, 300],
      ]);
    });

    it("WHEN the program runs THEN the backup plan starts at 05:00 UTC within an hour and completes within three", () => {
      const rules = (rec.one("aws:backup/plan:Plan").inputs.rules as Record<string, any>[]).map(({ targetVaultName, copyActions, ...rule }) => ({
        ...rule,
        ...(copyActions ? { copyLifecycle: copyActions[0].lifecycle } : {}),
        vault: typeof targetVaultName,
      }));
      expect(rules).to.deep.equal(want.backupRules.map((r) => ({ ...r, vault: "string" })));
    });

    it("WHEN the program runs THEN each restore test runs after the backup, within 8 hours, on the last 7 days' recovery points, kept for validation", () => {
      const plans = Object.fromEntries(
        rec.ofType("aws:backup/restoreTestingPlan:RestoreTestingPlan").map(({ name, inputs: plan }) => {
          const selections = rec.ofType("aws:backup/restoreTestingSelection:RestoreTestingSelection").filter((s) => [`${name}-rds`, `${name}-s3`].includes(s.name)).map((s) => s.inputs.validationWindowHours);
          expect(selections, `${name}: a selection for the database and the proofs`).to.have.length(2);
          return [
            name,
            {
              scheduleExpression: plan.scheduleExpression,
              scheduleExpressionTimezone: plan.scheduleExpressionTimezone,
              startWindowHours: plan.startWindowHours,
              selectionWindowDays: plan.recoveryPointSelection.selectionWindowDays,
              recoveryPointTypes: plan.recoveryPointSelection.recoveryPointTypes,
              validationWindowHours: [...new Set(selections)].length === 1 ? selections[0] : selections,
            },
          ];
        }),
      );
      expect(plans).to.deep.equal(want.restore);
    });
  });
}

describe("timing: the window arithmetic the overlap checks rely on", () => {
  it("GIVEN windows that only touch WHEN compared THEN they do not overlap; one minute more THEN they do", () => {
    expect([windowsOverlap("03:00-04:00", "sun:04:00-sun:05:00"), windowsOverlap("03:00-04:01", "sun:04:00-sun:05:00")]).to.deep.equal([false, true]);
    expect([windowsOverlap("05:00-06:00", "sun:04:00-sun:05:00"), windowsOverlap("04:59-06:00", "sun:04:00-sun:05:00")]).to.deep.equal([false, true]);
  });

  it("GIVEN windows across midnight and across Sunday WHEN measured THEN they wrap", () => {
    expect([dailyWindow("23:30-00:30"), weeklyWindow("sat:23:00-sun:01:00"), weeklyWindow("sun:23:00-mon:00:30")]).to.deep.equal([
      { start: 23 * 60 + 30, minutes: 60 },
      // The week starts on Monday (minute 0).
      { start: 5 * 1440 + 23 * 60, minutes: 120 },
      { start: 6 * 1440 + 23 * 60, minutes: 90 },
    ]);
    expect(windowsOverlap("23:30-00:30", "sat:23:00-sun:01:00")).to.equal(true);
  });
});
