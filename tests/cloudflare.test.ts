/**
 * The Cloudflare option: the example prod stack with Cloudflare as the edge and the R2 copy, run once; the
 * origin component once for its secrets; config and validation rules without a run. The committed (edge aws) prod is
 * checked for the absence of all of it on tests/app-stack.test.ts's run.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import type { Recorder, Registration } from "../tools/offline/mocks";
import { loadStackConfig, REPO_ROOT } from "../tools/project";
import { withConfig } from "../tools/offline/program";
import { CLOUDFLARE_IPV4_RANGES, R2_BUCKET_ITEM_WRITE_GROUP_ID } from "../tools/offline/outputs/cloudflare";
import { problemsFor } from "./helpers/config";

const EXAMPLE = "examples/prod-cloudflare.yaml";
const ZONE = "0123456789abcdef0123456789abcdef";
const ACCOUNT_STAND_IN = "0000000000000000000000000000000a";

interface Run {
  readonly recorder: Recorder;
  readonly outputs: Record<string, any>;
}

/** Runs stacks/index.ts under the mocks with `config` (secret keys marked as the CLI marks them). */
async function run(stack: string, config: Record<string, string>, secretKeys: string[] = []): Promise<Run> {
  const { startMocks, settle, resolveDeep } = await import("../tools/offline/mocks");
  const recorder = await startMocks({ project: "credlink", stack, region: config["aws:region"] });
  pulumi.runtime.setAllConfig(config, secretKeys);
  const { default: program } = await import("../stacks/index");
  const outputs = await resolveDeep(await program());
  await settle();
  return { recorder, outputs };
}

const named = (r: Recorder, type: string, name: string): Registration => r.one(type, name);

