import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext, AwsContext } from "../lib/aws-context";
import { describeFargateMemory, FARGATE_CPU_VALUES, isFargateSize } from "../lib/fargate";
import { parseImageReference, validateImageReference } from "../lib/image";
import { cloudWatchLogsStatement, createKmsKey, KeyAdministrators, PolicyStatement } from "../lib/kms";
import { LOG_RETENTION_DAYS } from "../network";
import { serviceTrustPolicy } from "../lib/iam";

/** The CPU architectures Fargate runs. ARM64 (Graviton) is about 20% cheaper per vCPU-hour and per GB-hour. */
export type CpuArchitecture = "ARM64" | "X86_64";

/** The container's name in the task definition and the load balancer mapping. */
export const CONTAINER_NAME = "app";

/** The tracing sidecar's container name. */
export const COLLECTOR_CONTAINER_NAME = "otel-collector";
/**
 * The AWS Distro for OpenTelemetry collector the sidecar runs by default: v0.43.1, pinned by the digest of its image
 * index (the tag is kept for the reader; ECS pulls by the digest). The digest is the one two independent public
 * deployments pin for v0.43.1 (public.ecr.aws and Docker Hub's amazon/aws-otel-collector carry the same index);
 * check it before an upgrade with `crane digest public.ecr.aws/aws-observability/aws-otel-collector:<tag>`.
 */
export const DEFAULT_COLLECTOR_IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1@sha256:db725ac7007ef1d9b5a357a59f3b964ab9e1df23ebb0dfc694275019048b489b";
/**
 * The sidecar's share of the task: CPU units, and its memory hard limit and reservation in MiB. It only batches spans
 * and forwards them to X-Ray, so a small share does (AWS's own examples give it 32 units and 256 MiB; 128 MiB is a
 * hard limit it should stay far under at this traffic: if it ever hits it, only the collector restarts).
 */
export const COLLECTOR_CPU = 32;
export const COLLECTOR_MEMORY_MIB = 128;
export const COLLECTOR_MEMORY_RESERVATION_MIB = 64;
/** What the app keeps at least when the sidecar runs: the task size must cover both. */
export const APP_MIN_CPU = 128;
export const APP_MIN_MEMORY_MIB = 256;
/** The OTLP gRPC endpoint the app exports to: the sidecar, over the task's shared network namespace. */
export const OTLP_ENDPOINT = "http://localhost:4317";
/**
 * The collector's configuration, baked into the image: OTLP in (4317/4318), X-Ray out, nothing else.
 * Not `ecs-default-config.yaml`: that one also exports metrics as EMF to the log group /aws/ecs/application/metrics,
 * which needs logs permissions the task role doesn't have (and would create an unencrypted, unretained log group).
 * https://github.com/aws-observability/aws-otel-collector/tree/main/config/ecs
 */
export const COLLECTOR_CONFIG = "/etc/ecs/ecs-xray.yaml";
/** The uid:gid the collector runs as (the image's own non-root user is 10001; a numeric uid needs no /etc/passwd). */
export const COLLECTOR_USER = "10001:10001";
/** Exactly what the X-Ray exporter and sampler call; X-Ray has no resource-level permissions for them, so Resource is "*". */
export const XRAY_ACTIONS = [
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
] as const;

/** The Fargate capacity providers a service can run on. */
export const FARGATE_CAPACITY_PROVIDERS = ["FARGATE", "FARGATE_SPOT"] as const;
export type FargateCapacityProvider = (typeof FARGATE_CAPACITY_PROVIDERS)[number];

export interface ServiceArgs {
  /** The image to run: a full reference with a tag or a digest, normally in the Registry's repository. */
  readonly image: string;
  /** Task CPU units (1024 = 1 vCPU); one of the Fargate sizes. @default 256 */
  readonly cpu?: number;
  /** Task memory in MiB; a Fargate size for `cpu`. @default 512 */
  readonly memory?: number;
  /** @default "ARM64" */
  readonly architecture?: CpuArchitecture;
  /**
   * Where the tasks run: `FARGATE` (on-demand, the `FARGATE` launch type) or `FARGATE_SPOT` (spare capacity at a
   * discount; a task can be stopped with two minutes' warning and ECS starts a replacement). Spot runs ARM64 tasks
   * on platform 1.4.0 and later (ECS API reference, CapacityProviderStrategyItem). @default "FARGATE"
   */
  readonly capacityProvider?: FargateCapacityProvider;
  /** The port the container listens on (non-root, so 1024 or above). @default 8080 */
  readonly containerPort?: number;
  /** The numeric user (and group) the container runs as; never root. @default "1000:1000" */
  readonly containerUser?: string;
  /** The app's health path (the load balancer's target group checks it; documented in the image contract). @default "/healthz" */
  readonly healthCheckPath?: string;
  /**
   * An optional container health check, in ECS's form: `["CMD", "<executable>", ...args]` (exec form, no shell) or
   * `["CMD-SHELL", "<command line>"]` (needs `/bin/sh` in the image). By default there is none: the load balancer's
   * target-group health check on `healthCheckPath` decides, which needs nothing inside the image, and ECS replaces
   * tasks the target group reports unhealthy. A default command would assume tools (a shell, curl) a minimal image
   * doesn't have, and then every task would be marked unhealthy and killed.
   * @default undefined (no container health check)
   */
  readonly healthCheckCommand?: readonly string[];

  /**
   * Run an AWS Distro for OpenTelemetry collector sidecar that forwards the app's OTLP traces to X-Ray, tell the app
   * where it is (OTEL_EXPORTER_OTLP_ENDPOINT) and let the task role write traces. The sidecar's CPU and memory come out
   * of the task size. @default false
   */
  readonly tracing?: boolean;
  /** The collector image, pinned by tag or digest (never `latest`). @default DEFAULT_COLLECTOR_IMAGE */
  readonly tracingCollectorImage?: string;
  /**
   * The share of requests traced, with `tracing` (0 < ratio <= 1): the app's OpenTelemetry SDK samples by trace id at
   * this ratio (`OTEL_TRACES_SAMPLER=traceidratio`, `OTEL_TRACES_SAMPLER_ARG`), and X-Ray bills only the traces it
   * records. `traceidratio`, not `parentbased_traceidratio`: the API is public, and a client's sampled flag must not
   * decide how many traces are recorded. @default 1 (every request)
   */
  readonly tracingSampleRatio?: number;

  /** The private (app) subnets, one per AZ: tasks are spread across them. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The task security group (see AppSecurityGroups). */
  readonly securityGroupId: pulumi.Input<string>;
  /** The load balancer's target group (LoadBalancer.targetGroupArn, which waits for the listener). */
  readonly targetGroupArn: pulumi.Input<string>;
  /** `targetgroup/<name>/<id>`, for the alarms and the request-count scaling policy. */
  readonly targetGroupArnSuffix: pulumi.Input<string>;
  /** `app/<name>/<id>`, for the alarms and the request-count scaling policy. */
  readonly loadBalancerArnSuffix: pulumi.Input<string>;
  /** Seconds a new task's failing load balancer health checks are ignored while it starts. @default 60 */
  readonly healthCheckGracePeriodSeconds?: number;

