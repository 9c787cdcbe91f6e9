/** Pricer: Route 53 hosted zones and health checks (endpoint checks at the non-AWS rate, each optional feature on top). */
import { expect } from "chai";
import { T } from "../../policy/lib/types";
import { baseline, price, res } from "../helpers/pricing";

const FEATURE = "$2/optional health check feature-month (HTTPS, string matching, fast interval, latency measurement), non-AWS endpoint";
const check = (props: Record<string, any>) => price(res(T.route53HealthCheck, "up", props)).lines;

describe("pricer: Route 53", () => {
  it("GIVEN a hosted zone THEN $0.50", () => {
    expect(price(res(T.route53Zone, "zone")).lines).to.deep.equal([baseline("Route 53 hosted zone", 50, "$0.5/hosted zone-month")]);
  });

  it("GIVEN an HTTPS endpoint check at 30 s THEN the non-AWS rate $0.75 plus the HTTPS feature $2", () => {
    expect(check({ type: "HTTPS", requestInterval: 30 })).to.deep.equal([
      baseline("Route 53 health check (HTTPS)", 75, "$0.75/health check-month (non-AWS endpoint); priced as a non-AWS endpoint (the higher rate)"),
      baseline("Route 53 health check optional feature: HTTPS", 200, FEATURE),
    ]);
  });

  it("GIVEN HTTPS with string matching, a 10 s interval and latency measurement THEN four features: $0.75 + 4 x $2", () => {
    expect(check({ type: "HTTPS_STR_MATCH", requestInterval: 10, measureLatency: true }).map((l) => [l.item, l.baselineCents])).to.deep.equal([
      ["Route 53 health check (HTTPS_STR_MATCH)", 75],
      ["Route 53 health check optional feature: HTTPS", 200],
      ["Route 53 health check optional feature: string matching", 200],
      ["Route 53 health check optional feature: fast interval", 200],
      ["Route 53 health check optional feature: latency measurement", 200],
    ]);
  });

  it("GIVEN an HTTP check THEN no feature; a calculated check (no endpoint) THEN the AWS rate, $0.50", () => {
    expect(check({ type: "HTTP" }).map((l) => l.baselineCents)).to.deep.equal([75]);
    expect(check({ type: "CALCULATED" })).to.deep.equal([baseline("Route 53 health check (CALCULATED)", 50, "$0.5/health check-month (AWS endpoint)")]);
  });
});
