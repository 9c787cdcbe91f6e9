/**
 * Stack-wide usage lines, for services whose cost is mostly usage: one line per service the stack has (NAT data
 * processing, CloudWatch Logs, S3, ECR, KMS, Secrets Manager, Route 53, GuardDuty, ElastiCache snapshots, X-Ray,
 * AWS Backup, interface endpoints), then data transfer. Each is priced from usage.yml, or listed as "depends on usage".
 */
import { getOr, tryGet } from "../../lib/rules";
import { T } from "../../lib/types";
import { Price, PRICES } from "../prices";
import { natGatewayCount } from "./network";
import type { PricerContext } from "./types";

/** Traces are recorded by whatever may call xray:PutTraceSegments (the service's tracing sidecar). */
const tracing = (ctx: PricerContext): boolean =>
  ctx.resources.some((r) => {
    if (r.type !== "aws:iam/rolePolicy:RolePolicy") return false;
    const policy = tryGet(r.props, "policy");
    return policy.known && typeof policy.value === "string" && policy.value.includes("xray:PutTraceSegments");
  });

/**
 * The share of requests the service's tracing samples: its app container's OTEL_TRACES_SAMPLER_ARG under the
 * `traceidratio` sampler, or 1 (the OpenTelemetry SDK's default samples every request). The smallest ratio of the
 * stack's task definitions.
 */
export function tracingSampleRatio(ctx: PricerContext): number {
  const ratios = ctx.resources
    .filter((r) => r.type === T.ecsTaskDefinition)
    .flatMap((r) => {
      const defs = tryGet(r.props, "containerDefinitions");
      if (!defs.known || typeof defs.value !== "string") return [];
      try {
        return (JSON.parse(defs.value) as any[]).map((c) => {
          const env = new Map<string, string>((c?.environment ?? []).map((e: any) => [String(e?.name), String(e?.value)]));
          const ratio = Number(env.get("OTEL_TRACES_SAMPLER_ARG"));
          return env.get("OTEL_TRACES_SAMPLER") === "traceidratio" && ratio > 0 && ratio <= 1 ? ratio : 1;
        });
      } catch {
        return [];
      }
    });
  return ratios.length === 0 ? 1 : Math.min(...ratios);
}

/** Adds the stack-wide usage lines of the services the stack has, after every resource's own lines. */
export function priceStackUsage(ctx: PricerContext): void {
  const u = ctx.usage;
  const has = (...types: string[]) => ctx.resources.some((r) => types.includes(r.type));
  const line = (item: string, quantity: number | undefined, unit: string, price: Price, type: string) => ctx.usageLine(undefined, item, quantity, unit, price, type);
  const nat = natGatewayCount(ctx);
  if (nat > 0) line(`NAT data processing (${nat} gateway${nat === 1 ? "" : "s"})`, u?.natGateway?.gbProcessed, "GB", PRICES.natGatewayGb, T.natGateway);
  if (has(T.logGroup)) {
    line("CloudWatch Logs ingestion (all log groups)", u?.cloudwatchLogs?.ingestedGb, "GB", PRICES.cloudwatchLogsIngestedGb, T.logGroup);
    line("CloudWatch Logs storage (all log groups)", u?.cloudwatchLogs?.storedGb, "GB-month", PRICES.cloudwatchLogsStoredGbMonth, T.logGroup);
  }
  if (has(T.bucket, T.bucketV2)) {
    line("S3 Standard storage (all buckets)", u?.s3?.storageGb, "GB-month", PRICES.s3StandardGbMonth, T.bucket);
    line("S3 PUT/COPY/POST/LIST requests", u?.s3?.writeRequestsThousands, "k requests", PRICES.s3WritePer1k, T.bucket);
    line("S3 GET requests", u?.s3?.readRequestsThousands, "k requests", PRICES.s3ReadPer1k, T.bucket);
  }
  if (has(T.ecrRepository)) line("ECR storage", u?.ecr?.storageGb, "GB-month", PRICES.ecrGbMonth, T.ecrRepository);
  if (has(T.kmsKey)) line("KMS requests", u?.kms?.requestsTenThousands, "x 10k requests", PRICES.kmsPer10kRequests, T.kmsKey);
  if (has(T.secret)) line("Secrets Manager API calls", u?.secretsManager?.apiCallsTenThousands, "x 10k calls", PRICES.secretPer10kCalls, T.secret);
  if (has(T.route53Zone, "aws:route53/record:Record")) line("Route 53 queries", u?.route53?.queriesMillions, "M queries", PRICES.route53Per1mQueries, T.route53Zone);
  if (has(T.guardDuty)) {
    line("GuardDuty CloudTrail management events", u?.guardDuty?.cloudTrailEventsMillions, "M events", PRICES.guardDutyPer1mEvents, T.guardDuty);
    line("GuardDuty VPC flow + DNS log analysis", u?.guardDuty?.logGb, "GB", PRICES.guardDutyLogGb, T.guardDuty);
  }
  if (has(T.cacheReplicationGroup, T.cacheCluster)) line("ElastiCache snapshot storage", u?.elasticache?.snapshotGb, "GB-month", PRICES.cacheBackupGbMonth, T.cacheReplicationGroup);
  if (tracing(ctx)) {
    // usage.yml counts the requests that would be traced at a ratio of 1; the service samples a share of them.
    const ratio = tracingSampleRatio(ctx);
    // Rounded to whole traces (a million-trace figure times a ratio carries float noise).
    const traces = u?.xray?.tracesMillions === undefined ? undefined : Math.round(u.xray.tracesMillions * ratio * 1e6) / 1e6;
    line(ratio === 1 ? "X-Ray traces recorded" : `X-Ray traces recorded (${+(ratio * 100).toFixed(2)}% of requests sampled)`, traces, "M traces", PRICES.xrayPer1mTraces, "(X-Ray)");
  }
  if (has(T.backupVault)) line("AWS Backup warm storage", u?.backup?.warmStorageGb, "GB-month", PRICES.backupWarmGbMonth, T.backupVault);
  if (ctx.resources.some((r) => r.type === T.vpcEndpoint && getOr(r.props, ["vpcEndpointType"], "Gateway") === "Interface")) {
    line("Interface endpoint data processing", u?.vpcEndpoints?.interfaceGbProcessed, "GB", PRICES.vpcInterfaceEndpointGb, T.vpcEndpoint);
  }
  if (ctx.resources.length > 0) {
    line("Internet egress", u?.dataTransfer?.internetEgressGb, "GB", PRICES.internetEgressGb, "(data transfer)");
    const crossAz = u?.dataTransfer?.crossAzGb;
    line("Cross-AZ transfer (charged each way)", crossAz === undefined ? undefined : crossAz * 2, "GB (both directions)", PRICES.crossAzGb, "(data transfer)");
  }
}
