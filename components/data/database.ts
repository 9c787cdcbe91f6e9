import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createDataSecurityGroup } from "../lib/security-group";
import { awsContext } from "../lib/aws-context";
import { finalSnapshotSuffix } from "../lib/final-snapshot";
import { cloudWatchLogsStatement, createKmsKey, KeyAdministrators, viaServiceStatement } from "../lib/kms";
import { LOG_RETENTION_DAYS } from "../network";
import { POSTGRES_MAJOR_VERSIONS } from "../lib/engine-versions";
import { DB_INSTANCE_SIZES, sizeProblem } from "../lib/instance-sizes";
import { serviceTrustPolicy } from "../lib/iam";

/** The PostgreSQL port; the security group admits only this. */
export const POSTGRES_PORT = 5432;

/** Instance class families RDS for PostgreSQL offers that this package allows (Graviton first). */
export const DB_INSTANCE_FAMILIES = ["t4g", "t3", "m7g", "m6g", "m6i", "r7g", "r6g", "r6i"] as const;

/** The PostgreSQL logs exported to CloudWatch Logs. */
export const DB_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

/**
 * Replicated automated backups' ARN (RDS user guide, "Replicating automated backups to another AWS Region": the
 * destination's `DBInstanceAutomatedBackupsArn`, e.g. `arn:aws:rds:us-east-1:123456789012:auto-backup:ab-L2IJCEXJP7XQ7HOJ4SIEXAMPLE`).
 */
export const AUTOMATED_BACKUPS_ARN = /^arn:aws:rds:([a-z0-9-]+):(\d{12}):auto-backup:ab-[a-z0-9]{1,255}$/i;

/** A KMS key ARN (`arn:aws:kms:<region>:<account>:key/<uuid or mrk-...>`). */
const KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):key\/([0-9a-f-]{36}|mrk-[0-9a-f]{32})$/;

/** A UTC timestamp RDS accepts as RestoreTime (RFC 3339, Z), e.g. `2026-11-26T03:55:00Z`. */
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * The instance's create timeout when it is restored: a point-in-time restore (with its Multi-AZ standby), then the
 * provider's ModifyDBInstance for what the restore call can't set (monitoring, the managed master secret), inside one
 * create. The provider's default create timeout is 40 minutes.
 */
export const RESTORE_CREATE_TIMEOUT = "90m";

/**
 * Restore the instance to a point in time from replicated automated backups, instead of creating it empty (a
 * failover stack, in the region the backups were replicated to).
 */
export interface DatabaseRestore {
  /** The replicated automated backups, in this stack's region (`arn:aws:rds:<region>:<account>:auto-backup:ab-<id>`). */
  readonly automatedBackupsArn: string;
  /**
   * The key that encrypts the replicated backups. The restored storage keeps it: RestoreDBInstanceToPointInTime takes
   * no KMS key for an RDS instance, so the instance's `kmsKeyId` must name this key or the next `up` would replace it.
   */
  readonly keyArn: string;
  /** A UTC time to restore to (`2026-11-26T03:55:00Z`). @default undefined: the latest restorable time */
  readonly restoreTime?: string;
}

/** Replicate the instance's automated backups (snapshots and transaction logs) to another region. */
export interface DatabaseBackupReplication {
  /** The destination region; never the instance's. */
  readonly region: string;
  /** An aws provider for `region`: the replication and its key are created there. */
  readonly provider: pulumi.ProviderResource;
}

