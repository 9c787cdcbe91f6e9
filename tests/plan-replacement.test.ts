/**
 * Where `--compare`'s replacement facts come from (tools/plan/replacement.ts): every type a committed stack or example
 * registers (tests/fixtures/urns/*.txt) and every type the plan infers inside awsx's VPC is mapped to its
 * CloudFormation type or listed with the reason it has none; every table entry names a CloudFormation type and
 * property that exist in @aws-cdk/aws-service-spec; and the facts that decide a real preview's replacements hold.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { STATEFUL_TYPES } from "../tools/plan/compare";
import { cfnTypeOf, INPUT_TABLE, OTHER_PACKAGES, PROVIDER_FACTS, replacesOnChange, serviceSpec, TYPE_TABLE } from "../tools/plan/replacement";
import { REPO_ROOT } from "../tools/project";
import { plan, reportOf } from "./helpers/plan";

/** Every type any committed stack or example registers, from the URN pins (tests/fixtures/urns, `npm run urns`). */
function registeredTypes(): string[] {
  const dir = path.join(REPO_ROOT, "tests/fixtures/urns");
  const types = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".txt"))) {
    for (const urn of fs.readFileSync(path.join(dir, file), "utf8").split("\n").filter((l) => l.startsWith("urn:pulumi:"))) {
      types.add(urn.split("::")[2].split("$").pop() as string);
    }
  }
  return [...types].sort();
}

/** What tools/offline/policy.ts inferAwsxChildren infers inside an awsx VPC (the plan's `inferred`). */
const INFERRED_TYPES = [
  "aws:ec2/vpc:Vpc",
  "aws:ec2/internetGateway:InternetGateway",
  "aws:ec2/eip:Eip",
  "aws:ec2/natGateway:NatGateway",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/routeTable:RouteTable",
  "aws:ec2/routeTableAssociation:RouteTableAssociation",
  "aws:ec2/route:Route",
];

const exists = (cfnType: string) => serviceSpec().lookup("resource", "cloudFormationType", "equals", cfnType).length === 1;

describe("--compare's replacement facts: mapping every Pulumi type the stacks register to CloudFormation", () => {
  it("GIVEN every type a committed stack or example registers, or the plan infers THEN each is mapped, or listed with why it has no counterpart", () => {
    const types = [...new Set([...registeredTypes(), ...INFERRED_TYPES])];
    const unmapped = types.map((t) => [t, cfnTypeOf(t)] as const).filter(([, m]) => m.kind === "none" && !OTHER_PACKAGES.some((p) => m.why === p.why));
    expect({ types: types.length > 100, unmapped }).to.deep.equal({ types: true, unmapped: [] });
  });

  it("GIVEN every mapped type THEN its CloudFormation type exists in the service spec", () => {
    const types = [...new Set([...registeredTypes(), ...INFERRED_TYPES, ...Object.keys(TYPE_TABLE)])];
    const missing = types.flatMap((t) => {
      const m = cfnTypeOf(t);
      return m.kind === "cloudformation" && !exists(m.cfnType) ? [`${t} -> ${m.cfnType}`] : [];
    });
    expect(missing).to.deep.equal([]);
  });

  it("GIVEN the input table's renames THEN each names a property path its type's CloudFormation resource has", () => {
    const broken: string[] = [];
    for (const [type, inputs] of Object.entries(INPUT_TABLE)) {
      for (const [input, entry] of Object.entries(inputs)) {
        if (!("cfn" in entry)) continue;
        const fact = replacesOnChange(type, [input]);
        if (!fact || !fact.source.endsWith(`.${entry.cfn}`)) broken.push(`${type} ${input} -> ${entry.cfn}: ${JSON.stringify(fact)}`);
      }
    }
    expect(broken).to.deep.equal([]);
  });

  it("GIVEN the provider's own facts THEN their types are not also in the type table (one source per type)", () => {
    expect(Object.keys(PROVIDER_FACTS).filter((t) => t in TYPE_TABLE)).to.deep.equal([]);
  });
});

