import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { CLOUDFLARE_ID_PATTERN } from "./cloudflare-origin";

/** The Cloudflare plans the component knows the limits of. Enterprise limits are per contract. */
export const CLOUDFLARE_PLANS = ["Free", "Pro", "Business"] as const;
export type CloudflarePlan = (typeof CLOUDFLARE_PLANS)[number];

/**
 * The managed WAF ruleset each plan can deploy (Cloudflare WAF docs, "Managed rulesets" and "Cloudflare Free Managed
 * Ruleset", 2026): Free zones get the Free Managed Ruleset; Pro and above the full Cloudflare Managed Ruleset.
 */
export const MANAGED_RULESETS: Readonly<Record<CloudflarePlan, { readonly id: string; readonly name: string }>> = {
  Free: { id: "77454fe2d30c4220b5701f6fdfb893ba", name: "Cloudflare Free Managed Ruleset" },
  Pro: { id: "efb7b8c949ac4650a09736fc376e9aee", name: "Cloudflare Managed Ruleset" },
  Business: { id: "efb7b8c949ac4650a09736fc376e9aee", name: "Cloudflare Managed Ruleset" },
};

/**
 * What each plan allows in rate limiting rules (Cloudflare WAF docs, "Rate limiting rules", Availability, 2026):
 * how many rules, the counting periods and mitigation timeouts (seconds). Characteristics are the client IP (and the
 * data center, which every rule must count by) on all three.
 */
export const RATE_LIMIT_PLAN_LIMITS: Readonly<Record<CloudflarePlan, { readonly rules: number; readonly periods: readonly number[]; readonly timeouts: readonly number[] }>> = {
  Free: { rules: 1, periods: [10], timeouts: [10] },
  Pro: { rules: 2, periods: [10, 60], timeouts: [10, 60, 3600] },
  Business: { rules: 5, periods: [10, 60, 600], timeouts: [10, 60, 600, 3600, 86400] },
};

/** One rate limit: at most `requestsPerPeriod` requests from one client IP per `periodSeconds` to paths under `pathPrefix`. */
export interface CloudflareRateLimit {
  /** Short name, used in the rule's description and ref: 1-32 of `[a-z0-9-]`. */
  readonly name: string;
  /** The URL path prefix the limit applies to, e.g. "/v1/verify"; "/" for everything. */
  readonly pathPrefix: string;
  readonly requestsPerPeriod: number;
  readonly periodSeconds: number;
  /** How long a client over the limit is blocked. */
  readonly mitigationTimeoutSeconds: number;
}

export interface CloudflareEdgeArgs {
  /** The Cloudflare zone (32 hex characters) holding `domainName`. */
  readonly zoneId: pulumi.Input<string>;
  /** The public name, e.g. `api.credlink.example`: a proxied CNAME to the origin. */
  readonly domainName: string;
  /** The origin's DNS name (the ALB's). */
  readonly originHostname: pulumi.Input<string>;
  /** The zone's plan: decides the managed ruleset and what rate limits are allowed. @default "Free" */
  readonly plan?: CloudflarePlan;
  /** Rate limiting rules, checked against the plan's limits. @default [] */
  readonly rateLimits?: readonly CloudflareRateLimit[];
  /** HSTS max-age the edge sends, in seconds. @default 31536000 (one year) */
  readonly hstsMaxAgeSeconds?: number;
}

export type ResolvedCloudflareEdgeArgs = Required<CloudflareEdgeArgs>;

/** Applies the documented defaults. The single place they live. */
export function resolveCloudflareEdgeArgs(args: CloudflareEdgeArgs): ResolvedCloudflareEdgeArgs {
  return {
    zoneId: args.zoneId,
    domainName: args.domainName,
    originHostname: args.originHostname,
    plan: args.plan ?? "Free",
    rateLimits: args.rateLimits ?? [],
    hstsMaxAgeSeconds: args.hstsMaxAgeSeconds ?? 31536000,
  };
}

