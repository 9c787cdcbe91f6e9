/**
 * Amazon CloudWatch: the stack's metric and composite alarms and its dashboard.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
 */
import { global, place, regional, ServicePermissions } from "./types";

const alarm = {
  create: ["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource"],
  read: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
  update: ["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"],
  delete: ["cloudwatch:DeleteAlarms"],
};

export const cloudwatch: ServicePermissions = {
  service: "cloudwatch",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html",
  types: {
    // The provider turns actions off through PutMetricAlarm's ActionsEnabled, never DisableAlarmActions, which silences
    // alarms in bulk: break-glass only.
    "aws:cloudwatch/metricAlarm:MetricAlarm": { ...alarm, breakGlassOnly: ["cloudwatch:DisableAlarmActions"] },
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": {
      ...alarm,
      create: ["cloudwatch:PutCompositeAlarm", "cloudwatch:TagResource"],
      update: ["cloudwatch:PutCompositeAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"],
    },
    "aws:cloudwatch/dashboard:Dashboard": {
      create: ["cloudwatch:PutDashboard"],
      read: ["cloudwatch:GetDashboard"],
      update: ["cloudwatch:PutDashboard"],
      delete: ["cloudwatch:DeleteDashboards"],
    },
  },
  statements: (s, actions) =>
    place(
      "cloudwatch",
      actions,
      [
        { sid: "CloudWatchDescribeAlarms", takes: ["cloudwatch:DescribeAlarms"], resources: () => "*" },
        { sid: "ThisStacksDashboard", takes: /Dashboard/, resources: (x) => [global(x, "cloudwatch", `dashboard/${x.prefix}*`)] },
        // Target tracking (application-autoscaling.ts) makes its alarms with the caller's permissions, named after the service.
        // The account baseline's alarms (its rules' delivery failures) are named after the project, like its rules.
        {
          sid: "ThisStacksAlarms",
          takes: /^cloudwatch:/,
          resources: (x) => [
            ...regional(x, "cloudwatch", `alarm:${x.prefix}-*`),
            ...regional(x, "cloudwatch", `alarm:TargetTracking-service/${x.prefix}*`),
            ...(x.ownsAccountBaseline ? regional(x, "cloudwatch", `alarm:${x.project}-account-*`) : []),
          ],
        },
      ],
      s,
    ),
};
