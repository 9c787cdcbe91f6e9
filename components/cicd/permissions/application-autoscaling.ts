/**
 * Application Auto Scaling: the service's scalable target and its target-tracking policies.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_applicationautoscaling.html
 */
import { inRegions, place, ServicePermissions } from "./types";

export const applicationAutoscaling: ServicePermissions = {
  service: "application-autoscaling",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_applicationautoscaling.html",
  types: {
    "aws:appautoscaling/target:Target": {
      // Registering an ECS service also reads it, with the caller's permissions.
      create: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:TagResource", "ecs:DescribeServices", "ecs:UpdateService"],
      read: ["application-autoscaling:DescribeScalableTargets", "application-autoscaling:ListTagsForResource"],
      update: ["application-autoscaling:RegisterScalableTarget", "application-autoscaling:TagResource", "application-autoscaling:UntagResource"],
      delete: ["application-autoscaling:DeregisterScalableTarget"],
      serviceLinkedRoles: ["ecs.application-autoscaling.amazonaws.com"],
    },
    "aws:appautoscaling/policy:Policy": {
      // Target tracking creates and deletes its CloudWatch alarms with the caller's permissions.
      create: ["application-autoscaling:PutScalingPolicy", "cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms"],
      read: ["application-autoscaling:DescribeScalingPolicies"],
      update: ["application-autoscaling:PutScalingPolicy", "cloudwatch:PutMetricAlarm"],
      delete: ["application-autoscaling:DeleteScalingPolicy", "cloudwatch:DeleteAlarms"],
    },
  },
  // Scalable targets and policies are identified by the ECS service, not an ARN the stack names.
  statements: (s, actions) =>
    place("application-autoscaling", actions, [{ sid: "AppAutoScalingInTheseRegions", takes: /^application-autoscaling:/, resources: () => "*", condition: (x) => ({ StringEquals: inRegions(x) }) }], s),
};