  /** Tasks to run; ECS spreads them across the subnets' AZs. Autoscaling owns the count after creation. @default 2 */
  readonly desiredCount?: number;
  /** Autoscaling floor. @default desiredCount */
  readonly minCount?: number;
  /** Autoscaling ceiling. @default 2 × desiredCount */
  readonly maxCount?: number;
  /** Target average CPU utilisation (%) for the CPU target-tracking policy. @default 60 */
  readonly cpuTargetPercent?: number;
  /** Target ALB requests per task per minute for the request-count target-tracking policy. @default 500 */
  readonly requestsPerTarget?: number;

  /** p95 target response time (seconds) above which a deployment is failed and rolled back. @default 0.5 */
  readonly latencyThresholdSeconds?: number;
  /** Target 5xx responses as a percentage of requests above which a deployment is failed and rolled back. @default 5 */
  readonly errorRateThresholdPercent?: number;
  /** Where the alarms notify (SNS topic ARNs), besides failing the deployment. @default [] */
  readonly alarmActions?: pulumi.Input<pulumi.Input<string>[]>;

  // --- Canary deployments: a share of the traffic reaches the new tasks first, and the alarms roll back ---
  /**
   * How ECS replaces tasks: `ROLLING` (new tasks beside the old, same target group) or `CANARY` (ECS native: the new
   * revision registers in the alternate target group, gets `canaryPercent` of the production listener rule's traffic
   * for `canaryBakeMinutes`, then all of it; the old revision is kept `bakeMinutes` more for an instant rollback).
   * CANARY needs `canary` (the load balancer's alternate target group and production listener rule). @default "ROLLING"
   */
  readonly deploymentStrategy?: DeploymentStrategy;
  /** Percent of production traffic the canary gets: a multiple of 0.1 from 0.1 to 100 (ECS CanaryConfiguration). @default 5 */
  readonly canaryPercent?: number;
  /** Minutes the canary serves `canaryPercent` before the rest of the traffic shifts: 0-1440. @default 10 */
  readonly canaryBakeMinutes?: number;
  /** Minutes the old revision stays up after all traffic shifted, for a rollback without a new rollout: 0-1440. @default 10 */
  readonly bakeMinutes?: number;
  /** With CANARY: the load balancer's traffic-shifting parts (LoadBalancer.canary). @default undefined */
  readonly canary?: CanaryTargets;

  /**
   * Let GuardDuty inject its runtime-monitoring agent into the tasks (when the account has automated agent management
   * on). False tags the cluster `GuardDutyManaged: false`, which excludes it ("Approaches to manage GuardDuty security
   * agent", https://docs.aws.amazon.com/guardduty/latest/ug/how-runtime-monitoring-works-ecs-fargate.html): then
   * GuardDuty creates no `guardduty-data` VPC endpoint and security group in the VPC, which `destroy` could not delete
   * (the VPC deletion fails on them). @default true
   */
  readonly guardDutyAgent?: boolean;
  /**
   * Resources the ECS service must wait for besides its own role policies: a policy attached to the execution role from
   * outside (the GuardDuty agent's pull permission), which exists only once the role does. A promise, so the caller can
   * resolve it after building what needs `executionRoleArn`. @default []
   */
  readonly deployAfter?: Promise<readonly pulumi.Resource[]>;

  /** The ECR repository the execution role may pull from (Registry.repositoryArn). */
  readonly repositoryArn: pulumi.Input<string>;

  /** The database endpoint's host name. */
  readonly databaseHost: pulumi.Input<string>;
  /** The database port. */
  readonly databasePort: pulumi.Input<number>;
  /** The database (schema) name, passed as DATABASE_NAME when given. @default undefined */
  readonly databaseName?: pulumi.Input<string>;
  /**
   * The PostgreSQL user the app logs in as with IAM database authentication, passed as DATABASE_USERNAME. There is no
   * database password: the app signs a 15-minute token with the task role for each connection.
   */
  readonly databaseUser: pulumi.Input<string>;
  /** `arn:aws:rds-db:<region>:<account>:dbuser:<DbiResourceId>/<user>` (Database.appUserConnectArn): the task role may `rds-db:connect` as that user only. */
  readonly databaseConnectArn: pulumi.Input<string>;
  /** The cache's primary endpoint host name. */
  readonly cacheHost: pulumi.Input<string>;
  /** The cache port. */
  readonly cachePort: pulumi.Input<number>;
  /** The secret that holds the cache auth token (the whole secret string is the token): the task's only secret. */
  readonly cacheAuthSecretArn: pulumi.Input<string>;
  /** The KMS keys that encrypt that secret; the execution role may decrypt with these only, through Secrets Manager. */
  readonly secretKeyArns: pulumi.Input<pulumi.Input<string>[]>;
  /** The proof bucket's name and ARN: the only bucket the task role may touch. */
  readonly proofBucketName: pulumi.Input<string>;
  readonly proofBucketArn: pulumi.Input<string>;
  /** The KMS key that encrypts the proof bucket. */
  readonly proofBucketKeyArn: pulumi.Input<string>;

  /** Container and ECS Exec log retention in days; a value CloudWatch Logs accepts. @default 30 */
  readonly logRetentionDays?: number;
  /** Deletion window of the log key, 7–30 days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** `protect` and `retainOnDelete` on the log key the component creates (prod), like the data keys. @default false */
  readonly protectLogKey?: boolean;
  /**
   * An existing customer managed key to use instead of creating one (the stack's shared key, `credlink:kms.keyPerStore:
   * false`): its policy must let CloudWatch Logs encrypt the container and ECS Exec log groups use it. @default undefined (the component creates its own key)
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Other log groups of the stack (a scheduled check's function, in this region) that the service's own log key may
   * encrypt too, so they need no key of their own ($1/month each). Only with a key of its own (no `kmsKeyArn`).
   * @default [] (the container and ECS Exec log groups only)
   */
  readonly sharedLogGroupNames?: readonly string[];
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
  /** The stack's permissions boundary, on every role this component creates. @default undefined (none) */
  readonly permissionsBoundary?: pulumi.Input<string>;
}

type Defaulted =
  | "capacityProvider"
  | "cpu"
  | "memory"
  | "architecture"
  | "containerPort"
  | "containerUser"
  | "healthCheckPath"
  | "tracing"
  | "tracingCollectorImage"
  | "tracingSampleRatio"
  | "healthCheckGracePeriodSeconds"
  | "desiredCount"
  | "minCount"
  | "maxCount"
  | "cpuTargetPercent"
  | "requestsPerTarget"
  | "latencyThresholdSeconds"
  | "errorRateThresholdPercent"
  | "alarmActions"
  | "deploymentStrategy"
  | "canaryPercent"
  | "canaryBakeMinutes"
  | "bakeMinutes"
  | "logRetentionDays"
  | "keyDeletionWindowDays"
  | "guardDutyAgent"
  | "protectLogKey";

/** ServiceArgs with every default applied: what the component actually builds. */
export type ResolvedServiceArgs = Omit<ServiceArgs, Defaulted> & Required<Pick<ServiceArgs, Defaulted>>;

