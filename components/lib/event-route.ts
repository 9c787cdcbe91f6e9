import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** What `createEventRoute` builds. */
export interface EventRouteArgs {
  /** The rule's description. */
  readonly description: string;
  /** The event pattern (JSON-encodable; may hold Outputs, e.g. a plan's ARN). */
  readonly pattern: pulumi.Input<Record<string, unknown>>;
  /** The SNS topic the matching events are published to. */
  readonly topicArn: pulumi.Input<string>;
  /**
   * Where the delivery alarm goes: the stack's notify topic (only the SLO's composite pages, and every paging alarm
   * has a runbook). @default topicArn
   */
  readonly alarmTopicArn?: pulumi.Input<string>;
  /** An explicit rule name; absent, the rule is autonamed from `name`. */
  readonly ruleName?: string;
  /** The provider of another region (the rule, its target and its alarm all in the topic's region). @default the parent's */
  readonly provider?: pulumi.ProviderResource;
}

/** The alarm on one rule's failed deliveries: namespace, metric and the rule's dimension (CloudWatch, "EventBridge metrics"). */
export const EVENTS_NAMESPACE = "AWS/Events";
export const FAILED_INVOCATIONS = "FailedInvocations";

/**
 * An EventBridge rule on the default bus, its SNS target, and an alarm on the rule's `FailedInvocations` (AWS/Events,
 * dimension RuleName). EventBridge drops an event it can't deliver (a topic policy or key policy that refuses it)
 * without an error anywhere else: "Why isn't my Amazon SNS topic receiving the event notifications?"
 * (https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification) names FailedInvocations as the only
 * trace, so every rule gets this alarm, to the notify topic (CloudWatch publishes under its own key statement, not
 * EventBridge's, so a broken EventBridge grant still reaches someone). Children: `name` (rule and target) and
 * `${name}-failed-invocations` (the alarm).
 */
export function createEventRoute(name: string, args: EventRouteArgs, parent: pulumi.Resource): { rule: aws.cloudwatch.EventRule; alarm: aws.cloudwatch.MetricAlarm } {
  const rule = new aws.cloudwatch.EventRule(
    name,
    { ...(args.ruleName === undefined ? {} : { name: args.ruleName }), description: args.description, eventPattern: pulumi.jsonStringify(args.pattern) },
    { parent, provider: args.provider },
  );
  new aws.cloudwatch.EventTarget(name, { rule: rule.name, arn: args.topicArn }, { parent, provider: args.provider });
  const alarm = new aws.cloudwatch.MetricAlarm(
    `${name}-failed-invocations`,
    {
      alarmDescription: pulumi.interpolate`CredLink ${name}: EventBridge failed to deliver events of rule ${rule.name} to its SNS topic (topic policy or key policy refused them); those events are lost`,
      namespace: EVENTS_NAMESPACE,
      metricName: FAILED_INVOCATIONS,
      dimensions: { RuleName: rule.name },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      // No events, no datapoints: that is the normal state, not a failure.
      treatMissingData: "notBreaching",
      alarmActions: [args.alarmTopicArn ?? args.topicArn],
    },
    { parent, provider: args.provider },
  );
  return { rule, alarm };
}
