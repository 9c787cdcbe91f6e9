import { Alerting, CloudflareEdge, CloudflareOrigin, Firewall, LoadBalancer } from "@credlink/components";
import { awsWafEnabled, onPrimary, Stack } from "./context";

/**
 * With Cloudflare as the edge, what the origin needs first: the edge's ranges, the certificate validated in the
 * Cloudflare zone, the origin-pull CA and trust store. cfg.awsEdge is false then: the AWS WAF must stay off.
 */
export function cloudflareOrigin(s: Stack): CloudflareOrigin | undefined {
  const { cfg, providers } = s;
  if (!(cfg.edge.provider === "cloudflare" && cfg.cloudflare && cfg.domain && providers.cloudflare)) return undefined;
  return new CloudflareOrigin(
    `${s.base}-edge`,
    { zoneId: cfg.cloudflare.zoneId, domainName: cfg.domain.name, keyDeletionWindowDays: cfg.kms.deletionWindowDays, forceDestroy: !cfg.isProd, keyAdministrators: s.keyAdministrators },
    { providers: [providers.primary, providers.cloudflare] },
  );
}

/** The Cloudflare zone side: the proxied record to the ALB, zone TLS settings, managed WAF and rate limits. */
export function cloudflareEdge(s: Stack, parts: { cloudflareOrigin?: CloudflareOrigin; loadBalancer: LoadBalancer }): CloudflareEdge | undefined {
  const { cfg } = s;
  if (!(parts.cloudflareOrigin && cfg.cloudflare && cfg.domain)) return undefined;
  return new CloudflareEdge(
    s.base,
    { zoneId: cfg.cloudflare.zoneId, domainName: cfg.domain.name, originHostname: parts.loadBalancer.dnsName, plan: cfg.cloudflare.plan, rateLimits: cfg.cloudflare.rateLimits },
    { provider: s.providers.cloudflare },
  );
}

/** The WAF in front of the load balancer (always in prod; dev may use service.allowedCidrs instead). */
export function firewall(s: Stack, parts: { loadBalancer: LoadBalancer; alerting: Alerting }): Firewall | undefined {
  const { cfg } = s;
  if (!awsWafEnabled(cfg)) return undefined;
  return new Firewall(
    s.base,
    {
      loadBalancerArn: parts.loadBalancer.loadBalancerArn,
      rateLimit: cfg.edge.waf.rateLimit,
      rateWindowSec: cfg.edge.waf.rateWindowSec as 60 | 120 | 300 | 600,
      largeBodyPaths: cfg.edge.waf.largeBodyPaths,
      logGroupName: s.wafLogGroupName,
      logRetentionDays: cfg.edge.waf.logRetentionDays,
      blockedRequestsAlarmThreshold: cfg.edge.waf.blockedRequestsAlarmThreshold,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
      kmsKeyArn: s.kmsKeyArn,
      keyAdministrators: s.keyAdministrators,
      protectKey: cfg.isProd,
      alarmTopicArn: parts.alerting.notifyTopicArn,
    },
    onPrimary(s),
  );
}