/** Applies the documented defaults. The single place they live. */
export function resolveServiceArgs(args: ServiceArgs): ResolvedServiceArgs {
  const containerPort = args.containerPort ?? 8080;
  const healthCheckPath = args.healthCheckPath ?? "/healthz";
  const desiredCount = args.desiredCount ?? 2;
  return {
    ...args,
    cpu: args.cpu ?? 256,
    memory: args.memory ?? 512,
    architecture: args.architecture ?? "ARM64",
    capacityProvider: args.capacityProvider ?? "FARGATE",
    containerPort,
    containerUser: args.containerUser ?? "1000:1000",
    healthCheckPath,
    healthCheckCommand: args.healthCheckCommand,
    tracing: args.tracing ?? false,
    tracingCollectorImage: args.tracingCollectorImage ?? DEFAULT_COLLECTOR_IMAGE,
    tracingSampleRatio: args.tracingSampleRatio ?? 1,
    healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds ?? 60,
    desiredCount,
    minCount: args.minCount ?? desiredCount,
    maxCount: args.maxCount ?? desiredCount * 2,
    cpuTargetPercent: args.cpuTargetPercent ?? 60,
    requestsPerTarget: args.requestsPerTarget ?? 500,
    latencyThresholdSeconds: args.latencyThresholdSeconds ?? 0.5,
    errorRateThresholdPercent: args.errorRateThresholdPercent ?? 5,
    alarmActions: args.alarmActions ?? [],
    deploymentStrategy: args.deploymentStrategy ?? "ROLLING",
    canaryPercent: args.canaryPercent ?? 5,
    canaryBakeMinutes: args.canaryBakeMinutes ?? 10,
    bakeMinutes: args.bakeMinutes ?? 10,
    logRetentionDays: args.logRetentionDays ?? 30,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    guardDutyAgent: args.guardDutyAgent ?? true,
    protectLogKey: args.protectLogKey ?? false,
  };
}

/** The plain (non-Output) settings the validator checks; the stack config validates the same ones. */
export type ServiceSizing = Pick<
  ResolvedServiceArgs,
  | "image"
  | "cpu"
  | "memory"
  | "architecture"
  | "capacityProvider"
  | "containerPort"
  | "healthCheckPath"
  | "healthCheckCommand"
  | "tracing"
  | "tracingCollectorImage"
  | "tracingSampleRatio"
  | "desiredCount"
  | "minCount"
  | "maxCount"
  | "cpuTargetPercent"
  | "requestsPerTarget"
  | "logRetentionDays"
>;

const isInt = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * Validates the plain settings. Throws an Error naming the argument, the value and what is allowed. Pure and
 * synchronous, so stack config validation reuses it.
 */
export function validateServiceSizing(args: ServiceSizing): void {
  validateImageReference("image", args.image);
  if (!FARGATE_CPU_VALUES.includes(args.cpu)) {
    throw new Error(`cpu must be one of ${FARGATE_CPU_VALUES.join(", ")} (Fargate CPU units, 1024 = 1 vCPU), got ${args.cpu}`);
  }
  if (!isFargateSize(args.cpu, args.memory)) {
    throw new Error(`memory must be ${describeFargateMemory(args.cpu)} (MiB, the Fargate sizes for cpu ${args.cpu}), got ${args.memory}`);
  }
  if (args.architecture !== "ARM64" && args.architecture !== "X86_64") {
    throw new Error(`architecture must be one of "ARM64" | "X86_64", got "${String(args.architecture)}"`);
  }
  if (!(FARGATE_CAPACITY_PROVIDERS as readonly string[]).includes(args.capacityProvider)) {
    throw new Error(`capacityProvider must be one of ${FARGATE_CAPACITY_PROVIDERS.map((c) => `"${c}"`).join(" | ")}, got "${String(args.capacityProvider)}"`);
  }
  if (!isInt(args.containerPort, 1024, 65535)) {
    throw new Error(`containerPort must be an integer from 1024 to 65535 (the container runs as a non-root user), got ${args.containerPort}`);
  }
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,1023}$/.test(args.healthCheckPath)) {
    throw new Error(`healthCheckPath must be an absolute URL path like "/healthz", got ${JSON.stringify(args.healthCheckPath)}`);
  }
  const command = args.healthCheckCommand;
  if (command !== undefined) {
    const [form, ...rest] = command;
    const ok =
      rest.every((part) => typeof part === "string" && part.trim() !== "") &&
      ((form === "CMD" && rest.length >= 1) || (form === "CMD-SHELL" && rest.length === 1));
    if (!ok) {
      throw new Error(
        `healthCheckCommand must be ["CMD", "<executable>", ...args] or ["CMD-SHELL", "<command line>"] with no empty part, or absent for no container health check, got ${JSON.stringify(command)}`,
      );
    }
  }
  if (!isInt(args.minCount, 1, 100)) throw new Error(`minCount must be an integer from 1 to 100, got ${args.minCount}`);
  if (!isInt(args.maxCount, args.minCount, 100)) {
    throw new Error(`maxCount must be an integer from minCount (${args.minCount}) to 100, got ${args.maxCount}`);
  }
  if (!isInt(args.desiredCount, args.minCount, args.maxCount)) {
    throw new Error(`desiredCount must be an integer from minCount (${args.minCount}) to maxCount (${args.maxCount}), got ${args.desiredCount}`);
  }
  if (!isInt(args.cpuTargetPercent, 10, 90)) throw new Error(`cpuTargetPercent must be an integer from 10 to 90, got ${args.cpuTargetPercent}`);
  if (!isInt(args.requestsPerTarget, 1, 100000)) {
    throw new Error(`requestsPerTarget must be an integer from 1 to 100000, got ${args.requestsPerTarget}`);
  }
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(args.logRetentionDays)) {
    throw new Error(`logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")} (the values CloudWatch Logs accepts), got ${args.logRetentionDays}`);
  }
  validateTracing(args);
}

/**
 * The tracing settings: a boolean, a collector image pinned by tag or digest (not `latest`), and, when tracing is
 * on, a task size that covers the sidecar (COLLECTOR_CPU, COLLECTOR_MEMORY_MIB) and still leaves the app
 * APP_MIN_CPU and APP_MIN_MEMORY_MIB.
 */
export function validateTracing(args: Pick<ServiceSizing, "tracing" | "tracingCollectorImage" | "tracingSampleRatio" | "cpu" | "memory">): void {
  if (typeof args.tracing !== "boolean") throw new Error(`tracing must be true or false, got ${JSON.stringify(args.tracing)}`);
  if (!(typeof args.tracingSampleRatio === "number" && args.tracingSampleRatio > 0 && args.tracingSampleRatio <= 1)) {
    throw new Error(`tracingSampleRatio must be a number greater than 0 and at most 1 (the share of requests traced), got ${JSON.stringify(args.tracingSampleRatio)}`);
  }
  validateImageReference("tracingCollectorImage", args.tracingCollectorImage);
  const image = parseImageReference(args.tracingCollectorImage);
  if (image && image.digest === undefined && image.tag?.toLowerCase() === "latest") {
    throw new Error(`tracingCollectorImage must be pinned to a version tag or a digest, not "latest", got "${args.tracingCollectorImage}"`);
  }
  if (!args.tracing) return;
  if (args.cpu - COLLECTOR_CPU < APP_MIN_CPU) {
    throw new Error(`cpu must leave the app at least ${APP_MIN_CPU} units besides the tracing sidecar's ${COLLECTOR_CPU}, got ${args.cpu}`);
  }
  if (args.memory - COLLECTOR_MEMORY_MIB < APP_MIN_MEMORY_MIB) {
    throw new Error(`memory must leave the app at least ${APP_MIN_MEMORY_MIB} MiB besides the tracing sidecar's ${COLLECTOR_MEMORY_MIB}, got ${args.memory}`);
  }
}

