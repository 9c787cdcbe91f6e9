/**
 * Amazon EventBridge: the rules that route restore-test, backup, GuardDuty and Inspector events to the alert topics (in
 * each region the stack uses), and the scheduled checks' schedules.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
 *
 * The account baseline's rules are named after the project (`credlink-account-*`), the stack's after the stack.
 */
import { DeployScope, place, regional, ServicePermissions } from "./types";

export const stackRules = (s: DeployScope) => [
  ...regional(s, "events", `rule/${s.prefix}-*`),
  ...(s.ownsAccountBaseline ? regional(s, "events", `rule/${s.project}-account-*`) : []),
];

export const events: ServicePermissions = {
  service: "events",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html",
  types: {
    "aws:cloudwatch/eventRule:EventRule": {
      create: ["events:PutRule", "events:TagResource"],
      read: ["events:DescribeRule", "events:ListTagsForResource"],
      // The provider sets a rule's state with PutRule (terraform-provider-aws, events/rule.go: expandPutRuleInput), never
      // Enable/DisableRule: disabling a rule that routes findings to the pagers is break-glass's. PutRule can still set
      // State DISABLED; no condition key carries it (Service Authorization Reference, EventBridge).
      update: ["events:PutRule", "events:TagResource", "events:UntagResource"],
      delete: ["events:DeleteRule", "events:ListTargetsByRule"],
      breakGlassOnly: ["events:DisableRule"],
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
      create: ["events:PutTargets"],
      read: ["events:ListTargetsByRule"],
      update: ["events:PutTargets", "events:RemoveTargets"],
      delete: ["events:RemoveTargets"],
      // No target names a role: the DR region's findings are routed there (account/baseline.ts), not forwarded to the
      // primary region's bus with one. A role-carrying target would need passRoleTo events.amazonaws.com here.
    },
  },
  statements: (s, actions) => place("events", actions, [{ sid: "ThisStacksEventRules", takes: /^events:/, resources: (x) => stackRules(x) }], s),
};
