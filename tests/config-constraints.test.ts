/**
 * Config that AWS or the stack's own invariants would reject fails at plan time, naming the key, the value and what is
 * allowed: regions the provider knows, engine versions the engines have, a private VPC range, an immutable image in
 * prod, tag values AWS accepts. And every problem shows at once: a mistake in one section never hides another's.
 * Pure: parseStackConfig only, no program run.
 */
import { expect } from "chai";
import { parseStackConfig } from "../stacks/config";
import { problemsFor } from "./helpers/config";
import { stackConfig } from "../tools/offline/program";

const accepts = (stack: string, patch: Record<string, unknown>) => parseStackConfig(stackConfig(stack, patch), "credlink", stack);
const DIGEST = `sha256:${"ab".repeat(32)}`;
const ECR = "210987654321.dkr.ecr.us-east-1.amazonaws.com/credlink-prod";

type Case = { name: string; stack: string; patch: Record<string, unknown>; problems: string[] };

function rejects(cases: Case[]): void {
  for (const c of cases) {
    it(`GIVEN ${c.name} WHEN the ${c.stack} config is parsed THEN it is rejected with exactly that key named`, () => {
      expect(problemsFor(c.stack, c.patch)).to.deep.equal(c.problems);
    });
  }
}

describe("config constraints AWS enforces", () => {
  describe("regions: the provider's aws.Region values, commercial partition", () => {
    it("GIVEN regions launched after 2022 (eu-central-2, ap-southeast-5) WHEN parsed THEN they are accepted, for the stack and for DR", () => {
      expect(accepts("prod", { "aws:region": "ap-southeast-5", "credlink:dr": { region: "eu-central-2" } })).to.deep.include({
        region: "ap-southeast-5",
        dr: { region: "eu-central-2", enabled: true, role: "primary", pilotLight: true, standby: false },
      });
    });

    rejects([
      {
        name: "a region that doesn't exist but looks like one",
        stack: "dev",
        patch: { "aws:region": "us-east-3" },
        problems: [`aws:region must be an AWS region, one of the provider's aws.Region values like "us-east-1" (did you mean "us-east-1"?), got "us-east-3"`],
      },
      {
        name: "a region in capitals",
        stack: "dev",
        patch: { "aws:region": "EU-WEST-1" },
        problems: [`aws:region must be an AWS region, one of the provider's aws.Region values like "us-east-1" (did you mean "eu-west-1"?), got "EU-WEST-1"`],
      },
      {
        name: "a China region",
        stack: "dev",
        patch: { "aws:region": "cn-north-1" },
        problems: [
          `aws:region must be a region of the commercial "aws" partition (the program names endpoints and service principals the aws partition's way), got "cn-north-1", which is in aws-cn`,
        ],
      },
      {
        name: "a DR region that doesn't exist",
        stack: "prod",
        patch: { "credlink:dr": { region: "eu-central-3" } },
        problems: [`credlink:dr.region must be an AWS region, one of the provider's aws.Region values like "us-east-1" (did you mean "eu-central-1"?), got "eu-central-3"`],
      },
      {
        name: "a GovCloud DR region",
        stack: "prod",
        patch: { "credlink:dr": { region: "us-gov-west-1" } },
        problems: [
          `credlink:dr.region must be a region of the commercial "aws" partition (the program names endpoints and service principals the aws partition's way), got "us-gov-west-1", which is in aws-us-gov`,
        ],
      },
    ]);
  });

  describe("engine versions: only what RDS and ElastiCache offer", () => {
    it('GIVEN PostgreSQL "13" (the oldest offered) and "17" (the newest) WHEN parsed THEN both are accepted', () => {
      expect(accepts("dev", { "credlink:database": { engineVersion: "13" } }).database.engineVersion).to.equal("13");
      expect(accepts("dev", { "credlink:database": { engineVersion: "17" } }).database.engineVersion).to.equal("17");
    });

    it('GIVEN Valkey "7.2" and "8.1", and Redis OSS "6.0" and "7.1" (each end of each table) WHEN parsed THEN they are accepted', () => {
      expect(accepts("dev", { "credlink:cache": { engineVersion: "7.2" } }).cache.engineVersion).to.equal("7.2");
      expect(accepts("dev", { "credlink:cache": { engineVersion: "8.1" } }).cache.engineVersion).to.equal("8.1");
      expect(accepts("dev", { "credlink:cache": { engine: "redis", engineVersion: "6.0" } }).cache.engineVersion).to.equal("6.0");
      expect(accepts("dev", { "credlink:cache": { engine: "redis", engineVersion: "7.1" } }).cache.engineVersion).to.equal("7.1");
    });

    const postgres = '"13", "14", "15", "16", "17"';
    rejects([
      {
        name: 'PostgreSQL "12" (retired)',
        stack: "dev",
        patch: { "credlink:database": { engineVersion: "12" } },
        problems: [`credlink:database.engineVersion must be a PostgreSQL major version RDS offers: ${postgres}, got "12"`],
      },
      {
        name: 'PostgreSQL "18" (not offered yet)',
        stack: "prod",
        patch: { "credlink:database": { engineVersion: "18" } },
        problems: [`credlink:database.engineVersion must be a PostgreSQL major version RDS offers: ${postgres}, got "18"`],
      },
      {
        name: "a PostgreSQL minor version",
        stack: "dev",
        patch: { "credlink:database": { engineVersion: "16.4" } },
        problems: [`credlink:database.engineVersion must be a PostgreSQL major version RDS offers: ${postgres}, got "16.4"`],
      },
      {
        name: 'Valkey "8.2" (past the newest)',
        stack: "dev",
        patch: { "credlink:cache": { engineVersion: "8.2" } },
        problems: ['credlink:cache.engineVersion must be a valkey version ElastiCache offers: "7.2", "8.0", "8.1", got "8.2"'],
      },
      {
        name: 'Valkey "7.1" (a Redis OSS version, not a Valkey one)',
        stack: "prod",
        patch: { "credlink:cache": { engineVersion: "7.1" } },
        problems: ['credlink:cache.engineVersion must be a valkey version ElastiCache offers: "7.2", "8.0", "8.1", got "7.1"'],
      },
      {
        name: 'Redis OSS "8.0" (a Valkey version)',
        stack: "dev",
        patch: { "credlink:cache": { engine: "redis" } },
        problems: ['credlink:cache.engineVersion must be a redis version ElastiCache offers: "6.0", "6.2", "7.0", "7.1", got "8.0"'],
      },
      {
        name: 'Redis OSS "5.0" (out of standard support)',
        stack: "dev",
        patch: { "credlink:cache": { engine: "redis", engineVersion: "5.0" } },
        problems: ['credlink:cache.engineVersion must be a redis version ElastiCache offers: "6.0", "6.2", "7.0", "7.1", got "5.0"'],
      },
    ]);
  });

  describe("the VPC range: RFC 1918 or 100.64.0.0/10", () => {
    it("GIVEN 172.31.0.0/16 (the last /16 of 172.16/12), 192.168.0.0/16 (an exact fit) and 100.64.0.0/16 WHEN parsed THEN each is accepted", () => {
      for (const cidrBlock of ["172.31.0.0/16", "192.168.0.0/16", "100.64.0.0/16"]) {
        expect(accepts("dev", { "credlink:network": { cidrBlock } }).network.cidrBlock).to.equal(cidrBlock);
      }
    });

    const ranges = "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 (RFC 1918 and RFC 6598)";
    rejects([
      {
        name: "172.32.0.0/16 (the first /16 past 172.16.0.0/12)",
        stack: "dev",
        patch: { "credlink:network": { cidrBlock: "172.32.0.0/16" } },
        problems: [`credlink:network.cidrBlock must be a private range, inside ${ranges}, got "172.32.0.0/16"`],
      },
      {
        name: "a public range",
        stack: "prod",
        patch: { "credlink:network": { cidrBlock: "52.20.0.0/16" } },
        problems: [`credlink:network.cidrBlock must be a private range, inside ${ranges}, got "52.20.0.0/16"`],
      },
    ]);
  });

  describe("prod runs an immutable image", () => {
    it("GIVEN prod with a release tag, a digest, or a tag pinned by a digest WHEN parsed THEN each is accepted", () => {
      for (const image of [`${ECR}:v1.4.2`, `${ECR}@${DIGEST}`, `${ECR}:latest@${DIGEST}`, `${ECR}:latest-arm64`]) {
        expect(accepts("prod", { "credlink:service": { image } }).service.image).to.equal(image);
      }
    });

    it('GIVEN dev with ":latest" WHEN parsed THEN it is accepted (the rule is prod\'s)', () => {
      expect(accepts("dev", { "credlink:service": { image: `${ECR}:latest` } }).service.image).to.equal(`${ECR}:latest`);
    });

    const message = 'must be immutable in prod: a digest ("@sha256:<64 hex>") or a release tag, not "latest", which each push moves';
    rejects([
      {
        name: 'prod with ":latest"',
        stack: "prod",
        patch: { "credlink:service": { image: `${ECR}:latest` } },
        problems: [`credlink:service.image ${message}, got "${ECR}:latest"`],
      },
      {
        name: 'prod with ":LATEST"',
        stack: "prod",
        patch: { "credlink:service": { image: `${ECR}:LATEST` } },
        problems: [`credlink:service.image ${message}, got "${ECR}:LATEST"`],
      },
    ]);
  });

  describe("tag values: 256 characters, AWS's charset, no aws: prefix", () => {
    it("GIVEN an owner of exactly 256 characters, and one using every allowed symbol and non-ASCII letters WHEN parsed THEN both are accepted", () => {
      expect(accepts("dev", { "credlink:tags": { owner: "o".repeat(256) } }).tags.owner).to.have.length(256);
      expect(accepts("dev", { "credlink:tags": { owner: "équipe plateforme_1.2:3/4=5+6-7@credlink" } }).tags.owner).to.equal(
        "équipe plateforme_1.2:3/4=5+6-7@credlink",
      );
    });

    it('GIVEN each credlink:tags key set to "a?b" WHEN parsed THEN every one of them is rejected, naming its key', () => {
      const keys = Object.keys(accepts("dev", {}).tags);
      expect(keys).to.deep.equal(["owner", "costCenter"]);
      for (const key of keys) {
        const problems = problemsFor("dev", { "credlink:tags": { [key]: "a?b" } });
        expect(problems).to.have.length(1);
        expect(problems[0]).to.match(new RegExp(`^credlink:tags\\.${key} must .*, got "a\\?b"$`));
      }
    });

    rejects([
      {
        name: "an owner of 257 characters",
        stack: "dev",
        patch: { "credlink:tags": { owner: "o".repeat(257) } },
        problems: [`credlink:tags.owner must be at most 256 characters long (the AWS tag value limit), got 257 characters: "${"o".repeat(257)}"`],
      },
      {
        name: "an owner with a character AWS refuses",
        stack: "prod",
        patch: { "credlink:tags": { owner: "platform-team (on call)" } },
        problems: [
          'credlink:tags.owner must be letters, digits, spaces and _ . : / = + - @ only (the characters AWS allows in a tag value), got "platform-team (on call)"',
        ],
      },
      {
        name: "an owner with AWS's reserved prefix",
        stack: "dev",
        patch: { "credlink:tags": { owner: "AWS:platform" } },
        problems: ['credlink:tags.owner must not start with "aws:" (AWS reserves the prefix for its own tags), got "AWS:platform"'],
      },
    ]);
  });
});