/** The deployment strategies this component builds (ECS also has BLUE_GREEN and LINEAR). */
export const DEPLOYMENT_STRATEGIES = ["ROLLING", "CANARY"] as const;
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

/** The load balancer parts a CANARY deployment shifts traffic with (LoadBalancer.canary). */
export interface CanaryTargets {
  /** The second target group the new revision registers in. */
  readonly alternateTargetGroupArn: pulumi.Input<string>;
  /** The listener rule whose forward weights ECS shifts between the two target groups. */
  readonly productionListenerRuleArn: pulumi.Input<string>;
  /**
   * `targetgroup/<name>/<id>` of the alternate group: the request-count scaling policy reads both groups, since ECS
   * swaps which one is production on every canary deployment. @default undefined (the production group only)
   */
  readonly alternateTargetGroupArnSuffix?: pulumi.Input<string>;
}

/** The deployment settings the stack config validates too. */
export type DeploymentSettings = Pick<ResolvedServiceArgs, "deploymentStrategy" | "canaryPercent" | "canaryBakeMinutes" | "bakeMinutes">;

/**
 * Validates the deployment settings against the ECS API's ranges: CanaryConfiguration (canaryPercent "multiples of
 * 0.1 from 0.1 to 100.0", canaryBakeTimeInMinutes "0 to 1440") and DeploymentConfiguration (bakeTimeInMinutes
 * 0-1440). https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html and
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html
 */
export function validateDeploymentSettings(args: DeploymentSettings): void {
  if (!(DEPLOYMENT_STRATEGIES as readonly string[]).includes(args.deploymentStrategy)) {
    throw new Error(`deploymentStrategy must be one of ${DEPLOYMENT_STRATEGIES.map((s) => `"${s}"`).join(" | ")}, got ${JSON.stringify(args.deploymentStrategy)}`);
  }
  const tenths = Math.round(args.canaryPercent * 10);
  if (typeof args.canaryPercent !== "number" || Math.abs(args.canaryPercent * 10 - tenths) > 1e-9 || tenths < 1 || tenths > 1000) {
    throw new Error(`canaryPercent must be a multiple of 0.1 from 0.1 to 100 (ECS CanaryConfiguration), got ${args.canaryPercent}`);
  }
  for (const key of ["canaryBakeMinutes", "bakeMinutes"] as const) {
    if (!isInt(args[key], 0, 1440)) throw new Error(`${key} must be an integer from 0 to 1440 (24 hours, the ECS limit), got ${args[key]}`);
  }
}

/**
 * Minutes a deployment takes beyond its bake times: tasks start (image pull, a 60 s health-check grace, two healthy
 * checks 10 s apart), ECS shifts the canary's and then all the traffic, and drains the old tasks (30 s deregistration
 * delay), with room for a slow image pull or placement retry.
 */
export const DEPLOYMENT_MARGIN_MINUTES = 20;
/** What a ROLLING deployment gets: the provider's own default (20 minutes) plus the alarms' rollback window. */
export const ROLLING_DEPLOYMENT_MINUTES = 30;

/**
 * How long `pulumi up` waits for the service to reach a steady state (waitForSteadyState), in minutes: the provider's
 * default ECS service timeout is 20 minutes (create and update), while a CANARY deployment is stable only once the
 * canary's bake and the deployment's bake are over. So the service's customTimeouts come from the deployment
 * settings: canaryBakeMinutes + bakeMinutes + DEPLOYMENT_MARGIN_MINUTES, at least ROLLING_DEPLOYMENT_MINUTES.
 * The deploy workflow's prod job allows more than this (tests/cicd-workflows.test.ts compares them).
 */
export function deploymentWaitMinutes(args: DeploymentSettings): number {
  if (args.deploymentStrategy !== "CANARY") return ROLLING_DEPLOYMENT_MINUTES;
  return Math.max(ROLLING_DEPLOYMENT_MINUTES, args.canaryBakeMinutes + args.bakeMinutes + DEPLOYMENT_MARGIN_MINUTES);
}

/**
 * The ECS service's input paths ECS rewrites under CANARY: after each canary deployment the production and the
 * alternate target groups have swapped, and an `up` that sent the original pair back would undo it (and start a
 * deployment). ECS owns the pairing after creation. The provider does not handle the swap itself:
 * https://github.com/hashicorp/terraform-provider-aws/issues/45678 (open).
 */
export const CANARY_SERVICE_IGNORE_CHANGES = ["loadBalancers[0].targetGroupArn", "loadBalancers[0].advancedConfiguration.alternateTargetGroupArn"];

/** Throws an Error naming the argument when any plain argument is invalid. */
export function validateServiceArgs(args: ResolvedServiceArgs): void {
  validateServiceSizing(args);
  validateDeploymentSettings(args);
  if (args.deploymentStrategy === "CANARY" && args.canary === undefined) {
    throw new Error(`canary must be given with deploymentStrategy "CANARY" (the load balancer's alternate target group and production listener rule), got nothing`);
  }
  if (!/^\d{1,10}(:\d{1,10})?$/.test(args.containerUser) || /^0(:|$)/.test(args.containerUser)) {
    throw new Error(`containerUser must be a numeric non-root uid or uid:gid like "1000:1000", got "${args.containerUser}"`);
  }
  if (!isInt(args.healthCheckGracePeriodSeconds, 0, 3600)) {
    throw new Error(`healthCheckGracePeriodSeconds must be an integer from 0 to 3600, got ${args.healthCheckGracePeriodSeconds}`);
  }
  if (!(args.latencyThresholdSeconds > 0)) throw new Error(`latencyThresholdSeconds must be greater than 0, got ${args.latencyThresholdSeconds}`);
  if (!(args.errorRateThresholdPercent > 0 && args.errorRateThresholdPercent <= 100)) {
    throw new Error(`errorRateThresholdPercent must be greater than 0 and at most 100, got ${args.errorRateThresholdPercent}`);
  }
  if (!isInt(args.keyDeletionWindowDays, 7, 30)) throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
}

/** The container's log group for the service called `name`. Deterministic, so the key policy can name it. */
export function serviceLogGroupName(name: string): string {
  return `/credlink/ecs/${name}`;
}

/** The ECS Exec session log group for the service called `name`. */
export function execLogGroupName(name: string): string {
  return `/credlink/ecs-exec/${name}`;
}

