/** ElastiCache: node-hours by engine (Redis OSS, Valkey) and node type, for a replication group or a standalone cluster. */
import { getOr } from "../../lib/rules";
import { T } from "../../lib/types";
import { ELASTICACHE_HOURLY, Price } from "../prices";
import type { Pricer } from "./types";

/** Nodes in a replication group: numCacheClusters, or shards x (1 + replicas). */
export function cacheNodes(props: Record<string, any>, name = "cache", assume: (text: string) => void = () => undefined): number {
  const clusters = getOr<number | undefined>(props, ["numCacheClusters"], undefined);
  if (typeof clusters === "number") return clusters;
  const shards = getOr<number | undefined>(props, ["numNodeGroups"], undefined);
  const replicas = getOr<number | undefined>(props, ["replicasPerNodeGroup"], undefined);
  if (shards === undefined && replicas === undefined) {
    assume(`${name}: numCacheClusters not set, assumed 1 node`);
    return 1;
  }
  return (shards ?? 1) * (1 + (replicas ?? 0));
}

/** The node-hour price of the resource's engine and node type, with both named for the line. */
function nodePrice(props: Record<string, any>): { engine: string; nodeType: string; price: Price | undefined } {
  const engine = String(getOr(props, ["engine"], "redis"));
  const nodeType = String(getOr(props, ["nodeType"], ""));
  return { engine, nodeType, price: ELASTICACHE_HOURLY[engine as "redis" | "valkey"]?.[nodeType] };
}

const replicationGroup: Pricer = (r, ctx) => {
  const { engine, nodeType, price } = nodePrice(r.props);
  if (!price) return ctx.unpriced(r, `no price for ${engine} ${nodeType || "(unknown node type)"}`);
  const nodes = cacheNodes(r.props, r.name, (a) => ctx.assume(a));
  ctx.hourly(r, `ElastiCache ${engine} ${nodeType} x ${nodes} node${nodes === 1 ? "" : "s"}`, nodes, price);
};

const cluster: Pricer = (r, ctx) => {
  if (getOr<string | undefined>(r.props, ["replicationGroupId"], undefined)) return ctx.push(r, "member of a replication group", 0, 0, "priced with its replication group", "free");
  const { engine, nodeType, price } = nodePrice(r.props);
  if (!price) ctx.unpriced(r, `no price for ${engine} ${nodeType || "(unknown node type)"}`);
  else ctx.hourly(r, `ElastiCache ${engine} ${nodeType}`, getOr(r.props, ["numCacheNodes"], 1), price);
};

export const elasticachePricers: Readonly<Record<string, Pricer>> = {
  [T.cacheReplicationGroup]: replicationGroup,
  [T.cacheCluster]: cluster,
};
