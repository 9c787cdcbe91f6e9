/** `credlink:domain`: the public DNS name. */
import { z } from "zod";
import { DOMAIN_NAME_PATTERN, HOSTED_ZONE_ID_PATTERN } from "@credlink/components";

/**
 * The public DNS name and its Route 53 zone: an ACM certificate (DNS-validated) and an alias record to the load
 * balancer. Without it the load balancer serves plain HTTP (dev only: prod must set it, since prod serves HTTPS only).
 * With the Cloudflare edge the name lives in the Cloudflare zone instead, and hostedZoneId is left out.
 *
 * Prod commits documentation placeholders (`.example`, an all-zero zone id) so the offline plan runs; the config warns
 * about them: set the real values before `pulumi up`.
 */
export const domain = z
  .strictObject({
    /**
     * The public name: the ACM certificate's and the alias record's.
     * @accepts a lowercase DNS name
     */
    name: z.string().regex(DOMAIN_NAME_PATTERN, { error: 'must be a lowercase DNS name like "api.credlink.example"' }),
    /**
     * The public Route 53 zone holding `domain.name`.
     * @accepts `Z...`; required with `domain.name` when `edge.provider` is aws, left out when cloudflare
     */
    hostedZoneId: z.string().regex(HOSTED_ZONE_ID_PATTERN, { error: 'must be a Route 53 hosted zone id like "Z0123456789ABCDEFGHIJ"' }).optional(),
  })
  .optional();
