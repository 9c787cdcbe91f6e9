/**
 * The account baseline (credlink:account:Baseline): the GuardDuty detector and its runtime-monitoring feature, the
 * EventBridge routes of findings to the page and notify topics, Inspector for ECR with continuous registry scanning,
 * cost allocation tags, and Security Hub behind its switch. In the committed programs: each stack owns its own
 * account's baseline in every region it uses (prod: us-east-1 and the DR region, whose findings are routed to the DR
 * region's own topics), dev without runtime monitoring.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import {
  AccountBaseline,
  AccountBaselineArgs,
  BACKUP_OPT_IN_RESOURCE_TYPES,
  guardDutyFindingPattern,
  inspectorCriticalPattern,
  resolveAccountBaselineArgs,
  validateAccountBaselineArgs,
} from "../components/account/baseline";
import { Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { committedProgram } from "./helpers/programs";

const PAGE = "arn:aws:sns:us-east-1:123456789012:credlink-prod-page";
const NOTIFY = "arn:aws:sns:us-east-1:123456789012:credlink-prod-notify";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";

/**
 * EventBridge's matching for the subset of patterns used here (exact values, `numeric` ranges, nested objects, arrays
 * in the event matching when any element matches): enough to prove which findings each rule routes.
 */
function matches(pattern: any, event: any): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event?.[key];
    if (Array.isArray(expected)) {
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((v) =>
        (expected as any[]).some((e) => {
          if (e !== null && typeof e === "object" && "wildcard" in e) {
            return typeof v === "string" && new RegExp(`^${String(e.wildcard).split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(v);
          }
          if (e !== null && typeof e === "object" && "numeric" in e) {
            const ops: any[] = e.numeric;
            if (typeof v !== "number") return false;
            for (let i = 0; i < ops.length; i += 2) {
              const [op, n] = [ops[i], ops[i + 1]];
              const ok = op === ">=" ? v >= n : op === ">" ? v > n : op === "<" ? v < n : op === "<=" ? v <= n : v === n;
              if (!ok) return false;
            }
            return true;
          }
          return e === v;
        }),
      );
    }
    const objects = Array.isArray(actual) ? actual : [actual];
    return objects.some((o) => matches(expected, o));
  });
}

const guardDutyFinding = (severity: number) => ({ source: "aws.guardduty", "detail-type": "GuardDuty Finding", detail: { severity, type: "Runtime:Linux/ReverseShell" } });
const inspectorFinding = (severity: string, repositoryName: string, status = "ACTIVE") => ({
  source: "aws.inspector2",
  "detail-type": "Inspector2 Finding",
  detail: { severity, status, resources: [{ type: "AWS_ECR_CONTAINER_IMAGE", details: { awsEcrContainerImage: { repositoryName, imageTags: ["v1.4.2"] } } }] },
});

describe("AccountBaseline", () => {
  describe("GIVEN the page and notify topics, the service's repository and the stack's cost tags", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(() =>
        new AccountBaseline("credlink-account", { pageTopicArn: PAGE, notifyTopicArn: NOTIFY, repositoryNames: ["credlink-prod"], costAllocationTags: ["Project", "Environment", "CostCenter"] }),
      ));
    });

    it("WHEN built THEN one detector is enabled, publishing finding updates every 15 minutes", () => {
      expect(rec.one("aws:guardduty/detector:Detector").inputs).to.deep.equal({ enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" });
    });

    it("WHEN built THEN the detector has RUNTIME_MONITORING enabled with ECS_FARGATE_AGENT_MANAGEMENT enabled (GuardDuty injects its sidecar)", () => {
      expect(rec.one("aws:guardduty/detectorFeature:DetectorFeature").inputs).to.deep.equal({
        detectorId: rec.one("aws:guardduty/detector:Detector").id,
        name: "RUNTIME_MONITORING",
        status: "ENABLED",
        additionalConfigurations: [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }],
      });
    });

    it("WHEN built THEN GuardDuty findings of severity >= 7 go to the page topic, the rest to notify, and critical Inspector findings on the repository notify", () => {
      expect(rec.ofType(RULE).map((r) => [r.name, JSON.parse(r.inputs.eventPattern)])).to.deep.equal([
        ["credlink-account-guardduty-page", { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", 7] }] } }],
        ["credlink-account-guardduty-notify", { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: ["<", 7] }] } }],
        [
          "credlink-account-inspector-critical",
          {
            source: ["aws.inspector2"],
            "detail-type": ["Inspector2 Finding"],
            detail: { severity: ["CRITICAL"], status: ["ACTIVE"], resources: { details: { awsEcrContainerImage: { repositoryName: ["credlink-prod"] } } } },
          },
        ],
      ]);
      expect(rec.ofType(TARGET).map((t) => [t.name, t.inputs])).to.deep.equal([
        ["credlink-account-guardduty-page", { rule: "credlink-account-guardduty-page", arn: PAGE }],
        ["credlink-account-guardduty-notify", { rule: "credlink-account-guardduty-notify", arn: NOTIFY }],
        ["credlink-account-inspector-critical", { rule: "credlink-account-inspector-critical", arn: NOTIFY }],
      ]);
    });

    it("WHEN findings arrive THEN severity 7.0 and 8.9 page, 6.9 and 2.0 notify, and each finding matches exactly one GuardDuty route", () => {
      const page = guardDutyFindingPattern("page");
      const notify = guardDutyFindingPattern("notify");
      expect([2, 6.9, 7, 8.9, 10].map((s) => [s, matches(page, guardDutyFinding(s)), matches(notify, guardDutyFinding(s))])).to.deep.equal([
        [2, false, true],
        [6.9, false, true],
        [7, true, false],
        [8.9, true, false],
        [10, true, false],
      ]);
    });

    it("WHEN Inspector findings arrive with a credlink-* filter THEN critical findings on every stack's repository match, and only those", () => {
      const pattern = inspectorCriticalPattern(["credlink-*"]);
      expect(["credlink-prod", "credlink-dev", "other-prod"].map((repo) => matches(pattern, inspectorFinding("CRITICAL", repo)))).to.deep.equal([true, true, false]);
    });

    it("WHEN built THEN each rule's failed deliveries (FailedInvocations) alarm the notify topic", () => {
      expect(rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [a.name, a.inputs.dimensions, a.inputs.alarmActions])).to.deep.equal(
        ["guardduty-page", "guardduty-notify", "inspector-critical"].map((r) => [`credlink-account-${r}-failed-invocations`, { RuleName: `credlink-account-${r}` }, [NOTIFY]]),
      );
    });

    it("WHEN built THEN AWS Backup is opted in for every documented resource type (RDS and S3 among them) in this region only", () => {
      const settings = rec.ofType("aws:backup/regionSettings:RegionSettings");
      expect(settings.map((r) => [r.name, r.inputs])).to.deep.equal([
        ["credlink-account-backup-opt-in", { resourceTypeOptInPreference: Object.fromEntries(BACKUP_OPT_IN_RESOURCE_TYPES.map((t) => [t, true])) }],
      ]);
      expect(BACKUP_OPT_IN_RESOURCE_TYPES).to.include.members(["RDS", "S3"]);
    });

    it("WHEN Inspector findings arrive THEN only an active CRITICAL one on the service's repository matches", () => {
      const pattern = inspectorCriticalPattern(["credlink-prod"]);
      expect(matches(pattern, inspectorFinding("CRITICAL", "credlink-prod"))).to.equal(true);
      expect(matches(pattern, inspectorFinding("HIGH", "credlink-prod"))).to.equal(false);
      expect(matches(pattern, inspectorFinding("CRITICAL", "credlink-dev"))).to.equal(false);
      expect(matches(pattern, inspectorFinding("CRITICAL", "credlink-prod", "CLOSED"))).to.equal(false);
    });

    it("WHEN built THEN Inspector is enabled for ECR in this account, and the registry scans the repository continuously (ENHANCED), after the enabler", () => {
      const enabler = rec.one("aws:inspector2/enabler:Enabler");
      expect(enabler.inputs).to.deep.equal({ accountIds: ["123456789012"], resourceTypes: ["ECR"] });
      const scanning = rec.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration");
      expect(scanning.inputs).to.deep.equal({
        scanType: "ENHANCED",
        rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "credlink-prod", filterType: "WILDCARD" }] }],
      });
      expect(scanning.dependsOn).to.include(enabler.urn);
    });

    // Old: activated in the same up that first creates the tagged resources, which Cost Explorer refuses.
    it("WHEN built without activateCostAllocationTags THEN no cost allocation tag is activated (a later step), and there is no Security Hub", () => {
      expect(rec.ofType("aws:costexplorer/costAllocationTag:CostAllocationTag")).to.deep.equal([]);
      expect(rec.ofType("aws:securityhub/account:Account")).to.deep.equal([]);
      expect(rec.ofType("aws:securityhub/standardsSubscription:StandardsSubscription")).to.deep.equal([]);
    });
  });

  describe("GIVEN securityHub", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(() =>
        new AccountBaseline("credlink-account", {
          pageTopicArn: PAGE,
          notifyTopicArn: NOTIFY,
          repositoryNames: ["credlink-prod"],
          securityHub: true,
          costAllocationTags: ["Project", "Environment", "CostCenter"],
          activateCostAllocationTags: true,
        }),
      ));
    });

    it("WHEN built with activateCostAllocationTags THEN Project, Environment and CostCenter are activated", () => {
      expect(rec.ofType("aws:costexplorer/costAllocationTag:CostAllocationTag").map((t) => t.inputs)).to.deep.equal([
        { tagKey: "Project", status: "Active" },
        { tagKey: "Environment", status: "Active" },
        { tagKey: "CostCenter", status: "Active" },
      ]);
    });

    it("WHEN built THEN Security Hub is on without its default standards, and subscribes to Foundational Security Best Practices only", () => {
      const account = rec.one("aws:securityhub/account:Account");
      expect(account.inputs).to.deep.equal({ enableDefaultStandards: false, controlFindingGenerator: "SECURITY_CONTROL", autoEnableControls: true });
      const standard = rec.one("aws:securityhub/standardsSubscription:StandardsSubscription");
      expect(standard.inputs).to.deep.equal({ standardsArn: "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0" });
      expect(standard.dependsOn).to.include(account.urn);
    });
  });

  describe("in the committed programs: each stack's own account, every region it uses", () => {
    let prod: Recorder;
    let dev: Recorder;
    before(async () => {
      prod = (await committedProgram("prod")).recorder;
      dev = (await committedProgram("dev")).recorder;
    });
    const PRIMARY = "urn:pulumi:prod::credlink::pulumi:providers:aws::aws-us-east-1::aws-us-east-1-provider-id";
    const DR = "urn:pulumi:prod::credlink::pulumi:providers:aws::aws-us-west-2::aws-us-west-2-provider-id";
    const SINGLETON_TYPES = [
      "aws:guardduty/detector:Detector",
      "aws:guardduty/detectorFeature:DetectorFeature",
      "aws:inspector2/enabler:Enabler",
      "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
      "aws:backup/regionSettings:RegionSettings",
    ];

    it("GIVEN prod with DR THEN its detector (runtime monitoring ENABLED), Inspector, registry scanning and Backup opt-in exist in us-east-1 and in us-west-2", () => {
      const where = (rec: Recorder) => SINGLETON_TYPES.flatMap((t) => rec.ofType(t)).map((r) => [r.name, r.provider === DR ? "us-west-2" : r.provider === PRIMARY ? "us-east-1" : r.provider]);
      expect(where(prod)).to.have.deep.members([
        ["credlink-account", "us-east-1"],
        ["credlink-account-dr", "us-west-2"],
        ["credlink-account-runtime-monitoring", "us-east-1"],
        ["credlink-account-dr-runtime-monitoring", "us-west-2"],
        ["credlink-account-inspector", "us-east-1"],
        ["credlink-account-dr-inspector", "us-west-2"],
        ["credlink-account-registry-scanning", "us-east-1"],
        ["credlink-account-dr-registry-scanning", "us-west-2"],
        ["credlink-account-backup-opt-in", "us-east-1"],
        ["credlink-account-backup-opt-in-dr", "us-west-2"],
      ]);
      expect(prod.ofType("aws:guardduty/detectorFeature:DetectorFeature").map((f) => [f.inputs.status, f.inputs.additionalConfigurations])).to.deep.equal([
        ["ENABLED", [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }]],
        ["ENABLED", [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }]],
      ]);
      const scanning = prod.ofType("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration").map((r) => r.inputs);
      expect(scanning).to.deep.equal([0, 1].map(() => ({ scanType: "ENHANCED", rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "credlink-*", filterType: "WILDCARD" }] }] })));
    });

    it("GIVEN dev (credlink:account.runtimeMonitoring false, no DR) THEN its own account's detector has runtime monitoring DISABLED, in us-east-1 only", () => {
      expect(SINGLETON_TYPES.flatMap((t) => dev.ofType(t)).map((r) => r.name)).to.deep.equal([
        "credlink-account",
        "credlink-account-runtime-monitoring",
        "credlink-account-inspector",
        "credlink-account-registry-scanning",
        "credlink-account-backup-opt-in",
      ]);
      expect(dev.one("aws:guardduty/detectorFeature:DetectorFeature").inputs).to.deep.equal({
        detectorId: dev.one("aws:guardduty/detector:Detector").id,
        name: "RUNTIME_MONITORING",
        status: "DISABLED",
        additionalConfigurations: [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "DISABLED" }],
      });
      expect(dev.ofType("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration").map((r) => r.inputs.rules[0].repositoryFilters)).to.deep.equal([[{ filter: "credlink-*", filterType: "WILDCARD" }]]);
    });

    // Old: one rule in us-west-2 forwarded the findings to us-east-1's default bus; with us-east-1 down (the day the
    // failover stack runs in us-west-2) a finding on the failover's tasks or the adopted bucket reached no one.
    it("GIVEN prod's DR region THEN its GuardDuty and Inspector findings are routed there, to the DR region's own topics, each rule's delivery alarm there too; nothing goes to us-east-1", () => {
      const drTopic = (role: "page" | "notify") => prod.one("aws:sns/topic:Topic", `credlink-prod-restore-test-dr-${role}`);
      const routes = [
        ["credlink-account-dr-guardduty-page", guardDutyFindingPattern("page"), "page"],
        ["credlink-account-dr-guardduty-notify", guardDutyFindingPattern("notify"), "notify"],
        ["credlink-account-dr-inspector-critical", inspectorCriticalPattern(["credlink-*"]), "notify"],
      ] as const;
      for (const [name, pattern, role] of routes) {
        const rule = prod.one(RULE, name);
        const target = prod.one(TARGET, name);
        const alarm = prod.one("aws:cloudwatch/metricAlarm:MetricAlarm", `${name}-failed-invocations`);
        expect([rule.inputs.name, JSON.parse(rule.inputs.eventPattern), rule.provider], name).to.deep.equal([name, pattern, DR]);
        expect([target.inputs, target.provider], name).to.deep.equal([{ rule: rule.state.name, arn: drTopic(role).state.arn }, DR]);
        expect([alarm.inputs.alarmActions, alarm.provider], name).to.deep.equal([[drTopic("notify").state.arn], DR]);
      }
      expect([drTopic("page").provider, drTopic("notify").provider]).to.deep.equal([DR, DR]);
      // No rule targets another region's bus, and no role exists to send there.
      expect(prod.ofType(TARGET).filter((t) => String(t.inputs.arn).includes(":event-bus/"))).to.deep.equal([]);
      expect(prod.ofType("aws:iam/role:Role").filter((r) => r.name.includes("findings-to-primary"))).to.deep.equal([]);
    });

    it("GIVEN a DR provider and no DR topics (the component on its own) THEN it forwards the DR region's findings to the primary region's default bus, as before", async () => {
      const { recorder } = await runComponent(() => {
        const dr = new aws.Provider("aws-us-west-2", { region: "us-west-2" });
        return new AccountBaseline("credlink-account", { pageTopicArn: PAGE, notifyTopicArn: NOTIFY, repositoryNames: ["credlink-*"], drProvider: dr });
      });
      const target = recorder.one(TARGET, "credlink-account-dr-findings-to-primary");
      expect(target.inputs.arn).to.equal("arn:aws:events:us-east-1:123456789012:event-bus/default");
      expect(recorder.ofType(RULE).filter((r) => r.name.startsWith("credlink-account-dr-guardduty"))).to.deep.equal([]);
    });

    it("GIVEN dev (no DR) THEN nothing forwards findings: the routes are in its only region", () => {
      expect(dev.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => r.name).filter((n) => n.startsWith("credlink-account"))).to.deep.equal([
        "credlink-account-guardduty-page",
        "credlink-account-guardduty-notify",
        "credlink-account-inspector-critical",
      ]);
    });
  });

  describe("validation", () => {
    const check = (args: Partial<AccountBaselineArgs>) => () =>
      validateAccountBaselineArgs(resolveAccountBaselineArgs({ pageTopicArn: "", notifyTopicArn: "", repositoryNames: ["credlink-prod"], ...args }));

    it("GIVEN no repository, an uppercase one or an aws: tag key THEN each is rejected naming the argument", () => {
      expect(check({ repositoryNames: [] })).to.throw(/^repositoryNames must name at least one ECR repository/);
      expect(check({ repositoryNames: ["CredLink"] })).to.throw(/^repositoryNames\[0\] must be an ECR repository name/);
      expect(check({ repositoryNames: ["credlink-*"] })).not.to.throw();
      expect(check({ costAllocationTags: ["aws:createdBy"] })).to.throw(/^costAllocationTags\[0\] must be a user tag key/);
      expect(check({ costAllocationTags: ["x".repeat(128)] })).not.to.throw();
      expect(check({ costAllocationTags: ["x".repeat(129)] })).to.throw(/^costAllocationTags\[0\]/);
    });

    it("GIVEN a role name prefix of 25 characters THEN accepted; 26, capitals or a wildcard THEN rejected naming roleNamePrefix", () => {
      expect(check({ roleNamePrefix: "a".repeat(25) })).not.to.throw();
      for (const roleNamePrefix of ["a".repeat(26), "Credlink-prod", "credlink-*"]) expect(check({ roleNamePrefix }), roleNamePrefix).to.throw(/^roleNamePrefix must be 1-25 lowercase/);
    });
  });
});
