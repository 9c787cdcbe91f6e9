/**
 * The engine versions the data stores may run: only versions the AWS service offers today, so a typo or a retired
 * version fails at plan time instead of at `CreateDBInstance` / `CreateReplicationGroup`.
 *
 * Update these tables when AWS adds or retires a version (and say so in the commit), citing the page that changed.
 */

/**
 * RDS for PostgreSQL major versions in RDS's standard or extended support. The component passes the major only;
 * RDS picks the newest minor and `autoMinorVersionUpgrade` keeps it current, and the parameter group family is
 * `postgres<major>`.
 *
 * Source: Amazon RDS User Guide, "Supported PostgreSQL major versions on Amazon RDS" (the release calendar) and
 * `aws rds describe-db-engine-versions --engine postgres --query "DBEngineVersions[].DBParameterGroupFamily"`.
 * 12 and older are out of standard support (extended support is billed per vCPU-hour); 13 is in extended support
 * from 2026-03-01. 18 is left out until it is generally available in RDS (it was in the Database Preview Environment).
 */
export const POSTGRES_MAJOR_VERSIONS = ["13", "14", "15", "16", "17"] as const;

/**
 * ElastiCache engine versions per engine, as `major.minor` (the form the CreateReplicationGroup `EngineVersion`
 * parameter takes for Valkey and for Redis OSS 6 and later; ElastiCache then applies the newest patch).
 *
 * Source: Amazon ElastiCache User Guide, "Supported engines and versions" (Valkey 7.2, 8.0, 8.1; Redis OSS 6.0, 6.2,
 * 7.0, 7.1) and `aws elasticache describe-cache-engine-versions --engine valkey|redis`. Redis OSS 4.0 and 5.0 are
 * left out: their standard support ended on 2026-01-31 (extended support is billed extra).
 */
export const CACHE_ENGINE_VERSIONS = {
  valkey: ["7.2", "8.0", "8.1"],
  redis: ["6.0", "6.2", "7.0", "7.1"],
} as const satisfies Record<string, readonly string[]>;
