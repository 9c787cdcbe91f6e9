/**
 * credlink:ops:CostControls (the budget and the anomaly detection), its amount's one source of truth (the
 * policy pack's total ceiling: a budget watches the bill, baseline + usage), its config key, and what the committed dev and prod programs give it (through their shared
 * JSON plans: no program run of its own).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { committedProgram } from "./helpers/programs";
import { Alerting } from "../components/ops/alerting";
import { CostControls, CostControlsArgs, resolveCostControlsArgs, validateCostControlsArgs } from "../components/ops/cost-controls";
import { totalCostCeilingUsd } from "../stacks/cost-ceiling";
import * as c from "../policy/policies/aws-constraints";
import { MOCK_ACCOUNT_ID, Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { REPO_ROOT } from "../tools/project";
import { problemsFor } from "./helpers/config";
import { plan, reportOf } from "./helpers/plan";
import { resourceCases } from "./policy/cases";
import { res } from "./policy/fixtures";

const BUDGET = "aws:budgets/budget:Budget";
const MONITOR = "aws:costexplorer/anomalyMonitor:AnomalyMonitor";
const SUBSCRIPTION = "aws:costexplorer/anomalySubscription:AnomalySubscription";
const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const NOTIFY = "arn:aws:sns:us-east-1:123456789012:credlink-prod-notify";
const PAGE = "arn:aws:sns:us-east-1:123456789012:credlink-prod-page";
const TAGS = { project: "credlink", environment: "prod", costCenter: "credlink-prod", stack: "prod" };
const ARGS: CostControlsArgs = { monthlyBudgetUsd: 195, tags: TAGS, notifyTopicArn: NOTIFY, pageTopicArn: PAGE, anomalyThresholdUsd: 25 };

/** The pack's ceilings for an environment, read here straight from the JSON (not through the program's loader). */
const packCeilings = (env: string): { ceilingUsd: number; totalCeilingUsd: number } => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy/config", `${env}.json`), "utf8"))["monthly-cost-within-ceiling"];
const packTotalCeiling = (env: string): number => packCeilings(env).totalCeilingUsd;

