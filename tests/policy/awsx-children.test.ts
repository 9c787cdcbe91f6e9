/**
 * awsx's children offline : under mocks only the `awsx:ec2:Vpc` component registers, so the
 * policies that look at subnets, NAT gateways and EIPs never ran in `npm run plan`. The offline driver now infers
 * them from the Vpc's inputs, named as pulumi-awsx names them. One program run per stack, shared by every test.
 */
import * as assert from "node:assert/strict";
import { eipAttached } from "../../policy/policies/cost";
import { T } from "../../policy/lib/types";
import { Recorder, Registration } from "../../tools/offline/mocks";
import { analyzeRecorder, inferAwsxChildren, loadPackConfigFile, recordedProgram, runStackPolicy, show, stackResources } from "../../tools/offline/policy";

const names = (rs: readonly Registration[], type: string) => rs.filter((r) => r.type === type).map((r) => r.name);

describe("awsx's children, inferred for the policies", function () {
  let dev: { recorder: Recorder; propertyDeps: Map<string, Record<string, string[]>> };
  let prod: { recorder: Recorder; propertyDeps: Map<string, Record<string, string[]>> };
  before(async () => {
    // NAT gateways, as awsx makes them: the committed stacks run NAT instances, which awsx doesn't make.
    dev = await recordedProgram("dev", { "credlink:network": { natGateways: "single" } });
    prod = await recordedProgram("prod", { "credlink:network": { natGateways: "onePerAz" } });
  });

  it("GIVEN dev's Vpc (Single NAT, 2 AZs, public/private/isolated) THEN 6 subnets named <vpc>-<tier>-<n> with the layout's CIDRs, only the public ones mapping public IPs", () => {
    const subnets = inferAwsxChildren(dev.recorder).filter((r) => r.type === T.subnet);
    assert.deepEqual(
      subnets.map((s) => [s.name, s.inputs.cidrBlock, s.inputs.availabilityZone, s.inputs.mapPublicIpOnLaunch]),
      [
        ["credlink-dev-public-1", "10.20.0.0/24", "us-east-1a", true],
        ["credlink-dev-public-2", "10.20.64.0/24", "us-east-1b", true],
        ["credlink-dev-private-1", "10.20.16.0/20", "us-east-1a", false],
        ["credlink-dev-private-2", "10.20.80.0/20", "us-east-1b", false],
        ["credlink-dev-isolated-1", "10.20.32.0/24", "us-east-1a", false],
        ["credlink-dev-isolated-2", "10.20.96.0/24", "us-east-1b", false],
      ],
    );
    const vpc = dev.recorder.one(T.awsxVpc);
    assert.deepEqual(subnets.map((s) => s.id), [...vpc.state.publicSubnetIds, ...vpc.state.privateSubnetIds, ...vpc.state.isolatedSubnetIds]);
    assert.ok(subnets.every((s) => s.parent === vpc.urn && s.urn === `urn:pulumi:dev::credlink::credlink:network:Network$awsx:ec2:Vpc$aws:ec2/subnet:Subnet::${s.name}`));
  });

  it("GIVEN dev (Single) and prod (OnePerAz) THEN one NAT gateway and EIP <vpc>-1 in dev, two in prod, each in its AZ's public subnet on its own EIP", () => {
    const devChildren = inferAwsxChildren(dev.recorder);
    const prodChildren = inferAwsxChildren(prod.recorder);
    assert.deepEqual([names(devChildren, T.natGateway), names(devChildren, T.eip)], [["credlink-dev-1"], ["credlink-dev-1"]]);
    assert.deepEqual([names(prodChildren, T.natGateway), names(prodChildren, T.eip)], [["credlink-prod-1", "credlink-prod-2"], ["credlink-prod-1", "credlink-prod-2"]]);
    const publicIds = prod.recorder.one(T.awsxVpc).state.publicSubnetIds;
    assert.deepEqual(
      prodChildren.filter((r) => r.type === T.natGateway).map((n) => [n.inputs.subnetId, n.inputs.allocationId]),
      [[publicIds[0], "eipalloc-credlink-prod-1"], [publicIds[1], "eipalloc-credlink-prod-2"]],
    );
    const privateRoutes = prodChildren.filter((r) => r.type === "aws:ec2/route:Route" && r.inputs.natGatewayId).map((r) => [r.name, r.inputs.natGatewayId]);
    assert.deepEqual(privateRoutes, [["credlink-prod-private-1-nat-1", "nat-credlink-prod-1"], ["credlink-prod-private-2-nat-2", "nat-credlink-prod-2"]]);
  });

  it("GIVEN a Vpc whose aws children are visible (the real engine) THEN nothing is inferred", () => {
    const recorder = new Recorder();
    const vpc = dev.recorder.one(T.awsxVpc);
    recorder.all.push(vpc, { ...vpc, type: T.subnet, name: "credlink-dev-public-1", urn: `${vpc.urn}$sub`, parent: vpc.urn, custom: true, remote: false });
    assert.deepEqual(inferAwsxChildren(recorder), []);
  });

  it("GIVEN dev with a public-tier pattern its subnets don't match THEN subnet-no-public-ip-on-launch fires, mandatory, on exactly the two inferred public subnets", async () => {
    const config = { ...loadPackConfigFile("dev"), "subnet-no-public-ip-on-launch": { publicSubnetNamePattern: "-dmz-" } };
    const { diagnostics } = await analyzeRecorder(dev.recorder, dev.propertyDeps, config);
    const fired = diagnostics.filter((d) => d.policyName === "subnet-no-public-ip-on-launch");
    assert.deepEqual(fired.map((d) => [d.urn?.split("::").pop(), d.enforcementLevel, d.message]), [
      ["credlink-dev-public-1", "mandatory", "mapPublicIpOnLaunch must be false outside the public tier"],
      ["credlink-dev-public-2", "mandatory", "mapPublicIpOnLaunch must be false outside the public tier"],
    ]);
  });

  it("GIVEN prod's inferred children without its second NAT gateway THEN eip-attached fires on exactly the EIP credlink-prod-2", async () => {
    const children = inferAwsxChildren(prod.recorder).filter((r) => !(r.type === T.natGateway && r.name === "credlink-prod-2"));
    const { violations } = await runStackPolicy(eipAttached, stackResources(prod.recorder, prod.propertyDeps, undefined, children));
    assert.deepEqual(violations.map((v) => v.urn?.split("::").pop()), ["credlink-prod-2"], show(violations));
  });

  it("GIVEN prod with a NAT gateway per AZ THEN eip-attached and subnet-no-public-ip-on-launch run on the inferred children and pass, and the NAT cap still counts 2", async () => {
    const { diagnostics, inferredChildren } = await analyzeRecorder(prod.recorder, prod.propertyDeps, { ...loadPackConfigFile("prod"), "nat-gateway-count-within-cap": { maxNatGateways: 1 } });
    assert.equal(inferredChildren.length, 28);
    assert.deepEqual(diagnostics.filter((d) => ["eip-attached", "subnet-no-public-ip-on-launch"].includes(d.policyName)), []);
    assert.deepEqual(diagnostics.filter((d) => d.policyName === "nat-gateway-count-within-cap").map((d) => d.message), ["2 NAT gateways exceed the cap of 1: 2 inferred from credlink-prod (awsx strategy OnePerAz, 2 AZs)"]);
  });
});
