import * as assert from "node:assert/strict";
import * as cost from "../../policy/policies/cost";
import { costAllocationTags } from "../../policy/policies/tagging";
import { T } from "../../policy/lib/types";
import { estimateCost, totalCeilingStatus } from "../../policy/cost/estimate";
import { loadUsage } from "../../policy/cost/usage";
import { resourceCases, stackCases } from "./cases";
import { awsProvider, FULL_TAGS, runResourcePolicy, runStack, urnOf, wireProps } from "../../tools/offline/policy";
import { good, res } from "./fixtures";

const awsxVpc = (strategy: string, azs = 2, name = "vpc") => ({ type: T.awsxVpc, name, urn: urnOf(T.awsxVpc, name), props: { numberOfAvailabilityZones: azs, natGateways: { strategy }, subnetSpecs: [{ type: "Public" }, { type: "Private" }] } });

describe("cost policies", () => {
  resourceCases(cost.allowedSizes, {
    pass: [
      { title: "db.t4g.micro with dev's list", resource: res(T.rdsInstance, good.rds), config: { rdsInstanceClasses: ["db.t4g.micro"], maxRdsAllocatedStorageGb: 20 } },
      { title: "a 512/1024 task with dev's caps", resource: res(T.ecsTaskDefinition, good.taskDefinition), config: { maxFargateCpu: 512, maxFargateMemoryMiB: 1024 } },
      { title: "cache.t4g.micro", resource: res(T.cacheReplicationGroup, good.cache) },
    ],
    fail: [
      { title: "an oversized DB in dev (db.r6g.large)", resource: res(T.rdsInstance, { ...good.rds, instanceClass: "db.r6g.large" }), config: { rdsInstanceClasses: ["db.t4g.micro"] }, expect: /db.r6g.large/ },
      { title: "500 GB of storage", resource: res(T.rdsInstance, { ...good.rds, allocatedStorage: 500 }), expect: /allocatedStorage/ },
      { title: "cache.m7g.large", resource: res(T.cacheReplicationGroup, { ...good.cache, nodeType: "cache.m7g.large" }) },
      { title: "a 2 vCPU task in dev", resource: res(T.ecsTaskDefinition, { ...good.taskDefinition, cpu: "2048", memory: "4096" }), config: { maxFargateCpu: 512, maxFargateMemoryMiB: 1024 }, expect: /cpu 2048/ },
      { title: "any EC2 instance", resource: res(T.ec2Instance, { instanceType: "t3.micro" }), expect: /none/ },
    ],
  });
  stackCases(cost.natGatewayCap, {
    pass: [
      { title: "one inferred NAT (awsx Single) against a cap of 1", stack: [awsxVpc("Single")], config: { maxNatGateways: 1 } },
      { title: "two inferred NATs (OnePerAz, 2 AZs) against a cap of 2", stack: [awsxVpc("OnePerAz", 2)] },
      {
        title: "two real NAT gateways under the awsx VPC (counted once, not inferred again)",
        stack: [awsxVpc("OnePerAz", 2), ...[1, 2].map((i) => ({ type: T.natGateway, name: `vpc-${i}`, parent: urnOf(T.awsxVpc, "vpc"), props: {} }))],
      },
    ],
    fail: [
      { title: "a third NAT (OnePerAz, 3 AZs) against prod's cap of 2", stack: [awsxVpc("OnePerAz", 3)], expect: /3 NAT gateways exceed the cap of 2/ },
      { title: "OnePerAz in dev against a cap of 1", stack: [awsxVpc("OnePerAz", 2)], config: { maxNatGateways: 1 } },
      { title: "three real NAT gateways", stack: [1, 2, 3].map((i) => ({ type: T.natGateway, name: `nat-${i}`, props: {} })) },
    ],
  });
  resourceCases(cost.logGroupRetention, {
    pass: [{ title: "30 days", resource: res(T.logGroup, good.logGroup) }],
    fail: [
      { title: "no retention (kept forever)", resource: res(T.logGroup, { ...good.logGroup, retentionInDays: undefined }), expect: /forever/ },
      { title: "731 days against dev's max of 30", resource: res(T.logGroup, { ...good.logGroup, retentionInDays: 731 }), config: { maxDays: 30 } },
    ],
  });
  const eipUrn = urnOf(T.eip, "nat-eip");
  stackCases(cost.eipAttached, {
    pass: [{ title: "an EIP used by a NAT gateway", stack: [{ type: T.eip, name: "nat-eip", urn: eipUrn, props: { domain: "vpc" } }, { type: T.natGateway, name: "nat", props: { allocationId: "x" }, propertyDependencies: { allocationId: [eipUrn] } }] }],
    fail: [{ title: "an idle EIP", stack: [{ type: T.eip, name: "nat-eip", urn: eipUrn, props: { domain: "vpc" } }], expect: /not attached/ }],
  });
  // One inferred NAT gateway: $36.50 baseline; at usage.yml's prod profile $3.10 of usage (Internet egress $2.73,
  // cross-AZ transfer $0.23, NAT data processing $0.14), $39.60 in total. The first test below pins these figures.
  const natOnly = [awsxVpc("Single")];
  stackCases(cost.monthlyCostCeiling, {
    pass: [
      { title: "one inferred NAT ($36.50) under $60, its total ($39.60 at prod's usage) under the default $195", stack: natOnly, config: { ceilingUsd: 60 } },
      { title: "exactly at both ceilings: baseline $36.50, total $39.60 at prod's usage", stack: natOnly, config: { ceilingUsd: 36.5, totalCeilingUsd: 39.6, usageProfile: "prod" } },
      { title: "the total exactly at its ceiling at dev's usage ($36.58: dev's traffic is smaller)", stack: natOnly, config: { ceilingUsd: 36.5, totalCeilingUsd: 36.58, usageProfile: "dev" } },
    ],
    fail: [
      { title: "a ceiling set below the estimate ($36.50 > $30)", stack: natOnly, config: { ceilingUsd: 30 }, expect: /\$36\.50\/month exceeds the ceiling of \$30\.00/ },
      { title: "the baseline a cent over its ceiling, the total within its own", stack: natOnly, config: { ceilingUsd: 36.49, totalCeilingUsd: 39.6 }, expect: /^estimated baseline \$36\.50\/month exceeds the ceiling of \$36\.49 / },
      { title: "the total a cent over its ceiling, the baseline within its own", stack: natOnly, config: { ceilingUsd: 36.5, totalCeilingUsd: 39.59 }, expect: /^estimated total \$39\.60\/month .* exceeds the total ceiling of \$39\.59 / },
      { title: "a usage profile usage.yml does not hold", stack: natOnly, config: { usageProfile: "staging" }, expect: /^usageProfile "staging" is not a profile of policy\/cost\/usage\.yml \(profiles: dev, prod\)/ },
      {
        title: "an unpriced database class under a generous ceiling: the cost is unknown, never a pass",
        stack: [awsxVpc("Single"), { type: T.rdsInstance, name: "db", props: { engine: "postgres", instanceClass: "db.r7g.16xlarge", allocatedStorage: 20, storageType: "gp3" } }],
        config: { ceilingUsd: 1000 },
        expect: /^the monthly cost is unknown: 1 resource\(s\) have no price in the cost model: aws:rds\/instance:Instance db \(no price for postgres db\.r7g\.16xlarge\)\. The priced part alone is \$38\.80 against the ceiling of \$1000\.00/,
      },
    ],
  });

  describe("monthly-cost-within-ceiling: what each overrun says", () => {
    const messages = async (config: Record<string, unknown>) => (await runStack(cost.monthlyCostCeiling, natOnly, config)).violations.map((v) => v.message);

    it("GIVEN one inferred NAT THEN the model prices it at $36.50 baseline and $39.60 in total at prod's usage, $36.58 at dev's (the figures the cases above use)", () => {
      const at = (profile: string) => estimateCost(natOnly, { usage: loadUsage(profile) }).totals;
      assert.deepEqual([at("prod").baselineCents, at("prod").totalCents, at("dev").totalCents], [3650, 3960, 3658]);
    });

    it("GIVEN the total a cent over its ceiling THEN the one message names the total, its baseline and usage at the profile, the ceiling, and the largest usage lines", async () => {
      assert.deepEqual(await messages({ ceilingUsd: 36.5, totalCeilingUsd: 39.59, usageProfile: "prod" }), [
        "estimated total $39.60/month (baseline $36.50 + usage $3.10 at usage.yml's prod profile) exceeds the total ceiling of $39.59 (largest usage: Internet egress $2.73, Cross-AZ transfer (charged each way) $0.23, NAT data processing (1 gateway) $0.14)",
      ]);
    });

    it("GIVEN the baseline a cent over its ceiling and the total within its own THEN the one message names the baseline, the ceiling and the largest components", async () => {
      assert.deepEqual(await messages({ ceilingUsd: 36.49, totalCeilingUsd: 39.6, usageProfile: "prod" }), ["estimated baseline $36.50/month exceeds the ceiling of $36.49 (largest: (stack) $36.50)"]);
    });

    it("GIVEN both a cent over THEN both are reported, the baseline first", async () => {
      assert.deepEqual(await messages({ ceilingUsd: 36.49, totalCeilingUsd: 39.59, usageProfile: "prod" }), [
        "estimated baseline $36.50/month exceeds the ceiling of $36.49 (largest: (stack) $36.50)",
        "estimated total $39.60/month (baseline $36.50 + usage $3.10 at usage.yml's prod profile) exceeds the total ceiling of $39.59 (largest usage: Internet egress $2.73, Cross-AZ transfer (charged each way) $0.23, NAT data processing (1 gateway) $0.14)",
      ]);
    });

    it("GIVEN the same stack and ceilings at dev's usage instead of prod's THEN the total ($36.58) is within: the profile is what the total is priced at", async () => {
      assert.deepEqual(await messages({ ceilingUsd: 36.5, totalCeilingUsd: 39.59, usageProfile: "dev" }), []);
    });
  });

  describe("totalCeilingStatus (the total against its ceiling, in cents)", () => {
    const priced = estimateCost(natOnly, { usage: loadUsage("prod") });

    it("GIVEN the total exactly at the ceiling THEN within; a cent under the total THEN over", () => {
      assert.deepEqual([totalCeilingStatus(priced, 39.6), totalCeilingStatus(priced, 39.59)], ["within", "over"]);
    });

    it("GIVEN usage lines without a figure (no usage given) THEN unknown, however high the ceiling: their cost is not in the total", () => {
      const withoutUsage = estimateCost(natOnly);
      assert.ok(withoutUsage.items.some((i) => i.kind === "usage-unknown"));
      assert.equal(totalCeilingStatus(withoutUsage, 1000), "unknown");
    });
  });
});

