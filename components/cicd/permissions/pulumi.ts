/**
 * The types that call no AWS API, each said explicitly: providers, Pulumi's own random and TLS resources (computed in
 * the engine), the Cloudflare provider's resources (Cloudflare's API, with its own token), and the program's
 * components (a ComponentResource registers only its children, which have entries of their own). awsx's VPC is a
 * remote component: the real engine registers its children (the mocks don't), so its entry names them.
 */
import { TypeEntry } from "./types";

const ENGINE = "computed by the Pulumi engine (no cloud API)";
const CLOUDFLARE = "Cloudflare's API, with the Cloudflare provider's own token";

export const NO_AWS: Readonly<Record<string, TypeEntry>> = {
  "pulumi:providers:aws": { none: "a provider: configuration only" },
  "pulumi:providers:cloudflare": { none: "a provider: configuration only" },
  "pulumi:providers:random": { none: "a provider: configuration only" },
  "pulumi:providers:tls": { none: "a provider: configuration only" },
  "random:index/randomId:RandomId": { none: ENGINE },
  "random:index/randomPassword:RandomPassword": { none: ENGINE },
  "tls:index/privateKey:PrivateKey": { none: ENGINE },
  "tls:index/selfSignedCert:SelfSignedCert": { none: ENGINE },
  "tls:index/certRequest:CertRequest": { none: ENGINE },
  "tls:index/locallySignedCert:LocallySignedCert": { none: ENGINE },
  "cloudflare:index/apiToken:ApiToken": { none: CLOUDFLARE },
  "cloudflare:index/authenticatedOriginPullsCertificate:AuthenticatedOriginPullsCertificate": { none: CLOUDFLARE },
  "cloudflare:index/authenticatedOriginPullsSettings:AuthenticatedOriginPullsSettings": { none: CLOUDFLARE },
  "cloudflare:index/dnsRecord:DnsRecord": { none: CLOUDFLARE },
  "cloudflare:index/r2Bucket:R2Bucket": { none: CLOUDFLARE },
  "cloudflare:index/r2BucketLock:R2BucketLock": { none: CLOUDFLARE },
  "cloudflare:index/ruleset:Ruleset": { none: CLOUDFLARE },
  "cloudflare:index/zoneSetting:ZoneSetting": { none: CLOUDFLARE },
  "awsx:ec2:Vpc": {
    children: [
      "aws:ec2/vpc:Vpc",
      "aws:ec2/subnet:Subnet",
      "aws:ec2/routeTable:RouteTable",
      "aws:ec2/routeTableAssociation:RouteTableAssociation",
      "aws:ec2/route:Route",
      "aws:ec2/internetGateway:InternetGateway",
      "aws:ec2/natGateway:NatGateway",
      "aws:ec2/eip:Eip",
    ],
  },
};

/** The program's own components (`credlink:<module>:<Name>`): a component registers nothing in AWS itself. */
export const COMPONENT_TYPE = /^credlink:[a-z]+:[A-Z][A-Za-z0-9]+$/;
export const COMPONENT_ENTRY: TypeEntry = { none: "a ComponentResource: its children are checked one by one" };
