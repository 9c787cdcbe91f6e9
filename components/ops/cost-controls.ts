import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The cost-allocation tags that identify one stack's spend. The program passes the provider's default tags, so every
 * taggable resource of the stack carries exactly these values.
 */
export interface CostTags {
  /** The `Project` tag, e.g. "credlink". */
  readonly project: string;
  /** The `Environment` tag, e.g. "prod". */
  readonly environment: string;
  /** The `CostCenter` tag, e.g. "credlink-prod" (a failover stack shares its primary's). */
  readonly costCenter: string;
  /** The `Stack` tag, e.g. "prod": one value per stack, so two stacks of one environment in one account budget apart. */
  readonly stack: string;
}

export interface CostControlsArgs {
  /**
   * The monthly budget in USD. The program passes the policy pack's `monthly-cost-within-ceiling` total ceiling
   * (`totalCeilingUsd`) for the environment, so the budget and the ceiling are one number. The total, not the
   * baseline: a budget is compared with the bill (baseline + usage), and one under the expected bill fires every month.
   * More than 0, at most two decimals.
   */
  readonly monthlyBudgetUsd: number;
  /** The stack's cost-allocation tags: the budget counts only costs that carry Project AND Environment. */
  readonly tags: CostTags;
  /** Receives the forecast notification (over 100% of the budget) and every cost anomaly. */
  readonly notifyTopicArn: pulumi.Input<string>;
  /** Receives the actual-spend notification at 100% of the budget. */
  readonly pageTopicArn: pulumi.Input<string>;
  /**
   * An anomaly is sent to the notify topic once its total impact reaches this many USD (absolute, not percent).
   * More than 0. @default 20
   */
  readonly anomalyThresholdUsd?: number;
  /**
   * Email addresses AWS Budgets sends the actual-spend notification to itself, beside the page topic (at most 10:
   * Budgets API reference, Notification, "one SNS subscriber and up to 10 email subscribers"). For a page topic whose
   * subscriptions filter on JSON bodies (Alerting's heartbeat): a Budgets notification is not documented as JSON, and
   * such a filter may drop it. @default []
   */
  readonly overrunEmails?: readonly string[];
}

export interface ResolvedCostControlsArgs {
  readonly monthlyBudgetUsd: number;
  readonly tags: CostTags;
  readonly notifyTopicArn: pulumi.Input<string>;
  readonly pageTopicArn: pulumi.Input<string>;
  readonly anomalyThresholdUsd: number;
  readonly overrunEmails: readonly string[];
}

/** Applies the documented defaults. The single place they live. */
export function resolveCostControlsArgs(args: CostControlsArgs): ResolvedCostControlsArgs {
  return { ...args, anomalyThresholdUsd: args.anomalyThresholdUsd ?? 20, overrunEmails: args.overrunEmails ?? [] };
}

/** The most email subscribers one Budgets notification takes (Budgets API reference, Notification). */
export const BUDGET_NOTIFICATION_MAX_EMAILS = 10;

/**
 * AWS Budgets `BudgetName`: 1-100 characters, no `:` or `\` (Budgets API reference, Budget data type,
 * https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html).
 */
export const BUDGET_NAME_PATTERN = /^[^:\\]{1,100}$/;

/** The budget's name for a component named `name`. */
export const budgetName = (name: string): string => `${name}-monthly`;

