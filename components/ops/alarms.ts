/**
 * credlink:ops:Alarms: the golden-signal alarms of every tier (ALB, ECS, RDS, cache, S3 replication), sized from the
 * stack's own settings.
 *
 * One component rather than one per tier: every tier's alarms share the same two destinations (notify and page), the
 * same naming and the same "who gets woken up" rule, and the program wires them in one place. Each tier is a helper
 * method (`createLoadBalancerAlarms`, ...), so the constructor still reads as the list of its parts, and a tier whose
 * inputs are absent (no DR replication) is simply skipped.
 *
 * Who is told: an alarm that means users are failing now (5xx responses from the load balancer or the targets)
 * pages; every other alarm is about a resource getting close to a limit and notifies.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * Memory (GiB) of the RDS instance classes this program accepts (components/data/database.ts DB_INSTANCE_FAMILIES).
 * Source: Amazon RDS User Guide, "Hardware specifications for DB instance classes"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html), read 2026-11.
 * Burstable (t4g, t3): micro 1, small 2, medium 4, large 8, xlarge 16, 2xlarge 32. General purpose (m7g, m6g, m6i):
 * 8 GiB per "large" unit (large 8 ... 16xlarge 256; m6i also 24xlarge 384, 32xlarge 512). Memory optimised (r7g, r6g,
 * r6i): 16 GiB per "large" unit (large 16 ... 16xlarge 512; r6i also 24xlarge 768, 32xlarge 1024).
 */
export const DB_CLASS_MEMORY_GIB: Readonly<Record<string, number>> = (() => {
  const table: Record<string, number> = {};
  for (const family of ["t4g", "t3"]) {
    Object.assign(table, { [`db.${family}.micro`]: 1, [`db.${family}.small`]: 2, [`db.${family}.medium`]: 4, [`db.${family}.large`]: 8, [`db.${family}.xlarge`]: 16, [`db.${family}.2xlarge`]: 32 });
  }
  const units: Record<string, number> = { large: 1, xlarge: 2, "2xlarge": 4, "4xlarge": 8, "8xlarge": 16, "12xlarge": 24, "16xlarge": 32 };
  for (const [family, perUnit] of [["m7g", 8], ["m6g", 8], ["m6i", 8], ["r7g", 16], ["r6g", 16], ["r6i", 16]] as const) {
    for (const [size, n] of Object.entries(units)) table[`db.${family}.${size}`] = perUnit * n;
  }
  // The Intel families go further: 24xlarge and 32xlarge.
  for (const [family, perUnit] of [["m6i", 8], ["r6i", 16]] as const) {
    table[`db.${family}.24xlarge`] = perUnit * 48;
    table[`db.${family}.32xlarge`] = perUnit * 64;
  }
  return table;
})();

/**
 * CPU credits a burstable instance or node earns per hour; it can bank 24 hours of them. The same table serves RDS
 * db.t* classes and ElastiCache cache.t* nodes, which run on the EC2 instance types of the same name.
 * Source: Amazon EC2 User Guide, "Key concepts and definitions for burstable performance instances", credit table
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-credits-baseline-concepts.html), read 2026-11.
 */
export const BURSTABLE_CREDITS_PER_HOUR: Readonly<Record<string, number>> = {
  "t4g.micro": 12, "t4g.small": 24, "t4g.medium": 24, "t4g.large": 36, "t4g.xlarge": 96, "t4g.2xlarge": 192,
  "t3.micro": 12, "t3.small": 24, "t3.medium": 24, "t3.large": 36, "t3.xlarge": 96, "t3.2xlarge": 192,
};

/** PostgreSQL's default divisor: max_connections = LEAST({DBInstanceClassMemory/9531392}, 5000) (RDS default parameter group). */
export const PG_BYTES_PER_CONNECTION = 9531392;

