import * as pulumi from "@pulumi/pulumi";
import { AwsContext } from "./aws-context";

/**
 * The trust policy of a role an AWS service assumes on this account's behalf: the service principal, guarded against
 * the confused deputy as AWS recommends (IAM user guide, "The confused deputy problem"): `aws:SourceAccount` always, and
 * `aws:SourceArn` (ArnLike) when the service names the resource it acts for.
 */
export function serviceTrustPolicy(service: string, ctx: AwsContext, sourceArn?: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": ctx.accountId },
          ...(sourceArn === undefined ? {} : { ArnLike: { "aws:SourceArn": sourceArn } }),
        },
      },
    ],
  });
}
