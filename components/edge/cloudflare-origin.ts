import * as aws from "@pulumi/aws";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { awsContext } from "../lib/aws-context";
import { createSecureBucket } from "../lib/bucket";
import { createKmsKey, KeyAdministrators, viaServiceStatement } from "../lib/kms";

/**
 * Room in the Cloudflare prefix list. Cloudflare publishes 15 IPv4 ranges (https://www.cloudflare.com/ips-v4/, 2026);
 * a security group rule that references a prefix list counts as `maxEntries` rules against the group's quota (60
 * inbound rules by default: VPC quotas, "Inbound or outbound rules per security group"), and the ALB's group references
 * it twice (80 and 443): 2 x 20 = 40. More published ranges than this fail the plan with a clear message.
 */
export const CLOUDFLARE_PREFIX_LIST_MAX_ENTRIES = 20;

/** Where the CA bundle sits in the trust-store bucket. */
export const TRUST_STORE_BUNDLE_KEY = "cloudflare-origin-pull-ca.pem";

/** The CA's life: 10 years. The client certificate is re-issued from it (see `clientCertValidityDays`). */
export const ORIGIN_PULL_CA_VALIDITY_HOURS = 10 * 365 * 24;

export interface CloudflareOriginArgs {
  /** The Cloudflare zone that holds `domainName` (32 hex characters). */
  readonly zoneId: pulumi.Input<string>;
  /** The public name the ALB's certificate is issued for, e.g. `api.credlink.example`. */
  readonly domainName: string;
  /**
   * Days the Authenticated Origin Pulls client certificate is valid; `tls.LocallySignedCert` re-issues it (and the
   * edge certificate is replaced) once fewer than 30 days remain at a `pulumi up`. @default 365
   */
  readonly clientCertValidityDays?: number;
  /** Days a scheduled deletion of the trust-store bucket's key waits, 7-30. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** Delete the trust-store buckets even when they hold objects (dev). @default false */
  readonly forceDestroy?: boolean;
  /**
   * Who administers the customer managed key(s) this component creates: the break-glass role, and the deploy role
   * for key policies only (lib/kms KeyAdministrators). @default undefined (the account root statement)
   */
  readonly keyAdministrators?: KeyAdministrators;
}

export type ResolvedCloudflareOriginArgs = Required<Omit<CloudflareOriginArgs, "keyAdministrators">> & Pick<CloudflareOriginArgs, "keyAdministrators">;

/** Applies the documented defaults. The single place they live. */
export function resolveCloudflareOriginArgs(args: CloudflareOriginArgs): ResolvedCloudflareOriginArgs {
  return {
    zoneId: args.zoneId,
    domainName: args.domainName,
    clientCertValidityDays: args.clientCertValidityDays ?? 365,
    keyDeletionWindowDays: args.keyDeletionWindowDays ?? 30,
    forceDestroy: args.forceDestroy ?? false,
    keyAdministrators: args.keyAdministrators,
  };
}

/** Throws an Error naming the argument when a plain value is out of range. */
export function validateCloudflareOriginArgs(args: ResolvedCloudflareOriginArgs): void {
  if (typeof args.zoneId === "string" && !CLOUDFLARE_ID_PATTERN.test(args.zoneId)) {
    throw new Error(`zoneId must be a Cloudflare zone id (32 lowercase hex characters), got ${JSON.stringify(args.zoneId)}`);
  }
  if (!/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(args.domainName)) {
    throw new Error(`domainName must be a lowercase DNS name like "api.credlink.example", got ${JSON.stringify(args.domainName)}`);
  }
  // The CA outlives every client certificate it signs; 30..825 days keeps rotation yearly-ish and under the CA's life.
  if (!Number.isInteger(args.clientCertValidityDays) || args.clientCertValidityDays < 60 || args.clientCertValidityDays > 825) {
    throw new Error(`clientCertValidityDays must be an integer from 60 to 825, got ${args.clientCertValidityDays}`);
  }
  if (!Number.isInteger(args.keyDeletionWindowDays) || args.keyDeletionWindowDays < 7 || args.keyDeletionWindowDays > 30) {
    throw new Error(`keyDeletionWindowDays must be an integer from 7 to 30, got ${args.keyDeletionWindowDays}`);
  }
}

