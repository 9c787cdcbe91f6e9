import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createDataSecurityGroup } from "../lib/security-group";
import * as random from "@pulumi/random";
import { awsContext } from "../lib/aws-context";
import { finalSnapshotSuffix } from "../lib/final-snapshot";
import { createKmsKey, KeyAdministrators, viaServiceStatement } from "../lib/kms";
import { CACHE_ENGINE_VERSIONS } from "../lib/engine-versions";
import { CACHE_NODE_SIZES, sizeProblem } from "../lib/instance-sizes";

/** The Redis/Valkey port; the security group admits only this. */
export const CACHE_PORT = 6379;

export const CACHE_ENGINES = ["valkey", "redis"] as const;
export type CacheEngine = (typeof CACHE_ENGINES)[number];

/** Node families ElastiCache offers that this package allows (Graviton first). */
export const CACHE_NODE_FAMILIES = ["t4g", "t3", "m7g", "m6g", "r7g", "r6g"] as const;

/** The engine version used when none is given, per engine. */
export const DEFAULT_CACHE_ENGINE_VERSION: Record<CacheEngine, string> = { valkey: "8.0", redis: "7.1" };

export interface CacheArgs {
  /** The VPC the security group belongs to. */
  readonly vpcId: pulumi.Input<string>;
  /** The ElastiCache subnet group on the isolated (data) subnets, e.g. `Network.cacheSubnetGroupName`. */
  readonly cacheSubnetGroupName: pulumi.Input<string>;
  /**
   * Security groups whose members may connect on 6379, one ingress rule each. Nothing else is admitted; an empty
   * list admits nobody. Rules are named by position, so append new groups at the end. @default []
   */
  readonly allowedSecurityGroupIds?: readonly pulumi.Input<string>[];
  /** `valkey` (about 20% cheaper per node-hour) or `redis`. @default "valkey" */
  readonly engine?: CacheEngine;
  /** Engine version, `major.minor`. @default "8.0" for valkey, "7.1" for redis */
  readonly engineVersion?: string;
  /** Node type, `cache.<family>.<size>`. @default "cache.t4g.micro" */
  readonly nodeType?: string;
  /**
   * Read replicas beside the primary, 0–5. With at least one, automatic failover and Multi-AZ are on (a replica is
   * what a failover promotes); with none, the cache is a single node. @default 1
   */
  readonly replicas?: number;
  /** Days of daily snapshots kept, 0–35 (0 turns snapshots off). @default 7 */
  readonly snapshotRetentionDays?: number;
  /** Daily snapshot window, UTC `hh:mm-hh:mm`, at least 60 minutes, not overlapping the maintenance window. @default "03:00-04:00" */
  readonly snapshotWindow?: string;
  /** Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`. @default "sun:05:00-sun:06:00" */
  readonly maintenanceWindow?: string;
  /**
   * Protects the data: a named final snapshot, and `protect` + `retainOnDelete` on the replication group and its key.
   * Set false only for throwaway environments. @default true
   */
  readonly protectData?: boolean;
  /** Deletion window of the KMS key, 7–30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /**
   * An existing customer managed key to use instead of creating one (the stack's shared key, `credlink:kms.keyPerStore:
   * false`): its policy must let ElastiCache and Secrets Manager (kms:ViaService) use it. @default undefined (the component creates its own key)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
}

/** CacheArgs with every default applied. */
export type ResolvedCacheArgs = Required<Omit<CacheArgs, "kmsKeyArn" | "keyAdministrators">>;

/** Applies the documented defaults. The single place they live. */
export function resolveCacheArgs(args: CacheArgs): ResolvedCacheArgs {
  const engine = args.engine ?? "valkey";
  return {
    vpcId: args.vpcId,
    cacheSubnetGroupName: args.cacheSubnetGroupName,
    allowedSecurityGroupIds: args.allowedSecurityGroupIds ?? [],
    engine,
    engineVersion: args.engineVersion ?? DEFAULT_CACHE_ENGINE_VERSION[engine] ?? "",
    nodeType: args.nodeType ?? "cache.t4g.micro",
    replicas: args.replicas ?? 1,
    snapshotRetentionDays: args.snapshotRetentionDays ?? 7,
    snapshotWindow: args.snapshotWindow ?? "03:00-04:00",
    maintenanceWindow: args.maintenanceWindow ?? "sun:05:00-sun:06:00",
    protectData: args.protectData ?? true,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
  };
}

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;
const TIME = "([01]\\d|2[0-3]):[0-5]\\d";
const DAY = "(mon|tue|wed|thu|fri|sat|sun)";
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;

/**
 * ElastiCache's shortest snapshot window and maintenance window: 60 minutes each (ElastiCache user guide, "Scheduling
 * automatic backups", and the API reference, CreateReplicationGroup: PreferredMaintenanceWindow "The minimum maintenance
 * window is a 60 minute period"). The two must not overlap, or ElastiCache refuses the pair.
 */
export const CACHE_MIN_WINDOW_MINUTES = 60;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A daily window "hh:mm-hh:mm" as [start minute of the day, length in minutes]; it may wrap past midnight. */
export function dailyWindow(window: string): { start: number; minutes: number } {
  const [from, to] = window.split("-");
  const start = minutesOf(from);
  return { start, minutes: (minutesOf(to) - start + DAY_MINUTES) % DAY_MINUTES };
}

/** A weekly window "ddd:hh:mm-ddd:hh:mm" as [start minute of the week, length in minutes]; it may wrap past Sunday. */
export function weeklyWindow(window: string): { start: number; minutes: number } {
  const [from, to] = window.split("-");
  const at = (part: string) => DAYS.indexOf(part.slice(0, 3) as (typeof DAYS)[number]) * DAY_MINUTES + minutesOf(part.slice(4));
  const start = at(from);
  return { start, minutes: (at(to) - start + WEEK_MINUTES) % WEEK_MINUTES };
}

/**
 * Whether the daily snapshot window overlaps the weekly maintenance window on any day. Windows that only touch (one
 * ends at the minute the other starts) do not overlap.
 */
export function windowsOverlap(snapshotWindow: string, maintenanceWindow: string): boolean {
  const snapshot = dailyWindow(snapshotWindow);
  const maintenance = weeklyWindow(maintenanceWindow);
  const intersects = (a: number, aLength: number, b: number, bLength: number) => a < b + bLength && b < a + aLength;
  for (let day = 0; day < 7; day++) {
    const start = day * DAY_MINUTES + snapshot.start;
    // Compare on an unrolled week: each interval, and each shifted by a week (a window that wraps past Sunday).
    for (const shift of [-WEEK_MINUTES, 0, WEEK_MINUTES]) {
      if (intersects(start, snapshot.minutes, maintenance.start + shift, maintenance.minutes)) return true;
    }
  }
  return false;
}

/** Validates the plain arguments; throws an Error naming the argument, the value and what is allowed. Pure and synchronous. */
export function validateCacheArgs(args: ResolvedCacheArgs): void {
  if (!(CACHE_ENGINES as readonly string[]).includes(args.engine)) {
    throw new Error(`engine must be one of "valkey" | "redis", got "${String(args.engine)}"`);
  }
  const versions: readonly string[] = CACHE_ENGINE_VERSIONS[args.engine];
  if (!versions.includes(args.engineVersion)) {
    throw new Error(
      `engineVersion must be a ${args.engine} version ElastiCache offers: ${versions.map((v) => `"${v}"`).join(", ")}, got ${JSON.stringify(args.engineVersion)}`,
    );
  }
  // A known family with a mistyped size (cache.t4g.mirco) gets the family's real sizes and the nearest one.
  const typo = /^cache\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(args.nodeType);
  const sized = typo && sizeProblem(args.nodeType, "cache", typo[1], typo[2], CACHE_NODE_SIZES, "ElastiCache");
  if (sized) throw new Error(`nodeType ${sized}`);
  const nodeMatch = /^cache\.([a-z0-9]+)\.(micro|small|medium|large|\d*xlarge)$/.exec(args.nodeType);
  if (!nodeMatch) {
    throw new Error(`nodeType must look like "cache.<family>.<size>", e.g. "cache.t4g.micro", got "${args.nodeType}"`);
  }
  if (!(CACHE_NODE_FAMILIES as readonly string[]).includes(nodeMatch[1])) {
    throw new Error(`nodeType must be of a family ElastiCache offers: ${CACHE_NODE_FAMILIES.join(", ")}, got "${args.nodeType}"`);
  }
  if (!isInt(args.replicas, 0, 5)) {
    throw new Error(`replicas must be an integer from 0 to 5, got ${args.replicas}`);
  }
  if (!isInt(args.snapshotRetentionDays, 0, 35)) {
    throw new Error(`snapshotRetentionDays must be an integer from 0 to 35, got ${args.snapshotRetentionDays}`);
  }
  if (!new RegExp(`^${TIME}-${TIME}$`).test(args.snapshotWindow)) {
    throw new Error(`snapshotWindow must be a UTC range "hh:mm-hh:mm" like "03:00-04:00", got "${args.snapshotWindow}"`);
  }
  if (!new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`).test(args.maintenanceWindow)) {
    throw new Error(`maintenanceWindow must be a UTC range "ddd:hh:mm-ddd:hh:mm" like "sun:05:00-sun:06:00", got "${args.maintenanceWindow}"`);
  }
  const snapshotMinutes = dailyWindow(args.snapshotWindow).minutes;
  if (snapshotMinutes < CACHE_MIN_WINDOW_MINUTES) {
    throw new Error(`snapshotWindow must be at least ${CACHE_MIN_WINDOW_MINUTES} minutes long (ElastiCache's minimum), got "${args.snapshotWindow}" (${snapshotMinutes} minutes)`);
  }
  const maintenanceMinutes = weeklyWindow(args.maintenanceWindow).minutes;
  if (maintenanceMinutes < CACHE_MIN_WINDOW_MINUTES) {
    throw new Error(`maintenanceWindow must be at least ${CACHE_MIN_WINDOW_MINUTES} minutes long (ElastiCache's minimum), got "${args.maintenanceWindow}" (${maintenanceMinutes} minutes)`);
  }
  if (windowsOverlap(args.snapshotWindow, args.maintenanceWindow)) {
    throw new Error(`snapshotWindow must not overlap the maintenance window "${args.maintenanceWindow}" (ElastiCache refuses overlapping windows), got "${args.snapshotWindow}"`);
  }
  if (args.allowedSecurityGroupIds.length > 50) {
    throw new Error(`allowedSecurityGroupIds must list at most 50 security groups (one rule each), got ${args.allowedSecurityGroupIds.length}`);
  }
  if (!isInt(args.keyDeletionWindowDays, 7, 30)) {
    throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  }
}

/**
 * The cache (phase 2): an ElastiCache replication group (Valkey by default) in the isolated subnets, encrypted at
 * rest with its own customer managed key, TLS required in transit, an AUTH token generated by `@pulumi/random` and
 * kept in Secrets Manager under the same key, and a security group that admits 6379 only from the caller's groups.
 *
 * KMS: one key per data store; see `Database` for the reasoning. This key's policy names ElastiCache and Secrets
 * Manager only.
 *
 * Protection: `protectData` puts `protect` + `retainOnDelete` on the replication group and its key only; the
 * security group, its rules and the secret stay replaceable. The secret keeps a 30-day recovery window instead.
 */
export class Cache extends pulumi.ComponentResource {
  public readonly replicationGroup: aws.elasticache.ReplicationGroup;
  /** The primary (read/write) endpoint's host name. Clients must use TLS and the AUTH token. */
  public readonly primaryEndpoint: pulumi.Output<string>;
  /** The reader endpoint's host name (spreads reads over the replicas). */
  public readonly readerEndpoint: pulumi.Output<string>;
  public readonly port: number;
  /** The Secrets Manager secret holding the AUTH token as a plain string. */
  public readonly authTokenSecretArn: pulumi.Output<string>;
  /** The key for data at rest and the AUTH-token secret; readers of the secret need Decrypt. */
  public readonly keyArn: pulumi.Output<string>;
  /** The replication group's security group. */
  public readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: CacheArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:data:Cache", name, {}, opts);
    const resolved = resolveCacheArgs(args);
    validateCacheArgs(resolved);
    const protect = resolved.protectData;
    const ctx = awsContext(this);
    const failover = resolved.replicas >= 1;

    const keyArn = args.kmsKeyArn !== undefined ? pulumi.output(args.kmsKeyArn) : createKmsKey(
      `${name}`,
      {
        description: `CredLink ${name}: encrypts the cache at rest and its AUTH-token secret`,
        deletionWindowInDays: resolved.keyDeletionWindowDays,
        administrators: args.keyAdministrators,
        statements: [
          viaServiceStatement(
            "AllowElastiCacheAndSecretsManagerInThisAccount",
            [pulumi.interpolate`elasticache.${ctx.region}.amazonaws.com`, pulumi.interpolate`secretsmanager.${ctx.region}.amazonaws.com`],
            ctx,
          ),
        ],
      },
      ctx,
      this,
      { protect },
    ).key.arn;

    const securityGroup = createDataSecurityGroup(
      name,
      {
        vpcId: resolved.vpcId,
        description: `CredLink ${name}: ${resolved.engine}, admits ${CACHE_PORT} from the app tier only`,
        port: CACHE_PORT,
        serviceLabel: resolved.engine === "valkey" ? "Valkey" : "Redis",
        allowedSecurityGroupIds: resolved.allowedSecurityGroupIds,
      },
      this,
    );

    // ElastiCache AUTH tokens are 16-128 printable characters from a restricted set; letters and digits are always
    // allowed, and 64 of them are ~380 bits. The result is a secret output: it never appears in plain text.
    const authToken = new random.RandomPassword(`${name}-auth-token`, { length: 64, special: false }, { parent: this });
    const secret = new aws.secretsmanager.Secret(
      `${name}-auth-token`,
      {
        description: `CredLink ${name}: the ${resolved.engine} AUTH token`,
        kmsKeyId: keyArn,
        recoveryWindowInDays: protect ? 30 : 0,
      },
      { parent: this },
    );
    new aws.secretsmanager.SecretVersion(`${name}-auth-token`, { secretId: secret.id, secretString: authToken.result }, { parent: this });

    // The inputs that replace a replication group (ForceNew) among those set here; see finalSnapshotSuffix.
    const snapshotSuffix = protect
      ? finalSnapshotSuffix(
          name,
          { engine: resolved.engine, kmsKeyId: keyArn, subnetGroupName: resolved.cacheSubnetGroupName, port: String(CACHE_PORT) },
          this,
        )
      : undefined;

    this.replicationGroup = new aws.elasticache.ReplicationGroup(
      `${name}`,
      {
        description: `CredLink ${name}: ${resolved.engine} ${resolved.engineVersion}, ${1 + resolved.replicas} node(s)`,
        engine: resolved.engine,
        engineVersion: resolved.engineVersion,
        nodeType: resolved.nodeType,
        port: CACHE_PORT,
        numCacheClusters: 1 + resolved.replicas,
        automaticFailoverEnabled: failover,
        multiAzEnabled: failover,
        subnetGroupName: resolved.cacheSubnetGroupName,
        securityGroupIds: [securityGroup.id],
        atRestEncryptionEnabled: true,
        kmsKeyId: keyArn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        authToken: authToken.result,
        snapshotRetentionLimit: resolved.snapshotRetentionDays,
        snapshotWindow: resolved.snapshotWindow,
        maintenanceWindow: resolved.maintenanceWindow,
        autoMinorVersionUpgrade: true,
        finalSnapshotIdentifier: snapshotSuffix && pulumi.interpolate`${name}-final-${snapshotSuffix}`,
      },
      { parent: this, protect, retainOnDelete: protect },
    );

    this.primaryEndpoint = this.replicationGroup.primaryEndpointAddress;
    this.readerEndpoint = this.replicationGroup.readerEndpointAddress;
    this.port = CACHE_PORT;
    this.authTokenSecretArn = secret.arn;
    this.keyArn = keyArn;
    this.securityGroupId = securityGroup.id;

    this.registerOutputs({
      primaryEndpoint: this.primaryEndpoint,
      readerEndpoint: this.readerEndpoint,
      port: this.port,
      authTokenSecretArn: this.authTokenSecretArn,
      keyArn: this.keyArn,
      securityGroupId: this.securityGroupId,
    });
  }
}