describe("config: every problem at once, cross-field ones included", () => {
  it("GIVEN prod with a typo in network and a single-AZ database WHEN parsed THEN both the typo and the prod rule are reported", () => {
    expect(problemsFor("prod", { "credlink:network": { natGateway: "onePerAz" }, "credlink:database": { multiAz: false } })).to.deep.equal([
      'credlink:network.natGateway is not a known key (did you mean "natGateways"?); allowed here: cidrBlock, azCount, natGateways, subnetMasks, flowLogRetentionDays',
      "credlink:database.multiAz must be true in prod: a standby in a second AZ takes over when the primary fails, got false",
    ]);
  });

  it("GIVEN prod with a wrong type in service, a 7-day key window and a DR copy in the primary region WHEN parsed THEN all are reported", () => {
    expect(
      problemsFor("prod", {
        "credlink:service": { cpu: "256" },
        "credlink:kms": { deletionWindowDays: 7 },
        "credlink:dr": { region: "us-east-1" },
      }),
    ).to.deep.equal([
      'credlink:service.cpu must be a number, got "256"',
      "credlink:kms.deletionWindowDays must be 30 in prod: the longest window to cancel a mistaken key deletion, got 7",
      'credlink:dr.region must differ from aws:region: a DR copy in the same region survives nothing a regional outage does, got "us-east-1"',
    ]);
  });

  it("GIVEN prod with an unknown tag key, a :latest image and one replica short WHEN parsed THEN the prod rules of the sections that parsed still run", () => {
    expect(
      problemsFor("prod", {
        "credlink:tags": { team: "x" },
        "credlink:service": { image: `${ECR}:latest` },
        "credlink:cache": { replicas: 0 },
      }),
    ).to.deep.equal([
      "credlink:tags.team is not a known key; allowed here: owner, costCenter",
      `credlink:service.image must be immutable in prod: a digest ("@sha256:<64 hex>") or a release tag, not "latest", which each push moves, got "${ECR}:latest"`,
      "credlink:cache.replicas must be at least 1 in prod: automatic failover and Multi-AZ need a replica to promote, got 0",
    ]);
  });

  it("GIVEN prod with a wrong type beside a prod violation in the same section WHEN parsed THEN both are reported", () => {
    expect(problemsFor("prod", { "credlink:database": { multiAz: "yes", backupRetentionDays: 7 } })).to.deep.equal([
      'credlink:database.multiAz must be true or false, got "yes"',
      "credlink:database.backupRetentionDays must be at least 14 in prod: two weeks of point-in-time recovery, got 7",
    ]);
  });

  it("GIVEN prod with a section that isn't an object and replication off WHEN parsed THEN both are reported", () => {
    expect(problemsFor("prod", { "credlink:network": "big", "credlink:dr": { enabled: false } })).to.deep.equal([
      'credlink:network must be an object, got "big"',
      "credlink:dr.enabled must be true in prod: the proofs, the database's backups and the images are replicated to the DR region, got false",
      "credlink:backup.airGappedCopy needs credlink:dr.enabled true: the air-gapped vault lives in the DR region, got true",
    ]);
  });

  it("GIVEN a wrong type and a component-validator problem in the same section WHEN parsed THEN both are reported", () => {
    expect(problemsFor("dev", { "credlink:network": { natGateways: "two", cidrBlock: "8.8.0.0/16" } })).to.deep.equal([
      'credlink:network.natGateways must be one of "single" | "onePerAz" | "instance" | "singleInstance", got "two"',
      'credlink:network.cidrBlock must be a private range, inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 (RFC 1918 and RFC 6598), got "8.8.0.0/16"',
    ]);
    expect(problemsFor("dev", { "credlink:database": { multiAz: "yes", engineVersion: "12" } })).to.deep.equal([
      'credlink:database.multiAz must be true or false, got "yes"',
      'credlink:database.engineVersion must be a PostgreSQL major version RDS offers: "13", "14", "15", "16", "17", got "12"',
    ]);
  });

  it("GIVEN any one key of either committed stack file set to a list WHEN parsed THEN exactly one problem is reported, naming that key", () => {
    for (const stack of ["dev", "prod"]) {
      for (const [section, raw] of Object.entries(stackConfig(stack))) {
        if (!section.startsWith("credlink:") || !raw.startsWith("{")) continue;
        for (const key of Object.keys(JSON.parse(raw))) {
          const problems = problemsFor(stack, { [section]: { [key]: [1, 2] } });
          expect(problems, `${stack} ${section}.${key}`).to.have.length(1);
          expect(problems[0].startsWith(`${section}.${key} must be `), problems[0]).to.equal(true);
        }
      }
    }
  });

  it("GIVEN an unknown region WHEN the DR region equals it THEN only the region is reported (the comparison needs a real region)", () => {
    expect(problemsFor("prod", { "aws:region": "us-east-9", "credlink:dr": { region: "us-east-9" } })).to.deep.equal([
      `aws:region must be an AWS region, one of the provider's aws.Region values like "us-east-1" (did you mean "us-east-1"?), got "us-east-9"`,
      `credlink:dr.region must be an AWS region, one of the provider's aws.Region values like "us-east-1" (did you mean "us-east-1"?), got "us-east-9"`,
    ]);
  });
});