/** A Cloudflare zone or account id: 32 lowercase hex characters. */
export const CLOUDFLARE_ID_PATTERN = /^[0-9a-f]{32}$/;

/**
 * What the origin (the ALB) needs before it exists when Cloudflare is the edge, made first so the load balancer and its
 * security group can take the results as plain inputs:
 *
 * - a managed prefix list of Cloudflare's IPv4 ranges (`cloudflare.getIpRangesOutput()`), for the ALB's ingress;
 * - the ALB's ACM certificate, DNS-validated with a record in the Cloudflare zone (the zone's DNS is Cloudflare's, so a
 *   Route 53 validation record would never be seen);
 * - Authenticated Origin Pulls with our own CA: a CA and a client certificate made with `@pulumi/tls` (private keys
 *   are secret in state), the CA bundle in a private, encrypted S3 bucket, and an `aws.lb.TrustStore` for the
 *   HTTPS listener's `mutualAuthentication`; the client certificate is uploaded to the zone and AOP is turned on.
 *
 * Pass both the AWS and the Cloudflare provider in `providers`.
 */
export class CloudflareOrigin extends pulumi.ComponentResource {
  /** The managed prefix list holding Cloudflare's IPv4 ranges. */
  public readonly prefixListId: pulumi.Output<string>;
  /** The issued (validated) ACM certificate for `domainName`. */
  public readonly certificateArn: pulumi.Output<string>;
  /** The trust store that holds the origin-pull CA. */
  public readonly trustStoreArn: pulumi.Output<string>;
  /** The CA certificate (public). */
  public readonly caCertificatePem: pulumi.Output<string>;
  /** The client certificate Cloudflare presents (public). */
  public readonly clientCertificatePem: pulumi.Output<string>;
  /** The client certificate's private key: a secret. */
  public readonly clientPrivateKeyPem: pulumi.Output<string>;
  /**
   * The client certificate imported into ACM, only so ACM publishes its `DaysToExpiry` (AWS/CertificateManager, daily
   * per CertificateArn, imported certificates included: "Supported CloudWatch metrics",
   * https://docs.aws.amazon.com/acm/latest/userguide/cloudwatch-metrics.html). Neither AWS nor Cloudflare publishes an
   * expiry metric for the trust store or the zone's origin-pull certificate; the expiry alarm reads this one.
   */
  public readonly clientCertificateAcmArn: pulumi.Output<string>;

  constructor(name: string, args: CloudflareOriginArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:edge:CloudflareOrigin", name, {}, opts);
    const resolved = resolveCloudflareOriginArgs(args);
    validateCloudflareOriginArgs(resolved);

    this.prefixListId = this.createPrefixList(name);
    this.certificateArn = this.createCertificate(name, resolved);
    const pki = this.createPki(name, resolved);
    this.caCertificatePem = pki.caCertificatePem;
    this.clientCertificatePem = pki.clientCertificatePem;
    this.clientPrivateKeyPem = pki.clientPrivateKeyPem;
    this.clientCertificateAcmArn = pki.acmArn;
    this.trustStoreArn = this.createTrustStore(name, resolved, pki.caCertificatePem);

    this.registerOutputs({
      prefixListId: this.prefixListId,
      certificateArn: this.certificateArn,
      trustStoreArn: this.trustStoreArn,
      caCertificatePem: this.caCertificatePem,
      clientCertificatePem: this.clientCertificatePem,
      clientPrivateKeyPem: this.clientPrivateKeyPem,
      clientCertificateAcmArn: this.clientCertificateAcmArn,
    });
  }

