/**
 * Uptime (credlink:ops:Uptime): the Route 53 HTTPS health check on the public URL, and its paging alarm created in
 * us-east-1 (the only region with the metric) whatever the stack's region.
 */
import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { resolveUptimeArgs, Uptime, UptimeArgs, validateUptimeArgs } from "../components/ops/uptime";
import { Recorder } from "../tools/offline/mocks";
import { runComponent, runProgram } from "../tools/offline/program";
import { committedProgram } from "./helpers/programs";

const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:credlink-prod-notify";
const providerRef = (rec: Recorder, name: string) => { const p = rec.one("pulumi:providers:aws", name); return `${p.urn}::${p.id}`; };

describe("Uptime", () => {
  describe("GIVEN a domain, a us-east-1 alarm provider and a page topic", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(() => {
        const east = new aws.Provider("aws-us-east-1", { region: "us-east-1" });
        return new Uptime("credlink-prod-uptime", { domainName: "api.credlink.example", healthCheckPath: "/livez", alarmProvider: east, topicArn: TOPIC_ARN });
      }));
    });

    it("WHEN built THEN Route 53 checks https://<domain><path> over SNI every 30 s, unhealthy after 3 failures, from the default regions, without latency measurement", () => {
      expect(rec.one(HEALTH_CHECK).inputs).to.deep.equal({
        type: "HTTPS",
        fqdn: "api.credlink.example",
        port: 443,
        resourcePath: "/livez",
        enableSni: true,
        requestInterval: 30,
        failureThreshold: 3,
        measureLatency: false,
        tags: { Name: "credlink-prod-uptime: https://api.credlink.example/livez" },
      });
    });

    it("WHEN built THEN the alarm fires when HealthCheckStatus drops below 1 for a minute, treats silence as down, through the us-east-1 provider", () => {
      const alarm = rec.one(ALARM);
      expect(alarm.inputs).to.deep.equal({
        alarmDescription: "[page] CredLink credlink-prod-uptime: https://api.credlink.example/livez fails Route 53's health checkers (fewer than 18% of them see it healthy)",
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: rec.one(HEALTH_CHECK).id },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 1,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
        alarmActions: [TOPIC_ARN],
        okActions: [TOPIC_ARN],
      });
      expect(alarm.provider).to.equal(providerRef(rec, "aws-us-east-1"));
      expect(alarm.parent).to.equal(rec.one("credlink:ops:Uptime").urn);
    });
  });

  describe("validation", () => {
    const base: UptimeArgs = { domainName: "api.credlink.example", alarmProvider: undefined as any };
    const check = (patch: Partial<UptimeArgs>) => () => validateUptimeArgs(resolveUptimeArgs({ ...base, ...patch }));

    it("GIVEN the Route 53 limits THEN failureThreshold 1 and 10 pass, 0 and 11 fail; intervals 10 and 30 only", () => {
      for (const n of [1, 10]) expect(check({ failureThreshold: n })).to.not.throw();
      for (const n of [0, 11]) expect(check({ failureThreshold: n })).to.throw(`failureThreshold must be an integer from 1 to 10, got ${n}`);
      expect(check({ requestIntervalSeconds: 10 })).to.not.throw();
      expect(check({ requestIntervalSeconds: 20 as any })).to.throw("requestIntervalSeconds must be 10 or 30, got 20");
    });

    it("GIVEN a resource path THEN 255 characters pass and 256 fail; a domain must be a lowercase DNS name", () => {
      expect(check({ healthCheckPath: "/" + "a".repeat(254) })).to.not.throw();
      expect(check({ healthCheckPath: "/" + "a".repeat(255) })).to.throw(/^healthCheckPath must be an absolute URL path of at most 255 characters/);
      expect(check({ domainName: "API.credlink.example" })).to.throw('domainName must be a lowercase DNS name like "api.credlink.example", got "API.credlink.example"');
    });
  });
});

