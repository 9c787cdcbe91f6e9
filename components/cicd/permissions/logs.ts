/**
 * Amazon CloudWatch Logs: the stack's log groups, by their real names (components): `/credlink/<kind>/<stack prefix>`
 * (service, ECS Exec, VPC flow logs), `/credlink/fis/<prefix>-chaos`, `/aws/rds/instance/<prefix>-db/<log>`,
 * `/aws/lambda/<prefix>-...` (the R2 copy function) and `aws-waf-logs-<prefix>` (WAF requires that prefix).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
 *
 * Deleting a log group or stream, its retention policy, or taking its key off is the break-glass role's: logs are
 * evidence.
 */
import { DeployScope, place, regional, ServicePermissions } from "./types";

/** The stack's log groups; each pattern covers the group and its streams (`<group>:*`). */
export function stackLogGroups(s: DeployScope) {
  const p = s.prefix;
  return [
    `log-group:/credlink/*/${p}`,
    `log-group:/credlink/*/${p}:*`,
    `log-group:/credlink/*/${p}-*`,
    `log-group:/aws/rds/instance/${p}-*`,
    `log-group:/aws/lambda/${p}-*`,
    `log-group:aws-waf-logs-${p}`,
    `log-group:aws-waf-logs-${p}:*`,
  ].flatMap((tail) => regional(s, "logs", tail));
}

export const logs: ServicePermissions = {
  service: "logs",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html",
  types: {
    "aws:cloudwatch/logGroup:LogGroup": {
      create: ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:TagResource", "logs:AssociateKmsKey"],
      read: ["logs:DescribeLogGroups", "logs:ListTagsForResource"],
      // PutRetentionPolicy stays CI's: no condition key carries the retention (Service Authorization Reference, CloudWatch
      // Logs), so shortening can't be told from lengthening in IAM; the pack's cloudwatch-log-group-retention-set and
      // the boundary (for every role the stack makes) hold it instead. Taking a group's key off is break-glass's.
      update: ["logs:PutRetentionPolicy", "logs:TagResource", "logs:UntagResource", "logs:AssociateKmsKey"],
      breakGlassOnly: ["logs:DeleteLogGroup", "logs:DeleteLogStream", "logs:DeleteRetentionPolicy", "logs:DisassociateKmsKey"],
    },
  },
  statements: (s, actions) =>
    place(
      "logs",
      actions,
      [
        // DescribeLogGroups and the log-delivery APIs have no resource-level permissions.
        { sid: "LogsDescribeAndDelivery", takes: /^logs:(Describe|CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy)/, resources: () => "*" },
        { sid: "ThisStacksLogGroups", takes: /^logs:/, resources: (x) => stackLogGroups(x) },
      ],
      s,
    ),
};
