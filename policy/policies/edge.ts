/**
 * Edge controls this program relies on that no checkov or trivy check covers (POLICY-COVERAGE.md, "Controls this
 * program relies on"): what the WAF in front of an internet-facing ALB must run, a rate limit that can actually fire,
 * HSTS on the ALB's HTTPS listener, and the Cloudflare zone (when the stack has one): SSL strict, TLS 1.2, HSTS and
 * rate limits that block. Mandatory everywhere: each applies only where its resources exist.
 */
import type { PolicyResource } from "@pulumi/policy";
import { CredlinkPolicy, getOr, many, plain, resourceRule, stackRule, StackProblem } from "../lib/rules";
import { LISTENER_TYPES, T } from "../lib/types";
import { wafRules } from "./exposure";

// ---------------------------------------------------------------------------------------------------------------
// WAF

/** The managed rule groups a web ACL in front of the ALB must run in block mode (overrideAction none). */
export const REQUIRED_MANAGED_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"];

const managedGroup = (rule: any): any => rule?.statement?.managedRuleGroupStatement;

export const wafManagedGroups = resourceRule({
  name: "waf-acl-runs-core-bad-inputs-and-ip-reputation-groups",
  description:
    "WAFv2 web ACLs run AWS's core rule set, known bad inputs and Amazon IP reputation list managed groups (vendor AWS), each in block mode (overrideAction none, not count).",
  covers: ["WAF on an internet-facing ALB: the managed core, known-bad-inputs and IP reputation groups"],
  enforcementLevel: "mandatory",
  types: [T.webAcl],
  // https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
  check: (p) =>
    REQUIRED_MANAGED_GROUPS.flatMap((name) => {
      const rule = wafRules(p).find((r) => managedGroup(r)?.name === name && (managedGroup(r)?.vendorName ?? "AWS") === "AWS");
      if (!rule) return [`rules must include the managed rule group ${name} (vendor AWS)`];
      const override = rule.overrideAction ?? {};
      return Object.keys(override).length === 1 && override.none !== undefined ? [] : [`${name} must block (overrideAction { none: {} }), got overrideAction ${JSON.stringify(override)}`];
    }),
});

/**
 * The rate-based statement's limits (WAFv2 API, RateBasedStatement): Limit 10-2,000,000,000; EvaluationWindowSec 60,
 * 120, 300 (the default) or 600.
 * https://docs.aws.amazon.com/waf/latest/APIReference/API_RateBasedStatement.html
 * https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html
 */
export const RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;
export const RATE_WINDOWS = [60, 120, 300, 600] as const;

const SCALING_TARGET = "aws:appautoscaling/target:Target";
const SCALING_POLICY = "aws:appautoscaling/policy:Policy";

/**
 * The requests per minute the stack is built to serve: for each ECS service that scales on ALBRequestCountPerTarget,
 * its maximum task count times its per-target request target (requests per target per minute), whether the metric is
 * the predefined one or metric math over RequestCountPerTarget. Undefined when no service scales on requests.
 */
/**
 * A customized target-tracking metric on requests per target: metric math over the load balancer's
 * RequestCountPerTarget (a CANARY service sums it over both of its target groups, which ECS swaps on every deployment).
 */
function scalesOnRequestsPerTarget(spec: any): boolean {
  const metrics: any[] = Array.isArray(spec?.metrics) ? spec.metrics : [];
  return metrics.some((m) => m?.metricStat?.metric?.namespace === "AWS/ApplicationELB" && m?.metricStat?.metric?.metricName === "RequestCountPerTarget");
}