/** A USD amount more than 0 with at most two decimals (whole cents), as "must ...", or undefined when it is one. */
function usdProblem(value: number): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) return `must be a number of USD greater than 0, got ${value}`;
  if (Math.abs(Math.round(value * 100) - value * 100) > 1e-6) return `must be whole cents (at most two decimals), got ${value}`;
  return undefined;
}

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateCostControlsArgs(name: string, args: ResolvedCostControlsArgs): void {
  const budget = usdProblem(args.monthlyBudgetUsd);
  if (budget) throw new Error(`monthlyBudgetUsd ${budget}`);
  const threshold = usdProblem(args.anomalyThresholdUsd);
  if (threshold) throw new Error(`anomalyThresholdUsd ${threshold}`);
  for (const key of ["project", "environment", "costCenter", "stack"] as const) {
    if (typeof args.tags[key] !== "string" || args.tags[key].trim() === "") throw new Error(`tags.${key} must be a non-empty tag value, got ${JSON.stringify(args.tags[key])}`);
  }
  if (args.overrunEmails.length > BUDGET_NOTIFICATION_MAX_EMAILS) {
    throw new Error(`overrunEmails must list at most ${BUDGET_NOTIFICATION_MAX_EMAILS} addresses (a Budgets notification takes up to 10 email subscribers), got ${args.overrunEmails.length}`);
  }
  if (!BUDGET_NAME_PATTERN.test(budgetName(name))) {
    throw new Error(`name must give a budget name (${JSON.stringify(budgetName(name))}) of 1-100 characters without ":" or "\\" (AWS Budgets BudgetName), got ${JSON.stringify(name)}`);
  }
}

/**
 * The budget's filter: costs carrying the Project tag AND the Environment tag AND the Stack tag (prod and its failover
 * stack share an account and an Environment: without Stack each budget would count both, and the pilot light's
 * standing cost would push prod's bill over its budget every month). A `TagKeyValue` cost filter can't say
 * this: the values inside one CostFilters entry are ORed (`["user:Project$credlink", "user:Environment$prod"]` would
 * count dev's spend too, since dev carries Project=credlink), and CostFilters is a map, so `TagKeyValue` can appear
 * only once. The Budgets `FilterExpression` (an Expression with `And`) can (Budgets API reference, Expression).
 */
export function budgetFilterExpression(tags: CostTags): aws.types.input.budgets.BudgetFilterExpression {
  return {
    ands: [
      { tags: { key: "Project", values: [tags.project], matchOptions: ["EQUALS"] } },
      { tags: { key: "Environment", values: [tags.environment], matchOptions: ["EQUALS"] } },
      { tags: { key: "Stack", values: [tags.stack], matchOptions: ["EQUALS"] } },
    ],
  };
}

/**
 * Two notifications, both at 100% of the budget. A Budgets notification takes one SNS subscriber at most
 * (NotificationWithSubscribers: "one SNS subscriber and up to 10 email subscribers"), so each goes to one topic: the
 * forecast notifies (someone acts in working hours, before the month is over), the actual overrun goes to the page
 * topic (the ceiling is already spent) and to `overrunEmails` directly too: with a heartbeat, the page topic's
 * subscriptions filter on a JSON body, which Budgets' message is not documented to be, so the emails are what is sure
 * to arrive. Nothing below 100%: a PERCENTAGE threshold is a share of
 * the budgeted amount (Budgets API reference, Notification: "a budget for 200 dollars ... a threshold of 80" fires over
 * 160 dollars), and each stack's expected bill (its total at committed usage) is over 80% of its budget, so an 80%
 * notification would arrive every month and teach on-call to ignore the channel (tests/cost-controls.test.ts holds
 * every threshold above the bill).
 */
export function budgetNotifications(notifyTopicArn: pulumi.Input<string>, pageTopicArn: pulumi.Input<string>, overrunEmails: readonly string[] = []): aws.types.input.budgets.BudgetNotification[] {
  const notification = (notificationType: "FORECASTED" | "ACTUAL", threshold: number, topic: pulumi.Input<string>, emails: readonly string[] = []): aws.types.input.budgets.BudgetNotification => ({
    notificationType,
    comparisonOperator: "GREATER_THAN",
    threshold,
    thresholdType: "PERCENTAGE",
    subscriberSnsTopicArns: [topic],
    ...(emails.length === 0 ? {} : { subscriberEmailAddresses: [...emails] }),
  });
  return [notification("FORECASTED", 100, notifyTopicArn), notification("ACTUAL", 100, pageTopicArn, overrunEmails)];
}

/**
 * The anomaly monitor's specification: the stack's spend by its `CostCenter` tag. A customer managed (CUSTOM) monitor
 * on cost allocation tags watches one tag key (AWS Cost Anomaly Detection, "Monitor types"); the cost centre is the
 * one tag whose value is unique to the stack (Project alone spans dev and prod, Environment alone spans projects).
 */
