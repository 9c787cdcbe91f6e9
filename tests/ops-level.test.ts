/**
 * Dev lean: the credlink:ops.level key and its rules. "full" (the default; prod must keep it) builds the
 * dashboard, the SLO's burn-rate alarms and the tier alarms; "lean" (dev) builds none of them, so chaos, which stops on
 * the SLO's service-degraded alarm, needs "full". The programs with each level: tests/ops-stack.test.ts.
 */
import { expect } from "chai";
import { parseStackConfig } from "../stacks/config";
import { stackConfig } from "../tools/offline/program";
import { problemsFor } from "./helpers/config";

/** Dev with what chaos needs besides the operations level (a standby and a cache replica). */
const DEV_CHAOS_READY = { "credlink:chaos": { enabled: true }, "credlink:database": { multiAz: true }, "credlink:cache": { replicas: 1 } };

const level = (stack: string, patch: Record<string, unknown> = {}) => parseStackConfig(stackConfig(stack, patch), "credlink", stack).ops.level;

describe("credlink:ops.level config (dev lean)", () => {
  it("GIVEN the committed stacks THEN dev is lean and prod is full", () => {
    expect({ dev: level("dev"), prod: level("prod") }).to.deep.equal({ dev: "lean", prod: "full" });
  });

  it("GIVEN no credlink:ops in dev THEN the level defaults to full", () => {
    expect(level("dev", { "credlink:ops": undefined })).to.equal("full");
  });

  it("GIVEN prod with lean THEN it is refused, naming the key, the value and what prod needs", () => {
    expect(problemsFor("prod", { "credlink:ops": { level: "lean" } })).to.deep.equal([
      "credlink:ops.level must be \"full\" in prod: the dashboard, the SLO's burn-rate alarms (the one page for users failing) and the tier alarms, got \"lean\"",
    ]);
  });

  it("GIVEN a level that is neither THEN the allowed values are listed", () => {
    expect(problemsFor("dev", { "credlink:ops": { level: "minimal" } })).to.deep.equal(['credlink:ops.level must be one of "full" | "lean", got "minimal"']);
  });

  it("GIVEN chaos in dev with lean (and a standby and a replica) THEN it is refused: the experiments stop on the service-degraded alarm", () => {
    expect(problemsFor("dev", DEV_CHAOS_READY)).to.deep.equal([
      'credlink:chaos.enabled needs credlink:ops.level "full": the experiments stop on the service-degraded alarm, which "lean" does not build, got true',
    ]);
  });

  it("GIVEN chaos in dev with full (and a standby and a replica) THEN it parses", () => {
    expect(level("dev", { ...DEV_CHAOS_READY, "credlink:ops": { level: "full" } })).to.equal("full");
  });

  it("GIVEN an unknown key under credlink:ops THEN it is refused with the allowed key", () => {
    expect(problemsFor("dev", { "credlink:ops": { levle: "full" } })).to.deep.equal(['credlink:ops.levle is not a known key (did you mean "level"?); allowed here: level']);
  });
});