export function requestCapacityPerMinute(all: readonly PolicyResource[]): number | undefined {
  let total = 0;
  for (const target of all.filter((r) => r.type === SCALING_TARGET && getOr(r.props, ["serviceNamespace"], "") === "ecs")) {
    const resourceId = getOr(target.props, ["resourceId"], "?");
    const perTarget = all
      .filter((p) => p.type === SCALING_POLICY && getOr(p.props, ["resourceId"], "!") === resourceId)
      .map((p) => plain(getOr<any>(p.props, ["targetTrackingScalingPolicyConfiguration"], undefined)))
      .filter((c) => c?.predefinedMetricSpecification?.predefinedMetricType === "ALBRequestCountPerTarget" || scalesOnRequestsPerTarget(c?.customizedMetricSpecification))
      .map((c) => Number(c.targetValue));
    if (perTarget.length) total += Number(getOr(target.props, ["maxCapacity"], 0)) * Math.max(...perTarget);
  }
  return total > 0 ? total : undefined;
}

export const wafRateLimitCanFire = stackRule<{ fallbackRequestsPerMinute: number }>({
  name: "waf-rate-limit-can-fire",
  description:
    "Every blocking rate-based WAF rule has a limit WAF accepts (10-2,000,000,000, window 60/120/300/600 s) that one client can reach before the service is saturated: at most the stack's request capacity over the rule's window (maximum tasks x the ALBRequestCountPerTarget scaling target, per minute; fallbackRequestsPerMinute when no service scales on requests). A limit above that never fires.",
  covers: ["WAF on an internet-facing ALB: a rate rule whose limit can fire"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      fallbackRequestsPerMinute: {
        type: "integer",
        minimum: 1,
        default: 2000,
        description: "The stack's request capacity per minute when no ECS service scales on ALBRequestCountPerTarget (2000 = prod's 4 tasks x 500).",
      },
    },
  },
  check: (all, c) => {
    const perMinute = requestCapacityPerMinute(all) ?? c.fallbackRequestsPerMinute;
    const problems: StackProblem[] = [];
    for (const acl of all.filter((r) => r.type === T.webAcl)) {
      for (const rule of wafRules(plain(acl.props) as Record<string, any>)) {
        const rate = rule?.statement?.rateBasedStatement;
        if (!rate || rule.action?.block === undefined) continue;
        const limit = Number(rate.limit);
        const window = Number(rate.evaluationWindowSec ?? 300);
        const ceiling = Math.round((perMinute * window) / 60);
        const at = `${acl.name}: rate rule ${rule.name}`;
        if (!(RATE_WINDOWS as readonly number[]).includes(window)) problems.push({ message: `${at}: evaluationWindowSec must be one of ${RATE_WINDOWS.join(", ")}, got ${window}`, urn: acl.urn });
        if (!Number.isInteger(limit) || limit < RATE_LIMIT_RANGE.min || limit > RATE_LIMIT_RANGE.max) {
          problems.push({ message: `${at}: limit ${rate.limit} is outside WAF's range ${RATE_LIMIT_RANGE.min}-${RATE_LIMIT_RANGE.max}`, urn: acl.urn });
        } else if (limit > ceiling) {
          problems.push({ message: `${at}: limit ${limit} per ${window} s can never fire: the whole stack serves at most ${ceiling} requests in that window (${perMinute}/minute); set it at or under ${ceiling}`, urn: acl.urn });
        }
      }
    }
    return problems;
  },
});

// ---------------------------------------------------------------------------------------------------------------
// HSTS

interface HstsConfig {
  minMaxAgeSeconds: number;
  requireIncludeSubdomains: boolean;
}

const hstsSchema = {
  properties: {
    minMaxAgeSeconds: { type: "integer" as const, minimum: 1, default: 31536000, description: "Shortest HSTS max-age accepted, in seconds (one year by default)." },
    requireIncludeSubdomains: { type: "boolean" as const, default: false, description: "HSTS must also cover subdomains (includeSubDomains)." },
  },
};

/** What is wrong with an HSTS header value ("max-age=31536000; includeSubDomains"), or undefined. */
export function hstsHeaderProblem(value: unknown, c: HstsConfig): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return "sends no Strict-Transport-Security header";
  const directives = value.split(";").map((d) => d.trim().toLowerCase());
  const maxAge = directives.map((d) => /^max-age\s*=\s*"?(\d+)"?$/.exec(d)?.[1]).find((x) => x !== undefined);
  if (maxAge === undefined) return `Strict-Transport-Security "${value}" has no max-age`;
  if (Number(maxAge) < c.minMaxAgeSeconds) return `Strict-Transport-Security max-age ${maxAge} is under ${c.minMaxAgeSeconds} seconds`;
  if (c.requireIncludeSubdomains && !directives.includes("includesubdomains")) return `Strict-Transport-Security "${value}" must include includeSubDomains`;
  return undefined;
}

