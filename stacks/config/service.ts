/** `credlink:service`: the application tier (`credlink:app:Registry`, `LoadBalancer`, `Service`) and how it deploys. */
import { z } from "zod";
import {
  allowedCidrsProblem,
  ANYWHERE_IPV4,
  DEFAULT_COLLECTOR_IMAGE,
  DEPLOYMENT_STRATEGIES,
  resolveLoadBalancerArgs,
  resolveRegistryArgs,
  validateDeploymentSettings,
  validateLoadBalancerArgs,
  validateRegistryArgs,
  validateServiceSizing,
} from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, stringList, validatedBy } from "./lib";

/** What the deployment validator assumes for a key left out: the schema's defaults below. */
const DEPLOYMENT_DEFAULTS = { strategy: "ROLLING", canaryPercent: 5, canaryBakeMinutes: 10, bakeMinutes: 10 } as const;

/**
 * How the service deploys: ROLLING, or CANARY (ECS native, through the load balancer's alternate target group and
 * production listener rule). The ranges are the ECS API's, checked by the component's validator. See
 * "How the canary behaves".
 */
const deployment = z
  .strictObject({
    /**
     * How ECS replaces tasks; CANARY adds the alternate target group, the production listener rule and the ECS
     * infrastructure role (see "CI/CD").
     */
    strategy: z.enum(DEPLOYMENT_STRATEGIES).default(DEPLOYMENT_DEFAULTS.strategy),
    /**
     * Share of requests, percent, the new revision gets during the canary phase (CANARY only).
     * @accepts 0.1-100, a multiple of 0.1 (ECS `CanaryConfiguration`)
     */
    canaryPercent: z.number().default(DEPLOYMENT_DEFAULTS.canaryPercent),
    /**
     * Minutes the canary serves its share before all traffic shifts (CANARY only).
     * @accepts 0-1440
     */
    canaryBakeMinutes: z.int().default(DEPLOYMENT_DEFAULTS.canaryBakeMinutes),
    /**
     * Minutes the old revision stays up after the shift, for an instant rollback (CANARY only).
     * @accepts 0-1440
     */
    bakeMinutes: z.int().default(DEPLOYMENT_DEFAULTS.bakeMinutes),
  })
  .superRefine(
    validatedBy((d) => validateDeploymentSettings({ ...DEPLOYMENT_DEFAULTS, ...d, deploymentStrategy: d.strategy ?? DEPLOYMENT_DEFAULTS.strategy })),
    ALSO_AFTER_TYPE_ERRORS,
  );

/**
 * The application tier (`credlink:app:Registry`, `credlink:app:LoadBalancer`, `credlink:app:Service`). Sizes and counts
 * are checked by the components' own validators: the Fargate cpu/memory table, the image reference (a tag or a digest
 * is required), min <= desired <= max.
 *
 * Both stacks commit a placeholder `image` in AWS's documentation account (123456789012) so the offline plan runs; the
 * config warns about it, and CI sets the real image (see "Deploying a new image version").
 */