export interface DatabaseArgs {
  /** The VPC the security group belongs to. */
  readonly vpcId: pulumi.Input<string>;
  /** The DB subnet group on the isolated (data) subnets, e.g. `Network.dbSubnetGroupName`. */
  readonly dbSubnetGroupName: pulumi.Input<string>;
  /**
   * Security groups whose members may connect on 5432, one ingress rule each. Nothing else is admitted; an empty
   * list admits nobody. Rules are named by position, so append new groups at the end. @default []
   */
  readonly allowedSecurityGroupIds?: readonly pulumi.Input<string>[];
  /** PostgreSQL major version; RDS picks the latest minor and `autoMinorVersionUpgrade` keeps it current. @default "17" */
  readonly engineVersion?: string;
  /** Instance class, `db.<family>.<size>`. @default "db.t4g.micro" */
  readonly instanceClass?: string;
  /** Initial gp3 storage in GiB, 20–65536. @default 20 */
  readonly allocatedStorageGb?: number;
  /** Storage autoscaling ceiling in GiB, at least `allocatedStorageGb`. @default 100 */
  readonly maxAllocatedStorageGb?: number;
  /** A synchronous standby in a second AZ with automatic failover. @default true */
  readonly multiAz?: boolean;
  /** Days of automated backups (point-in-time recovery), 1–35. @default 14 */
  readonly backupRetentionDays?: number;
  /** Retention of the exported PostgreSQL logs; a value CloudWatch Logs accepts. @default 30 */
  readonly logRetentionDays?: number;
  /** Statements slower than this many milliseconds are logged (`log_min_duration_statement`). @default 1000 */
  readonly slowQueryThresholdMs?: number;
  /** The database created on the instance. @default "credlink" */
  readonly databaseName?: string;
  /** The master user, for administrators only; its password is generated, kept and rotated by RDS in Secrets Manager. @default "credlink_admin" */
  readonly masterUsername?: string;
  /**
   * The PostgreSQL user the application logs in as, with IAM database authentication (no password): the component
   * exports the `rds-db:connect` ARN for it. The user itself is created once with SQL (see the README). @default "credlink_app"
   */
  readonly appUser?: string;
  /**
   * Protects the data: deletion protection, a named final snapshot, kept automated backups, and `protect` +
   * `retainOnDelete` on the instance and its key. Set false only for throwaway environments. @default true
   */
  readonly protectData?: boolean;
  /** Deletion window of the KMS key, 7–30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /**
   * An existing customer managed key to use instead of creating one (the stack's shared key, `credlink:kms.keyPerStore:
   * false`): its policy must let RDS and Secrets Manager (kms:ViaService) and CloudWatch Logs for this instance's log groups use it. @default undefined (the component creates its own key)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
  /** The stack's permissions boundary, on every role this component creates. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
  /**
   * Restore from replicated automated backups instead of creating an empty database (a failover stack). The restored
   * instance keeps the source's databases and master user. @default undefined (create)
   */
  readonly restore?: DatabaseRestore;
  /**
   * Replicate the automated backups to the DR region (point-in-time restore there), kept `backupRetentionDays`,
   * encrypted with a key of its own in that region. @default undefined (no replication)
   */
  readonly backupReplication?: DatabaseBackupReplication;
}

/** DatabaseArgs with every default applied. */
export type ResolvedDatabaseArgs = Required<Omit<DatabaseArgs, "kmsKeyArn" | "keyAdministrators" | "permissionsBoundary" | "restore" | "backupReplication">> & Pick<DatabaseArgs, "keyAdministrators" | "restore" | "backupReplication">;

/** Applies the documented defaults. The single place they live. */
export function resolveDatabaseArgs(args: DatabaseArgs): ResolvedDatabaseArgs {
  return {
    vpcId: args.vpcId,
    dbSubnetGroupName: args.dbSubnetGroupName,
    allowedSecurityGroupIds: args.allowedSecurityGroupIds ?? [],
    engineVersion: args.engineVersion ?? "17",
    instanceClass: args.instanceClass ?? "db.t4g.micro",
    allocatedStorageGb: args.allocatedStorageGb ?? 20,
    maxAllocatedStorageGb: args.maxAllocatedStorageGb ?? 100,
    multiAz: args.multiAz ?? true,
    backupRetentionDays: args.backupRetentionDays ?? 14,
    logRetentionDays: args.logRetentionDays ?? 30,
    slowQueryThresholdMs: args.slowQueryThresholdMs ?? 1000,
    databaseName: args.databaseName ?? "credlink",
    masterUsername: args.masterUsername ?? "credlink_admin",
    appUser: args.appUser ?? "credlink_app",
    protectData: args.protectData ?? true,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    restore: args.restore,
    backupReplication: args.backupReplication,
    keyAdministrators: args.keyAdministrators,
  };
}

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/** Roles PostgreSQL or RDS reserve: `rds_*` and `pg_*` are predefined role prefixes, the rest exist on every instance. */
const RESERVED_ROLE = /^(postgres|rdsadmin|rdsrepladmin|rdstopmgr|public|admin|rds_.*|pg_.*)$/;

