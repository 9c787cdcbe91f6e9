import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../lib/aws-context";
import { deliversAsElbAccount, ELB_LOG_DELIVERY_SERVICE } from "../lib/elb-log-delivery";

/**
 * The HTTPS listener's security policy: TLS 1.3, plus TLS 1.2 restricted ("Res") to forward-secret ECDHE key
 * exchange with AES-GCM. The non-Res policy also allows CBC-mode SHA-1/SHA-2 suites on TLS 1.2; TLS 1.3-only would
 * turn away TLS 1.2 clients that are still common (older Android, Java 8 HTTP clients). It is on the list of
 * policies AWS Security Hub's ELB.17 control accepts.
 */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";

/** A record's role in a Route 53 failover pair: the primary stack's, or the failover stack's in the DR region. */
export const DNS_FAILOVER_ROLES = ["PRIMARY", "SECONDARY"] as const;
export type DnsFailoverRole = (typeof DNS_FAILOVER_ROLES)[number];

/**
 * The primary's failover health check: HTTPS to the load balancer itself (not the domain name, which after a failover
 * resolves to the DR region and would make the primary look healthy again), every 30 seconds, unhealthy after 3 failures
 * (Route 53 API reference, HealthCheckConfig: RequestInterval 10 or 30, FailureThreshold 1-10).
 */
export const FAILOVER_HEALTH_CHECK = { requestInterval: 30, failureThreshold: 3 } as const;

/** Where in the access-log bucket the load balancer writes (ELB appends `AWSLogs/<account>/...`). */
export const ACCESS_LOG_PREFIX = "alb";

export interface LoadBalancerArgs {
  readonly vpcId: pulumi.Input<string>;
  /** The public subnets, one per AZ (at least two): the load balancer's nodes. */
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The load balancer's security group (see AppSecurityGroups). */
  readonly securityGroupId: pulumi.Input<string>;
  /** The port the targets (the containers) listen on. @default 8080 */
  readonly targetPort?: number;
  /** The path the target group's health check requests; must answer 200. @default "/healthz" */
  readonly healthCheckPath?: string;
  /**
   * The DNS name the service is reached at, e.g. `api.credlink.example`. With `hostedZoneId`, the component issues
   * an ACM certificate validated through DNS in that zone, serves HTTPS and redirects HTTP to it, and points an alias
   * record at the load balancer. Without both, it serves plain HTTP only and says so in `warnings`.
   * @default undefined (HTTP only)
   */
  readonly domainName?: string;
  /** The Route 53 public hosted zone that holds `domainName`. @default undefined */
  readonly hostedZoneId?: string;
  /** The HTTPS listener's TLS policy. @default DEFAULT_SSL_POLICY */
  readonly sslPolicy?: string;
  /** Refuse to delete the load balancer (prod). @default false */
  readonly deletionProtection?: boolean;
  /** Days the access logs are kept before they expire. @default 90 */
  readonly accessLogRetentionDays?: number;
  /** Delete the access-log bucket even when it holds logs. For dev stacks that must tear down cleanly. @default false */
  readonly forceDestroyLogs?: boolean;
  /** `protect` + `retainOnDelete` on the access-log bucket (prod): the request record outlives the stack. @default true */
  readonly protectLogs?: boolean;
  /**
   * Seconds a deregistering target keeps its in-flight requests before it is dropped. Short, so a deploy replaces
   * tasks quickly; the app's own requests finish well within it. @default 30
   */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Build what an ECS canary (or blue/green) deployment shifts traffic with: a second, alternate target
   * group like the first, and a production listener rule on the forwarding listener (HTTPS with a domain, else HTTP)
   * that forwards to both by weight (100 / 0). ECS moves the weights during a deployment, so the rule's target groups
   * are under `ignoreChanges`. See `canary`. @default false
   */
  readonly trafficShifting?: boolean;
  /**
   * (Cloudflare edge) An issued certificate for `domainName` validated elsewhere (in the edge's DNS). With it there is
   * no `hostedZoneId`: the component creates no certificate and no Route 53 records. @default undefined
   */
  readonly certificateArn?: pulumi.Input<string>;
  /**
   * (Cloudflare edge) Mutual TLS on the HTTPS listener: `verify` client certificates against this trust store, so only
   * the edge's Authenticated Origin Pulls certificate gets through. Needs a domain. @default undefined (no mTLS)
   */
  readonly mutualTlsTrustStoreArn?: pulumi.Input<string>;
  /**
   * Make the alias record one of a Route 53 failover pair (needs `hostedZoneId`). PRIMARY (the primary stack): answered
   * while its health check (HTTPS to this load balancer, `healthCheckPath`) passes. SECONDARY (the failover stack in
   * the DR region): answered while the primary fails and this load balancer has healthy targets. Route 53 moves the
   * name by itself, through its data plane, with no record change during the outage. @default undefined (a simple record)
   */
  readonly dnsFailover?: DnsFailoverRole;
}

