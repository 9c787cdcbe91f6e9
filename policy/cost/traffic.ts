/**
 * The traffic model: where every figure of usage.yml comes from.
 *
 * usage.yml is generated from this file (`npm run usage`), and tests/cost/traffic.test.ts fails when the two differ,
 * so there is one source of truth: a profile per environment (the traffic, the sizes of what it carries, and the
 * facts about the deployed stack the figures depend on), stated once below with its reasons, and `deriveUsage`, which
 * computes every usage figure from it with the formula beside it. The formulas are written into usage.yml as comments
 * and into docs/COST.md (a generated block), so a reviewer checks a figure by reading its formula and the inputs.
 *
 * Three kinds of input, and what a reviewer can check:
 * - **stack facts** (`stack`): what the program deploys (tasks, AZs, health checks and their regions, retention
 *   days...). tests/cost/traffic.test.ts holds each to the committed stack file's plan: a change to the program that
 *   moves one fails until the profile (and so usage.yml) follows.
 * - **AWS behaviour** (record sizes, how often a service writes or calls): each constant names its public source.
 * - **assumptions** about the product and its clients (request mix, payload sizes, log lines): each says why it was
 *   chosen. They are deliberate, conservative where the choice was open, and to be replaced by measured figures
 *   (Cost Explorer, CloudWatch usage metrics) once the service runs.
 *
 * Growing data (proofs, the database, logs kept for a year) is counted at the first year's average month: the month
 * whose bill, times twelve, is the first year's (data accumulated over `monthsOfData` months on average). docs/COST.md
 * says what each further month of proofs adds.
 */
import { HOURS_PER_MONTH } from "./prices";
import type { Usage } from "./usage";

/** One request shape: its share of the API traffic (a weight) and its bytes on the wire, KB. */
export interface RequestShape {
  readonly weight: number;
  readonly requestKb: number;
  readonly responseKb: number;
}

export interface TrafficProfile {
  /** What the profile is: a sentence for usage.yml's header. */
  readonly about: string;
  /** API requests a month, millions: the cost curve's 1x point (`--usage-scale` multiplies the figures derived from it). */
  readonly requestsMillions: number;
  /** The API's request shapes: creating a proof (uploads and stores it), reading one, verifying content against one. */
  readonly mix: { readonly create: RequestShape; readonly get: RequestShape; readonly verify: RequestShape };
  /** A stored proof, KB. */
  readonly proofKb: number;
  /** Months of proofs, database rows and long-kept logs the figures count (6.5: the first year's average month). */
  readonly monthsOfData: number;
  /** Client connections per API request (1: no reuse between requests assumed). */
  readonly connectionsPerRequest: number;
  /** What the server sends to open a TLS connection (certificate chain and handshake), KB; 0 for plain HTTP. */
  readonly tlsHandshakeKb: number;
  /** Database bytes written per created proof and per recorded verification (row and its index entries). */
  readonly dbBytes: { readonly perProof: number; readonly perVerification: number };
  /** Application log bytes per API request and per health-check request the app answers. */
  readonly appLogBytes: { readonly perRequest: number; readonly perHealthCheck: number };
  /** Releases a month (image pushes and deployments). */
  readonly releasesPerMonth: number;
  /** CI plan runs a month (previews of pull requests and deployments), each reading every resource. */
  readonly ciRunsPerMonth: number;
  /** Chaos game days a month (each runs every FIS experiment template once); 0 without chaos. */
  readonly gameDaysPerMonth: number;
  /** What the program deploys: tests/cost/traffic.test.ts holds each fact to the committed stack's plan. */
  readonly stack: StackFacts;
}

/** The facts about the deployed stack the figures depend on. */
export interface StackFacts {
  /** Service tasks running (desiredCount). */
  readonly tasks: number;
  /** Containers per task that log (the app, and the tracing collector when tracing is on). */
  readonly loggingContainersPerTask: number;
  /** AZs the load balancer spans: one load balancer node (and public IPv4) in each, at least. */
  readonly azs: number;
  /** NAT instances (each with a public IPv4). */
  readonly natInstances: number;
  /** Route 53 HTTPS health checks on the load balancer, their interval and how many checker regions each uses. */
  readonly healthChecks: { readonly count: number; readonly intervalSeconds: number; readonly regions: number };
  /** The target group's health-check interval, seconds. */
  readonly targetHealthCheckSeconds: number;
  /** Whether a WAF web ACL inspects the load balancer's requests (its BLOCK and COUNT matches are logged). */
  readonly waf: boolean;
  /** Retention, days: the app's and the database's log groups, the flow logs, the load balancer's access logs, the proof bucket's access logs. */
  readonly retentionDays: { readonly logs: number; readonly flowLogs: number; readonly albLogs: number; readonly proofAccessLogs: number };
  /** Images the repository keeps (its lifecycle rule). */
  readonly keepImages: number;
  /** RDS automated backups, days (point-in-time restore); AWS Backup daily snapshots, days; continuous backup on. */
  readonly backup: { readonly automatedDays: number; readonly snapshotDays: number; readonly continuous: boolean };
  /** The database's allocated storage, GB: RDS keeps that much backup storage free. */
  readonly dbAllocatedGb: number;
  /** Restore tests a month per restore-testing plan, and each one's validation window, hours. */
  readonly restoreTests: { readonly perMonth: number; readonly validationHours: number };
  /** The DR region's copies: proof replication, backup replication, the DR vault and the air-gapped vault. */
  readonly dr: boolean;
  /** The cache's snapshot retention, days. */
  readonly cacheSnapshotDays: number;
  /** The scheduled copy-freshness check runs every this many minutes (0: no check). */
  readonly freshnessCheckMinutes: number;
  /** The DR region's pilot light: public IPv4 addresses standing there (its load balancer nodes, its NAT instances). */
  readonly drPublicIpv4: number;
  /** The share of requests the service traces (its OpenTelemetry sampling ratio; 0 without tracing). */
  readonly tracedShare: number;
  /** Minutes a deployment runs a second set of tasks: CANARY, start (~5) + canary bake + bake; ROLLING, start (~5). */
  readonly deploymentOverlapMinutes: number;
}

