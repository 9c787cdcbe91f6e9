/** Slo: the 99.9% availability SLO's burn-rate alarms, their composites, the paging "service degraded" alarm and its runbooks. */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { burnRateThresholdPercent, errorBudgetMinutes, resolveSloArgs, Slo, sliQueries, validateSloArgs, windowName } from "../components/ops/slo";
import { Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { REPO_ROOT } from "../tools/project";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
const LB = "app/credlink-prod/0123456789abcdef";
const PAGE = "arn:aws:sns:us-east-1:123456789012:credlink-prod-page";
const NOTIFY = "arn:aws:sns:us-east-1:123456789012:credlink-prod-notify";

/** The SLI's queries for one window, spelled out. */
function sli(period: number, slowStat = "TC(0.5:)") {
  const metric = (id: string, metricName: string, stat: string) => ({
    id,
    returnData: false,
    metric: { namespace: "AWS/ApplicationELB", metricName, stat, period, dimensions: { LoadBalancer: LB } },
  });
  return [
    metric("requests", "RequestCount", "Sum"),
    metric("target5xx", "HTTPCode_Target_5XX_Count", "Sum"),
    metric("elb5xx", "HTTPCode_ELB_5XX_Count", "Sum"),
    metric("slow", "TargetResponseTime", slowStat),
    {
      id: "badPercent",
      label: "Bad requests (% of all: 5xx or slow)",
      returnData: true,
      expression: "IF(requests > 0, IF((FILL(target5xx, 0) + FILL(elb5xx, 0) + FILL(slow, 0)) >= requests, 100, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0) + FILL(slow, 0)) / requests), 0)",
    },
  ];
}

describe("Slo", () => {
  let rec: Recorder;
  before(async () => {
    ({ recorder: rec } = await runComponent(
      () => new Slo("credlink-prod", { loadBalancerArnSuffix: LB, pageTopicArn: PAGE, notifyTopicArn: NOTIFY, alsoPageOn: ["credlink-prod-5xx-rate-abc1234"] }),
    ));
  });

  it("GIVEN the defaults WHEN built THEN there are five window alarms and three composites, nothing else", () => {
    expect(rec.ofType(ALARM).map((a) => a.name)).to.deep.equal([
      "credlink-prod-burn-fast-1h",
      "credlink-prod-burn-fast-5m",
      "credlink-prod-burn-slow-6h",
      "credlink-prod-burn-slow-30m",
      "credlink-prod-burn-3d-3d",
    ]);
    expect(rec.ofType(COMPOSITE).map((a) => a.name)).to.deep.equal(["credlink-prod-fast-burn", "credlink-prod-slow-burn", "credlink-prod-service-degraded"]);
    expect(rec.all.filter((r) => r.custom)).to.have.length(8);
  });

  it("WHEN built THEN each window alarm is the SLI over one period of its window against burn rate x 0.1%, and notifies", () => {
    const expected: [string, number, number, string, string][] = [
      ["fast-1h", 3600, 1.44, "1h", "slo-fast-burn"],
      ["fast-5m", 300, 1.44, "5m", "slo-fast-burn"],
      ["slow-6h", 21600, 0.6, "6h", "slo-slow-burn"],
      ["slow-30m", 1800, 0.6, "30m", "slo-slow-burn"],
      ["3d-3d", 259200, 0.1, "3d", "slo-budget-burn"],
    ];
    for (const [role, period, threshold, window, runbook] of expected) {
      const alarm = rec.one(ALARM, `credlink-prod-burn-${role}`);
      const { alarmDescription, ...rest } = alarm.inputs;
      expect(rest, role).to.deep.equal({
        comparisonOperator: "GreaterThanThreshold",
        threshold,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: "notBreaching",
        metricQueries: sli(period),
        alarmActions: [NOTIFY],
        okActions: [NOTIFY],
      });
      expect(alarmDescription, role).to.contain(`over ${window}`).and.to.match(new RegExp(`Runbook: docs/runbooks/${runbook}\\.md$`));
    }
  });

  it("WHEN built THEN the fast and slow pairs AND their two windows and notify; service degraded ORs them with the deployment 5xx alarm and pages", () => {
    const inputs = (name: string) => {
      const { alarmDescription, ...rest } = rec.one(COMPOSITE, name).inputs;
      return rest;
    };
    const name = (role: string) => rec.one(ALARM, `credlink-prod-burn-${role}`).state.name;
    expect(inputs("credlink-prod-fast-burn")).to.deep.equal({
      alarmName: "credlink-prod-fast-burn",
      alarmRule: `ALARM("${name("fast-1h")}") AND ALARM("${name("fast-5m")}")`,
      actionsEnabled: true,
      alarmActions: [NOTIFY],
      okActions: [NOTIFY],
    });
    expect(inputs("credlink-prod-slow-burn")).to.deep.equal({
      alarmName: "credlink-prod-slow-burn",
      alarmRule: `ALARM("${name("slow-6h")}") AND ALARM("${name("slow-30m")}")`,
      actionsEnabled: true,
      alarmActions: [NOTIFY],
      okActions: [NOTIFY],
    });
    expect(inputs("credlink-prod-service-degraded")).to.deep.equal({
      alarmName: "credlink-prod-service-degraded",
      alarmRule: 'ALARM("credlink-prod-fast-burn") OR ALARM("credlink-prod-slow-burn") OR ALARM("credlink-prod-5xx-rate-abc1234")',
      actionsEnabled: true,
      alarmActions: [PAGE],
      okActions: [PAGE],
    });
  });

  it("WHEN built THEN only service degraded pages, and every alarm whose actions include the page topic links to a runbook file that exists", () => {
    const paging = [...rec.ofType(ALARM), ...rec.ofType(COMPOSITE)].filter((a) => (a.inputs.alarmActions ?? []).includes(PAGE));
    expect(paging.map((a) => a.name)).to.deep.equal(["credlink-prod-service-degraded"]);
    for (const alarm of [...rec.ofType(ALARM), ...rec.ofType(COMPOSITE)]) {
      const link = /Runbook: (\S+)$/.exec(alarm.inputs.alarmDescription)?.[1];
      expect(link, alarm.name).to.be.a("string");
      expect(fs.existsSync(path.join(REPO_ROOT, link as string)), `${alarm.name} -> ${link}`).to.equal(true);
    }
  });

  it("GIVEN a runbook URL base, a 99.5% target and a 300 ms threshold WHEN built THEN the descriptions, thresholds and the slow statistic follow", async () => {
    const { recorder } = await runComponent(
      () =>
        new Slo("credlink-dev", {
          loadBalancerArnSuffix: LB,
          pageTopicArn: PAGE,
          notifyTopicArn: NOTIFY,
          targetPercent: 99.5,
          latencyThresholdMs: 300,
          runbookBase: "https://github.com/credlink/infra/blob/main/docs/runbooks",
        }),
    );
    const fast = recorder.one(ALARM, "credlink-dev-burn-fast-1h").inputs;
    expect(fast.threshold).to.equal(7.2);
    expect(fast.metricQueries).to.deep.equal(sli(3600, "TC(0.3:)"));
    expect(recorder.one(COMPOSITE, "credlink-dev-service-degraded").inputs.alarmDescription).to.equal(
      "CredLink credlink-dev: users are failing now, or the 99.5% SLO's error budget (219 min a month) burns fast enough to be gone within days. Pages. Runbook: https://github.com/credlink/infra/blob/main/docs/runbooks/service-degraded.md",
    );
    expect(recorder.one(COMPOSITE, "credlink-dev-service-degraded").inputs.alarmRule).to.equal('ALARM("credlink-dev-fast-burn") OR ALARM("credlink-dev-slow-burn")');
  });
});

describe("Slo arithmetic and validation", () => {
  it("GIVEN 99.9% THEN the error budget is 43.8 minutes a month (730 h) and the thresholds are 1.44%, 0.6% and 0.1%", () => {
    expect(errorBudgetMinutes(99.9)).to.equal(43.8);
    expect([14.4, 6, 1].map((b) => burnRateThresholdPercent(b, 99.9))).to.deep.equal([1.44, 0.6, 0.1]);
    expect([300, 1800, 3600, 21600, 259200].map(windowName)).to.deep.equal(["5m", "30m", "1h", "6h", "3d"]);
  });

  it("GIVEN the SLI THEN requests slower than the threshold are counted with the trimmed count TC(<s>:)", () => {
    expect(sliQueries(LB, 60, 750)[3]).to.deep.equal({
      id: "slow",
      returnData: false,
      metric: { namespace: "AWS/ApplicationELB", metricName: "TargetResponseTime", stat: "TC(0.75:)", period: 60, dimensions: { LoadBalancer: LB } },
    });
  });

  it("GIVEN targets and thresholds at and beyond their bounds THEN the validator accepts the edges and names the argument otherwise", () => {
    const check = (args: Partial<Parameters<typeof resolveSloArgs>[0]>) => () =>
      validateSloArgs(resolveSloArgs({ loadBalancerArnSuffix: LB, pageTopicArn: PAGE, notifyTopicArn: NOTIFY, ...args }));
    expect(check({ targetPercent: 90 })).to.not.throw();
    expect(check({ targetPercent: 99.99 })).to.not.throw();
    expect(check({ targetPercent: 89.99 })).to.throw("targetPercent must be a number from 90 to 99.99 (percent of good requests), got 89.99");
    expect(check({ targetPercent: 99.991 })).to.throw("targetPercent must be a number from 90 to 99.99 (percent of good requests), got 99.991");
    expect(check({ latencyThresholdMs: 1 })).to.not.throw();
    expect(check({ latencyThresholdMs: 60000 })).to.not.throw();
    expect(check({ latencyThresholdMs: 0 })).to.throw("latencyThresholdMs must be an integer from 1 to 60000, got 0");
    expect(check({ latencyThresholdMs: 60001 })).to.throw("latencyThresholdMs must be an integer from 1 to 60000, got 60001");
    expect(check({ runbookBase: "docs/runbooks/" })).to.throw(/^runbookBase must be a repository path or a URL without a trailing "\/"/);
    expect(check({ runbookBase: "docs/run books" })).to.throw(/^runbookBase must be/);
  });
});
