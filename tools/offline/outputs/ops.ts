/** Mock outputs for the operations tier (credlink:ops:*): SNS topics and subscriptions, composite alarms, Route 53 health checks. */
import { TypeOutputs } from "./types";

export const opsOutputs: TypeOutputs = {
  "aws:sns/topic:Topic": (_args, ctx) => ({ arn: `arn:aws:sns:${ctx.region}:${ctx.accountId}:${ctx.physicalName}`, name: ctx.physicalName }),
  "aws:sns/topicSubscription:TopicSubscription": (args, ctx) => ({
    arn: `${args.inputs.topic}:${ctx.hex(args.name, 8)}-${ctx.hex(`${args.name}-2`, 4)}-${ctx.hex(`${args.name}-3`, 4)}-${ctx.hex(`${args.name}-4`, 4)}-${ctx.hex(`${args.name}-5`, 12)}`,
    // Email subscriptions stay pending until the address confirms.
    pendingConfirmation: args.inputs.protocol === "email",
  }),
  "aws:cloudwatch/dashboard:Dashboard": (args, ctx) => ({ dashboardArn: `arn:aws:cloudwatch::${ctx.accountId}:dashboard/${args.inputs.dashboardName}` }),
  "aws:cloudwatch/compositeAlarm:CompositeAlarm": (args, ctx) => ({ arn: `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${args.inputs.alarmName}` }),
  // Route 53 is global: a health check's ARN has no region or account. (Its id, a UUID in AWS, is the mock's physical name.)
  "aws:route53/healthCheck:HealthCheck": (_args, ctx) => ({ arn: `arn:aws:route53:::healthcheck/${ctx.physicalName}` }),
};
