/**
 * Elastic Load Balancing: the ALB, its listeners and the canary's production rule, target groups, the mTLS trust store.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_elasticloadbalancingv2.html
 *
 * The names are autonamed from the stack's prefix (at most 32 characters, so `credlink-prod-` plus a suffix).
 */
import { inRegions, place, regional, ServicePermissions } from "./types";

export const elasticloadbalancing: ServicePermissions = {
  service: "elasticloadbalancing",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_elasticloadbalancingv2.html",
  types: {
    "aws:lb/loadBalancer:LoadBalancer": {
      create: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:AddTags", "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetSecurityGroups"],
      read: ["elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeCapacityReservation"],
      update: ["elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets", "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      delete: ["elasticloadbalancing:DeleteLoadBalancer"],
      serviceLinkedRoles: ["elasticloadbalancing.amazonaws.com"],
    },
    "aws:lb/targetGroup:TargetGroup": {
      create: ["elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:AddTags", "elasticloadbalancing:ModifyTargetGroupAttributes"],
      read: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTags"],
      update: ["elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      delete: ["elasticloadbalancing:DeleteTargetGroup"],
    },
    "aws:lb/listener:Listener": {
      create: ["elasticloadbalancing:CreateListener", "elasticloadbalancing:AddTags", "elasticloadbalancing:ModifyListenerAttributes"],
      read: ["elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeListenerCertificates", "elasticloadbalancing:DescribeTags"],
      update: ["elasticloadbalancing:ModifyListener", "elasticloadbalancing:ModifyListenerAttributes", "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      delete: ["elasticloadbalancing:DeleteListener"],
    },
    "aws:lb/listenerRule:ListenerRule": {
      create: ["elasticloadbalancing:CreateRule", "elasticloadbalancing:AddTags"],
      read: ["elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTags"],
      update: ["elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities", "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
      delete: ["elasticloadbalancing:DeleteRule"],
    },
    "aws:lb/trustStore:TrustStore": {
      // ELB reads the CA bundle from S3 with the caller's permissions (s3.ts grants the trust-store object only).
      create: ["elasticloadbalancing:CreateTrustStore", "elasticloadbalancing:AddTags", "s3:GetObject"],
      read: ["elasticloadbalancing:DescribeTrustStores", "elasticloadbalancing:DescribeTags"],
      update: ["elasticloadbalancing:ModifyTrustStore", "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags", "s3:GetObject"],
      delete: ["elasticloadbalancing:DeleteTrustStore"],
      kmsVia: ["s3"],
    },
  },
  statements: (s, actions) =>
    place(
      "elasticloadbalancing",
      actions,
      [
        { sid: "ElbDescribe", takes: /^elasticloadbalancing:Describe/, resources: () => "*" },
        { sid: "ElbSetRulePriorities", takes: ["elasticloadbalancing:SetRulePriorities"], resources: () => "*", condition: (x) => ({ StringEquals: inRegions(x) }) },
        {
          sid: "ThisStacksLoadBalancer",
          takes: /^elasticloadbalancing:/,
          resources: (x) => [
            ...regional(x, "elasticloadbalancing", `loadbalancer/app/${x.prefix}*/*`),
            ...regional(x, "elasticloadbalancing", `targetgroup/${x.prefix}*/*`),
            ...regional(x, "elasticloadbalancing", `listener/app/${x.prefix}*/*`),
            ...regional(x, "elasticloadbalancing", `listener-rule/app/${x.prefix}*/*`),
            ...regional(x, "elasticloadbalancing", `truststore/${x.prefix}*/*`),
          ],
        },
      ],
      s,
    ),
};
