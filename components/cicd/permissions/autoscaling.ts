/**
 * Amazon EC2 Auto Scaling: one group per NAT instance (a launch template, one instance, replaced when unhealthy).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html
 *
 * Creating or updating a group with a launch template checks that the caller may use it: ec2:RunInstances, tagging
 * the launch, and iam:PassRole for its instance profile (EC2 Auto Scaling user guide, "Control Amazon EC2 launch
 * template usage in Auto Scaling groups").
 */
import { place, regional, ServicePermissions } from "./types";

export const autoscaling: ServicePermissions = {
  service: "autoscaling",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html",
  types: {
    "aws:autoscaling/group:Group": {
      create: ["autoscaling:CreateAutoScalingGroup", "autoscaling:CreateOrUpdateTags", "ec2:RunInstances", "ec2:CreateTags", "ec2:DescribeLaunchTemplateVersions"],
      read: ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeScalingActivities", "autoscaling:DescribeLifecycleHooks", "autoscaling:DescribeWarmPool", "autoscaling:DescribeTrafficSources"],
      // The NAT groups' instanceRefresh: a change to the launch template starts a refresh (StartInstanceRefresh), the
      // provider waits on it (DescribeInstanceRefreshes) and cancels one already running first (CancelInstanceRefresh)
      // (terraform-provider-aws, autoscaling group's instance_refresh; Service Authorization Reference: Start and Cancel
      // take the autoScalingGroup resource, Describe none).
      update: [
        "autoscaling:UpdateAutoScalingGroup", "autoscaling:CreateOrUpdateTags", "autoscaling:DeleteTags", "ec2:RunInstances",
        "autoscaling:StartInstanceRefresh", "autoscaling:DescribeInstanceRefreshes", "autoscaling:CancelInstanceRefresh",
      ],
      // force delete terminates the instance with the group.
      delete: ["autoscaling:DeleteAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup"],
      passRoleTo: ["ec2.amazonaws.com"],
      serviceLinkedRoles: ["autoscaling.amazonaws.com"],
    },
  },
  statements: (s, actions) =>
    place(
      "autoscaling",
      actions,
      [
        { sid: "AutoScalingDescribe", takes: /^autoscaling:Describe/, resources: () => "*" },
        { sid: "ThisStacksAutoScalingGroups", takes: /^autoscaling:/, resources: (x) => regional(x, "autoscaling", `autoScalingGroup:*:autoScalingGroupName/${x.prefix}-*`) },
      ],
      s,
    ),
};