type OptionalLoadBalancerArgs = "domainName" | "hostedZoneId" | "certificateArn" | "mutualTlsTrustStoreArn" | "dnsFailover";
export type ResolvedLoadBalancerArgs = Required<Omit<LoadBalancerArgs, OptionalLoadBalancerArgs>> & Pick<LoadBalancerArgs, OptionalLoadBalancerArgs>;

/** Applies the documented defaults. The single place they live. */
export function resolveLoadBalancerArgs(args: LoadBalancerArgs): ResolvedLoadBalancerArgs {
  return {
    vpcId: args.vpcId,
    subnetIds: args.subnetIds,
    securityGroupId: args.securityGroupId,
    targetPort: args.targetPort ?? 8080,
    healthCheckPath: args.healthCheckPath ?? "/healthz",
    domainName: args.domainName,
    hostedZoneId: args.hostedZoneId,
    sslPolicy: args.sslPolicy ?? DEFAULT_SSL_POLICY,
    deletionProtection: args.deletionProtection ?? false,
    accessLogRetentionDays: args.accessLogRetentionDays ?? 90,
    forceDestroyLogs: args.forceDestroyLogs ?? false,
    protectLogs: args.protectLogs ?? true,
    deregistrationDelaySeconds: args.deregistrationDelaySeconds ?? 30,
    trafficShifting: args.trafficShifting ?? false,
    certificateArn: args.certificateArn,
    mutualTlsTrustStoreArn: args.mutualTlsTrustStoreArn,
    dnsFailover: args.dnsFailover,
  };
}

export const DOMAIN_NAME_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const HOSTED_ZONE_ID_PATTERN = /^Z[A-Z0-9]{1,31}$/;
export const HEALTH_CHECK_PATH_PATTERN = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,1023}$/;

/** Throws an Error naming the argument, the value and what is allowed. */
export function validateLoadBalancerArgs(args: ResolvedLoadBalancerArgs): void {
  if (!Number.isInteger(args.targetPort) || args.targetPort < 1 || args.targetPort > 65535) {
    throw new Error(`targetPort must be an integer from 1 to 65535, got ${args.targetPort}`);
  }
  if (!HEALTH_CHECK_PATH_PATTERN.test(args.healthCheckPath)) {
    throw new Error(`healthCheckPath must be an absolute URL path like "/healthz", got ${JSON.stringify(args.healthCheckPath)}`);
  }
  if (args.certificateArn !== undefined) {
    if (args.domainName === undefined || args.hostedZoneId !== undefined) {
      throw new Error(
        `certificateArn needs domainName and no hostedZoneId (the certificate was validated elsewhere), got domainName ${JSON.stringify(args.domainName)} and hostedZoneId ${JSON.stringify(args.hostedZoneId)}`,
      );
    }
  } else if ((args.domainName === undefined) !== (args.hostedZoneId === undefined)) {
    throw new Error(
      `domainName and hostedZoneId must be given together (the certificate is validated in that zone), got domainName ${JSON.stringify(args.domainName)} and hostedZoneId ${JSON.stringify(args.hostedZoneId)}`,
    );
  }
  if (args.domainName !== undefined && !DOMAIN_NAME_PATTERN.test(args.domainName)) {
    throw new Error(`domainName must be a lowercase DNS name like "api.credlink.example", got ${JSON.stringify(args.domainName)}`);
  }
  if (args.hostedZoneId !== undefined && !HOSTED_ZONE_ID_PATTERN.test(args.hostedZoneId)) {
    throw new Error(`hostedZoneId must be a Route 53 hosted zone id like "Z0123456789ABCDEFGHIJ", got ${JSON.stringify(args.hostedZoneId)}`);
  }
  if (!/^ELBSecurityPolicy-(TLS13-1-[23]|FS-1-2)/.test(args.sslPolicy)) {
    throw new Error(`sslPolicy must be a TLS 1.2+ ELB security policy (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-* or -FS-1-2-*), got "${args.sslPolicy}"`);
  }
  if (!Number.isInteger(args.accessLogRetentionDays) || args.accessLogRetentionDays < 1 || args.accessLogRetentionDays > 3650) {
    throw new Error(`accessLogRetentionDays must be an integer from 1 to 3650, got ${args.accessLogRetentionDays}`);
  }
  if (args.mutualTlsTrustStoreArn !== undefined && args.domainName === undefined) {
    throw new Error("mutualTlsTrustStoreArn needs domainName: mutual TLS is verified on the HTTPS listener, which only a domain gets");
  }
  if (!Number.isInteger(args.deregistrationDelaySeconds) || args.deregistrationDelaySeconds < 0 || args.deregistrationDelaySeconds > 3600) {
    throw new Error(`deregistrationDelaySeconds must be an integer from 0 to 3600, got ${args.deregistrationDelaySeconds}`);
  }
  if (args.dnsFailover !== undefined) {
    if (!(DNS_FAILOVER_ROLES as readonly string[]).includes(args.dnsFailover)) {
      throw new Error(`dnsFailover must be one of ${DNS_FAILOVER_ROLES.map((r) => `"${r}"`).join(" | ")}, got ${JSON.stringify(args.dnsFailover)}`);
    }
    if (args.hostedZoneId === undefined) throw new Error("dnsFailover needs hostedZoneId: the failover pair is a pair of Route 53 records in that zone");
    if (args.mutualTlsTrustStoreArn !== undefined) {
      throw new Error("dnsFailover must be left out with mutualTlsTrustStoreArn: Route 53's health checkers present no client certificate, so the primary would always look down");
    }
  }
}