/** Validates the plain arguments; throws an Error naming the argument, the value and what is allowed. Pure and synchronous. */
export function validateDatabaseArgs(args: ResolvedDatabaseArgs): void {
  if (!(POSTGRES_MAJOR_VERSIONS as readonly string[]).includes(args.engineVersion)) {
    throw new Error(
      `engineVersion must be a PostgreSQL major version RDS offers: ${POSTGRES_MAJOR_VERSIONS.map((v) => `"${v}"`).join(", ")}, got ${JSON.stringify(args.engineVersion)}`,
    );
  }
  // A known family with a mistyped size (db.t4g.mirco) gets the family's real sizes and the nearest one.
  const typo = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(args.instanceClass);
  const sized = typo && sizeProblem(args.instanceClass, "db", typo[1], typo[2], DB_INSTANCE_SIZES, "RDS for PostgreSQL");
  if (sized) throw new Error(`instanceClass ${sized}`);
  const classMatch = /^db\.([a-z0-9]+)\.(micro|small|medium|large|\d*xlarge)$/.exec(args.instanceClass);
  if (!classMatch) {
    throw new Error(`instanceClass must look like "db.<family>.<size>", e.g. "db.t4g.micro", got "${args.instanceClass}"`);
  }
  if (!(DB_INSTANCE_FAMILIES as readonly string[]).includes(classMatch[1])) {
    throw new Error(
      `instanceClass must be of a family RDS for PostgreSQL offers: ${DB_INSTANCE_FAMILIES.join(", ")}, got "${args.instanceClass}"`,
    );
  }
  if (!isInt(args.allocatedStorageGb, 20, 65536)) {
    throw new Error(`allocatedStorageGb must be an integer from 20 (the gp3 minimum) to 65536, got ${args.allocatedStorageGb}`);
  }
  if (!isInt(args.maxAllocatedStorageGb, args.allocatedStorageGb, 65536)) {
    throw new Error(
      `maxAllocatedStorageGb must be an integer from allocatedStorageGb (${args.allocatedStorageGb}) to 65536, got ${args.maxAllocatedStorageGb}`,
    );
  }
  if (!isInt(args.backupRetentionDays, 1, 35)) {
    throw new Error(`backupRetentionDays must be an integer from 1 to 35 (0 would turn automated backups off), got ${args.backupRetentionDays}`);
  }
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(args.logRetentionDays)) {
    throw new Error(
      `logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")} (the values CloudWatch Logs accepts), got ${args.logRetentionDays}`,
    );
  }
  if (!isInt(args.slowQueryThresholdMs, 0, 3_600_000)) {
    throw new Error(`slowQueryThresholdMs must be an integer number of milliseconds from 0 to 3600000, got ${args.slowQueryThresholdMs}`);
  }
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(args.databaseName)) {
    throw new Error(`databaseName must be 1-63 lowercase letters, digits or '_', starting with a letter, got "${args.databaseName}"`);
  }
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(args.masterUsername) || ["postgres", "rdsadmin", "admin"].includes(args.masterUsername)) {
    throw new Error(
      `masterUsername must be 1-63 lowercase letters, digits or '_', starting with a letter, and not a reserved name, got "${args.masterUsername}"`,
    );
  }
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(args.appUser) || RESERVED_ROLE.test(args.appUser) || args.appUser === args.masterUsername) {
    throw new Error(
      `appUser must be a PostgreSQL identifier (1-63 lowercase letters, digits or '_', starting with a letter), not a reserved role (postgres, rdsadmin, rds_*, pg_*, public) and not masterUsername (${args.masterUsername}), got "${args.appUser}"`,
    );
  }
  if (args.allowedSecurityGroupIds.length > 50) {
    throw new Error(`allowedSecurityGroupIds must list at most 50 security groups (one rule each), got ${args.allowedSecurityGroupIds.length}`);
  }
  if (!isInt(args.keyDeletionWindowDays, 7, 30)) {
    throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  }
  if (args.restore) validateRestore(args.restore);
  if (args.restore && args.backupReplication) {
    throw new Error("backupReplication must be left out with restore: a restored (failover) database never replicates its backups back to the region that is down");
  }
  if (args.backupReplication && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.backupReplication.region)) {
    throw new Error(`backupReplication.region must be an AWS region name like "us-west-2", got "${args.backupReplication.region}"`);
  }
}

