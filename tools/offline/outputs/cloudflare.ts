/**
 * The Cloudflare option: realistic outputs for the Cloudflare, tls and new AWS types (prefix list, trust
 * store, SQS, Lambda), and the answers to the Cloudflare invokes the program makes.
 */
import { TypeOutputs } from "./types";

/** Cloudflare's published IPv4 ranges (https://www.cloudflare.com/ips-v4/, as of 2026). */
export const CLOUDFLARE_IPV4_RANGES: readonly string[] = [
  "173.245.48.0/20",
  "103.21.244.0/22",
  "103.22.200.0/22",
  "103.31.4.0/22",
  "141.101.64.0/18",
  "108.162.192.0/18",
  "190.93.240.0/20",
  "188.114.96.0/20",
  "197.234.240.0/22",
  "198.41.128.0/17",
  "162.158.0.0/15",
  "104.16.0.0/13",
  "104.24.0.0/14",
  "172.64.0.0/13",
  "131.0.72.0/22",
];

/** Cloudflare's published IPv6 ranges (https://www.cloudflare.com/ips-v6/). */
export const CLOUDFLARE_IPV6_RANGES: readonly string[] = [
  "2400:cb00::/32",
  "2606:4700::/32",
  "2803:f800::/32",
  "2405:b500::/32",
  "2405:8100::/32",
  "2a06:98c0::/29",
  "2c0f:f248::/32",
];

/** The id Cloudflare gives the R2 bucket-scoped write permission group (GET /user/tokens/permission_groups). */
export const R2_BUCKET_ITEM_WRITE_GROUP_ID = "2efd5506f9c8494dacb1fa10a3e7d5b6";

/** A PEM block of the given label with deterministic base64 content. */
function pem(label: string, seed: string, hex: (s: string, n: number) => string): string {
  const body = Buffer.from(hex(seed, 96), "hex").toString("base64");
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

export const cloudflareOutputs: TypeOutputs = {
  "cloudflare:index/dnsRecord:DnsRecord": (args, ctx) => ({ id: ctx.hex(args.name + "dns", 32), name: args.inputs.name, proxiable: true }),
  "cloudflare:index/zoneSetting:ZoneSetting": (args) => ({ id: args.inputs.settingId, editable: true }),
  "cloudflare:index/ruleset:Ruleset": (args, ctx) => ({ id: ctx.hex(args.name + "ruleset", 32), version: "1" }),
  "cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate": (args, ctx) => ({
    certificateId: ctx.hex(args.name + "aop", 32),
    status: "active",
    issuer: "CredLink origin-pull CA",
    // The private key is write-only: Cloudflare never returns it.
    privateKey: undefined,
  }),
  "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings": (args) => ({ enabled: args.inputs.enabled }),
  "cloudflare:index/r2Bucket:R2Bucket": (args) => ({ name: args.inputs.name, creationDate: "2026-11-26T00:00:00Z", jurisdiction: "default" }),
  "cloudflare:index/r2BucketLock:R2BucketLock": () => ({}),
  "cloudflare:index/apiToken:ApiToken": (args, ctx) => ({
    id: ctx.hex(args.name + "token-id", 32),
    value: `offline-${ctx.hex(args.name + "token-value", 32)}`,
    status: "active",
    issuedOn: "2026-11-26T00:00:00Z",
  }),
  "tls:index/privateKey:PrivateKey": (args, ctx) => ({
    privateKeyPem: pem("EC PRIVATE KEY", args.name + "key", ctx.hex),
    publicKeyPem: pem("PUBLIC KEY", args.name + "pub", ctx.hex),
    publicKeyFingerprintSha256: `SHA256:${ctx.hex(args.name + "fp", 43)}`,
  }),
  "tls:index/selfSignedCert:SelfSignedCert": (args, ctx) => ({
    certPem: pem("CERTIFICATE", args.name + "ca", ctx.hex),
    validityStartTime: "2026-11-26T00:00:00Z",
    validityEndTime: "2036-11-24T00:00:00Z",
    readyForRenewal: false,
  }),
  "tls:index/certRequest:CertRequest": (args, ctx) => ({ certRequestPem: pem("CERTIFICATE REQUEST", args.name + "csr", ctx.hex) }),
  "tls:index/locallySignedCert:LocallySignedCert": (args, ctx) => ({
    certPem: pem("CERTIFICATE", args.name + "client", ctx.hex),
    validityStartTime: "2026-11-26T00:00:00Z",
    validityEndTime: "2027-11-26T00:00:00Z",
    readyForRenewal: false,
  }),
  "aws:ec2/managedPrefixList:ManagedPrefixList": (args, ctx) => ({
    id: `pl-${ctx.hex(args.name + "pl", 17)}`,
    arn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:prefix-list/pl-${ctx.hex(args.name + "pl", 17)}`,
    version: 1,
    ownerId: ctx.accountId,
  }),
  "aws:lb/trustStore:TrustStore": (args, ctx) => {
    const name = ctx.physicalName.slice(0, 32);
    return { name, arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:truststore/${name}/${ctx.hex(args.name + "ts", 16)}` };
  },
  "aws:s3/bucketObjectv2:BucketObjectv2": (args, ctx) => ({ key: args.inputs.key, versionId: ctx.hex(args.name + "v", 32), etag: ctx.hex(args.name + "etag", 32) }),
  "aws:sqs/queue:Queue": (_args, ctx) => ({
    name: ctx.physicalName,
    arn: `arn:aws:sqs:${ctx.region}:${ctx.accountId}:${ctx.physicalName}`,
    url: `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${ctx.physicalName}`,
  }),
  "aws:lambda/function:Function": (args, ctx) => {
    const name: string = args.inputs.name ?? ctx.physicalName;
    return {
      name,
      arn: `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`,
      invokeArn: `arn:aws:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}/invocations`,
      version: "$LATEST",
    };
  },
  "aws:lambda/eventSourceMapping:EventSourceMapping": (args, ctx) => ({ uuid: `${ctx.hex(args.name, 8)}-${ctx.hex(args.name + "2", 4)}-4${ctx.hex(args.name + "3", 3)}-8${ctx.hex(args.name + "4", 3)}-${ctx.hex(args.name + "5", 12)}`, state: "Enabled" }),
};

/** Answers to the Cloudflare invokes, by token; `undefined` for a token this file does not answer. */
export function cloudflareInvoke(token: string, inputs: Record<string, any>): Record<string, any> | undefined {
  switch (token) {
    case "cloudflare:index/getIpRanges:getIpRanges":
      return { etag: "offline", ipv4Cidrs: [...CLOUDFLARE_IPV4_RANGES], ipv6Cidrs: [...CLOUDFLARE_IPV6_RANGES], jdcloudCidrs: [], networks: inputs.networks };
    case "cloudflare:index/getApiTokenPermissionGroupsList:getApiTokenPermissionGroupsList": {
      const groups = [
        { id: R2_BUCKET_ITEM_WRITE_GROUP_ID, name: "Workers R2 Storage Bucket Item Write", scopes: ["com.cloudflare.edge.r2.bucket"] },
        { id: "6a018a9f2fc74eb6b293b0c548f38b39", name: "Workers R2 Storage Bucket Item Read", scopes: ["com.cloudflare.edge.r2.bucket"] },
      ];
      const name = inputs.name === undefined ? undefined : decodeURIComponent(String(inputs.name));
      return { name: inputs.name, scope: inputs.scope, results: groups.filter((g) => name === undefined || g.name === name) };
    }
    default:
      return undefined;
  }
}
