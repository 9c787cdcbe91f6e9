/**
 * Every config key reaches its resource: each key of the schema (stacks/config.ts configKeyPaths) has a row that sets a
 * value the committed file doesn't hold (and the component's default isn't), and finds it on the resource it configures.
 * A value that is never passed through would leave the component's default, and the row fails; a key without a row fails
 * the meta-test, naming it.
 *
 * Two patched runs, each changing many keys that don't interact: dev (nearly every section, every optional feature on)
 * and examples/prod-cloudflare.yaml as a dev environment (the Cloudflare keys and secrets, the DR region, an existing
 * OIDC provider, its own account without the singletons, and the keys whose prod value is pinned to the default). A few
 * rows read the committed dev run, whose values for those keys are already not the defaults. A key the program passes to
 * several components has a row for each: a value that reaches one of them proves nothing about the others. The failover
 * stack's keys, which need runs of their own, name the test in another file that drives them (ELSEWHERE).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { configKeyPaths } from "../stacks/config";
import type { Recorder, Registration } from "../tools/offline/mocks";
import { runProgram, stackConfig } from "../tools/offline/program";
import { REPO_ROOT } from "../tools/project";
import { committedProgram } from "./helpers/programs";

type Run = "dev" | "cloudflare" | "dev (committed)";

const STATE_KEY = "arn:aws:kms:us-east-1:111111111111:key/12345678-aaaa-bbbb-cccc-1234567890ab";
const DIGEST = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
const PAGERDUTY = "https://events.pagerduty.com/integration/wiringwiringwiringwiringwiring00/enqueue";
const HEARTBEAT = "https://hc-ping.com/wiring-wiring-heartbeat";
const DR_HEARTBEAT = "https://hc-ping.com/wiring-wiring-heartbeat-dr";

/** The dev run: nearly every key set to a value neither Pulumi.dev.yaml nor the components' defaults hold. */
const DEV_PATCH: Record<string, unknown> = {
  "credlink:tags": { owner: "wiring-owner", costCenter: "wiring-cc" },
  // A key per store (dev commits false), so every component's key shows the window.
  "credlink:kms": { deletionWindowDays: 9, keyPerStore: true },
  "credlink:network": { cidrBlock: "10.40.0.0/16", azCount: 3, natGateways: "single", subnetMasks: { public: 25, private: 21, isolated: 25 }, flowLogRetentionDays: 60 },
  "credlink:database": { engineVersion: "16", instanceClass: "db.t4g.small", allocatedStorageGb: 30, maxAllocatedStorageGb: 60, multiAz: true, backupRetentionDays: 3, logRetentionDays: 60, appUser: "wiring_user" },
  "credlink:cache": { engine: "redis", engineVersion: "7.0", nodeType: "cache.t4g.small", replicas: 2, snapshotRetentionDays: 3, snapshotWindow: "01:00-02:00" },
  "credlink:proofs": {
    noncurrentTransitionDays: 45,
    noncurrentExpirationDays: 90,
    accessLogRetentionDays: 45,
    objectLockRetentionDays: 10,
    objectLockMode: "COMPLIANCE",
  },
  "credlink:dr": { enabled: true },
  "credlink:service": {
    image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-dev:wiring",
    cpu: 512,
    memory: 2048,
    architecture: "X86_64",
    containerPort: 9090,
    healthCheckPath: "/wiring-health",
    healthCheckCommand: ["CMD", "/bin/wiring-check"],
    desiredCount: 3,
    minCount: 2,
    maxCount: 5,
    cpuTargetPercent: 55,
    requestsPerTarget: 750,
    logRetentionDays: 60,
    keepImages: 15,
    accessLogRetentionDays: 45,
    tracing: true,
    tracingSampleRatio: 0.2,
    tracingCollectorImage: `public.ecr.aws/aws-observability/aws-otel-collector:v0.44.0@${DIGEST}`,
    deployment: { strategy: "CANARY", canaryPercent: 7.5, canaryBakeMinutes: 12, bakeMinutes: 14 },
    allowedCidrs: ["100.24.0.0/16"],
  },
  "credlink:domain": { name: "api.wiring.example", hostedZoneId: "Z1111111111111111111" },
  "credlink:alerts": { emails: ["wiring@credlink.example"], runbookBase: "https://runbooks.wiring.example/credlink", subscriberPrincipalArns: ["arn:aws:iam::123456789012:role/wiring-admin"] },
  "credlink:alerts.pagerdutyUrl": PAGERDUTY,
  "credlink:alerts.heartbeatUrl": HEARTBEAT,
  "credlink:alerts.drHeartbeatUrl": DR_HEARTBEAT,
  "credlink:slo": { targetPercent: 99.5, latencyThresholdMs: 750 },
  "credlink:cost": { anomalyThresholdUsd: 33 },
  "credlink:cicd": { github: { owner: "wiring-org", repo: "wiring-repo", ownerId: "33333333", repoId: "44444444" }, stateBucket: "wiring-state-bucket", stateKeyArn: STATE_KEY },
  "credlink:backup": { dailyRetentionDays: 9, continuousBackup: true, continuousRetentionDays: 3, vaultLockMinDays: 2, vaultLockMaxDays: 400, vaultLockChangeableDays: 4, airGappedCopy: true, restoreTestFrequency: "weekly", restoreValidationHours: 5 },
  // The trail's settings (dev commits only tamperAlerts false: the committed run's row shows none is built).
  "credlink:audit": { logRetentionDays: 77, objectLockRetentionDays: 11, objectLockMode: "COMPLIANCE", dataEventReads: true, tamperAlerts: true },
  "credlink:chaos": { enabled: true },
  "credlink:edge": { waf: { enabled: true, rateLimit: 2000, rateWindowSec: 120, largeBodyPaths: ["/v1/wiring"], logRetentionDays: 60, blockedRequestsAlarmThreshold: 250 } },
  "credlink:account": { baseline: true, securityHub: true, activateCostAllocationTags: true, breakGlassRoleArn: "arn:aws:iam::111111111111:role/wiring-break-glass" },
  "credlink:ops": { level: "full" },
};

const OIDC_PROVIDER = "arn:aws:iam::210987654321:oidc-provider/token.actions.githubusercontent.com";