/**
 * The default max_connections of RDS for PostgreSQL on `instanceClass`, from the class's nominal memory.
 * DBInstanceClassMemory is the class memory minus what the OS and RDS reserve, so the real figure is somewhat lower
 * (db.t4g.micro: 112 from nominal memory; community measurements report about 80-90): the alarm's default
 * percentage allows for that.
 */
export function postgresMaxConnections(instanceClass: string): number {
  const gib = DB_CLASS_MEMORY_GIB[instanceClass];
  if (gib === undefined) throw new Error(`databaseInstanceClass must be a class with a known memory size (${Object.keys(DB_CLASS_MEMORY_GIB).length} listed in DB_CLASS_MEMORY_GIB), got "${instanceClass}"`);
  return Math.min(Math.floor((gib * 1024 ** 3) / PG_BYTES_PER_CONNECTION), 5000);
}

/** The burstable size ("t4g.micro") of an RDS class or cache node type, or undefined when it doesn't earn CPU credits. */
export function burstableSize(classOrNodeType: string): string | undefined {
  const size = classOrNodeType.replace(/^(db|cache)\./, "");
  return /^t\d/.test(size) ? size : undefined;
}

/** The alarm threshold for a CPU credit balance: 10% of the most the instance can bank (24 hours of earnings). */
export function creditBalanceThreshold(classOrNodeType: string, argName: string): number | undefined {
  const size = burstableSize(classOrNodeType);
  if (size === undefined) return undefined;
  const perHour = BURSTABLE_CREDITS_PER_HOUR[size];
  if (perHour === undefined) throw new Error(`${argName} must be a burstable size with a known credit rate (${Object.keys(BURSTABLE_CREDITS_PER_HOUR).join(", ")}), got "${classOrNodeType}"`);
  return Math.round(perHour * 24 * 0.1);
}

/** The DR copy of the proof bucket, whose replication rule publishes metrics (ProofStore with replication). */
export interface ReplicationAlarmTarget {
  /** The source (primary) bucket's name. */
  readonly sourceBucket: pulumi.Input<string>;
  /** The replica bucket's name. */
  readonly destinationBucket: pulumi.Input<string>;
  /** The replication rule's id (ProofStore's REPLICATION_RULE_ID). */
  readonly ruleId: string;
  /**
   * Where the copy's alarms page: a replica falling behind is the region's RPO failing, not users failing now, so they
   * page on their own, outside the `pagingAlarmNames` composite. @default undefined (they notify)
   */
  readonly pageTopicArn?: pulumi.Input<string>;
}

/**
 * How far behind the proof replica may fall (S3's ReplicationLatency, seconds) before it pages: the region RPO the plan
 * derives for the proofs, 15 minutes.
 */
export const REPLICATION_LATENCY_ALARM_SECONDS = 900;

export interface AlarmsArgs {
  /** SNS topic for alarms about a resource nearing a limit (someone looks during working hours). @default undefined (no action) */
  readonly notifyTopicArn?: pulumi.Input<string>;
  /**
   * SNS topic for alarms that mean users are failing now (someone is woken up). Without it those alarms notify, and
   * `pagingAlarmNames` lists them for a composite alarm that pages. @default undefined (they notify)
   */
  readonly pageTopicArn?: pulumi.Input<string>;

  /** `app/<name>/<id>` of the load balancer (LoadBalancer.loadBalancerArnSuffix). */
  readonly loadBalancerArnSuffix: pulumi.Input<string>;
  /** `targetgroup/<name>/<id>` of the service's target group (LoadBalancer.targetGroupArnSuffix). */
  readonly targetGroupArnSuffix: pulumi.Input<string>;
  /**
   * With CANARY deployments: the alternate target group (LoadBalancer.canary.alternateTargetGroupArnSuffix). ECS swaps
   * the production and alternate groups on every canary deployment, so the target-group alarms watch both (the
   * unhealthy-hosts alarm) or the whole load balancer (the targets' 5xx rate). @default undefined (one group)
   */
  readonly alternateTargetGroupArnSuffix?: pulumi.Input<string>;
  /** 5xx responses (from the load balancer, or from the targets) as a % of requests above which the alarm pages. @default 5 */
  readonly errorRatePercent?: number;
  /**
   * Create `target-5xx-rate` (the targets' 5xx as a % of requests). Pass false when the Service's deployment alarm
   * `5xx-rate` already watches exactly that rate and pages (the stack does): the same signal twice costs
   * $0.20/month and pages nobody sooner. @default true
   */
  readonly targetErrorRateAlarm?: boolean;