export const service = z
  .strictObject({
    /**
     * The image the service runs: a full reference with a tag or digest. CI sets it for each release.
     * @accepts an image reference with a tag or `@sha256:` digest; prod: a digest or a tag other than `latest` (each
     * push moves `latest`)
     */
    image: z.string(),
    /**
     * Task CPU units, checked against the Fargate cpu/memory table.
     * @accepts Fargate CPU units (256, 512, 1024, ...; 1024 = 1 vCPU)
     */
    cpu: z.int(),
    /**
     * Task memory, MiB.
     * @accepts a Fargate memory size for that `cpu`
     */
    memory: z.int(),
    /** The task's CPU architecture: Graviton (ARM64) costs less per vCPU-hour than x86 (policy/cost/prices.ts). */
    architecture: z.enum(["ARM64", "X86_64"]).default("ARM64"),
    /**
     * On-demand Fargate, or Fargate Spot (priced at the Spot fraction in policy/cost/prices.ts; a task can be stopped at two minutes' notice), a
     * cost lever for dev (see "Dev cost levers").
     * @accepts prod: `"FARGATE"` (Spot tasks can be stopped whenever AWS needs the capacity back)
     */
    capacityProvider: z.enum(["FARGATE", "FARGATE_SPOT"]).default("FARGATE"),
    /**
     * The app's port: the only port the load balancer reaches tasks on.
     * @accepts 1024-65535 (the container runs as a non-root user)
     */
    containerPort: z.int().default(8080),
    /**
     * The target group's health check path; it must answer 200.
     * @accepts an absolute URL path
     */
    healthCheckPath: z.string().default("/healthz"),
    /**
     * A health check ECS runs inside the container; absent = the load balancer's check only. See "The image
     * contract".
     * @accepts `["CMD", "<executable>", ...args]` or `["CMD-SHELL", "<command line>"]`, no empty part, or absent
     * @default absent (no container health check)
     */
    healthCheckCommand: z.array(z.string()).optional(),
    /**
     * Initial task count; autoscaling owns it afterwards.
     * @accepts from `minCount` to `maxCount`; prod: at least 2 (one task in each of two AZs, so losing an AZ or a
     * task keeps the service up)
     */
    desiredCount: z.int(),
    /**
     * The autoscaling range's floor.
     * @accepts 1-100; prod: at least 2
     */
    minCount: z.int(),
    /**
     * The autoscaling range's ceiling.
     * @accepts from `minCount` to 100
     */
    maxCount: z.int(),
    /**
     * CPU target tracking: the average CPU percent autoscaling holds the tasks at.
     * @accepts 10-90
     */
    cpuTargetPercent: z.int().default(60),
    /**
     * Load balancer requests per task per minute that autoscaling targets.
     * @accepts 1-100000
     */
    requestsPerTarget: z.int().default(500),
    /**
     * Retention of the container and ECS Exec logs.
     * @accepts a CloudWatch Logs retention
     */
    logRetentionDays: z.int().default(30),
    /**
     * Images ECR keeps (the newest N).
     * @accepts 1-1000
     */
    keepImages: z.int().default(20),
    /**
     * Days the load balancer's access logs are kept.
     * @accepts 1-3650
     */
    accessLogRetentionDays: z.int().default(90),
    /**
     * Run the ADOT collector sidecar and send the app's traces to X-Ray (see "The image contract"). The task size
     * must leave the app 128 CPU units and 256 MiB besides the sidecar's 32 / 128.
     */
    tracing: z.boolean().default(false),
    /**
     * The collector image. Prod pins it by digest: a tag can be moved to another image, a digest names the exact bytes
     * the task runs (see "The tracing collector is pinned by digest").
     * @accepts an image reference with a tag or `@sha256:` digest, not `latest`; prod: a digest (`<repository>:<tag>@sha256:<64 hex>`)
     */
    tracingCollectorImage: z.string().default(DEFAULT_COLLECTOR_IMAGE),
    /**
     * The share of requests traced, with `tracing`: the app's OpenTelemetry SDK samples by trace id at this ratio, and
     * X-Ray bills only what it records (see "Tracing: the sampling ratio").
     * @accepts greater than 0, at most 1
     */
    tracingSampleRatio: z.number().default(1),
    /** ROLLING or CANARY, and the canary's settings. */
    deployment: deployment.prefault({}),
    /**
     * IPv4 CIDR blocks the load balancer's 80/443 admit: dev, without a WAF, narrows them (see "Dev ingress
     * allowlist and CI").
     * @accepts 1-30 IPv4 CIDR blocks, no host bits, no repeats; at most 29 without `0.0.0.0/0` on the AWS edge (CI adds
     * two rules for its runner, within a security group's 60); with `edge.provider` cloudflare, left out (or
     * `["0.0.0.0/0"]`): the load balancer then admits Cloudflare's ranges only
     */
    allowedCidrs: stringList('must be a list of IPv4 CIDR blocks like "203.0.113.0/24"').default([ANYWHERE_IPV4]),
  })
  .superRefine(
    validatedBy(
      (svc) => validateServiceSizing(svc),
      (svc) => {
        const problem = Array.isArray(svc.allowedCidrs) ? allowedCidrsProblem(svc.allowedCidrs) : undefined;
        if (problem) throw new Error(`allowedCidrs ${problem}`);
      },
      (svc) => validateRegistryArgs(resolveRegistryArgs("credlink", { keepImages: svc.keepImages })),
      (svc) =>
        validateLoadBalancerArgs(
          resolveLoadBalancerArgs({
            vpcId: "",
            subnetIds: [],
            securityGroupId: "",
            targetPort: svc.containerPort,
            healthCheckPath: svc.healthCheckPath,
            accessLogRetentionDays: svc.accessLogRetentionDays,
          }),
        ),
    ),
    ALSO_AFTER_TYPE_ERRORS,
  );