// ---------------------------------------------------------------------------------------------------------------
// AWS behaviour: constants with their sources.
// ---------------------------------------------------------------------------------------------------------------

const SECONDS = HOURS_PER_MONTH * 3600;
const DAYS = HOURS_PER_MONTH / 24;
const MONTH_DAYS = 365 / 12;

export const AWS = {
  /**
   * Route 53 HTTPS health checks: "A health checker in each data center around the world sends your endpoint a health
   * check request every 30 seconds. On average, your endpoint receives a health check request about every two
   * seconds" (Route 53 API reference, HealthCheckConfig, RequestInterval; the Cloud Map reference says the same), from
   * the 8 default checker regions (HealthCheckConfig, Regions: us-east-1, us-west-1, us-west-2, eu-west-1,
   * ap-southeast-1, ap-southeast-2, ap-northeast-1, sa-east-1). So about 15 checkers at 30 s, 1.875 per region.
   */
  healthCheckersPerRegion: 30 / 2 / 8,
  defaultCheckerRegions: 8,
  /**
   * A VPC flow log record in the default format (version 2, 14 fields), as text: this sample's length, newline
   * included (VPC user guide, "Flow log records"; a public measurement, yohei-a.hatenablog.jp 2018-09-09, shows the
   * same shape). GuardDuty analyses the VPC's flow logs from its own stream and publishes no record size: the same
   * bytes are assumed (its usage metric is bytes analysed: GuardDuty user guide, "Monitoring GuardDuty usage").
   */
  flowRecordBytes: "2 123456789012 eni-0123456789abcdef0 203.0.113.123 10.30.101.234 51234 443 6 12 4321 1767225600 1767226200 ACCEPT OK\n".length,
  /** Flow log files are gzip-compressed in S3 (VPC user guide, "Flow log files"); the public measurement above compressed 728 KB to 376 KB. */
  flowLogGzipRatio: 376 / 728,
  /** Flow logs aggregate a flow over at most this many seconds (the network's maxAggregationInterval: 600). */
  flowAggregationSeconds: 600,
  /** Flow logs, the load balancer's access logs and CloudTrail each deliver a file about every 5 minutes (VPC user guide, ELB user guide, CloudTrail FAQ). */
  deliveryFileSeconds: 300,
  /**
   * CloudWatch Logs bills ingested bytes with 26 bytes of overhead per event (CloudWatch pricing page, Logs), and stores
   * them compressed: the AWS Pricing Calculator estimates archived volume at 15% of ingested.
   */
  logEventOverheadBytes: 26,
  logStorageCompression: 0.15,
  /** An ALB access log entry (ELB user guide, "Access log entries": the example entries are ~550 characters); files are gzip-compressed, assumed like CloudWatch Logs' 15%. */
  albLogEntryBytes: 550,
  albLogCompression: 0.15,
  /** An S3 server access log record (S3 user guide, "Server access log format": the example records are ~480 characters); delivered uncompressed, and free to deliver (only storage is charged). */
  s3AccessLogRecordBytes: 480,
  /** A WAF log record (JSON with the request's headers; AWS WAF developer guide, "Log fields"). */
  wafLogRecordBytes: 1500,
  /** A CloudTrail record (JSON), and log files gzip-compressed (CloudTrail user guide, "CloudTrail log file examples"). */
  cloudTrailRecordBytes: 1500,
  cloudTrailGzipRatio: 0.1,
  /** Regions a multi-region trail writes digest files for, hourly, whether or not they had events (the 17 regions enabled by default in an account). */
  trailRegions: 17,
  /** Regions with events: the primary (with the global services' events), and the DR region where there is one. */
  activeRegions: (dr: boolean) => (dr ? 2 : 1),
  /**
   * S3 Bucket Keys: S3 asks KMS for a bucket-level key and reuses it for a while instead of calling KMS per object
   * ("up to 99%" fewer calls, S3 user guide, "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys"); AWS's own
   * proof of concept measured 97.3% fewer on 150 requests (aws-samples/s3-bucketkey-poc): the measured share kept.
   */
  bucketKeyCallShare: 1 - 0.973,
  /**
   * CloudWatch Logs encrypts each log stream's events with data keys from KMS; how long it reuses one is not published:
   * one GenerateDataKey per active stream every 5 minutes is assumed.
   */
  logStreamKmsCallsPerHour: 12,
  /** A mostly empty transaction log upload compressed, MB: RDS uploads the log every 5 minutes even when idle (the 5-minute restore granularity). Assumed. */
  idleWalUploadMb: 1,
  /** Blocks a PostgreSQL write dirties besides the row (indexes, free-space and visibility maps, vacuum): a daily snapshot's changed blocks per byte written. Assumed. */
  snapshotChangeFactor: 3,
  /** Transaction log bytes per byte written (the row, its index entries and full-page images after each checkpoint). Assumed. */
  walFactor: 3,
  /** Unsolicited packets a public IPv4 address receives a day: one measurement of a fresh address saw 1,018 sources probe 1,167 ports in 24 h (weberblog.net, "Internet's Noise"); 10,000 records a day assumed, each its own flow. */
  scanRecordsPerIpPerDay: 10_000,
  /** Of those, HTTP(S) requests that reach a load balancer's listener (and its WAF, which blocks them), per node a day. Assumed. */
  httpProbesPerNodePerDay: 1_000,
  /** Inspector rescans an image when a new CVE affects one of its packages: 5 a month per kept image assumed. */
  rescansPerImagePerMonth: 5,
  /** ECR: the base layers every image shares, and what a release changes, MB compressed. Assumed for a Node.js service. */
  imageBaseMb: 130,
  imageReleaseMb: 20,
  /** FIS action-minutes of each template per run: stop-task and reboot-with-failover are one-minute actions (billed per minute, assumed at least one), the cache AZ power interruption lasts PT10M. */
  fisMinutesPerGameDay: 1 + 1 + 10,
  /** The cache's memory in use (snapshots are at most that), GB; the first snapshot per cluster is free (ElastiCache pricing). Assumed. */
  cacheUsedGb: 0.1,
  /** Management events a CI plan run causes: a read (Describe/Get/List) per resource, twice (refresh and diff), ~420 resources. */
  ciEventsPerRun: 840,
  /** Management events of AWS's own agents: SSM's UpdateInstanceInformation every 5 minutes per NAT instance, the check function's reads. */
  ssmEventsPerInstancePerHour: 12,
  freshnessCheckEventsPerRun: 4,
  /** Security Hub's periodic checks run every 12 hours per control and resource (Security Hub user guide, "Schedule for running security checks"); 300 control-resource pairs assumed. */
  securityHubPairs: 300,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// The profiles.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The request mix is the load test's (loadtest/proofs.ts DEFAULT_SHAPES: create 2, get 3, verify 4, the only
 * statement of the API's mix in the repository; its health-check shape is left out, health checks are counted from
 * the program). Sizes: a proof upload exceeds 8 KB (that is why the WAF lets larger bodies through on /v1/proofs): a
 * 16 KB proof is assumed, read back whole by `get`; `verify` posts a content hash and gets a verdict.
 */
