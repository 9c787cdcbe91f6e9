/** credlink:edge:*: what stands in front of the load balancer: the AWS WAF, or Cloudflare (the origin side and the zone side). */
export * from "./firewall";
export * from "./cloudflare-origin";
export * from "./cloudflare";
