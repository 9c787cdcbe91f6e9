/**
 * The Network component (phase 1), through the whole program for dev and prod, plus its pure layout and validation.
 */
import { expect } from "chai";
import { Cidr, cidrContains, isPrivateCidr, layoutSubnets, parseCidr } from "../components/lib/cidr";
import { resolveNetworkArgs, validateNetworkArgs } from "../components/network/network";
import { MOCK_ACCOUNT_ID, Recorder } from "../tools/offline/mocks";
import { runProgram, runComponent } from "../tools/offline/program";
import { logDeliveryKeyStatement, stackKeyAdminStatements } from "./helpers/kms";

const VPC = "awsx:ec2:Vpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const KEY = "aws:kms/key:Key";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

const EXPECTED_SUBNET_SPECS = [
  { type: "Public", name: "public", cidrMask: 24 },
  { type: "Private", name: "private", cidrMask: 20 },
  { type: "Isolated", name: "isolated", cidrMask: 24 },
];

for (const env of [
  // Both stacks run NAT instances: awsx makes no NAT gateway. natAzs: NAT instance sets (singleInstance: 1).
  { stack: "dev", cidr: "10.20.0.0/16", nat: "None", natAzs: 1, retention: 14, deletionWindow: 7 },
  { stack: "prod", cidr: "10.30.0.0/16", nat: "None", natAzs: 2, retention: 90, deletionWindow: 30 },
] as const) {
  describe(`Network in ${env.stack}`, () => {
    let rec: Recorder;
    const name = `credlink-${env.stack}`;
    const logGroupName = `/credlink/vpc-flow-logs/${name}`;
    const logGroupArn = `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:${logGroupName}`;

    before(async () => {
      // A key per store, the prod shape (dev commits keyPerStore false: tests/cost-levers.test.ts covers the shared key).
      rec = (await runProgram(env.stack, { "credlink:kms": { keyPerStore: true } })).recorder;
    });

    it("GIVEN the stack config WHEN the program runs THEN the awsx Vpc gets exactly these inputs", () => {
      expect(rec.one(VPC).inputs).to.deep.equal({
        cidrBlock: env.cidr,
        numberOfAvailabilityZones: 2,
        availabilityZoneCidrMask: 18,
        subnetStrategy: "Auto",
        subnetSpecs: EXPECTED_SUBNET_SPECS,
        subnetNameTagStrategy: "AvailabilityZone",
        natGateways: { strategy: env.nat },
        enableDnsHostnames: true,
        enableDnsSupport: true,
        vpcEndpointStrategy: "Auto",
        vpcEndpointSpecs: [{ serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Gateway" }],
      });
    });

    it("GIVEN awsx's Vpc is a remote component WHEN it registers THEN it is handed the stack's aws provider explicitly", () => {
      const provider = rec.one("pulumi:providers:aws", "aws-us-east-1");
      expect(rec.one(VPC).providers).to.deep.equal({ aws: `${provider.urn}::${provider.id}` });
    });

    it("WHEN the program runs THEN the VPC's flow log captures ALL traffic into the flow-log bucket, plain-text files, no role", () => {
      const flowLog = rec.one(FLOW_LOG);
      const bucket = rec.one(BUCKET, `${name}-flow-logs`);
      expect(flowLog.inputs).to.deep.equal({
        vpcId: rec.one(VPC).state.vpcId,
        trafficType: "ALL",
        logDestinationType: "s3",
        logDestination: bucket.state.arn,
        destinationOptions: { fileFormat: "plain-text", hiveCompatiblePartitions: false, perHourPartition: false },
        maxAggregationInterval: 600,
      });
      // Flow Logs checks the bucket policy when it creates the flow log.
      expect(flowLog.dependsOn).to.include(rec.one(BUCKET_POLICY, `${name}-flow-logs`).urn);
    });

    it(`WHEN the program runs THEN the flow-log bucket expires the logs after ${env.retention} days and is encrypted with the network's key`, () => {
      const bucket = rec.one(BUCKET, `${name}-flow-logs`);
      const ofBucket = (type: string) => rec.ofType(type).filter((r) => r.inputs.bucket === bucket.id);
      expect(ofBucket("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").map((r) => r.inputs.rules)).to.deep.equal([
        [
          {
            id: "expire-flow-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: env.retention },
            noncurrentVersionExpiration: { noncurrentDays: 1 },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
          },
        ],
      ]);
      expect(ofBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").map((r) => r.inputs.rules)).to.deep.equal([
        [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: rec.one(KEY, `${name}-flow-logs`).state.arn }, bucketKeyEnabled: true }],
      ]);
      expect(bucket.protect).to.equal(env.stack === "prod");
    });

    it("WHEN the program runs THEN only the log delivery service, for this account's log sources, may write the flow-log bucket (and only over TLS)", () => {
      const arn = rec.one(BUCKET, `${name}-flow-logs`).state.arn;
      const source = { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID }, ArnLike: { "aws:SourceArn": `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:*` } };
      expect(JSON.parse(rec.one(BUCKET_POLICY, `${name}-flow-logs`).inputs.policy)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
          {
            Sid: "AWSLogDeliveryWrite",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `${arn}/AWSLogs/${MOCK_ACCOUNT_ID}/*`,
            Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceAccount": MOCK_ACCOUNT_ID }, ArnLike: source.ArnLike },
          },
          { Sid: "AWSLogDeliveryAclCheck", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: arn, Condition: source },
        ],
      });
    });

    it(`WHEN the program runs THEN the old flow log group keeps ${env.retention} days (its logs age out) and is encrypted with the network's key`, () => {
      expect(rec.one(LOG_GROUP, `${name}-flow-logs`).inputs).to.deep.equal({
        name: logGroupName,
        retentionInDays: env.retention,
        kmsKeyId: rec.one(KEY, `${name}-flow-logs`).state.arn,
      });
    });

    it("WHEN the program runs THEN the flow-log key rotates, is administered by the named roles, and only CloudWatch Logs (this group) and log delivery (this account) may use it", () => {
      const key = rec.one(KEY, `${name}-flow-logs`).inputs;
      expect(key.enableKeyRotation).to.equal(true);
      expect(key.deletionWindowInDays).to.equal(env.deletionWindow);
      expect(JSON.parse(key.policy)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          ...stackKeyAdminStatements(env.stack, rec.one(ROLE, `${name}-cicd-deploy`).state.arn),
          {
            Sid: "AllowCloudWatchLogsForThisLogGroup",
            Effect: "Allow",
            Principal: { Service: "logs.us-east-1.amazonaws.com" },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupArn } },
          },
          logDeliveryKeyStatement(),
        ],
      });
      expect(rec.one("aws:kms/alias:Alias", `${name}-flow-logs`).inputs).to.deep.equal({
        name: `alias/${name}-flow-logs`,
        targetKeyId: rec.one(KEY, `${name}-flow-logs`).state.keyId,
      });
    });

    it("WHEN the program runs THEN no role is left for flow logs (S3 delivery needs none)", () => {
      expect(rec.ofType(ROLE).filter((r) => r.name === `${name}-flow-logs`)).to.deep.equal([]);
      expect(rec.ofType(ROLE_POLICY).filter((r) => r.name === `${name}-flow-logs`)).to.deep.equal([]);
    });

    it("WHEN the program runs THEN the RDS and ElastiCache subnet groups use exactly the isolated subnets", () => {
      const isolated: string[] = rec.one(VPC).state.isolatedSubnetIds;
      expect(isolated).to.have.length(2);
      expect(rec.one("aws:rds/subnetGroup:SubnetGroup", `${name}-db`).inputs.subnetIds).to.deep.equal(isolated);
      expect(rec.one("aws:elasticache/subnetGroup:SubnetGroup", `${name}-cache`).inputs.subnetIds).to.deep.equal(isolated);
    });

    it("WHEN the program runs THEN the VPC's default security group is managed with no rules at all", () => {
      expect(rec.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup").inputs).to.deep.equal({
        vpcId: rec.one(VPC).state.vpcId,
        ingress: [],
        egress: [],
      });
    });

    it("WHEN the program runs THEN the network is these resources, each under the Network component", () => {
      const network = rec.one("credlink:network:Network", name);
      const children = rec.childrenOf(network.urn).map((r) => r.type).sort();
      expect(children).to.deep.equal(
        [
          VPC,
          "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
          KEY,
          "aws:kms/alias:Alias",
          LOG_GROUP,
          FLOW_LOG,
          // The flow-log bucket: the bucket and its six settings.
          BUCKET,
          "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
          "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
          BUCKET_POLICY,
          "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "aws:s3/bucketVersioning:BucketVersioning",
          "aws:rds/subnetGroup:SubnetGroup",
          "aws:elasticache/subnetGroup:SubnetGroup",
          // The NAT instances (tests/cost-levers.test.ts): a security group and its two rules, a route per AZ, and per NAT AZ
          // an ENI, a role, its policy, an instance profile, a launch template and an Auto Scaling group.
          "aws:ec2/securityGroup:SecurityGroup",
          "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
          "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
          "aws:ec2/route:Route",
          "aws:ec2/route:Route",
          ...Array.from({ length: env.natAzs }, () => [
            "aws:ec2/networkInterface:NetworkInterface",
            ROLE,
            ROLE_POLICY,
            "aws:iam/instanceProfile:InstanceProfile",
            "aws:ec2/launchTemplate:LaunchTemplate",
            "aws:autoscaling/group:Group",
          ]).flat(),
        ].sort(),
      );
    });

    it("WHEN the program runs THEN no two resources share a URN", () => {
      expect(rec.duplicateUrns()).to.deep.equal([]);
    });
  });
}

