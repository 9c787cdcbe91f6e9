/**
 * Who writes Application Load Balancer access logs into the bucket, per region.
 *
 * Source: Elastic Load Balancing, User Guide for Application Load Balancers, "Enable access logs for your Application
 * Load Balancer", step "Attach a policy to your S3 bucket":
 * - regions available before August 2022 grant the region's Elastic Load Balancing account (`aws.elb.getServiceAccount`
 *   returns it; the provider fails for any other region);
 * - regions available as of August 2022 or later (Hyderabad, Melbourne, Zurich, Spain, UAE, Tel Aviv, Calgary,
 *   Malaysia, Thailand, Mexico, Taipei, ... and every region after them) have no such account and grant the log
 *   delivery service principal instead.
 * A new region therefore needs no entry here: it is not in the list, so it gets the service principal.
 */

/** The regions with a regional Elastic Load Balancing log-delivery account (the docs' "before August 2022" table). */
export const ELB_ACCOUNT_REGIONS: readonly string[] = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "af-south-1",
  "ap-east-1",
  "ap-southeast-3",
  "ap-south-1",
  "ap-northeast-3",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-south-1",
  "eu-west-3",
  "eu-north-1",
  "me-south-1",
  "sa-east-1",
  // AWS GovCloud (US) and China: the same docs table; the partitions' own accounts.
  "us-gov-west-1",
  "us-gov-east-1",
  "cn-north-1",
  "cn-northwest-1",
];

/** The service principal that delivers access logs in regions without an ELB account. */
export const ELB_LOG_DELIVERY_SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com";

/** True when `region` delivers access logs as its regional ELB account; false when it uses ELB_LOG_DELIVERY_SERVICE. */
export function deliversAsElbAccount(region: string): boolean {
  return ELB_ACCOUNT_REGIONS.includes(region);
}