/** The Set Identifier of each record of the failover pair (1-128 characters, unique within the name and type). */
export const FAILOVER_SET_IDENTIFIERS: Readonly<Record<DnsFailoverRole, string>> = { PRIMARY: "primary", SECONDARY: "secondary" };

/**
 * The production listener rule's priority: the last one ALB allows (1-50000), so any more specific rule another
 * feature adds is evaluated first, and this one catches every other request.
 */
export const PRODUCTION_RULE_PRIORITY = 50000;

/**
 * The production listener rule's target groups go here (the provider keeps them as a set, so the weights have no
 * stable index): ECS rewrites the weights on every deployment, and `pulumi up` must not set them back.
 */
export const PRODUCTION_RULE_IGNORE_CHANGES = ["actions[0].forward.targetGroups"];

/** The warning a load balancer without a domain gives: it serves plain HTTP. */
export function httpOnlyWarning(name: string): string {
  return `${name}: no domain is configured, so the load balancer serves plain HTTP only (no certificate, no HTTPS listener); do not send real traffic to it`;
}

/**
 * The internet-facing Application Load Balancer in front of the service: built from `aws.lb` resources rather than
 * awsx's ApplicationLoadBalancer, which is a remote component (opaque to our tests and policies) whose default
 * security group opens every port to 0.0.0.0/0.
 *
 * - access logs to a dedicated S3 bucket (SSE-S3, the only encryption ELB log delivery supports; TLS-only policy,
 *   retention, no public access);
 * - invalid header fields dropped, the strictest desync mitigation, deletion protection when asked;
 * - with a domain: an ACM certificate validated through Route 53, an HTTPS listener with an explicit TLS policy
 *   that forwards to the target group, an HTTP listener that only redirects to HTTPS, and an alias record;
 * - without one: an HTTP listener that forwards, and a warning.
 */