/**
 * The CredLink API on ECS Fargate (phase 3), from `aws.ecs` resources rather than awsx's FargateService, which is
 * a remote component (opaque to tests and policies) that by default creates a security group open to 0.0.0.0/0.
 *
 * - a cluster with Container Insights (enhanced) and an ECS Exec configuration that logs to a CMK-encrypted group;
 * - a Graviton task: read-only root filesystem, non-root user, no privileges, all capabilities dropped, an optional
 *   container health check (the target group's check decides by default), awslogs to a CMK-encrypted group;
 *   settings in `environment`, credentials only in `secrets`; a writable `/tmp` bind mount, which the image must
 *   declare as a VOLUME owned by the container user (Fargate creates it root-owned 0755 otherwise);
 * - an execution role that can pull from one repository, write one log group, read the cache secret and decrypt
 *   with its key; a task role that can read and write proof objects with the proof key and `rds-db:connect` as the
 *   app's database user (IAM database authentication), nothing else;
 * - a rolling deployment that keeps 100% healthy and surges to 200%, failed and rolled back automatically by the
 *   circuit breaker (tasks that never get healthy) or by the 5xx-rate and p95-latency alarms (tasks that are
 *   "healthy" but serve errors or slowly). Under CANARY only the alarms roll back: the circuit breaker applies to
 *   rolling deployments only (ECS API reference, DeploymentCircuitBreaker);
 * - target tracking on CPU and on ALB requests per task, between minCount and maxCount;
 * - with `deploymentStrategy: "CANARY"`: ECS's native canary through the load balancer's alternate target
 *   group and production listener rule, and an infrastructure role ECS shifts the rule's weights with.
 *
 * ECS Exec is configured on the cluster but not enabled on the service: enabling it would need SSM channel and
 * key permissions on the task role, which is kept to the proof bucket.
 */
