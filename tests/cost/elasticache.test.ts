/** Pricer: ElastiCache replication groups and clusters (node-hours by engine and node type). */
import { expect } from "chai";
import { T } from "../../policy/lib/types";
import { baseline, freeLine, price, res, unpricedLine } from "../helpers/pricing";

describe("pricer: ElastiCache", () => {
  it("GIVEN a Valkey cache.t4g.micro group of 2 nodes THEN 2 x 730 x $0.0128 = $18.688 -> $18.69", () => {
    expect(price(res(T.cacheReplicationGroup, "cache", { engine: "valkey", nodeType: "cache.t4g.micro", numCacheClusters: 2 })).lines).to.deep.equal([
      baseline("ElastiCache valkey cache.t4g.micro x 2 nodes", 1869, "2 x 730 h x $0.0128/node-hour"),
    ]);
  });

  it("GIVEN a Redis OSS group of 2 shards with 1 replica each THEN 4 nodes: 4 x 730 x $0.032 = $93.44", () => {
    expect(price(res(T.cacheReplicationGroup, "cache", { engine: "redis", nodeType: "cache.t4g.small", numNodeGroups: 2, replicasPerNodeGroup: 1 })).lines).to.deep.equal([
      baseline("ElastiCache redis cache.t4g.small x 4 nodes", 9344, "4 x 730 h x $0.032/node-hour"),
    ]);
  });

  it("GIVEN no node count at all THEN 1 node is assumed and said: 730 x $0.016 = $11.68", () => {
    const { lines, assumptions } = price(res(T.cacheReplicationGroup, "cache", { nodeType: "cache.t4g.micro" }));
    expect([lines, assumptions]).to.deep.equal([[baseline("ElastiCache redis cache.t4g.micro x 1 node", 1168, "730 h x $0.016/node-hour")], ["cache: numCacheClusters not set, assumed 1 node"]]);
  });

  it("GIVEN a node type the table lacks THEN unpriced, naming engine and type", () => {
    expect(price(res(T.cacheReplicationGroup, "cache", { engine: "valkey", nodeType: "cache.r7g.large" })).lines).to.deep.equal([unpricedLine("no price for valkey cache.r7g.large")]);
  });

  it("GIVEN a cluster in a replication group THEN free (priced with its group); a standalone one of 2 Valkey small nodes THEN 2 x 730 x $0.0256", () => {
    expect(price(res(T.cacheCluster, "member", { replicationGroupId: "cache" })).lines).to.deep.equal([freeLine("member of a replication group", "priced with its replication group")]);
    expect(price(res(T.cacheCluster, "solo", { engine: "valkey", nodeType: "cache.t4g.small", numCacheNodes: 2 })).lines).to.deep.equal([
      baseline("ElastiCache valkey cache.t4g.small", 3738, "2 x 730 h x $0.0256/node-hour"),
    ]);
  });
});