export class LoadBalancer extends pulumi.ComponentResource {
  public readonly loadBalancerArn: pulumi.Output<string>;
  /** `app/<name>/<id>`: the CloudWatch `LoadBalancer` dimension. */
  public readonly loadBalancerArnSuffix: pulumi.Output<string>;
  public readonly dnsName: pulumi.Output<string>;
  public readonly zoneId: pulumi.Output<string>;
  /**
   * The target group's ARN. It resolves only once the forwarding listener exists, so a service that registers
   * with it waits for the listener (ECS rejects a target group that no load balancer uses yet).
   */
  public readonly targetGroupArn: pulumi.Output<string>;
  /** `targetgroup/<name>/<id>`: the CloudWatch `TargetGroup` dimension. */
  public readonly targetGroupArnSuffix: pulumi.Output<string>;
  public readonly accessLogBucketName: pulumi.Output<string>;
  /** Whether the load balancer serves HTTPS (a domain was given). */
  public readonly tls: boolean;
  /** Where the service is reached: `https://<domainName>` or `http://<dnsName>`. */
  public readonly url: pulumi.Output<string>;
  /** Plain-language warnings for the plan (e.g. HTTP only). Also logged with `pulumi.log.warn`. */
  public readonly warnings: readonly string[];
  /** With `dnsFailover` PRIMARY: the Route 53 health check that decides the failover (fence or inspect it by id). */
  public readonly failoverHealthCheckId: pulumi.Output<string> | undefined = undefined;
  /** With `trafficShifting`: the alternate target group and the production listener rule, for Service's `canary`. */
  public readonly canary:
    | { readonly alternateTargetGroupArn: pulumi.Output<string>; readonly productionListenerRuleArn: pulumi.Output<string>; readonly alternateTargetGroupArnSuffix: pulumi.Output<string> }
    | undefined;

  constructor(name: string, args: LoadBalancerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:app:LoadBalancer", name, {}, opts);
    const resolved = resolveLoadBalancerArgs(args);
    validateLoadBalancerArgs(resolved);
    const ctx = awsContext(this);

    const logs = this.createAccessLogBucket(name, resolved, ctx.accountId);

    const alb = new aws.lb.LoadBalancer(
      name,
      {
        loadBalancerType: "application",
        internal: false,
        ipAddressType: "ipv4",
        securityGroups: [resolved.securityGroupId],
        subnets: resolved.subnetIds,
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "strictest",
        enableDeletionProtection: resolved.deletionProtection,
        accessLogs: { bucket: logs.bucket, prefix: ACCESS_LOG_PREFIX, enabled: true },
      },
      // ELB checks that it may write to the bucket when access logs are turned on.
      { parent: this, dependsOn: [logs.policy] },
    );

    const targetGroupArgs: aws.lb.TargetGroupArgs =
      {
        vpcId: resolved.vpcId,
        targetType: "ip",
        protocol: "HTTP",
        protocolVersion: "HTTP1",
        port: resolved.targetPort,
        deregistrationDelay: resolved.deregistrationDelaySeconds,
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          path: resolved.healthCheckPath,
          port: "traffic-port",
          matcher: "200",
          interval: 10,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
      };
    const targetGroup = new aws.lb.TargetGroup(name, targetGroupArgs, { parent: this });
    const forward: aws.types.input.lb.ListenerDefaultAction = { type: "forward", targetGroupArn: targetGroup.arn };

    let forwardingListener: aws.lb.Listener;
    const warnings: string[] = [];
    if (resolved.domainName !== undefined && (resolved.hostedZoneId !== undefined || resolved.certificateArn !== undefined)) {
      const certificateArn =
        resolved.certificateArn !== undefined
          ? pulumi.output(resolved.certificateArn)
          : this.createCertificate(name, resolved.domainName, resolved.hostedZoneId as string, resolved.dnsFailover === "SECONDARY");
      forwardingListener = new aws.lb.Listener(
        `${name}-https`,
        {
          loadBalancerArn: alb.arn,
          port: 443,
          protocol: "HTTPS",
          sslPolicy: resolved.sslPolicy,
          certificateArn,
          defaultActions: [forward],
          routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000",
          // (Cloudflare edge) Only clients presenting a certificate from the trust store's CA get through.
          ...(resolved.mutualTlsTrustStoreArn === undefined
            ? {}
            : { mutualAuthentication: { mode: "verify", trustStoreArn: resolved.mutualTlsTrustStoreArn, ignoreClientCertificateExpiry: false } }),
        },
        { parent: this },
      );
      new aws.lb.Listener(
        `${name}-http`,
        {
          loadBalancerArn: alb.arn,
          port: 80,
          protocol: "HTTP",
          defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
        },
        { parent: this },
      );
      if (resolved.hostedZoneId !== undefined) {
        this.failoverHealthCheckId = this.createAliasRecord(name, resolved, alb, resolved.hostedZoneId, resolved.domainName);
      }
      this.url = pulumi.output(`https://${resolved.domainName}`);
    } else {
      forwardingListener = new aws.lb.Listener(
        `${name}-http`,
        { loadBalancerArn: alb.arn, port: 80, protocol: "HTTP", defaultActions: [forward] },
        { parent: this },
      );
      warnings.push(httpOnlyWarning(name));
      this.url = pulumi.interpolate`http://${alb.dnsName}`;
    }
    for (const warning of warnings) pulumi.log.warn(warning, this);

    // Canary traffic shifting: the new revision registers in the alternate group; ECS moves the rule's weights.
    if (resolved.trafficShifting) {
      const alternate = new aws.lb.TargetGroup(`${name}-alt`, targetGroupArgs, { parent: this });
      const rule = new aws.lb.ListenerRule(
        `${name}-production`,
        {
          listenerArn: forwardingListener.arn,
          priority: PRODUCTION_RULE_PRIORITY,
          conditions: [{ pathPattern: { values: ["/*"] } }],
          actions: [
            {
              type: "forward",
              forward: {
                targetGroups: [
                  { arn: targetGroup.arn, weight: 100 },
                  { arn: alternate.arn, weight: 0 },
                ],
              },
            },
          ],
        },
        { parent: this, ignoreChanges: PRODUCTION_RULE_IGNORE_CHANGES },
      );
      // Like targetGroupArn: the alternate group resolves once a rule uses it, which ECS requires.
      this.canary = {
        alternateTargetGroupArn: pulumi.all([alternate.arn, rule.arn]).apply(([arn]) => arn),
        productionListenerRuleArn: rule.arn,
        // ECS swaps the two groups on every canary deployment: what reads per-group metrics reads both.
        alternateTargetGroupArnSuffix: alternate.arnSuffix,
      };
    } else {
      this.canary = undefined;
    }

    this.tls = resolved.domainName !== undefined;
    this.warnings = warnings;
    this.loadBalancerArn = alb.arn;
    this.loadBalancerArnSuffix = alb.arnSuffix;
    this.dnsName = alb.dnsName;
    this.zoneId = alb.zoneId;
    // Carries the listener as a dependency (see the property's doc); the value is the target group's ARN.
    this.targetGroupArn = pulumi.all([targetGroup.arn, forwardingListener.arn]).apply(([arn]) => arn);
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.accessLogBucketName = logs.bucket;
    this.registerOutputs({
      loadBalancerArn: this.loadBalancerArn,
      loadBalancerArnSuffix: this.loadBalancerArnSuffix,
      dnsName: this.dnsName,
      zoneId: this.zoneId,
      targetGroupArn: this.targetGroupArn,
      targetGroupArnSuffix: this.targetGroupArnSuffix,
      accessLogBucketName: this.accessLogBucketName,
      url: this.url,
      warnings: this.warnings,
      canary: this.canary,
      failoverHealthCheckId: this.failoverHealthCheckId,
    });
  }