describe("--compare's replacement facts: what decides a preview's replacements", () => {
  const cases: [string, string, string[], ReturnType<typeof replacesOnChange>][] = [
    ["a VPC's CIDR (awsx's component stands for its VPC)", "awsx:ec2:Vpc", ["cidrBlock"], { replaces: "yes", source: "AWS::EC2::VPC.CidrBlock" }],
    ["an inferred VPC's CIDR", "aws:ec2/vpc:Vpc", ["cidrBlock"], { replaces: "yes", source: "AWS::EC2::VPC.CidrBlock" }],
    ["a subnet's CIDR", "aws:ec2/subnet:Subnet", ["cidrBlock"], { replaces: "yes", source: "AWS::EC2::Subnet.CidrBlock" }],
    ["a security group's VPC", "aws:ec2/securityGroup:SecurityGroup", ["vpcId"], { replaces: "yes", source: "AWS::EC2::SecurityGroup.VpcId" }],
    ["a database's key", "aws:rds/instance:Instance", ["kmsKeyId"], { replaces: "yes", source: "AWS::RDS::DBInstance.KmsKeyId" }],
    ["a database's identifier (the resource's name + the input)", "aws:rds/instance:Instance", ["identifier"], { replaces: "yes", source: "AWS::RDS::DBInstance.DBInstanceIdentifier" }],
    ["a database's class (updated in place)", "aws:rds/instance:Instance", ["instanceClass"], { replaces: "no", source: "AWS::RDS::DBInstance.DBInstanceClass" }],
    ["a database's Multi-AZ (CloudFormation: conditional)", "aws:rds/instance:Instance", ["multiAz"], { replaces: "maybe", source: "AWS::RDS::DBInstance.MultiAZ" }],
    ["a database's master user (the only property ending with the input)", "aws:rds/instance:Instance", ["username"], { replaces: "yes", source: "AWS::RDS::DBInstance.MasterUsername" }],
    ["a cache's key", "aws:elasticache/replicationGroup:ReplicationGroup", ["kmsKeyId"], { replaces: "yes", source: "AWS::ElastiCache::ReplicationGroup.KmsKeyId" }],
    ["a bucket's Object Lock", "aws:s3/bucket:Bucket", ["objectLockEnabled"], { replaces: "yes", source: "AWS::S3::Bucket.ObjectLockEnabled" }],
    ["a bucket's name prefix (the provider generates the name)", "aws:s3/bucket:Bucket", ["bucketPrefix"], { replaces: "yes", source: "AWS::S3::Bucket.BucketName" }],
    ["a repository's key (Pulumi's plural list block)", "aws:ecr/repository:Repository", ["encryptionConfigurations", "kmsKey"], { replaces: "yes", source: "AWS::ECR::Repository.EncryptionConfiguration" }],
    ["a flow log's VPC (CloudFormation's ResourceId)", "aws:ec2/flowLog:FlowLog", ["vpcId"], { replaces: "yes", source: "AWS::EC2::FlowLog.ResourceId" }],
    ["a health check's type (a flattened config block)", "aws:route53/healthCheck:HealthCheck", ["type"], { replaces: "yes", source: "AWS::Route53::HealthCheck.HealthCheckConfig.Type" }],
    ["a KMS key's usage (the provider replaces; CloudFormation refuses)", "aws:kms/key:Key", ["keyUsage"], { replaces: "yes", source: "the provider replaces a key whose usage changes" }],
    ["an alarm's threshold", "aws:cloudwatch/metricAlarm:MetricAlarm", ["threshold"], { replaces: "no", source: "AWS::CloudWatch::Alarm.Threshold" }],
    ["any AWS resource's region", "aws:sns/topic:Topic", ["region"], { replaces: "yes", source: "the provider's per-resource region: a resource in another region is a new one" }],
    ["a rule's security group", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", ["securityGroupId"], { replaces: "yes", source: `the provider: ${PROVIDER_FACTS["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"].why}` }],
    ["a rule's CIDR (modified in place by the provider)", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", ["cidrIpv4"], undefined],
    ["a bucket's versioning, made a resource: its bucket", "aws:s3/bucketVersioning:BucketVersioning", ["bucket"], { replaces: "yes", source: `the provider: ${PROVIDER_FACTS["aws:s3/bucketVersioning:BucketVersioning"].why}` }],
    ["a random password's length", "random:index/randomPassword:RandomPassword", ["length"], { replaces: "yes", source: "the random provider: every input forces a new value" }],
    ["a provider's region", "pulumi:providers:aws", ["region"], { replaces: "yes", source: "a provider: its region replaces it and every resource it manages" }],
    ["a Cloudflare zone setting (no facts offline)", "cloudflare:index/zoneSetting:ZoneSetting", ["value"], undefined],
  ];
  for (const [what, type, inputPath, fact] of cases) {
    it(`GIVEN ${what} THEN the fact is ${fact ? `${fact.replaces}, from ${fact.source}` : "none (an update)"}`, () => {
      expect(replacesOnChange(type, inputPath)).to.deep.equal(fact);
    });
  }
});

describe("--compare's replacement facts: the stateful types' inputs", () => {
  let reports: any[];
  before(() => {
    reports = ["dev", "prod"].map((stack) => reportOf(plan("--stack", stack, "--format", "json")));
  });

  it("GIVEN every input the committed stacks set on a stateful type (database, cache, bucket, key...) THEN each has a replacement fact", () => {
    const without = new Set<string>();
    for (const report of reports) {
      for (const r of report.resources.filter((x: any) => STATEFUL_TYPES.has(x.type))) {
        for (const input of Object.keys(r.inputs)) if (!replacesOnChange(r.type, [input])) without.add(`${r.type} ${input}`);
      }
    }
    expect([...without].sort()).to.deep.equal([]);
  });
});
