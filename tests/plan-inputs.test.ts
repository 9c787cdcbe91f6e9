import { expect } from "chai";
import { flattenInputs, pathSegments } from "../tools/plan/inputs";

describe("the plan's input paths (tools/plan/inputs.ts)", () => {
  const policy = (statements: object[]) => ({ policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });

  it("GIVEN a policy whose statements all have distinct Sids THEN each statement's leaves are keyed by its Sid", () => {
    expect([...flattenInputs(policy([{ Sid: "A", Effect: "Deny" }, { Sid: "B", Effect: "Allow" }])).entries()]).to.deep.equal([
      ["policy.Version", "2012-10-17"],
      ['policy.Statement["A"].Sid', "A"],
      ['policy.Statement["A"].Effect', "Deny"],
      ['policy.Statement["B"].Sid', "B"],
      ['policy.Statement["B"].Effect', "Allow"],
    ]);
  });

  it("GIVEN a statement without a Sid, or two with the same THEN the statements are keyed by index", () => {
    expect([...flattenInputs(policy([{ Sid: "A" }, { Effect: "Allow" }])).keys()]).to.deep.equal(["policy.Version", "policy.Statement[0].Sid", "policy.Statement[1].Effect"]);
    expect([...flattenInputs(policy([{ Sid: "A" }, { Sid: "A" }])).keys()]).to.deep.equal(["policy.Version", "policy.Statement[0].Sid", "policy.Statement[1].Sid"]);
  });

  it("GIVEN a Sid-keyed or indexed path THEN its property names drop both keys", () => {
    expect([pathSegments('policy.Statement["A"].Effect'), pathSegments("networkConfiguration.subnets[2]")]).to.deep.equal([
      ["policy", "Statement", "Effect"],
      ["networkConfiguration", "subnets"],
    ]);
  });
});