const CLOUDFLARE_FILE = "examples/prod-cloudflare.yaml";
const CLOUDFLARE_PATCH: Record<string, unknown> = {
  "credlink:cloudflare": {
    zoneId: "fedcba9876543210fedcba9876543210",
    plan: "Business",
    rateLimits: [{ name: "wiring", pathPrefix: "/v1/wiring", requestsPerPeriod: 77, periodSeconds: 600, mitigationTimeoutSeconds: 600 }],
    r2Location: "weur",
  },
  "credlink:cloudflare.apiToken": "wiring-token",
  "credlink:cloudflare.accountId": "abcdefabcdefabcdefabcdefabcdef12",
  "credlink:dr": { region: "us-east-2" },
  "credlink:cicd": { createOidcProvider: false, oidcProviderArn: OIDC_PROVIDER },
  // The prod rules would pin these to their defaults: the example runs as a dev environment.
  "credlink:environment": "dev",
  "credlink:kms": { deletionWindowDays: 9 },
  "credlink:service": { logRetentionDays: 60 },
  "credlink:proofs": { objectLockRetentionDays: 400 },
  "credlink:domain": { name: "edge.wiring.example" },
  // A dev environment needs an account of its own (prod's and its failover's is 222222222222), which holds the OIDC provider.
  "credlink:account": { id: "210987654321", baseline: false, breakGlassRoleArn: "arn:aws:iam::210987654321:role/credlink-break-glass" },
  // The trail is the account baseline's: without the baseline, no trail settings.
  "credlink:audit": undefined,
};

/** A resource: its type token, and its name or a pattern that matches exactly one name. */
type Ref = readonly [type: string, name: string | RegExp];

/**
 * What a row expects: the value at `at` of the resource's inputs, a text inside it, how many such resources exist, or
 * that every such resource (at least `atLeast` of them) has the value at `at`.
 */
type Check = { readonly equals: unknown } | { readonly includes: string } | { readonly lacks: string } | { readonly count: number } | { readonly atLeast: number; readonly each: unknown };

interface Wire {
  readonly key: string;
  readonly run: Run;
  /** The value the run's config holds for the key. */
  readonly value: unknown;
  readonly resource: Ref;
  /**
   * Where in the inputs: `a.b[0].c`; `{json}` parses a JSON string; `[k=v]` is the list item whose `k` is `v`. Empty for
   * the whole inputs (with `count`, unused).
   */
  readonly at: string;
  readonly expect: Check;
}

const T = {
  provider: "pulumi:providers:aws",
  key: "aws:kms/key:Key",
  vpc: "awsx:ec2:Vpc",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  db: "aws:rds/instance:Instance",
  cache: "aws:elasticache/replicationGroup:ReplicationGroup",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  lock: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  service: "aws:ecs/service:Service",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  scalingTarget: "aws:appautoscaling/target:Target",
  scalingPolicy: "aws:appautoscaling/policy:Policy",
  ecrLifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  certificate: "aws:acm/certificate:Certificate",
  record: "aws:route53/record:Record",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  composite: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  anomaly: "aws:costexplorer/anomalySubscription:AnomalySubscription",
  budget: "aws:budgets/budget:Budget",
  role: "aws:iam/role:Role",
  oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  iamPolicy: "aws:iam/policy:Policy",
  plan: "aws:backup/plan:Plan",
  vaultLock: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
  airGappedVault: "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault",
  trail: "aws:cloudtrail/trail:Trail",
  eventRule: "aws:cloudwatch/eventRule:EventRule",
  restorePlan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
  restoreSelection: "aws:backup/restoreTestingSelection:RestoreTestingSelection",
  experiment: "aws:fis/experimentTemplate:ExperimentTemplate",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  detector: "aws:guardduty/detector:Detector",
  detectorFeature: "aws:guardduty/detectorFeature:DetectorFeature",
  securityHub: "aws:securityhub/account:Account",
  costTag: "aws:costexplorer/costAllocationTag:CostAllocationTag",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  zoneSetting: "cloudflare:index/zoneSetting:ZoneSetting",
  cloudflareEdge: "credlink:edge:Cloudflare",
  ruleset: "cloudflare:index/ruleset:Ruleset",
  r2Bucket: "cloudflare:index/r2Bucket:R2Bucket",
  cloudflareProvider: "pulumi:providers:cloudflare",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  dnsRecord: "cloudflare:index/dnsRecord:DnsRecord",
  r2Lock: "cloudflare:index/r2BucketLock:R2BucketLock",
  originPullSettings: "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings",
} as const;

const eq = (equals: unknown): Check => ({ equals });
const has = (includes: string): Check => ({ includes });
const lacks = (text: string): Check => ({ lacks: text });
const count = (n: number): Check => ({ count: n });
const each = (atLeast: number, value: unknown): Check => ({ atLeast, each: value });
const APP = "containerDefinitions{json}[name=app]";

