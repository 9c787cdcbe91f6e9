/**
 * The plan's failure path for a call the mocks don't answer: a program that uses a data source tools/offline/mocks.ts
 * doesn't know must fail `npm run plan` (exit 1) with a message naming the invoke, whichever way the program uses it:
 * awaited (the program rejects, and the SDK drops the mock's message), as an Output (the program never finishes), or
 * caught and ignored (nothing else fails). The stand-in program is preloaded in place of stacks/index.ts
 * (tests/fixtures/programs/unmocked-invoke.js); the three plans run side by side in child processes, as `npm run plan`.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../tools/project";

const BOOTSTRAP = path.join(REPO_ROOT, "tools/plan/bootstrap.js");
const STAND_IN = path.join(REPO_ROOT, "tests/fixtures/programs/unmocked-invoke.js");
const FORMS = ["awaited", "output", "caught"] as const;
type Form = (typeof FORMS)[number];

interface Plan {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function plan(form: Form): Promise<Plan> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, UNMOCKED_INVOKE_FORM: form };
    delete env.PULUMI_NODEJS_TRANSPILE_ONLY;
    // The suite's plan memo keys a report by the repository's sources, not by a preloaded stand-in: it would hand back
    // the real dev plan.
    delete env.CREDLINK_PLAN_MEMO;
    const child = spawn(process.execPath, ["--require", STAND_IN, BOOTSTRAP, "--stack", "dev"], { cwd: REPO_ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** The plan's own failure lines (stderr lines from "plan: " on), without the mocks' log line. */
const failure = (run: Plan) => run.stderr.slice(run.stderr.indexOf("plan: ")).trimEnd();

describe("npm run plan: an invoke the mocks don't answer", function () {
  this.timeout(180_000);
  const runs = new Map<Form, Plan>();
  before(async () => {
    const [awaited, output] = await Promise.all([plan("awaited"), plan("output")]);
    runs.set("awaited", awaited).set("output", output).set("caught", await plan("caught"));
  });

  const EXPECTED: Readonly<Record<Form, { given: string; then: string; failure: string }>> = {
    awaited: {
      given: "awaits an unknown data source",
      then: "it exits 1 naming the invoke, and writes no report",
      failure: 'plan: stack "dev" failed: the program invoked aws:ec2/getVpc:getVpc, which the mocks don\'t answer',
    },
    output: {
      given: "feeds an unknown data source's Output to a resource",
      then: "it exits 1: the program never finished, because of that invoke",
      failure: 'plan: stack "dev" failed: the program stopped before it finished (it invoked aws:ec2/getVpc:getVpc, which the mocks don\'t answer); no report was written',
    },
    caught: {
      given: "catches the unknown data source's failure and carries on",
      then: "it still exits 1 naming the invoke",
      failure: 'plan: stack "dev" failed:\n  - the program invoked aws:ec2/getVpc:getVpc, which the mocks don\'t answer',
    },
  };

  for (const form of FORMS) {
    it(`GIVEN a program that ${EXPECTED[form].given} WHEN planned THEN ${EXPECTED[form].then}`, () => {
      const run = runs.get(form) as Plan;
      expect({ status: run.status, stdout: run.stdout, failure: failure(run) }).to.deep.equal({ status: 1, stdout: "", failure: EXPECTED[form].failure });
    });
  }

  it("GIVEN any of them WHEN planned THEN the mocks say what to do: add the invoke with a realistic answer", () => {
    for (const form of FORMS) {
      expect((runs.get(form) as Plan).stderr, form).to.include('[mocks] unmocked invoke aws:ec2/getVpc:getVpc({"default":true}): add it to tools/offline/mocks.ts with a realistic answer');
    }
  });
});
