/** Mock outputs for edge security and the account baseline: WAFv2, GuardDuty, EventBridge, Inspector, Security Hub. */
import { TypeOutputs } from "./types";

export const edgeOutputs: TypeOutputs = {
  // A regional web ACL's ARN: arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<uuid>.
  "aws:wafv2/webAcl:WebAcl": (args, ctx) => {
    const id = `${ctx.hex(args.name, 8)}-${ctx.hex(`${args.name}-2`, 4)}-${ctx.hex(`${args.name}-3`, 4)}-${ctx.hex(`${args.name}-4`, 4)}-${ctx.hex(`${args.name}-5`, 12)}`;
    return { arn: `arn:aws:wafv2:${ctx.region}:${ctx.accountId}:regional/webacl/${ctx.physicalName}/${id}`, capacity: 1133, lockToken: ctx.hex(`${args.name}-lock`, 8) };
  },
  "aws:guardduty/detector:Detector": (args, ctx) => ({ accountId: ctx.accountId, arn: `arn:aws:guardduty:${ctx.region}:${ctx.accountId}:detector/${ctx.hex(args.name, 32)}` }),
  "aws:cloudwatch/eventRule:EventRule": (_args, ctx) => ({ arn: `arn:aws:events:${ctx.region}:${ctx.accountId}:rule/${ctx.physicalName}` }),
  "aws:securityhub/account:Account": (_args, ctx) => ({ arn: `arn:aws:securityhub:${ctx.region}:${ctx.accountId}:hub/default` }),
};