export const albHsts = resourceRule<HstsConfig>({
  name: "alb-https-listener-sends-hsts",
  description:
    "Every HTTPS listener of an application load balancer sends Strict-Transport-Security (the listener attribute routingHttpResponseStrictTransportSecurityHeaderValue) with a max-age of at least minMaxAgeSeconds.",
  covers: ["on the ALB, HSTS headers"],
  enforcementLevel: "mandatory",
  types: [...LISTENER_TYPES],
  configSchema: hstsSchema,
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/header-modification.html
  check: (p, c, args) => {
    if (p.protocol !== "HTTPS") args.notApplicable("not an HTTPS listener");
    const problem = hstsHeaderProblem(p.routingHttpResponseStrictTransportSecurityHeaderValue, c);
    return problem ? `the listener ${problem} (routingHttpResponseStrictTransportSecurityHeaderValue)` : undefined;
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Cloudflare

const ZONE_SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
const RULESET = "cloudflare:index/ruleset:Ruleset";

/** The Cloudflare zones the stack configures: every zoneId a cloudflare resource names. */
function cloudflareZones(all: readonly PolicyResource[]): Map<string, PolicyResource[]> {
  const zones = new Map<string, PolicyResource[]>();
  for (const r of all.filter((x) => x.type.startsWith("cloudflare:"))) {
    const zone = getOr<unknown>(r.props, ["zoneId"], undefined);
    if (typeof zone !== "string") continue;
    zones.set(zone, [...(zones.get(zone) ?? []), r]);
  }
  return zones;
}

const settingOf = (resources: readonly PolicyResource[], id: string) => resources.find((r) => r.type === ZONE_SETTING && getOr(r.props, ["settingId"], "") === id);

/**
 * The HSTS part of the `security_header` zone setting. The Cloudflare API reads snake_case keys
 * (`strict_transport_security.enabled/max_age/include_subdomains`); `value` is free-form JSON that the provider passes
 * through unchanged, so the camelCase spelling of some documentation never reaches Cloudflare as HSTS.
 * https://developers.cloudflare.com/api/resources/zones/subresources/settings/methods/edit/ (security_header)
 */
export function cloudflareHstsProblem(value: unknown, c: HstsConfig): string | undefined {
  const v = plain(value) as Record<string, any> | undefined;
  const hsts = v?.strict_transport_security;
  if (!hsts) {
    return v?.strictTransportSecurity !== undefined
      ? "security_header uses camelCase keys (strictTransportSecurity, maxAge, includeSubdomains), which the Cloudflare API ignores: use strict_transport_security with enabled, max_age, include_subdomains"
      : "security_header must set strict_transport_security";
  }
  const problems: string[] = [];
  if (hsts.enabled !== true) problems.push("strict_transport_security.enabled must be true");
  const maxAge = hsts.max_age;
  if (typeof maxAge !== "number") problems.push(`strict_transport_security.max_age must be a number of seconds${hsts.maxAge !== undefined ? " (maxAge, camelCase, is ignored)" : ""}`);
  else if (maxAge < c.minMaxAgeSeconds) problems.push(`strict_transport_security.max_age ${maxAge} is under ${c.minMaxAgeSeconds} seconds`);
  if (typeof hsts.include_subdomains !== "boolean") problems.push(`strict_transport_security.include_subdomains must be set (true or false)${hsts.includeSubdomains !== undefined ? "; includeSubdomains, camelCase, is ignored" : ""}`);
  else if (c.requireIncludeSubdomains && hsts.include_subdomains !== true) problems.push("strict_transport_security.include_subdomains must be true");
  return problems.length ? problems.join("; ") : undefined;
}

export const cloudflareZoneTls = stackRule<HstsConfig>({
  name: "cloudflare-zone-ssl-strict-tls12-hsts",
  description:
    "Every Cloudflare zone the stack configures sets SSL to strict (the origin's certificate is verified), the minimum TLS version to 1.2 or 1.3, and HSTS through the security_header setting in the API's snake_case keys (strict_transport_security.enabled, max_age of at least minMaxAgeSeconds, include_subdomains).",
  covers: ["Cloudflare zone: SSL strict, minimum TLS 1.2, HSTS"],
  enforcementLevel: "mandatory",
  configSchema: hstsSchema,
  check: (all, c) => {
    const problems: StackProblem[] = [];
    for (const [zone, resources] of cloudflareZones(all)) {
      const ssl = settingOf(resources, "ssl");
      const tls = settingOf(resources, "min_tls_version");
      const header = settingOf(resources, "security_header");
      const sslValue = ssl ? getOr(ssl.props, ["value"], undefined) : undefined;
      if (sslValue !== "strict") problems.push({ message: `zone ${zone}: the ssl setting must be "strict", got ${ssl ? JSON.stringify(sslValue) : "no ssl zone setting"}`, urn: ssl?.urn });
      const tlsValue = tls ? getOr(tls.props, ["value"], undefined) : undefined;
      if (!["1.2", "1.3"].includes(String(tlsValue))) problems.push({ message: `zone ${zone}: min_tls_version must be "1.2" or "1.3", got ${tls ? JSON.stringify(tlsValue) : "no min_tls_version zone setting"}`, urn: tls?.urn });
      const hsts = header ? cloudflareHstsProblem(getOr(header.props, ["value"], undefined), c) : "has no security_header zone setting (HSTS)";
      if (hsts) problems.push({ message: `zone ${zone}: ${hsts}`, urn: header?.urn });
    }
    return problems;
  },
});

export const cloudflareRateLimitsBlock = stackRule({
  name: "cloudflare-rate-limits-block",
  description:
    "Every Cloudflare zone the stack configures has a rate limiting ruleset (phase http_ratelimit) with at least one enabled rule, and every enabled rule blocks (action block) with a positive request count and period.",
  covers: ["Cloudflare zone: rate limits that block"],
  enforcementLevel: "mandatory",
  // https://developers.cloudflare.com/waf/rate-limiting-rules/parameters/
  check: (all) => {
    const problems: StackProblem[] = [];
    for (const [zone, resources] of cloudflareZones(all)) {
      const rulesets = resources.filter((r) => r.type === RULESET && getOr(r.props, ["phase"], "") === "http_ratelimit");
      const rules = rulesets.flatMap((r) => many<any>(plain(getOr(r.props, ["rules"], []))).map((rule) => ({ ruleset: r, rule })));
      const enabled = rules.filter(({ rule }) => rule?.enabled !== false);
      if (enabled.length === 0) {
        problems.push({ message: `zone ${zone}: has no enabled rate limiting rule (a cloudflare.Ruleset in phase http_ratelimit)`, urn: rulesets[0]?.urn });
        continue;
      }
      for (const { ruleset, rule } of enabled) {
        const at = `zone ${zone}: rate limit ${rule?.ref ?? rule?.description ?? "?"}`;
        if (rule?.action !== "block") problems.push({ message: `${at} must block, got action ${JSON.stringify(rule?.action)}`, urn: ruleset.urn });
        const rl = rule?.ratelimit ?? {};
        if (!(Number(rl.requestsPerPeriod) > 0) || !(Number(rl.period) > 0)) problems.push({ message: `${at} needs ratelimit.requestsPerPeriod and ratelimit.period above 0`, urn: ruleset.urn });
      }
    }
    return problems;
  },
});

export const edgePolicies: CredlinkPolicy[] = [wafManagedGroups, wafRateLimitCanFire, albHsts, cloudflareZoneTls, cloudflareRateLimitsBlock];
