/**
 * credlink:ops:Uptime: the public endpoint checked from outside AWS's network, the way users reach it. A Route 53
 * HTTPS health check on `https://<domain><health path>` and an alarm on its status that pages: a failing check means
 * users are failing now.
 *
 * Route 53 publishes `AWS/Route53 HealthCheckStatus` in us-east-1 only, whatever the stack's region, so the alarm is
 * created through `alarmProvider`, which must be a us-east-1 provider (the program passes its primary provider, and builds the check only in a us-east-1 stack). For the same
 * reason its SNS topic (`topicArn`) must be a us-east-1 topic: CloudWatch alarms can only notify topics in their
 * own region. While the stack region is us-east-1 (both stacks today) that is the stack's page topic; a stack in another
 * region needs a second page topic in us-east-1 (see the README, "Alarms").
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DOMAIN_NAME_PATTERN } from "../app";

export interface UptimeArgs {
  /** The public DNS name the load balancer serves HTTPS on (credlink:domain.name). */
  readonly domainName: string;
  /** The app's health path (credlink:service.healthCheckPath). @default "/healthz" */
  readonly healthCheckPath?: string;
  /** Seconds between checks from each Route 53 checker: 30 (standard) or 10 (fast, an extra charge). @default 30 */
  readonly requestIntervalSeconds?: 10 | 30;
  /** Consecutive failures before a checker reports the endpoint unhealthy, 1-10. @default 3 */
  readonly failureThreshold?: number;
  /**
   * Record latency from the checkers (an optional feature, an extra $1-2/month). Off: the p95 deployment alarm
   * already measures latency at the load balancer. @default false
   */
  readonly measureLatency?: boolean;
  /** The provider the alarm is created with: it must be for us-east-1, where the metric exists. */
  readonly alarmProvider: pulumi.ProviderResource;
  /**
   * The SNS topic (in us-east-1) the alarm notifies. The endpoint being down means users are failing now: the program
   * passes its notify topic and raises the page from `alarmName` through the SLO's "service degraded" composite, the
   * one alarm that pages. @default undefined (no action)
   */
  readonly topicArn?: pulumi.Input<string>;
}

type Defaulted = "healthCheckPath" | "requestIntervalSeconds" | "failureThreshold" | "measureLatency";
export type ResolvedUptimeArgs = Omit<UptimeArgs, Defaulted> & Required<Pick<UptimeArgs, Defaulted>>;

/** Applies the documented defaults. The single place they live. */
export function resolveUptimeArgs(args: UptimeArgs): ResolvedUptimeArgs {
  return {
    ...args,
    healthCheckPath: args.healthCheckPath ?? "/healthz",
    requestIntervalSeconds: args.requestIntervalSeconds ?? 30,
    failureThreshold: args.failureThreshold ?? 3,
    measureLatency: args.measureLatency ?? false,
  };
}

/**
 * Throws an Error naming the argument when a plain argument is invalid. The limits are Route 53's
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html): FullyQualifiedDomainName up to
 * 255 characters, ResourcePath up to 255, RequestInterval 10 or 30, FailureThreshold 1-10.
 */
export function validateUptimeArgs(args: ResolvedUptimeArgs): void {
  if (!DOMAIN_NAME_PATTERN.test(args.domainName)) throw new Error(`domainName must be a lowercase DNS name like "api.credlink.example", got "${args.domainName}"`);
  if (!/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,254}$/.test(args.healthCheckPath)) {
    throw new Error(`healthCheckPath must be an absolute URL path of at most 255 characters like "/healthz", got ${JSON.stringify(args.healthCheckPath)}`);
  }
  if (args.requestIntervalSeconds !== 10 && args.requestIntervalSeconds !== 30) throw new Error(`requestIntervalSeconds must be 10 or 30, got ${args.requestIntervalSeconds}`);
  if (!Number.isInteger(args.failureThreshold) || args.failureThreshold < 1 || args.failureThreshold > 10) {
    throw new Error(`failureThreshold must be an integer from 1 to 10, got ${args.failureThreshold}`);
  }
}

/** See the module comment. */
export class Uptime extends pulumi.ComponentResource {
  public readonly healthCheckId: pulumi.Output<string>;
  public readonly alarmName: pulumi.Output<string>;

