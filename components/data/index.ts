/** credlink:data:*: the stateful tier: the PostgreSQL database, the Valkey/Redis cache, the proof store and its R2 third copy. */
export * from "./database";
export * from "./cache";
export * from "./proof-store";
export * from "./r2-copy";
