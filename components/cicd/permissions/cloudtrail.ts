/**
 * AWS CloudTrail: the stack's trail (the account's API record). Stopping or deleting it, or changing what it records,
 * is the break-glass role's.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html
 */
import { place, regional, ServicePermissions } from "./types";

export const cloudtrail: ServicePermissions = {
  service: "cloudtrail",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html",
  types: {
    "aws:cloudtrail/trail:Trail": {
      create: ["cloudtrail:CreateTrail", "cloudtrail:StartLogging", "cloudtrail:AddTags", "cloudtrail:PutEventSelectors", "cloudtrail:PutInsightSelectors"],
      read: ["cloudtrail:GetTrail", "cloudtrail:GetTrailStatus", "cloudtrail:DescribeTrails", "cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors", "cloudtrail:ListTags"],
      update: ["cloudtrail:AddTags", "cloudtrail:RemoveTags"],
      breakGlassOnly: ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail"],
      // A trail delivering to CloudWatch Logs is given a role (cloudtrail.amazonaws.com); an S3-only trail is not.
      passRoleTo: ["cloudtrail.amazonaws.com"],
    },
  },
  statements: (s, actions) =>
    place(
      "cloudtrail",
      actions,
      [
        { sid: "CloudTrailDescribe", takes: ["cloudtrail:DescribeTrails"], resources: () => "*" },
        { sid: "ThisStacksTrail", takes: /^cloudtrail:/, resources: (x) => regional(x, "cloudtrail", `trail/${x.prefix}-*`) },
      ],
      s,
    ),
};
