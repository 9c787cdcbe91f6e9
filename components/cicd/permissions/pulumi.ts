/**
 * The types that call no AWS API, each said explicitly: providers, Pulumi's own random and TLS resources (computed in
 * the engine), the Cloudflare provider's resources (Cloudflare's API, with its own token), and the program's
 * components (a ComponentResource registers only its children, which have entries of their own). awsx's VPC is a
 * remote component: the real engine registers its children (the mocks don't), so its entry names them.
 */
import { InvokePermissions, TypeEntry } from "./types";

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
      // vpcEndpointSpecs: the network's S3 gateway endpoint (vpcEndpointStrategy "Auto" fills in the route tables).
      "aws:ec2/vpcEndpoint:VpcEndpoint",
    ],
    // Without availabilityZoneNames, awsx picks the first numberOfAvailabilityZones of aws.getAvailabilityZones
    // (pulumi-awsx, awsx/ec2/vpc.ts, getDefaultAzs), at preview as at up.
    invokes: ["aws:index/getAvailabilityZones:getAvailabilityZones"],
  },
};

/**
 * Every invoke (data source) the program or a remote component calls, to the IAM actions the provider calls for it.
 * The deploy role and the preview role both need them: invokes run at preview as at up. A test fails on an invoke the
 * program makes (the mocks record each) or a component entry names that has no entry here.
 */
export const INVOKES: Readonly<Record<string, InvokePermissions>> = {
  // STS API reference, GetCallerIdentity: "No permissions are required to perform this operation."
  "aws:index/getCallerIdentity:getCallerIdentity": { actions: [], why: "sts:GetCallerIdentity needs no permission" },
  "aws:index/getPartition:getPartition": { actions: [], why: "the provider's own configuration (no API call)" },
  "aws:index/getRegion:getRegion": { actions: [], why: "the provider's own configuration and endpoint data (no API call)" },
  "aws:elb/getServiceAccount:getServiceAccount": { actions: [], why: "a table built into the provider (no API call)" },
  "cloudflare:index/getIpRanges:getIpRanges": { actions: [], why: CLOUDFLARE },
  "cloudflare:index/getApiTokenPermissionGroupsList:getApiTokenPermissionGroupsList": { actions: [], why: CLOUDFLARE },
  "aws:ec2/getRouteTable:getRouteTable": { actions: ["ec2:DescribeRouteTables"], why: "EC2 DescribeRouteTables, filtered by subnet" },
  // Service Authorization Reference, Amazon EC2: DescribeAvailabilityZones has no resource type (Resource "*").
  "aws:index/getAvailabilityZones:getAvailabilityZones": { actions: ["ec2:DescribeAvailabilityZones"], why: "EC2 DescribeAvailabilityZones (awsx's Vpc, without explicit zone names)" },
};

/** The program's own components (`credlink:<module>:<Name>`): a component registers nothing in AWS itself. */
export const COMPONENT_TYPE = /^credlink:[a-z]+:[A-Z][A-Za-z0-9]+$/;
export const COMPONENT_ENTRY: TypeEntry = { none: "a ComponentResource: its children are checked one by one" };