const MIX = {
  create: { weight: 2, requestKb: 16.5, responseKb: 1 },
  get: { weight: 3, requestKb: 0.5, responseKb: 16.5 },
  verify: { weight: 4, requestKb: 1, responseKb: 0.5 },
} as const;

export const PROFILES: Readonly<Record<"dev" | "prod", TrafficProfile>> = {
  prod: {
    about: "launch traffic, ~50k API requests a day (1.5M a month): creating, reading and verifying proofs",
    requestsMillions: 1.5,
    mix: MIX,
    proofKb: 16,
    monthsOfData: 6.5,
    connectionsPerRequest: 1,
    // An ACM RSA-2048 leaf and its intermediate (~3.5 KB) and the handshake's other records.
    tlsHandshakeKb: 5,
    dbBytes: { perProof: 500, perVerification: 300 },
    appLogBytes: { perRequest: 600, perHealthCheck: 250 },
    // About one release every three days (the registry's replication and Inspector's push scans follow it).
    releasesPerMonth: 10,
    ciRunsPerMonth: 60,
    gameDaysPerMonth: 1,
    stack: {
      tasks: 2,
      loggingContainersPerTask: 2,
      azs: 2,
      natInstances: 2,
      healthChecks: { count: 2, intervalSeconds: 30, regions: 8 },
      targetHealthCheckSeconds: 10,
      waf: true,
      retentionDays: { logs: 90, flowLogs: 90, albLogs: 90, proofAccessLogs: 365 },
      keepImages: 30,
      backup: { automatedDays: 14, snapshotDays: 35, continuous: true },
      dbAllocatedGb: 20,
      restoreTests: { perMonth: 52 / 12, validationHours: 4 },
      dr: true,
      cacheSnapshotDays: 7,
      freshnessCheckMinutes: 15,
      drPublicIpv4: 4,
      tracedShare: 0.05,
      deploymentOverlapMinutes: 5 + 15 + 20,
    },
  },
  dev: {
    about: "one engineer's testing traffic, 0.1M API requests a month, over plain HTTP",
    requestsMillions: 0.1,
    mix: MIX,
    proofKb: 16,
    monthsOfData: 6.5,
    connectionsPerRequest: 1,
    tlsHandshakeKb: 0,
    dbBytes: { perProof: 500, perVerification: 300 },
    appLogBytes: { perRequest: 600, perHealthCheck: 250 },
    // A deployment every working day.
    releasesPerMonth: 20,
    ciRunsPerMonth: 60,
    gameDaysPerMonth: 0,
    stack: {
      tasks: 1,
      loggingContainersPerTask: 1,
      azs: 2,
      natInstances: 1,
      healthChecks: { count: 0, intervalSeconds: 30, regions: 8 },
      targetHealthCheckSeconds: 10,
      waf: false,
      retentionDays: { logs: 14, flowLogs: 14, albLogs: 30, proofAccessLogs: 30 },
      keepImages: 10,
      backup: { automatedDays: 1, snapshotDays: 7, continuous: false },
      dbAllocatedGb: 20,
      restoreTests: { perMonth: 1, validationHours: 2 },
      dr: false,
      cacheSnapshotDays: 1,
      freshnessCheckMinutes: 0,
      drPublicIpv4: 0,
      tracedShare: 0,
      deploymentOverlapMinutes: 5,
    },
  },
};

// ---------------------------------------------------------------------------------------------------------------
// The derivation.
// ---------------------------------------------------------------------------------------------------------------

/** A derived figure: its value (rounded to 3 significant digits, as usage.yml writes it) and how it was computed. */
export interface Figure {
  readonly value: number;
  readonly formula: string;
}