const WIRES: readonly Wire[] = [
  { key: "environment", run: "cloudflare", value: "dev", resource: [T.provider, "aws-us-east-1"], at: "defaultTags{json}.tags.Environment", expect: eq("dev") },
  { key: "tags.owner", run: "dev", value: "wiring-owner", resource: [T.provider, "aws-us-east-1"], at: "defaultTags{json}.tags.Owner", expect: eq("wiring-owner") },
  { key: "tags.costCenter", run: "dev", value: "wiring-cc", resource: [T.provider, "aws-us-east-1"], at: "defaultTags{json}.tags.CostCenter", expect: eq("wiring-cc") },
  // Every component's key: the network's, the data stores', the registry's, the service's, the alerts', the WAF's, the vaults'.
  { key: "kms.deletionWindowDays", run: "dev", value: 9, resource: [T.key, /.*/], at: "deletionWindowInDays", expect: each(11, 9) },
  // ...and the Cloudflare trust store's and the R2 copy's.
  { key: "kms.deletionWindowDays", run: "cloudflare", value: 9, resource: [T.key, /.*/], at: "deletionWindowInDays", expect: each(12, 9) },
  // Not patched: dev commits false, the default is true (one key per store).
  { key: "kms.keyPerStore", run: "dev (committed)", value: false, resource: [T.key, /.*/], at: "", expect: count(1) },
  { key: "network.cidrBlock", run: "dev", value: "10.40.0.0/16", resource: [T.vpc, "credlink-dev"], at: "cidrBlock", expect: eq("10.40.0.0/16") },
  { key: "network.azCount", run: "dev", value: 3, resource: [T.vpc, "credlink-dev"], at: "numberOfAvailabilityZones", expect: eq(3) },
  { key: "network.natGateways", run: "dev", value: "single", resource: [T.vpc, "credlink-dev"], at: "natGateways.strategy", expect: eq("Single") },
  { key: "network.subnetMasks.public", run: "dev", value: 25, resource: [T.vpc, "credlink-dev"], at: "subnetSpecs[name=public].cidrMask", expect: eq(25) },
  { key: "network.subnetMasks.private", run: "dev", value: 21, resource: [T.vpc, "credlink-dev"], at: "subnetSpecs[name=private].cidrMask", expect: eq(21) },
  { key: "network.subnetMasks.isolated", run: "dev", value: 25, resource: [T.vpc, "credlink-dev"], at: "subnetSpecs[name=isolated].cidrMask", expect: eq(25) },
  { key: "network.flowLogRetentionDays", run: "dev", value: 60, resource: [T.logGroup, "credlink-dev-flow-logs"], at: "retentionInDays", expect: eq(60) },
  { key: "database.engineVersion", run: "dev", value: "16", resource: [T.db, "credlink-dev-db"], at: "engineVersion", expect: eq("16") },
  { key: "database.instanceClass", run: "dev", value: "db.t4g.small", resource: [T.db, "credlink-dev-db"], at: "instanceClass", expect: eq("db.t4g.small") },
  { key: "database.allocatedStorageGb", run: "dev", value: 30, resource: [T.db, "credlink-dev-db"], at: "allocatedStorage", expect: eq(30) },
  { key: "database.maxAllocatedStorageGb", run: "dev", value: 60, resource: [T.db, "credlink-dev-db"], at: "maxAllocatedStorage", expect: eq(60) },
  { key: "database.multiAz", run: "dev", value: true, resource: [T.db, "credlink-dev-db"], at: "multiAz", expect: eq(true) },
  { key: "database.backupRetentionDays", run: "dev", value: 3, resource: [T.db, "credlink-dev-db"], at: "backupRetentionPeriod", expect: eq(3) },
  { key: "database.logRetentionDays", run: "dev", value: 60, resource: [T.logGroup, "credlink-dev-db-postgresql"], at: "retentionInDays", expect: eq(60) },
  { key: "database.appUser", run: "dev", value: "wiring_user", resource: [T.taskDefinition, "credlink-dev"], at: `${APP}.environment[name=DATABASE_USERNAME].value`, expect: eq("wiring_user") },
  { key: "cache.engine", run: "dev", value: "redis", resource: [T.cache, "credlink-dev-cache"], at: "engine", expect: eq("redis") },
  { key: "cache.engineVersion", run: "dev", value: "7.0", resource: [T.cache, "credlink-dev-cache"], at: "engineVersion", expect: eq("7.0") },
  { key: "cache.nodeType", run: "dev", value: "cache.t4g.small", resource: [T.cache, "credlink-dev-cache"], at: "nodeType", expect: eq("cache.t4g.small") },
  { key: "cache.replicas", run: "dev", value: 2, resource: [T.cache, "credlink-dev-cache"], at: "numCacheClusters", expect: eq(3) },
  { key: "cache.snapshotRetentionDays", run: "dev", value: 3, resource: [T.cache, "credlink-dev-cache"], at: "snapshotRetentionLimit", expect: eq(3) },
  { key: "cache.snapshotWindow", run: "dev", value: "01:00-02:00", resource: [T.cache, "credlink-dev-cache"], at: "snapshotWindow", expect: eq("01:00-02:00") },
  { key: "proofs.noncurrentTransitionDays", run: "dev", value: 45, resource: [T.lifecycle, "credlink-dev-proofs"], at: "rules[id=noncurrent-versions].noncurrentVersionTransitions[0].noncurrentDays", expect: eq(45) },
  { key: "proofs.noncurrentExpirationDays", run: "dev", value: 90, resource: [T.lifecycle, "credlink-dev-proofs"], at: "rules[id=noncurrent-versions].noncurrentVersionExpiration.noncurrentDays", expect: eq(90) },
  { key: "proofs.accessLogRetentionDays", run: "dev", value: 45, resource: [T.lifecycle, "credlink-dev-proofs-logs"], at: "rules[id=expire-access-logs].expiration.days", expect: eq(45) },
  { key: "proofs.objectLockRetentionDays", run: "dev", value: 10, resource: [T.lock, "credlink-dev-proofs"], at: "rule.defaultRetention.days", expect: eq(10) },
  { key: "proofs.objectLockMode", run: "dev", value: "COMPLIANCE", resource: [T.lock, "credlink-dev-proofs"], at: "rule.defaultRetention.mode", expect: eq("COMPLIANCE") },
  { key: "account.breakGlassRoleArn", run: "dev", value: "arn:aws:iam::111111111111:role/wiring-break-glass", resource: [T.bucketPolicy, "credlink-dev-proofs"], at: "policy", expect: has("arn:aws:iam::111111111111:role/wiring-break-glass") },
  { key: "proofs.r2Copy", run: "cloudflare", value: true, resource: [T.r2Bucket, /.*/], at: "", expect: count(1) },
  { key: "dr.region", run: "cloudflare", value: "us-east-2", resource: [T.provider, "aws-us-east-2"], at: "region", expect: eq("us-east-2") },
  { key: "dr.enabled", run: "dev", value: true, resource: [T.provider, "aws-us-west-2"], at: "region", expect: eq("us-west-2") },
  { key: "service.image", run: "dev", value: "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-dev:wiring", resource: [T.taskDefinition, "credlink-dev"], at: `${APP}.image`, expect: eq("123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-dev:wiring") },
  { key: "service.cpu", run: "dev", value: 512, resource: [T.taskDefinition, "credlink-dev"], at: "cpu", expect: eq("512") },
  { key: "service.memory", run: "dev", value: 2048, resource: [T.taskDefinition, "credlink-dev"], at: "memory", expect: eq("2048") },
  { key: "service.architecture", run: "dev", value: "X86_64", resource: [T.taskDefinition, "credlink-dev"], at: "runtimePlatform.cpuArchitecture", expect: eq("X86_64") },
  // Not patched: dev commits FARGATE_SPOT, the default is FARGATE.
  { key: "service.capacityProvider", run: "dev (committed)", value: "FARGATE_SPOT", resource: [T.service, "credlink-dev"], at: "capacityProviderStrategies[0].capacityProvider", expect: eq("FARGATE_SPOT") },
  { key: "service.containerPort", run: "dev", value: 9090, resource: [T.targetGroup, "credlink-dev"], at: "port", expect: eq(9090) },
  { key: "service.healthCheckPath", run: "dev", value: "/wiring-health", resource: [T.targetGroup, "credlink-dev"], at: "healthCheck.path", expect: eq("/wiring-health") },
  { key: "service.healthCheckCommand", run: "dev", value: ["CMD", "/bin/wiring-check"], resource: [T.taskDefinition, "credlink-dev"], at: `${APP}.healthCheck`, expect: eq({ command: ["CMD", "/bin/wiring-check"], interval: 15, timeout: 5, retries: 3, startPeriod: 30 }) },
  { key: "service.desiredCount", run: "dev", value: 3, resource: [T.service, "credlink-dev"], at: "desiredCount", expect: eq(3) },
  { key: "service.minCount", run: "dev", value: 2, resource: [T.scalingTarget, "credlink-dev"], at: "minCapacity", expect: eq(2) },
  { key: "service.maxCount", run: "dev", value: 5, resource: [T.scalingTarget, "credlink-dev"], at: "maxCapacity", expect: eq(5) },
  { key: "service.cpuTargetPercent", run: "dev", value: 55, resource: [T.scalingPolicy, "credlink-dev-cpu"], at: "targetTrackingScalingPolicyConfiguration.targetValue", expect: eq(55) },
  { key: "service.requestsPerTarget", run: "dev", value: 750, resource: [T.scalingPolicy, "credlink-dev-requests"], at: "targetTrackingScalingPolicyConfiguration.targetValue", expect: eq(750) },
  { key: "service.logRetentionDays", run: "dev", value: 60, resource: [T.logGroup, "credlink-dev-app"], at: "retentionInDays", expect: eq(60) },
  { key: "service.keepImages", run: "dev", value: 15, resource: [T.ecrLifecycle, "credlink-dev"], at: "policy{json}.rules[0].selection.countNumber", expect: eq(15) },
  { key: "service.accessLogRetentionDays", run: "dev", value: 45, resource: [T.lifecycle, "credlink-dev-alb-logs"], at: "rules[id=expire-access-logs].expiration.days", expect: eq(45) },
  { key: "service.tracingSampleRatio", run: "dev", value: 0.2, resource: [T.taskDefinition, "credlink-dev"], at: `${APP}.environment[name=OTEL_TRACES_SAMPLER_ARG].value`, expect: eq("0.2") },
  { key: "service.tracing", run: "dev", value: true, resource: [T.taskDefinition, "credlink-dev"], at: "containerDefinitions{json}[name=otel-collector].essential", expect: eq(false) },
  {
    key: "service.tracingCollectorImage",
    run: "dev",
    value: `public.ecr.aws/aws-observability/aws-otel-collector:v0.44.0@${DIGEST}`,
    resource: [T.taskDefinition, "credlink-dev"],
    at: "containerDefinitions{json}[name=otel-collector].image",
    expect: eq(`public.ecr.aws/aws-observability/aws-otel-collector:v0.44.0@${DIGEST}`),
  },
  { key: "service.deployment.strategy", run: "dev", value: "CANARY", resource: [T.service, "credlink-dev"], at: "deploymentConfiguration.strategy", expect: eq("CANARY") },
  { key: "service.deployment.canaryPercent", run: "dev", value: 7.5, resource: [T.service, "credlink-dev"], at: "deploymentConfiguration.canaryConfiguration.canaryPercent", expect: eq(7.5) },
  { key: "service.deployment.canaryBakeMinutes", run: "dev", value: 12, resource: [T.service, "credlink-dev"], at: "deploymentConfiguration.canaryConfiguration.canaryBakeTimeInMinutes", expect: eq("12") },
  { key: "service.deployment.bakeMinutes", run: "dev", value: 14, resource: [T.service, "credlink-dev"], at: "deploymentConfiguration.bakeTimeInMinutes", expect: eq("14") },
  { key: "service.allowedCidrs", run: "dev", value: ["100.24.0.0/16"], resource: [T.ingress, "credlink-dev-alb-https-100-24-0-0-16"], at: "cidrIpv4", expect: eq("100.24.0.0/16") },
  { key: "domain.name", run: "dev", value: "api.wiring.example", resource: [T.certificate, "credlink-dev"], at: "domainName", expect: eq("api.wiring.example") },
  { key: "domain.hostedZoneId", run: "dev", value: "Z1111111111111111111", resource: [T.record, "credlink-dev-alias"], at: "zoneId", expect: eq("Z1111111111111111111") },
  { key: "alerts.emails", run: "dev", value: ["wiring@credlink.example"], resource: [T.subscription, /^credlink-dev-notify-email-/], at: "endpoint", expect: eq("wiring@credlink.example") },
  { key: "alerts.runbookBase", run: "dev", value: "https://runbooks.wiring.example/credlink", resource: [T.composite, "credlink-dev-service-degraded"], at: "alarmDescription", expect: has("Runbook: https://runbooks.wiring.example/credlink/service-degraded.md") },
  { key: "alerts.subscriberPrincipalArns", run: "dev", value: ["arn:aws:iam::123456789012:role/wiring-admin"], resource: [T.topicPolicy, "credlink-dev-notify"], at: "policy", expect: has("arn:aws:iam::123456789012:role/wiring-admin") },
  { key: "alerts.pagerdutyUrl", run: "dev", value: PAGERDUTY, resource: [T.subscription, "credlink-dev-page-pagerduty"], at: "endpoint", expect: has(PAGERDUTY) },
  { key: "alerts.heartbeatUrl", run: "dev", value: HEARTBEAT, resource: [T.subscription, "credlink-dev-page-heartbeat"], at: "endpoint", expect: has(HEARTBEAT) },
  { key: "alerts.drHeartbeatUrl", run: "dev", value: DR_HEARTBEAT, resource: [T.subscription, "credlink-dev-restore-test-dr-page-heartbeat"], at: "endpoint", expect: has(DR_HEARTBEAT) },
  // With a heartbeat the page topic's subscriptions read JSON bodies only: Budgets emails its overrun itself too.
  { key: "alerts.emails", run: "dev", value: ["wiring@credlink.example"], resource: [T.budget, "credlink-dev"], at: "notifications[1].subscriberEmailAddresses", expect: eq(["wiring@credlink.example"]) },
  // 14.4 x (100 - 99.5) = 7.2% bad requests over the fast burn's hour.
  { key: "slo.targetPercent", run: "dev", value: 99.5, resource: [T.alarm, "credlink-dev-burn-fast-1h"], at: "threshold", expect: eq(7.2) },
  { key: "slo.latencyThresholdMs", run: "dev", value: 750, resource: [T.alarm, "credlink-dev-burn-fast-1h"], at: "metricQueries[id=slow].metric.stat", expect: eq("TC(0.75:)") },
  { key: "cost.anomalyThresholdUsd", run: "dev", value: 33, resource: [T.anomaly, "credlink-dev"], at: "thresholdExpression.dimension.values", expect: eq(["33"]) },
  { key: "cicd.github.owner", run: "dev", value: "wiring-org", resource: [T.role, "credlink-dev-cicd-deploy"], at: "assumeRolePolicy", expect: has(":job_workflow_ref:wiring-org/wiring-repo/.github/workflows/deploy.yml@refs/heads/main") },
  { key: "cicd.github.repo", run: "dev", value: "wiring-repo", resource: [T.role, "credlink-dev-cicd-preview"], at: "assumeRolePolicy", expect: has(":job_workflow_ref:wiring-org/wiring-repo/.github/workflows/pull-request.yml@refs/pull/*/merge") },
  { key: "cicd.github.ownerId", run: "dev", value: "33333333", resource: [T.role, "credlink-dev-cicd-deploy"], at: "assumeRolePolicy", expect: has('"repository_owner_id:33333333:repository_id:44444444:environment:dev:') },
  { key: "cicd.github.repoId", run: "dev", value: "44444444", resource: [T.role, "credlink-dev-cicd-preview"], at: "assumeRolePolicy", expect: has('"repository_owner_id:33333333:repository_id:44444444:environment:dev-preview:') },
  // The example's account uses the OIDC provider named by cicd.oidcProviderArn instead of creating one.
  { key: "cicd.createOidcProvider", run: "cloudflare", value: false, resource: [T.oidc, /.*/], at: "", expect: count(0) },
  // The secrets-provider key by ARN: each CI role's grant on it, and the CI boundary.
  { key: "cicd.stateKeyArn", run: "dev", value: STATE_KEY, resource: [T.iamPolicy, "credlink-dev-cicd-preview-state"], at: "policy", expect: has(STATE_KEY) },
  { key: "cicd.stateKeyArn", run: "dev", value: STATE_KEY, resource: [T.iamPolicy, "credlink-dev-cicd-deploy-guardrails"], at: "policy", expect: has(STATE_KEY) },
  { key: "cicd.stateKeyArn", run: "dev", value: STATE_KEY, resource: [T.iamPolicy, "credlink-dev-cicd-ci-boundary"], at: "policy", expect: has(STATE_KEY) },
  { key: "cicd.oidcProviderArn", run: "cloudflare", value: OIDC_PROVIDER, resource: [T.role, "credlink-prod-cicd-deploy"], at: "assumeRolePolicy{json}.Statement[0].Principal.Federated", expect: eq(OIDC_PROVIDER) },
  { key: "cicd.stateBucket", run: "dev", value: "wiring-state-bucket", resource: [T.iamPolicy, "credlink-dev-cicd-preview-state"], at: "policy", expect: has("arn:aws:s3:::wiring-state-bucket") },
  { key: "cicd.stateBucket", run: "dev", value: "wiring-state-bucket", resource: [T.iamPolicy, "credlink-dev-cicd-deploy-state"], at: "policy", expect: has("arn:aws:s3:::wiring-state-bucket/.pulumi/history/credlink/dev/*") },
  { key: "backup.dailyRetentionDays", run: "dev", value: 9, resource: [T.plan, "credlink-dev-backup"], at: "rules[ruleName=daily].lifecycle.deleteAfter", expect: eq(9) },
  { key: "backup.continuousBackup", run: "dev", value: true, resource: [T.plan, "credlink-dev-backup"], at: "rules[ruleName=continuous].enableContinuousBackup", expect: eq(true) },
  { key: "backup.continuousRetentionDays", run: "dev", value: 3, resource: [T.plan, "credlink-dev-backup"], at: "rules[ruleName=continuous].lifecycle.deleteAfter", expect: eq(3) },
  { key: "backup.vaultLockMinDays", run: "dev", value: 2, resource: [T.vaultLock, "credlink-dev-backup"], at: "minRetentionDays", expect: eq(2) },
  { key: "backup.vaultLockMaxDays", run: "dev", value: 400, resource: [T.vaultLock, "credlink-dev-backup"], at: "maxRetentionDays", expect: eq(400) },
  { key: "backup.vaultLockChangeableDays", run: "dev", value: 4, resource: [T.vaultLock, "credlink-dev-backup"], at: "changeableForDays", expect: eq(4) },
  { key: "backup.vaultLockChangeableDays", run: "dev", value: 4, resource: [T.vaultLock, "credlink-dev-backup-dr"], at: "changeableForDays", expect: eq(4) },
  { key: "backup.airGappedCopy", run: "dev", value: true, resource: [T.airGappedVault, "credlink-dev-backup-air-gapped"], at: "minRetentionDays", expect: eq(2) },
  { key: "backup.airGappedCopy", run: "dev", value: true, resource: [T.plan, "credlink-dev-backup"], at: "rules[0].copyActions", expect: has("credlink-dev-backup-air-gapped") },
  { key: "audit.logRetentionDays", run: "dev", value: 77, resource: [T.lifecycle, "credlink-dev-audit"], at: "rules[0].expiration.days", expect: eq(77) },
  { key: "audit.objectLockRetentionDays", run: "dev", value: 11, resource: [T.lock, "credlink-dev-audit"], at: "rule.defaultRetention.days", expect: eq(11) },
  { key: "audit.objectLockMode", run: "dev", value: "COMPLIANCE", resource: [T.lock, "credlink-dev-audit"], at: "rule.defaultRetention.mode", expect: eq("COMPLIANCE") },
  { key: "audit.dataEventReads", run: "dev", value: true, resource: [T.trail, "credlink-dev-audit"], at: "advancedEventSelectors[1].name", expect: eq("Proof object reads and writes") },
  { key: "audit.tamperAlerts", run: "dev", value: true, resource: [T.eventRule, /^credlink-dev-audit-key-tampering$/], at: "", expect: { count: 1 } },
  { key: "audit.tamperAlerts", run: "dev (committed)", value: false, resource: [T.eventRule, /^credlink-dev-audit-/], at: "", expect: { count: 0 } },
  { key: "backup.restoreTestFrequency", run: "dev", value: "weekly", resource: [T.restorePlan, "credlink-dev-restore-test"], at: "scheduleExpression", expect: eq("cron(0 6 ? * SUN *)") },
  { key: "backup.restoreValidationHours", run: "dev", value: 5, resource: [T.restoreSelection, "credlink-dev-restore-test-rds"], at: "validationWindowHours", expect: eq(5) },
  { key: "chaos.enabled", run: "dev", value: true, resource: [T.experiment, /.*/], at: "", expect: count(3) },
  { key: "edge.provider", run: "cloudflare", value: "cloudflare", resource: [T.cloudflareEdge, /.*/], at: "", expect: count(1) },
  { key: "edge.waf.enabled", run: "dev", value: true, resource: [T.webAcl, /.*/], at: "", expect: count(1) },
  { key: "edge.waf.rateLimit", run: "dev", value: 2000, resource: [T.webAcl, "credlink-dev"], at: "rules[name=rate-limit-per-ip].statement.rateBasedStatement.limit", expect: eq(2000) },
  { key: "edge.waf.rateWindowSec", run: "dev", value: 120, resource: [T.webAcl, "credlink-dev"], at: "rules[name=rate-limit-per-ip].statement.rateBasedStatement.evaluationWindowSec", expect: eq(120) },
  { key: "edge.waf.largeBodyPaths", run: "dev", value: ["/v1/wiring"], resource: [T.webAcl, "credlink-dev"], at: "rules", expect: has('"searchString":"/v1/wiring/"') },
  { key: "edge.waf.logRetentionDays", run: "dev", value: 60, resource: [T.logGroup, "credlink-dev-waf-logs"], at: "retentionInDays", expect: eq(60) },
  { key: "edge.waf.blockedRequestsAlarmThreshold", run: "dev", value: 250, resource: [T.alarm, "credlink-dev-waf-blocked-spike"], at: "threshold", expect: eq(250) },
  // The example's account leaves the singletons to another stack (dev and prod commit true, the default).
  { key: "account.baseline", run: "cloudflare", value: false, resource: [T.detector, /.*/], at: "", expect: count(0) },
  { key: "account.id", run: "cloudflare", value: "210987654321", resource: [T.provider, "aws-us-east-1"], at: "allowedAccountIds", expect: eq('["210987654321"]') },
  { key: "account.id", run: "cloudflare", value: "210987654321", resource: [T.provider, "aws-us-east-2"], at: "allowedAccountIds", expect: eq('["210987654321"]') },
  // Not patched: dev commits false, the default is true.
  { key: "account.runtimeMonitoring", run: "dev (committed)", value: false, resource: [T.detectorFeature, "credlink-account-runtime-monitoring"], at: "status", expect: eq("DISABLED") },
  { key: "account.securityHub", run: "dev", value: true, resource: [T.securityHub, /.*/], at: "", expect: count(1) },
  { key: "account.activateCostAllocationTags", run: "dev", value: true, resource: [T.costTag, /.*/], at: "", expect: count(4) },
  { key: "cloudflare.zoneId", run: "cloudflare", value: "fedcba9876543210fedcba9876543210", resource: [T.zoneSetting, "credlink-prod-ssl"], at: "zoneId", expect: eq("fedcba9876543210fedcba9876543210") },
  { key: "cloudflare.plan", run: "cloudflare", value: "Business", resource: [T.ruleset, "credlink-prod-waf-managed"], at: "description", expect: eq("Deploys the Cloudflare Managed Ruleset (Business plan)") },
  { key: "cloudflare.rateLimits", run: "cloudflare", value: "one rule: 77 per 600 s under /v1/wiring", resource: [T.ruleset, "credlink-prod-rate-limits"], at: "rules[0].description", expect: eq("Rate limit wiring: 77 requests per 600s per client IP under /v1/wiring") },
  { key: "cloudflare.r2Location", run: "cloudflare", value: "weur", resource: [T.r2Bucket, "credlink-prod-proofs-r2"], at: "location", expect: eq("weur") },
  { key: "cloudflare.apiToken", run: "cloudflare", value: "wiring-token", resource: [T.cloudflareProvider, "cloudflare"], at: "apiToken", expect: has('"value":"wiring-token"') },
  { key: "cloudflare.accountId", run: "cloudflare", value: "abcdefabcdefabcdefabcdefabcdef12", resource: [T.r2Bucket, "credlink-prod-proofs-r2"], at: "accountId", expect: has('"value":"abcdefabcdefabcdefabcdefabcdef12"') },
  // Not patched: dev commits lean, the default is full (a dashboard).
  { key: "ops.level", run: "dev (committed)", value: "lean", resource: [T.dashboard, /.*/], at: "", expect: count(0) },

  // The keys the program passes to more than one component: one row per destination.
  { key: "service.logRetentionDays", run: "dev", value: 60, resource: [T.logGroup, "credlink-dev-exec"], at: "retentionInDays", expect: eq(60) },
  { key: "service.logRetentionDays", run: "dev", value: 60, resource: [T.logGroup, "credlink-dev-chaos"], at: "retentionInDays", expect: eq(60) },
  { key: "service.logRetentionDays", run: "cloudflare", value: 60, resource: [T.logGroup, "credlink-prod-proofs-r2-copy"], at: "retentionInDays", expect: eq(60) },
  { key: "service.healthCheckPath", run: "dev", value: "/wiring-health", resource: [T.healthCheck, "credlink-dev-uptime"], at: "resourcePath", expect: eq("/wiring-health") },
  { key: "service.deployment.strategy", run: "dev", value: "CANARY", resource: [T.targetGroup, "credlink-dev-alt"], at: "port", expect: eq(9090) },
  { key: "service.containerPort", run: "dev", value: 9090, resource: [T.ingress, "credlink-dev-tasks-from-alb"], at: "fromPort", expect: eq(9090) },
  { key: "service.containerPort", run: "dev", value: 9090, resource: [T.taskDefinition, "credlink-dev"], at: `${APP}.portMappings[0].containerPort`, expect: eq(9090) },
  { key: "domain.name", run: "dev", value: "api.wiring.example", resource: [T.healthCheck, "credlink-dev-uptime"], at: "fqdn", expect: eq("api.wiring.example") },
  { key: "domain.name", run: "cloudflare", value: "edge.wiring.example", resource: [T.dnsRecord, "credlink-prod"], at: "name", expect: eq("edge.wiring.example") },
  { key: "chaos.enabled", run: "dev", value: true, resource: [T.key, "credlink-dev-backup-vault"], at: "policy", expect: has("/credlink/fis/credlink-dev-chaos") },
  { key: "account.baseline", run: "cloudflare", value: false, resource: [T.iamPolicy, "credlink-prod-cicd-deploy-recovery"], at: "policy", expect: lacks("guardduty:CreateDetector") },
  { key: "slo.targetPercent", run: "dev", value: 99.5, resource: [T.dashboard, "credlink-dev"], at: "dashboardBody", expect: has("# SLO: 99.5% of requests good") },
  { key: "slo.latencyThresholdMs", run: "dev", value: 750, resource: [T.dashboard, "credlink-dev"], at: "dashboardBody", expect: has('"label":"SLO threshold","value":0.75') },
  // 400 days, in seconds.
  { key: "proofs.objectLockRetentionDays", run: "cloudflare", value: 400, resource: [T.r2Lock, "credlink-prod-proofs-r2"], at: "rules[id=retain-proof-copies].condition.maxAgeSeconds", expect: eq(400 * 86400) },
  // The tier alarms size from the class and node type: a db.t4g.small earns 58 credits in 10% of a day, and has more connections than a micro.
  { key: "database.instanceClass", run: "dev", value: "db.t4g.small", resource: [T.alarm, "credlink-dev-ops-db-cpu-credits"], at: "threshold", expect: eq(58) },
  { key: "database.instanceClass", run: "dev", value: "db.t4g.small", resource: [T.alarm, "credlink-dev-ops-db-connections"], at: "threshold", expect: eq(157) },
  { key: "database.allocatedStorageGb", run: "dev", value: 30, resource: [T.alarm, "credlink-dev-ops-db-free-storage"], at: "threshold", expect: eq(0.1 * 30 * 1024 ** 3) },
  { key: "cache.nodeType", run: "dev", value: "cache.t4g.small", resource: [T.alarm, "credlink-dev-ops-cache-001-cpu-credits"], at: "threshold", expect: eq(58) },
  { key: "cache.replicas", run: "dev", value: 2, resource: [T.alarm, /^credlink-dev-ops-cache-\d{3}-memory$/], at: "", expect: count(3) },
  { key: "backup.continuousBackup", run: "dev", value: true, resource: [T.restorePlan, "credlink-dev-restore-test"], at: "recoveryPointSelection.recoveryPointTypes", expect: eq(["CONTINUOUS", "SNAPSHOT"]) },
  { key: "dr.region", run: "cloudflare", value: "us-east-2", resource: [T.key, "credlink-prod-proofs-replica"], at: "policy", expect: has("s3.us-east-2.amazonaws.com") },
  { key: "dr.region", run: "cloudflare", value: "us-east-2", resource: [T.key, "credlink-prod-backup-dr-vault"], at: "policy", expect: has("backup.us-east-2.amazonaws.com") },
  { key: "dr.region", run: "cloudflare", value: "us-east-2", resource: [T.iamPolicy, "credlink-prod-cicd-deploy-network"], at: "policy", expect: has('"aws:RequestedRegion":["us-east-1","us-east-2"]') },
  { key: "dr.enabled", run: "dev", value: true, resource: [T.iamPolicy, "credlink-dev-cicd-deploy-network"], at: "policy", expect: has('"aws:RequestedRegion":["us-east-1","us-west-2"]') },
  { key: "cloudflare.zoneId", run: "cloudflare", value: "fedcba9876543210fedcba9876543210", resource: [T.originPullSettings, "credlink-prod-edge-origin-pull"], at: "zoneId", expect: eq("fedcba9876543210fedcba9876543210") },
];