export function anomalyMonitorSpecification(tags: CostTags): string {
  return JSON.stringify({ Tags: { Key: "CostCenter", Values: [tags.costCenter], MatchOptions: ["EQUALS"] } });
}

/** Anomalies whose total impact is at least `thresholdUsd` (absolute USD). */
export function anomalyThresholdExpression(thresholdUsd: number): aws.types.input.costexplorer.AnomalySubscriptionThresholdExpression {
  return { dimension: { key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE", matchOptions: ["GREATER_THAN_OR_EQUAL"], values: [String(thresholdUsd)] } };
}

/**
 * Money guard rails for one stack:
 * - an AWS Budgets monthly COST budget over the stack's cost-allocation tags (Project AND Environment AND Stack), whose
 *   amount is the policy pack's total ceiling (baseline + usage, what the bill says): the forecast over it notifies,
 *   the actual spend over it goes to the page topic and the alert emails;
 * - a Cost Anomaly Detection CUSTOM monitor on the stack's CostCenter tag, and a subscription that sends every anomaly
 *   of at least `anomalyThresholdUsd` to the notify topic as it is detected (an SNS subscriber requires the IMMEDIATE
 *   frequency: AnomalySubscription, Frequency).
 *
 * Budgets and Cost Explorer are global services (their API endpoints are in us-east-1); the provider sends the calls
 * there whatever its region. Both read only tags that are activated as cost allocation tags (the account baseline's
 * job), and a tag monitor can only be created in a management or standalone account.
 */
export class CostControls extends pulumi.ComponentResource {
  public readonly budgetName: pulumi.Output<string>;
  public readonly anomalyMonitorArn: pulumi.Output<string>;
  public readonly anomalySubscriptionArn: pulumi.Output<string>;

  constructor(name: string, args: CostControlsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:ops:CostControls", name, {}, opts);
    const resolved = resolveCostControlsArgs(args);
    validateCostControlsArgs(name, resolved);

    const budget = this.createBudget(name, resolved);
    const { monitor, subscription } = this.createAnomalyDetection(name, resolved);

    this.budgetName = budget.name;
    this.anomalyMonitorArn = monitor.arn;
    this.anomalySubscriptionArn = subscription.arn;
    this.registerOutputs({ budgetName: this.budgetName, anomalyMonitorArn: this.anomalyMonitorArn, anomalySubscriptionArn: this.anomalySubscriptionArn });
  }

  private createBudget(name: string, args: ResolvedCostControlsArgs): aws.budgets.Budget {
    return new aws.budgets.Budget(
      name,
      {
        name: budgetName(name),
        budgetType: "COST",
        timeUnit: "MONTHLY",
        limitAmount: args.monthlyBudgetUsd.toFixed(2),
        limitUnit: "USD",
        // List prices before credits and discounts, like the cost model's estimate. A FilterExpression takes
        // `metrics` instead of `costTypes`.
        metrics: "UnblendedCost",
        filterExpression: budgetFilterExpression(args.tags),
        notifications: budgetNotifications(args.notifyTopicArn, args.pageTopicArn, args.overrunEmails),
      },
      { parent: this },
    );
  }

  private createAnomalyDetection(name: string, args: ResolvedCostControlsArgs) {
    const monitor = new aws.costexplorer.AnomalyMonitor(
      name,
      { name, monitorType: "CUSTOM", monitorSpecification: anomalyMonitorSpecification(args.tags) },
      { parent: this },
    );
    const subscription = new aws.costexplorer.AnomalySubscription(
      name,
      {
        name,
        frequency: "IMMEDIATE",
        monitorArnLists: [monitor.arn],
        subscribers: [{ type: "SNS", address: args.notifyTopicArn }],
        thresholdExpression: anomalyThresholdExpression(args.anomalyThresholdUsd),
      },
      { parent: this },
    );
    return { monitor, subscription };
  }
}
