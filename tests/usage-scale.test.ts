/**
 * The cost curve's arithmetic (policy/cost/usage-scale.ts) with exact numbers, and the --usage-scale flag's
 * parsing and errors (tools/plan/args.js). No program runs.
 */
import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { loadUsage, Usage } from "../policy/cost/usage";
import { Autoscaling, scaleTasks, scaleUsage, SCALING } from "../policy/cost/usage-scale";
import { parseCommandLine, UsageError } from "../tools/plan/args";
import { BOOTSTRAP } from "./helpers/plan";

/** Prod's committed service: 2 tasks, 2-4, 500 requests per task per minute. */
const PROD: Autoscaling = { desiredCount: 2, minCount: 2, maxCount: 4, requestsPerTarget: 500 };

describe("usage scale (the cost curve's arithmetic)", () => {
  const prod = loadUsage("prod");
  const dev = loadUsage("dev");

  it("GIVEN factor 1 THEN prod's and dev's committed usage come back unchanged, task-hours included (the identity)", () => {
    expect(scaleUsage(prod, 1, PROD).usage).to.deep.equal(prod);
    expect(scaleUsage(dev, 1, { desiredCount: 1, minCount: 1, maxCount: 2, requestsPerTarget: 500 }).usage).to.deep.equal(dev);
  });

  it("GIVEN prod at 1x THEN 1.5M requests a month are 34.25 a minute: 2 tasks (minCount), the committed 13.3 task-hours (deployments), the cap binding above 58.4x and the extra hours above 109.77x", () => {
    expect(scaleTasks(prod, 1, PROD)).to.deep.equal({
      requestsPerMinute: 34.25,
      tasksNeeded: 2,
      steadyTasks: 2,
      capBinds: false,
      extraTaskHours: 13.3,
      steadyCapAtFactor: 58.4,
      burstCapAtFactor: 109.77,
    });
  });

  it("GIVEN prod at 10x THEN 342.47 requests a minute still need 2 tasks, and the extra hours scale to 133 task-hours (under the 1,460 the cap leaves)", () => {
    expect(scaleTasks(prod, 10, PROD)).to.include({ requestsPerMinute: 342.47, tasksNeeded: 2, steadyTasks: 2, capBinds: false, extraTaskHours: 133 });
  });

  it("GIVEN prod at 100x THEN 3,424.66 requests a minute need 7 tasks, the cap holds it at 4: 1,460 task-hours above desiredCount and no room for bursts", () => {
    expect(scaleTasks(prod, 100, PROD)).to.include({ requestsPerMinute: 3424.66, tasksNeeded: 7, steadyTasks: 4, capBinds: true, extraTaskHours: 1460 });
  });

  it("GIVEN 1,000 requests a minute at 1x THEN 2x is an exact fit under the cap of 4 (2,000 / 500), and 2.002x needs a fifth task: the cap binds", () => {
    const usage: Usage = { traffic: { requestsMillions: 43.8 } };
    expect(scaleTasks(usage, 2, PROD)).to.include({ requestsPerMinute: 2000, tasksNeeded: 4, steadyTasks: 4, capBinds: false, extraTaskHours: 1460 });
    expect(scaleTasks(usage, 2.002, PROD)).to.include({ requestsPerMinute: 2002, tasksNeeded: 5, steadyTasks: 4, capBinds: true, extraTaskHours: 1460 });
  });

  it("GIVEN bursts that outgrow the headroom THEN they are cut at (maxCount - steady) x 730 h", () => {
    expect(scaleTasks({ fargate: { extraTaskHours: 100 } }, 14.6, PROD).extraTaskHours).to.equal(1460);
    expect(scaleTasks({ fargate: { extraTaskHours: 100 } }, 20, PROD).extraTaskHours).to.equal(1460);
    expect(scaleTasks({ fargate: { extraTaskHours: 100 } }, 14, PROD).extraTaskHours).to.equal(1400);
  });

  it("GIVEN no traffic figure THEN tasks stay at desiredCount and the cap factors are unknown", () => {
    expect(scaleTasks({ fargate: { extraTaskHours: 10 } }, 3, PROD)).to.deep.equal({
      requestsPerMinute: 0,
      tasksNeeded: 2,
      steadyTasks: 2,
      capBinds: false,
      extraTaskHours: 30,
      steadyCapAtFactor: null,
      burstCapAtFactor: 146,
    });
  });

  it("GIVEN prod at 10x THEN the traffic-driven figures are multiplied by 10 and ECR, secret reads, management events and cache snapshots are kept", () => {
    const scaled = scaleUsage(prod, 10, PROD).usage;
    expect(scaled.traffic).to.deep.equal({ requestsMillions: 15 });
    const s3 = prod.s3!;
    expect(scaled.s3).to.deep.equal({ storageGb: s3.storageGb! * 10, writeRequestsThousands: s3.writeRequestsThousands! * 10, readRequestsThousands: s3.readRequestsThousands! * 10, replicatedTransferGb: s3.replicatedTransferGb! * 10 });
    expect(scaled.loadBalancer).to.deep.equal({ averageLcu: prod.loadBalancer!.averageLcu! * 10 });
    expect(scaled.fargate).to.deep.equal({ extraTaskHours: 133 });
    expect([scaled.ecr, scaled.secretsManager, scaled.guardDuty?.cloudTrailEventsMillions, scaled.elasticache]).to.deep.equal([prod.ecr, prod.secretsManager, prod.guardDuty!.cloudTrailEventsMillions, prod.elasticache]);
    expect(scaled.guardDuty?.logGb).to.equal(prod.guardDuty!.logGb! * 10);
  });

  it("GIVEN no autoscaling THEN extraTaskHours is multiplied like the rest", () => {
    expect(scaleUsage({ fargate: { extraTaskHours: 100 } }, 10).usage).to.deep.equal({ fargate: { extraTaskHours: 1000 } });
  });

  it("GIVEN a usage figure the table doesn't classify THEN it is kept and named, and the committed usage.yml has none", () => {
    const odd = { natInstance: { gbProcessed: 5 } } as unknown as Usage;
    expect(scaleUsage(odd, 10)).to.deep.equal({ usage: { natInstance: { gbProcessed: 5 } }, unclassified: ["natInstance.gbProcessed"] });
    expect([scaleUsage(prod, 10, PROD).unclassified, scaleUsage(dev, 10).unclassified]).to.deep.equal([[], []]);
    expect(Object.keys(SCALING).length).to.be.greaterThan(15);
  });

  it("GIVEN factor 0, -1 or NaN THEN scaleUsage refuses it naming the factor", () => {
    expect(() => scaleUsage(prod, 0)).to.throw("factor must be a number greater than 0 (1 = the committed usage.yml), got 0");
    expect(() => scaleUsage(prod, -1)).to.throw("factor must be a number greater than 0 (1 = the committed usage.yml), got -1");
    expect(() => scaleUsage(prod, NaN)).to.throw("factor must be a number greater than 0 (1 = the committed usage.yml), got NaN");
  });
});