  /**
   * The name's alias record to the load balancer: a simple record, or one of the failover pair. Turning the simple
   * record into the PRIMARY keeps its logical name; the provider then deletes the old record and creates the new one
   * in a single Route 53 change batch (its update does that whenever the set identifier changes), so the name never
   * stops resolving. Returns the PRIMARY's health check id.
   */
  private createAliasRecord(name: string, args: ResolvedLoadBalancerArgs, alb: aws.lb.LoadBalancer, zoneId: string, domainName: string): pulumi.Output<string> | undefined {
    const role = args.dnsFailover;
    const healthCheck =
      role === "PRIMARY"
        ? new aws.route53.HealthCheck(
            `${name}-failover`,
            {
              type: "HTTPS",
              // The load balancer, not the name: after a failover the name resolves to the DR region.
              fqdn: alb.dnsName,
              port: 443,
              resourcePath: args.healthCheckPath,
              // Route 53 sends the load balancer's name as SNI; the listener answers with its certificate (the
              // domain's), which Route 53's checkers do not validate.
              enableSni: true,
              requestInterval: FAILOVER_HEALTH_CHECK.requestInterval,
              failureThreshold: FAILOVER_HEALTH_CHECK.failureThreshold,
              tags: { Name: `${name}: failover primary HTTPS ${args.healthCheckPath} on the load balancer`.replace(/[^\p{L}\p{N} _.:/=+\-@]/gu, " ") },
            },
            { parent: this },
          )
        : undefined;
    new aws.route53.Record(
      `${name}-alias`,
      {
        zoneId,
        name: domainName,
        type: "A",
        // Evaluate target health: a load balancer with no healthy target counts as down (the SECONDARY while the
        // failover stack has no service yet, so Route 53 keeps answering with the PRIMARY).
        aliases: [{ name: alb.dnsName, zoneId: alb.zoneId, evaluateTargetHealth: true }],
        ...(role === undefined
          ? {}
          : { setIdentifier: FAILOVER_SET_IDENTIFIERS[role], failoverRoutingPolicies: [{ type: role }], ...(healthCheck ? { healthCheckId: healthCheck.id } : {}) }),
      },
      { parent: this },
    );
    return healthCheck?.id;
  }

