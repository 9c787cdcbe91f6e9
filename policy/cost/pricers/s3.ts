/** S3 buckets (their storage and requests are the stack-wide usage lines) and replication's CloudWatch metrics. */
import { getOr } from "../../lib/rules";
import { T } from "../../lib/types";
import { PRICES } from "../prices";
import type { Pricer } from "./types";

/**
 * Replicated data is storage + transfer usage. Replication metrics are four CloudWatch metrics per rule
 * (BytesPendingReplication, OperationsPendingReplication, ReplicationLatency, OperationsFailedReplication).
 */
const replicationConfig: Pricer = (r, ctx) => {
  const rules = getOr<any[]>(r.props, ["rules"], []);
  const withMetrics = rules.filter((rule) => getOr(rule, ["destination", "metrics", "status"], "Disabled") === "Enabled").length;
  if (withMetrics === 0) ctx.push(r, "BucketReplicationConfig", 0, 0, "free: configuration (replicated data is storage + transfer usage)", "free");
  else {
    const metrics = 4 * withMetrics;
    const price = PRICES.cloudwatchCustomMetricMonth;
    ctx.push(r, `S3 replication metrics (${withMetrics} rule${withMetrics === 1 ? "" : "s"}, ${metrics} metrics)`, metrics * price.usd, 0, `${metrics} x ${ctx.rate(price)}; replicated data is storage + transfer usage`, "priced", undefined, [ctx.term(metrics, price)]);
  }
  // Cross-region replication pays inter-region transfer for the bytes it moves (S3 pricing page, Replication); the
  // replicas' storage and their PUTs are in the stack-wide S3 lines.
  ctx.usageLine(r, "S3 replication transfer to the DR region", ctx.usage?.s3?.replicatedTransferGb, "GB", PRICES.interRegionTransferGb);
};

const bucket: Pricer = (r, ctx) => ctx.push(r, "S3 bucket", 0, 0, "charged by storage and requests: see the stack's S3 usage line", "free");

export const s3Pricers: Readonly<Record<string, Pricer>> = {
  [T.bucket]: bucket,
  [T.bucketV2]: bucket,
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": replicationConfig,
};