describe("CostControls", () => {
  describe("GIVEN prod's total ceiling, tags and topics", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(() => new CostControls("credlink-prod", ARGS)));
    });

    it("WHEN built THEN it is one budget, one anomaly monitor and one subscription, children of the component", () => {
      const component = rec.one("credlink:ops:CostControls", "credlink-prod");
      expect(rec.all.filter((r) => r.custom).map((r) => [r.type, r.name, r.parent])).to.have.deep.members([
        [BUDGET, "credlink-prod", component.urn],
        [MONITOR, "credlink-prod", component.urn],
        [SUBSCRIPTION, "credlink-prod", component.urn],
      ]);
    });

    it("WHEN built THEN the budget is a monthly COST budget of $195.00 unblended, over costs tagged Project=credlink AND Environment=prod AND Stack=prod, with exactly two notifications, both at 100%", () => {
      expect(rec.one(BUDGET).inputs).to.deep.equal({
        name: "credlink-prod-monthly",
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: "195.00",
        limitUnit: "USD",
        metrics: "UnblendedCost",
        filterExpression: {
          ands: [
            { tags: { key: "Project", values: ["credlink"], matchOptions: ["EQUALS"] } },
            { tags: { key: "Environment", values: ["prod"], matchOptions: ["EQUALS"] } },
            { tags: { key: "Stack", values: ["prod"], matchOptions: ["EQUALS"] } },
          ],
        },
        notifications: [
          { notificationType: "FORECASTED", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [NOTIFY] },
          { notificationType: "ACTUAL", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [PAGE] },
        ],
      });
    });

    it("WHEN built THEN the anomaly monitor is CUSTOM over the stack's CostCenter tag", () => {
      expect(rec.one(MONITOR).inputs).to.deep.equal({
        name: "credlink-prod",
        monitorType: "CUSTOM",
        monitorSpecification: '{"Tags":{"Key":"CostCenter","Values":["credlink-prod"],"MatchOptions":["EQUALS"]}}',
      });
    });

    it("WHEN built THEN the subscription sends each anomaly of at least $25 total impact to the notify topic, IMMEDIATE (SNS takes no other frequency)", () => {
      expect(rec.one(SUBSCRIPTION).inputs).to.deep.equal({
        name: "credlink-prod",
        frequency: "IMMEDIATE",
        monitorArnLists: [rec.one(MONITOR).state.arn],
        subscribers: [{ type: "SNS", address: NOTIFY }],
        thresholdExpression: { dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: ["25"] } },
      });
      expect(rec.one(MONITOR).state.arn).to.match(new RegExp(`^arn:aws:ce::${MOCK_ACCOUNT_ID}:anomalymonitor/[0-9a-f-]{36}$`));
    });
  });

  describe("GIVEN the Alerting topics it publishes to", () => {
    let rec: Recorder;
    before(async () => {
      ({ recorder: rec } = await runComponent(() => {
        const alerting = new Alerting("credlink-prod");
        return new CostControls("credlink-prod", { ...ARGS, notifyTopicArn: alerting.notifyTopicArn, pageTopicArn: alerting.pageTopicArn });
      }));
    });

    it("WHEN built THEN the budget notifies the notify topic and pages the page topic, and both topic policies let budgets.amazonaws.com publish only for this account's budgets", () => {
      const notify = rec.one(TOPIC, "credlink-prod-notify").state.arn;
      const page = rec.one(TOPIC, "credlink-prod-page").state.arn;
      expect(rec.one(BUDGET).inputs.notifications.map((n: any) => n.subscriberSnsTopicArns)).to.deep.equal([[notify], [page]]);
      expect(rec.one(SUBSCRIPTION).inputs.subscribers).to.deep.equal([{ type: "SNS", address: notify }]);
      for (const [name, arn] of [["credlink-prod-notify", notify], ["credlink-prod-page", page]]) {
        const statements = JSON.parse(rec.one(TOPIC_POLICY, name).inputs.policy).Statement;
        expect(statements.find((s: any) => s.Sid === "AllowBudgetsToPublish"), name).to.deep.equal({
          Sid: "AllowBudgetsToPublish",
          Effect: "Allow",
          Principal: { Service: "budgets.amazonaws.com" },
          Action: "sns:Publish",
          Resource: arn,
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID }, ArnLike: { "aws:SourceArn": `arn:aws:budgets::${MOCK_ACCOUNT_ID}:*` } },
        });
        expect(statements.find((s: any) => s.Sid === "AllowCostAnomalyDetectionToPublish"), name).to.deep.equal({
          Sid: "AllowCostAnomalyDetectionToPublish",
          Effect: "Allow",
          Principal: { Service: "costalerts.amazonaws.com" },
          Action: "sns:Publish",
          Resource: arn,
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID } },
        });
      }
    });
  });

  describe("arguments", () => {
    const problem = (patch: Partial<CostControlsArgs>, name = "credlink-prod") => {
      try {
        validateCostControlsArgs(name, resolveCostControlsArgs({ ...ARGS, ...patch }));
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    };

    it("GIVEN no anomalyThresholdUsd THEN the default is $20", () => {
      expect(resolveCostControlsArgs({ ...ARGS, anomalyThresholdUsd: undefined }).anomalyThresholdUsd).to.equal(20);
    });

    it("GIVEN budget amounts THEN $0.01 and $185.5 pass, and 0, -1 and $185.005 are refused naming monthlyBudgetUsd", () => {
      expect([problem({ monthlyBudgetUsd: 0.01 }), problem({ monthlyBudgetUsd: 185.5 })]).to.deep.equal([undefined, undefined]);
      expect(problem({ monthlyBudgetUsd: 0 })).to.equal("monthlyBudgetUsd must be a number of USD greater than 0, got 0");
      expect(problem({ monthlyBudgetUsd: -1 })).to.equal("monthlyBudgetUsd must be a number of USD greater than 0, got -1");
      expect(problem({ monthlyBudgetUsd: 185.005 })).to.equal("monthlyBudgetUsd must be whole cents (at most two decimals), got 185.005");
    });

    it("GIVEN an anomaly threshold of 0 or NaN THEN it is refused naming anomalyThresholdUsd", () => {
      expect(problem({ anomalyThresholdUsd: 0 })).to.equal("anomalyThresholdUsd must be a number of USD greater than 0, got 0");
      expect(problem({ anomalyThresholdUsd: NaN })).to.equal("anomalyThresholdUsd must be a number of USD greater than 0, got NaN");
    });

    it("GIVEN an empty tag value THEN it is refused naming the tag", () => {
      expect(problem({ tags: { ...TAGS, environment: " " } })).to.equal('tags.environment must be a non-empty tag value, got " "');
    });

    it("GIVEN 10 overrun emails THEN they pass; 11 are refused naming overrunEmails (a Budgets notification takes 10 email subscribers)", () => {
      const emails = (n: number) => Array.from({ length: n }, (_, i) => `oncall${i}@credlink.io`);
      expect(problem({ overrunEmails: emails(10) })).to.equal(undefined);
      expect(problem({ overrunEmails: emails(11) })).to.equal("overrunEmails must list at most 10 addresses (a Budgets notification takes up to 10 email subscribers), got 11");
    });

    it("GIVEN overrun emails WHEN built THEN only the actual overrun also emails them directly, beside the page topic; the forecast stays on the notify topic alone", async () => {
      const { recorder } = await runComponent(() => new CostControls("credlink-prod", { ...ARGS, overrunEmails: ["oncall@credlink.io"] }));
      expect(recorder.one(BUDGET).inputs.notifications).to.deep.equal([
        { notificationType: "FORECASTED", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [NOTIFY] },
        { notificationType: "ACTUAL", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE", subscriberSnsTopicArns: [PAGE], subscriberEmailAddresses: ["oncall@credlink.io"] },
      ]);
    });

    it("GIVEN a component name giving a 100-character budget name THEN it passes, and 101 characters or a ':' are refused (AWS Budgets BudgetName)", () => {
      expect(problem({}, "a".repeat(100 - "-monthly".length))).to.equal(undefined);
      expect(problem({}, "a".repeat(101 - "-monthly".length))).to.match(/^name must give a budget name \("a{93}-monthly"\) of 1-100 characters without ":" or "\\"/);
      expect(problem({}, "credlink:prod")).to.match(/^name must give a budget name \("credlink:prod-monthly"\)/);
    });
  });

  describe("AWS input constraints on the names (aws-resource-names-valid)", () => {
    resourceCases(c.namesValid, {
      pass: [
        { title: "a budget name of exactly 100 characters", resource: res(BUDGET, { name: "b".repeat(100) }) },
        { title: "an anomaly monitor name of exactly 1024 characters", resource: res(MONITOR, { name: "m".repeat(1024) }) },
        { title: "an anomaly subscription name of exactly 1024 characters", resource: res(SUBSCRIPTION, { name: "s".repeat(1024) }) },
      ],
      fail: [
        { title: "a budget name of 101 characters", resource: res(BUDGET, { name: "b".repeat(101) }), expect: /101 characters; AWS allows 1-100/ },
        { title: "a budget name with a colon", resource: res(BUDGET, { name: "credlink:prod" }), expect: /must be any characters but : and \\/ },
        { title: "a budget name with /action/", resource: res(BUDGET, { name: "credlink/action/x" }), expect: /must not contain \/action\// },
        { title: "an anomaly monitor name of 1025 characters", resource: res(MONITOR, { name: "m".repeat(1025) }), expect: /1025 characters; AWS allows 1-1024/ },
        { title: "an anomaly subscription name of 1025 characters", resource: res(SUBSCRIPTION, { name: "s".repeat(1025) }), expect: /1025 characters; AWS allows 1-1024/ },
      ],
    });
  });

  describe("the amount's one source: the policy pack's total ceiling (stacks/cost-ceiling.ts)", () => {
    it("GIVEN the committed policy configs THEN the loader reads the total ceilings, $70 for dev and $195 for prod, the numbers the pack enforces on baseline + usage", () => {
      expect([totalCostCeilingUsd("dev"), totalCostCeilingUsd("prod")]).to.deep.equal([packTotalCeiling("dev"), packTotalCeiling("prod")]);
      expect([totalCostCeilingUsd("dev"), totalCostCeilingUsd("prod")]).to.deep.equal([70, 195]);
    });

    it("GIVEN a policy config with only the baseline ceiling, or no file, THEN the loader names the file and the total ceiling's key", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "credlink-ceiling-"));
      try {
        fs.writeFileSync(path.join(dir, "dev.json"), JSON.stringify({ "monthly-cost-within-ceiling": { ceilingUsd: 60 } }));
        expect(() => totalCostCeilingUsd("dev", dir)).to.throw(/dev\.json: monthly-cost-within-ceiling\.totalCeilingUsd must be a number of USD greater than 0 \(the budget's amount\), got undefined$/);
        expect(() => totalCostCeilingUsd("staging", dir)).to.throw(/staging\.json does not exist: the policy config of environment "staging" holds its total cost ceiling \(monthly-cost-within-ceiling\.totalCeilingUsd\)$/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("credlink:cost.anomalyThresholdUsd", () => {
    it("GIVEN 0, -5, 12.345 or a string THEN the config is refused naming the key", () => {
      expect(problemsFor("prod", { "credlink:cost": { anomalyThresholdUsd: 0 } })).to.deep.equal(["credlink:cost.anomalyThresholdUsd must be greater than 0, got 0"]);
      expect(problemsFor("prod", { "credlink:cost": { anomalyThresholdUsd: -5 } })).to.deep.equal(["credlink:cost.anomalyThresholdUsd must be greater than 0, got -5"]);
      expect(problemsFor("prod", { "credlink:cost": { anomalyThresholdUsd: 12.345 } })).to.deep.equal(["credlink:cost.anomalyThresholdUsd must be whole cents (at most two decimals), got 12.345"]);
      expect(problemsFor("dev", { "credlink:cost": { anomalyThresholdUsd: "ten" } })).to.deep.equal(['credlink:cost.anomalyThresholdUsd must be a number, got "ten"']);
    });

    it("GIVEN 100000 THEN it passes, and 100000.01 is refused", () => {
      expect(problemsFor("prod", { "credlink:cost": { anomalyThresholdUsd: 100000.01 } })).to.deep.equal(["credlink:cost.anomalyThresholdUsd must be at most 100000, got 100000.01"]);
      expect(() => problemsFor("prod", { "credlink:cost": { anomalyThresholdUsd: 100000 } })).to.throw(/expected the prod config .* to be rejected/);
    });
  });

  describe("in the committed programs (their shared JSON plans)", () => {
    let plans: Record<"dev" | "prod", any>;
    before(() => {
      plans = { dev: reportOf(plan("--stack", "dev", "--format", "json")), prod: reportOf(plan("--stack", "prod", "--format", "json")) };
    });
    const one = (report: any, type: string) => {
      const found = report.resources.filter((r: any) => r.type === type);
      expect(found, type).to.have.length(1);
      return found[0];
    };

    for (const env of ["dev", "prod"] as const) {
      it(`GIVEN ${env} THEN its budget's amount is the pack's total ceiling in policy/config/${env}.json, over ${env}'s tags, and it and the anomaly detection cost nothing`, () => {
        const budget = one(plans[env], BUDGET);
        expect(budget.props).to.deep.equal({
          amount: `$${packTotalCeiling(env).toFixed(2)} monthly`,
          type: "COST",
          filter: `Project=credlink AND Environment=${env} AND Stack=${env}`,
          alerts: `forecast>100%:credlink-${env}-notify actual>100%:credlink-${env}-page`,
        });
        expect([plans[env].cost.ceilingUsd, plans[env].cost.totalCeilingUsd]).to.deep.equal([packCeilings(env).ceilingUsd, packTotalCeiling(env)]);
        const zero = { baselineUsd: 0, usageUsd: 0, totalUsd: 0 };
        expect([budget.cost, one(plans[env], MONITOR).cost, one(plans[env], SUBSCRIPTION).cost]).to.deep.equal([zero, zero, zero]);
        expect(plans[env].cost.unpriced).to.deep.equal([]);
      });
    }

    // prod and its failover stack share an account, an Environment and a CostCenter: only the Stack tag keeps the
    // pilot light's standing cost out of prod's budget (and prod's out of the failover stack's).
    it("GIVEN the failover stack prod-dr THEN its budget counts its own stack's spend, not prod's", async () => {
      const { recorder } = await committedProgram("prod-dr");
      const expression = recorder.one(BUDGET).inputs.filterExpression;
      expect(expression.ands.map((a: any) => `${a.tags.key}=${a.tags.values.join("|")}`)).to.deep.equal(["Project=credlink", "Environment=prod", "Stack=prod-dr"]);
    });

    for (const env of ["dev", "prod"] as const) {
      it(`GIVEN ${env}'s expected bill (its total at committed usage) THEN it is under every notification's threshold of the budget: at committed usage the budget stays silent`, () => {
        const budget = one(plans[env], BUDGET);
        const limit = Number(budget.inputs.limitAmount);
        const thresholds = budget.inputs.notifications.map((n: any) => [n.notificationType, n.thresholdType, n.comparisonOperator, n.threshold]);
        expect(thresholds).to.deep.equal([
          ["FORECASTED", "PERCENTAGE", "GREATER_THAN", 100],
          ["ACTUAL", "PERCENTAGE", "GREATER_THAN", 100],
        ]);
        // A PERCENTAGE threshold is a share of the budgeted amount (Budgets API reference, Notification).
        const lowest = Math.min(...thresholds.map((t: any[]) => (limit * t[3]) / 100));
        expect(plans[env].cost.totalUsd, `${env}'s bill against its lowest threshold`).to.be.below(lowest);
        expect(plans[env].cost.totalStatus).to.equal("within");
      });
    }

    it("GIVEN credlink:cost.anomalyThresholdUsd 25 in prod and 10 in dev (the default is 20) THEN each reaches its subscription, and each monitor watches its own cost centre", () => {
      expect(one(plans.prod, SUBSCRIPTION).props).to.deep.equal({ frequency: "IMMEDIATE", threshold: "impact>=$25.00", to: "SNS credlink-prod-notify" });
      expect(one(plans.dev, SUBSCRIPTION).props).to.deep.equal({ frequency: "IMMEDIATE", threshold: "impact>=$10.00", to: "SNS credlink-dev-notify" });
      expect([one(plans.dev, MONITOR).props, one(plans.prod, MONITOR).props]).to.deep.equal([
        { monitor: "CUSTOM", on: "CostCenter=credlink-dev" },
        { monitor: "CUSTOM", on: "CostCenter=credlink-prod" },
      ]);
    });

    it("GIVEN prod THEN the stack exports the budget's name and the monitor's ARN", () => {
      expect(plans.prod.outputs.budgetName).to.equal("credlink-prod-monthly");
      expect(plans.prod.outputs.anomalyMonitorArn).to.match(new RegExp(`^arn:aws:ce::${MOCK_ACCOUNT_ID}:anomalymonitor/`));
    });
  });
});