describe("tagging policy", () => {
  resourceCases(costAllocationTags, {
    pass: [
      { title: "a resource tagged only through the provider's defaultTags", resource: { ...res(T.kmsKey, good.kmsKey), provider: awsProvider(FULL_TAGS) } },
      { title: "tags split between the resource and defaultTags", resource: { ...res(T.kmsKey, { ...good.kmsKey, tags: { CostCenter: "credlink-dev" } }), provider: awsProvider({ ...FULL_TAGS, CostCenter: "" }) } },
      { title: "all tags on the resource and a provider without defaultTags", resource: { ...res(T.logGroup, { ...good.logGroup, tags: FULL_TAGS }), provider: { ...awsProvider(), props: wireProps({ region: "us-east-1" }) } } },
    ],
    fail: [
      { title: "a provider without defaultTags and an untagged resource", resource: { ...res(T.kmsKey, good.kmsKey), provider: { ...awsProvider(), props: wireProps({ region: "us-east-1" }) } }, expect: /Project, Environment, ManagedBy, Owner, CostCenter/ },
      { title: "defaultTags missing CostCenter", resource: { ...res(T.kmsKey, good.kmsKey), provider: awsProvider({ ...FULL_TAGS, CostCenter: undefined as unknown as string }) }, expect: /CostCenter/ },
      { title: "a prod policy config on a dev-tagged stack", resource: res(T.kmsKey, good.kmsKey), config: { environment: "prod" }, expect: /Environment tag is dev/ },
    ],
  });

  it("GIVEN a type that takes no tags (a KMS alias) THEN the policy does not apply", async () => {
    const { applicable } = await runResourcePolicy(costAllocationTags, { ...res("aws:kms/alias:Alias", { name: "alias/x" }), provider: awsProvider({}) });
    assert.equal(applicable, false);
  });
});
