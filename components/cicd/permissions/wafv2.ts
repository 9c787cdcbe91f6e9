/**
 * AWS WAF: the web ACL in front of the ALB, its association and its logging to `aws-waf-logs-<prefix>`.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awswafv2.html
 */
import { place, regional, ServicePermissions } from "./types";

export const wafv2: ServicePermissions = {
  service: "wafv2",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awswafv2.html",
  types: {
    "aws:wafv2/webAcl:WebAcl": {
      create: ["wafv2:CreateWebACL", "wafv2:TagResource"],
      read: ["wafv2:GetWebACL", "wafv2:ListTagsForResource"],
      update: ["wafv2:UpdateWebACL", "wafv2:TagResource", "wafv2:UntagResource"],
      delete: ["wafv2:DeleteWebACL", "wafv2:GetWebACL"],
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": {
      // Associating is authorised on the web ACL and on the load balancer (elasticloadbalancing:SetWebAcl).
      create: ["wafv2:AssociateWebACL", "elasticloadbalancing:SetWebAcl"],
      read: ["wafv2:GetWebACLForResource"],
      delete: ["wafv2:DisassociateWebACL", "elasticloadbalancing:SetWebAcl"],
    },
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": {
      // Logging to CloudWatch Logs: the caller creates the log delivery and the log group's resource policy (AWS WAF
      // developer guide, "Sending web ACL traffic logs to an Amazon CloudWatch Logs log group", permissions).
      create: ["wafv2:PutLoggingConfiguration", "logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"],
      read: ["wafv2:GetLoggingConfiguration"],
      update: ["wafv2:PutLoggingConfiguration", "logs:CreateLogDelivery", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies"],
      // Turning the WAF's logging off (or replacing it) silences its record: break-glass only.
      delete: ["logs:DeleteLogDelivery"],
      breakGlassOnly: ["wafv2:DeleteLoggingConfiguration"],
    },
  },
  statements: (s, actions) =>
    place(
      "wafv2",
      actions,
      [
        {
          sid: "ThisStacksWebAcl",
          takes: /^wafv2:/,
          resources: (x) => [
            ...regional(x, "wafv2", `regional/webacl/${x.prefix}*/*`),
            ...regional(x, "wafv2", `regional/managedruleset/*/*`),
            ...regional(x, "elasticloadbalancing", `loadbalancer/app/${x.prefix}*/*`),
          ],
        },
      ],
      s,
    ),
};