export class Service extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly clusterArn: pulumi.Output<string>;
  public readonly serviceName: pulumi.Output<string>;
  public readonly taskDefinitionArn: pulumi.Output<string>;
  public readonly executionRoleArn: pulumi.Output<string>;
  public readonly taskRoleArn: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;
  /** The alarms that fail and roll back a deployment. */
  public readonly deploymentAlarmNames: pulumi.Output<string[]>;
  /** The key that encrypts the service's log groups and ECS Exec sessions. */
  public readonly logKeyArn: pulumi.Output<string>;
  /** The other log groups `logKeyArn` may encrypt (`sharedLogGroupNames`): none when the key is not the service's own. */
  public readonly logKeySharedGroupNames: readonly string[];
  /** With CANARY: the role ECS assumes to shift the listener rule's weights; undefined with ROLLING. */
  public readonly infrastructureRoleArn: pulumi.Output<string> | undefined;

  constructor(name: string, args: ServiceArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:app:Service", name, {}, opts);
    const resolved = resolveServiceArgs(args);
    validateServiceArgs(resolved);
    const ctx = awsContext(this);

    const logs = this.createLogGroups(name, resolved, ctx, args.kmsKeyArn);

    const cluster = new aws.ecs.Cluster(
      name,
      {
        settings: [{ name: "containerInsights", value: "enhanced" }],
        // Opted out of GuardDuty's automated agent (see guardDutyAgent): no managed VPC endpoint to block `destroy`.
        ...(resolved.guardDutyAgent ? {} : { tags: { GuardDutyManaged: "false" } }),
        configuration: {
          executeCommandConfiguration: {
            kmsKeyId: logs.keyArn,
            logging: "OVERRIDE",
            logConfiguration: { cloudWatchLogGroupName: logs.exec.name, cloudWatchEncryptionEnabled: true },
          },
        },
      },
      { parent: this },
    );
    // FARGATE_SPOT is a capacity provider, usable only once associated with the cluster (on-demand uses the launch type).
    const spot = resolved.capacityProvider === "FARGATE_SPOT";
    const capacityProviders = spot
      ? new aws.ecs.ClusterCapacityProviders(name, { clusterName: cluster.name, capacityProviders: ["FARGATE", "FARGATE_SPOT"] }, { parent: this })
      : undefined;

    const executionRole = this.createRole(name, "execution", "pulls the image, writes its logs and reads its secrets", ctx, resolved.permissionsBoundary);
    const executionPolicy = new aws.iam.RolePolicy(
      `${name}-execution`,
      { role: executionRole.id, policy: executionPolicyDocument(resolved, logs.app.arn, ctx) },
      { parent: this },
    );
    const taskRole = this.createRole(name, "task", "what the application itself may do: proof objects and its database user only", ctx, resolved.permissionsBoundary);
    const taskPolicy = new aws.iam.RolePolicy(`${name}-task`, { role: taskRole.id, policy: taskPolicyDocument(resolved, ctx) }, { parent: this });
    // The task definition references the roles, not their inline policies: without this a first deploy could start
    // tasks whose roles can't yet pull the image, read the secret or reach the data.
    const rolePolicies = [executionPolicy, taskPolicy];

    const taskDefinition = new aws.ecs.TaskDefinition(
      name,
      {
        family: name,
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: String(resolved.cpu),
        memory: String(resolved.memory),
        runtimePlatform: { cpuArchitecture: resolved.architecture, operatingSystemFamily: "LINUX" },
        executionRoleArn: executionRole.arn,
        taskRoleArn: taskRole.arn,
        // The root filesystem is read-only; /tmp is the task's only writable path (ephemeral task storage). Fargate
        // creates the bind mount root-owned 0755 unless the image declares VOLUME /tmp, whose ownership it then copies:
        // the image contract (README) requires that, so user 1000:1000 can write it.
        volumes: [{ name: "tmp" }],
        containerDefinitions: pulumi.jsonStringify([
          containerDefinition(resolved, logs.app.name, ctx.region),
          ...(resolved.tracing ? [collectorContainerDefinition(resolved, logs.app.name, ctx.region)] : []),
        ]),
      },
      { parent: this, dependsOn: rolePolicies },
    );

    const alarms = this.createDeploymentAlarms(name, resolved);
    this.deploymentAlarmNames = pulumi.output(alarms.map((a) => a.name));
    // CANARY: ECS registers the new revision in the alternate target group and shifts the rule's weights with this role.
    const infrastructureRole = resolved.deploymentStrategy === "CANARY" ? this.createInfrastructureRole(name, resolved.permissionsBoundary) : undefined;

    const waitFor: Promise<pulumi.Resource[]> = (args.deployAfter ?? Promise.resolve([])).then((after) => [
      ...rolePolicies,
      ...(infrastructureRole ? [infrastructureRole.attachment] : []),
      ...(capacityProviders ? [capacityProviders] : []),
      ...after,
    ]);
    const service = new aws.ecs.Service(
      name,
      {
        cluster: cluster.arn,
        taskDefinition: taskDefinition.arn,
        desiredCount: resolved.desiredCount,
        ...(spot ? { capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }] } : { launchType: "FARGATE" }),
        platformVersion: "LATEST",
        networkConfiguration: { subnets: resolved.subnetIds, securityGroups: [resolved.securityGroupId], assignPublicIp: false },
        loadBalancers: [
          {
            targetGroupArn: resolved.targetGroupArn,
            containerName: CONTAINER_NAME,
            containerPort: resolved.containerPort,
            ...(infrastructureRole && resolved.canary
              ? {
                  advancedConfiguration: {
                    alternateTargetGroupArn: resolved.canary.alternateTargetGroupArn,
                    productionListenerRule: resolved.canary.productionListenerRuleArn,
                    roleArn: infrastructureRole.role.arn,
                  },
                }
              : {}),
          },
        ],
        healthCheckGracePeriodSeconds: resolved.healthCheckGracePeriodSeconds,
        deploymentController: { type: "ECS" },
        deploymentConfiguration: deploymentConfiguration(resolved),
        // Zero downtime: never below the desired count of healthy tasks; start the new ones alongside the old.
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        // ROLLING: tasks that fail to start or to pass health checks stop the deployment and bring back the last good
        // one. The breaker applies to rolling deployments only (ECS API reference, DeploymentCircuitBreaker: "can only
        // be used for services using the rolling update"); under CANARY it is kept for a switch back to ROLLING and does
        // nothing...
        deploymentCircuitBreaker: { enable: true, rollback: true },
        // ...while these alarms roll back either strategy: under CANARY they are what rolls the canary back (healthy-
        // looking tasks that serve errors or slowly, during the canary's bake and the deployment's).
        alarms: { alarmNames: this.deploymentAlarmNames, enable: true, rollback: true },
        availabilityZoneRebalancing: "ENABLED",
        enableExecuteCommand: false,
        enableEcsManagedTags: true,
        propagateTags: "SERVICE",
        // `pulumi up` waits for the rollout, so a deployment that fails (and rolls back) fails the update too.
        waitForSteadyState: true,
      },
      // Autoscaling owns the running count after the first deployment; an update must not reset it. With CANARY, ECS
      // owns the target-group pairing too (CANARY_SERVICE_IGNORE_CHANGES). The service starts tasks, so it waits for the
      // role policies too (not only through the task definition), and for `deployAfter` (the GuardDuty agent's policy).
      // With CANARY the service also waits for the infrastructure role's policy: ECS uses it on the first deployment.
      // A provider waits 20 minutes by default; a canary takes its bake times and more (deploymentWaitMinutes).
      {
        parent: this,
        ignoreChanges: ["desiredCount", ...(resolved.deploymentStrategy === "CANARY" ? CANARY_SERVICE_IGNORE_CHANGES : [])],
        dependsOn: waitFor,
        customTimeouts: { create: `${deploymentWaitMinutes(resolved)}m`, update: `${deploymentWaitMinutes(resolved)}m` },
      },
    );

    this.createAutoscaling(name, resolved, cluster.name, service.name);

    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.serviceName = service.name;
    this.taskDefinitionArn = taskDefinition.arn;
    this.executionRoleArn = executionRole.arn;
    this.taskRoleArn = taskRole.arn;
    this.logGroupName = logs.app.name;
    this.logKeyArn = logs.keyArn;
    this.logKeySharedGroupNames = args.kmsKeyArn === undefined ? [...(args.sharedLogGroupNames ?? [])] : [];
    this.infrastructureRoleArn = infrastructureRole?.role.arn;
    this.registerOutputs({
      infrastructureRoleArn: this.infrastructureRoleArn,
      clusterName: this.clusterName,
      clusterArn: this.clusterArn,
      serviceName: this.serviceName,
      taskDefinitionArn: this.taskDefinitionArn,
      executionRoleArn: this.executionRoleArn,
      taskRoleArn: this.taskRoleArn,
      logGroupName: this.logGroupName,
      deploymentAlarmNames: this.deploymentAlarmNames,
      logKeyArn: this.logKeyArn,
    });
  }

  /** The container log group and the ECS Exec log group, both encrypted with one key only CloudWatch Logs may use for them. */
  private createLogGroups(name: string, args: ResolvedServiceArgs, ctx: AwsContext, kmsKeyArn: pulumi.Input<string> | undefined) {
    const logGroupArn = (groupName: string) => pulumi.interpolate`arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${groupName}`;
    const appName = serviceLogGroupName(name);
    const execName = execLogGroupName(name);
    const keyArn = kmsKeyArn !== undefined ? pulumi.output(kmsKeyArn) : createKmsKey(
      `${name}-logs`,
      {
        description: `CredLink ${name}: encrypts the log groups ${appName} and ${execName} and ECS Exec sessions`,
        deletionWindowInDays: args.keyDeletionWindowDays,
        statements: [
          cloudWatchLogsStatement("AllowCloudWatchLogsForTheseLogGroups", [logGroupArn(appName), logGroupArn(execName), ...(args.sharedLogGroupNames ?? []).map(logGroupArn)], ctx),
        ],
        administrators: args.keyAdministrators,
      },
      ctx,
      this,
      { protect: args.protectLogKey },
    ).key.arn;
    const app = new aws.cloudwatch.LogGroup(
      `${name}-app`,
      { name: appName, retentionInDays: args.logRetentionDays, kmsKeyId: keyArn },
      { parent: this },
    );
    const exec = new aws.cloudwatch.LogGroup(
      `${name}-exec`,
      { name: execName, retentionInDays: args.logRetentionDays, kmsKeyId: keyArn },
      { parent: this },
    );
    return { app, exec, keyArn };
  }

  /** A role only ECS tasks of this account and region can assume. */
  private createRole(name: string, role: string, purpose: string, ctx: AwsContext, permissionsBoundary: pulumi.Input<string> | undefined): aws.iam.Role {
    return new aws.iam.Role(
      `${name}-${role}`,
      {
        description: `CredLink ${name}: the task ${role} role; ${purpose}`,
        // Confused-deputy guard: only ECS acting for this account, in this region.
        assumeRolePolicy: serviceTrustPolicy("ecs-tasks.amazonaws.com", ctx, pulumi.interpolate`arn:${ctx.partition}:ecs:${ctx.region}:${ctx.accountId}:*`),
        permissionsBoundary,
      },
      { parent: this },
    );
  }

  /**
   * The role ECS assumes for a CANARY deployment: it registers tasks in the two target groups and shifts the production
   * listener rule's weights. Trusted by ecs.amazonaws.com exactly as the ECS developer guide's infrastructure role for
   * load balancers is, with AWS's managed policy for it (AmazonECSInfrastructureRolePolicyForLoadBalancers).
   */
  private createInfrastructureRole(name: string, permissionsBoundary: pulumi.Input<string> | undefined): { role: aws.iam.Role; attachment: aws.iam.RolePolicyAttachment } {
    const role = new aws.iam.Role(
      `${name}-ecs-infrastructure`,
      {
        description: `CredLink ${name}: ECS shifts canary traffic between the service's two target groups with this role`,
        assumeRolePolicy: JSON.stringify(ECS_INFRASTRUCTURE_TRUST_POLICY),
        permissionsBoundary,
      },
      { parent: this },
    );
    const attachment = new aws.iam.RolePolicyAttachment(
      `${name}-ecs-infrastructure`,
      { role: role.name, policyArn: ECS_INFRASTRUCTURE_LB_POLICY_ARN },
      { parent: this },
    );
    return { role, attachment };
  }

  /**
   * The alarms ECS watches during a deployment (and its bake time): the target 5xx rate and p95 target response
   * time, per minute, on this service's target group. Missing data (no traffic) is not a failure. With CANARY they
   * watch the whole load balancer instead: the canary's requests go to the alternate target group, and after a
   * deployment the two groups have swapped roles, so one target group's metrics would miss them.
   */
  private createDeploymentAlarms(name: string, args: ResolvedServiceArgs): aws.cloudwatch.MetricAlarm[] {
    const dimensions: Record<string, pulumi.Input<string>> =
      args.deploymentStrategy === "CANARY"
        ? { LoadBalancer: args.loadBalancerArnSuffix }
        : { LoadBalancer: args.loadBalancerArnSuffix, TargetGroup: args.targetGroupArnSuffix };
    const errorRate = new aws.cloudwatch.MetricAlarm(
      `${name}-5xx-rate`,
      {
        alarmDescription: `CredLink ${name}: more than ${args.errorRateThresholdPercent}% of requests got a 5xx from the service; fails and rolls back a deployment`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: args.errorRateThresholdPercent,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: "notBreaching",
        metricQueries: [
          {
            id: "errors",
            returnData: false,
            metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", stat: "Sum", period: 60, dimensions },
          },
          {
            id: "requests",
            returnData: false,
            metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", stat: "Sum", period: 60, dimensions },
          },
          { id: "rate", label: "Target 5xx (% of requests)", returnData: true, expression: "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)" },
        ],
        alarmActions: args.alarmActions,
      },
      { parent: this },
    );
    const latency = new aws.cloudwatch.MetricAlarm(
      `${name}-p95-latency`,
      {
        alarmDescription: `CredLink ${name}: p95 target response time above ${args.latencyThresholdSeconds * 1000} ms; fails and rolls back a deployment`,
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        dimensions,
        extendedStatistic: "p95",
        period: 60,
        comparisonOperator: "GreaterThanThreshold",
        threshold: args.latencyThresholdSeconds,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
        // A p95 of a handful of requests is noise; with too few samples the alarm keeps its state.
        evaluateLowSampleCountPercentiles: "ignore",
        alarmActions: args.alarmActions,
      },
      { parent: this },
    );
    return [errorRate, latency];
  }

  /** Target tracking on average CPU and on ALB requests per task, between minCount and maxCount. */
  private createAutoscaling(name: string, args: ResolvedServiceArgs, clusterName: pulumi.Output<string>, serviceName: pulumi.Output<string>) {
    const target = new aws.appautoscaling.Target(
      name,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${clusterName}/${serviceName}`,
        minCapacity: args.minCount,
        maxCapacity: args.maxCount,
      },
      { parent: this },
    );
    const policy = (role: string, metric: ScalingMetric, targetValue: number) =>
      new aws.appautoscaling.Policy(
        `${name}-${role}`,
        {
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            ...(isCustomized(metric) ? { customizedMetricSpecification: metric } : { predefinedMetricSpecification: metric }),
            targetValue,
            // Out fast, in slowly: a burst gets capacity within a minute, a lull doesn't flap the count.
            scaleOutCooldown: 60,
            scaleInCooldown: 300,
          },
        },
        { parent: this },
      );
    policy("cpu", { predefinedMetricType: ECS_CPU_METRIC }, args.cpuTargetPercent);
    policy("requests", requestsPerTaskMetric(args), args.requestsPerTarget);
  }
}

type ScalingMetric =
  | aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification
  | aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification;

const ECS_CPU_METRIC = "ECSServiceAverageCPUUtilization";

function isCustomized(metric: ScalingMetric): metric is aws.types.input.appautoscaling.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecification {
  return "metrics" in metric;
}

/**
 * The request-count scaling metric: ALB requests per task. ROLLING: the predefined ALBRequestCountPerTarget of the one
 * target group. CANARY: ECS swaps the production and alternate groups on every deployment, so a predefined metric named
 * after one group would read zero after the first swap; instead the sum of RequestCountPerTarget over both groups
 * (target tracking with metric math, "Create a target tracking scaling policy using metric math",
 * https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html).
 * Outside a deployment one group has no targets and reports nothing (FILL 0).
 */
export function requestsPerTaskMetric(args: ResolvedServiceArgs): ScalingMetric {
  const alternate = args.deploymentStrategy === "CANARY" ? args.canary?.alternateTargetGroupArnSuffix : undefined;
  if (alternate === undefined) {
    return { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: pulumi.interpolate`${args.loadBalancerArnSuffix}/${args.targetGroupArnSuffix}` };
  }
  const perTarget = (id: string, targetGroup: pulumi.Input<string>) => ({
    id,
    returnData: false,
    metricStat: {
      metric: {
        namespace: "AWS/ApplicationELB",
        metricName: "RequestCountPerTarget",
        dimensions: [
          { name: "LoadBalancer", value: args.loadBalancerArnSuffix },
          { name: "TargetGroup", value: targetGroup },
        ],
      },
      stat: "Sum",
    },
  });
  return {
    metrics: [
      perTarget("production", args.targetGroupArnSuffix),
      perTarget("alternate", alternate),
      { id: "perTask", label: "ALB requests per task (both target groups)", returnData: true, expression: "FILL(production, 0) + FILL(alternate, 0)" },
    ],
  };
}

/** AWS's managed policy for the ECS infrastructure role that manages load balancers (blue/green, linear, canary). */
export const ECS_INFRASTRUCTURE_LB_POLICY_ARN = "arn:aws:iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers";

/** The ECS infrastructure role's trust policy, as the ECS developer guide writes it (ecs.amazonaws.com may assume it). */
export const ECS_INFRASTRUCTURE_TRUST_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Sid: "AllowAccessToECSForInfrastructureManagement", Effect: "Allow", Principal: { Service: "ecs.amazonaws.com" }, Action: "sts:AssumeRole" }],
} as const;

/**
 * The service's deploymentConfiguration: the strategy, and with CANARY the canary's share and bake time and the bake
 * time of the whole deployment (the provider takes the minutes as strings).
 */
export function deploymentConfiguration(args: DeploymentSettings): aws.types.input.ecs.ServiceDeploymentConfiguration {
  if (args.deploymentStrategy !== "CANARY") return { strategy: "ROLLING" };
  return {
    strategy: "CANARY",
    bakeTimeInMinutes: String(args.bakeMinutes),
    canaryConfiguration: { canaryPercent: args.canaryPercent, canaryBakeTimeInMinutes: String(args.canaryBakeMinutes) },
  };
}

/** An IAM statement whose Resource may also be an Output list (the deduplicated key ARNs). */
type IamStatement = Omit<PolicyStatement, "Resource"> & { readonly Resource: PolicyStatement["Resource"] | pulumi.Output<string[]> };

/** The execution role's policy: this repository, this log group, the cache secret, its key (through Secrets Manager). */
export function executionPolicyDocument(args: ResolvedServiceArgs, logGroupArn: pulumi.Input<string>, ctx: AwsContext): pulumi.Output<string> {
  const statements: IamStatement[] = [
    {
      Sid: "PullFromThisRepository",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: args.repositoryArn,
    },
    {
      // GetAuthorizationToken is account-wide by design: IAM cannot scope it to a repository.
      Sid: "GetRegistryToken",
      Effect: "Allow",
      Action: "ecr:GetAuthorizationToken",
      Resource: "*",
    },
    {
      Sid: "WriteThisLogGroup",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [logGroupArn, pulumi.interpolate`${logGroupArn}:*`],
    },
    {
      // The database master secret is not here: the app logs in with IAM database authentication.
      Sid: "ReadTheseSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: [args.cacheAuthSecretArn],
    },
    {
      Sid: "DecryptTheseSecrets",
      Effect: "Allow",
      Action: "kms:Decrypt",
      // A shared data-tier key would appear twice; IAM allows it, but the document should say each key once.
      Resource: pulumi.output(args.secretKeyArns).apply((arns) => [...new Set(arns)]),
      Condition: { StringEquals: { "kms:ViaService": pulumi.interpolate`secretsmanager.${ctx.region}.amazonaws.com` } },
    },
  ];
  return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/** The task role's policy: objects in the proof bucket, the proof key through S3, and connecting to the database as the app user. Nothing else. */
export function taskPolicyDocument(args: ResolvedServiceArgs, ctx: AwsContext): pulumi.Output<string> {
  const statements: PolicyStatement[] = [
    {
      Sid: "ReadWriteProofObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
      Resource: pulumi.interpolate`${args.proofBucketArn}/*`,
    },
    {
      Sid: "UseTheProofKeyThroughS3",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: args.proofBucketKeyArn,
      Condition: { StringEquals: { "kms:ViaService": pulumi.interpolate`s3.${ctx.region}.amazonaws.com` } },
    },
    {
      // IAM database authentication: the token the app signs with this role is a password for this user only.
      Sid: "ConnectToTheDatabaseAsTheAppUser",
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: args.databaseConnectArn,
    },
    ...(args.tracing
      ? [
          {
            // The tracing sidecar sends the app's spans to X-Ray. These actions have no resource-level permissions, so
            // Resource "*" is the only form IAM accepts; the actions are named, never "xray:*".
            Sid: "SendTracesToXRay",
            Effect: "Allow" as const,
            Action: [...XRAY_ACTIONS],
            Resource: "*",
          },
        ]
      : []),
  ];
  return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * The app's tracing settings: where to export (the sidecar), and the head sampler, as the OpenTelemetry SDK environment
 * variables every official SDK reads ("General SDK Configuration": OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG;
 * https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/). The collector's X-Ray
 * configuration has no X-Ray sampling proxy, so the sampling decision is the SDK's, made here, not an X-Ray rule's.
 */
export function tracingEnvironment(sampleRatio: number): { name: string; value: string }[] {
  return [
    { name: "OTEL_EXPORTER_OTLP_ENDPOINT", value: OTLP_ENDPOINT },
    { name: "OTEL_TRACES_SAMPLER", value: "traceidratio" },
    { name: "OTEL_TRACES_SAMPLER_ARG", value: String(sampleRatio) },
  ];
}

/** The app container: settings in `environment`, credentials only as `secrets` (ARNs the agent resolves at start). */
export function containerDefinition(args: ResolvedServiceArgs, logGroupName: pulumi.Input<string>, region: pulumi.Input<string>) {
  return {
    name: CONTAINER_NAME,
    image: args.image,
    essential: true,
    user: args.containerUser,
    readonlyRootFilesystem: true,
    privileged: false,
    linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } },
    portMappings: [{ name: "http", containerPort: args.containerPort, hostPort: args.containerPort, protocol: "tcp", appProtocol: "http" }],
    mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
    environment: [
      { name: "AWS_REGION", value: region },
      { name: "CACHE_HOST", value: args.cacheHost },
      { name: "CACHE_PORT", value: pulumi.output(args.cachePort).apply(String) },
      { name: "CACHE_TLS", value: "true" },
      { name: "DATABASE_HOST", value: args.databaseHost },
      ...(args.databaseName === undefined ? [] : [{ name: "DATABASE_NAME", value: args.databaseName }]),
      { name: "DATABASE_PORT", value: pulumi.output(args.databasePort).apply(String) },
      // A user name, not a credential: the password is an IAM auth token the app signs with the task role.
      { name: "DATABASE_USERNAME", value: args.databaseUser },
      ...(args.tracing ? tracingEnvironment(args.tracingSampleRatio) : []),
      { name: "PORT", value: String(args.containerPort) },
      { name: "PROOF_BUCKET", value: args.proofBucketName },
    ],
    secrets: [
      { name: "CACHE_AUTH_TOKEN", valueFrom: args.cacheAuthSecretArn },
    ],
    // Only when asked for: by default the target group's health check on healthCheckPath decides (see ServiceArgs).
    ...(args.healthCheckCommand === undefined
      ? {}
      : { healthCheck: { command: args.healthCheckCommand, interval: 15, timeout: 5, retries: 3, startPeriod: 30 } }),
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": logGroupName,
        "awslogs-region": region,
        "awslogs-stream-prefix": CONTAINER_NAME,
        // A slow log pipeline must never block the app; a bounded buffer drops lines instead.
        mode: "non-blocking",
        "max-buffer-size": "25m",
      },
    },
    // With tracing, the collector is started first, so the app's first spans have somewhere to go. START, not
    // HEALTHY: the collector's health is not the app's business (it is not essential).
    ...(args.tracing ? { dependsOn: [{ containerName: COLLECTOR_CONTAINER_NAME, condition: "START" }] } : {}),
    stopTimeout: 30,
  };
}