/**
 * Keys whose non-default value another test file already drives to its resource, with the program runs this file has
 * none of (the failover stack, committed and patched), or which reach no resource at all (sharedWith only lets the config accept
 * a shared account, and warns). Each names the file and the test; the meta-test checks the test is there.
 */
const ELSEWHERE: readonly { readonly key: string; readonly file: string; readonly test: string }[] = [
  ...["database.restore.automatedBackupsArn", "database.restore.keyArn", "database.restore.restoreTime", "dr.adopt.proofBucket", "dr.adopt.proofLogBucket", "dr.adopt.proofKeyArn"].map((key) => ({
    key,
    file: "tests/failover.test.ts",
    test: "GIVEN real adopted names and restore inputs THEN the imports, the restore and its storage key are exactly them",
  })),
  // true in Pulumi.prod-dr.yaml (57 minutes), false patched (65): the plan's failover reads it.
  { key: "dr.pilotLight", file: "tests/failover.test.ts", test: "WHEN the plan derives its objectives THEN a region's loss costs 15 minutes of data and 57 minutes, within the hour" },
  { key: "dr.standby", file: "tests/failover.test.ts", test: "GIVEN credlink:dr.standby THEN only the pilot light registers" },
  // role failover and primaryStack prod: the registry adopts prod's replicated repository instead of creating one.
  { key: "dr.role", file: "tests/failover.test.ts", test: "WHEN it runs THEN the registry names the replication's destination and the service pulls from it" },
  { key: "dr.primaryStack", file: "tests/failover.test.ts", test: "WHEN it runs THEN the registry names the replication's destination and the service pulls from it" },
  { key: "account.sharedWith", file: "tests/cicd-accounts.test.ts", test: "GIVEN dev sharing prod's account deliberately, owning neither THEN it parses and warns, once, what isolation is lost" },
];

