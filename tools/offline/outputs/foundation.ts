/** Realistic outputs for the foundation's resource types (KMS, CloudWatch Logs, IAM). */
import { TypeOutputs } from "./types";

export const foundationOutputs: TypeOutputs = {
  "aws:kms/key:Key": (args, ctx) => {
    const h = (s: string, n: number) => ctx.hex(args.name + s, n);
    const keyId = `${h("a", 8)}-${h("b", 4)}-4${h("c", 3)}-8${h("d", 3)}-${h("e", 12)}`;
    return { keyId, arn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:key/${keyId}` };
  },
  "aws:kms/alias:Alias": (args, ctx) => ({ arn: `arn:aws:kms:${ctx.region}:${ctx.accountId}:${args.inputs.name}` }),
  "aws:cloudwatch/logGroup:LogGroup": (_args, ctx) => ({
    arn: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${ctx.physicalName}`,
  }),
  "aws:iam/role:Role": (_args, ctx) => ({ arn: `arn:aws:iam::${ctx.accountId}:role/${ctx.physicalName}` }),
  // IAM's customer managed policy ARN: global, with the policy's path (IAM user guide, "IAM identifiers").
  "aws:iam/policy:Policy": (args, ctx) => ({ arn: `arn:aws:iam::${ctx.accountId}:policy${args.inputs.path ?? "/"}${ctx.physicalName}` }),
};
