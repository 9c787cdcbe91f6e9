/**
 * LoadBalancer: an internet-facing ALB whose HTTPS listener uses an explicit TLS policy, whose HTTP listener only
 * redirects, with a DNS-validated certificate, an alias record and access logs; HTTP only (and a warning) without a domain.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
  DEFAULT_SSL_POLICY,
  LoadBalancer,
  LoadBalancerArgs,
  httpOnlyWarning,
  resolveLoadBalancerArgs,
  validateLoadBalancerArgs,
} from "../components/app/load-balancer";
import { Service } from "../components/app/service";
import { runComponent } from "../tools/offline/program";
import { ALB_SG, PUBLIC_SUBNETS, serviceArgs, VPC_ID } from "./fixtures/app";

const BASE: LoadBalancerArgs = { vpcId: VPC_ID, subnetIds: PUBLIC_SUBNETS, securityGroupId: ALB_SG };
const WITH_DOMAIN: LoadBalancerArgs = { ...BASE, domainName: "api.credlink.example", hostedZoneId: "Z0123456789ABCDEFGHIJ" };

const build = (args: LoadBalancerArgs) => runComponent(() => new LoadBalancer("credlink-prod", args));

describe("LoadBalancer", () => {
  describe("protection of the access logs", () => {
    const kept = async (args: LoadBalancerArgs) =>
      (await build(args)).recorder.all.filter((r) => r.protect || r.retainOnDelete).map((r) => `${r.type} ${r.name} ${r.protect} ${r.retainOnDelete}`);

    it("GIVEN the defaults WHEN built THEN exactly the access-log bucket is protected and retained", async () => {
      expect(await kept(BASE)).to.deep.equal(["aws:s3/bucket:Bucket credlink-prod-alb-logs true true"]);
    });

    it("GIVEN protectLogs off (dev) WHEN built THEN nothing is protected or retained", async () => {
      expect(await kept({ ...BASE, protectLogs: false })).to.deep.equal([]);
    });
  });

  describe("with a domain", () => {
    it("WHEN built THEN the HTTPS listener uses the explicit TLS 1.2+ policy, the validated certificate, and forwards to the target group", async () => {
      const { recorder } = await build(WITH_DOMAIN);
      const https = recorder.one("aws:lb/listener:Listener", "credlink-prod-https");
      const alb = recorder.one("aws:lb/loadBalancer:LoadBalancer");
      const targetGroup = recorder.one("aws:lb/targetGroup:TargetGroup");
      const certificate = recorder.one("aws:acm/certificate:Certificate");
      expect(https.inputs).to.deep.include({
        loadBalancerArn: alb.state.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        certificateArn: certificate.state.arn,
        routingHttpResponseStrictTransportSecurityHeaderValue: "max-age=31536000",
      });
      expect(https.inputs.defaultActions).to.deep.equal([{ type: "forward", targetGroupArn: targetGroup.state.arn }]);
      // The listener must wait for the certificate to be issued, i.e. for the validation resource.
      expect(https.dependsOn).to.include(recorder.one("aws:acm/certificateValidation:CertificateValidation").urn);
    });

    it("WHEN built THEN the HTTP listener only redirects to HTTPS with a 301", async () => {
      const { recorder } = await build(WITH_DOMAIN);
      const http = recorder.one("aws:lb/listener:Listener", "credlink-prod-http");
      expect([http.inputs.port, http.inputs.protocol]).to.deep.equal([80, "HTTP"]);
      expect(http.inputs.defaultActions).to.deep.equal([{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]);
      expect(recorder.ofType("aws:lb/listener:Listener")).to.have.length(2);
    });

    it("WHEN built THEN the certificate is validated by the CNAME ACM asked for, in the configured zone", async () => {
      const { recorder } = await build(WITH_DOMAIN);
      const certificate = recorder.one("aws:acm/certificate:Certificate");
      expect(certificate.inputs).to.deep.include({ domainName: "api.credlink.example", validationMethod: "DNS" });
      const [option] = certificate.state.domainValidationOptions;
      const record = recorder.one("aws:route53/record:Record", "credlink-prod-cert-validation");
      expect(record.inputs).to.deep.equal({
        zoneId: "Z0123456789ABCDEFGHIJ",
        name: option.resourceRecordName,
        type: "CNAME",
        records: [option.resourceRecordValue],
        ttl: 60,
        allowOverwrite: true,
      });
      expect(recorder.one("aws:acm/certificateValidation:CertificateValidation").inputs).to.deep.equal({
        certificateArn: certificate.state.arn,
        validationRecordFqdns: [record.state.fqdn],
      });
    });

    it("WHEN built THEN the domain is an alias A record to the load balancer, evaluating its health", async () => {
      const { recorder } = await build(WITH_DOMAIN);
      const alb = recorder.one("aws:lb/loadBalancer:LoadBalancer");
      expect(recorder.one("aws:route53/record:Record", "credlink-prod-alias").inputs).to.deep.equal({
        zoneId: "Z0123456789ABCDEFGHIJ",
        name: "api.credlink.example",
        type: "A",
        aliases: [{ name: alb.state.dnsName, zoneId: "Z35SXDOTRQ7X7K", evaluateTargetHealth: true }],
      });
    });

    it("WHEN built THEN it gives no warnings and its URL is https://<domain>", async () => {
      const { result } = await build(WITH_DOMAIN);
      expect(result.warnings).to.deep.equal([]);
      expect(result.tls).to.equal(true);
      expect(await new Promise((r) => result.url.apply(r))).to.equal("https://api.credlink.example");
    });
  });

  describe("without a domain", () => {
    it("WHEN built THEN there is one HTTP listener that forwards, and no certificate or DNS record", async () => {
      const { recorder } = await build(BASE);
      const listeners = recorder.ofType("aws:lb/listener:Listener");
      const targetGroup = recorder.one("aws:lb/targetGroup:TargetGroup");
      expect(listeners.map((l) => [l.name, l.inputs.port, l.inputs.protocol, l.inputs.defaultActions])).to.deep.equal([
        ["credlink-prod-http", 80, "HTTP", [{ type: "forward", targetGroupArn: targetGroup.state.arn }]],
      ]);
      expect(recorder.ofType("aws:acm/certificate:Certificate")).to.deep.equal([]);
      expect(recorder.ofType("aws:route53/record:Record")).to.deep.equal([]);
    });

    it("WHEN built THEN it warns, in its output and through pulumi.log.warn, that it serves HTTP only", async () => {
      const logged: string[] = [];
      const original = pulumi.log.warn;
      (pulumi.log as { warn: (msg: string) => Promise<void> }).warn = async (msg: string) => void logged.push(msg);
      try {
        const { result } = await build(BASE);
        const expected =
          "credlink-prod: no domain is configured, so the load balancer serves plain HTTP only (no certificate, no HTTPS listener); do not send real traffic to it";
        expect(result.warnings).to.deep.equal([expected]);
        expect(logged).to.deep.equal([expected]);
        expect(httpOnlyWarning("credlink-prod")).to.equal(expected);
      } finally {
        (pulumi.log as { warn: typeof original }).warn = original;
      }
    });
  });

  it("GIVEN the defaults WHEN built THEN the ALB is internet-facing, drops invalid headers, uses the strictest desync mitigation and logs to its bucket", async () => {
    const { recorder } = await build(BASE);
    const alb = recorder.one("aws:lb/loadBalancer:LoadBalancer");
    const bucket = recorder.one("aws:s3/bucket:Bucket", "credlink-prod-alb-logs");
    expect(alb.inputs).to.deep.equal({
      loadBalancerType: "application",
      internal: false,
      ipAddressType: "ipv4",
      securityGroups: [ALB_SG],
      subnets: PUBLIC_SUBNETS,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "strictest",
      enableDeletionProtection: false,
      accessLogs: { bucket: bucket.state.bucket, prefix: "alb", enabled: true },
    });
    expect(alb.dependsOn).to.include(recorder.one("aws:s3/bucketPolicy:BucketPolicy").urn);
  });

  it("GIVEN deletionProtection WHEN built THEN the ALB refuses deletion", async () => {
    const { recorder } = await build({ ...BASE, deletionProtection: true });
    expect(recorder.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).to.equal(true);
  });

  it("GIVEN the defaults WHEN built THEN the target group uses IP targets, the health path and a 30 s deregistration delay", async () => {
    const { recorder } = await build({ ...BASE, healthCheckPath: "/health/ready" });
    expect(recorder.one("aws:lb/targetGroup:TargetGroup").inputs).to.deep.equal({
      vpcId: VPC_ID,
      targetType: "ip",
      protocol: "HTTP",
      protocolVersion: "HTTP1",
      port: 8080,
      deregistrationDelay: 30,
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        path: "/health/ready",
        port: "traffic-port",
        matcher: "200",
        interval: 10,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
    });
  });

  it("GIVEN the access-log bucket WHEN built THEN only the regional ELB account may write logs and non-TLS requests are denied", async () => {
    const { recorder } = await build(BASE);
    const bucket = recorder.one("aws:s3/bucket:Bucket", "credlink-prod-alb-logs");
    const arn = bucket.state.arn;
    expect(JSON.parse(recorder.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ElbAccessLogDelivery",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::127311923021:root" },
          Action: "s3:PutObject",
          Resource: `${arn}/alb/AWSLogs/123456789012/*`,
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [arn, `${arn}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  });

  it("GIVEN the access-log bucket WHEN built THEN it is private, owner-enforced, SSE-S3 encrypted, versioned and expires logs", async () => {
    const { recorder } = await build({ ...BASE, accessLogRetentionDays: 30 });
    const bucketId = recorder.one("aws:s3/bucket:Bucket", "credlink-prod-alb-logs").state.bucket;
    const of = (type: string) => recorder.one(type, "credlink-prod-alb-logs").inputs;
    expect(of("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")).to.deep.equal({
      bucket: bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(of("aws:s3/bucketOwnershipControls:BucketOwnershipControls").rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
    // ELB log delivery supports SSE-S3 only.
    expect(of("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").rules).to.deep.equal([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    expect(of("aws:s3/bucketVersioning:BucketVersioning").versioningConfiguration).to.deep.equal({ status: "Enabled" });
    expect(of("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").rules).to.deep.equal([
      {
        id: "expire-access-logs",
        status: "Enabled",
        filter: {},
        expiration: { days: 30 },
        noncurrentVersionExpiration: { noncurrentDays: 7 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
      },
    ]);
  });

  it("GIVEN a service registered with targetGroupArn WHEN built THEN the ECS service waits for the forwarding listener", async () => {
    const { recorder } = await runComponent(() => {
      const lb = new LoadBalancer("credlink-prod", WITH_DOMAIN);
      return new Service("credlink-prod", {
        ...serviceArgs(),
        targetGroupArn: lb.targetGroupArn,
        targetGroupArnSuffix: lb.targetGroupArnSuffix,
        loadBalancerArnSuffix: lb.loadBalancerArnSuffix,
      });
    });
    const service = recorder.one("aws:ecs/service:Service");
    expect(service.dependsOn).to.include(recorder.one("aws:lb/listener:Listener", "credlink-prod-https").urn);
    expect(service.inputs.loadBalancers[0].targetGroupArn).to.equal(recorder.one("aws:lb/targetGroup:TargetGroup").state.arn);
  });

  describe("validation", () => {
    const rejects = (patch: Partial<LoadBalancerArgs>, message: string) =>
      expect(() => validateLoadBalancerArgs(resolveLoadBalancerArgs({ ...BASE, ...patch }))).to.throw(message);

    it("GIVEN a domain without a hosted zone WHEN validated THEN it is rejected naming both arguments", () => {
      rejects(
        { domainName: "api.credlink.example" },
        'domainName and hostedZoneId must be given together (the certificate is validated in that zone), got domainName "api.credlink.example" and hostedZoneId undefined',
      );
    });

    it("GIVEN a TLS 1.0 policy WHEN validated THEN it is rejected naming sslPolicy", () => {
      rejects(
        { sslPolicy: "ELBSecurityPolicy-2016-08" },
        'sslPolicy must be a TLS 1.2+ ELB security policy (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-* or -FS-1-2-*), got "ELBSecurityPolicy-2016-08"',
      );
    });

    it("GIVEN the default policy WHEN resolved THEN it is the restricted TLS 1.3/1.2 policy", () => {
      expect(resolveLoadBalancerArgs(BASE).sslPolicy).to.equal(DEFAULT_SSL_POLICY).and.equal("ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
    });
  });
});
