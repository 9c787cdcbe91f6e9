/**
 * Amazon SNS: the page and notify topics, their policies and subscriptions.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
 */
import { DeployScope, place, regional, ServicePermissions } from "./types";

/**
 * The alert topics, the pagers' and the notifications' (components/ops/alerting.ts: `<prefix>-page`, `<prefix>-notify`,
 * and the restore-test topics of the DR region `<prefix>-restore-test-dr-page`/`-notify`; autonamed with a suffix).
 */
export const alertTopics = (s: DeployScope) => [...regional(s, "sns", `${s.prefix}-*page-*`), ...regional(s, "sns", `${s.prefix}-*notify-*`)];

export const sns: ServicePermissions = {
  service: "sns",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html",
  types: {
    "aws:sns/topic:Topic": {
      create: ["sns:CreateTopic", "sns:SetTopicAttributes", "sns:TagResource"],
      read: ["sns:GetTopicAttributes", "sns:ListTagsForResource", "sns:GetDataProtectionPolicy"],
      update: ["sns:SetTopicAttributes", "sns:TagResource", "sns:UntagResource"],
      delete: ["sns:DeleteTopic"],
    },
    "aws:sns/topicPolicy:TopicPolicy": {
      create: ["sns:SetTopicAttributes"],
      read: ["sns:GetTopicAttributes"],
      update: ["sns:SetTopicAttributes"],
      delete: ["sns:SetTopicAttributes"],
    },
    "aws:sns/topicSubscription:TopicSubscription": {
      create: ["sns:Subscribe", "sns:SetSubscriptionAttributes"],
      read: ["sns:GetSubscriptionAttributes", "sns:ListSubscriptionsByTopic"],
      update: ["sns:SetSubscriptionAttributes"],
      delete: ["sns:Unsubscribe"],
    },
  },
  statements: (s, actions) =>
    place(
      "sns",
      actions,
      [
        // Unsubscribe and the subscription attributes are authorised on the subscription, whose ARN is the topic's plus an id.
        { sid: "ThisStacksTopics", takes: /^sns:/, resources: (x) => [...regional(x, "sns", `${x.prefix}-*`)] },
      ],
      s,
    ),
};
