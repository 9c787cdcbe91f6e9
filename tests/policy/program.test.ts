/**
 * The whole dev and prod programs under mocks, analysed by every policy with the environment's policy config:
 * what `pulumi preview --policy-pack policy --policy-pack-config policy/config/<env>.json` would report. Then
 * mutated configs, each of which must make the expected policy fire.
 */
import * as assert from "node:assert/strict";
import { analyzeProgram, Diagnostic, show } from "../../tools/offline/policy";

const fired = (ds: readonly Diagnostic[], policy: string) => ds.filter((d) => d.policyName === policy && d.enforcementLevel === "mandatory");

describe("policy pack on the whole program", function () {
  for (const stack of ["dev", "prod"]) {
    it(`GIVEN the committed ${stack} stack WHEN every policy runs with policy/config/${stack}.json THEN no mandatory violation`, async () => {
      const { mandatory, diagnostics } = await analyzeProgram(stack);
      assert.equal(mandatory.length, 0, show(mandatory));
      assert.equal(diagnostics.filter((d) => d.preview).length, 0, show(diagnostics));
    });
  }

  it("GIVEN prod with a third AZ (a third NAT gateway) THEN nat-gateway-count-within-cap fires", async () => {
    const { mandatory } = await analyzeProgram("prod", { stackPatch: { "credlink:network": { azCount: 3, natGateways: "onePerAz" } } });
    assert.match(show(fired(mandatory, "nat-gateway-count-within-cap")), /3 NAT gateways exceed the cap of 2/);
  });

  it("GIVEN dev switched to a NAT gateway per AZ THEN nat-gateway-count-within-cap fires (2 > 1)", async () => {
    const { mandatory } = await analyzeProgram("dev", { stackPatch: { "credlink:network": { natGateways: "onePerAz" } } });
    assert.match(show(fired(mandatory, "nat-gateway-count-within-cap")), /2 NAT gateways exceed the cap of 1/);
  });

  it("GIVEN a provider without defaultTags THEN cost-allocation-tags-present fires on every taggable resource", async () => {
    const { mandatory, recorder } = await analyzeProgram("dev", { providerPatch: ({ defaultTags: _dropped, ...rest }) => rest });
    const tagged = fired(mandatory, "cost-allocation-tags-present");
    const keys = recorder.ofType("aws:kms/key:Key");
    assert.ok(keys.length >= 1); // dev's one shared key (credlink:kms.keyPerStore false)
    for (const key of keys) assert.ok(tagged.some((d) => d.urn === key.urn), `${key.name} not reported`);
    assert.match(tagged[0].message, /missing cost-allocation tag\(s\) Project, Environment, ManagedBy, Owner, CostCenter/);
  });

  it("GIVEN a required tag the stack doesn't set THEN cost-allocation-tags-present fires", async () => {
    const { mandatory } = await analyzeProgram("dev", { policyConfig: { "cost-allocation-tags-present": { requiredTags: ["Project", "DataClassification"] } } });
    assert.match(show(fired(mandatory, "cost-allocation-tags-present")), /DataClassification/);
  });

  it("GIVEN prod's policy config applied to the dev stack THEN the Environment tag check fires", async () => {
    const { mandatory } = await analyzeProgram("dev", { env: "prod" });
    assert.match(show(fired(mandatory, "cost-allocation-tags-present")), /Environment tag is dev, but this policy config is for prod/);
  });

  // Dev lean: with credlink:ops.level lean dev's $59.57 is within its $60 ceiling, and $63.95 with usage within $70.
  it("GIVEN the committed dev stack THEN its baseline is within the $60 ceiling and its total within $70: monthly-cost-within-ceiling reports nothing", async () => {
    const { diagnostics } = await analyzeProgram("dev");
    assert.deepEqual(diagnostics.filter((d) => d.policyName === "monthly-cost-within-ceiling"), [], show(diagnostics));
  });

  it("GIVEN a dev ceiling below the estimate ($50 < $59.57) THEN the overrun is an advisory (dev's level), naming where the money goes", async () => {
    const { diagnostics } = await analyzeProgram("dev", { policyConfig: { "monthly-cost-within-ceiling": { ceilingUsd: 50 } } });
    const ceiling = diagnostics.filter((d) => d.policyName === "monthly-cost-within-ceiling");
    assert.equal(ceiling.length, 1, show(diagnostics));
    assert.equal(ceiling[0].enforcementLevel, "advisory");
    assert.match(ceiling[0].message, /\$59\.57\/month exceeds the ceiling of \$50\.00 \(largest: LoadBalancer credlink-dev \$23\.73, Database credlink-dev-db \$14\.38, Cache credlink-dev-cache \$9\.74, Network credlink-dev \$7\.36\)/);
  });

  it("GIVEN a prod ceiling set below the estimate ($100 < $149.82) THEN monthly-cost-within-ceiling fires as mandatory", async () => {
    const { mandatory } = await analyzeProgram("prod", { policyConfig: { "monthly-cost-within-ceiling": { ceilingUsd: 100 } } });
    assert.match(show(fired(mandatory, "monthly-cost-within-ceiling")), /\$149\.82\/month exceeds the ceiling of \$100\.00 \(largest: Database credlink-prod-db \$30\.36, LoadBalancer credlink-prod \$26\.48, Cache credlink-prod-cache \$20\.09/);
  });

  it("GIVEN the committed prod stack THEN its baseline ($149.82) is within $150 and its total at prod's usage ($185.14) within $195: the pack reports nothing", async () => {
    const { diagnostics } = await analyzeProgram("prod");
    assert.deepEqual(diagnostics.filter((d) => d.policyName === "monthly-cost-within-ceiling"), [], show(diagnostics));
  });

  it("GIVEN a prod total ceiling below the total ($180 < $185.14) THEN it fires as mandatory, naming the total, its parts and the largest usage lines", async () => {
    const { mandatory } = await analyzeProgram("prod", { policyConfig: { "monthly-cost-within-ceiling": { totalCeilingUsd: 180 } } });
    assert.deepEqual(
      fired(mandatory, "monthly-cost-within-ceiling").map((d) => d.message),
      [
        "estimated total $185.14/month (baseline $149.82 + usage $35.32 at usage.yml's prod profile) exceeds the total ceiling of $180.00 (largest usage: GuardDuty VPC flow + DNS log analysis $3.85, S3 PUT/COPY/POST/LIST requests $3.47, Internet egress $2.73, WAF requests (credlink-prod) $2.51)",
      ],
    );
  });

  it("GIVEN an oversized DB in dev (db.r6g.large) THEN resource-sizes-allowed-for-environment fires on the instance", async () => {
    const { mandatory, recorder } = await analyzeProgram("dev", { stackPatch: { "credlink:database": { instanceClass: "db.r6g.large" } } });
    const sizes = fired(mandatory, "resource-sizes-allowed-for-environment");
    assert.equal(sizes.length, 1, show(mandatory));
    assert.equal(sizes[0].urn, recorder.one("aws:rds/instance:Instance").urn);
    assert.match(sizes[0].message, /instanceClass db.r6g.large is not allowed here \(allowed: db.t4g.micro\)/);
  });

  it("GIVEN a log retention cap below the flow logs' 90 days in prod THEN cloudwatch-log-group-retention-set fires", async () => {
    const { mandatory } = await analyzeProgram("prod", { policyConfig: { "cloudwatch-log-group-retention-set": { maxDays: 30 } } });
    assert.match(show(fired(mandatory, "cloudwatch-log-group-retention-set")), /retentionInDays 90 exceeds 30/);
  });
});