/** The value at `path` (see Wire.at) inside `value`; undefined where the path leads nowhere. */
export function valueAt(value: unknown, path: string): unknown {
  let cursor = value;
  for (const [token, name, index, key, match, json] of path.matchAll(/\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[(\w+)=([^\]]+)\]|(\{json\})/g)) {
    if (cursor === undefined || cursor === null) return undefined;
    if (json) cursor = typeof cursor === "string" ? JSON.parse(cursor) : undefined;
    else if (name !== undefined) cursor = (cursor as Record<string, unknown>)[name];
    else if (index !== undefined) cursor = (cursor as unknown[])[Number(index)];
    else if (key !== undefined) cursor = Array.isArray(cursor) ? cursor.find((item) => item && String(item[key]) === match) : undefined;
    else throw new Error(`bad path token ${token} in ${path}`);
  }
  return cursor;
}

/** The value a stack config holds for a config key path ("service.deployment.strategy", or a flat secret key). */
function configValue(config: Record<string, string>, key: string): unknown {
  const flat = config[`credlink:${key}`];
  if (flat !== undefined) return flat;
  const [section, ...rest] = key.split(".");
  const raw = config[`credlink:${section}`];
  if (raw === undefined) return undefined;
  const parsed: unknown = raw.startsWith("{") || raw.startsWith("[") ? JSON.parse(raw) : raw;
  return rest.reduce<unknown>((at, k) => (at && typeof at === "object" ? (at as Record<string, unknown>)[k] : undefined), parsed);
}

