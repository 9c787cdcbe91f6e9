/**
 * Amazon SQS: the R2 copy's queue and dead-letter queue.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html
 */
import { place, regional, ServicePermissions } from "./types";

export const sqs: ServicePermissions = {
  service: "sqs",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html",
  types: {
    "aws:sqs/queue:Queue": {
      create: ["sqs:CreateQueue", "sqs:SetQueueAttributes", "sqs:TagQueue"],
      read: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ListQueueTags"],
      update: ["sqs:SetQueueAttributes", "sqs:TagQueue", "sqs:UntagQueue"],
      delete: ["sqs:DeleteQueue"],
    },
    "aws:sqs/queuePolicy:QueuePolicy": {
      create: ["sqs:SetQueueAttributes"],
      read: ["sqs:GetQueueAttributes"],
      update: ["sqs:SetQueueAttributes"],
      delete: ["sqs:SetQueueAttributes"],
    },
  },
  statements: (s, actions) => place("sqs", actions, [{ sid: "ThisStacksQueues", takes: /^sqs:/, resources: (x) => regional(x, "sqs", `${x.prefix}-*`) }], s),
};
