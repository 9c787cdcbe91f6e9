/**
 * Prod's secrets out of reach of unreviewed code: in both workflows, every secret is read only in a job with an
 * environment, every prod role and the prod stack only in a prod* environment (required reviewers), no secret names a
 * stack and no passphrase exists (each stack's secrets are its own KMS key's). The rule bites: synthetic jobs that break
 * each part, and the preview job as it was, fail it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { REPO_ROOT } from "../tools/project";
import { environmentOf, secretScopeProblems, secretsRead } from "./helpers/workflows";

const workflow = (file: string) => parse(fs.readFileSync(path.join(REPO_ROOT, ".github/workflows", file), "utf8"));
const job = (body: Record<string, unknown>) => ({ jobs: { j: { "runs-on": "ubuntu-24.04", steps: [{ run: "true" }], ...body } } });
const assume = (role: string) => ({ steps: [{ uses: "aws-actions/configure-aws-credentials@0", with: { "role-to-assume": `\${{ vars.${role} }}` } }] });
const token = { env: { PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}" } };

describe("workflow secrets are environment-scoped; prod only through prod* environments", () => {
  for (const file of ["deploy.yml", "pull-request.yml"]) {
    it(`GIVEN ${file} THEN no job reads a secret without an environment, reaches prod outside prod*, or names a stack's secret`, () => {
      expect(secretScopeProblems(workflow(file))).to.deep.equal([]);
    });
  }

  it("GIVEN both workflows THEN the only secret is the Pulumi Cloud token, read in exactly the four jobs that run pulumi, each in its stack's environment", () => {
    const readers = ["deploy.yml", "pull-request.yml"].flatMap((file) =>
      Object.entries<any>(workflow(file).jobs)
        .filter(([, j]) => secretsRead(j).length > 0)
        .map(([name, j]) => `${file} ${name} (${environmentOf(j)}): ${secretsRead(j).join(", ")}`),
    );
    expect(readers).to.deep.equal([
      "deploy.yml deploy-dev (dev): PULUMI_ACCESS_TOKEN",
      "deploy.yml deploy-prod (prod): PULUMI_ACCESS_TOKEN",
      "pull-request.yml preview-dev (dev-preview): PULUMI_ACCESS_TOKEN",
      "pull-request.yml preview-prod (prod-preview): PULUMI_ACCESS_TOKEN",
    ]);
  });

  it("GIVEN both workflows THEN no passphrase appears anywhere (the stacks' secrets provider is awskms)", () => {
    for (const file of ["deploy.yml", "pull-request.yml"]) expect(fs.readFileSync(path.join(REPO_ROOT, ".github/workflows", file), "utf8"), file).to.not.match(/PASSPHRASE/);
  });

  it("GIVEN the jobs that reach prod THEN they are exactly scan-prod (prod-checks, the read-only scan role), deploy-prod (prod) and preview-prod (prod-preview)", () => {
    const prodJobs = ["deploy.yml", "pull-request.yml"].flatMap((file) =>
      Object.entries<any>(workflow(file).jobs)
        .filter(([, j]) => /_ARN_PROD|"stack-name":"prod"/.test(JSON.stringify(j)))
        .map(([name, j]) => `${name} ${environmentOf(j)}`),
    );
    expect(prodJobs).to.deep.equal(["scan-prod prod-checks", "deploy-prod prod", "preview-prod prod-preview"]);
  });

  describe("the rule bites", () => {
    it("GIVEN a job that reads a secret with no environment THEN it is named", () => {
      expect(secretScopeProblems(job(token))).to.deep.equal(["j: reads PULUMI_ACCESS_TOKEN without an environment: secrets are environment-scoped"]);
    });

    it("GIVEN a job that assumes a prod role in the dev environment, or in none THEN it is named", () => {
      expect(secretScopeProblems(job({ environment: "dev", ...assume("AWS_DEPLOY_ROLE_ARN_PROD") }))).to.deep.equal([
        "j: assumes a prod role or works on prod outside a prod* environment (required reviewers), in dev",
      ]);
      expect(secretScopeProblems(job(assume("AWS_PREVIEW_ROLE_ARN_PROD")))).to.have.length(1);
    });

    it("GIVEN a job that previews the prod stack without a prod* environment THEN it is named", () => {
      expect(secretScopeProblems(job({ environment: "dev-preview", steps: [{ uses: "pulumi/actions@0", with: { command: "preview", "stack-name": "prod" } }] }))).to.have.length(1);
    });

    it("GIVEN a stack-named secret, a passphrase or an environment chosen by an expression THEN each is named", () => {
      expect(secretScopeProblems(job({ environment: "prod", env: { T: "${{ secrets.PULUMI_ACCESS_TOKEN_PROD }}", P: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}" } }))).to.deep.equal([
        "j: secrets.PULUMI_ACCESS_TOKEN_PROD names a stack: set the common name in the stack's environment instead",
        "j: secrets.PULUMI_CONFIG_PASSPHRASE is a passphrase: the stacks' secrets are encrypted with their own KMS keys",
      ]);
      expect(secretScopeProblems(job({ environment: "${{ matrix.stack }}-preview", ...token }))).to.deep.equal(['j: environment "${{ matrix.stack }}-preview" must be a literal name, not an expression']);
    });

    it("GIVEN a job in prod-preview that reads the token and assumes prod's preview role THEN nothing is named (the shape preview-prod has)", () => {
      expect(secretScopeProblems(job({ environment: "prod-preview", ...token, ...assume("AWS_PREVIEW_ROLE_ARN_PROD") }))).to.deep.equal([]);
    });

    it("GIVEN the preview job as it was (a matrix over both stacks, no environment) THEN it fails on the secrets, the passphrase and prod's role", () => {
      const old = parse(fs.readFileSync(path.join(REPO_ROOT, "tests/fixtures/workflows/old-preview-job.yml"), "utf8"));
      expect(secretScopeProblems(old)).to.deep.equal([
        "preview: reads PULUMI_ACCESS_TOKEN, PULUMI_CONFIG_PASSPHRASE without an environment: secrets are environment-scoped",
        "preview: assumes a prod role or works on prod outside a prod* environment (required reviewers), in none",
        "preview: secrets.PULUMI_CONFIG_PASSPHRASE is a passphrase: the stacks' secrets are encrypted with their own KMS keys",
      ]);
    });
  });
});