  /** The ECS cluster and service (Service.clusterName, Service.serviceName). */
  readonly clusterName: pulumi.Input<string>;
  readonly serviceName: pulumi.Input<string>;
  /** Average task CPU utilisation (%) above which the alarm notifies; autoscaling should have added tasks long before. @default 85 */
  readonly taskCpuPercent?: number;
  /** Average task memory utilisation (% of the task's memory) above which the alarm notifies. @default 85 */
  readonly taskMemoryPercent?: number;

  /** The DB instance identifier (Database.instance.identifier). */
  readonly databaseIdentifier: pulumi.Input<string>;
  /** The DB instance class: sets the connection limit and whether a CPU credit alarm exists. */
  readonly databaseInstanceClass: string;
  /** The allocated storage (GB): the free-storage alarm is relative to it. */
  readonly databaseAllocatedStorageGb: number;
  /** Connections, as a % of the class's default max_connections (from nominal memory), above which the alarm notifies. @default 70 */
  readonly databaseConnectionsPercent?: number;
  /** Free storage, as a % of allocatedStorageGb, below which the alarm notifies. @default 10 */
  readonly databaseFreeStoragePercent?: number;

  /** The cache's replication group id (Cache.replicationGroup.replicationGroupId); its nodes are `<id>-001`, `<id>-002`, ... */
  readonly cacheReplicationGroupId: pulumi.Input<string>;
  /** Nodes in the replication group (1 + replicas): one set of alarms per node, since the primary can move. */
  readonly cacheNodes: number;
  /** The cache node type: whether a CPU credit alarm exists, and its threshold. */
  readonly cacheNodeType: string;

  /** CPU utilisation (%) of the database and the cache engine above which the alarms notify. @default 80 */
  readonly cpuPercent?: number;
  /** Memory used (% of maxmemory) on a cache node above which the alarm notifies. @default 80 */
  readonly cacheMemoryPercent?: number;

  /** The proof bucket's DR replication, when enabled: failed replications notify. @default undefined (no alarm) */
  readonly replication?: ReplicationAlarmTarget;
  /**
   * (Cloudflare edge) The origin-pull client certificate as imported into ACM (CloudflareOrigin.clientCertificateAcmArn):
   * its DaysToExpiry notifies below ORIGIN_PULL_EXPIRY_ALARM_DAYS. @default undefined (no alarm)
   */
  readonly originPullCertificateArn?: pulumi.Input<string>;
}

/**
 * Days to expiry of the origin-pull client certificate below which the alarm notifies. `pulumi up` re-issues the
 * certificate once fewer than 30 days remain (CloudflareOrigin's earlyRenewalHours): below 21, nobody has run an `up`
 * for 9 days of that window, and when it expires Cloudflare can no longer reach the origin (the ALB refuses the TLS
 * handshake).
 */
export const ORIGIN_PULL_EXPIRY_ALARM_DAYS = 21;

type Defaulted = "errorRatePercent" | "targetErrorRateAlarm" | "taskCpuPercent" | "taskMemoryPercent" | "databaseConnectionsPercent" | "databaseFreeStoragePercent" | "cpuPercent" | "cacheMemoryPercent";
export type ResolvedAlarmsArgs = Omit<AlarmsArgs, Defaulted> & Required<Pick<AlarmsArgs, Defaulted>>;

