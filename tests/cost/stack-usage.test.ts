/** The stack-wide usage lines: one per service the stack has, priced from usage.yml or "depends on usage". */
import { expect } from "chai";
import { startPricing } from "../../policy/cost/pricers/context";
import { priceStackUsage } from "../../policy/cost/pricers/stack-usage";
import { T } from "../../policy/lib/types";
import type { Usage } from "../../policy/cost/usage";
import { res } from "../helpers/pricing";

const stackLines = (resources: Parameters<typeof startPricing>[0], usage?: Usage) => {
  const { ctx, items } = startPricing(resources, usage);
  priceStackUsage(ctx);
  return items.map((i) => ({ item: i.item, type: i.type, kind: i.kind, usageCents: i.usageCents, how: i.how }));
};

describe("stack-wide usage lines", () => {
  it("GIVEN an empty stack THEN no line at all", () => {
    expect(stackLines([])).to.deep.equal([]);
  });

  it("GIVEN only a KMS key and no usage.yml THEN its requests and the data transfer depend on usage", () => {
    expect(stackLines([res(T.kmsKey, "k")]).map((l) => [l.item, l.kind, l.how])).to.deep.equal([
      ["KMS requests", "usage-unknown", "depends on usage: $0.03/10k requests (no x 10k requests in usage.yml)"],
      ["Internet egress", "usage-unknown", "depends on usage: $0.09/GB out to the internet (first 10 TB) (no GB in usage.yml)"],
      ["Cross-AZ transfer (charged each way)", "usage-unknown", "depends on usage: $0.01/GB each way between AZs (no GB (both directions) in usage.yml)"],
    ]);
  });

  it("GIVEN a NAT gateway, a log group and a bucket with usage THEN 100 GB x $0.045, logs, S3, egress, and cross-AZ counted both ways", () => {
    const usage: Usage = {
      natGateway: { gbProcessed: 100 },
      cloudwatchLogs: { ingestedGb: 10, storedGb: 30 },
      s3: { storageGb: 50, writeRequestsThousands: 20, readRequestsThousands: 100 },
      dataTransfer: { internetEgressGb: 10, crossAzGb: 25 },
    };
    expect(stackLines([res(T.natGateway, "nat"), res(T.logGroup, "logs"), res(T.bucket, "b")], usage)).to.deep.equal([
      { item: "NAT data processing (1 gateway)", type: T.natGateway, kind: "priced", usageCents: 450, how: "100 GB x $0.045/GB processed" },
      { item: "CloudWatch Logs ingestion (all log groups)", type: T.logGroup, kind: "priced", usageCents: 500, how: "10 GB x $0.5/GB ingested (first 5 GB/month per account free)" },
      { item: "CloudWatch Logs storage (all log groups)", type: T.logGroup, kind: "priced", usageCents: 90, how: "30 GB-month x $0.03/GB-month archived" },
      { item: "S3 Standard storage (all buckets)", type: T.bucket, kind: "priced", usageCents: 115, how: "50 GB-month x $0.023/GB-month (S3 Standard)" },
      { item: "S3 PUT/COPY/POST/LIST requests", type: T.bucket, kind: "priced", usageCents: 10, how: "20 k requests x $0.005/1k PUT/COPY/POST/LIST requests" },
      { item: "S3 GET requests", type: T.bucket, kind: "priced", usageCents: 4, how: "100 k requests x $0.0004/1k GET requests" },
      { item: "Internet egress", type: "(data transfer)", kind: "priced", usageCents: 90, how: "10 GB x $0.09/GB out to the internet (first 10 TB)" },
      { item: "Cross-AZ transfer (charged each way)", type: "(data transfer)", kind: "priced", usageCents: 50, how: "50 GB (both directions) x $0.01/GB each way between AZs" },
    ]);
  });

  it("GIVEN a role that may write X-Ray segments and an interface endpoint THEN the X-Ray and endpoint processing lines appear", () => {
    const role = res("aws:iam/rolePolicy:RolePolicy", "task", { policy: JSON.stringify({ Statement: [{ Action: ["xray:PutTraceSegments"] }] }) });
    const endpoint = res(T.vpcEndpoint, "ecr", { vpcEndpointType: "Interface" });
    const usage: Usage = { xray: { tracesMillions: 2 }, vpcEndpoints: { interfaceGbProcessed: 30 } };
    expect(stackLines([role, endpoint], usage).slice(0, 2).map((l) => [l.item, l.usageCents])).to.deep.equal([
      ["X-Ray traces recorded", 1000],
      ["Interface endpoint data processing", 30],
    ]);
  });
});
