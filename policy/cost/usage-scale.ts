/**
 * The cost curve's arithmetic: the usage assumptions (usage.yml) at `factor` times the traffic, including the task
 * count the service's autoscaling would reach. Pure: no I/O, no Pulumi; `npm run plan -- --usage-scale N` prices the
 * result with the same cost model.
 *
 * What scales: every usage figure that grows with requests (or with the data they store) is multiplied by `factor`;
 * the ones that don't are kept, each with its reason in SCALING. The Fargate task-hours above `desiredCount` are
 * derived, not multiplied:
 *   requests/min  = traffic.requestsMillions x 1e6 x factor / (730 h x 60)          (the month's average rate)
 *   tasks needed  = max(minCount, ceil(requests/min / requestsPerTarget))           (ALBRequestCountPerTarget tracking
 *                                                                                    holds each task at requestsPerTarget
 *                                                                                    requests a minute)
 *   steady tasks  = min(tasks needed, maxCount)                                     (the cap binds when needed > max)
 *   burst hours   = min(fargate.extraTaskHours x factor, (maxCount - steady) x 730) (the committed scale-outs, scaled,
 *                                                                                    within the headroom under the cap)
 *   extra hours   = (steady - desiredCount) x 730 + burst hours
 * At factor 1 with the committed files this is the identity (a test holds it to that).
 */
import { HOURS_PER_MONTH } from "./prices";
import { Usage } from "./usage";

/** The service's autoscaling settings, as the program deployed them. */
export interface Autoscaling {
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  /** ALBRequestCountPerTarget target: requests per task per minute. */
  readonly requestsPerTarget: number;
}

export interface TaskScaling {
  /** The month's average request rate at this factor. */
  readonly requestsPerMinute: number;
  /** What the request target alone asks for (at least minCount), before the cap. */
  readonly tasksNeeded: number;
  /** What autoscaling reaches: tasksNeeded capped at maxCount. */
  readonly steadyTasks: number;
  /** True when the cap holds the service below what the request target asks for. */
  readonly capBinds: boolean;
  /** Task-hours above desiredCount (usage.yml's fargate.extraTaskHours at this factor). */
  readonly extraTaskHours: number;
  /** The factor above which the steady request rate needs more than maxCount tasks (null without a request figure). */
  readonly steadyCapAtFactor: number | null;
  /** The factor above which the committed scale-outs, scaled, no longer fit under the cap (null when there are none). */
  readonly burstCapAtFactor: number | null;
}

type Section = keyof Usage;

/**
 * Per usage figure: does it grow with traffic, and why. A figure missing here is kept as it is and listed as
 * unclassified (the plan says so, and a test holds the committed usage.yml to having none).
 */
