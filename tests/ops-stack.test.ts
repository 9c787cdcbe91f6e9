/**
 * The operations tier in the whole program: the alert topics, the deployment alarms' actions, the SLO alarms, the
 * dashboard; every credlink:alerts / credlink:slo key reaching its resource; the config's rules and warnings for them;
 * the PagerDuty URL never leaving the program in clear.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { emailId } from "../components/ops/alerting";
import { OFFLINE_SECRET_PLACEHOLDER as CONFIG_PLACEHOLDER, parseStackConfig } from "../stacks/config";
import { Recorder } from "../tools/offline/mocks";
import { ProgramRun, runProgram, stackConfig } from "../tools/offline/program";
import { OFFLINE_SECRET_PLACEHOLDER, REPO_ROOT } from "../tools/project";
import { problemsFor } from "./helpers/config";
import { committedProgram } from "./helpers/programs";
import { plan, PlanRun, reportOf, schemaErrors, tempDir, writeStackVariant } from "./helpers/plan";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
const TOPIC = "aws:sns/topic:Topic";
const SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
/** What credlink:ops.level lean leaves out (dev lean). */
const OPS_COMPONENTS = ["credlink:ops:Dashboard", "credlink:ops:Slo", "credlink:ops:Alarms"];
/** Dev with credlink:ops.level full: one run, shared by this file's two dev suites. */
let devFullRun: Promise<ProgramRun> | undefined;
const devFull = () => (devFullRun ??= runProgram("dev", { "credlink:ops": { level: "full" } }));
const PD_URL = "https://events.pagerduty.com/integration/feedfacefeedfacefeedfacefeedface/enqueue";