  /**
   * An ACM certificate for `domainName`, validated through a CNAME in the hosted zone; returns its ARN once issued.
   * `sharedValidation`: another stack (the failover pair's primary) validates a certificate for the same name with the
   * same CNAME, so this stack keeps the record on delete: removing it would break the primary's renewals.
   */
  private createCertificate(name: string, domainName: string, hostedZoneId: string, sharedValidation = false): pulumi.Output<string> {
    const certificate = new aws.acm.Certificate(
      name,
      { domainName, validationMethod: "DNS", keyAlgorithm: "RSA_2048", options: { certificateTransparencyLoggingPreference: "ENABLED" } },
      { parent: this },
    );
    // One domain, so exactly one validation record; its name and value are outputs of the certificate.
    const option = certificate.domainValidationOptions.apply((options) => options[0]);
    const record = new aws.route53.Record(
      `${name}-cert-validation`,
      {
        zoneId: hostedZoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 60,
        // ACM reuses the same validation record across certificates for a name; a re-issue must not fail on it.
        allowOverwrite: true,
      },
      { parent: this, ...(sharedValidation ? { retainOnDelete: true } : {}) },
    );
    const validation = new aws.acm.CertificateValidation(
      name,
      { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
      { parent: this },
    );
    return validation.certificateArn;
  }

  /** The access-log bucket: private, SSE-S3, TLS-only, versioned, expiring, writable by ELB log delivery only. */
  private createAccessLogBucket(name: string, args: ResolvedLoadBalancerArgs, accountId: pulumi.Output<string>) {
    const bucket = new aws.s3.Bucket(
      `${name}-alb-logs`,
      { forceDestroy: args.forceDestroyLogs },
      { parent: this, protect: args.protectLogs, retainOnDelete: args.protectLogs },
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-alb-logs`,
      { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      { parent: this },
    );
    new aws.s3.BucketOwnershipControls(`${name}-alb-logs`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, { parent: this });
    // ELB access-log delivery supports SSE-S3 only: a bucket whose default is SSE-KMS receives no logs.
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-alb-logs`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      { parent: this },
    );
    new aws.s3.BucketVersioning(`${name}-alb-logs`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, { parent: this });
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-alb-logs`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-access-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: args.accessLogRetentionDays },
            noncurrentVersionExpiration: { noncurrentDays: 7 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
      },
      { parent: this },
    );

    // Regions that existed before August 2022 deliver ALB logs as the regional ELB account, which getServiceAccount
    // returns; it fails in newer regions, which deliver as the log delivery service principal (lib/elb-log-delivery).
    const logWriter = aws.getRegionOutput({}, { parent: this }).region.apply(
      (region): pulumi.Input<Record<string, string>> =>
        deliversAsElbAccount(region)
          ? aws.elb.getServiceAccountOutput({}, { parent: this }).arn.apply((arn) => ({ AWS: arn }))
          : { Service: ELB_LOG_DELIVERY_SERVICE },
    );
    const policy = new aws.s3.BucketPolicy(
      `${name}-alb-logs`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ElbAccessLogDelivery",
              Effect: "Allow",
              Principal: logWriter,
              Action: "s3:PutObject",
              Resource: pulumi.interpolate`${bucket.arn}/${ACCESS_LOG_PREFIX}/AWSLogs/${accountId}/*`,
            },
            {
              Sid: "DenyInsecureTransport",
              Effect: "Deny",
              Principal: "*",
              Action: "s3:*",
              Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      },
      // S3 rejects a bucket policy while the public access block is still being applied.
      { parent: this, dependsOn: [publicAccess] },
    );
    return { bucket: bucket.bucket, policy };
  }
}