/** Applies the documented defaults. The single place they live. */
export function resolveAlarmsArgs(args: AlarmsArgs): ResolvedAlarmsArgs {
  return {
    ...args,
    errorRatePercent: args.errorRatePercent ?? 5,
    targetErrorRateAlarm: args.targetErrorRateAlarm ?? true,
    taskCpuPercent: args.taskCpuPercent ?? 85,
    taskMemoryPercent: args.taskMemoryPercent ?? 85,
    databaseConnectionsPercent: args.databaseConnectionsPercent ?? 70,
    databaseFreeStoragePercent: args.databaseFreeStoragePercent ?? 10,
    cpuPercent: args.cpuPercent ?? 80,
    cacheMemoryPercent: args.cacheMemoryPercent ?? 80,
  };
}

const isPercent = (n: number) => Number.isFinite(n) && n > 0 && n <= 100;

/** Throws an Error naming the argument when a plain argument is invalid. */
export function validateAlarmsArgs(args: ResolvedAlarmsArgs): void {
  for (const key of ["errorRatePercent", "taskCpuPercent", "taskMemoryPercent", "databaseConnectionsPercent", "databaseFreeStoragePercent", "cpuPercent", "cacheMemoryPercent"] as const) {
    if (!isPercent(args[key])) throw new Error(`${key} must be greater than 0 and at most 100, got ${args[key]}`);
  }
  postgresMaxConnections(args.databaseInstanceClass);
  creditBalanceThreshold(args.databaseInstanceClass, "databaseInstanceClass");
  creditBalanceThreshold(args.cacheNodeType, "cacheNodeType");
  if (!Number.isInteger(args.databaseAllocatedStorageGb) || args.databaseAllocatedStorageGb < 20) {
    throw new Error(`databaseAllocatedStorageGb must be an integer of at least 20, got ${args.databaseAllocatedStorageGb}`);
  }
  if (!Number.isInteger(args.cacheNodes) || args.cacheNodes < 1 || args.cacheNodes > 6) {
    throw new Error(`cacheNodes must be an integer from 1 to 6 (a primary and up to 5 replicas), got ${args.cacheNodes}`);
  }
  if (args.replication && !/^[\w.-]{1,255}$/.test(args.replication.ruleId)) {
    throw new Error(`replication.ruleId must be a replication rule id (up to 255 characters), got "${args.replication.ruleId}"`);
  }
}

/** The id of cache node `index` (0-based) of a non-cluster-mode replication group: ElastiCache names them `<group>-001`, `-002`, ... */
export function cacheNodeId(replicationGroupId: pulumi.Input<string>, index: number): pulumi.Output<string> {
  return pulumi.interpolate`${replicationGroupId}-${String(index + 1).padStart(3, "0")}`;
}

type AlarmInputs = aws.cloudwatch.MetricAlarmArgs;
type Severity = "page" | "notify";

/** The golden-signal alarms of every tier; see the module comment. */
export class Alarms extends pulumi.ComponentResource {
  /** Every alarm's name, by its role (e.g. "alb-5xx-rate"). */
  public readonly alarmNames: pulumi.Output<Record<string, string>>;
  /**
   * The alarms that mean users are failing now. With `pageTopicArn` they page; without it they notify, and the caller
   * raises the page from them (the program feeds them to the SLO's "service degraded" composite, the one alarm that pages).
   */
  public readonly pagingAlarmNames: pulumi.Output<string[]>;
  private readonly paging: aws.cloudwatch.MetricAlarm[] = [];
  private readonly alarms: Record<string, aws.cloudwatch.MetricAlarm> = {};
  private readonly resolved: ResolvedAlarmsArgs;
  private readonly baseName: string;

