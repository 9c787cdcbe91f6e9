/** Realistic outputs for the CI/CD resource types: GitHub's OIDC provider, the canary's listener rule. */
import { TypeOutputs } from "./types";

export const cicdOutputs: TypeOutputs = {
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (args, ctx) => ({
    arn: `arn:aws:iam::${ctx.accountId}:oidc-provider/${String(args.inputs.url).replace(/^https:\/\//, "")}`,
  }),
  // listener-rule/app/<lb name>/<lb id>/<listener id>/<rule id>, from the listener's ARN.
  "aws:lb/listenerRule:ListenerRule": (args, ctx) => ({
    arn: `${String(args.inputs.listenerArn).replace(":listener/", ":listener-rule/")}/${ctx.hex(args.name + "rule", 16)}`,
  }),
};
