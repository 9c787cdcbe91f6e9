/** Pricers: NAT gateways, Elastic IPs, the awsx VPC (NAT inferred when its children are invisible) and VPC endpoints. */
import { expect } from "chai";
import { natGatewayCount } from "../../policy/cost/pricers/network";
import { startPricing } from "../../policy/cost/pricers/context";
import { T } from "../../policy/lib/types";
import { baseline, freeLine, IPV4, linesOf, price, res, unpricedLine } from "../helpers/pricing";

const NAT = "$0.045/NAT gateway-hour";
const ENDPOINT_AZ = "$0.01/interface endpoint AZ-hour";
const vpc = (props: Record<string, any>) => res(T.awsxVpc, "vpc", { subnetSpecs: [{ type: "Public" }, { type: "Private" }], ...props });

describe("pricer: network", () => {
  describe("NAT gateway", () => {
    it("GIVEN a public NAT gateway THEN 730 h x $0.045 = $32.85", () => {
      expect(linesOf(res(T.natGateway, "nat"))).to.deep.equal([baseline("NAT gateway hours", 3285, `730 h x ${NAT}`)]);
    });

    it("GIVEN a private NAT gateway THEN the same hours, and the line says it has no public IPv4", () => {
      expect(linesOf(res(T.natGateway, "nat", { connectivityType: "private" }))).to.deep.equal([baseline("NAT gateway hours", 3285, `730 h x ${NAT} (private NAT: no public IPv4)`)]);
    });
  });

  describe("Elastic IP", () => {
    it("GIVEN a VPC Elastic IP THEN 730 h x $0.005 = $3.65; another domain is named", () => {
      expect(linesOf(res(T.eip, "eip", { domain: "vpc" }))).to.deep.equal([baseline("public IPv4 address (Elastic IP)", 365, `730 h x ${IPV4}`)]);
      expect(linesOf(res(T.eip, "eip", { domain: "standard" }))).to.deep.equal([baseline("public IPv4 address (Elastic IP)", 365, `730 h x ${IPV4} (domain standard)`)]);
    });
  });

  describe("awsx VPC", () => {
    it("GIVEN strategy Single over 2 AZs and no visible children THEN one NAT and its IPv4 are inferred: $32.85 + $3.65", () => {
      expect(linesOf(vpc({ numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" } }))).to.deep.equal([
        baseline("NAT gateway hours (1, inferred from awsx strategy Single)", 3285, `1 x 730 h x ${NAT}; one NAT for the VPC`),
        baseline("public IPv4 for NAT Elastic IPs (1, inferred)", 365, `1 x 730 h x ${IPV4}`),
      ]);
    });

    it("GIVEN no strategy and no AZ count THEN awsx's defaults: one NAT per AZ over 3 AZs ($98.55 + $10.95), assumed and said", () => {
      const { lines, assumptions } = price(vpc({}));
      expect(lines).to.deep.equal([
        baseline("NAT gateway hours (3, inferred from awsx strategy OnePerAz)", 9855, `3 x 730 h x ${NAT}; one NAT per AZ, 3 AZs`),
        baseline("public IPv4 for NAT Elastic IPs (3, inferred)", 1095, `3 x 730 h x ${IPV4}`),
      ]);
      expect(assumptions).to.deep.equal(["vpc: AZ count not set, awsx's default of 3 assumed"]);
    });

    it("GIVEN availabilityZoneNames and no count THEN one NAT per named AZ, nothing assumed", () => {
      const { lines, assumptions } = price(vpc({ availabilityZoneNames: ["us-east-1a", "us-east-1b"] }));
      expect(lines.map((l) => [l.item, l.baselineCents])).to.deep.equal([["NAT gateway hours (2, inferred from awsx strategy OnePerAz)", 6570], ["public IPv4 for NAT Elastic IPs (2, inferred)", 730]]);
      expect(assumptions).to.deep.equal([]);
    });

    it("GIVEN strategy None, or no public subnet THEN no NAT line", () => {
      expect(linesOf(vpc({ numberOfAvailabilityZones: 2, natGateways: { strategy: "None" } }))).to.deep.equal([]);
      expect(linesOf(res(T.awsxVpc, "vpc", { numberOfAvailabilityZones: 2, subnetSpecs: [{ type: "Private" }] }))).to.deep.equal([]);
    });

    it("GIVEN an interface endpoint spec over 2 AZs THEN 2 AZ x 730 h x $0.01 = $14.60; a gateway endpoint spec costs nothing", () => {
      const specs = [{ serviceName: "com.amazonaws.us-east-1.ecr.api", vpcEndpointType: "Interface" }, { serviceName: "com.amazonaws.us-east-1.s3" }];
      expect(linesOf(vpc({ numberOfAvailabilityZones: 2, natGateways: { strategy: "None" }, vpcEndpointSpecs: specs }))).to.deep.equal([
        baseline("interface endpoint com.amazonaws.us-east-1.ecr.api", 1460, `2 AZ x 730 h x ${ENDPOINT_AZ}`),
      ]);
    });

    it("GIVEN one of its aws children is visible (the real engine) THEN nothing is inferred: the children are priced as themselves", () => {
      const v = vpc({ numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" } });
      expect(price(v, { others: [res(T.subnet, "vpc-public-1", {}, { parent: v.urn })] }).lines).to.deep.equal([]);
    });
  });

  describe("VPC endpoint", () => {
    it("GIVEN a gateway endpoint THEN free", () => {
      expect(linesOf(res(T.vpcEndpoint, "s3", { vpcEndpointType: "Gateway" }))).to.deep.equal([freeLine("gateway endpoint", "gateway endpoints (S3, DynamoDB) are free")]);
    });

    it("GIVEN an interface endpoint in 3 subnets THEN 3 x 730 h x $0.01 = $21.90", () => {
      expect(linesOf(res(T.vpcEndpoint, "ecr", { vpcEndpointType: "Interface", subnetIds: ["a", "b", "c"] }))).to.deep.equal([baseline("interface endpoint AZ-hours", 2190, `3 x 730 h x ${ENDPOINT_AZ}`)]);
    });

    it("GIVEN an interface endpoint without subnets THEN 2 AZs are assumed and said: $14.60", () => {
      const { lines, assumptions } = price(res(T.vpcEndpoint, "ecr", { vpcEndpointType: "Interface" }));
      expect([lines, assumptions]).to.deep.equal([[baseline("interface endpoint AZ-hours", 1460, `2 x 730 h x ${ENDPOINT_AZ}`)], ["ecr: interface endpoint subnets unknown, assumed 2 AZs"]]);
    });

    it("GIVEN a Gateway Load Balancer endpoint THEN unpriced, naming the type", () => {
      expect(linesOf(res(T.vpcEndpoint, "glb", { vpcEndpointType: "GatewayLoadBalancer" }))).to.deep.equal([unpricedLine("no price for GatewayLoadBalancer endpoints")]);
    });
  });

  describe("natGatewayCount (the stack-wide NAT data line)", () => {
    it("GIVEN two real NAT gateways and an inferred Single VPC THEN 3; a VPC whose children are visible adds none", () => {
      const hidden = vpc({ natGateways: { strategy: "Single" } });
      const shown = res(T.awsxVpc, "shown", { natGateways: { strategy: "Single" } });
      const stack = [res(T.natGateway, "a"), res(T.natGateway, "b", {}, { parent: shown.urn }), hidden, shown];
      expect(natGatewayCount(startPricing(stack, undefined).ctx)).to.equal(3);
    });
  });
});
