/**
 * Stack config validation: every committed stack file parses, and bad input fails at plan/preview time with a message
 * that names the full key, the bad value and what is allowed.
 */
import { expect } from "chai";
import { ConfigError, parseStackConfig } from "../stacks/config";
import { problemsFor } from "./helpers/config";
import { stackConfig } from "../tools/offline/program";


describe("stack config", () => {
  describe("the committed stack files", () => {
    it("GIVEN Pulumi.dev.yaml WHEN parsed THEN it is a single-NAT, two-AZ dev stack", () => {
      const cfg = parseStackConfig(stackConfig("dev"), "credlink", "dev");
      expect(cfg.environment).to.equal("dev");
      expect(cfg.isProd).to.equal(false);
      expect(cfg.region).to.equal("us-east-1");
      expect(cfg.network).to.deep.equal({
        cidrBlock: "10.20.0.0/16",
        azCount: 2,
        natGateways: "singleInstance",
        subnetMasks: { public: 24, private: 20, isolated: 24 },
        flowLogRetentionDays: 14,
      });
      expect(cfg.kms.deletionWindowDays).to.equal(7);
    });

    it("GIVEN Pulumi.prod.yaml WHEN parsed THEN every AZ has its own NAT gateway and keys keep the 30-day window", () => {
      const cfg = parseStackConfig(stackConfig("prod"), "credlink", "prod");
      expect(cfg.isProd).to.equal(true);
      expect(cfg.network.natGateways).to.equal("instance");
      expect(cfg.network.azCount).to.equal(2);
      expect(cfg.kms.deletionWindowDays).to.equal(30);
      expect(cfg.tags).to.deep.equal({ owner: "platform-team", costCenter: "credlink-prod" });
    });

    it("GIVEN no kms section WHEN parsed THEN the deletion window defaults to 30 days", () => {
      const cfg = parseStackConfig(stackConfig("dev", { "credlink:kms": undefined }));
      expect(cfg.kms.deletionWindowDays).to.equal(30);
    });
  });

  describe("placeholders that validate but can't be deployed", () => {
    it("GIVEN prod's committed alert email, domain, zone, account, GitHub ids and image WHEN parsed THEN each placeholder is a warning naming its key", () => {
      const cfg = parseStackConfig(stackConfig("prod"), "credlink", "prod");
      expect(cfg.warnings.map((w) => w.split(" ")[0])).to.deep.equal([
        "credlink:alerts.emails",
        "credlink:domain.name",
        "credlink:domain.hostedZoneId",
        "credlink:account.id",
        "credlink:cicd.github.ownerId",
        "credlink:cicd.github.repoId",
        "credlink:service.image",
      ]);
    });

    it("GIVEN a real alert email, domain, zone, account, GitHub ids and image WHEN parsed THEN there are no warnings", () => {
      const cfg = parseStackConfig(
        stackConfig("prod", {
          "credlink:alerts": { emails: ["oncall@credlink.io"] },
          "credlink:domain": { name: "api.credlink.io", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
          "credlink:service": { image: "210987654321.dkr.ecr.us-east-1.amazonaws.com/credlink-prod:v1.4.2" },
          "credlink:account": { id: "210987654321", breakGlassRoleArn: "arn:aws:iam::210987654321:role/credlink-break-glass" },
          "credlink:cicd": { github: { ownerId: "98765432", repoId: "876543210" } },
        }),
      );
      expect(cfg.warnings).to.deep.equal([]);
    });
  });

  describe("bad input names the key, the value and what is allowed", () => {
    const cases: { name: string; stack: string; patch: Record<string, unknown>; problems: string[] }[] = [
      {
        name: "a NAT strategy that doesn't exist",
        stack: "dev",
        patch: { "credlink:network": { natGateways: "two" } },
        problems: ['credlink:network.natGateways must be one of "single" | "onePerAz" | "instance" | "singleInstance", got "two"'],
      },
      {
        name: "a number written as a string (wrong type)",
        stack: "dev",
        patch: { "credlink:network": { azCount: "2" } },
        problems: ['credlink:network.azCount must be a number, got "2"'],
      },
      {
        name: "more AZs than the stack supports",
        stack: "dev",
        patch: { "credlink:network": { azCount: 4 } },
        problems: ["credlink:network.azCount must be at most 3, got 4"],
      },
      {
        name: "a single AZ (not multi-AZ)",
        stack: "prod",
        patch: { "credlink:network": { azCount: 1 } },
        problems: ["credlink:network.azCount must be at least 2, got 1"],
      },
      {
        name: "a fractional AZ count",
        stack: "dev",
        patch: { "credlink:network": { azCount: 2.5 } },
        problems: ["credlink:network.azCount must be an integer, got 2.5"],
      },
      {
        name: "a malformed CIDR",
        stack: "dev",
        patch: { "credlink:network": { cidrBlock: "10.20.0/16" } },
        problems: ['credlink:network.cidrBlock must be an IPv4 network address with a prefix, like "10.0.0.0/16", got "10.20.0/16"'],
      },
      {
        name: "a CIDR with host bits set",
        stack: "dev",
        patch: { "credlink:network": { cidrBlock: "10.20.1.0/16" } },
        problems: ['credlink:network.cidrBlock must be an IPv4 network address with a prefix, like "10.0.0.0/16", got "10.20.1.0/16"'],
      },
      {
        name: "a VPC larger than AWS allows",
        stack: "dev",
        patch: { "credlink:network": { cidrBlock: "10.0.0.0/8" } },
        problems: ['credlink:network.cidrBlock must have a prefix length between /16 and /24 (the sizes AWS allows), got "10.0.0.0/8"'],
      },
      {
        name: "subnets that don't fit the VPC",
        stack: "dev",
        patch: { "credlink:network": { cidrBlock: "10.20.0.0/22" } },
        problems: ['credlink:network.subnetMasks do not fit cidrBlock "10.20.0.0/22": the private subnet /20 is larger than the per-AZ block /24'],
      },
      {
        name: "a subnet smaller than AWS allows",
        stack: "dev",
        patch: { "credlink:network": { subnetMasks: { public: 30 } } },
        problems: ["credlink:network.subnetMasks.public must be an integer prefix length from 16 to 28 (AWS subnet sizes), got 30"],
      },
      {
        name: "a typo in a section key",
        stack: "dev",
        patch: { "credlink:network": { natGateway: "single" } },
        problems: [
          'credlink:network.natGateway is not a known key (did you mean "natGateways"?); allowed here: cidrBlock, azCount, natGateways, subnetMasks, flowLogRetentionDays',
        ],
      },
      {
        name: "a typo in a top-level key",
        stack: "dev",
        patch: { "credlink:netwrk": { azCount: 2 } },
        problems: ['credlink:netwrk is not a known key (did you mean "network"?); allowed here: environment, tags, kms, network, database, cache, proofs, dr, service, domain, alerts, slo, cost, cicd, backup, chaos, edge, account, audit, cloudflare, ops'],
      },
      {
        name: "a missing required key",
        stack: "dev",
        patch: { "credlink:tags": { owner: undefined } },
        problems: ["credlink:tags.owner is required (a string), but it is not set"],
      },
      {
        name: "a missing environment",
        stack: "dev",
        patch: { "credlink:environment": undefined },
        problems: ['credlink:environment is required (one of "dev" | "prod"), but it is not set'],
      },
      {
        name: "an unknown environment",
        stack: "dev",
        patch: { "credlink:environment": "staging" },
        problems: ['credlink:environment must be one of "dev" | "prod", got "staging"'],
      },
      {
        name: "prod with a single NAT gateway",
        stack: "prod",
        patch: { "credlink:network": { natGateways: "single" } },
        problems: [
          'credlink:network.natGateways must be "onePerAz" or "instance" in prod: one NAT per AZ, so a single NAT is never one point of failure for every private subnet, got "single"',
        ],
      },
      {
        name: "prod with a short key deletion window",
        stack: "prod",
        patch: { "credlink:kms": { deletionWindowDays: 7 } },
        problems: ["credlink:kms.deletionWindowDays must be 30 in prod: the longest window to cancel a mistaken key deletion, got 7"],
      },
      {
        name: "a retention CloudWatch Logs doesn't offer",
        stack: "dev",
        patch: { "credlink:network": { flowLogRetentionDays: 10 } },
        problems: [
          "credlink:network.flowLogRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (the values CloudWatch Logs accepts), got 10",
        ],
      },
      {
        name: "a section that isn't an object",
        stack: "dev",
        patch: { "credlink:network": "big" },
        problems: ['credlink:network must be an object, got "big"'],
      },
      {
        name: "a cost centre with spaces",
        stack: "dev",
        patch: { "credlink:tags": { costCenter: "a b" } },
        problems: [`credlink:tags.costCenter must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, got "a b"`],
      },
      {
        name: "a malformed region",
        stack: "dev",
        patch: { "aws:region": "useast1" },
        problems: ['aws:region must be an AWS region, one of the provider\'s aws.Region values like "us-east-1" (did you mean "us-east-1"?), got "useast1"'],
      },
      {
        name: "no region",
        stack: "dev",
        patch: { "aws:region": undefined },
        problems: ['aws:region is required (the AWS region to deploy to, e.g. "us-east-1"), but it is not set'],
      },
    ];

    for (const c of cases) {
      it(`GIVEN ${c.name} WHEN the config is parsed THEN it is rejected with exactly that key named`, () => {
        expect(problemsFor(c.stack, c.patch)).to.deep.equal(c.problems);
      });
    }

    it("GIVEN several bad keys WHEN parsed THEN every problem is reported at once", () => {
      const problems = problemsFor("dev", { "credlink:network": { natGateways: "two", azCount: 9 }, "aws:region": "x" });
      expect(problems).to.have.members([
        'aws:region must be an AWS region, one of the provider\'s aws.Region values like "us-east-1", got "x"',
        'credlink:network.natGateways must be one of "single" | "onePerAz" | "instance" | "singleInstance", got "two"',
        "credlink:network.azCount must be at most 3, got 9",
      ]);
    });

    it("GIVEN a bad config WHEN the error is shown THEN its message lists every problem on its own line", () => {
      const error = new ConfigError(["a must be b, got c", "d must be e, got f"]);
      expect(error.message).to.equal("Invalid stack configuration:\n  - a must be b, got c\n  - d must be e, got f");
    });
  });
});
