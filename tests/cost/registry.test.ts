/** The pricer registry (type token -> pricer), the free table, and the context every pricer prices through. */
import { expect } from "chai";
import { estimateCost } from "../../policy/cost/estimate";
import { pricerFor, PRICERS, registry } from "../../policy/cost/pricers";
import { startPricing } from "../../policy/cost/pricers/context";
import { free } from "../../policy/cost/pricers/free";
import { PRICES } from "../../policy/cost/prices";
import { T } from "../../policy/lib/types";
import { freeLine, price, res } from "../helpers/pricing";

describe("pricer registry", () => {
  it("GIVEN a type AWS doesn't charge for THEN one free line named after the type, with the reason", () => {
    expect(price(res("aws:iam/role:Role", "r")).lines).to.deep.equal([freeLine("Role", "free: IAM is free")]);
  });

  it("GIVEN a provider, a CredLink component and a random value THEN a pricer that adds no line (their children are priced)", () => {
    for (const type of ["pulumi:providers:aws", "credlink:data:Database", "random:index/randomPassword:RandomPassword"]) expect(price(res(type, "x")).lines, type).to.deep.equal([]);
  });

  it("GIVEN a type nobody registered THEN a lookup miss, which estimateCost lists as unpriced and leaves out of the totals", () => {
    expect(pricerFor("aws:opensearch/domain:Domain")).to.equal(undefined);
    const e = estimateCost([res("aws:opensearch/domain:Domain", "search"), res(T.kmsKey, "k")]);
    expect([e.unpriced.map((i) => [i.resource, i.how]), e.totals.baselineCents]).to.deep.equal([[["search", "no price for this type in the model"]], 100]);
  });

  it("GIVEN two families registering one type THEN the registry refuses, naming the type and both families", () => {
    expect(() => registry({ a: { [T.kmsKey]: free("x") }, b: { [T.kmsKey]: free("y") } })).to.throw(`pricers: ${T.kmsKey} is registered by both a and b`);
  });

  it("GIVEN the committed families THEN every registered type is a full type token (module/Name) or an awsx/credlink component", () => {
    expect(Object.keys(PRICERS).filter((t) => !/^[a-z0-9-]+:[A-Za-z0-9]+\/[A-Za-z0-9]+:[A-Za-z0-9]+$/.test(t) && !/^(awsx|credlink):[a-z0-9]+:[A-Za-z]+$/.test(t))).to.deep.equal([]);
  });
});

describe("pricing context", () => {
  const db = res("credlink:data:Database", "db");
  const instance = res(T.rdsInstance, "db", {}, { parent: db.urn });
  const key = res(T.kmsKey, "key", {}, { parent: { urn: instance.urn } });

  it("GIVEN lines of resources inside a CredLink component, outside any, and stack-wide THEN their components are named accordingly", () => {
    const { ctx, items } = startPricing([db, instance, key, res(T.kmsKey, "loose")], undefined);
    ctx.push(key, "a", 1, 0, "h");
    ctx.push(res(T.kmsKey, "loose"), "b", 1, 0, "h");
    ctx.usageLine(undefined, "c", 1, "GB", PRICES.internetEgressGb, "(data transfer)");
    expect(items.map((i) => [i.component, i.type, i.resource])).to.deep.equal([
      ["Database db", T.kmsKey, "key"],
      ["(stack)", T.kmsKey, "loose"],
      ["(stack usage)", "(data transfer)", "(stack)"],
    ]);
  });

  it("GIVEN amounts of half a cent and just under THEN each line rounds once: $0.005 -> 1 cent, $0.0049 -> 0", () => {
    const { ctx, items } = startPricing([key], undefined);
    ctx.push(key, "half", 0.005, 0.0049, "h");
    expect(items.map((i) => [i.baselineCents, i.usageCents, i.totalCents, i.baselineUsd, i.monthlyUsd])).to.deep.equal([[1, 0, 1, 0.01, 0.01]]);
  });

  it("GIVEN a property that names another resource by dependency or by arn THEN referenced finds it; a dangling name THEN nothing", () => {
    const target = res(T.ecsTaskDefinition, "td", { arn: "arn:td" });
    const byDep = res(T.ecsService, "a", {}, { propertyDependencies: { taskDefinition: [target.urn] } });
    const byArn = res(T.ecsService, "b", { taskDefinition: "arn:td" });
    const dangling = res(T.ecsService, "c", { taskDefinition: "arn:other" });
    const { ctx } = startPricing([target, byDep, byArn, dangling], undefined);
    expect([byDep, byArn, dangling].map((s) => ctx.referenced(s, "taskDefinition", T.ecsTaskDefinition)?.name)).to.deep.equal(["td", "td", undefined]);
  });
});
