/**
 * Operational controls this program relies on that no checkov or trivy check covers (POLICY-COVERAGE.md, "Controls
 * this program relies on"): chaos experiments that stop on an alarm, ECS deployments that roll back on an alarm with
 * the strategy the environment requires, and a budget that notifies within the stack's total cost ceiling.
 */
import { isExactArn, parseArn } from "../lib/pins";
import { CredlinkPolicy, getOr, many, plain, resourceRule, stackRule, StackProblem } from "../lib/rules";
import { T } from "../lib/types";

const FIS_TEMPLATE = "aws:fis/experimentTemplate:ExperimentTemplate";
const BUDGET = "aws:budgets/budget:Budget";

export const fisStopsOnAlarm = resourceRule({
  name: "fis-experiment-stops-on-alarm",
  description:
    "Every FIS experiment template has a stop condition on a CloudWatch alarm named by its exact ARN (source aws:cloudwatch:alarm), never only \"none\": an experiment that hurts users stops by itself.",
  covers: ["FIS experiments stop on an alarm"],
  enforcementLevel: "mandatory",
  types: [FIS_TEMPLATE],
  // https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html
  check: (p) => {
    const conditions = many<any>(plain(p.stopConditions));
    const alarms = conditions.filter((c) => c?.source === "aws:cloudwatch:alarm");
    if (alarms.length === 0) return `stopConditions must include an aws:cloudwatch:alarm (got ${conditions.map((c) => c?.source).join(", ") || "none"})`;
    const bad = alarms.filter((c) => !(isExactArn(c.value) && parseArn(c.value)?.service === "cloudwatch" && /^alarm:/.test(parseArn(c.value)!.resource)));
    return bad.length ? `stop condition alarm ${bad.map((c) => JSON.stringify(c.value)).join(", ")} must be an exact CloudWatch alarm ARN (no wildcard)` : undefined;
  },
});

interface DeploymentConfig {
  requiredStrategy: "ROLLING" | "BLUE_GREEN" | "CANARY" | "LINEAR";
}

export const ecsAlarmRollback = resourceRule<DeploymentConfig>({
  name: "ecs-service-alarm-rollback-and-required-strategy",
  description:
    "ECS services roll a deployment back when its alarms fire (alarms.enable and alarms.rollback, with at least one alarm) and deploy with the strategy the environment requires (deploymentConfiguration.strategy).",
  covers: ["ECS services in prod: alarm rollback on, and the deployment strategy the environment requires"],
  enforcementLevel: "mandatory",
  types: [T.ecsService],
  configSchema: {
    properties: {
      requiredStrategy: {
        type: "string",
        enum: ["ROLLING", "BLUE_GREEN", "CANARY", "LINEAR"],
        default: "CANARY",
        description: "The ECS-native deployment strategy services must use (ECS's default, when unset, is ROLLING).",
      },
    },
  },
  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
  check: (p, c) => {
    const problems: string[] = [];
    const alarms = plain(p.alarms) as { enable?: unknown; rollback?: unknown; alarmNames?: unknown } | undefined;
    if (alarms?.enable !== true) problems.push("alarms.enable must be true (the deployment watches its alarms)");
    if (alarms?.rollback !== true) problems.push("alarms.rollback must be true (an alarm during a deployment rolls it back)");
    if (many(alarms?.alarmNames as any).length === 0) problems.push("alarms.alarmNames must name at least one alarm");
    const controller = getOr(p, ["deploymentController", "type"], "ECS");
    if (controller !== "ECS") problems.push(`deploymentController.type must be ECS (ECS-native deployments), got ${controller}`);
    const strategy = getOr(p, ["deploymentConfiguration", "strategy"], "ROLLING");
    if (strategy !== c.requiredStrategy) problems.push(`deploymentConfiguration.strategy must be ${c.requiredStrategy} in this environment, got ${strategy}`);
    return problems;
  },
});

interface BudgetConfig {
  totalCeilingUsd: number;
  requireBudget: boolean;
}

/** A budget's notifications that reach someone (an SNS topic or an email address). */
const notifying = (b: { props: Record<string, any> }) =>
  many<any>(plain(getOr(b.props, ["notifications"], []))).filter((n) => many(n?.subscriberSnsTopicArns).length + many(n?.subscriberEmailAddresses).length > 0);

export const budgetWithinCeiling = stackRule<BudgetConfig>({
  name: "budget-notifies-within-cost-ceiling",
  description:
    "The stack has a monthly USD cost budget (aws.budgets.Budget, COST, MONTHLY) whose limit is at or under the stack's total cost ceiling (the same totalCeilingUsd as monthly-cost-within-ceiling: a budget is compared with the bill, which is baseline + usage) and with at least one notification that reaches a topic or an address; a stack with no budget is a violation where requireBudget is set.",
  covers: ["a budget with notifications and a limit at or under the stack's ceiling"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      totalCeilingUsd: {
        type: "number",
        exclusiveMinimum: 0,
        default: 195,
        description: "The stack's monthly total cost ceiling (baseline + usage), USD: keep it equal to monthly-cost-within-ceiling's totalCeilingUsd (a test checks).",
      },
      requireBudget: { type: "boolean", default: true, description: "A stack without a cost budget is a violation." },
    },
  },
  check: (all, c) => {
    const budgets = all.filter((r) => r.type === BUDGET && getOr(r.props, ["budgetType"], "") === "COST");
    if (budgets.length === 0) return c.requireBudget ? [{ message: `the stack has no monthly cost budget (aws.budgets.Budget, budgetType COST): nobody hears about spend over $${c.totalCeilingUsd.toFixed(2)} until the bill` }] : [];
    return budgets.flatMap((b) => {
      const problems: string[] = [];
      const unit = getOr(b.props, ["limitUnit"], "");
      const amount = Number(getOr(b.props, ["limitAmount"], NaN));
      if (getOr(b.props, ["timeUnit"], "") !== "MONTHLY") problems.push(`timeUnit must be MONTHLY, got ${getOr(b.props, ["timeUnit"], "(unset)")}`);
      if (unit !== "USD") problems.push(`limitUnit must be USD, got ${unit || "(unset)"}`);
      else if (!(amount <= c.totalCeilingUsd)) problems.push(`limitAmount $${Number.isFinite(amount) ? amount.toFixed(2) : "(unset)"} is over the stack's total ceiling of $${c.totalCeilingUsd.toFixed(2)}`);
      if (notifying(b).length === 0) problems.push("needs at least one notification with a subscriber (an SNS topic or an email address)");
      return problems.map((message): StackProblem => ({ message: `${b.name}: ${message}`, urn: b.urn }));
    });
  },
});

export const operationsPolicies: CredlinkPolicy[] = [fisStopsOnAlarm, ecsAlarmRollback, budgetWithinCeiling];