  constructor(name: string, args: UptimeArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:ops:Uptime", name, {}, opts);
    const resolved = resolveUptimeArgs(args);
    validateUptimeArgs(resolved);
    const url = `https://${resolved.domainName}${resolved.healthCheckPath}`;

    const healthCheck = new aws.route53.HealthCheck(
      name,
      {
        type: "HTTPS",
        fqdn: resolved.domainName,
        port: 443,
        resourcePath: resolved.healthCheckPath,
        // The load balancer's certificate is served by SNI; without it the checkers would get the default certificate.
        enableSni: true,
        requestInterval: resolved.requestIntervalSeconds,
        failureThreshold: resolved.failureThreshold,
        measureLatency: resolved.measureLatency,
        // regions left unset: Route 53's default set of checker regions.
        tags: { Name: `${name}: ${url}` },
      },
      { parent: this },
    );

    const actions = resolved.topicArn === undefined ? [] : [resolved.topicArn];
    const alarm = new aws.cloudwatch.MetricAlarm(
      `${name}-down`,
      {
        alarmDescription: `[page] CredLink ${name}: ${url} fails Route 53's health checkers (fewer than 18% of them see it healthy)`,
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: healthCheck.id },
        statistic: "Minimum",
        period: 60,
        // The health check already needs `failureThreshold` consecutive failures per checker: one minute more is enough.
        evaluationPeriods: 1,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        // Route 53 reports the status every minute while the check exists; no data means the check or its metric is
        // gone, and an uptime alarm must not read silence as "up".
        treatMissingData: "breaching",
        alarmActions: actions,
        okActions: actions,
      },
      { parent: this, provider: resolved.alarmProvider },
    );

    this.healthCheckId = healthCheck.id;
    this.alarmName = alarm.name;
    this.registerOutputs({ healthCheckId: this.healthCheckId, alarmName: this.alarmName });
  }
}

/**
 * The uptime probe's handler, where a Route 53 check's alarm can't be built (a stack outside us-east-1, such as a
 * failover stack in the DR region while the primary region is down): from the stack's private subnets, out through
 * the NAT, an HTTPS GET of the health path on the load balancer's own DNS name, with the domain as the TLS server name
 * and Host header (so the certificate is checked, and the probe reaches this stack's load balancer whatever the DNS
 * failover answers). A 2xx within TIMEOUT_MS passes; anything else throws. It runs in the stack's own region, so it
 * sees this endpoint, not that region's loss (which the primary's checks see).
 */
export const UPTIME_PROBE_HANDLER = `import { request } from "node:https";

const env = process.env;

export const handler = () =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const target = "https://" + env.SERVER_NAME + env.HEALTH_PATH + " on " + env.TARGET_HOST;
    const req = request(
      { host: env.TARGET_HOST, port: 443, path: env.HEALTH_PATH, method: "GET", servername: env.SERVER_NAME, headers: { host: env.SERVER_NAME }, timeout: Number(env.TIMEOUT_MS) },
      (res) => {
        res.resume();
        const ms = Date.now() - started;
        console.log(JSON.stringify({ target, status: res.statusCode, ms }));
        if (res.statusCode >= 200 && res.statusCode < 300) resolve({ status: res.statusCode, ms });
        else reject(new Error(target + " answered " + res.statusCode + " in " + ms + " ms"));
      },
    );
    req.on("timeout", () => req.destroy(new Error(target + ": no answer within " + env.TIMEOUT_MS + " ms")));
    req.on("error", reject);
    req.end();
  });
`;

/** The probe's settings: every minute, pages after 3 failed minutes (Route 53's check fails after 3 x 30 s), a 10-second answer. */
export const UPTIME_PROBE = { everyMinutes: 1, failedRunsToPage: 3, timeoutSeconds: 15, requestTimeoutMs: 10_000 } as const;

/** The probe's environment: the load balancer to reach, the name it serves, the health path. */
export function uptimeProbeEnvironment(args: { readonly loadBalancerDnsName: pulumi.Input<string>; readonly domainName: string; readonly healthCheckPath: string }): Record<string, pulumi.Input<string>> {
  return { TARGET_HOST: args.loadBalancerDnsName, SERVER_NAME: args.domainName, HEALTH_PATH: args.healthCheckPath, TIMEOUT_MS: String(UPTIME_PROBE.requestTimeoutMs) };
}