describe("uptime in the programs", () => {
  describe("GIVEN the committed prod stack (us-east-1) with a non-default health path", () => {
    let rec: Recorder;
    let outputs: Record<string, any>;
    before(async () => {
      ({ recorder: rec, outputs } = await runProgram("prod", { "credlink:service": { healthCheckPath: "/livez" } }));
    });

    it("WHEN it runs THEN the health check targets the configured domain and path", () => {
      const hc = rec.one(HEALTH_CHECK, "credlink-prod-uptime").inputs;
      expect([hc.type, hc.fqdn, hc.port, hc.resourcePath]).to.deep.equal(["HTTPS", "api.credlink.example", 443, "/livez"]);
    });

    it("WHEN it runs THEN the alarm notifies through the primary (us-east-1) provider and raises the page through service-degraded", () => {
      const alarm = rec.one(ALARM, "credlink-prod-uptime-down");
      expect(alarm.provider).to.equal(providerRef(rec, "aws-us-east-1"));
      expect(alarm.inputs.alarmActions).to.deep.equal([outputs.notifyTopicArn]);
      expect(rec.one("aws:cloudwatch/compositeAlarm:CompositeAlarm", "credlink-prod-service-degraded").inputs.alarmRule).to.include(`ALARM("${alarm.state.name}")`);
    });
  });

  describe("GIVEN prod moved to eu-west-1", () => {
    let rec: Recorder;
    let outputs: Record<string, any>;
    before(async () => {
      ({ recorder: rec, outputs } = await runProgram("prod", {
        "aws:region": "eu-west-1",
        "credlink:service": { image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/credlink-prod:1.4.2" },
        // Another stack owns the account baseline (its tamper alerts need us-east-1: tests/audit.test.ts).
        "credlink:account": { baseline: false },
        "credlink:audit": undefined,
      }));
    });

    // Old: no uptime check at all there, only a warning (nothing outside the load balancer paged if the endpoint died).
    it("WHEN it runs THEN there is no Route 53 uptime check (its alarm would have to be in us-east-1): a probe of its own load balancer, in eu-west-1, pages its page topic instead", () => {
      // The DNS failover's health check stays (it decides the failover, not an alarm); the uptime check is gone.
      expect(rec.ofType(HEALTH_CHECK).map((h) => h.name)).to.deep.equal(["credlink-prod-failover"]);
      expect(rec.ofType("credlink:ops:Uptime")).to.deep.equal([]);
      expect(outputs.warnings.filter((w: string) => w.startsWith("no uptime check"))).to.deep.equal([]);
      const probe = rec.one("aws:lambda/function:Function", "credlink-prod-uptime-probe");
      expect(probe.inputs.environment.variables).to.deep.equal({
        TARGET_HOST: rec.one("aws:lb/loadBalancer:LoadBalancer").state.dnsName,
        SERVER_NAME: "api.credlink.example",
        HEALTH_PATH: "/healthz",
        TIMEOUT_MS: "10000",
      });
      expect(rec.one("aws:cloudwatch/eventRule:EventRule", "credlink-prod-uptime-probe").inputs.scheduleExpression).to.equal("rate(1 minute)");
      for (const alarm of ["failing", "not-running"].map((a) => rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `credlink-prod-uptime-probe-${a}`))) {
        expect([alarm.inputs.alarmActions, alarm.inputs.evaluationPeriods], alarm.name).to.deep.equal([[outputs.pageTopicArn], 3]);
      }
      expect(outputs.uptimeProbeAlarmNames).to.have.length(2);
      expect(rec.ofType("pulumi:providers:aws").map((p) => p.name)).to.deep.equal(["aws-eu-west-1", "aws-us-west-2"]);
    });
  });

  describe("GIVEN the committed dev stack (no domain)", () => {
    let dev: Recorder;
    before(async () => {
      ({ recorder: dev } = await committedProgram("dev"));
    });

    it("WHEN it runs THEN there is no health check, no uptime alarm and no extra provider", () => {
      expect(dev.ofType(HEALTH_CHECK)).to.deep.equal([]);
      expect(dev.ofType("credlink:ops:Uptime")).to.deep.equal([]);
      expect(dev.ofType("pulumi:providers:aws").map((p) => p.name)).to.deep.equal(["aws-us-east-1"]);
    });
  });
});