export const SCALING: { readonly [S in Section]?: { readonly [K in keyof NonNullable<Usage[S]>]?: { readonly scales: boolean; readonly why: string } } } = {
  traffic: { requestsMillions: { scales: true, why: "the traffic itself" } },
  natGateway: { gbProcessed: { scales: true, why: "tasks' egress to AWS APIs and the internet grows with requests" } },
  loadBalancer: { averageLcu: { scales: true, why: "LCUs are new connections, active connections, bytes and rule evaluations: all per request" } },
  fargate: { extraTaskHours: { scales: true, why: "derived from the request target and the cap (see the formula)" } },
  cloudwatchLogs: {
    ingestedGb: { scales: true, why: "app, WAF and database logs grow with requests" },
    storedGb: { scales: true, why: "what is ingested is stored for the retention" },
  },
  s3: {
    storageGb: { scales: true, why: "one proof per verification" },
    writeRequestsThousands: { scales: true, why: "one PUT per proof" },
    readRequestsThousands: { scales: true, why: "reads per verification" },
    replicatedTransferGb: { scales: true, why: "each new proof is replicated" },
  },
  ecr: {
    storageGb: { scales: false, why: "images kept by the lifecycle count, not by traffic" },
    replicatedStorageGb: { scales: false, why: "the same kept images, again in the DR region" },
    replicatedTransferGb: { scales: false, why: "release pushes, not traffic" },
  },
  kms: { requestsTenThousands: { scales: true, why: "data keys for objects and logs grow with writes" } },
  secretsManager: { apiCallsTenThousands: { scales: false, why: "read at task start, not per request" } },
  waf: { requestsMillions: { scales: true, why: "every request is inspected" } },
  route53: { queriesMillions: { scales: true, why: "clients resolve the name" } },
  guardDuty: {
    cloudTrailEventsMillions: { scales: false, why: "management events come from deploys and the control plane, not requests" },
    logGb: { scales: true, why: "flow and DNS logs grow with traffic" },
  },
  rds: {
    backupGbBeyondAllocated: { scales: true, why: "the database grows with the verifications it records" },
    replicatedBackupGb: { scales: true, why: "the same backups, replicated to the DR region" },
    replicatedTransferGb: { scales: true, why: "the transaction logs grow with the writes" },
  },
  elasticache: { snapshotGb: { scales: false, why: "a snapshot is at most the node's memory, fixed by the node type" } },
  backup: {
    warmStorageGb: { scales: true, why: "backups of data that grows with traffic" },
    s3StorageGb: { scales: true, why: "recovery points of a proof bucket that grows with verifications" },
    crossRegionCopyGb: { scales: true, why: "daily copies of a database that grows with verifications" },
    drStorageGb: { scales: true, why: "the DR vault holds copies of data that grows with traffic" },
    restoreTestInstanceHours: { scales: false, why: "one test restore per schedule, whatever the traffic" },
    airGappedRdsGb: { scales: true, why: "the air-gapped vault holds copies of a database that grows with verifications" },
    airGappedS3Gb: { scales: true, why: "copies of a proof bucket that grows with verifications" },
    airGappedCopyGb: { scales: true, why: "daily copies of data that grows with traffic" },
  },
  cloudtrail: {
    proofWritesMillions: { scales: true, why: "one data event per new proof" },
    proofReadsMillions: { scales: true, why: "one data event per proof read" },
    replicaOtherWritesMillions: { scales: false, why: "restores and mistakes, not requests" },
    storedGb: { scales: true, why: "the data events grow with the proofs" },
    logFilesThousands: { scales: false, why: "a file per region every few minutes and an hourly digest, whatever the traffic" },
  },
  vpcFlowLogs: {
    gbDelivered: { scales: true, why: "flows grow with requests" },
    storedGb: { scales: true, why: "what is delivered is kept for the retention" },
  },
  fis: { actionMinutes: { scales: false, why: "game days are scheduled by people, not by requests" } },
  inspector: {
    imagesScanned: { scales: false, why: "one scan per pushed image: releases, not requests" },
    rescans: { scales: false, why: "kept images rescanned as CVEs appear, whatever the traffic" },
  },
  securityHub: { checksThousands: { scales: false, why: "checks run per resource and per standard, not per request" } },
  r2: {
    storageGb: { scales: true, why: "a copy of every proof" },
    classAMillions: { scales: true, why: "one conditional put per new proof version" },
    classBMillions: { scales: true, why: "reads of the copy grow with the proofs" },
  },
  lambda: {
    requestsMillions: { scales: true, why: "one invocation batch per new proof" },
    gbSeconds: { scales: true, why: "copy time per new proof" },
  },
  sqs: { requestsMillions: { scales: true, why: "send, receive and delete per new proof" } },
  dataTransfer: {
    internetEgressGb: { scales: true, why: "responses" },
    crossAzGb: { scales: true, why: "ALB to tasks and tasks to the data tier, per request" },
  },
  xray: { tracesMillions: { scales: true, why: "requests traced at a ratio of 1; the service's sampling ratio scales them" } },
  vpcEndpoints: { interfaceGbProcessed: { scales: true, why: "API traffic through the endpoints grows with requests" } },
};