  constructor(name: string, args: AlarmsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:ops:Alarms", name, {}, opts);
    const resolved = resolveAlarmsArgs(args);
    validateAlarmsArgs(resolved);
    this.resolved = resolved;
    this.baseName = name;

    this.createLoadBalancerAlarms(resolved);
    this.createServiceAlarms(resolved);
    this.createDatabaseAlarms(resolved);
    this.createCacheAlarms(resolved);
    if (resolved.replication) this.createReplicationAlarms(resolved.replication);
    if (resolved.originPullCertificateArn !== undefined) this.createCertificateAlarms(resolved.originPullCertificateArn);

    this.alarmNames = pulumi.all(Object.fromEntries(Object.entries(this.alarms).map(([role, a]) => [role, a.name])));
    this.pagingAlarmNames = pulumi.all(this.paging.map((a) => a.name));
    this.registerOutputs({ alarmNames: this.alarmNames, pagingAlarmNames: this.pagingAlarmNames });
  }

  /** The origin-pull client certificate's days to expiry (ACM publishes the metric once a day). */
  private createCertificateAlarms(certificateArn: pulumi.Input<string>) {
    this.alarm("origin-pull-cert-expiry", "notify", {
      alarmDescription: `CredLink ${this.baseName}: the Cloudflare origin-pull client certificate expires in less than ${ORIGIN_PULL_EXPIRY_ALARM_DAYS} days: run pulumi up to re-issue it (README, "Rotating the origin-pull certificates"), or Cloudflare can no longer reach the origin`,
      namespace: "AWS/CertificateManager",
      metricName: "DaysToExpiry",
      dimensions: { CertificateArn: certificateArn },
      statistic: "Minimum",
      period: 86400,
      evaluationPeriods: 1,
      comparisonOperator: "LessThanThreshold",
      threshold: ORIGIN_PULL_EXPIRY_ALARM_DAYS,
      // ACM publishes once a day; the first day after an import has no datapoint yet, which is not an expiry.
      treatMissingData: "notBreaching",
    });
  }

  /** One alarm, named `${name}-<role>`, with the actions of its severity. OK actions tell the same topic it cleared. */
  private alarm(role: string, severity: Severity, inputs: Omit<AlarmInputs, "alarmActions" | "okActions">): aws.cloudwatch.MetricAlarm {
    const topic = severity === "page" ? this.resolved.pageTopicArn ?? this.resolved.notifyTopicArn : this.resolved.notifyTopicArn;
    const actions = topic === undefined ? [] : [topic];
    const alarm = new aws.cloudwatch.MetricAlarm(
      `${this.baseName}-${role}`,
      { ...inputs, alarmDescription: `[${severity}] ${inputs.alarmDescription}`, alarmActions: actions, okActions: actions },
      { parent: this },
    );
    this.alarms[role] = alarm;
    if (severity === "page") this.paging.push(alarm);
    return alarm;
  }