describe("Network subnet layout", () => {
  it("GIVEN 10.20.0.0/16 in 2 AZs WHEN laid out THEN each AZ's /18 holds public /24, private /20, isolated /24 in order", () => {
    const layout = validateNetworkArgs(resolveNetworkArgs({ cidrBlock: "10.20.0.0/16", region: "us-east-1", azCount: 2 }));
    expect(layout.map((az) => ({ block: az.block, subnets: az.subnets }))).to.deep.equal([
      { block: "10.20.0.0/18", subnets: { public: "10.20.0.0/24", private: "10.20.16.0/20", isolated: "10.20.32.0/24" } },
      { block: "10.20.64.0/18", subnets: { public: "10.20.64.0/24", private: "10.20.80.0/20", isolated: "10.20.96.0/24" } },
    ]);
  });

  it("GIVEN a 2-AZ network WHEN a third AZ is added THEN the existing subnets keep their CIDRs", () => {
    const two = validateNetworkArgs(resolveNetworkArgs({ cidrBlock: "10.30.0.0/16", region: "us-east-1", azCount: 2 }));
    const three = validateNetworkArgs(resolveNetworkArgs({ cidrBlock: "10.30.0.0/16", region: "us-east-1", azCount: 3 }));
    expect(three.slice(0, 2)).to.deep.equal(two);
    expect(three[2].subnets).to.deep.equal({ public: "10.30.128.0/24", private: "10.30.144.0/20", isolated: "10.30.160.0/24" });
  });

  it("GIVEN tiers that overflow their AZ block WHEN laid out THEN the error says how much space they need", () => {
    expect(() =>
      layoutSubnets("10.0.0.0/20", 2, 21, [
        { name: "public", cidrMask: 22 },
        { name: "private", cidrMask: 21 },
      ]),
    ).to.throw("the subnets /22 + /21 need 4096 addresses per AZ, but the per-AZ block /21 has 2048");
  });

  it("GIVEN CIDR text WHEN parsed THEN malformed text, octets over 255 and host bits are rejected", () => {
    expect(parseCidr("10.0.0.0/16")).to.deep.equal({ base: 0x0a000000, prefix: 16 });
    expect(parseCidr("10.0.0/16")).to.equal(undefined);
    expect(parseCidr("10.0.256.0/24")).to.equal(undefined);
    expect(parseCidr("10.0.0.1/24")).to.equal(undefined);
    expect(parseCidr("10.0.0.0/33")).to.equal(undefined);
  });
});

