/** Pricers: S3 buckets (storage and requests are stack usage), replication metrics, and ECR repositories. */
import { expect } from "chai";
import { T } from "../../policy/lib/types";
import { baseline, freeLine, price, res, unknownUsage, usageOf } from "../helpers/pricing";

const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
/** Cross-region replication's transfer, without its figure. */
const NO_TRANSFER = unknownUsage("S3 replication transfer to the DR region", "depends on usage: $0.02/GB transferred to another AWS region (us-east-1 to us-west-2) (no GB in usage.yml)");
const rule = (metrics: string) => ({ id: "dr", status: "Enabled", destination: { bucket: "arn:aws:s3:::b", metrics: { status: metrics } } });

describe("pricer: S3 and ECR", () => {
  it("GIVEN a bucket (v1 or v2) THEN free here: the stack's S3 usage lines carry its cost", () => {
    const line = freeLine("S3 bucket", "charged by storage and requests: see the stack's S3 usage line");
    expect([price(res(T.bucket, "b")).lines, price(res(T.bucketV2, "b")).lines]).to.deep.equal([[line], [line]]);
  });

  it("GIVEN replication with metrics on 2 rules of 3 THEN 8 CloudWatch metrics: 8 x $0.30 = $2.40", () => {
    expect(price(res(REPLICATION, "r", { rules: [rule("Enabled"), rule("Enabled"), rule("Disabled")] })).lines).to.deep.equal([
      baseline(
        "S3 replication metrics (2 rules, 8 metrics)",
        240,
        "8 x $0.3/custom metric-month (first 10,000 metrics); S3 replication metrics are billed at this rate; replicated data is storage + transfer usage",
      ),
      NO_TRANSFER,
    ]);
  });

  it("GIVEN replication without metrics THEN the configuration is free and only the transfer is usage", () => {
    expect(price(res(REPLICATION, "r", { rules: [rule("Disabled")] })).lines).to.deep.equal([freeLine("BucketReplicationConfig", "free: configuration (replicated data is storage + transfer usage)"), NO_TRANSFER]);
  });

  it("GIVEN 5.33 GB of new proofs replicated a month in usage.yml THEN 5.33 x $0.02 = $0.11 of inter-region transfer", () => {
    expect(price(res(REPLICATION, "r", { rules: [rule("Disabled")] }), { usage: { s3: { replicatedTransferGb: 5.33 } } }).lines[1]).to.deep.equal(
      usageOf("S3 replication transfer to the DR region", 11, "5.33 GB x $0.02/GB transferred to another AWS region (us-east-1 to us-west-2)"),
    );
  });

  it("GIVEN an ECR repository and its lifecycle policy THEN both free: storage is the stack's ECR usage line", () => {
    expect(price(res(T.ecrRepository, "app")).lines).to.deep.equal([freeLine("ECR repository", "charged by storage: see the stack's ECR usage line")]);
    expect(price(res("aws:ecr/lifecyclePolicy:LifecyclePolicy", "app")).lines).to.deep.equal([freeLine("LifecyclePolicy", "free: free")]);
  });
});