const RUN_CONFIG: Record<Run, () => Record<string, string>> = {
  dev: () => stackConfig("dev", DEV_PATCH),
  cloudflare: () => stackConfig("prod", CLOUDFLARE_PATCH, CLOUDFLARE_FILE),
  "dev (committed)": () => stackConfig("dev"),
};
const BASE_CONFIG: Record<Run, () => Record<string, string>> = {
  dev: () => stackConfig("dev"),
  // The committed prod file: the example's Cloudflare values are not committed anywhere.
  cloudflare: () => stackConfig("prod"),
  "dev (committed)": () => stackConfig("dev"),
};

function matching(recorder: Recorder, [type, name]: Ref): Registration[] {
  return recorder.ofType(type).filter((r) => (typeof name === "string" ? r.name === name : name.test(r.name)));
}

describe("config wiring: every key reaches its resource", () => {
  const runs = new Map<Run, Recorder>();
  before(async () => {
    runs.set("dev", (await runProgram("dev", DEV_PATCH)).recorder);
    runs.set("cloudflare", (await runProgram("prod", CLOUDFLARE_PATCH, CLOUDFLARE_FILE)).recorder);
    runs.set("dev (committed)", (await committedProgram("dev")).recorder);
  });

  for (const wire of WIRES) {
    const type = wire.resource[0].split(":").pop();
    const what =
      "count" in wire.expect ? `${wire.expect.count} ${type}` : "each" in wire.expect ? `each ${type} (at least ${wire.expect.atLeast}) ${wire.at}` : `${type} ${String(wire.resource[1])} ${wire.at}`;
    it(`GIVEN credlink:${wire.key} = ${JSON.stringify(wire.value)} (${wire.run}) WHEN the program runs THEN ${what} shows it`, () => {
      const recorder = runs.get(wire.run) as Recorder;
      const found = matching(recorder, wire.resource);
      if ("count" in wire.expect) {
        expect(found.length).to.equal(wire.expect.count);
        return;
      }
      if ("each" in wire.expect) {
        const wanted = wire.expect.each;
        expect(found.length).to.be.at.least(wire.expect.atLeast);
        expect(found.filter((r) => JSON.stringify(valueAt(r.inputs, wire.at)) !== JSON.stringify(wanted)).map((r) => r.name)).to.deep.equal([]);
        return;
      }
      expect(found.map((r) => r.name), `exactly one ${wire.resource[0]} ${String(wire.resource[1])}`).to.have.length(1);
      const actual = valueAt(found[0].inputs, wire.at);
      if ("equals" in wire.expect) expect(actual).to.deep.equal(wire.expect.equals);
      else if ("includes" in wire.expect) expect(typeof actual === "string" ? actual : JSON.stringify(actual)).to.include(wire.expect.includes);
      else expect(actual, "a value to search").to.be.a("string").and.not.include(wire.expect.lacks);
    });
  }

  it("GIVEN the config schema THEN every key it accepts has a row, and every row names a key it accepts (no key left unwired)", () => {
    const keys = configKeyPaths();
    const rows = [...new Set([...WIRES, ...ELSEWHERE].map((w) => w.key))];
    expect({ withoutRow: keys.filter((k) => !rows.includes(k)), unknown: rows.filter((k) => !keys.includes(k)) }).to.deep.equal({ withoutRow: [], unknown: [] });
  });

  it("GIVEN a key another file drives THEN that file holds the test it names", () => {
    const missing = ELSEWHERE.filter((e) => !fs.readFileSync(path.join(REPO_ROOT, e.file), "utf8").includes(e.test)).map((e) => `${e.key}: ${e.file} has no test "${e.test}"`);
    expect(missing).to.deep.equal([]);
  });

  it("GIVEN each row THEN its run's config holds its value, and a patched run's value differs from the committed file's (the patch is what moves it)", () => {
    const wrong: string[] = [];
    for (const wire of WIRES) {
      if (wire.key === "cloudflare.rateLimits") continue; // a list of maps: the row's value describes it
      const now = configValue(RUN_CONFIG[wire.run](), wire.key);
      const base = configValue(BASE_CONFIG[wire.run](), wire.key);
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
      if (!same(now, wire.value)) wrong.push(`${wire.key}: the ${wire.run} run holds ${JSON.stringify(now)}, the row says ${JSON.stringify(wire.value)}`);
      if (!wire.run.includes("committed") && same(base, wire.value)) wrong.push(`${wire.key}: ${JSON.stringify(wire.value)} is the committed value already`);
    }
    expect(wrong).to.deep.equal([]);
  });

  it("GIVEN paths WHEN read THEN fields, indexes, JSON strings and list items by a field are followed; a missing step gives undefined", () => {
    const inputs = { a: { b: [{ id: "x", v: 1 }, { id: "y", v: 2 }] }, doc: '{"rules":[{"n":3}]}' };
    expect([valueAt(inputs, "a.b[1].v"), valueAt(inputs, "a.b[id=x].v"), valueAt(inputs, "doc{json}.rules[0].n"), valueAt(inputs, "a.c.d"), valueAt(inputs, "a.b[id=z].v")]).to.deep.equal([2, 1, 3, undefined, undefined]);
  });
});
