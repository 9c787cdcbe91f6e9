/** `credlink:cache`: Valkey or Redis OSS on ElastiCache (`credlink:data:Cache`). */
import { z } from "zod";
import { CACHE_ENGINES, resolveCacheArgs, validateCacheArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, ComponentDefaults, DependsOn, validatedBy, WIRED_LATER } from "./lib";

/**
 * Valkey or Redis OSS on ElastiCache (`credlink:data:Cache`). Node types, engine versions
 * (components/lib/engine-versions.ts), counts and windows are checked by the component's own validator.
 *
 * Data tier sizes: two cache.t4g.micro Valkey nodes in prod are the smallest that keep the tier multi-AZ within prod's
 * cost ceiling; dev runs a single node (docs/COST.md prices both).
 */
export const cache = z
  .strictObject({
    /** Cache engine (Valkey costs less per node-hour than Redis OSS: policy/cost/prices.ts). */
    engine: z.enum(CACHE_ENGINES).optional(),
    /**
     * Engine version, `major.minor`, quoted: "8.0".
     * @accepts valkey `"7.2"`, `"8.0"`, `"8.1"`; redis `"6.0"`, `"6.2"`, `"7.0"`, `"7.1"` (quote it)
     */
    engineVersion: z.string().optional(),
    /**
     * Node type.
     * @accepts `cache.<t4g|t3|m7g|m6g|r7g|r6g>.<size>`
     */
    nodeType: z.string(),
    /**
     * Replicas besides the primary; at least 1 turns on automatic failover and Multi-AZ.
     * @accepts 0-5; prod: at least 1 (automatic failover and Multi-AZ need a replica to promote)
     */
    replicas: z.int(),
    /**
     * Daily snapshots kept.
     * @accepts 0-35; prod: at least 7 (a week of daily snapshots)
     */
    snapshotRetentionDays: z.int(),
    /**
     * The daily snapshot window.
     * @accepts `"hh:mm-hh:mm"`, UTC
     */
    snapshotWindow: z.string().optional(),
  })
  .superRefine(validatedBy((c) => validateCacheArgs(resolveCacheArgs({ ...WIRED_LATER, ...c }))), ALSO_AFTER_TYPE_ERRORS);

/** The Cache component's defaults for the keys left out; the engine version's depends on the engine. */
export const cacheDefaults: ComponentDefaults = () => {
  const { engine, snapshotWindow } = resolveCacheArgs({ ...WIRED_LATER });
  const versions = Object.fromEntries(CACHE_ENGINES.map((e) => [e, resolveCacheArgs({ ...WIRED_LATER, engine: e }).engineVersion]));
  return { engine, engineVersion: new DependsOn("engine", versions), snapshotWindow };
};