describe("Network argument validation", () => {
  const base = { cidrBlock: "10.0.0.0/16", region: "us-east-1" };
  const cases: [string, Record<string, unknown>, string][] = [
    ["an AZ count of 0", { azCount: 0 }, "azCount must be an integer from 1 to 4, got 0"],
    ["an unknown NAT strategy", { natGateways: "none" }, 'natGateways must be one of "single" | "onePerAz" | "instance" | "singleInstance", got "none"'],
    ["a bad region", { region: "mars-1" }, 'region must be an AWS region, one of the provider\'s aws.Region values like "us-east-1", got "mars-1"'],
    ["a region shaped like one that doesn't exist", { region: "us-east-3" }, 'region must be an AWS region, one of the provider\'s aws.Region values like "us-east-1", got "us-east-3"'],
    ["a 3-day key deletion window", { keyDeletionWindowDays: 3 }, "keyDeletionWindowDays must be an integer from 7 to 30, got 3"],
  ];
  for (const [label, patch, message] of cases) {
    it(`GIVEN ${label} WHEN the component validates THEN it throws naming the argument`, () => {
      expect(() => validateNetworkArgs(resolveNetworkArgs({ ...base, ...patch } as never))).to.throw(message);
    });
  }

  it("GIVEN bad args WHEN the component is constructed THEN it throws before registering any child", async () => {
    const { Network } = await import("../components/network/network");
    let error: Error | undefined;
    const { recorder } = await runComponent(() => {
      try {
        return new Network("bad", { cidrBlock: "10.0.0.0/16", region: "us-east-1", azCount: 9 });
      } catch (e) {
        error = e as Error;
        return undefined;
      }
    });
    expect(error?.message).to.equal("azCount must be an integer from 1 to 4, got 9");
    expect(recorder.all.filter((r) => r.custom || r.remote)).to.deep.equal([]);
  });

  it("GIVEN only the required args WHEN defaults are applied THEN they are the documented ones", () => {
    expect(resolveNetworkArgs(base)).to.deep.equal({
      cidrBlock: "10.0.0.0/16",
      region: "us-east-1",
      azCount: 2,
      natGateways: "onePerAz",
      subnetMasks: { public: 24, private: 20, isolated: 24 },
      azCidrMask: 18,
      flowLogRetentionDays: 30,
      keyDeletionWindowDays: 30,
      protectKey: false,
      natInstanceTags: {},
    });
  });
});