/**
 * The tracing sidecar: the ADOT collector with its X-Ray-only configuration, hardened like the app (non-root,
 * read-only root filesystem, unprivileged, every capability dropped), logging to the service's log group.
 *
 * Not essential: tracing is diagnostic, and a collector that crashes or hits its memory limit must not stop the task
 * and take API traffic with it. ECS restarts nothing by itself for a non-essential container, so a dead collector
 * means lost spans (visible as a gap in X-Ray and in its logs) until the task is replaced.
 */
export function collectorContainerDefinition(args: ResolvedServiceArgs, logGroupName: pulumi.Input<string>, region: pulumi.Input<string>) {
  return {
    name: COLLECTOR_CONTAINER_NAME,
    image: args.tracingCollectorImage,
    essential: false,
    command: [`--config=${COLLECTOR_CONFIG}`],
    cpu: COLLECTOR_CPU,
    memory: COLLECTOR_MEMORY_MIB,
    memoryReservation: COLLECTOR_MEMORY_RESERVATION_MIB,
    user: COLLECTOR_USER,
    // The X-Ray configuration keeps everything in memory (no file storage extension), so it needs no writable path.
    readonlyRootFilesystem: true,
    privileged: false,
    linuxParameters: { capabilities: { drop: ["ALL"] } },
    environment: [{ name: "AWS_REGION", value: region }],
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": logGroupName,
        "awslogs-region": region,
        "awslogs-stream-prefix": COLLECTOR_CONTAINER_NAME,
        mode: "non-blocking",
        "max-buffer-size": "25m",
      },
    },
    stopTimeout: 10,
  };
}