  /** Cloudflare's IPv4 ranges as a managed prefix list; its entries are an input list (no resources inside apply). */
  private createPrefixList(name: string): pulumi.Output<string> {
    const ranges = cloudflare.getIpRangesOutput({}, { parent: this });
    const entries = ranges.ipv4Cidrs.apply((cidrs) => {
      if (cidrs.length > CLOUDFLARE_PREFIX_LIST_MAX_ENTRIES) {
        throw new Error(
          `Cloudflare publishes ${cidrs.length} IPv4 ranges, more than the prefix list's ${CLOUDFLARE_PREFIX_LIST_MAX_ENTRIES} entries: raise CLOUDFLARE_PREFIX_LIST_MAX_ENTRIES (the ALB group references it twice, against 60 rules)`,
        );
      }
      return [...cidrs].sort().map((cidr) => ({ cidr, description: "Cloudflare edge (cloudflare.getIpRanges)" }));
    });
    const list = new aws.ec2.ManagedPrefixList(
      `${name}-cloudflare-ipv4`,
      { name: `${name}-cloudflare-ipv4`, addressFamily: "IPv4", maxEntries: CLOUDFLARE_PREFIX_LIST_MAX_ENTRIES, entries },
      { parent: this },
    );
    return list.id;
  }

  /** The ALB's certificate, validated through a (DNS-only) record in the Cloudflare zone. */
  private createCertificate(name: string, args: ResolvedCloudflareOriginArgs): pulumi.Output<string> {
    const certificate = new aws.acm.Certificate(
      name,
      { domainName: args.domainName, validationMethod: "DNS", keyAlgorithm: "RSA_2048", options: { certificateTransparencyLoggingPreference: "ENABLED" } },
      { parent: this },
    );
    const option = certificate.domainValidationOptions.apply((options) => options[0]);
    const record = new cloudflare.DnsRecord(
      `${name}-cert-validation`,
      {
        zoneId: args.zoneId,
        name: option.resourceRecordName.apply((n) => n.replace(/\.$/, "")),
        type: option.resourceRecordType,
        content: option.resourceRecordValue.apply((v) => v.replace(/\.$/, "")),
        ttl: 60,
        // A validation record must resolve to ACM as is: never through the proxy.
        proxied: false,
        comment: "ACM DNS validation for the origin load balancer's certificate",
      },
      { parent: this },
    );
    const validation = new aws.acm.CertificateValidation(
      name,
      { certificateArn: certificate.arn, validationRecordFqdns: [record.name] },
      { parent: this },
    );
    return validation.certificateArn;
  }