  /** ALB: the load balancer's own 5xx and the targets' 5xx, each as a % of requests (page); unhealthy targets (notify). */
  private createLoadBalancerAlarms(args: ResolvedAlarmsArgs) {
    const lb = { LoadBalancer: args.loadBalancerArnSuffix };
    const tg = { LoadBalancer: args.loadBalancerArnSuffix, TargetGroup: args.targetGroupArnSuffix };
    const alternate = args.alternateTargetGroupArnSuffix;
    // Each rate's denominator has the numerator's dimensions: the load balancer's own 5xx over all its requests
    // (the HTTP-to-HTTPS redirects included: the ALB answers those itself), the targets' 5xx over the requests the
    // target group received.
    const rate = (role: string, what: string, metricName: string, dimensions: Record<string, pulumi.Input<string>>) =>
      this.alarm(role, "page", {
        alarmDescription: `CredLink ${this.baseName}: more than ${args.errorRatePercent}% of requests got a 5xx ${what} in 3 of the last 5 minutes`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: args.errorRatePercent,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        // No requests means no data, and nobody failing: silence is not an outage here (the uptime check covers a dead
        // endpoint). The expression already yields 0 for a minute with requests and no errors.
        treatMissingData: "notBreaching",
        metricQueries: [
          { id: "errors", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName, stat: "Sum", period: 60, dimensions } },
          { id: "requests", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", stat: "Sum", period: 60, dimensions } },
          { id: "rate", label: `5xx ${what} (% of requests)`, returnData: true, expression: "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)" },
        ],
      });
    // The load balancer's own 5xx (502/503/504: no healthy target, target reset or timed out).
    rate("alb-5xx-rate", "from the load balancer", "HTTPCode_ELB_5XX_Count", lb);
    // The targets' (the app's) 5xx.
    // With two target groups (canary), the targets' 5xx over the whole load balancer: whichever group is live.
    if (args.targetErrorRateAlarm) rate("target-5xx-rate", "from the service", "HTTPCode_Target_5XX_Count", alternate === undefined ? tg : lb);
    const unhealthy = {
      alarmDescription: `CredLink ${this.baseName}: a target failed the load balancer's health check for 5 minutes`,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      // The ALB reports the count every minute while targets are registered; no data means no targets registered, which
      // the running-tasks alarm reports. Not a second alarm for the same cause.
      treatMissingData: "notBreaching",
    };
    const unhealthyIn = (id: string, targetGroup: pulumi.Input<string>) => ({
      id,
      returnData: false,
      metric: { namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", stat: "Maximum", period: 60, dimensions: { LoadBalancer: args.loadBalancerArnSuffix, TargetGroup: targetGroup } },
    });
    this.alarm(
      "unhealthy-hosts",
      "notify",
      alternate === undefined
        ? { ...unhealthy, namespace: "AWS/ApplicationELB", metricName: "UnHealthyHostCount", dimensions: tg, statistic: "Maximum", period: 60 }
        : {
            ...unhealthy,
            // Both groups: ECS moves the service between them on every canary deployment (the live one is either).
            metricQueries: [
              unhealthyIn("production", args.targetGroupArnSuffix),
              unhealthyIn("alternate", alternate),
              { id: "unhealthy", label: "Unhealthy targets (both target groups)", returnData: true, expression: "FILL(production, 0) + FILL(alternate, 0)" },
            ],
          },
    );
  }

  /** ECS: fewer tasks running than desired; task CPU and memory utilisation. */
  private createServiceAlarms(args: ResolvedAlarmsArgs) {
    const dimensions = { ClusterName: args.clusterName, ServiceName: args.serviceName };
    this.alarm("tasks-below-desired", "notify", {
      alarmDescription: `CredLink ${this.baseName}: fewer tasks running than desired for 10 minutes (tasks crash, cannot start or cannot be placed)`,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      // A deployment or a scale-out starts tasks within a few minutes; 10 minutes short is a real shortfall.
      evaluationPeriods: 10,
      datapointsToAlarm: 10,
      // Container Insights publishes both counts every minute while the service exists. Silence means the service or
      // its telemetry is gone, and the one alarm that says "tasks are running" must not read silence as fine.
      treatMissingData: "breaching",
      metricQueries: [
        { id: "desired", returnData: false, metric: { namespace: "ECS/ContainerInsights", metricName: "DesiredTaskCount", stat: "Maximum", period: 60, dimensions } },
        { id: "running", returnData: false, metric: { namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount", stat: "Minimum", period: 60, dimensions } },
        { id: "missing", label: "Tasks below desired", returnData: true, expression: "desired - running" },
      ],
    });
    const utilisation = (role: string, metricName: string, threshold: number, what: string) =>
      this.alarm(role, "notify", {
        alarmDescription: `CredLink ${this.baseName}: average task ${what} above ${threshold}% for 15 minutes (at maxCount, or scaling is not keeping up)`,
        namespace: "AWS/ECS",
        metricName,
        dimensions,
        statistic: "Average",
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparisonOperator: "GreaterThanThreshold",
        threshold,
        // No data means no tasks reporting: the running-tasks alarm owns that case.
        treatMissingData: "notBreaching",
      });
    utilisation("task-cpu", "CPUUtilization", args.taskCpuPercent, "CPU");
    utilisation("task-memory", "MemoryUtilization", args.taskMemoryPercent, "memory (of the task size)");
  }

  /** RDS: CPU, CPU credits (burstable classes), free storage relative to the allocation, connections relative to max_connections. */
  private createDatabaseAlarms(args: ResolvedAlarmsArgs) {
    const dimensions = { DBInstanceIdentifier: args.databaseIdentifier };
    const common = {
      namespace: "AWS/RDS",
      dimensions,
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      // RDS publishes every minute while the instance runs (a Multi-AZ failover keeps the identifier). Missing data
      // is not saturation; an unreachable database shows as 5xx at the load balancer, which pages.
      treatMissingData: "notBreaching",
    } as const;
    this.alarm("db-cpu", "notify", {
      ...common,
      alarmDescription: `CredLink ${this.baseName}: database CPU above ${args.cpuPercent}% for 15 minutes`,
      metricName: "CPUUtilization",
      statistic: "Average",
      comparisonOperator: "GreaterThanThreshold",
      threshold: args.cpuPercent,
    });
    const credits = creditBalanceThreshold(args.databaseInstanceClass, "databaseInstanceClass");
    if (credits !== undefined) {
      this.alarm("db-cpu-credits", "notify", {
        ...common,
        alarmDescription: `CredLink ${this.baseName}: ${args.databaseInstanceClass} CPU credit balance below ${credits} (10% of the most it can bank): sustained load above the baseline (then surplus credits are charged, or the CPU is held to its baseline, depending on the credit mode)`,
        metricName: "CPUCreditBalance",
        statistic: "Minimum",
        comparisonOperator: "LessThanThreshold",
        threshold: credits,
      });
    }
    const freeBytes = Math.round(args.databaseAllocatedStorageGb * 1024 ** 3 * (args.databaseFreeStoragePercent / 100));
    this.alarm("db-free-storage", "notify", {
      ...common,
      alarmDescription: `CredLink ${this.baseName}: database free storage below ${args.databaseFreeStoragePercent}% of the ${args.databaseAllocatedStorageGb} GB allocated (${freeBytes} bytes): storage autoscaling is at its maximum or not keeping up`,
      metricName: "FreeStorageSpace",
      statistic: "Minimum",
      comparisonOperator: "LessThanThreshold",
      threshold: freeBytes,
    });
    const maxConnections = postgresMaxConnections(args.databaseInstanceClass);
    const connections = Math.floor((maxConnections * args.databaseConnectionsPercent) / 100);
    this.alarm("db-connections", "notify", {
      ...common,
      alarmDescription: `CredLink ${this.baseName}: more than ${connections} database connections (${args.databaseConnectionsPercent}% of max_connections ${maxConnections} for ${args.databaseInstanceClass})`,
      metricName: "DatabaseConnections",
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: connections,
    });
  }

  /** Cache, per node (the primary moves on failover): engine CPU, memory, evictions, CPU credits (burstable nodes). */
  private createCacheAlarms(args: ResolvedAlarmsArgs) {
    const credits = creditBalanceThreshold(args.cacheNodeType, "cacheNodeType");
    for (let i = 0; i < args.cacheNodes; i++) {
      const node = String(i + 1).padStart(3, "0");
      const common = {
        namespace: "AWS/ElastiCache",
        dimensions: { CacheClusterId: cacheNodeId(args.cacheReplicationGroupId, i) },
        period: 300,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        // ElastiCache publishes every minute per node; missing data is not saturation (a lost node shows as failover
        // events and, if the app suffers, as 5xx at the load balancer).
        treatMissingData: "notBreaching",
      } as const;
      this.alarm(`cache-${node}-engine-cpu`, "notify", {
        ...common,
        alarmDescription: `CredLink ${this.baseName}: cache node ${node} engine (main thread) CPU above ${args.cpuPercent}% for 15 minutes`,
        metricName: "EngineCPUUtilization",
        statistic: "Average",
        comparisonOperator: "GreaterThanThreshold",
        threshold: args.cpuPercent,
      });
      this.alarm(`cache-${node}-memory`, "notify", {
        ...common,
        alarmDescription: `CredLink ${this.baseName}: cache node ${node} memory above ${args.cacheMemoryPercent}% of maxmemory for 15 minutes; evictions follow`,
        metricName: "DatabaseMemoryUsagePercentage",
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: args.cacheMemoryPercent,
      });
      this.alarm(`cache-${node}-evictions`, "notify", {
        ...common,
        alarmDescription: `CredLink ${this.baseName}: cache node ${node} evicted keys in each of the last three 5-minute periods (memory full)`,
        metricName: "Evictions",
        statistic: "Sum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
      });
      if (credits !== undefined) {
        this.alarm(`cache-${node}-cpu-credits`, "notify", {
          ...common,
          alarmDescription: `CredLink ${this.baseName}: cache node ${node} (${args.cacheNodeType}) CPU credit balance below ${credits} (10% of the most it can bank): sustained load above the baseline (then surplus credits are charged, or the CPU is held to its baseline, depending on the credit mode)`,
          metricName: "CPUCreditBalance",
          statistic: "Minimum",
          comparisonOperator: "LessThanThreshold",
          threshold: credits,
        });
      }
    }
  }

  /**
   * S3: proof replication to the DR region failing or falling behind (the replication rule's metrics: S3 user guide,
   * "Monitoring progress with replication metrics": OperationsFailedReplication, ReplicationLatency). With the copy's
   * page topic they page, as the DR region's other copies' freshness check does: otherwise the 15-minute region RPO
   * silently becomes whatever the replica last received.
   */
  private createReplicationAlarms(replication: ReplicationAlarmTarget) {
    const dimensions = { SourceBucket: replication.sourceBucket, DestinationBucket: replication.destinationBucket, RuleId: replication.ruleId };
    const alarm = (role: string, inputs: Omit<AlarmInputs, "alarmActions" | "okActions">) =>
      replication.pageTopicArn === undefined ? this.alarm(role, "notify", inputs) : this.pageOnItsOwn(role, replication.pageTopicArn, inputs);
    alarm("proof-replication-failed", {
      alarmDescription: `CredLink ${this.baseName}: proof objects failed to replicate to the DR bucket in the last 5 minutes`,
      namespace: "AWS/S3",
      metricName: "OperationsFailedReplication",
      dimensions,
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      // S3 publishes replication metrics only while objects are being replicated: no writes, no data, no failures.
      treatMissingData: "notBreaching",
    });
    alarm("proof-replication-behind", {
      alarmDescription: `CredLink ${this.baseName}: the DR bucket has been more than ${REPLICATION_LATENCY_ALARM_SECONDS / 60} minutes behind the proof bucket for 15 minutes (the region RPO)`,
      namespace: "AWS/S3",
      metricName: "ReplicationLatency",
      dimensions,
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparisonOperator: "GreaterThanThreshold",
      threshold: REPLICATION_LATENCY_ALARM_SECONDS,
      // As above: nothing replicating, nothing behind.
      treatMissingData: "notBreaching",
    });
  }

  /** An alarm that pages through `topicArn` on its own (not part of `pagingAlarmNames`): the DR copies' freshness. */
  private pageOnItsOwn(role: string, topicArn: pulumi.Input<string>, inputs: Omit<AlarmInputs, "alarmActions" | "okActions">): aws.cloudwatch.MetricAlarm {
    const alarm = new aws.cloudwatch.MetricAlarm(
      `${this.baseName}-${role}`,
      { ...inputs, alarmDescription: `[page] ${inputs.alarmDescription}`, alarmActions: [topicArn], okActions: [topicArn] },
      { parent: this },
    );
    this.alarms[role] = alarm;
    return alarm;
  }
}