/** The restore's own checks: the ARN shapes, the key and the backups in one region, a well-formed time. */
function validateRestore(restore: DatabaseRestore): void {
  const backups = AUTOMATED_BACKUPS_ARN.exec(restore.automatedBackupsArn);
  if (!backups) {
    throw new Error(`restore.automatedBackupsArn must be replicated automated backups' ARN like "arn:aws:rds:us-west-2:123456789012:auto-backup:ab-<id>", got "${restore.automatedBackupsArn}"`);
  }
  const key = KEY_ARN.exec(restore.keyArn);
  if (!key) throw new Error(`restore.keyArn must be a KMS key ARN like "arn:aws:kms:us-west-2:123456789012:key/<uuid>", got "${restore.keyArn}"`);
  if (key[1] !== backups[1]) {
    throw new Error(`restore.keyArn must be in the backups' region ${backups[1]} (the key that encrypts them), got one in ${key[1]}`);
  }
  if (restore.restoreTime !== undefined && !(UTC_TIME.test(restore.restoreTime) && !Number.isNaN(Date.parse(restore.restoreTime)))) {
    throw new Error(`restore.restoreTime must be a UTC time like "2026-11-26T03:55:00Z", got "${restore.restoreTime}"`);
  }
}

/** The RDS instance identifier, and so the name of its log groups. Lowercase, 1–63 characters, starts with a letter. */
export function instanceIdentifier(name: string): string {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name) || name.endsWith("-") || name.includes("--")) {
    throw new Error(`name must be a valid RDS identifier (1-63 lowercase letters, digits, single hyphens), got "${name}"`);
  }
  return name;
}

/** The parameter group's settings: TLS only, slow-query, DDL and connection logging. */
export function databaseParameters(args: ResolvedDatabaseArgs): aws.types.input.rds.ParameterGroupParameter[] {
  // pending-reboot is accepted for static and dynamic parameters alike; a new instance starts with them applied.
  const p = (name: string, value: string) => ({ name, value, applyMethod: "pending-reboot" });
  return [
    p("rds.force_ssl", "1"),
    p("log_min_duration_statement", String(args.slowQueryThresholdMs)),
    p("log_statement", "ddl"),
    p("log_connections", "1"),
    p("log_disconnections", "1"),
  ];
}

/**
 * The database (phase 2): RDS for PostgreSQL on gp3 in the isolated subnets, never public, encrypted with its own
 * customer managed key (storage, Performance Insights, the master-user secret and the exported logs), TLS forced by
 * the parameter group, IAM database auth, enhanced monitoring, and a security group that admits 5432 only from the
 * caller's security groups.
 *
 * The application logs in as `appUser` with IAM database authentication (a 15-minute token signed with the task
 * role's credentials, fresh for every connection), not as the master user: RDS rotates the managed master secret
 * every 7 days, and a task that read it at start could not reconnect after a rotation or a Multi-AZ failover.
 *
 * KMS: one key per data store. A key is $1/month; a key per store keeps each key policy to the services that use it
 * (`kms:ViaService` rds and secretsmanager, plus CloudWatch Logs for this instance's log groups only), lets the app's
 * role be granted Decrypt on exactly the stores it uses, and lets one store's key be disabled without touching the
 * others.
 *
 * Protection: `protectData` puts `protect` + `retainOnDelete` on the instance and its key only. The security group,
 * its rules, the parameter group and the monitoring role are cheap to recreate and must stay replaceable, which is
 * why the stack does not set `protect` on the component itself (children inherit it).
 */