const RATE_LIMIT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
/** Path characters the rule's string literal can hold without escaping (no quote, backslash or wildcard). */
const RATE_LIMIT_PATH = /^\/[A-Za-z0-9._~!$&'()+,;=:@%/-]{0,255}$/;

/** Throws an Error naming the argument when a plain value is out of range, or beyond what `plan` allows. */
export function validateCloudflareEdgeArgs(args: Pick<ResolvedCloudflareEdgeArgs, "zoneId" | "plan" | "rateLimits" | "hstsMaxAgeSeconds"> & { domainName?: string }): void {
  if (typeof args.zoneId === "string" && !CLOUDFLARE_ID_PATTERN.test(args.zoneId)) {
    throw new Error(`zoneId must be a Cloudflare zone id (32 lowercase hex characters), got ${JSON.stringify(args.zoneId)}`);
  }
  if (!CLOUDFLARE_PLANS.includes(args.plan)) {
    throw new Error(`plan must be one of ${CLOUDFLARE_PLANS.map((p) => `"${p}"`).join(" | ")}, got ${JSON.stringify(args.plan)}`);
  }
  const limits = RATE_LIMIT_PLAN_LIMITS[args.plan];
  if (args.rateLimits.length > limits.rules) {
    throw new Error(`rateLimits must hold at most ${limits.rules} rule(s) on the ${args.plan} plan, got ${args.rateLimits.length}`);
  }
  const names = new Set<string>();
  args.rateLimits.forEach((rule, i) => {
    const at = `rateLimits[${i}]`;
    if (!RATE_LIMIT_NAME.test(rule.name)) throw new Error(`${at}.name must be 1-32 of [a-z0-9-], starting and ending with a letter or digit, got ${JSON.stringify(rule.name)}`);
    if (names.has(rule.name)) throw new Error(`${at}.name must be unique, got ${JSON.stringify(rule.name)} twice`);
    names.add(rule.name);
    if (!RATE_LIMIT_PATH.test(rule.pathPrefix)) throw new Error(`${at}.pathPrefix must be a URL path starting with "/" (no quotes, backslashes or "*"), got ${JSON.stringify(rule.pathPrefix)}`);
    if (!Number.isInteger(rule.requestsPerPeriod) || rule.requestsPerPeriod < 1 || rule.requestsPerPeriod > 1_000_000) {
      throw new Error(`${at}.requestsPerPeriod must be an integer from 1 to 1000000, got ${rule.requestsPerPeriod}`);
    }
    if (!limits.periods.includes(rule.periodSeconds)) {
      throw new Error(`${at}.periodSeconds must be one of ${limits.periods.join(", ")} on the ${args.plan} plan, got ${rule.periodSeconds}`);
    }
    if (!limits.timeouts.includes(rule.mitigationTimeoutSeconds)) {
      throw new Error(`${at}.mitigationTimeoutSeconds must be one of ${limits.timeouts.join(", ")} on the ${args.plan} plan, got ${rule.mitigationTimeoutSeconds}`);
    }
  });
  if (!Number.isInteger(args.hstsMaxAgeSeconds) || args.hstsMaxAgeSeconds < 86400 || args.hstsMaxAgeSeconds > 63072000) {
    throw new Error(`hstsMaxAgeSeconds must be an integer from 86400 (1 day) to 63072000 (2 years), got ${args.hstsMaxAgeSeconds}`);
  }
}

/** The rate limiting rule for one limit (phase http_ratelimit): counted per client IP and data center, then blocked. */
export function rateLimitRule(limit: CloudflareRateLimit): cloudflare.types.input.RulesetRule {
  const expression = limit.pathPrefix === "/" ? "true" : `starts_with(http.request.uri.path, "${limit.pathPrefix}")`;
  return {
    ref: `rate-limit-${limit.name}`,
    description: `Rate limit ${limit.name}: ${limit.requestsPerPeriod} requests per ${limit.periodSeconds}s per client IP under ${limit.pathPrefix}`,
    expression,
    action: "block",
    enabled: true,
    ratelimit: {
      characteristics: ["ip.src", "cf.colo.id"],
      period: limit.periodSeconds,
      requestsPerPeriod: limit.requestsPerPeriod,
      mitigationTimeout: limit.mitigationTimeoutSeconds,
    },
  };
}

/**
 * Cloudflare in front of the origin load balancer (`edge.provider: cloudflare`), for one zone:
 *
 * - a proxied CNAME for `domainName` to the ALB;
 * - zone settings: SSL `strict` (the ALB's ACM certificate is verified), minimum TLS 1.2, Always Use HTTPS, HSTS;
 * - the WAF: the plan's managed ruleset (http_request_firewall_managed) and the rate limits (http_ratelimit). No rule
 *   looks at body size: proof uploads are limited only by the plan's upload limit (100 MB on Free and Pro).
 *
 * The origin side (prefix list, certificate, Authenticated Origin Pulls, trust store) is credlink:edge:CloudflareOrigin.
 * The component's inputs carry the plan, so the cost model prices it and the plan reports its SLA.
 */
/**
 * The `security_header` zone setting's value, exactly as the Cloudflare API takes it: snake_case keys under
 * `strict_transport_security` (API reference, "Edit zone setting", security_header:
 * https://developers.cloudflare.com/api/resources/zones/subresources/settings/methods/edit/). `value` is an untyped
 * JSON field in @pulumi/cloudflare (`any`), passed through as is; the camelCase keys of the provider's own example
 * (`strictTransportSecurity`, `maxAge`, `includeSubdomains`) are not the API's, so with them HSTS is never set and
 * every preview shows a diff against what the API reads back.
 */
export function hstsSettingValue(maxAgeSeconds: number): Record<string, unknown> {
  return { strict_transport_security: { enabled: true, max_age: maxAgeSeconds, include_subdomains: false, preload: false, nosniff: true } };
}

export class CloudflareEdge extends pulumi.ComponentResource {
  /** The proxied record's name. */
  public readonly hostname: pulumi.Output<string>;
  public readonly plan: CloudflarePlan;

  constructor(name: string, args: CloudflareEdgeArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const resolved = resolveCloudflareEdgeArgs(args);
    super("credlink:edge:Cloudflare", name, { plan: resolved.plan, domainName: resolved.domainName }, opts);
    validateCloudflareEdgeArgs(resolved);
    const { zoneId } = resolved;

    const record = new cloudflare.DnsRecord(
      name,
      {
        zoneId,
        name: resolved.domainName,
        type: "CNAME",
        content: resolved.originHostname,
        proxied: true,
        // 1 = "automatic", the only TTL a proxied record takes.
        ttl: 1,
        comment: "CredLink API: proxied through Cloudflare to the origin load balancer",
      },
      { parent: this },
    );
    this.createZoneSettings(name, resolved);
    this.createWaf(name, resolved);

    this.hostname = record.name;
    this.plan = resolved.plan;
    this.registerOutputs({ hostname: this.hostname, plan: this.plan });
  }

  /** The zone's settings: full strict TLS to the origin, TLS 1.2+, HTTPS only, HSTS (hstsSettingValue). */
  private createZoneSettings(name: string, args: ResolvedCloudflareEdgeArgs): void {
    const setting = (id: string, value: unknown) => new cloudflare.ZoneSetting(`${name}-${id.replace(/_/g, "-")}`, { zoneId: args.zoneId, settingId: id, value }, { parent: this });
    setting("ssl", "strict");
    setting("min_tls_version", "1.2");
    setting("always_use_https", "on");
    setting("security_header", hstsSettingValue(args.hstsMaxAgeSeconds));
  }

  private createWaf(name: string, args: ResolvedCloudflareEdgeArgs): void {
    const managed = MANAGED_RULESETS[args.plan];
    new cloudflare.Ruleset(
      `${name}-waf-managed`,
      {
        zoneId: args.zoneId,
        kind: "zone",
        phase: "http_request_firewall_managed",
        name: `${name} managed WAF`,
        description: `Deploys the ${managed.name} (${args.plan} plan)`,
        rules: [
          {
            ref: "deploy-managed-ruleset",
            description: `Execute the ${managed.name}`,
            expression: "true",
            action: "execute",
            enabled: true,
            actionParameters: { id: managed.id },
          },
        ],
      },
      { parent: this },
    );
    if (args.rateLimits.length > 0) {
      new cloudflare.Ruleset(
        `${name}-rate-limits`,
        {
          zoneId: args.zoneId,
          kind: "zone",
          phase: "http_ratelimit",
          name: `${name} rate limits`,
          description: "Per-client rate limits from credlink:cloudflare.rateLimits",
          rules: args.rateLimits.map(rateLimitRule),
        },
        { parent: this },
      );
    }
  }
}