type Section = keyof Usage;
export type Derived = { -readonly [S in Section]?: { -readonly [K in keyof NonNullable<Usage[S]>]?: Figure } };

/** 3 significant digits (0 stays 0). */
export const sig = (n: number): number => (n === 0 ? 0 : Number(n.toPrecision(3)));
const GB = 1e9;
const M = 1e6;
/** A number as a formula writes it. */
const f = (n: number): string => {
  const r = sig(n);
  return Math.abs(r) >= 1e6 ? `${+(r / 1e6).toPrecision(3)}M` : Math.abs(r) >= 1e4 ? `${+(r / 1e3).toPrecision(3)}k` : String(r);
};

/** The quantities the figures share, before rounding. */
export interface Flows {
  readonly requests: number;
  readonly creates: number;
  readonly gets: number;
  readonly verifies: number;
  /** Route 53 health-check requests a month (they reach the app through the load balancer). */
  readonly healthChecks: number;
  /** The target group's health checks a month (load balancer nodes to tasks, inside the VPC). */
  readonly targetChecks: number;
  /** HTTP probes from internet scanners that reach the listener. */
  readonly probes: number;
  readonly flowRecords: number;
  readonly logGb: number;
}

/** Every usage figure of `p`, each with its formula; and the shared quantities. */
export function deriveUsage(p: TrafficProfile): { derived: Derived; flows: Flows } {
  const s = p.stack;
  const d: Derived = {};
  const set = <S extends Section>(section: S, field: keyof NonNullable<Usage[S]>, value: number, formula: string) => {
    const bag = (d[section] ??= {} as never) as Record<string, Figure>;
    bag[field as string] = { value: sig(value), formula };
  };

  // --- Requests -------------------------------------------------------------------------------------------------
  const weights = p.mix.create.weight + p.mix.get.weight + p.mix.verify.weight;
  const requests = p.requestsMillions * M;
  const creates = (requests * p.mix.create.weight) / weights;
  const gets = (requests * p.mix.get.weight) / weights;
  const verifies = (requests * p.mix.verify.weight) / weights;
  const share = (k: keyof TrafficProfile["mix"]) => `${p.mix[k].weight}/${weights}`;
  const checkRate = s.healthChecks.count * s.healthChecks.regions * AWS.healthCheckersPerRegion / s.healthChecks.intervalSeconds;
  const healthChecks = checkRate * SECONDS;
  const albNodes = s.azs;
  const targetChecks = ((albNodes * s.tasks) / s.targetHealthCheckSeconds) * SECONDS;
  const probes = albNodes * AWS.httpProbesPerNodePerDay * DAYS;
  const hcWhy = `${s.healthChecks.count} Route 53 checks x ${s.healthChecks.regions} regions x ${AWS.healthCheckersPerRegion} checkers / ${s.healthChecks.intervalSeconds} s`;
  set("traffic", "requestsMillions", p.requestsMillions, "API requests a month (the profile): the cost curve's 1x point, which --usage-scale multiplies");

  // --- Bytes on the wire ----------------------------------------------------------------------------------------
  const kb = 1e3;
  const shapes = [
    [creates, p.mix.create],
    [gets, p.mix.get],
    [verifies, p.mix.verify],
  ] as const;
  const inBytes = shapes.reduce((a, [n, sh]) => a + n * sh.requestKb * kb, 0);
  const outBytes = shapes.reduce((a, [n, sh]) => a + n * sh.responseKb * kb, 0);
  const connections = requests * p.connectionsPerRequest;
  const tlsOut = (connections + healthChecks) * p.tlsHandshakeKb * kb;
  const healthCheckOut = healthChecks * 0.3 * kb;
  const egress = outBytes + tlsOut + healthCheckOut;
  set(
    "dataTransfer",
    "internetEgressGb",
    egress / GB,
    `responses (create ${p.mix.create.responseKb} KB, get ${p.mix.get.responseKb} KB, verify ${p.mix.verify.responseKb} KB) + ${p.tlsHandshakeKb} KB of TLS handshake per connection (${f(connections)} client, ${f(healthChecks)} health checks: ${hcWhy}) + 0.3 KB per health-check response; the free 100 GB a month not assumed`,
  );
  // Cross-AZ: a task reaches the database primary and the cache primary in one AZ, so half the tasks' data-tier
  // traffic crosses (3 KB and 1 KB a request assumed); the load balancer forwards half the requests to a task in the
  // other AZ (counted: whether ALB cross-zone traffic is charged is not settled here). RDS Multi-AZ replication is
  // free (RDS pricing, "Data transfer": replication of Multi-AZ deployments is not charged).
  const crossAz = 0.5 * (requests * (3 + 1) * kb + inBytes + outBytes + (healthChecks + targetChecks) * 0.5 * kb);
  set(
    "dataTransfer",
    "crossAzGb",
    crossAz / GB,
    "half of: the data tier (3 KB database + 1 KB cache a request), the requests and responses the load balancer forwards, 0.5 KB per health check forwarded (each crossing charged on both sides)",
  );

  // --- Edge: WAF, load balancer, DNS ----------------------------------------------------------------------------
  const edgeRequests = requests + healthChecks + probes;
  set("waf", "requestsMillions", edgeRequests / M, `${f(requests)} API + ${f(healthChecks)} health checks (${hcWhy}) + ${f(probes)} scanner probes (${AWS.httpProbesPerNodePerDay}/day per load balancer node)`);
  // LCU (ELB pricing, "LCU details"): the largest of new connections (25/s), active connections (3,000/min), processed
  // bytes (1 GB/h for instance and IP targets) and rule evaluations (1,000/s beyond 10 free rules: the listeners have
  // fewer than 10 rules, so 0). Each hour is billed at its largest dimension: the month's average rates are used (the
  // same dimension leads in every hour).
  const newConnPerSec = (connections + healthChecks + probes) / SECONDS;
  const activePerMin = newConnPerSec * 60; // each connection lives under a minute
  const processedGbPerHour = (inBytes + egress + (healthChecks + probes) * 0.5 * kb) / GB / HOURS_PER_MONTH;
  const lcu = Math.max(newConnPerSec / 25, activePerMin / 3000, processedGbPerHour / 1);
  set(
    "loadBalancer",
    "averageLcu",
    lcu,
    `max(new connections ${f(newConnPerSec)}/s / 25, active ${f(activePerMin)}/min / 3,000, processed ${f(processedGbPerHour)} GB/h / 1, rules 0)`,
  );
  set("route53", "queriesMillions", 0, "the service's name is an alias record to the load balancer: Route 53 answers alias queries to AWS resources free (Route 53 developer guide, \"Choosing between alias and non-alias records\")");

  // --- Compute ----------------------------------------------------------------------------------------------------
  // A deployment runs a second set of tasks beside the first (CANARY: from start to the end of the bake); the request
  // target (500/min per task) is never reached at this rate (the cost curve says when it would be).
  const overlap = s.deploymentOverlapMinutes;
  set("fargate", "extraTaskHours", (p.releasesPerMonth * s.tasks * overlap) / 60, `${p.releasesPerMonth} releases x ${s.tasks} tasks x ${overlap} min of a second task set during each deployment; scale-outs: none at this rate`);

  // --- Logs -------------------------------------------------------------------------------------------------------
  const appLog = requests * (p.appLogBytes.perRequest + AWS.logEventOverheadBytes) + (healthChecks + targetChecks) * (p.appLogBytes.perHealthCheck + AWS.logEventOverheadBytes);
  // The WAF logs only BLOCK and COUNT matches (its logging filter): the scanners' probes, and every upload over 8 KB
  // (the core rule set's SizeRestrictions_BODY counts it, and the upload-path rule lets it through).
  const wafLogged = s.waf ? probes + creates : 0;
  const wafLog = wafLogged * AWS.wafLogRecordBytes;
  // Assumed: the tracing collector logs ~1 MB a day per task (start-up and periodic export lines); the database's
  // postgresql log 50 MB a month (checkpoints, connections, errors); the check function ~700 B a run (Lambda's START,
  // END and REPORT lines and its verdict).
  const collectorLog = s.loggingContainersPerTask > 1 ? s.tasks * 1e6 * DAYS : 0;
  const dbLog = 50e6;
  const checkRuns = s.freshnessCheckMinutes > 0 ? (HOURS_PER_MONTH * 60) / s.freshnessCheckMinutes : 0;
  const lambdaLog = checkRuns * 700;
  const logBytes = appLog + wafLog + collectorLog + dbLog + lambdaLog;
  set(
    "cloudwatchLogs",
    "ingestedGb",
    logBytes / GB,
    `app ${f(appLog / GB)} GB (${p.appLogBytes.perRequest} B a request, ${p.appLogBytes.perHealthCheck} B a health check, +${AWS.logEventOverheadBytes} B an event) + WAF ${f(wafLog / GB)} GB (${f(wafLogged)} BLOCK/COUNT records x ${AWS.wafLogRecordBytes} B) + collector ${f(collectorLog / GB)} GB + database 0.05 GB + check function ${f(lambdaLog / GB)} GB`,
  );
  set("cloudwatchLogs", "storedGb", (logBytes / GB) * (s.retentionDays.logs / MONTH_DAYS) * AWS.logStorageCompression, `ingested x ${s.retentionDays.logs} days kept x ${AWS.logStorageCompression} (stored compressed)`);

  // --- Flow logs --------------------------------------------------------------------------------------------------
  // Records a month: one per direction of each flow (5-tuple) on each network interface, per aggregation window.
  const windows = SECONDS / AWS.flowAggregationSeconds;
  const front = (connections + healthChecks) * 2; // client and health-checker connections, in and out, on a load balancer node
  const back = (requests + healthChecks) * 4; // forwarded on a new connection each (the app's keep-alive is not in the image contract), both interfaces
  const targetCheckRecords = targetChecks * 4;
  const pooled = s.tasks * windows * (5 * 4 + 2 * 4 + 2 * 2); // 5 database and 2 cache connections (both interfaces), 2 to S3 through the gateway endpoint
  const apis = s.tasks * windows * (s.loggingContainersPerTask + 1) * 6; // logs, traces, the runtime agent: task and NAT interfaces
  const natOwn = s.natInstances * windows * 4;
  const checkRecords = checkRuns * 3 * 6;
  const publicIps = albNodes + s.natInstances;
  const scans = publicIps * AWS.scanRecordsPerIpPerDay * DAYS;
  const flowRecords = front + back + targetCheckRecords + pooled + apis + natOwn + checkRecords + scans;
  const flowGb = (flowRecords * AWS.flowRecordBytes) / GB;
  set(
    "vpcFlowLogs",
    "gbDelivered",
    flowGb,
    `${f(flowRecords)} records x ${AWS.flowRecordBytes} B: client and health-check connections ${f(front + back)} (2 at the load balancer, 4 forwarded), target health checks ${f(targetCheckRecords)}, pooled data-tier connections ${f(pooled)}, AWS APIs through NAT ${f(apis + natOwn + checkRecords)}, scans of ${publicIps} public IPv4s ${f(scans)}`,
  );
  set("vpcFlowLogs", "storedGb", flowGb * (s.retentionDays.flowLogs / MONTH_DAYS) * AWS.flowLogGzipRatio, `delivered x ${s.retentionDays.flowLogs} days kept x ${sig(AWS.flowLogGzipRatio)} (gzip)`);

  // --- GuardDuty --------------------------------------------------------------------------------------------------
  // DNS: a query (A and AAAA) per new outbound connection, counted as if every pooled connection (5 database, 2 cache,
  // 2 S3) and API connection were opened again each window (conservative), and the check function's; a Resolver query
  // log record is ~500 B (Route 53 Resolver query log format).
  const dnsQueries = (s.tasks * windows * (9 + s.loggingContainersPerTask + 1) + checkRuns * 3) * 2;
  const dnsGb = (dnsQueries * 500) / GB;
  const drScans = s.drPublicIpv4 * AWS.scanRecordsPerIpPerDay * DAYS;
  const drGb = (drScans * AWS.flowRecordBytes) / GB;
  set("guardDuty", "logGb", flowGb + dnsGb + drGb, `the VPC's flow records ${f(flowGb)} GB + DNS ${f(dnsGb)} GB (${f(dnsQueries)} queries x 500 B) + the DR region's pilot light ${f(drGb)} GB (scans of ${s.drPublicIpv4} public IPv4s)`);

  // --- Proof storage and requests ---------------------------------------------------------------------------------
  const proofBytesMonth = creates * p.proofKb * kb;
  const proofsGb = (proofBytesMonth * p.monthsOfData) / GB;
  const replicaGb = s.dr ? proofsGb : 0;
  const albLogGbMonth = ((requests + healthChecks + probes) * AWS.albLogEntryBytes * AWS.albLogCompression) / GB;
  const albLogGb = albLogGbMonth * Math.min(p.monthsOfData, s.retentionDays.albLogs / MONTH_DAYS);
  const backupReads = s.backup.continuous ? creates : 0;
  // Server access log records: the proof bucket's requests (the app's, AWS Backup's reads, replication's reads), and
  // the replica's (replication's writes).
  const proofRequests = creates + gets + verifies + backupReads + (s.dr ? 2 * creates : 0);
  const accessLogGbMonth = (proofRequests * AWS.s3AccessLogRecordBytes) / GB;
  const accessLogGb = accessLogGbMonth * Math.min(p.monthsOfData, s.retentionDays.proofAccessLogs / MONTH_DAYS);
  set(
    "s3",
    "storageGb",
    proofsGb + replicaGb + albLogGb + accessLogGb,
    `proofs ${f(proofsGb)} GB (${f(creates)} a month x ${p.proofKb} KB x ${p.monthsOfData} months)${s.dr ? ` + the DR replica ${f(replicaGb)} GB` : ""} + load balancer logs ${f(albLogGb)} GB + the proof buckets' access logs ${f(accessLogGb)} GB (${f(proofRequests)} requests x ${AWS.s3AccessLogRecordBytes} B, kept up to ${s.retentionDays.proofAccessLogs} days)`,
  );
  const files = SECONDS / AWS.deliveryFileSeconds;
  const albFiles = albNodes * files;
  const flowFiles = files;
  const writes = creates + (s.dr ? creates : 0) + albFiles + flowFiles;
  set(
    "s3",
    "writeRequestsThousands",
    writes / 1e3,
    `${f(creates)} proofs (${share("create")} of requests)${s.dr ? ` + ${f(creates)} replication PUTs in the replica (S3 pricing, Replication)` : ""} + ${f(albFiles)} load balancer log files + ${f(flowFiles)} flow log files (a file per 5 minutes each); the proof bucket's access logs are delivered free (S3 user guide, "Logging requests with server access logging"), CloudTrail's files are the trail's line`,
  );
  const reads = gets + verifies + backupReads;
  set("s3", "readRequestsThousands", reads / 1e3, `${f(gets + verifies)} proof reads (get ${share("get")}, verify ${share("verify")}; no cache hits assumed)${backupReads ? ` + ${f(backupReads)} AWS Backup reads of each new version (continuous backup)` : ""}`);
  if (s.dr) set("s3", "replicatedTransferGb", proofBytesMonth / GB, `${f(creates)} new proofs x ${p.proofKb} KB replicated to the DR region`);

  // --- Database and backups -----------------------------------------------------------------------------------------
  const dbWriteBytesMonth = creates * p.dbBytes.perProof + verifies * p.dbBytes.perVerification;
  const dbGb = 0.1 + (dbWriteBytesMonth * p.monthsOfData) / GB;
  const changedGbDay = (dbWriteBytesMonth / MONTH_DAYS) * AWS.snapshotChangeFactor / GB;
  const walGbDay = ((dbWriteBytesMonth / MONTH_DAYS) * AWS.walFactor) / GB + (288 * AWS.idleWalUploadMb) / 1e3;
  const automatedGb = dbGb + changedGbDay * s.backup.automatedDays + walGbDay * s.backup.automatedDays;
  const snapshotsGb = dbGb + changedGbDay * (s.backup.snapshotDays - 1);
  const dbWhy = `database ${f(dbGb)} GB (${p.dbBytes.perProof} B a proof, ${p.dbBytes.perVerification} B a verification, ${p.monthsOfData} months)`;
  // With continuous backup, AWS Backup manages the point-in-time window (RDS's automated backups): counted once, as
  // AWS Backup warm storage (no RDS free allowance assumed for it), so RDS's own backup line is 0.
  set(
    "rds",
    "backupGbBeyondAllocated",
    s.backup.continuous ? 0 : Math.max(0, automatedGb - s.dbAllocatedGb),
    s.backup.continuous
      ? "the point-in-time window is AWS Backup's (continuous backup): counted in backup.warmStorageGb"
      : `${f(automatedGb)} GB of automated backups less the free ${s.dbAllocatedGb} GB (100% of allocated storage)`,
  );
  set(
    "backup",
    "warmStorageGb",
    snapshotsGb + (s.backup.continuous ? automatedGb : 0),
    `daily snapshots ${f(snapshotsGb)} GB (${dbWhy} + ${f(changedGbDay)} GB of changed blocks a day x ${s.backup.snapshotDays - 1})${s.backup.continuous ? ` + the point-in-time window ${f(automatedGb)} GB (a full copy + ${s.backup.automatedDays} days of changes and ${f(walGbDay)} GB of transaction log a day)` : ""}`,
  );
  const s3BackupGb = s.backup.continuous || s.backup.snapshotDays > 0 ? proofsGb + (proofBytesMonth / GB / MONTH_DAYS) * Math.max(s.backup.snapshotDays, s.backup.continuous ? s.backup.automatedDays : 0) : 0;
  set("backup", "s3StorageGb", s3BackupGb, `the proofs ${f(proofsGb)} GB + ${Math.max(s.backup.snapshotDays, s.backup.continuous ? s.backup.automatedDays : 0)} days of new versions`);
  if (s.dr) {
    set("rds", "replicatedBackupGb", automatedGb, `the automated backups replicated whole: ${f(automatedGb)} GB (as the point-in-time window)`);
    set("rds", "replicatedTransferGb", (changedGbDay + walGbDay) * MONTH_DAYS, `a day's changed blocks ${f(changedGbDay)} GB + transaction log ${f(walGbDay)} GB (${AWS.idleWalUploadMb} MB per 5-minute upload when idle), x ${sig(MONTH_DAYS)} days`);
    // Snapshot copies to another region are incremental when the previous copy is there (RDS user guide, "Copying
    // a DB snapshot", incremental snapshot copying); the air-gapped vault's copies are assumed incremental too.
    set("backup", "crossRegionCopyGb", changedGbDay * MONTH_DAYS, `incremental daily snapshot copies: ${f(changedGbDay)} GB x ${sig(MONTH_DAYS)} days`);
    set("backup", "drStorageGb", snapshotsGb, `the daily snapshots' copies, kept ${s.backup.snapshotDays} days: as the snapshots`);
    set("backup", "airGappedRdsGb", snapshotsGb, "the daily snapshots' copies in the air-gapped vault (incremental assumed): as the snapshots");
    set("backup", "airGappedS3Gb", s3BackupGb, "the proof bucket's daily recovery points copied there: as backup.s3StorageGb");
    set("backup", "airGappedCopyGb", (changedGbDay + proofBytesMonth / GB / MONTH_DAYS) * MONTH_DAYS, "a month of the database's changed blocks and new proofs, copied daily into the DR region");
  } else {
    for (const k of ["crossRegionCopyGb", "drStorageGb", "airGappedRdsGb", "airGappedS3Gb", "airGappedCopyGb"] as const) set("backup", k, 0, "no DR region");
  }
  set("backup", "restoreTestInstanceHours", s.restoreTests.perMonth * (1 + s.restoreTests.validationHours), `${sig(s.restoreTests.perMonth)} test(s) a month x (~1 h restore + ${s.restoreTests.validationHours} h validation window)`);
  set("elasticache", "snapshotGb", Math.max(0, s.cacheSnapshotDays * AWS.cacheUsedGb - AWS.cacheUsedGb), `${s.cacheSnapshotDays} daily snapshot(s) x ${AWS.cacheUsedGb} GB in use, the first free`);

  // --- Images ---------------------------------------------------------------------------------------------------------
  const imagesGb = (AWS.imageBaseMb + s.keepImages * AWS.imageReleaseMb) / 1e3;
  set("ecr", "storageGb", imagesGb, `${AWS.imageBaseMb} MB of shared base layers + ${s.keepImages} kept images x ${AWS.imageReleaseMb} MB of their own`);
  if (s.dr) {
    set("ecr", "replicatedStorageGb", imagesGb, "the kept images again in the DR region (its lifecycle keeps as many)");
    set("ecr", "replicatedTransferGb", (p.releasesPerMonth * AWS.imageReleaseMb) / 1e3, `${p.releasesPerMonth} releases x ${AWS.imageReleaseMb} MB of new layers`);
  }
  set("inspector", "imagesScanned", p.releasesPerMonth, `${p.releasesPerMonth} releases, one scan on push each (per region scanning them)`);
  set("inspector", "rescans", s.keepImages * AWS.rescansPerImagePerMonth, `${s.keepImages} kept images x ${AWS.rescansPerImagePerMonth} new CVEs a month each (per region rescanning them)`);

  // --- Audit trail and management events ------------------------------------------------------------------------------
  set("cloudtrail", "proofWritesMillions", creates / M, `one data event per new proof (${share("create")} of requests); replication's writes in the replica are not recorded`);
  set("cloudtrail", "proofReadsMillions", reads / M, "one data event per proof read (only with credlink:audit.dataEventReads)");
  set("cloudtrail", "replicaOtherWritesMillions", 0, "the replica is written by replication (not recorded) and, rarely, a restore");
  const activeRegions = AWS.activeRegions(s.dr);
  const trailFiles = activeRegions * files + AWS.trailRegions * HOURS_PER_MONTH;
  set("cloudtrail", "logFilesThousands", trailFiles / 1e3, `${activeRegions} active region(s) x ${f(files)} files (one per 5 minutes) + ${AWS.trailRegions} regions x ${HOURS_PER_MONTH} hourly digests`);

  // KMS: calls the stack's keys answer a month.
  const proofKms = (creates + reads) * AWS.bucketKeyCallShare + (s.dr ? creates * 2 * AWS.bucketKeyCallShare : 0);
  const streams = s.tasks * s.loggingContainersPerTask + (s.waf ? 1 : 0) + 1 + (checkRuns ? 1 : 0);
  const logKms = streams * AWS.logStreamKmsCallsPerHour * HOURS_PER_MONTH;
  const fileKms = activeRegions * files + flowFiles;
  const otherKms = 5_000; // secrets at task start, alert topics, image pulls, backup jobs, the check function's cold starts
  const kms = proofKms + logKms + fileKms + otherKms;
  set(
    "kms",
    "requestsTenThousands",
    kms / 1e4,
    `proof objects ${f(proofKms)} (${f(creates + reads)} requests x ${sig(AWS.bucketKeyCallShare)} with Bucket Keys${s.dr ? ", replication decrypts and encrypts" : ""}) + log streams ${f(logKms)} (${streams} streams x ${AWS.logStreamKmsCallsPerHour}/h) + trail and flow log files ${f(fileKms)} + other ${f(otherKms)}`,
  );
  const secretCalls = (p.releasesPerMonth + 5) * s.tasks * 2 + 20;
  set("secretsManager", "apiCallsTenThousands", secretCalls / 1e4, `read at task start: (${p.releasesPerMonth} releases + 5 restarts) x ${s.tasks} tasks x 2 containers + rotation 20`);
  // Management events (GuardDuty analyses each): every KMS call above is one, plus CI's reads, the SSM agent, the check.
  const mgmt = kms + p.ciRunsPerMonth * AWS.ciEventsPerRun + s.natInstances * AWS.ssmEventsPerInstancePerHour * HOURS_PER_MONTH + checkRuns * AWS.freshnessCheckEventsPerRun + 10_000;
  set(
    "guardDuty",
    "cloudTrailEventsMillions",
    mgmt / M,
    `KMS calls ${f(kms)} + CI ${f(p.ciRunsPerMonth * AWS.ciEventsPerRun)} (${p.ciRunsPerMonth} runs x ${AWS.ciEventsPerRun}) + SSM agent ${f(s.natInstances * AWS.ssmEventsPerInstancePerHour * HOURS_PER_MONTH)} + check function ${f(checkRuns * AWS.freshnessCheckEventsPerRun)} + AWS services' other calls 10k`,
  );
  const trailEvents = creates + mgmt;
  set("cloudtrail", "storedGb", ((trailEvents * AWS.cloudTrailRecordBytes * AWS.cloudTrailGzipRatio) / GB) * p.monthsOfData, `${f(trailEvents)} events a month x ${AWS.cloudTrailRecordBytes} B x ${AWS.cloudTrailGzipRatio} (gzip) x ${p.monthsOfData} months`);

  // --- Tracing, chaos, NAT, Security Hub ------------------------------------------------------------------------------
  // The app's OpenTelemetry SDK traces every request it serves, health checks included (the image contract does not
  // exclude them); the service's sampling ratio scales this in the pricer.
  const served = requests + healthChecks + targetChecks;
  set("xray", "tracesMillions", served / M, `requests the app serves at a sampling ratio of 1: ${f(requests)} API + ${f(healthChecks)} Route 53 + ${f(targetChecks)} target health checks (${albNodes} nodes x ${s.tasks} tasks / ${s.targetHealthCheckSeconds} s)`);
  set("fis", "actionMinutes", p.gameDaysPerMonth * AWS.fisMinutesPerGameDay, `${p.gameDaysPerMonth} game day(s) a month x ${AWS.fisMinutesPerGameDay} action-minutes (the three templates once each)`);
  const traceBytes = served * s.tracedShare * 2 * kb;
  set("natGateway", "gbProcessed", (logBytes + traceBytes) / GB, `the logs shipped to CloudWatch Logs ${f(logBytes / GB)} GB + trace segments ${f(traceBytes / GB)} GB (2 KB per traced request, ${s.tracedShare} of them); image layers go through the S3 gateway endpoint`);
  set("securityHub", "checksThousands", (AWS.securityHubPairs * 2 * DAYS) / 1e3, `${AWS.securityHubPairs} control-resource pairs x 2 checks a day (only with credlink:account.securityHub)`);

  // --- The R2 third copy (only with credlink:proofs.r2Copy) --------------------------------------------------------
  set("r2", "storageGb", proofsGb, "as the proofs");
  set("r2", "classAMillions", creates / M, "one conditional put per new proof");
  set("r2", "classBMillions", 0, "the copy is read only on the day it is needed");
  set("lambda", "requestsMillions", creates / 10 / M, "batches of up to 10 messages");
  set("lambda", "gbSeconds", creates * 0.25 * 0.1, "256 MB x ~0.1 s per copy");
  set("sqs", "requestsMillions", (creates * 1.2 + 5 * 3 * 60 * HOURS_PER_MONTH) / M, "a send per proof, a receive and a delete per batch of 10, and the event source's 5 long polls of 20 s");

  return { derived: d, flows: { requests, creates, gets, verifies, healthChecks, targetChecks, probes, flowRecords, logGb: logBytes / GB } };
}

/** The figures alone, in usage.yml's shape. */
export function usageOf(derived: Derived): Usage {
  return Object.fromEntries(Object.entries(derived).map(([section, fields]) => [section, Object.fromEntries(Object.entries(fields ?? {}).map(([k, fig]) => [k, (fig as Figure).value]))])) as Usage;
}