/** How the recorded inputs carry a secret value (the SDK's secret signature). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value });

describe("the Cloudflare option", function () {
  this.timeout(60_000);

  describe("GIVEN examples/prod-cloudflare.yaml (edge cloudflare, Pro, two rate limits, r2Copy) with r2Location apac", () => {
    let cf: Run;
    before(async () => {
      const file = loadStackConfig("prod", REPO_ROOT, EXAMPLE);
      cf = await run("prod", withConfig(file.config, { "credlink:cloudflare": { r2Location: "apac" } }), file.secretKeys);
    });

    it("THEN the Cloudflare provider gets the secret API token, and the outputs say the AWS edge (its WAF) is off", () => {
      const provider = cf.recorder.ofType("pulumi:providers:cloudflare");
      expect(provider.map((p) => p.name)).to.deep.equal(["cloudflare"]);
      expect(provider[0].inputs.apiToken).to.deep.equal(secret("offline-plan-placeholder-secret"));
      expect(cf.outputs.awsEdge).to.equal(false);
      expect(cf.outputs.edgeProvider).to.equal("cloudflare");
      expect(cf.recorder.ofType("aws:wafv2/webAcl:WebAcl")).to.have.length(0);
    });

    // Old: no expiry signal at all; the client certificate lapsing would cut Cloudflare off the origin silently.
    it("THEN the origin-pull client certificate is imported into ACM (with its chain) and its DaysToExpiry below 21 notifies", () => {
      const cert = cf.recorder.one("aws:acm/certificate:Certificate", "credlink-prod-edge-origin-pull-client");
      const client = cf.recorder.one("tls:index/locallySignedCert:LocallySignedCert", "credlink-prod-edge-origin-pull-client");
      const ca = cf.recorder.one("tls:index/selfSignedCert:SelfSignedCert", "credlink-prod-edge-origin-pull-ca");
      expect([cert.inputs.certificateBody, cert.inputs.certificateChain]).to.deep.equal([client.state.certPem, ca.state.certPem]);
      expect(cf.recorder.one("tls:index/certRequest:CertRequest", "credlink-prod-edge-origin-pull-client").inputs.dnsNames).to.deep.equal(["api.credlink.example"]);
      const alarm = cf.recorder.one("aws:cloudwatch/metricAlarm:MetricAlarm", "credlink-prod-ops-origin-pull-cert-expiry").inputs;
      const { alarmDescription, ...rest } = alarm;
      const notify = cf.recorder.one("aws:sns/topic:Topic", "credlink-prod-notify").state.arn;
      expect(rest).to.deep.equal({
        namespace: "AWS/CertificateManager",
        metricName: "DaysToExpiry",
        dimensions: { CertificateArn: cert.state.arn },
        statistic: "Minimum",
        period: 86400,
        evaluationPeriods: 1,
        comparisonOperator: "LessThanThreshold",
        threshold: 21,
        treatMissingData: "notBreaching",
        alarmActions: [notify],
        okActions: [notify],
      });
      expect(alarmDescription).to.match(/^\[notify\] CredLink credlink-prod-ops: the Cloudflare origin-pull client certificate expires in less than 21 days/);
    });

    it("THEN the trust store's key is protected and retained in prod, like its buckets", () => {
      const key = cf.recorder.one("aws:kms/key:Key", "credlink-prod-edge-trust-store");
      expect([key.protect, key.retainOnDelete, key.inputs.deletionWindowInDays]).to.deep.equal([true, true, 30]);
    });

    it("THEN the service name is a proxied CNAME to the ALB, and no Route 53 record is made", () => {
      const alb = cf.recorder.one("aws:lb/loadBalancer:LoadBalancer");
      expect(named(cf.recorder, "cloudflare:index/dnsRecord:DnsRecord", "credlink-prod").inputs).to.deep.equal({
        zoneId: ZONE,
        name: "api.credlink.example",
        type: "CNAME",
        content: alb.state.dnsName,
        proxied: true,
        ttl: 1,
        comment: "CredLink API: proxied through Cloudflare to the origin load balancer",
      });
      expect(cf.recorder.ofType("aws:route53/record:Record")).to.have.length(0);
    });

    it("THEN the ALB certificate is validated with a DNS-only record in the Cloudflare zone", () => {
      const cert = named(cf.recorder, "aws:acm/certificate:Certificate", "credlink-prod-edge");
      const option = cert.state.domainValidationOptions[0];
      const record = named(cf.recorder, "cloudflare:index/dnsRecord:DnsRecord", "credlink-prod-edge-cert-validation");
      expect(record.inputs).to.deep.equal({
        zoneId: ZONE,
        name: option.resourceRecordName.replace(/\.$/, ""),
        type: "CNAME",
        content: option.resourceRecordValue.replace(/\.$/, ""),
        ttl: 60,
        proxied: false,
        comment: "ACM DNS validation for the origin load balancer's certificate",
      });
      const https = named(cf.recorder, "aws:lb/listener:Listener", "credlink-prod-https");
      expect(https.inputs.certificateArn).to.equal(cert.state.arn);
    });

    it("THEN the zone settings are SSL strict, TLS 1.2+, Always Use HTTPS and HSTS for a year, in the API's snake_case keys", () => {
      const settings = cf.recorder.ofType("cloudflare:index/zoneSetting:ZoneSetting").map((s) => s.inputs);
      expect(settings).to.deep.equal([
        { zoneId: ZONE, settingId: "ssl", value: "strict" },
        { zoneId: ZONE, settingId: "min_tls_version", value: "1.2" },
        { zoneId: ZONE, settingId: "always_use_https", value: "on" },
        {
          zoneId: ZONE,
          settingId: "security_header",
          // The Cloudflare API's own keys: `value` is passed through untyped, and camelCase keys set nothing.
          value: { strict_transport_security: { enabled: true, max_age: 31536000, include_subdomains: false, preload: false, nosniff: true } },
        },
      ]);
    });

    it("THEN the WAF deploys the Pro plan's Cloudflare Managed Ruleset", () => {
      expect(named(cf.recorder, "cloudflare:index/ruleset:Ruleset", "credlink-prod-waf-managed").inputs).to.deep.equal({
        zoneId: ZONE,
        kind: "zone",
        phase: "http_request_firewall_managed",
        name: "credlink-prod managed WAF",
        description: "Deploys the Cloudflare Managed Ruleset (Pro plan)",
        rules: [
          {
            ref: "deploy-managed-ruleset",
            description: "Execute the Cloudflare Managed Ruleset",
            expression: "true",
            action: "execute",
            enabled: true,
            actionParameters: { id: "efb7b8c949ac4650a09736fc376e9aee" },
          },
        ],
      });
    });

    it("THEN the rate limits are the config's, per client IP and data center, blocking, with no body-size rule", () => {
      const ruleset = named(cf.recorder, "cloudflare:index/ruleset:Ruleset", "credlink-prod-rate-limits");
      expect(ruleset.inputs.phase).to.equal("http_ratelimit");
      expect(ruleset.inputs.rules).to.deep.equal([
        {
          ref: "rate-limit-api",
          description: "Rate limit api: 600 requests per 60s per client IP under /",
          expression: "true",
          action: "block",
          enabled: true,
          ratelimit: { characteristics: ["ip.src", "cf.colo.id"], period: 60, requestsPerPeriod: 600, mitigationTimeout: 60 },
        },
        {
          ref: "rate-limit-verify",
          description: "Rate limit verify: 100 requests per 10s per client IP under /v1/verify",
          expression: 'starts_with(http.request.uri.path, "/v1/verify")',
          action: "block",
          enabled: true,
          ratelimit: { characteristics: ["ip.src", "cf.colo.id"], period: 10, requestsPerPeriod: 100, mitigationTimeout: 60 },
        },
      ]);
      const expressions = cf.recorder.ofType("cloudflare:index/ruleset:Ruleset").flatMap((r) => r.inputs.rules.map((x: any) => x.expression));
      expect(expressions.filter((e: string) => /body|content_length/i.test(e))).to.deep.equal([]);
    });

    it("THEN the ALB's 443 and 80 ingress come only from the prefix list of Cloudflare's 15 IPv4 ranges (max 20 entries)", () => {
      const list = named(cf.recorder, "aws:ec2/managedPrefixList:ManagedPrefixList", "credlink-prod-edge-cloudflare-ipv4");
      expect(list.inputs).to.deep.equal({
        name: "credlink-prod-edge-cloudflare-ipv4",
        addressFamily: "IPv4",
        maxEntries: 20,
        entries: [...CLOUDFLARE_IPV4_RANGES].sort().map((cidr) => ({ cidr, description: "Cloudflare edge (cloudflare.getIpRanges)" })),
      });
      const albGroup = named(cf.recorder, "aws:ec2/securityGroup:SecurityGroup", "credlink-prod-alb");
      const ingress = cf.recorder.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === albGroup.id);
      expect(ingress.map((r) => r.inputs)).to.deep.equal([
        { securityGroupId: albGroup.id, ipProtocol: "tcp", prefixListId: list.id, fromPort: 443, toPort: 443, description: "HTTPS from the Cloudflare edge only (managed prefix list)" },
        { securityGroupId: albGroup.id, ipProtocol: "tcp", prefixListId: list.id, fromPort: 80, toPort: 80, description: "HTTP from the Cloudflare edge only (managed prefix list), only to redirect it to HTTPS" },
      ]);
    });

    it("THEN the HTTPS listener verifies client certificates against the trust store holding our origin-pull CA", () => {
      const store = named(cf.recorder, "aws:lb/trustStore:TrustStore", "credlink-prod-edge");
      const bundle = named(cf.recorder, "aws:s3/bucketObjectv2:BucketObjectv2", "credlink-prod-edge-trust-store");
      const bucket = named(cf.recorder, "aws:s3/bucket:Bucket", "credlink-prod-edge-trust-store");
      const ca = named(cf.recorder, "tls:index/selfSignedCert:SelfSignedCert", "credlink-prod-edge-origin-pull-ca");
      expect(named(cf.recorder, "aws:lb/listener:Listener", "credlink-prod-https").inputs.mutualAuthentication).to.deep.equal({
        mode: "verify",
        trustStoreArn: store.state.arn,
        ignoreClientCertificateExpiry: false,
      });
      expect(store.inputs).to.deep.equal({
        caCertificatesBundleS3Bucket: bucket.state.bucket,
        caCertificatesBundleS3Key: "cloudflare-origin-pull-ca.pem",
        caCertificatesBundleS3ObjectVersion: bundle.state.versionId,
      });
      expect(bundle.inputs.content).to.equal(ca.state.certPem);
    });

    it("THEN our CA signs a client-auth certificate that is uploaded to the zone, and Authenticated Origin Pulls is on", () => {
      const caKey = named(cf.recorder, "tls:index/privateKey:PrivateKey", "credlink-prod-edge-origin-pull-ca");
      const ca = named(cf.recorder, "tls:index/selfSignedCert:SelfSignedCert", "credlink-prod-edge-origin-pull-ca");
      expect(ca.inputs).to.deep.equal({
        privateKeyPem: secret(caKey.state.privateKeyPem),
        isCaCertificate: true,
        allowedUses: ["cert_signing", "crl_signing"],
        validityPeriodHours: 87600,
        subject: { commonName: "CredLink origin-pull CA (credlink-prod-edge)", organization: "CredLink" },
      });
      const client = named(cf.recorder, "tls:index/locallySignedCert:LocallySignedCert", "credlink-prod-edge-origin-pull-client");
      expect(client.inputs).to.deep.include({ allowedUses: ["digital_signature", "client_auth"], validityPeriodHours: 365 * 24, earlyRenewalHours: 720, caCertPem: ca.state.certPem });
      const uploaded = named(cf.recorder, "cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate", "credlink-prod-edge-origin-pull");
      const clientKey = named(cf.recorder, "tls:index/privateKey:PrivateKey", "credlink-prod-edge-origin-pull-client");
      // The key reaches Cloudflare as a secret input (and tls keeps privateKeyPem secret in state).
      expect(uploaded.inputs).to.deep.equal({ zoneId: ZONE, certificate: client.state.certPem, privateKey: secret(clientKey.state.privateKeyPem) });
      expect(named(cf.recorder, "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings", "credlink-prod-edge-origin-pull").inputs).to.deep.equal({
        zoneId: ZONE,
        enabled: true,
      });
    });

    it("THEN the R2 bucket (location from config) is protected, locked for the Object Lock period, with a token scoped to it", () => {
      const bucket = named(cf.recorder, "cloudflare:index/r2Bucket:R2Bucket", "credlink-prod-proofs-r2");
      expect(bucket.inputs).to.deep.equal({ accountId: secret(ACCOUNT_STAND_IN), name: "credlink-prod-proofs-copy", location: "apac", storageClass: "Standard" });
      expect([bucket.protect, bucket.retainOnDelete]).to.deep.equal([true, true]);
      expect(named(cf.recorder, "cloudflare:index/r2BucketLock:R2BucketLock", "credlink-prod-proofs-r2").inputs).to.deep.equal({
        accountId: secret(ACCOUNT_STAND_IN),
        bucketName: "credlink-prod-proofs-copy",
        rules: [{ id: "retain-proof-copies", enabled: true, prefix: "", condition: { type: "Age", maxAgeSeconds: 365 * 24 * 3600 } }],
      });
      const token = named(cf.recorder, "cloudflare:index/apiToken:ApiToken", "credlink-prod-proofs-r2");
      // The policies carry the (secret) account id, so the whole list is a secret input.
      expect(token.inputs.policies).to.deep.equal(secret([
        {
          effect: "allow",
          permissionGroups: [{ id: R2_BUCKET_ITEM_WRITE_GROUP_ID }],
          resources: JSON.stringify({ [`com.cloudflare.edge.r2.bucket.${ACCOUNT_STAND_IN}_default_credlink-prod-proofs-copy`]: "*" }),
        },
      ]));
    });

    it("THEN the proof bucket's object-created events reach a CMK-encrypted queue that only the proof bucket may send to", () => {
      const proofs = named(cf.recorder, "aws:s3/bucket:Bucket", "credlink-prod-proofs");
      const key = named(cf.recorder, "aws:kms/key:Key", "credlink-prod-proofs-r2-copy");
      const queue = named(cf.recorder, "aws:sqs/queue:Queue", "credlink-prod-proofs-r2-copy");
      const dlq = named(cf.recorder, "aws:sqs/queue:Queue", "credlink-prod-proofs-r2-copy-dlq");
      expect(queue.inputs).to.deep.equal({
        kmsMasterKeyId: key.state.arn,
        kmsDataKeyReusePeriodSeconds: 3600,
        visibilityTimeoutSeconds: 360,
        messageRetentionSeconds: 4 * 24 * 3600,
        redrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.state.arn, maxReceiveCount: 5 }),
      });
      expect(dlq.inputs).to.deep.equal({ kmsMasterKeyId: key.state.arn, kmsDataKeyReusePeriodSeconds: 3600, messageRetentionSeconds: 14 * 24 * 3600 });
      expect(JSON.parse(named(cf.recorder, "aws:sqs/queuePolicy:QueuePolicy", "credlink-prod-proofs-r2-copy").inputs.policy).Statement).to.deep.equal([
        {
          Sid: "ProofBucketObjectCreatedEvents",
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queue.state.arn,
          Condition: { ArnLike: { "aws:SourceArn": proofs.state.arn }, StringEquals: { "aws:SourceAccount": "123456789012" } },
        },
      ]);
      expect(named(cf.recorder, "aws:s3/bucketNotification:BucketNotification", "credlink-prod-proofs-r2-copy").inputs).to.deep.equal({
        bucket: proofs.state.bucket,
        queues: [{ id: "r2-copy", queueArn: queue.state.arn, events: ["s3:ObjectCreated:*"] }],
      });
    });

    it("THEN the copy function's role reads only the proof bucket (through its key), its queue, its secret and its logs", () => {
      const proofs = named(cf.recorder, "aws:s3/bucket:Bucket", "credlink-prod-proofs");
      const proofKey = named(cf.recorder, "aws:kms/key:Key", "credlink-prod-proofs");
      const key = named(cf.recorder, "aws:kms/key:Key", "credlink-prod-proofs-r2-copy");
      const queue = named(cf.recorder, "aws:sqs/queue:Queue", "credlink-prod-proofs-r2-copy");
      const secret = named(cf.recorder, "aws:secretsmanager/secret:Secret", "credlink-prod-proofs-r2-credentials");
      const policy = JSON.parse(named(cf.recorder, "aws:iam/rolePolicy:RolePolicy", "credlink-prod-proofs-r2-copy").inputs.policy);
      expect(policy.Statement).to.deep.equal([
        { Sid: "ReadProofVersions", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: `${proofs.state.arn}/*` },
        { Sid: "DecryptProofsThroughS3", Effect: "Allow", Action: "kms:Decrypt", Resource: proofKey.state.arn, Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } },
        { Sid: "ConsumeTheCopyQueue", Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"], Resource: queue.state.arn },
        { Sid: "DecryptTheQueueAndTheSecret", Effect: "Allow", Action: "kms:Decrypt", Resource: key.state.arn },
        { Sid: "ReadTheR2Credentials", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secret.state.arn },
        {
          Sid: "WriteItsLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/credlink-prod-proofs-r2-copy:*",
        },
        {
          Sid: "RunInTheVpc",
          Effect: "Allow",
          Action: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
          Resource: "*",
        },
      ]);
      expect(JSON.parse(named(cf.recorder, "aws:iam/role:Role", "credlink-prod-proofs-r2-copy").inputs.assumeRolePolicy).Statement).to.deep.equal([
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } },
      ]);
    });

    it("THEN the function runs Node 22 in the private subnets with 443-only egress, logs JSON to a CMK-encrypted group kept 90 days", () => {
      const fn = named(cf.recorder, "aws:lambda/function:Function", "credlink-prod-proofs-r2-copy");
      const group = named(cf.recorder, "aws:ec2/securityGroup:SecurityGroup", "credlink-prod-proofs-r2-copy");
      const key = named(cf.recorder, "aws:kms/key:Key", "credlink-prod-proofs-r2-copy");
      expect(fn.inputs).to.deep.include({ runtime: "nodejs22.x", architectures: ["arm64"], handler: "index.handler", timeout: 60, memorySize: 256 });
      expect(fn.inputs.reservedConcurrentExecutions).to.equal(undefined);
      const mapping = named(cf.recorder, "aws:lambda/eventSourceMapping:EventSourceMapping", "credlink-prod-proofs-r2-copy");
      expect(mapping.inputs).to.deep.equal({
        eventSourceArn: named(cf.recorder, "aws:sqs/queue:Queue", "credlink-prod-proofs-r2-copy").state.arn,
        functionName: fn.state.arn,
        batchSize: 10,
        functionResponseTypes: ["ReportBatchItemFailures"],
        enabled: true,
        scalingConfig: { maximumConcurrency: 2 },
      });
      expect(fn.inputs.vpcConfig).to.deep.equal({ subnetIds: cf.outputs.privateSubnetIds, securityGroupIds: [group.id] });
      expect(fn.inputs.loggingConfig).to.deep.equal({ logFormat: "JSON", logGroup: "/aws/lambda/credlink-prod-proofs-r2-copy" });
      expect(Object.keys(fn.inputs.environment.variables).sort()).to.deep.equal(["R2_SECRET_ARN", "SOURCE_BUCKET"]);
      expect(named(cf.recorder, "aws:cloudwatch/logGroup:LogGroup", "credlink-prod-proofs-r2-copy").inputs).to.deep.equal({
        name: "/aws/lambda/credlink-prod-proofs-r2-copy",
        retentionInDays: 90,
        kmsKeyId: key.state.arn,
      });
      const egress = cf.recorder.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter((r) => r.inputs.securityGroupId === group.id);
      expect(egress.map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4])).to.deep.equal([[443, 443, "0.0.0.0/0"]]);
      expect(cf.recorder.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === group.id)).to.have.length(0);
      // Only the queue invokes it: no resource-based permission names it (a scheduled check's names its own function).
      expect(cf.recorder.ofType("aws:lambda/permission:Permission").filter((p) => p.inputs.function === fn.state.name)).to.have.length(0);
      expect(cf.recorder.ofType("aws:lambda/functionUrl:FunctionUrl")).to.have.length(0);
    });

    it("THEN the dead-letter queue alarms to the notify topic as soon as one message waits", () => {
      const dlq = named(cf.recorder, "aws:sqs/queue:Queue", "credlink-prod-proofs-r2-copy-dlq");
      const alarm = named(cf.recorder, "aws:cloudwatch/metricAlarm:MetricAlarm", "credlink-prod-proofs-r2-copy-dlq");
      expect(alarm.inputs).to.deep.equal({
        alarmDescription:
          "[notify] CredLink credlink-prod-proofs: proof versions failed to copy to R2 5 times and wait in the dead-letter queue; see the function's logs, then redrive",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: dlq.state.name },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
        alarmActions: [cf.outputs.notifyTopicArn],
        okActions: [cf.outputs.notifyTopicArn],
      });
      expect(cf.outputs.r2CopyDeadLetterAlarmName).to.equal(alarm.state.name);
    });

    it("THEN the engine would accept every URN (no duplicates)", () => {
      expect(cf.recorder.duplicateUrns()).to.deep.equal([]);
    });
  });

  // With edge aws (the committed stacks), none of this exists: tests/app-stack.test.ts, on its prod run.

  describe("GIVEN the origin component alone", () => {
    it("WHEN built THEN the client private key it exposes is a secret", async () => {
      const { runComponent } = await import("../tools/offline/program");
      const { CloudflareOrigin } = await import("../components/edge/cloudflare-origin");
      const { result } = await runComponent(() => new CloudflareOrigin("edge", { zoneId: ZONE, domainName: "api.credlink.example" }));
      expect(await pulumi.isSecret(result.clientPrivateKeyPem)).to.equal(true);
      expect(await pulumi.isSecret(result.caCertificatePem)).to.equal(false);
    });
  });
});

describe("Cloudflare option config", () => {
  const cloudflare = { zoneId: ZONE, plan: "Pro", rateLimits: [] };
  const cfEdge = { "credlink:edge": { provider: "cloudflare" }, "credlink:cloudflare": cloudflare, "credlink:domain": { name: "api.credlink.example", hostedZoneId: undefined } };

  it("GIVEN edge cloudflare without the secrets THEN both secret keys are named", () => {
    expect(problemsFor("prod", cfEdge).filter((p) => /cloudflare\.(apiToken|accountId)/.test(p))).to.deep.equal([
      "credlink:cloudflare.apiToken must be set as a secret (pulumi config set --secret credlink:cloudflare.apiToken ...) when edge.provider is cloudflare, got nothing",
      "credlink:cloudflare.accountId must be set as a secret (pulumi config set --secret credlink:cloudflare.accountId ...) when edge.provider is cloudflare, got nothing",
    ]);
  });

  it("GIVEN edge cloudflare with a Route 53 hostedZoneId THEN it must be left out", () => {
    const problems = problemsFor("prod", { ...cfEdge, "credlink:domain": { name: "api.credlink.example", hostedZoneId: "Z0000000000000000000" } });
    expect(problems).to.include(
      'credlink:domain.hostedZoneId must be left out when credlink:edge.provider is cloudflare (the name lives in the Cloudflare zone, not Route 53), got "Z0000000000000000000"',
    );
  });

  it("GIVEN edge aws with a domain but no hostedZoneId THEN hostedZoneId is required", () => {
    expect(problemsFor("prod", { "credlink:domain": { hostedZoneId: undefined } })).to.include(
      "credlink:domain.hostedZoneId is required with credlink:domain.name when credlink:edge.provider is aws (the certificate is validated in that Route 53 zone), but it is not set",
    );
  });

  it("GIVEN proofs.r2Copy on an aws edge without the secrets THEN the secrets are required for it", () => {
    expect(problemsFor("prod", { "credlink:proofs": { r2Copy: true } })).to.include(
      "credlink:cloudflare.accountId must be set as a secret (pulumi config set --secret credlink:cloudflare.accountId ...) when proofs.r2Copy is true, got nothing",
    );
  });

  it("GIVEN an account id that is not 32 hex THEN it is refused without showing the value", () => {
    const problems = problemsFor("prod", { ...cfEdge, "credlink:cloudflare.apiToken": "t", "credlink:cloudflare.accountId": "my-account" });
    expect(problems).to.include("credlink:cloudflare.accountId must be a Cloudflare account id, 32 lowercase hex characters (the value is a secret and is not shown)");
    expect(problems.join("\n")).to.not.include("my-account");
  });

  it("GIVEN edge cloudflare with an ingress allowlist THEN it is refused (only Cloudflare's ranges reach the ALB); the default is accepted", () => {
    const problems = problemsFor("prod", { ...cfEdge, "credlink:service": { allowedCidrs: ["203.0.113.0/24"] } });
    expect(problems).to.include(
      'credlink:service.allowedCidrs must be left out (or ["0.0.0.0/0"]) when credlink:edge.provider is cloudflare: the load balancer admits Cloudflare\'s ranges only, got a list ["203.0.113.0/24"]',
    );
    expect(problemsFor("prod", cfEdge).filter((p) => p.includes("allowedCidrs"))).to.deep.equal([]);
  });

  it("GIVEN prod with edge cloudflare and edge.waf.enabled false THEN no WAF rule fires (Cloudflare's WAF stands in); with edge aws it does", () => {
    const waf = { "credlink:edge": { provider: "cloudflare", waf: { enabled: false } } };
    expect(problemsFor("prod", { ...cfEdge, ...waf }).filter((p) => p.includes("waf"))).to.deep.equal([]);
    expect(problemsFor("prod", { "credlink:edge": { waf: { enabled: false } } }).filter((p) => p.includes("waf"))).to.have.length(1);
  });

  it("GIVEN a zone id that is not 32 hex THEN it is refused", () => {
    expect(problemsFor("prod", { ...cfEdge, "credlink:cloudflare": { ...cloudflare, zoneId: "example.com" } })).to.include(
      'credlink:cloudflare.zoneId must be a Cloudflare zone id: 32 lowercase hex characters, got "example.com"',
    );
  });

  it("GIVEN an unknown plan THEN the allowed ones are named", () => {
    expect(problemsFor("prod", { ...cfEdge, "credlink:cloudflare": { ...cloudflare, plan: "Enterprise" } })).to.include(
      'credlink:cloudflare.plan must be one of "Free" | "Pro" | "Business", got "Enterprise"',
    );
  });

  const limit = (over: Record<string, unknown> = {}) => ({ name: "api", pathPrefix: "/", requestsPerPeriod: 100, periodSeconds: 10, mitigationTimeoutSeconds: 10, ...over });

  it("GIVEN the Free plan with two rate limits THEN only one is allowed; with one (the exact fit) it passes", () => {
    const two = { ...cfEdge, "credlink:cloudflare": { ...cloudflare, plan: "Free", rateLimits: [limit(), limit({ name: "b" })] } };
    expect(problemsFor("prod", two)).to.include("credlink:cloudflare.rateLimits must hold at most 1 rule(s) on the Free plan, got 2");
    const one = { ...cfEdge, "credlink:cloudflare": { ...cloudflare, plan: "Free", rateLimits: [limit()] } };
    expect(problemsFor("prod", one).filter((p) => p.includes("rateLimits"))).to.deep.equal([]);
  });

  it("GIVEN the Pro plan with a 600 s period THEN the plan's periods are named; 60 s passes", () => {
    const bad = { ...cfEdge, "credlink:cloudflare": { ...cloudflare, rateLimits: [limit({ periodSeconds: 600 })] } };
    expect(problemsFor("prod", bad)).to.include("credlink:cloudflare.rateLimits[0].periodSeconds must be one of 10, 60 on the Pro plan, got 600");
    const good = { ...cfEdge, "credlink:cloudflare": { ...cloudflare, rateLimits: [limit({ periodSeconds: 60 })] } };
    expect(problemsFor("prod", good).filter((p) => p.includes("rateLimits"))).to.deep.equal([]);
  });

  it("GIVEN a rate limit path with a quote THEN it is refused (it would break the rule expression)", () => {
    const bad = { ...cfEdge, "credlink:cloudflare": { ...cloudflare, rateLimits: [limit({ pathPrefix: '/v1"x' })] } };
    expect(problemsFor("prod", bad)).to.include('credlink:cloudflare.rateLimits[0].pathPrefix must be a URL path starting with "/" (no quotes, backslashes or "*"), got "/v1\\"x"');
  });
});

describe("Cloudflare option validation", () => {
  it("GIVEN a load balancer with certificateArn and a hostedZoneId THEN it is refused; with mTLS but no domain THEN refused", async () => {
    const { resolveLoadBalancerArgs, validateLoadBalancerArgs } = await import("../components/app/load-balancer");
    const base = { vpcId: "", subnetIds: [], securityGroupId: "" };
    expect(() => validateLoadBalancerArgs(resolveLoadBalancerArgs({ ...base, domainName: "api.credlink.example", hostedZoneId: "Z1", certificateArn: "arn" }))).to.throw(
      /^certificateArn needs domainName and no hostedZoneId/,
    );
    expect(() => validateLoadBalancerArgs(resolveLoadBalancerArgs({ ...base, mutualTlsTrustStoreArn: "arn" }))).to.throw(/^mutualTlsTrustStoreArn needs domainName/);
    expect(() => validateLoadBalancerArgs(resolveLoadBalancerArgs({ ...base, domainName: "api.credlink.example", certificateArn: "arn", mutualTlsTrustStoreArn: "arn" }))).to.not.throw();
  });

  it("GIVEN R2 bucket names THEN 3-63 of [a-z0-9-] pass (the 63-character fit) and 64 characters or an underscore fail", async () => {
    const { R2_BUCKET_NAME_PATTERN } = await import("../components/data/r2-copy");
    expect(["abc", "a".repeat(63), "credlink-prod-proofs-copy"].map((n) => R2_BUCKET_NAME_PATTERN.test(n))).to.deep.equal([true, true, true]);
    expect(["ab", "a".repeat(64), "credlink_prod", "-abc"].map((n) => R2_BUCKET_NAME_PATTERN.test(n))).to.deep.equal([false, false, false, false]);
  });

  it("GIVEN an R2 token value THEN the S3 secret access key is its SHA-256 in hex", async () => {
    const { r2SecretAccessKey } = await import("../components/data/r2-copy");
    expect(r2SecretAccessKey("abc")).to.equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  // Old: the put carried no checksum: R2 could not refuse a body that differed from the proof read from S3.
  it("GIVEN a proof version THEN the copy handler puts its exact bytes with their SHA-256 (x-amz-checksum-sha256), which R2 verifies", async () => {
    const { R2_COPY_HANDLER } = await import("../components/data/r2-copy");
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const crypto = await import("node:crypto");
    const { pathToFileURL } = await import("node:url");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "credlink-r2-copy-"));
    try {
      // Stand-ins for the two AWS SDK clients the handler imports: they record every command sent.
      const stub = (pkg: string, body: string) => {
        fs.mkdirSync(path.join(dir, "node_modules", pkg), { recursive: true });
        fs.writeFileSync(path.join(dir, "node_modules", pkg, "package.json"), JSON.stringify({ name: pkg, type: "module", main: "index.js" }));
        fs.writeFileSync(path.join(dir, "node_modules", pkg, "index.js"), body);
      };
      stub(
        "@aws-sdk/client-s3",
        `export class GetObjectCommand { constructor(input) { this.name = "GetObject"; this.input = input; } }
export class PutObjectCommand { constructor(input) { this.name = "PutObject"; this.input = input; } }
export class S3Client { constructor(config) { this.config = config; } async send(command) {
  globalThis.sent.push(command);
  if (command.name === "GetObject") return { ContentType: "application/json", ETag: '"e"', Body: { transformToByteArray: async () => new TextEncoder().encode(globalThis.proof) } };
  return {};
} }`,
      );
      stub(
        "@aws-sdk/client-secrets-manager",
        `export class GetSecretValueCommand { constructor(input) { this.input = input; } }
export class SecretsManagerClient { async send() { return { SecretString: JSON.stringify({ bucket: "r2-bucket", endpoint: "https://acc.r2.cloudflarestorage.com", accessKeyId: "a", secretAccessKey: "s" }) }; } }`,
      );
      fs.writeFileSync(path.join(dir, "index.mjs"), R2_COPY_HANDLER);
      const g = globalThis as any;
      g.sent = [];
      g.proof = '{"proof":"c2pa manifest"}';
      process.env.SOURCE_BUCKET = "credlink-prod-proofs";
      process.env.R2_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:r2";
      // A real ESM import (TypeScript would turn import() into require()).
      const load = new Function("url", "return import(url)") as (url: string) => Promise<any>;
      const { handler } = await load(pathToFileURL(path.join(dir, "index.mjs")).href);
      const event = { Records: [{ messageId: "m1", body: JSON.stringify({ Records: [{ s3: { bucket: { name: "credlink-prod-proofs" }, object: { key: "p/1.json", versionId: "v1" } } }] }) }] };
      expect(await handler(event)).to.deep.equal({ batchItemFailures: [] });
      const put = g.sent.find((c: any) => c.name === "PutObject").input;
      const bytes = new TextEncoder().encode(g.proof);
      expect({ ...put, Body: Buffer.from(put.Body).toString() }).to.deep.equal({
        Bucket: "r2-bucket",
        Key: "p/1.json/v1",
        Body: g.proof,
        ChecksumSHA256: crypto.createHash("sha256").update(bytes).digest("base64"),
        ContentLength: bytes.length,
        ContentType: "application/json",
        Metadata: { "source-key": "p/1.json", "source-version-id": "v1", "source-etag": "e" },
        IfNoneMatch: "*",
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      delete process.env.SOURCE_BUCKET;
      delete process.env.R2_SECRET_ARN;
    }
  });

  it("GIVEN the copy handler THEN it puts with If-None-Match: * and treats 412 as already copied", async () => {
    const { R2_COPY_HANDLER } = await import("../components/data/r2-copy");
    expect(R2_COPY_HANDLER).to.include('IfNoneMatch: "*"');
    expect(R2_COPY_HANDLER).to.include("httpStatusCode === 412");
    expect(R2_COPY_HANDLER).to.include("batchItemFailures.push");
  });
});

describe("Cloudflare option cost and availability", () => {
  const edge = (plan: string) => ({ type: "credlink:edge:Cloudflare", name: "credlink-prod", urn: `urn:${plan}`, props: { plan, domainName: "api.credlink.example" } });

  it("GIVEN the edge on Free, Pro and Business THEN the plan is priced $0, $25 and $250 a month as baseline", async () => {
    const { estimateCost } = await import("../policy/cost/estimate");
    const lines = (plan: string) => estimateCost([edge(plan)]).items.filter((i) => i.type === "credlink:edge:Cloudflare").map((i) => [i.item, i.baselineUsd]);
    expect([lines("Free"), lines("Pro"), lines("Business")]).to.deep.equal([
      [["Cloudflare Free plan (the zone)", 0]],
      [["Cloudflare Pro plan (the zone)", 25]],
      [["Cloudflare Business plan (the zone)", 250]],
    ]);
  });

  it("GIVEN an R2 bucket and prod's usage THEN storage and writes are usage lines at R2's prices, and no resource is unpriced", async () => {
    const { estimateCost } = await import("../policy/cost/estimate");
    const { loadUsage } = await import("../policy/cost/usage");
    const estimate = estimateCost([{ type: "cloudflare:index/r2Bucket:R2Bucket", name: "r2", urn: "urn:r2", props: {} }], { usage: loadUsage("prod") });
    expect(estimate.items.filter((i) => i.resource === "r2").map((i) => [i.item, i.usageUsd])).to.deep.equal([
      ["R2 storage", 0.52],
      ["R2 Class A operations (copies)", 1.5],
      ["R2 Class B operations (reads)", 0],
    ]);
    expect(estimate.unpriced).to.deep.equal([]);
  });

  it("GIVEN the edge THEN availability has a Cloudflare tier: Business on its 100% SLA, Pro at 100% stated as an assumption", async () => {
    const { compositeAvailability } = await import("../policy/cost/availability");
    const tiers = (plan: string) => compositeAvailability([edge(plan)]).tiers;
    expect(tiers("Business")).to.deep.equal([{ tier: "Cloudflare", resource: "credlink-prod", slaPct: 100, why: "Business plan: 100% uptime SLA (cloudflare.com/business-sla)" }]);
    expect(tiers("Pro")).to.deep.equal([
      { tier: "Cloudflare", resource: "credlink-prod", slaPct: 100, why: "Pro plan: no SLA (cloudflare.com/plans/faq); counted as 100%, an assumption, not a commitment" },
    ]);
  });
});
