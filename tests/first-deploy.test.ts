/**
 * What real AWS would reject or quietly break on the first `pulumi up` and after it, checked on the committed
 * programs (one run per stack, shared): the EventBridge grant on the alert key and the delivery alarms, the service's
 * wait and the workflow around it, the canary's target groups, NAT instances after a reboot, ECR scanning of every
 * stack, restore-test scoping, the role-policy waits, Backup's opt-in, prod's log keys, GuardDuty's endpoint in dev.
 * Each test names the old behaviour it fails on.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import type { Recorder, Registration } from "../tools/offline/mocks";
import { MOCK_ACCOUNT_ID } from "../tools/offline/mocks";
import { REPO_ROOT } from "../tools/project";
import { committedProgram } from "./helpers/programs";
import { checkMetricMath, registeredExpressions } from "./helpers/metric-math";
import { problemsFor } from "./helpers/config";
import { parseStackConfig } from "../stacks/config";
import { stackConfig } from "../tools/offline/program";
import { accountBaseline, COST_TAGS_INACTIVE } from "../tools/plan/sections/account-baseline";
import { costGuardNotes } from "../tools/plan/sections/cost";
import { DEPLOYMENT_MARGIN_MINUTES, deploymentWaitMinutes } from "../components/app/service";

const KEY = "aws:kms/key:Key";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const SERVICE = "aws:ecs/service:Service";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";

let prod: Recorder;
let dev: Recorder;

/** The statement of a key's policy by Sid. */
function statement(key: Registration, sid: string): any {
  return JSON.parse(key.inputs.policy).Statement.find((s: any) => s.Sid === sid);
}

