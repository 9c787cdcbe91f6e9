/** `credlink:edge`: what stands in front of the load balancer: the AWS WAF (`credlink:edge:Firewall`) or Cloudflare. */
import { z } from "zod";
import { resolveFirewallArgs, validateFirewallArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, stringList, validatedBy } from "./lib";

/**
 * The WAF in front of the load balancer (`credlink:edge:Firewall`; see "Edge security and the account baseline").
 * Limits are checked by the component's validator.
 */
const waf = z
  .strictObject({
    /**
     * A WAFv2 web ACL on the load balancer. Dev may rely on `credlink:service.allowedCidrs` instead.
     * @accepts prod with `edge.provider` aws: `true` (the internet-facing load balancer always has the WAF in front of
     * it)
     */
    enabled: z.boolean().default(true),
    /**
     * Requests per client IP per window before the rate rule blocks.
     * @accepts 100-2,000,000,000
     */
    rateLimit: z.int().default(1000),
    /**
     * The rate rule's evaluation window, seconds.
     * @accepts 60, 120, 300 or 600 (the windows WAF accepts)
     */
    rateWindowSec: z.int().default(300),
    /**
     * URI path prefixes where bodies over 8 KB (proof uploads) pass; everywhere else they are blocked. Keep them equal
     * to the API's upload routes.
     * @accepts up to 10 URI path prefixes (each starts with `/`, at most 200 bytes, no query), no repeats
     */
    largeBodyPaths: stringList('must be a list of URI paths like "/v1/proofs"').default([]),
    /**
     * Days the WAF logs (`aws-waf-logs-<project>-<stack>`: blocked and counted requests only) are kept.
     * @accepts a CloudWatch Logs retention
     */
    logRetentionDays: z.int().default(30),
    /**
     * Blocked requests in 5 minutes that raise the notify alarm.
     * @accepts a positive integer
     */
    blockedRequestsAlarmThreshold: z.int().default(500),
  })
  .superRefine(
    // One validator per key, so that each bad key is reported (the component's validator stops at the first).
    validatedBy(
      ...(["rateLimit", "rateWindowSec", "largeBodyPaths", "logRetentionDays", "blockedRequestsAlarmThreshold"] as const).map(
        (key) => (w: Record<string, unknown>) =>
          validateFirewallArgs(resolveFirewallArgs("credlink", { [key]: w[key], loadBalancerArn: "", alarmTopicArn: "" })),
      ),
    ),
    ALSO_AFTER_TYPE_ERRORS,
  );

/**
 * The edge in front of the load balancer: `provider` aws (the load balancer, with the WAF below) or cloudflare (the
 * Cloudflare edge, whose managed WAF replaces the AWS one, which is then not built; see "The Cloudflare option").
 * Prod always has a WAF: the AWS one, or Cloudflare's.
 */
export const edge = z
  .strictObject({
    /**
     * The edge in front of the load balancer; with cloudflare the AWS WAF is off (the program's `awsEdge` is false).
     * @accepts cloudflare needs `credlink:cloudflare`, `domain.name` without `hostedZoneId`, and the two Cloudflare
     * secrets
     */
    provider: z.enum(["aws", "cloudflare"]).default("aws"),
    /** The AWS WAF (`credlink:edge:Firewall`), built with `provider` aws. */
    waf: waf.prefault({}),
  })
  .prefault({});
