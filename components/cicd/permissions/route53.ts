/**
 * Amazon Route 53: the certificate's validation records and the alias (failover records with a health check), and the
 * uptime health check.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html
 */
import { global, place, ServicePermissions } from "./types";

export const route53: ServicePermissions = {
  service: "route53",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53.html",
  types: {
    "aws:route53/record:Record": {
      create: ["route53:ChangeResourceRecordSets", "route53:GetChange"],
      read: ["route53:ListResourceRecordSets", "route53:GetHostedZone"],
      update: ["route53:ChangeResourceRecordSets", "route53:GetChange"],
      delete: ["route53:ChangeResourceRecordSets", "route53:GetChange"],
    },
    "aws:route53/healthCheck:HealthCheck": {
      create: ["route53:CreateHealthCheck", "route53:ChangeTagsForResource"],
      read: ["route53:GetHealthCheck", "route53:ListTagsForResource"],
      update: ["route53:UpdateHealthCheck", "route53:ChangeTagsForResource"],
      delete: ["route53:DeleteHealthCheck"],
    },
  },
  statements: (s, actions) =>
    place(
      "route53",
      actions,
      [
        { sid: "Route53Reads", takes: /^route53:(Get|List)/, resources: () => "*" },
        // Health checks have generated ids and no tags at creation: any health check of the account (they only probe).
        { sid: "Route53HealthChecks", takes: /HealthCheck|ChangeTagsForResource/, resources: (x) => [global(x, "route53", "healthcheck/*", false)] },
        // Records only in the stack's zone; with none configured, in no zone.
        { sid: "Route53ThisStacksZone", takes: ["route53:ChangeResourceRecordSets"], resources: (x) => [global(x, "route53", `hostedzone/${x.hostedZoneId}`, false)], omit: !s.hostedZoneId },
      ],
      s,
    ),
};
