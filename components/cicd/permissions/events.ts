/**
 * Amazon EventBridge: the rules that route restore-test, backup, GuardDuty and Inspector events to the alert topics, and
 * the DR region's rule that forwards its findings to the primary region's default bus.
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
      update: ["events:PutRule", "events:TagResource", "events:UntagResource", "events:EnableRule", "events:DisableRule"],
      delete: ["events:DeleteRule", "events:ListTargetsByRule"],
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
      create: ["events:PutTargets"],
      read: ["events:ListTargetsByRule"],
      update: ["events:PutTargets", "events:RemoveTargets"],
      delete: ["events:RemoveTargets"],
      // A target that is an event bus in another Region (the DR region's findings forwarded to the primary's) names the
      // role EventBridge sends them with: PutTargets passes it.
      passRoleTo: ["events.amazonaws.com"],
    },
  },
  statements: (s, actions) => place("events", actions, [{ sid: "ThisStacksEventRules", takes: /^events:/, resources: (x) => stackRules(x) }], s),
};
