/** Pricer: Application Load Balancers (hours, a public IPv4 per AZ when internet-facing, LCU-hours as usage). */
import { expect } from "chai";
import { T } from "../../policy/lib/types";
import { baseline, IPV4, price, res, unknownUsage, unpricedLine, usageOf } from "../helpers/pricing";

const HOURS = baseline("ALB hours", 1643, "730 h x $0.0225/ALB-hour");
const NO_LCU = unknownUsage("ALB LCU-hours", "depends on usage: $0.008/LCU-hour (no LCU-hours in usage.yml)");

describe("pricer: load balancer", () => {
  it("GIVEN an internet-facing ALB in 2 subnets THEN 730 h x $0.0225 = $16.425 -> $16.43, and 2 x 730 h x $0.005 = $7.30 of IPv4", () => {
    expect(price(res(T.loadBalancer, "alb", { subnets: ["a", "b"] })).lines).to.deep.equal([HOURS, baseline("public IPv4 for ALB nodes (2, one per AZ)", 730, `2 x 730 h x ${IPV4}`), NO_LCU]);
  });

  it("GIVEN 1.5 LCUs on average in usage.yml THEN 1095 LCU-hours x $0.008 = $8.76 of usage", () => {
    const { lines } = price(res(T.loadBalancer, "alb", { internal: true }), { usage: { loadBalancer: { averageLcu: 1.5 } } });
    expect(lines).to.deep.equal([HOURS, usageOf("ALB LCU-hours", 876, "1095 LCU-hours x $0.008/LCU-hour")]);
  });

  it("GIVEN an internal ALB THEN no public IPv4", () => {
    expect(price(res(T.loadBalancer, "alb", { internal: true, subnets: ["a", "b"] })).lines).to.deep.equal([HOURS, NO_LCU]);
  });

  it("GIVEN subnet mappings instead of subnets THEN one IPv4 per mapping", () => {
    expect(price(res(T.albAlias, "alb", { subnetMappings: [{ subnetId: "a" }, { subnetId: "b" }, { subnetId: "c" }] })).lines[1]).to.deep.equal(
      baseline("public IPv4 for ALB nodes (3, one per AZ)", 1095, `3 x 730 h x ${IPV4}`),
    );
  });

  it("GIVEN no subnets at all (first preview) THEN 2 AZs are assumed and said", () => {
    const { lines, assumptions } = price(res(T.loadBalancer, "alb", {}));
    expect([lines[1], assumptions]).to.deep.equal([baseline("public IPv4 for ALB nodes (2, one per AZ)", 730, `2 x 730 h x ${IPV4}`), ["alb: ALB subnets unknown, assumed 2 AZs (one public IPv4 per AZ)"]]);
  });

  it("GIVEN a network load balancer THEN unpriced, naming its type", () => {
    expect(price(res(T.loadBalancer, "nlb", { loadBalancerType: "network" })).lines).to.deep.equal([unpricedLine("no price for network load balancers in the price table")]);
  });
});