  /** Our own CA and the client certificate Cloudflare presents, uploaded to the zone with AOP turned on. */
  private createPki(name: string, args: ResolvedCloudflareOriginArgs) {
    const caKey = new tls.PrivateKey(`${name}-origin-pull-ca`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent: this });
    const ca = new tls.SelfSignedCert(
      `${name}-origin-pull-ca`,
      {
        privateKeyPem: caKey.privateKeyPem,
        isCaCertificate: true,
        allowedUses: ["cert_signing", "crl_signing"],
        validityPeriodHours: ORIGIN_PULL_CA_VALIDITY_HOURS,
        subject: { commonName: `CredLink origin-pull CA (${name})`, organization: "CredLink" },
      },
      { parent: this },
    );
    const clientKey = new tls.PrivateKey(`${name}-origin-pull-client`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent: this });
    const request = new tls.CertRequest(
      `${name}-origin-pull-client`,
      {
        privateKeyPem: clientKey.privateKeyPem,
        subject: { commonName: `Cloudflare origin pull for ${args.domainName}`, organization: "CredLink" },
        // A DNS name, so ACM can import it (for the expiry metric); the ALB verifies the chain, not the name.
        dnsNames: [args.domainName],
      },
      { parent: this },
    );
    const client = new tls.LocallySignedCert(
      `${name}-origin-pull-client`,
      {
        certRequestPem: request.certRequestPem,
        caCertPem: ca.certPem,
        caPrivateKeyPem: caKey.privateKeyPem,
        allowedUses: ["digital_signature", "client_auth"],
        validityPeriodHours: args.clientCertValidityDays * 24,
        // Re-issued at the first `pulumi up` within 30 days of expiry (README, "Rotating the origin-pull certificates").
        earlyRenewalHours: 30 * 24,
      },
      { parent: this },
    );
    const clientPrivateKeyPem = pulumi.secret(clientKey.privateKeyPem);
    const uploaded = new cloudflare.AuthenticatedOriginPullsCertificate(
      `${name}-origin-pull`,
      { zoneId: args.zoneId, certificate: client.certPem, privateKey: clientPrivateKeyPem },
      { parent: this, deleteBeforeReplace: false },
    );
    new cloudflare.AuthenticatedOriginPullsSettings(`${name}-origin-pull`, { zoneId: args.zoneId, enabled: true }, { parent: this, dependsOn: [uploaded] });
    // The same certificate in ACM (imported: it is never attached to anything), for DaysToExpiry. Re-imported when the
    // certificate is re-issued (earlyRenewalHours), so the metric follows the certificate Cloudflare presents.
    const imported = new aws.acm.Certificate(
      `${name}-origin-pull-client`,
      { certificateBody: client.certPem, privateKey: clientPrivateKeyPem, certificateChain: ca.certPem },
      { parent: this },
    );
    return { caCertificatePem: ca.certPem, clientCertificatePem: client.certPem, clientPrivateKeyPem, acmArn: imported.arn };
  }

  /** The CA bundle in a private, KMS-encrypted, TLS-only, logged bucket, and the ALB trust store reading it. */
  private createTrustStore(name: string, args: ResolvedCloudflareOriginArgs, caCertificatePem: pulumi.Output<string>): pulumi.Output<string> {
    const ctx = awsContext(this);
    const bucketName = `${name}-trust-store`;
    const { key } = createKmsKey(
      bucketName,
      {
        description: `CredLink ${name}: encrypts the ALB trust store's CA bundle bucket`,
        deletionWindowInDays: args.keyDeletionWindowDays,
        statements: [viaServiceStatement("AllowS3InThisAccount", [pulumi.interpolate`s3.${ctx.region}.amazonaws.com`], ctx)],
        administrators: args.keyAdministrators,
      },
      ctx,
      this,
      // Protected and retained wherever the buckets are (prod): the trust store's bundle stays readable.
      { protect: !args.forceDestroy },
    );
    const lifecycle = () => [
      { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 }, noncurrentVersionExpiration: { noncurrentDays: 90 } },
    ];
    const { bucket, versioning } = createSecureBucket(bucketName, { kmsKeyArn: key.arn, lifecycleRules: lifecycle, protect: !args.forceDestroy }, this);
    const logs = createSecureBucket(
      `${bucketName}-logs`,
      {
        lifecycleRules: () => [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: 365 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 } }],
        policyStatements: (arn) => [
          {
            Sid: "S3ServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: pulumi.interpolate`${arn}/*`,
            Condition: { ArnLike: { "aws:SourceArn": bucket.arn }, StringEquals: { "aws:SourceAccount": ctx.accountId } },
          },
        ],
        protect: !args.forceDestroy,
      },
      this,
    );
    new aws.s3.BucketLogging(bucketName, { bucket: bucket.id, targetBucket: logs.bucket.id, targetPrefix: "s3-access/" }, { parent: this });
    const bundle = new aws.s3.BucketObjectv2(
      bucketName,
      { bucket: bucket.id, key: TRUST_STORE_BUNDLE_KEY, content: caCertificatePem, contentType: "application/x-pem-file" },
      { parent: this, dependsOn: [versioning] },
    );
    const store = new aws.lb.TrustStore(
      name,
      { caCertificatesBundleS3Bucket: bucket.bucket, caCertificatesBundleS3Key: bundle.key, caCertificatesBundleS3ObjectVersion: bundle.versionId },
      { parent: this },
    );
    return store.arn;
  }
}