export class Database extends pulumi.ComponentResource {
  public readonly instance: aws.rds.Instance;
  /** `host:port`. */
  public readonly endpoint: pulumi.Output<string>;
  public readonly address: pulumi.Output<string>;
  public readonly port: pulumi.Output<number>;
  public readonly databaseName: string;
  public readonly masterUsername: string;
  /**
   * The Secrets Manager secret RDS keeps the master password in (JSON with `username` and `password`). RDS rotates
   * it every 7 days: for administrators only, never injected into the app (ECS reads `secrets` at task start only).
   */
  public readonly masterUserSecretArn: pulumi.Output<string>;
  /** The user the application logs in as, with IAM database authentication. */
  public readonly appUser: string;
  /** The instance's resource id (`db-...`, the DbiResourceId), which IAM database authentication names. */
  public readonly resourceId: pulumi.Output<string>;
  /** `arn:<partition>:rds-db:<region>:<account>:dbuser:<resourceId>/<appUser>`: grant `rds-db:connect` on exactly this. */
  public readonly appUserConnectArn: pulumi.Output<string>;
  /** The key for storage, Performance Insights, the master secret and the logs; readers of the secret need Decrypt. */
  public readonly keyArn: pulumi.Output<string>;
  /** The instance's security group; attach nothing else to it. */
  public readonly securityGroupId: pulumi.Output<string>;
  /**
   * With `backupReplication`: the replicated automated backups' ARN in the DR region (`...:auto-backup:ab-<id>`), which
   * a failover stack restores from (credlink:database.restore.automatedBackupsArn).
   */
  public readonly replicatedBackupsArn: pulumi.Output<string> | undefined;
  /** With `backupReplication`: the DR-region key that encrypts them, and so the restored storage there. */
  public readonly replicaKeyArn: pulumi.Output<string> | undefined;

