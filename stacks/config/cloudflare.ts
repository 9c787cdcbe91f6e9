/** `credlink:cloudflare`: the Cloudflare zone and account, for the Cloudflare edge and the R2 copy. */
import { z } from "zod";
import { CLOUDFLARE_PLANS, R2_LOCATIONS, validateCloudflareEdgeArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, VERBATIM } from "./lib";

/** One rate limit at the Cloudflare edge (credlink:edge:Cloudflare); checked against the plan by the component. */
const cloudflareRateLimit = z.strictObject({
  /** The rule's name. */
  name: z.string(),
  /** The URI path prefix it counts. */
  pathPrefix: z.string(),
  /** Requests per client IP per period before it blocks. */
  requestsPerPeriod: z.int(),
  /** The counting period, seconds. */
  periodSeconds: z.int(),
  /** How long a client stays blocked, seconds. */
  mitigationTimeoutSeconds: z.int(),
});

/**
 * The Cloudflare zone and account, for `edge.provider: cloudflare` and `proofs.r2Copy` (see "The Cloudflare
 * option"; `examples/prod-cloudflare.yaml`). Required when `edge.provider` is cloudflare. The API token and the
 * account id are secrets of their own (CLOUDFLARE_API_TOKEN_KEY, CLOUDFLARE_ACCOUNT_ID_KEY), never in this map.
 */
export const cloudflare = z
  .strictObject({
    /**
     * The Cloudflare zone that holds domain.name (dashboard, the zone's Overview page).
     * @accepts 32 lowercase hex characters
     */
    zoneId: z.string().regex(/^[0-9a-f]{32}$/, { error: "must be a Cloudflare zone id: 32 lowercase hex characters" }),
    /**
     * The zone's plan: priced by the cost model (policy/cost/prices.ts), decides the managed WAF ruleset, the rate
     * limits allowed and the SLA.
     */
    plan: z.enum(CLOUDFLARE_PLANS).default("Free"),
    /**
     * Per-client-IP rate limits at the edge (blocking).
     * @accepts within the plan (RATE_LIMIT_PLAN_LIMITS): Free 1 rule, period 10 s, timeout 10 s; Pro 2 rules, periods
     * 10/60 s, timeouts 10/60/3600 s; Business 5 rules, periods 10/60/600 s, timeouts 10/60/600/3600/86400 s
     */
    rateLimits: z.array(cloudflareRateLimit).default([]),
    /** Where the R2 copy's bucket is created (a location hint). */
    r2Location: z.enum(R2_LOCATIONS).default("enam"),
  })
  .superRefine((c, ctx) => {
    // The component's own plan rules; its "rateLimits[1].periodSeconds ..." messages become that key's path.
    if (ctx.issues.some((issue) => issue.path && issue.path.length > 0)) return;
    try {
      validateCloudflareEdgeArgs({ zoneId: c.zoneId, plan: c.plan ?? "Free", rateLimits: c.rateLimits ?? [], hstsMaxAgeSeconds: 31536000 });
    } catch (e) {
      const message = (e as Error).message;
      const item = /^(\w+)\[(\d+)\]\.(\w+) (.*)$/s.exec(message);
      const plainKey = /^(\w+) (.*)$/s.exec(message);
      if (item) ctx.addIssue({ code: "custom", path: [item[1], Number(item[2]), item[3]], message: item[4], params: VERBATIM });
      else if (plainKey) ctx.addIssue({ code: "custom", path: [plainKey[1]], message: plainKey[2], params: VERBATIM });
    }
  }, ALSO_AFTER_TYPE_ERRORS)
  .optional();

/**
 * The token the Cloudflare provider deploys with: `pulumi config set --secret credlink:cloudflare.apiToken ...`;
 * its scopes are in "The Cloudflare option".
 * @accepts **secret** (plain text is refused), non-empty
 */
export const CLOUDFLARE_API_TOKEN_KEY = "cloudflare.apiToken";
/**
 * The account that owns the R2 bucket (and the R2 endpoint `https://<id>.r2.cloudflarestorage.com`):
 * `pulumi config set --secret credlink:cloudflare.accountId ...`.
 * @accepts **secret** (plain text is refused); 32 lowercase hex characters
 */
export const CLOUDFLARE_ACCOUNT_ID_KEY = "cloudflare.accountId";