describe("first deploy: what AWS would reject or quietly break", function () {
  this.timeout(300_000);
  before(async () => {
    prod = (await committedProgram("prod")).recorder;
    dev = (await committedProgram("dev")).recorder;
  });

  describe("EventBridge to the encrypted alert topics", () => {
    // Old: { StringEquals: { "aws:SourceAccount": ... }, ArnLike: { "aws:SourceArn": "...:rule/*" } }, which KMS never
    // sees for EventBridge's delivery to an SSE topic: every finding and restore result was dropped.
    it("GIVEN prod THEN the alert key lets EventBridge use it for the two alert topics only, by their ARN in the encryption context", () => {
      expect(statement(prod.one(KEY, "credlink-prod-alerts"), "AllowEventBridgeRulesToPublishEncrypted")).to.deep.equal({
        Sid: "AllowEventBridgeRulesToPublishEncrypted",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: {
          StringLike: {
            "kms:EncryptionContext:aws:sns:topicArn": [
              `arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:credlink-prod-page-*`,
              `arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:credlink-prod-notify-*`,
            ],
          },
        },
      });
    });

    it("GIVEN dev THEN the shared key scopes EventBridge the same way, to dev's alert topics", () => {
      const condition = statement(dev.one(KEY, "credlink-dev-key"), "AllowEventBridgeRulesToPublishEncrypted").Condition;
      expect(condition).to.deep.equal({
        StringLike: {
          "kms:EncryptionContext:aws:sns:topicArn": [`arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:credlink-dev-page-*`, `arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:credlink-dev-notify-*`],
        },
      });
    });

    it("GIVEN the topics' physical names THEN the key's patterns match them (the names are Pulumi's autonames)", () => {
      const patterns: string[] = statement(prod.one(KEY, "credlink-prod-alerts"), "AllowEventBridgeRulesToPublishEncrypted").Condition.StringLike["kms:EncryptionContext:aws:sns:topicArn"];
      const like = (p: string) => new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === "*" ? ".*" : `\\${c}`))}$`);
      for (const name of ["credlink-prod-page", "credlink-prod-notify"]) {
        const arn = prod.one("aws:sns/topic:Topic", name).state.arn;
        expect(patterns.some((p) => like(p).test(arn)), arn).to.equal(true);
      }
    });

    it("GIVEN the topic policies THEN EventBridge still publishes under aws:SourceAccount and aws:SourceArn there (it sends them to SNS)", () => {
      const policy = JSON.parse(prod.one(TOPIC_POLICY, "credlink-prod-page").inputs.policy);
      expect(policy.Statement.find((s: any) => s.Sid === "AllowEventBridgeRulesToPublish").Condition).to.deep.equal({
        StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
        ArnLike: { "aws:SourceArn": `arn:aws:events:us-east-1:${MOCK_ACCOUNT_ID}:rule/*` },
      });
    });

    // Old: no alarm on any rule; a refused delivery left no trace.
    for (const stack of ["prod", "dev"] as const) {
      it(`GIVEN ${stack} THEN every EventBridge rule to a topic has a FailedInvocations alarm on its own name, to the notify topic`, () => {
        const rec = stack === "prod" ? prod : dev;
        // No rule forwards findings to another region's bus: each region routes its own, to its own topics.
        const forwarding = rec.ofType(RULE).filter((r) => r.name === "credlink-account-dr-findings-to-primary");
        const rules = rec.ofType(RULE).filter((r) => !forwarding.includes(r));
        // Prod adds the tamper alerts: 8 rules in us-east-1 and 7 in us-west-2 (no IAM there); dev builds none
        // (credlink:audit.tamperAlerts false). Prod's DR-region rules (the restore tests' two, its findings' three, the
        // tamper alerts') alarm to the topics there (an alarm notifies a topic of its own region). Its copies' freshness
        // check's schedule is a rule too, whose target is the check's function, not a topic. Prod's heartbeats (one
        // per region) publish to the page topics with no delivery alarm: an undelivered heartbeat is what the external
        // check pages on (components/ops/alerting.ts).
        const heartbeats = rules.filter((r) => r.name.endsWith("-heartbeat"));
        expect(heartbeats.map((r) => r.name)).to.deep.equal(stack === "prod" ? ["credlink-prod-heartbeat", "credlink-prod-restore-test-dr-heartbeat"] : []);
        expect(rec.ofType(ALARM).filter((a) => heartbeats.some((r) => a.name === `${r.name}-failed-invocations`))).to.deep.equal([]);
        const toTopics = rules.filter((r) => r.name !== `credlink-${stack}-copy-freshness` && !heartbeats.includes(r));
        expect([toTopics.length, forwarding.length]).to.deep.equal(stack === "prod" ? [25, 0] : [5, 0]);
        for (const rule of toTopics) {
          const alarm = rec.one(ALARM, `${rule.name}-failed-invocations`);
          const inDr = [`credlink-${stack}-restore-test-dr-`, `credlink-${stack}-audit-dr-`, "credlink-account-dr-"].some((p) => rule.name.startsWith(p));
          const notify = inDr ? `credlink-${stack}-restore-test-dr-notify` : `credlink-${stack}-notify`;
          const { alarmDescription, ...inputs } = alarm.inputs;
          expect(inputs, rule.name).to.deep.equal({
            namespace: "AWS/Events",
            metricName: "FailedInvocations",
            dimensions: { RuleName: rule.state.name },
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            treatMissingData: "notBreaching",
            alarmActions: [rec.one("aws:sns/topic:Topic", notify).state.arn],
          });
          expect(alarmDescription).to.match(/EventBridge failed to deliver events/);
        }
      });
    }
  });

  describe("SNS topic policies", () => {
    // Old: publishers only; publishing without TLS allowed, and no word on who may subscribe.
    it("GIVEN prod (no subscriber named) THEN each topic denies publishing without TLS and subscribing from another account", () => {
      for (const name of ["credlink-prod-page", "credlink-prod-notify"]) {
        const topic = prod.one("aws:sns/topic:Topic", name).state.arn;
        const statements = JSON.parse(prod.one(TOPIC_POLICY, name).inputs.policy).Statement;
        expect(statements.slice(-2), name).to.deep.equal([
          { Sid: "DenyPublishWithoutTls", Effect: "Deny", Principal: { AWS: "*" }, Action: "sns:Publish", Resource: topic, Condition: { Bool: { "aws:SecureTransport": "false" } } },
          { Sid: "DenySubscribeExceptNamedPrincipals", Effect: "Deny", Principal: { AWS: "*" }, Action: "sns:Subscribe", Resource: topic, Condition: { StringNotEquals: { "aws:PrincipalAccount": MOCK_ACCOUNT_ID } } },
        ]);
      }
    });
  });

  describe("the service's wait and the deploy workflow", () => {
    const workflow = () => parse(fs.readFileSync(path.join(REPO_ROOT, ".github/workflows/deploy.yml"), "utf8"));
    const minutes = (t: string) => Number(/^(\d+)m$/.exec(t)?.[1]);

    // Old: no customTimeouts, so the provider's 20 minutes against a canary of 15 + 20 minutes of bake alone.
    it("GIVEN prod's CANARY (15 + 20 minutes of bake) THEN pulumi up waits 55 minutes for the service, on create and update", () => {
      expect(prod.one(SERVICE).customTimeouts).to.deep.equal({ create: "55m", update: "55m", delete: "" });
    });

    it("GIVEN dev's ROLLING THEN it waits 30 minutes", () => {
      expect(dev.one(SERVICE).customTimeouts).to.deep.equal({ create: "30m", update: "30m", delete: "" });
    });

    it("GIVEN deployment settings THEN the wait is the canary's bake + the deployment's bake + the margin for tasks to start, shift and drain, at least 30", () => {
      const wait = (deploymentStrategy: "ROLLING" | "CANARY", canaryBakeMinutes: number, bakeMinutes: number) => deploymentWaitMinutes({ deploymentStrategy, canaryPercent: 10, canaryBakeMinutes, bakeMinutes });
      expect(DEPLOYMENT_MARGIN_MINUTES).to.be.at.least(15);
      // Prod's 15 + 20 fits with the margin; the provider's 20-minute default did not even fit the bakes.
      expect(wait("CANARY", 15, 20)).to.equal(15 + 20 + DEPLOYMENT_MARGIN_MINUTES);
      expect(wait("CANARY", 15, 20)).to.be.greaterThan(20);
      expect([wait("CANARY", 0, 0), wait("CANARY", 5, 5), wait("CANARY", 5, 6), wait("ROLLING", 15, 20)]).to.deep.equal([30, 30, 31, 30]);
    });

    for (const [stack, job] of [["prod", "deploy-prod"], ["dev", "deploy-dev"]] as const) {
      it(`GIVEN deploy.yml THEN the ${job} job allows more than ${stack}'s service wait, with 15 minutes for setup and checks`, () => {
        const rec = stack === "prod" ? prod : dev;
        const wait = minutes(rec.one(SERVICE).customTimeouts.update);
        expect(workflow().jobs[job]["timeout-minutes"]).to.be.at.least(wait + 15);
      });
    }
  });

  describe("canary target groups belong to ECS", () => {
    // Old: ignoreChanges ["desiredCount"] only: the next up after a canary sent the original pair back.
    it("GIVEN prod's CANARY THEN pulumi up ignores the target-group pairing ECS swaps (the exact paths), and the count", () => {
      expect(prod.one(SERVICE).ignoreChanges).to.deep.equal(["desiredCount", "loadBalancers[0].targetGroupArn", "loadBalancers[0].advancedConfiguration.alternateTargetGroupArn"]);
    });

    it("GIVEN dev's ROLLING THEN only the count is ignored", () => {
      expect(dev.one(SERVICE).ignoreChanges).to.deep.equal(["desiredCount"]);
    });

    // Old: ALBRequestCountPerTarget on the original group, which reads zero once ECS has swapped the pair.
    it("GIVEN prod THEN the request-count scaling policy sums requests per target over both target groups", () => {
      const lb = prod.one("aws:lb/loadBalancer:LoadBalancer").state.arnSuffix;
      const groups = ["credlink-prod", "credlink-prod-alt"].map((n) => prod.one("aws:lb/targetGroup:TargetGroup", n).state.arnSuffix);
      const spec = prod.one("aws:appautoscaling/policy:Policy", "credlink-prod-requests").inputs.targetTrackingScalingPolicyConfiguration;
      expect(spec.predefinedMetricSpecification).to.equal(undefined);
      expect(spec.customizedMetricSpecification).to.deep.equal({
        metrics: ["production", "alternate"]
          .map((id, i) => ({
            id,
            returnData: false,
            metricStat: {
              metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCountPerTarget", dimensions: [{ name: "LoadBalancer", value: lb }, { name: "TargetGroup", value: groups[i] }] },
              stat: "Sum",
            },
          }))
          .concat([{ id: "perTask", label: "ALB requests per task (both target groups)", returnData: true, expression: "FILL(production, 0) + FILL(alternate, 0)" } as any]),
      });
    });

    it("GIVEN dev (one target group) THEN the policy keeps the predefined ALBRequestCountPerTarget", () => {
      const spec = dev.one("aws:appautoscaling/policy:Policy", "credlink-dev-requests").inputs.targetTrackingScalingPolicyConfiguration;
      expect(spec.predefinedMetricSpecification.predefinedMetricType).to.equal("ALBRequestCountPerTarget");
    });

    // Old: UnHealthyHostCount of the original group only.
    it("GIVEN prod THEN the unhealthy-hosts alarm sums both target groups", () => {
      const groups = ["credlink-prod", "credlink-prod-alt"].map((n) => prod.one("aws:lb/targetGroup:TargetGroup", n).state.arnSuffix);
      const alarm = prod.one(ALARM, "credlink-prod-ops-unhealthy-hosts").inputs;
      expect(alarm.metricName).to.equal(undefined);
      expect(alarm.metricQueries.map((q: any) => q.metric?.dimensions.TargetGroup ?? q.expression)).to.deep.equal([...groups, "FILL(production, 0) + FILL(alternate, 0)"]);
    });
  });

  describe("CloudWatch metric math", () => {
    // Old: the SLO's MIN([100, ...]) put a scalar in a metric array.
    for (const stack of ["prod", "dev"] as const) {
      it(`GIVEN ${stack} THEN every metric math expression it registers parses, uses only its own query ids, and yields a series`, () => {
        const rec = stack === "prod" ? prod : dev;
        const expressions = registeredExpressions(rec.all);
        expect(expressions.length).to.be.at.least(stack === "prod" ? 10 : 1);
        const problems = expressions.flatMap((e) => {
          try {
            checkMetricMath(e.expression, e.ids);
            return [];
          } catch (err) {
            return [`${e.where}: ${(err as Error).message}: ${e.expression}`];
          }
        });
        expect(problems).to.deep.equal([]);
      });
    }

    it("GIVEN the old SLI expression and other slips THEN the checker refuses each, naming why", () => {
      const ids = new Set(["requests", "target5xx", "elb5xx", "slow"]);
      const refused = (e: string) => {
        try {
          checkMetricMath(e, ids);
          return "accepted";
        } catch (err) {
          return (err as Error).message;
        }
      };
      expect(refused("IF(requests > 0, MIN([100, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0) + FILL(slow, 0)) / requests]), 0)")).to.match(/a metric array holds time series only; item 0 is a scalar/);
      expect(refused("FILL(nope, 0)")).to.match(/id nope is not a query/);
      expect(refused("PERCENTILE(requests)")).to.match(/not in the checked set/);
      expect(refused("[requests, slow]")).to.match(/must yield a time series or a scalar/);
      expect(checkMetricMath("MAX([FILL(requests, 0), FILL(slow, 0)])", ids)).to.equal("series");
    });
  });

  describe("ECR enhanced scanning covers every stack's repository", () => {
    // Old: the filter named "credlink-prod" only: dev's images were never scanned.
    it("GIVEN prod's baseline THEN one CONTINUOUS_SCAN wildcard filter matches both stacks' repositories", () => {
      const rules = prod.one("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "credlink-account-registry-scanning").inputs.rules;
      expect(rules).to.deep.equal([{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "credlink-*", filterType: "WILDCARD" }] }]);
      const wildcard = new RegExp(`^${rules[0].repositoryFilters[0].filter.replace("*", ".*")}$`);
      for (const rec of [prod, dev]) {
        for (const repository of rec.ofType("aws:ecr/repository:Repository")) expect(wildcard.test(repository.inputs.name), repository.inputs.name).to.equal(true);
      }
    });

    it("GIVEN the Inspector rule THEN it matches critical findings of any credlink- repository (EventBridge wildcard)", () => {
      const pattern = JSON.parse(prod.one(RULE, "credlink-account-inspector-critical").inputs.eventPattern);
      expect(pattern.detail.resources.details.awsEcrContainerImage.repositoryName).to.deep.equal([{ wildcard: "credlink-*" }]);
    });
  });

  describe("role policies before the resources that use them", () => {
    const urn = (rec: Recorder, type: string, name: string) => rec.one(type, name).urn;

    // Old: the ECS service waited for its own role policies, not for the GuardDuty agent's.
    it("GIVEN prod THEN the ECS service waits for the GuardDuty agent's pull permission on its execution role", () => {
      expect(prod.one(SERVICE).dependsOn).to.include(urn(prod, ROLE_POLICY, "credlink-prod-guardduty-agent"));
    });

    // Old: the flow log started delivering as a role without its policy. Now it writes to S3 (no role): it waits for
    // the bucket policy Flow Logs checks when it creates the flow log.
    it("GIVEN dev THEN the flow log waits for its bucket's policy", () => {
      expect(dev.one("aws:ec2/flowLog:FlowLog").dependsOn).to.include(urn(dev, "aws:s3/bucketPolicy:BucketPolicy", "credlink-dev-flow-logs"));
    });

    // Old: the selections named the role as soon as it existed, before its four managed policies were attached.
    it("GIVEN prod THEN the backup selection and both restore-testing selections wait for the Backup role's four policies", () => {
      const attachments = ["backup", "restores", "s3-backup", "s3-restore"].map((r) => urn(prod, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", `credlink-prod-backup-${r}`));
      expect(prod.one("aws:backup/selection:Selection").dependsOn).to.include.members(attachments);
      for (const selection of prod.ofType("aws:backup/restoreTestingSelection:RestoreTestingSelection")) expect(selection.dependsOn, selection.name).to.include.members(attachments);
    });

    // Old: the budget and the anomaly subscription could exist (and fire) before the topic policies admitted them.
    it("GIVEN prod THEN the budget and the anomaly subscription wait for both topic policies", () => {
      const policies = ["credlink-prod-page", "credlink-prod-notify"].map((n) => urn(prod, TOPIC_POLICY, n));
      expect(prod.one("aws:budgets/budget:Budget").dependsOn).to.include.members(policies);
      expect(prod.one("aws:costexplorer/anomalySubscription:AnomalySubscription").dependsOn).to.include.members([policies[1]]);
    });
  });

  describe("restore-test notifications", () => {
    // Old: { source, detail-type, detail: { status } }, every restore job of the account.
    it("GIVEN prod THEN the rules of each restore testing plan (the primary vault's, and the DR vault's in us-west-2) match that plan only", () => {
      for (const name of ["credlink-prod-restore-test", "credlink-prod-restore-test-dr"]) {
        const plan = prod.one("aws:backup/restoreTestingPlan:RestoreTestingPlan", name).state.arn;
        for (const [role, statuses] of [["completed", ["COMPLETED"]], ["failed", ["FAILED", "ABORTED"]]] as const) {
          expect(JSON.parse(prod.one(RULE, `${name}-${role}`).inputs.eventPattern), `${name} ${role}`).to.deep.equal({
            source: ["aws.backup"],
            "detail-type": ["Restore Job State Change"],
            detail: { status: [...statuses], restoreTestingPlanArn: [plan] },
          });
        }
      }
    });
  });

  describe("AWS Backup's service opt-in", () => {
    // Old: none; a region where RDS or S3 was not opted in skipped the backups.
    it("GIVEN prod (baseline owner, DR on) THEN RDS and S3 are opted in in the primary and the DR region", () => {
      const settings = prod.ofType("aws:backup/regionSettings:RegionSettings");
      expect(settings.map((s) => s.name)).to.deep.equal(["credlink-account-backup-opt-in", "credlink-account-backup-opt-in-dr"]);
      for (const s of settings) expect(s.inputs.resourceTypeOptInPreference).to.include({ RDS: true, S3: true });
      const drProvider = prod.ofType("pulumi:providers:aws").find((p) => p.inputs.region === "us-west-2");
      expect(settings[1].provider.startsWith(drProvider!.urn)).to.equal(true);
      expect(settings[0].provider.startsWith(drProvider!.urn)).to.equal(false);
    });

    it("GIVEN dev (its own account's baseline, no DR region) THEN it sets its one region's (an account+region singleton)", () => {
      expect(dev.ofType("aws:backup/regionSettings:RegionSettings").map((r) => r.name)).to.deep.equal(["credlink-account-backup-opt-in"]);
    });
  });

  describe("cost allocation tags", () => {
    // Old: activated on the first up, which Cost Explorer refuses (the keys are not in billing data yet).
    it("GIVEN prod's committed config THEN nothing is activated (a later step), and the key defaults to false", () => {
      expect(prod.ofType("aws:costexplorer/costAllocationTag:CostAllocationTag")).to.deep.equal([]);
      expect(parseStackConfig(stackConfig("prod"), "credlink", "prod").account.activateCostAllocationTags).to.equal(false);
    });

    it("GIVEN activation asked of a stack that does not own the baseline THEN the config refuses it, naming the key", () => {
      expect(problemsFor("dev", { "credlink:account": { baseline: false, activateCostAllocationTags: true }, "credlink:audit": undefined })).to.deep.equal([
        "credlink:account.activateCostAllocationTags needs credlink:account.baseline true: cost allocation tag activation is account-wide, owned by the stack that owns the baseline, got true",
      ]);
    });

    it("GIVEN prod's plan THEN the account-baseline section and the cost notes say the budget and the anomaly monitor count nothing yet", async () => {
      const { sections } = await accountBaseline({ stack: "prod", region: "us-east-1", recorder: prod, resources: [], outputs: {} } as any);
      expect(sections[0].rows.find((r: readonly unknown[]) => r[0] === "cost allocation tags")).to.deep.equal(["cost allocation tags", "not activated", COST_TAGS_INACTIVE]);
      expect(costGuardNotes(prod)[1]).to.equal("until Project, Environment and CostCenter are active in the account, both count nothing ($0 every month)");
      expect(costGuardNotes(dev)).to.have.length(4);
    });
  });

  describe("who may subscribe to the alert topics (config)", () => {
    it("GIVEN a malformed principal THEN the config refuses it, naming the key and the index", () => {
      expect(problemsFor("prod", { "credlink:alerts": { subscriberPrincipalArns: ["credlink-admin"] } })).to.deep.equal([
        'credlink:alerts.subscriberPrincipalArns[0] must be an IAM role or user ARN like "arn:aws:iam::123456789012:role/credlink-admin" (* allowed), got "credlink-admin"',
      ]);
    });
  });

  describe("prod's log keys are kept like the data keys", () => {
    // Old: protect false on every log key.
    it("GIVEN prod THEN the flow-log, service-log, WAF-log and alert keys are protected and retained, with a 30-day window", () => {
      for (const name of ["credlink-prod-flow-logs", "credlink-prod-logs", "credlink-prod-waf-logs", "credlink-prod-alerts"]) {
        const key = prod.one(KEY, name);
        expect([key.protect, key.retainOnDelete, key.inputs.deletionWindowInDays], name).to.deep.equal([true, true, 30]);
      }
    });
  });

  describe("GuardDuty's managed endpoint and destroy", () => {
    // Old: both clusters under the automated agent: dev's VPC got a guardduty-data endpoint destroy could not remove.
    it("GIVEN dev THEN its cluster opts out of the automated agent; GIVEN prod THEN it keeps it", () => {
      expect(dev.one("aws:ecs/cluster:Cluster").inputs.tags).to.deep.equal({ GuardDutyManaged: "false" });
      expect(prod.one("aws:ecs/cluster:Cluster").inputs.tags).to.equal(undefined);
    });
  });
});