  constructor(name: string, args: DatabaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:data:Database", name, {}, opts);
    const resolved = resolveDatabaseArgs(args);
    validateDatabaseArgs(resolved);
    const identifier = instanceIdentifier(name);
    const protect = resolved.protectData;
    const ctx = awsContext(this);
    const logGroupPrefix = `/aws/rds/instance/${identifier}`;

    const keyArn = args.kmsKeyArn !== undefined ? pulumi.output(args.kmsKeyArn) : createKmsKey(
      `${name}`,
      {
        description: `CredLink ${name}: encrypts the PostgreSQL storage, Performance Insights, master secret and logs`,
        deletionWindowInDays: resolved.keyDeletionWindowDays,
        administrators: args.keyAdministrators,
        statements: [
          viaServiceStatement(
            "AllowRdsAndSecretsManagerInThisAccount",
            [pulumi.interpolate`rds.${ctx.region}.amazonaws.com`, pulumi.interpolate`secretsmanager.${ctx.region}.amazonaws.com`],
            ctx,
          ),
          cloudWatchLogsStatement("AllowCloudWatchLogsForThisInstance", pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${logGroupPrefix}/*`, ctx, "ArnLike"),
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
        description: `CredLink ${name}: PostgreSQL, admits ${POSTGRES_PORT} from the app tier only`,
        port: POSTGRES_PORT,
        serviceLabel: "PostgreSQL",
        allowedSecurityGroupIds: resolved.allowedSecurityGroupIds,
      },
      this,
    );

    const parameterGroup = new aws.rds.ParameterGroup(
      `${name}`,
      {
        family: `postgres${resolved.engineVersion}`,
        description: `CredLink ${name}: TLS only, slow-query, DDL and connection logging`,
        parameters: databaseParameters(resolved),
      },
      { parent: this },
    );

    // Created before the instance so RDS writes into them instead of creating unencrypted groups with no retention.
    const logGroups = DB_LOG_EXPORTS.map(
      (log) =>
        new aws.cloudwatch.LogGroup(
          `${name}-${log}`,
          { name: `${logGroupPrefix}/${log}`, retentionInDays: resolved.logRetentionDays, kmsKeyId: keyArn },
          { parent: this },
        ),
    );

    const monitoringRole = new aws.iam.Role(
      `${name}-monitoring`,
      {
        description: `CredLink ${name}: lets RDS enhanced monitoring publish OS metrics`,
        // RDS sends the DB instance's ARN as aws:SourceArn when it assumes the monitoring role: pin it too (RDS user
        // guide, "Protecting against the confused deputy problem" under Enhanced Monitoring).
        assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com", ctx, pulumi.interpolate`arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:db:${identifier}`),

        permissionsBoundary: args.permissionsBoundary,
      },
      { parent: this },
    );
    const monitoringPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-monitoring`,
      {
        role: monitoringRole.name,
        policyArn: pulumi.interpolate`arn:${ctx.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
      },
      { parent: this },
    );

    // The inputs that replace an RDS instance (ForceNew in the provider) among those set here: a replacement's final
    // snapshot gets a new name, so deleting it later never collides with the snapshot its predecessor left.
    const snapshotSuffix = protect
      ? finalSnapshotSuffix(
          name,
          { identifier, engine: "postgres", dbName: resolved.databaseName, username: resolved.masterUsername, kmsKeyId: keyArn },
          this,
        )
      : undefined;

    const restore = resolved.restore;
    this.instance = new aws.rds.Instance(
      `${name}`,
      {
        identifier,
        engine: "postgres",
        engineVersion: resolved.engineVersion,
        instanceClass: resolved.instanceClass,
        storageType: "gp3",
        allocatedStorage: resolved.allocatedStorageGb,
        maxAllocatedStorage: resolved.maxAllocatedStorageGb,
        storageEncrypted: true,
        // Restored, the storage keeps the replicated backups' key (see DatabaseRestore.keyArn); the rest uses keyArn.
        kmsKeyId: restore ? restore.keyArn : keyArn,
        // Restored, the databases and the master user are the source's: dbName and username are read back, not set.
        ...(restore ? { restoreToPointInTime: restoreToPointInTime(restore) } : { dbName: resolved.databaseName, username: resolved.masterUsername }),
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: keyArn,
        dbSubnetGroupName: resolved.dbSubnetGroupName,
        vpcSecurityGroupIds: [securityGroup.id],
        publiclyAccessible: false,
        multiAz: resolved.multiAz,
        parameterGroupName: parameterGroup.name,
        backupRetentionPeriod: resolved.backupRetentionDays,
        backupWindow: "03:00-04:00",
        maintenanceWindow: "sun:04:30-sun:05:30",
        copyTagsToSnapshot: true,
        autoMinorVersionUpgrade: true,
        allowMajorVersionUpgrade: false,
        enabledCloudwatchLogsExports: [...DB_LOG_EXPORTS],
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: keyArn,
        performanceInsightsRetentionPeriod: 7,
        monitoringInterval: 60,
        monitoringRoleArn: monitoringRole.arn,
        iamDatabaseAuthenticationEnabled: true,
        deletionProtection: protect,
        skipFinalSnapshot: !protect,
        finalSnapshotIdentifier: snapshotSuffix && pulumi.interpolate`${identifier}-final-${snapshotSuffix}`,
        deleteAutomatedBackups: !protect,
      },
      {
        parent: this,
        protect,
        retainOnDelete: protect,
        dependsOn: [...logGroups, monitoringPolicy],
        // Restored: the restore inputs are read once, at create (the provider marks them ForceNew). A later edit (a
        // different restore time) must never replace the database that now serves; the create waits for the restore
        // and the provider's follow-up modification, longer than its default 40 minutes.
        ...(restore ? { ignoreChanges: ["restoreToPointInTime"], customTimeouts: { create: RESTORE_CREATE_TIMEOUT } } : {}),
      },
    );
    const replication = resolved.backupReplication ? this.replicateBackups(name, resolved, resolved.backupReplication, ctx) : undefined;

    this.endpoint = this.instance.endpoint;
    this.address = this.instance.address;
    this.port = this.instance.port;
    this.databaseName = resolved.databaseName;
    this.masterUsername = resolved.masterUsername;
    this.masterUserSecretArn = this.instance.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn);
    this.appUser = resolved.appUser;
    this.resourceId = this.instance.resourceId;
    this.appUserConnectArn = pulumi.interpolate`arn:${ctx.partition}:rds-db:${ctx.region}:${ctx.accountId}:dbuser:${this.instance.resourceId}/${resolved.appUser}`;
    this.keyArn = keyArn;
    this.securityGroupId = securityGroup.id;
    this.replicatedBackupsArn = replication?.arn;
    this.replicaKeyArn = replication?.keyArn;

    this.registerOutputs({
      endpoint: this.endpoint,
      address: this.address,
      port: this.port,
      masterUserSecretArn: this.masterUserSecretArn,
      resourceId: this.resourceId,
      appUserConnectArn: this.appUserConnectArn,
      keyArn: this.keyArn,
      securityGroupId: this.securityGroupId,
      replicatedBackupsArn: this.replicatedBackupsArn,
      replicaKeyArn: this.replicaKeyArn,
    });
  }

  /**
   * The automated backups (snapshots and transaction logs) replicated to the DR region, kept as long as here, encrypted
   * with a key of its own there. RDS starts a cross-Region copy of each snapshot and transaction log as soon as it is
   * ready (RDS user guide, "Replicating automated backups to another AWS Region"), so the DR region can restore to a
   * point in time minutes behind this instance. Supported for Multi-AZ DB instances, not Multi-AZ DB clusters (same page).
   *
   * The key lets this account use it through RDS in the DR region only: RDS encrypts the replicas with it, and a
   * failover stack's restored instance keeps it as its storage key (with a CreateGrant through RDS).
   */
  private replicateBackups(name: string, args: ResolvedDatabaseArgs, replication: DatabaseBackupReplication, ctx: ReturnType<typeof awsContext>) {
    const drCtx = { ...ctx, region: pulumi.output(replication.region) };
    const { key } = createKmsKey(
      `${name}-replica`,
      {
        description: `CredLink ${name}: encrypts the automated backups replicated to ${replication.region}, and a database restored from them there`,
        deletionWindowInDays: args.keyDeletionWindowDays,
        statements: [viaServiceStatement("AllowRdsInThisAccount", [`rds.${replication.region}.amazonaws.com`], drCtx)],
        administrators: args.keyAdministrators,
      },
      drCtx,
      this,
      { provider: replication.provider, protect: args.protectData },
    );
    const replicated = new aws.rds.InstanceAutomatedBackupsReplication(
      `${name}-replica`,
      { sourceDbInstanceArn: this.instance.arn, kmsKeyId: key.arn, retentionPeriod: args.backupRetentionDays },
      // Created in the destination region (the API is called there). Protected with the data: deleting it stops the
      // replication, and the DR region's point in time falls behind from then on.
      { parent: this, provider: replication.provider, protect: args.protectData },
    );
    return { arn: replicated.id, keyArn: key.arn };
  }
}

/** The instance's restore block: from the replicated backups, to `restoreTime` or the latest restorable time. */
export function restoreToPointInTime(restore: DatabaseRestore): aws.types.input.rds.InstanceRestoreToPointInTime {
  return {
    sourceDbInstanceAutomatedBackupsArn: restore.automatedBackupsArn,
    ...(restore.restoreTime === undefined ? { useLatestRestorableTime: true } : { restoreTime: restore.restoreTime }),
  };
}
