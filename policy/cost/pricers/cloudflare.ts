/**
 * The Cloudflare option: the Cloudflare plan (from credlink:edge:Cloudflare's `plan` input), R2 storage and
 * operations (usage), the copy function and its queue (usage), and the configuration types that cost nothing.
 * Workers: none are deployed, so nothing to price.
 */
import { getOr } from "../../lib/rules";
import { PRICES } from "../prices";
import { free } from "./free";
import { scheduledFunction, scheduledRunsPerMonth } from "./scheduled-function";
import type { Pricer } from "./types";

const PLAN_PRICES = { Free: PRICES.cloudflareFreeMonth, Pro: PRICES.cloudflareProMonth, Business: PRICES.cloudflareBusinessMonth } as const;

export const cloudflarePricers: Readonly<Record<string, Pricer>> = {
  "credlink:edge:Cloudflare": (r, ctx) => {
    const plan = String(getOr(r.props, ["plan"], "Pro")) as keyof typeof PLAN_PRICES;
    const price = PLAN_PRICES[plan];
    if (!price) {
      ctx.unpriced(r, `no list price for the Cloudflare ${plan} plan`);
      return;
    }
    ctx.push(r, `Cloudflare ${plan} plan (the zone)`, price.usd, 0, `1 zone x ${ctx.rate(price)}`, "priced", undefined, [ctx.term(1, price)]);
  },
  "cloudflare:index/r2Bucket:R2Bucket": (r, ctx) => {
    ctx.usageLine(r, "R2 storage", ctx.usage?.r2?.storageGb, "GB-month", PRICES.r2StorageGbMonth);
    ctx.usageLine(r, "R2 Class A operations (copies)", ctx.usage?.r2?.classAMillions, "M operations", PRICES.r2ClassAPerMillion);
    ctx.usageLine(r, "R2 Class B operations (reads)", ctx.usage?.r2?.classBMillions, "M operations", PRICES.r2ClassBPerMillion);
  },
  "aws:lambda/function:Function": (r, ctx) => {
    // A scheduled check runs on its own schedule, whatever the traffic: priced from it (scheduledFunction.ts).
    if (scheduledRunsPerMonth(r, ctx) !== undefined) return scheduledFunction(r, ctx);
    ctx.usageLine(r, "Lambda requests", ctx.usage?.lambda?.requestsMillions, "M requests", PRICES.lambdaPerMillionRequests);
    ctx.usageLine(r, "Lambda compute (Arm)", ctx.usage?.lambda?.gbSeconds, "GB-seconds", PRICES.lambdaArmGbSecond);
  },
  "aws:lambda/permission:Permission": free("a function's resource-based policy"),
  "aws:sqs/queue:Queue": (r, ctx) => {
    // One usage line for the stack's queues, on the first queue that has a redrive policy (the dead-letter queue costs only its own few requests).
    if (getOr(r.props, ["redrivePolicy"], undefined) === undefined) {
      ctx.push(r, "SQS queue", 0, 0, "free: a queue costs its requests; counted on the main queue's usage line", "free");
      return;
    }
    ctx.usageLine(r, "SQS requests", ctx.usage?.sqs?.requestsMillions, "M requests", PRICES.sqsPerMillionRequests);
  },
  "cloudflare:index/dnsRecord:DnsRecord": free("DNS records are part of the zone's plan"),
  "cloudflare:index/zoneSetting:ZoneSetting": free("zone settings are part of the plan"),
  "cloudflare:index/ruleset:Ruleset": free("the managed ruleset and rate limiting rules within the plan's allowance are part of the plan"),
  "cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate": free("Authenticated Origin Pulls is on every plan"),
  "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings": free("Authenticated Origin Pulls is on every plan"),
  "cloudflare:index/r2BucketLock:R2BucketLock": free("bucket locks are configuration"),
  "cloudflare:index/apiToken:ApiToken": free("API tokens are free"),
  "tls:index/privateKey:PrivateKey": free("made locally by the tls provider"),
  "tls:index/selfSignedCert:SelfSignedCert": free("made locally by the tls provider"),
  "tls:index/certRequest:CertRequest": free("made locally by the tls provider"),
  "tls:index/locallySignedCert:LocallySignedCert": free("made locally by the tls provider"),
  "aws:ec2/managedPrefixList:ManagedPrefixList": free("customer managed prefix lists are free"),
  "aws:lb/trustStore:TrustStore": free("ALB trust stores cost nothing themselves (mTLS traffic is in the LCUs)"),
  "aws:s3/bucketObjectv2:BucketObjectv2": free("one small object: S3 storage and requests are usage"),
  "aws:sqs/queuePolicy:QueuePolicy": free("configuration"),
  "aws:s3/bucketNotification:BucketNotification": free("S3 event notifications are free (the queue's requests are usage)"),
  "aws:lambda/eventSourceMapping:EventSourceMapping": free("the SQS event source's polling is billed as SQS requests"),
};
