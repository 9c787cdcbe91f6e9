/**
 * The program as a whole: the explicit provider and its default tags, and that every resource goes through it.
 */
import { expect } from "chai";
import { Recorder } from "../tools/offline/mocks";
import { committedProgram } from "./helpers/programs";

for (const stack of ["dev", "prod"] as const) {
  describe(`the ${stack} program`, () => {
    let rec: Recorder;
    let outputs: Record<string, any>;

    before(async () => {
      ({ recorder: rec, outputs } = await committedProgram(stack));
    });

    it("WHEN it runs THEN it creates one explicit aws provider for the primary region with the cost-allocation default tags", () => {
      const provider = rec.one("pulumi:providers:aws", "aws-us-east-1");
      expect(provider.name).to.equal("aws-us-east-1");
      expect(provider.inputs.region).to.equal("us-east-1");
      // Provider config reaches the engine (and policy packs) JSON-encoded, as here.
      expect(JSON.parse(provider.inputs.defaultTags)).to.deep.equal({
        tags: {
          Project: "credlink",
          Environment: stack,
          ManagedBy: "pulumi",
          Owner: "platform-team",
          CostCenter: `credlink-${stack}`,
          Stack: stack,
        },
      });
    });

    it("WHEN it runs THEN every AWS resource uses an explicit provider, never the ambient default one", () => {
      const providerRefs = new Set(rec.ofType("pulumi:providers:aws").map((p) => `${p.urn}::${p.id}`));
      const awsResources = rec.all.filter((r) => r.custom && r.type.startsWith("aws:"));
      expect(awsResources.length).to.be.greaterThan(0);
      const strays = awsResources.filter((r) => !providerRefs.has(r.provider)).map((r) => `${r.type} ${r.name}`);
      expect(strays).to.deep.equal([]);
    });

    it("WHEN it runs THEN every component is given the primary region's aws provider, except prod's DR-region alert topics, restore tests and tamper alerts, given the DR one", () => {
      const primary = rec.one("pulumi:providers:aws", "aws-us-east-1");
      const components = rec.all.filter((r) => !r.custom && r.type.startsWith("credlink:"));
      expect(components.length).to.be.greaterThan(0);
      // EventBridge rules are regional, and an SNS target must be in the rule's region: prod's DR region has its own topics.
      const inDr = components.filter((c) => c.name === `credlink-${stack}-restore-test-dr` || c.name === `credlink-${stack}-audit-dr`);
      expect(inDr.map((c) => c.type)).to.deep.equal(stack === "prod" ? ["credlink:ops:Alerting", "credlink:recovery:RestoreTesting", "credlink:audit:TamperAlerts"] : []);
      for (const component of components.filter((c) => !inDr.includes(c))) {
        expect(component.providers.aws, component.urn).to.be.a("string").and.satisfy((ref: string) => ref.startsWith(primary.urn));
      }
      for (const component of inDr) expect(component.providers.aws, component.urn).to.satisfy((ref: string) => ref.startsWith(rec.one("pulumi:providers:aws", "aws-us-west-2").urn));
    });

    it("WHEN it runs THEN it exports the network's ids for later phases", () => {
      expect(outputs).to.include.keys(
        "vpcId",
        "publicSubnetIds",
        "privateSubnetIds",
        "isolatedSubnetIds",
        "dbSubnetGroupName",
        "cacheSubnetGroupName",
        "flowLogGroupName",
      );
      expect(outputs.vpcId).to.match(/^vpc-[0-9a-f]{17}$/);
      expect(outputs.isolatedSubnetIds).to.have.length(2);
    });

    it("WHEN it runs THEN no two resources share a URN", () => {
      expect(rec.duplicateUrns()).to.deep.equal([]);
    });
  });
}

describe("the mock harness", () => {
  it("GIVEN an invoke the mocks don't know WHEN the program calls it THEN the call fails loudly", async () => {
    const aws = await import("@pulumi/aws");
    const { startMocks } = await import("../tools/offline/mocks");
    const recorder = await startMocks();
    let rejected = false;
    try {
      await aws.ec2.getVpc({ default: true });
    } catch {
      rejected = true;
    }
    expect(rejected).to.equal(true);
    expect(recorder.unmockedInvokes).to.deep.equal(["aws:ec2/getVpc:getVpc"]);
  });

  it("GIVEN two resources with one type and name WHEN registered THEN duplicateUrns reports the URN", async () => {
    const aws = await import("@pulumi/aws");
    const { runComponent } = await import("../tools/offline/program");
    const { recorder } = await runComponent(() => {
      new aws.s3.Bucket("twin");
      new aws.s3.Bucket("twin");
    });
    expect(recorder.duplicateUrns()).to.deep.equal(["urn:pulumi:dev::credlink::aws:s3/bucket:Bucket::twin"]);
  });

  it("GIVEN a resource with protect and retainOnDelete WHEN registered THEN the recorder sees both options", async () => {
    const aws = await import("@pulumi/aws");
    const { runComponent } = await import("../tools/offline/program");
    const { recorder } = await runComponent(() => {
      new aws.s3.Bucket("kept", {}, { protect: true, retainOnDelete: true });
      new aws.s3.Bucket("loose");
    });
    expect(recorder.one("aws:s3/bucket:Bucket", "kept")).to.include({ protect: true, retainOnDelete: true });
    expect(recorder.one("aws:s3/bucket:Bucket", "loose")).to.include({ protect: false, retainOnDelete: false });
  });
});