const MINUTES_PER_MONTH = HOURS_PER_MONTH * 60;

/** Rounds to `digits` decimals (for reported figures; the arithmetic above keeps full precision). */
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** What is wrong with a usage scale factor, as "must ..."; undefined for a finite number greater than 0. */
export function usageScaleProblem(factor: unknown): string | undefined {
  return typeof factor === "number" && Number.isFinite(factor) && factor > 0 ? undefined : `must be a number greater than 0 (1 = the committed usage.yml), got ${String(factor)}`;
}

/** The task count autoscaling reaches at `factor`. */
export function scaleTasks(usage: Usage, factor: number, autoscaling: Autoscaling): TaskScaling {
  const { desiredCount, minCount, maxCount, requestsPerTarget } = autoscaling;
  const requests = usage.traffic?.requestsMillions;
  const baseBurst = usage.fargate?.extraTaskHours ?? 0;
  const requestsPerMinute = requests === undefined ? 0 : (requests * 1e6 * factor) / MINUTES_PER_MONTH;
  const tasksNeeded = requests === undefined ? desiredCount : Math.max(minCount, Math.ceil(requestsPerMinute / requestsPerTarget));
  const steadyTasks = Math.min(tasksNeeded, maxCount);
  const headroomHours = Math.max(0, maxCount - steadyTasks) * HOURS_PER_MONTH;
  const burstHours = Math.min(baseBurst * factor, headroomHours);
  const extraTaskHours = Math.max(0, steadyTasks - desiredCount) * HOURS_PER_MONTH + burstHours;
  // needed > max  <=>  rate x f / target > max  <=>  f > max x target / rate (at factor 1).
  const baseRate = requests === undefined ? 0 : (requests * 1e6) / MINUTES_PER_MONTH;
  const steadyCapAtFactor = baseRate > 0 ? round((maxCount * requestsPerTarget) / baseRate, 2) : null;
  const burstCapAtFactor = baseBurst > 0 ? round(((maxCount - Math.max(desiredCount, minCount)) * HOURS_PER_MONTH) / baseBurst, 2) : null;
  return {
    requestsPerMinute: round(requestsPerMinute, 2),
    tasksNeeded,
    steadyTasks,
    capBinds: tasksNeeded > maxCount,
    extraTaskHours: round(extraTaskHours, 4),
    steadyCapAtFactor,
    burstCapAtFactor,
  };
}

/**
 * The usage at `factor` times the traffic: every figure SCALING marks as scaling multiplied, the others kept, and
 * fargate.extraTaskHours derived from `autoscaling` when given (multiplied like the rest without it).
 */
export function scaleUsage(usage: Usage, factor: number, autoscaling?: Autoscaling): { usage: Usage; tasks?: TaskScaling; unclassified: string[] } {
  const problem = usageScaleProblem(factor);
  if (problem) throw new Error(`factor ${problem}`);
  const scaled: Record<string, Record<string, unknown>> = {};
  const unclassified: string[] = [];
  for (const [section, fields] of Object.entries(usage) as [Section, Record<string, unknown> | undefined][]) {
    if (fields === undefined || fields === null || typeof fields !== "object") continue;
    const rules = SCALING[section] as Record<string, { scales: boolean } | undefined> | undefined;
    scaled[section] = {};
    for (const [field, value] of Object.entries(fields)) {
      const rule = rules?.[field];
      if (!rule) unclassified.push(`${section}.${field}`);
      scaled[section][field] = rule?.scales && typeof value === "number" ? value * factor : value;
    }
  }
  if (!autoscaling) return { usage: scaled as Usage, unclassified };
  const tasks = scaleTasks(usage, factor, autoscaling);
  if (usage.fargate?.extraTaskHours !== undefined || factor !== 1) {
    scaled.fargate = { ...(scaled.fargate ?? {}), extraTaskHours: tasks.extraTaskHours };
  }
  return { usage: scaled as Usage, tasks, unclassified };
}
