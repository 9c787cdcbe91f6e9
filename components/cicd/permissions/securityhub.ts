/**
 * AWS Security Hub: the account's hub and its standards (in the stack that owns the account baseline only).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecurityhub.html
 */
import { place, regional, ServicePermissions } from "./types";

export const securityhub: ServicePermissions = {
  service: "securityhub",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecurityhub.html",
  types: {
    "aws:securityhub/account:Account": {
      create: ["securityhub:EnableSecurityHub", "securityhub:TagResource"],
      read: ["securityhub:DescribeHub", "securityhub:GetEnabledStandards", "securityhub:ListTagsForResource"],
      update: ["securityhub:UpdateSecurityHubConfiguration"],
      breakGlassOnly: ["securityhub:DisableSecurityHub"],
      serviceLinkedRoles: ["securityhub.amazonaws.com"],
    },
    "aws:securityhub/standardsSubscription:StandardsSubscription": {
      create: ["securityhub:BatchEnableStandards"],
      read: ["securityhub:GetEnabledStandards"],
      delete: ["securityhub:BatchDisableStandards"],
    },
  },
  statements: (s, actions) =>
    place(
      "securityhub",
      actions,
      [{ sid: "SecurityHubAccount", takes: /^securityhub:/, resources: (x) => [...regional(x, "securityhub", "hub/default"), ...regional(x, "securityhub", "*")], omit: !s.ownsAccountBaseline }],
      s,
    ),
};
