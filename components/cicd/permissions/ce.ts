/**
 * AWS Cost Explorer: the stack's cost anomaly monitor and subscription, and (in the stack that owns the account
 * baseline) the cost allocation tags.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscostexplorerservice.html
 */
import { global, place, ServicePermissions } from "./types";

export const ce: ServicePermissions = {
  service: "ce",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscostexplorerservice.html",
  types: {
    "aws:costexplorer/anomalyMonitor:AnomalyMonitor": {
      create: ["ce:CreateAnomalyMonitor", "ce:TagResource"],
      read: ["ce:GetAnomalyMonitors", "ce:ListTagsForResource"],
      update: ["ce:UpdateAnomalyMonitor", "ce:TagResource", "ce:UntagResource"],
      delete: ["ce:DeleteAnomalyMonitor"],
    },
    "aws:costexplorer/anomalySubscription:AnomalySubscription": {
      create: ["ce:CreateAnomalySubscription", "ce:TagResource"],
      read: ["ce:GetAnomalySubscriptions", "ce:ListTagsForResource"],
      update: ["ce:UpdateAnomalySubscription", "ce:TagResource", "ce:UntagResource"],
      delete: ["ce:DeleteAnomalySubscription"],
    },
    "aws:costexplorer/costAllocationTag:CostAllocationTag": {
      create: ["ce:UpdateCostAllocationTagsStatus"],
      read: ["ce:ListCostAllocationTags"],
      update: ["ce:UpdateCostAllocationTagsStatus"],
      delete: ["ce:UpdateCostAllocationTagsStatus"],
    },
  },
  statements: (s, actions) =>
    place(
      "ce",
      actions,
      [
        // Monitors and subscriptions get generated ids; these calls have no resource-level permissions or name them only
        // after creation. Cost Explorer is a global service (its endpoint is us-east-1).
        { sid: "CostAllocationTags", takes: /CostAllocationTag/, resources: () => "*", omit: !s.ownsAccountBaseline },
        { sid: "CostAnomalyDetection", takes: /^ce:/, resources: (x) => [global(x, "ce", "anomalymonitor/*"), global(x, "ce", "anomalysubscription/*")] },
      ],
      s,
    ),
};
