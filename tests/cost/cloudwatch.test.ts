/** Pricer: CloudWatch dashboards, alarms, composite alarms, log groups, and the alarms target tracking creates. */
import { expect } from "chai";
import { T } from "../../policy/lib/types";
import { baseline, freeLine, price, res } from "../helpers/pricing";

const ALARM = "$0.1/standard-resolution alarm metric-month (first 10 per account free)";
const lines = (type: string, props: Record<string, any> = {}) => price(res(type, "x", props)).lines;

describe("pricer: CloudWatch", () => {
  it("GIVEN a dashboard THEN $3 (the account's 3 free dashboards not assumed)", () => {
    expect(lines(T.dashboard)).to.deep.equal([baseline("CloudWatch dashboard", 300, "$3/dashboard-month (first 3 per account free); account free tier not assumed")]);
  });

  it("GIVEN a composite alarm THEN $0.50", () => {
    expect(lines(T.compositeAlarm)).to.deep.equal([baseline("CloudWatch composite alarm", 50, "$0.5/composite alarm-month; no free tier")]);
  });

  it("GIVEN a single-metric alarm at 60 s THEN $0.10; at 10 s THEN high resolution, $0.30", () => {
    expect(lines(T.metricAlarm, { metricName: "CPU", period: 60 })).to.deep.equal([baseline("CloudWatch alarm (1 metric)", 10, `1 x ${ALARM}; account free tier not assumed`)]);
    expect(lines(T.metricAlarm, { metricName: "CPU", period: 10 })).to.deep.equal([baseline("CloudWatch alarm (1 metric)", 30, "1 x $0.3/high-resolution alarm metric-month; account free tier not assumed")]);
  });

  it("GIVEN a metric-math alarm over 2 metrics and an expression THEN each metric is billed: 2 x $0.10", () => {
    const queries = [{ id: "a", metric: { metricName: "A" } }, { id: "b", metric: { metricName: "B" } }, { id: "e", expression: "a / b" }];
    expect(lines(T.metricAlarm, { metricQueries: queries })).to.deep.equal([baseline("CloudWatch alarm (2 metrics)", 20, `2 x ${ALARM}; account free tier not assumed`)]);
  });

  it("GIVEN a log group THEN free here: its cost is the stack's ingestion and storage usage", () => {
    expect(lines(T.logGroup)).to.deep.equal([freeLine("log group", "charged by ingestion and storage: see the stack's CloudWatch Logs usage line")]);
  });

  it("GIVEN a target-tracking scaling policy THEN the 2 alarms AWS creates for it: $0.20; a step scaling policy THEN free", () => {
    expect(lines("aws:appautoscaling/policy:Policy", { policyType: "TargetTrackingScaling" })).to.deep.equal([
      baseline("CloudWatch alarms target tracking creates (2)", 20, `2 x ${ALARM} (high and low alarm, created by Application Auto Scaling)`),
    ]);
    expect(lines("aws:appautoscaling/policy:Policy", {})).to.deep.equal([freeLine("scaling policy", "free: step scaling uses alarms defined (and priced) separately")]);
  });
});
