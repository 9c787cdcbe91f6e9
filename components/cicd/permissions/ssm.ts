/**
 * AWS Systems Manager: the public AMI parameter EC2 resolves for the NAT instances' launch templates
 * (`resolve:ssm:/aws/service/...`), with the caller's permissions.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
 */
import * as pulumi from "@pulumi/pulumi";
import { place, ServicePermissions } from "./types";

export const ssm: ServicePermissions = {
  service: "ssm",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html",
  types: {},
  statements: (s, actions) =>
    place(
      "ssm",
      actions,
      [{ sid: "AwsPublicAmiParameters", takes: ["ssm:GetParameters"], resources: (x) => x.regions.map((r) => pulumi.interpolate`arn:${x.partition}:ssm:${r}::parameter/aws/service/*`) }],
      s,
    ),
};