describe("npm run plan -- --usage-scale", () => {
  const message = (raw: string) => `--usage-scale must be a number greater than 0 (1 = the committed usage.yml, 10 = ten times the traffic), got "${raw}"`;

  it("GIVEN no flag THEN the scale is 1; GIVEN 10, 0.5 or 2.5e1 THEN that number", () => {
    expect([[], ["--usage-scale", "10"], ["--usage-scale", "0.5"], ["--usage-scale=2.5e1"]].map((argv) => parseCommandLine(argv).usageScale)).to.deep.equal([1, 10, 0.5, 25]);
  });

  for (const raw of ["0", "-1", "10x", "", "Infinity", "NaN", "1e400"]) {
    it(`GIVEN --usage-scale=${JSON.stringify(raw)} THEN it is a usage error that names the flag and the value`, () => {
      expect(() => parseCommandLine([`--usage-scale=${raw}`])).to.throw(UsageError, message(raw));
    });
  }

  it("GIVEN --usage-scale 0 on the command line THEN the plan exits 2 with the message and the usage, before anything loads", () => {
    const run = spawnSync(process.execPath, [BOOTSTRAP, "--stack", "prod", "--usage-scale", "0"], { encoding: "utf8" });
    expect([run.status, run.stdout, run.stderr.split("\n")[0]]).to.deep.equal([2, "", `plan: ${message("0")}`]);
    expect(run.stderr).to.include("--usage-scale FACTOR");
  });
});