// Dev lean: committed dev is credlink:ops.level lean (below); the whole ops tier is covered in dev with the
// non-default value, full, which also proves the key reaches the program.
describe("the ops tier in the dev program with credlink:ops.level full", () => {
  let rec: Recorder;
  let outputs: Record<string, any>;
  before(async () => {
    ({ recorder: rec, outputs } = await devFull());
  });

  it("GIVEN credlink:ops.level full (dev commits lean) THEN one Dashboard, one Slo and one Alarms component are built", () => {
    expect(OPS_COMPONENTS.map((type) => rec.ofType(type).map((c) => c.name))).to.deep.equal([["credlink-dev"], ["credlink-dev"], ["credlink-dev-ops"]]);
    expect(outputs.opsLevel).to.equal("full");
    expect(Object.keys(outputs.alarmNames)).to.have.length(13);
  });

  it("WHEN it runs THEN it exports the page and notify topics' ARNs, for the other ops components", () => {
    expect(outputs.pageTopicArn).to.equal(rec.one(TOPIC, "credlink-dev-page").state.arn);
    expect(outputs.notifyTopicArn).to.equal(rec.one(TOPIC, "credlink-dev-notify").state.arn);
    expect(outputs.serviceDegradedAlarmName).to.equal("credlink-dev-service-degraded");
    expect(outputs.dashboardName).to.equal("credlink-dev");
  });

  it("WHEN it runs THEN both deployment alarms notify, and the 5xx rates (deployment, load balancer, targets) raise the paging service-degraded alarm", () => {
    const notify = rec.one(TOPIC, "credlink-dev-notify").state.arn;
    for (const name of ["credlink-dev-5xx-rate", "credlink-dev-p95-latency"]) {
      expect(rec.one(ALARM, name).inputs.alarmActions, name).to.deep.equal([notify]);
    }
    expect(rec.one(COMPOSITE, "credlink-dev-service-degraded").inputs.alarmRule).to.equal(
      `ALARM("credlink-dev-fast-burn") OR ALARM("credlink-dev-slow-burn") OR ${["credlink-dev-5xx-rate", "credlink-dev-ops-alb-5xx-rate"]
        .map((name) => `ALARM("${rec.one(ALARM, name).state.name}")`)
        .join(" OR ")}`,
    );
  });

  it("WHEN it runs THEN every metric alarm in the stack has an action (cloudwatch-alarm-has-actions is mandatory)", () => {
    const silent = rec.ofType(ALARM).filter((a) => !(a.inputs.alarmActions?.length > 0) || a.inputs.actionsEnabled === false);
    expect(silent.map((a) => a.name)).to.deep.equal([]);
  });

  it("WHEN it runs THEN every alarm that pages links to a runbook that exists in docs/runbooks", () => {
    const page = rec.one(TOPIC, "credlink-dev-page").state.arn;
    const paging = [...rec.ofType(ALARM), ...rec.ofType(COMPOSITE)].filter((a) => (a.inputs.alarmActions ?? []).includes(page));
    expect(paging.map((a) => a.name)).to.deep.equal(["credlink-dev-service-degraded"]);
    for (const alarm of paging) {
      const link = /Runbook: (docs\/runbooks\/[\w.-]+\.md)$/.exec(alarm.inputs.alarmDescription)?.[1];
      expect(link, alarm.name).to.be.a("string");
      expect(fs.existsSync(path.join(REPO_ROOT, link as string)), link).to.equal(true);
    }
  });

  it("GIVEN dev's credlink:kms.deletionWindowDays 7 THEN the alert topics' key (dev's one shared key) waits 7 days, and both topics use it", () => {
    const key = rec.one("aws:kms/key:Key", "credlink-dev-key");
    expect(key.inputs.deletionWindowInDays).to.equal(7);
    expect(rec.ofType(TOPIC).map((t) => [t.name, t.inputs.kmsMasterKeyId])).to.have.deep.members([
      ["credlink-dev-page", key.state.arn],
      ["credlink-dev-notify", key.state.arn],
    ]);
  });

  it("WHEN it runs THEN dev has no subscription (it configures no target) and its cache row reads one node", () => {
    expect(rec.ofType(SUBSCRIPTION)).to.deep.equal([]);
    const body = JSON.parse(rec.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
    const cache = body.widgets.find((w: any) => w.properties.title === "Cache saturation (engine CPU, memory)");
    const group = rec.one("aws:elasticache/replicationGroup:ReplicationGroup").id;
    expect(cache.properties.metrics.map((m: any[]) => m[3])).to.deep.equal([`${group}-001`, `${group}-001`]);
  });
});

describe("the ops tier in the committed dev program (credlink:ops.level lean)", () => {
  let lean: Recorder;
  let leanOutputs: Record<string, any>;
  let full: Recorder;
  before(async () => {
    // The committed dev run is shared with the other files of this worker; the full run with the suite above.
    ({ recorder: lean, outputs: leanOutputs } = await committedProgram("dev"));
    ({ recorder: full } = await devFull());
  });

  it("WHEN it runs THEN exactly the Dashboard, Slo and Alarms components and their children are missing, and nothing else differs", () => {
    const under = (rec: Recorder, urn: string): string[] => [urn, ...rec.childrenOf(urn).flatMap((c) => under(rec, c.urn))];
    const ops = OPS_COMPONENTS.flatMap((type) => full.ofType(type).flatMap((c) => under(full, c.urn)));
    const leanUrns = new Set(lean.all.map((r) => r.urn));
    const fullUrns = new Set(full.all.map((r) => r.urn));
    // The three components; the dashboard; 5 burn-rate and 3 composite alarms; 13 tier alarms.
    expect(ops).to.have.length(3 + 1 + 8 + 13);
    expect({
      missing: full.all.filter((r) => !leanUrns.has(r.urn)).map((r) => r.urn).sort(),
      added: lean.all.filter((r) => !fullUrns.has(r.urn)).map((r) => r.urn),
    }).to.deep.equal({ missing: [...ops].sort(), added: [] });
  });

  it("WHEN it runs THEN the alert topics stay, and the only alarms are the Service's deployment alarms (which notify and roll a deployment back) and the EventBridge rules' delivery alarms (restore tests, dev's own account baseline)", () => {
    const notify = lean.one(TOPIC, "credlink-dev-notify").state.arn;
    expect(lean.ofType(TOPIC).map((t) => t.name)).to.have.members(["credlink-dev-page", "credlink-dev-notify"]);
    expect(lean.ofType(COMPOSITE)).to.deep.equal([]);
    expect(lean.ofType("aws:cloudwatch/dashboard:Dashboard")).to.deep.equal([]);
    expect(lean.ofType(ALARM).map((a) => [a.name, a.parent, a.inputs.alarmActions])).to.deep.equal([
      // Dev owns its own account's GuardDuty and Inspector routes: a refused delivery of a finding is otherwise silent.
      ["credlink-account-guardduty-page-failed-invocations", lean.one("credlink:account:Baseline").urn, [notify]],
      ["credlink-account-guardduty-notify-failed-invocations", lean.one("credlink:account:Baseline").urn, [notify]],
      ["credlink-account-inspector-critical-failed-invocations", lean.one("credlink:account:Baseline").urn, [notify]],
      ["credlink-dev-p95-latency", lean.one("credlink:app:Service").urn, [notify]],
      ["credlink-dev-5xx-rate", lean.one("credlink:app:Service").urn, [notify]],
      // A refused delivery of a restore-test result is otherwise silent (FailedInvocations): they notify.
      ["credlink-dev-restore-test-completed-failed-invocations", lean.one("credlink:recovery:RestoreTesting").urn, [notify]],
      ["credlink-dev-restore-test-failed-failed-invocations", lean.one("credlink:recovery:RestoreTesting").urn, [notify]],
    ]);
    expect(lean.one("aws:ecs/service:Service").inputs.alarms).to.deep.equal({
      alarmNames: [lean.one(ALARM, "credlink-dev-5xx-rate").state.name, lean.one(ALARM, "credlink-dev-p95-latency").state.name],
      enable: true,
      rollback: true,
    });
  });

  it("WHEN it runs THEN the SLO, dashboard and alarm outputs are absent (not stand-ins), and opsLevel says lean", () => {
    expect(leanOutputs.opsLevel).to.equal("lean");
    expect(Object.keys(leanOutputs).filter((k) => ["slo", "serviceDegradedAlarmName", "dashboardName", "alarmNames"].includes(k) && leanOutputs[k] !== undefined)).to.deep.equal([]);
  });
});

describe("the ops tier in prod with every alerts and slo key set to a non-default value", () => {
  let rec: Recorder;
  before(async () => {
    ({ recorder: rec } = await runProgram("prod", {
      "credlink:alerts": { emails: ["sre@credlink.io"], runbookBase: "https://runbooks.credlink.io/ops" },
      "credlink:alerts.pagerdutyUrl": PD_URL,
      "credlink:slo": { targetPercent: 99.5, latencyThresholdMs: 300 },
      "credlink:kms": { deletionWindowDays: 30 },
    }));
  });

  it("GIVEN credlink:alerts.emails THEN that address, and only it, subscribes to both topics, and to both of the DR region's restore-test topics", () => {
    const emails = rec.ofType(SUBSCRIPTION).filter((s) => s.inputs.protocol === "email");
    expect(emails.map((s) => [s.name, s.inputs.endpoint])).to.have.deep.members([
      [`credlink-prod-page-email-${emailId("sre@credlink.io")}`, "sre@credlink.io"],
      [`credlink-prod-notify-email-${emailId("sre@credlink.io")}`, "sre@credlink.io"],
      // The DR region's alert topics (its restore tests' results, its tamper alerts) have the same subscribers.
      [`credlink-prod-restore-test-dr-page-email-${emailId("sre@credlink.io")}`, "sre@credlink.io"],
      [`credlink-prod-restore-test-dr-notify-email-${emailId("sre@credlink.io")}`, "sre@credlink.io"],
    ]);
  });

  it("GIVEN the secret credlink:alerts.pagerdutyUrl THEN the page topic's HTTPS subscription gets it, marked secret", () => {
    const pd = rec.one(SUBSCRIPTION, "credlink-prod-page-pagerduty");
    expect(pd.inputs.topic).to.equal(rec.one(TOPIC, "credlink-prod-page").state.arn);
    expect(pd.inputs.endpoint).to.deep.equal({ [specialSigKey]: specialSecretSig, value: PD_URL });
  });

  it("GIVEN credlink:alerts.runbookBase THEN the paging alarm links there", () => {
    expect(rec.one(COMPOSITE, "credlink-prod-service-degraded").inputs.alarmDescription).to.match(/Runbook: https:\/\/runbooks\.credlink\.io\/ops\/service-degraded\.md$/);
  });

  it("GIVEN credlink:alerts.runbookBase THEN every tamper rule, in both regions, links its runbook there", () => {
    const rules = rec.ofType("aws:cloudwatch/eventRule:EventRule").filter((r) => r.name.startsWith("credlink-prod-audit-"));
    expect(rules).to.have.length(15);
    for (const rule of rules) {
      const id = rule.name.replace(/^credlink-prod-audit-(dr-)?/, "");
      expect(rule.inputs.description, rule.name).to.match(new RegExp(`Runbook: https://runbooks\\.credlink\\.io/ops/audit-${id}\\.md$`));
    }
  });

  it("GIVEN the secret credlink:alerts.pagerdutyUrl THEN the DR region's page topic (the tamper alerts there) pages PagerDuty too", () => {
    const pd = rec.one(SUBSCRIPTION, "credlink-prod-restore-test-dr-page-pagerduty");
    expect(pd.inputs.topic).to.equal(rec.one(TOPIC, "credlink-prod-restore-test-dr-page").state.arn);
    expect(pd.inputs.endpoint).to.deep.equal({ [specialSigKey]: specialSecretSig, value: PD_URL });
  });

  it("GIVEN credlink:slo.targetPercent 99.5 and latencyThresholdMs 300 THEN the burn thresholds, the slow statistic and the dashboard follow", () => {
    const fast = rec.one(ALARM, "credlink-prod-burn-fast-1h").inputs;
    expect(fast.threshold).to.equal(7.2);
    expect(fast.metricQueries.find((q: any) => q.id === "slow").metric.stat).to.equal("TC(0.3:)");
    expect(rec.one(ALARM, "credlink-prod-burn-3d-3d").inputs.threshold).to.equal(0.5);
    const body = JSON.parse(rec.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
    expect(body.widgets[0].properties.markdown).to.match(/^# SLO: 99\.5% of requests good\nGood = not 5xx \(target or load balancer\) and faster than 300 ms/);
  });
});

describe("credlink:alerts and credlink:slo config", () => {
  const PD = "credlink:alerts.pagerdutyUrl";

  it("GIVEN prod with no email and no PagerDuty THEN it is refused: no alarm would reach anyone", () => {
    expect(problemsFor("prod", { "credlink:alerts": { emails: [] } })).to.deep.equal([
      "credlink:alerts.emails must name at least one address in prod, or set the secret credlink:alerts.pagerdutyUrl: otherwise no alarm reaches anyone, got a list []",
    ]);
  });

  it("GIVEN prod with PagerDuty only THEN it parses, and the URL is a secret Output", async () => {
    const cfg = parseStackConfig(stackConfig("prod", { "credlink:alerts": { emails: [] }, [PD]: PD_URL }), "credlink", "prod");
    expect(cfg.alerts.emails).to.deep.equal([]);
    expect(await pulumi.isSecret(cfg.alerts.pagerdutyUrl as pulumi.Output<string>)).to.equal(true);
  });

  it("GIVEN the URL set with --path (inside credlink:alerts) THEN it is read the same; set both ways THEN it is refused", async () => {
    const cfg = parseStackConfig(stackConfig("prod", { "credlink:alerts": { emails: [], pagerdutyUrl: PD_URL } }), "credlink", "prod");
    expect(await new Promise((resolve) => cfg.alerts.pagerdutyUrl?.apply(resolve))).to.equal(PD_URL);
    expect(problemsFor("prod", { "credlink:alerts": { pagerdutyUrl: PD_URL }, [PD]: PD_URL })).to.deep.equal([
      "credlink:alerts.pagerdutyUrl is set twice, as its own key and inside credlink:alerts (with --path): keep one",
    ]);
    expect(problemsFor("prod", { "credlink:alerts": { pagerdutyUrl: 42 } })).to.deep.equal(["credlink:alerts.pagerdutyUrl must be a string (a URL), got number"]);
  });

  it("GIVEN a malformed email THEN the problem names its index and the value", () => {
    expect(problemsFor("prod", { "credlink:alerts": { emails: ["oncall@credlink.io", "on call@credlink"] } })).to.deep.equal([
      'credlink:alerts.emails[1] must be an email address like "oncall@example.com", got "on call@credlink"',
    ]);
  });

  it("GIVEN a PagerDuty URL over http or on another host THEN it is refused without showing the secret", () => {
    const secret = "http://events.pagerduty.com/integration/abc/enqueue";
    const problems = problemsFor("dev", { [PD]: secret });
    expect(problems).to.deep.equal([
      "credlink:alerts.pagerdutyUrl must use https (SNS would send the alert, and the integration key, in clear text) (the value is a secret and is not shown)",
    ]);
    expect(problemsFor("dev", { [PD]: "https://hooks.example.com/integration/abc/enqueue" })).to.deep.equal([
      'credlink:alerts.pagerdutyUrl must be on host events.pagerduty.com (PagerDuty\'s Events API), got host "hooks.example.com" (the value is a secret and is not shown)',
    ]);
  });

  it("GIVEN dev with no target THEN it parses with a warning; GIVEN a placeholder address THEN a warning names the key", () => {
    expect(parseStackConfig(stackConfig("dev"), "credlink", "dev").warnings[0]).to.equal(
      "credlink:alerts has no target (no emails, no secret credlink:alerts.pagerdutyUrl): the alarms publish to topics nobody reads",
    );
    expect(parseStackConfig(stackConfig("dev", { "credlink:alerts": { emails: ["a@credlink.example"] } }), "credlink", "dev").warnings[0]).to.match(
      /^credlink:alerts\.emails has the placeholder "a@credlink\.example"/,
    );
  });

  it("GIVEN slo values at and beyond their bounds THEN the edges parse and the rest name the key", () => {
    // The component's validator stops at its first problem (README, "Configuration reference"): one key at a time.
    expect(problemsFor("prod", { "credlink:slo": { targetPercent: 99.991 } })).to.deep.equal([
      "credlink:slo.targetPercent must be a number from 90 to 99.99 (percent of good requests), got 99.991",
    ]);
    expect(problemsFor("prod", { "credlink:slo": { latencyThresholdMs: 60001 } })).to.deep.equal([
      "credlink:slo.latencyThresholdMs must be an integer from 1 to 60000, got 60001",
    ]);
    expect(() => parseStackConfig(stackConfig("prod", { "credlink:slo": { targetPercent: 90, latencyThresholdMs: 60000 } }), "credlink", "prod")).to.not.throw();
    expect(problemsFor("prod", { "credlink:alerts": { runbookBase: "docs/runbooks/" } })).to.deep.equal([
      'credlink:alerts.runbookBase must be a repository path or a URL without a trailing "/" (letters, digits and :/._~%+-), got "docs/runbooks/"',
    ]);
  });

  it("GIVEN the offline plan's placeholder for a secret THEN config knows it (the two constants agree) and plans a stand-in", () => {
    expect(CONFIG_PLACEHOLDER).to.equal(OFFLINE_SECRET_PLACEHOLDER);
    expect(() => parseStackConfig(stackConfig("prod", { [PD]: OFFLINE_SECRET_PLACEHOLDER }), "credlink", "prod")).to.not.throw();
  });
});

describe("the plan with a PagerDuty URL", () => {
  let report: any;
  let refused: PlanRun;
  let cleanup: () => void;
  before(() => {
    const tmp = tempDir("credlink-pd-");
    cleanup = tmp.cleanup;
    // As `pulumi config set --secret` writes it: the plan never sees the value (it plans with a stand-in).
    const secret = writeStackVariant(tmp.dir, "Pulumi.prod.yaml", "prod", (config) => {
      config["credlink:alerts.pagerdutyUrl"] = { secure: "v1:placeholder:replace-with-pulumi-config-set-secret" };
    });
    // In clear text by mistake: refused, and even then never printed.
    const clear = writeStackVariant(tmp.dir, "Pulumi.clear.yaml", "prod", (config) => {
      config["credlink:alerts.pagerdutyUrl"] = PD_URL;
    });
    // JSON only: the table and markdown are rendered from this same report (tools/plan/render.ts reads no inputs).
    report = reportOf(plan("--stack", "prod", "--config-file", secret, "--format", "json"));
    refused = plan("--stack", "prod", "--config-file", clear, "--format", "json");
  });
  after(() => cleanup());

  it("GIVEN the URL as a secret WHEN planned THEN the page topic's subscription shows only its protocol, and the JSON validates", () => {
    expect(schemaErrors(report)).to.deep.equal([]);
    expect(report.resources.find((r: any) => r.name === "credlink-prod-page-pagerduty").props).to.deep.equal({ protocol: "https" });
  });

  it("GIVEN the URL in clear text WHEN planned THEN the plan refuses it, naming the key and the command, and prints the URL nowhere", () => {
    expect(refused.status).to.equal(1);
    expect(refused.stderr).to.include("credlink:alerts.pagerdutyUrl must be set as a secret (pulumi config set --secret credlink:alerts.pagerdutyUrl <value>)");
    expect(`${refused.stdout}${refused.stderr}`.includes("feedface")).to.equal(false);
  });
});

describe("the plan's SLO section", () => {
  let report: any;
  before(() => {
    report = reportOf(plan("--stack", "prod", "--format", "json"));
  });

  it("GIVEN prod THEN the JSON carries the SLO as numbers (outputs.slo): 99.9%, 500 ms, 43.8 minutes, and the one alarm that pages", () => {
    expect(report.outputs.slo).to.deep.equal({
      targetPercent: 99.9,
      latencyThresholdMs: 500,
      errorBudgetMinutes: 43.8,
      pagingAlarms: ["credlink-prod-service-degraded"],
    });
  });

  it("GIVEN prod THEN the section lists every alarm with the topic it notifies, the paging one first", () => {
    const section = report.sections.find((s: any) => s.id === "slo");
    expect(section.columns).to.deep.equal(["ALARM", "KIND", "NOTIFIES", "WATCHES"]);
    expect(section.summary).to.equal("SLO 99.9% good ALB requests (no 5xx, < 500 ms); budget 43.8 min/month; pages: credlink-prod-service-degraded");
    expect(section.rows.map((r: string[]) => [r[0], r[1], r[2]])).to.deep.equal([
      ["credlink-prod-copy-freshness-failing",  "metric",  "page"],
      ["credlink-prod-copy-freshness-not-running",  "metric",  "page"],
      ["credlink-prod-ops-proof-replication-behind",  "metric",  "page"],
      ["credlink-prod-ops-proof-replication-failed",  "metric",  "page"],
      ["credlink-prod-service-degraded",  "composite",  "page"],
      ["credlink-account-dr-guardduty-notify-failed-invocations",  "metric",  "notify"],
      ["credlink-account-dr-guardduty-page-failed-invocations",  "metric",  "notify"],
      ["credlink-account-dr-inspector-critical-failed-invocations",  "metric",  "notify"],
      ["credlink-account-guardduty-notify-failed-invocations",  "metric",  "notify"],
      ["credlink-account-guardduty-page-failed-invocations",  "metric",  "notify"],
      ["credlink-account-inspector-critical-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-5xx-rate",  "metric",  "notify"],
      ["credlink-prod-audit-alerting-tampering-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-backup-tampering-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-dr-alerting-tampering-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-dr-backup-tampering-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-dr-guardduty-tampering-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-dr-key-tampering-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-dr-proof-bucket-policy-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-dr-root-activity-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-dr-trail-tampering-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-guardduty-tampering-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-iam-change-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-key-tampering-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-proof-bucket-policy-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-root-activity-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-audit-trail-tampering-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-burn-3d-3d",  "metric",  "notify"],
      ["credlink-prod-burn-fast-1h",  "metric",  "notify"],
      ["credlink-prod-burn-fast-5m",  "metric",  "notify"],
      ["credlink-prod-burn-slow-30m",  "metric",  "notify"],
      ["credlink-prod-burn-slow-6h",  "metric",  "notify"],
      ["credlink-prod-fast-burn",  "composite",  "notify"],
      ["credlink-prod-ops-alb-5xx-rate",  "metric",  "notify"],
      ["credlink-prod-ops-cache-001-cpu-credits",  "metric",  "notify"],
      ["credlink-prod-ops-cache-001-engine-cpu",  "metric",  "notify"],
      ["credlink-prod-ops-cache-001-evictions",  "metric",  "notify"],
      ["credlink-prod-ops-cache-001-memory",  "metric",  "notify"],
      ["credlink-prod-ops-cache-002-cpu-credits",  "metric",  "notify"],
      ["credlink-prod-ops-cache-002-engine-cpu",  "metric",  "notify"],
      ["credlink-prod-ops-cache-002-evictions",  "metric",  "notify"],
      ["credlink-prod-ops-cache-002-memory",  "metric",  "notify"],
      ["credlink-prod-ops-db-connections",  "metric",  "notify"],
      ["credlink-prod-ops-db-cpu",  "metric",  "notify"],
      ["credlink-prod-ops-db-cpu-credits",  "metric",  "notify"],
      ["credlink-prod-ops-db-free-storage",  "metric",  "notify"],
      ["credlink-prod-ops-task-cpu",  "metric",  "notify"],
      ["credlink-prod-ops-task-memory",  "metric",  "notify"],
      ["credlink-prod-ops-tasks-below-desired",  "metric",  "notify"],
      ["credlink-prod-ops-unhealthy-hosts",  "metric",  "notify"],
      ["credlink-prod-p95-latency",  "metric",  "notify"],
      ["credlink-prod-restore-test-completed-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-restore-test-dr-completed-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-restore-test-dr-failed-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-restore-test-failed-failed-invocations",  "metric",  "notify"],
      ["credlink-prod-slow-burn",  "composite",  "notify"],
      ["credlink-prod-uptime-down",  "metric",  "notify"],
      ["credlink-prod-waf-blocked-spike",  "metric",  "notify"],
    ]);
    expect(section.rows[section.rows.findIndex((r: string[]) => r[0] === "credlink-prod-burn-fast-1h")][3]).to.equal("Bad requests (% of all: 5xx or slow) > 1.44 (1 of 1 x 1h)");
  });
});

describe("the dead man's switch (credlink:alerts.heartbeatUrl, drHeartbeatUrl) in the committed stacks", () => {
  const RULE = "aws:cloudwatch/eventRule:EventRule";
  const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
  const ALERTS_ONLY = JSON.stringify({ credlinkHeartbeat: [{ exists: false }] });
  const regionOf = (rec: Recorder, provider: string) => rec.byUrnOf(provider.split("::").slice(0, -1).join("::"))?.inputs.region;

  it("GIVEN prod (its heartbeat URLs committed as secrets) THEN each region's page topic gets a heartbeat every 5 minutes, to its own check, in its own region", async () => {
    const { recorder: rec } = await committedProgram("prod");
    const beats = [
      ["credlink-prod", "us-east-1", "https://heartbeat.invalid/offline-placeholder"],
      ["credlink-prod-restore-test-dr", "us-west-2", "https://heartbeat.invalid/offline-placeholder-dr"],
    ] as const;
    for (const [name, region, url] of beats) {
      const rule = rec.one(RULE, `${name}-heartbeat`);
      const page = rec.one(TOPIC, `${name}-page`).state.arn;
      expect([rule.inputs.scheduleExpression, rec.one(TARGET, `${name}-heartbeat`).inputs.arn, regionOf(rec, rule.provider)], name).to.deep.equal(["rate(5 minutes)", page, region]);
      const subscription = rec.one(SUBSCRIPTION, `${name}-page-heartbeat`);
      expect([subscription.inputs.topic, subscription.inputs.endpoint, subscription.inputs.filterPolicy], name).to.deep.equal([
        page,
        { [specialSigKey]: specialSecretSig, value: url },
        JSON.stringify({ credlinkHeartbeat: [name] }),
      ]);
    }
  });

  it("GIVEN prod THEN every email subscription of both page topics takes only bodies without the heartbeat, the notify topics' take everything, and Budgets emails the overrun itself", async () => {
    const { recorder: rec } = await committedProgram("prod");
    const emails = rec.ofType(SUBSCRIPTION).filter((s) => s.inputs.protocol === "email");
    expect(emails.map((s) => [s.name.replace(/-email-[0-9a-f]{8}$/, ""), s.inputs.filterPolicyScope, s.inputs.filterPolicy])).to.have.deep.members([
      ["credlink-prod-page", "MessageBody", ALERTS_ONLY],
      ["credlink-prod-notify", undefined, undefined],
      ["credlink-prod-restore-test-dr-page", "MessageBody", ALERTS_ONLY],
      ["credlink-prod-restore-test-dr-notify", undefined, undefined],
    ]);
    const actual = rec.one("aws:budgets/budget:Budget", "credlink-prod").inputs.notifications.find((n: any) => n.notificationType === "ACTUAL");
    expect(actual.subscriberEmailAddresses).to.deep.equal(["oncall@credlink.example"]);
  });

  it("GIVEN dev (no heartbeat URL) THEN no heartbeat, no filter on any subscription, and the budget emails nobody directly", async () => {
    const { recorder: rec } = await committedProgram("dev");
    expect(rec.ofType(RULE).filter((r) => r.name.endsWith("-heartbeat"))).to.deep.equal([]);
    expect(rec.ofType(SUBSCRIPTION).filter((s) => s.inputs.filterPolicy !== undefined)).to.deep.equal([]);
    expect(rec.one("aws:budgets/budget:Budget", "credlink-dev").inputs.notifications.map((n: any) => n.subscriberEmailAddresses)).to.deep.equal([undefined, undefined]);
  });
});

describe("credlink:alerts.heartbeatUrl and drHeartbeatUrl config", () => {
  const HB = "credlink:alerts.heartbeatUrl";
  const DR_HB = "credlink:alerts.drHeartbeatUrl";
  const URL_A = "https://hc-ping.com/0b5e55ed-0000-4000-8000-00000000000a";

  it("GIVEN a heartbeat URL over http, or PagerDuty's, THEN it is refused without showing the secret", () => {
    const problems = problemsFor("dev", { [HB]: "http://hc-ping.com/0b5e55ed" });
    expect(problems).to.deep.equal([
      "credlink:alerts.heartbeatUrl must use https (SNS would send the heartbeat, and the check's token in the URL, in clear text) (the value is a secret and is not shown)",
    ]);
    expect(problems.join("\n")).to.not.include("0b5e55ed");
    expect(problemsFor("dev", { [HB]: PD_URL })[0]).to.match(/^credlink:alerts\.heartbeatUrl must not be PagerDuty's Events API/);
  });

  it("GIVEN the same URL for both regions THEN it is refused: one check fed by both keeps beating while either is silenced", () => {
    expect(problemsFor("prod", { [HB]: URL_A, [DR_HB]: URL_A })).to.deep.equal([
      "credlink:alerts.drHeartbeatUrl must differ from credlink:alerts.heartbeatUrl: one check fed by both regions keeps beating while either region's page topic is silenced (the values are secrets and are not shown)",
    ]);
  });

  it("GIVEN a DR heartbeat without DR THEN it is refused; with DR THEN it parses as a secret Output", async () => {
    expect(problemsFor("dev", { [DR_HB]: URL_A })).to.deep.equal([
      "credlink:alerts.drHeartbeatUrl is set but credlink:dr.enabled is not true: there is no DR region's page topic to beat through (the value is a secret and is not shown)",
    ]);
    const cfg = parseStackConfig(stackConfig("dev", { [DR_HB]: URL_A, "credlink:dr": { enabled: true } }), "credlink", "dev");
    expect(await pulumi.isSecret(cfg.alerts.drHeartbeatUrl as pulumi.Output<string>)).to.equal(true);
  });

  it("GIVEN the URL set with --path (inside credlink:alerts) THEN it is read the same; set both ways, or not a string, THEN it is refused", async () => {
    const cfg = parseStackConfig(stackConfig("dev", { "credlink:alerts": { heartbeatUrl: URL_A } }), "credlink", "dev");
    expect(await new Promise((resolve) => cfg.alerts.heartbeatUrl?.apply(resolve))).to.equal(URL_A);
    expect(problemsFor("dev", { "credlink:alerts": { heartbeatUrl: URL_A }, [HB]: URL_A })).to.deep.equal([
      "credlink:alerts.heartbeatUrl is set twice, as its own key and inside credlink:alerts (with --path): keep one",
    ]);
    expect(problemsFor("dev", { "credlink:alerts": { heartbeatUrl: 42 } })).to.deep.equal(["credlink:alerts.heartbeatUrl must be a string (a URL), got number"]);
  });

  it("GIVEN a heartbeat THEN ten emails parse and eleven are refused (Budgets then emails the overrun to each, and takes ten); without one, eleven parse", () => {
    const emails = (n: number) => Array.from({ length: n }, (_, i) => `oncall${i}@credlink.io`);
    const parses = (patch: Record<string, unknown>) => parseStackConfig(stackConfig("dev", patch), "credlink", "dev").alerts.emails.length;
    expect(parses({ [HB]: URL_A, "credlink:alerts": { emails: emails(10) } })).to.equal(10);
    expect(problemsFor("dev", { [HB]: URL_A, "credlink:alerts": { emails: emails(11) } })).to.deep.equal([
      `credlink:alerts.emails must list at most 10 addresses with credlink:alerts.heartbeatUrl set: the page topic's subscriptions then take JSON bodies only, so AWS Budgets also emails its overrun to each address itself, and a Budgets notification takes 10, got a list ${JSON.stringify(emails(11))}`,
    ]);
    expect(parses({ "credlink:alerts": { emails: emails(11) } })).to.equal(11);
  });
});