describe("Network: the VPC range must be private", () => {
  // Subnets of /28 fit a /24 VPC's /26 AZ blocks, so the range is the only thing under test.
  const validate = (cidrBlock: string) => () =>
    validateNetworkArgs(resolveNetworkArgs({ cidrBlock, region: "us-east-1", subnetMasks: { public: 28, private: 28, isolated: 28 } }));
  const message = (cidrBlock: string) =>
    `cidrBlock must be a private range, inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 (RFC 1918 and RFC 6598), got "${cidrBlock}"`;

  // The first and the last /16 of each private range (an exact fit for 192.168.0.0/16), and a /24 at a range's very end.
  for (const cidr of ["10.0.0.0/16", "10.255.0.0/16", "172.16.0.0/16", "172.31.0.0/16", "192.168.0.0/16", "100.64.0.0/16", "100.127.0.0/16", "172.31.255.0/24"]) {
    it(`GIVEN ${cidr} WHEN the component validates THEN it is accepted`, () => {
      expect(validate(cidr)).not.to.throw();
    });
  }

  // The /16 just below and just above each private range, and a public block.
  for (const cidr of ["9.255.0.0/16", "11.0.0.0/16", "172.15.0.0/16", "172.32.0.0/16", "192.167.0.0/16", "192.169.0.0/16", "100.63.0.0/16", "100.128.0.0/16", "8.8.0.0/24"]) {
    it(`GIVEN ${cidr} WHEN the component validates THEN it is rejected, naming the private ranges`, () => {
      expect(validate(cidr)).to.throw(message(cidr));
    });
  }

  it("GIVEN two blocks WHEN containment is checked THEN only a block wholly inside the other is contained", () => {
    const cidr = (text: string) => parseCidr(text) as Cidr;
    expect(cidrContains(cidr("172.16.0.0/12"), cidr("172.31.255.0/24"))).to.equal(true);
    expect(cidrContains(cidr("172.16.0.0/12"), cidr("172.16.0.0/12"))).to.equal(true);
    expect(cidrContains(cidr("172.16.0.0/12"), cidr("172.0.0.0/8"))).to.equal(false);
    expect(cidrContains(cidr("172.16.0.0/12"), cidr("172.32.0.0/16"))).to.equal(false);
    expect(isPrivateCidr(cidr("100.64.0.0/10"))).to.equal(true);
    expect(isPrivateCidr(cidr("100.0.0.0/8"))).to.equal(false);
  });
});
