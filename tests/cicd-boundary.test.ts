/**
 * Every role the program creates carries the stack's permissions boundary: in both committed programs (each role, its
 * boundary, and the wait for the boundary's policy that the first `up` needs), and the mandatory pack policy
 * `iam-role-has-stack-permissions-boundary` that holds it (passing and failing stacks, and the committed program with
 * one boundary taken away).
 */
import * as assert from "node:assert/strict";
import { expect } from "chai";
import { MANAGED_POLICY_MAX_CHARS } from "../components/cicd/deploy-policy";
import { roleHasStackBoundary, roleTrustWithinAccount } from "../policy/policies/privilege";
import { analyzeProgram, runResourcePolicy, runStackPolicy, show, UNKNOWN } from "../tools/offline/policy";
import { Recorder } from "../tools/offline/mocks";
import { stackCases } from "./policy/cases";
import { committedProgram } from "./helpers/programs";

const ACCOUNT = "123456789012";
const POLICY = "aws:iam/policy:Policy";
const ROLE = "aws:iam/role:Role";

describe("every role carries the stack's permissions boundary (committed programs)", () => {
  for (const stack of ["dev", "prod"] as const) {
    describe(stack, () => {
      let rec: Recorder;
      let outputs: Record<string, any>;
      before(async () => {
        ({ recorder: rec, outputs } = await committedProgram(stack));
      });
      const boundary = () => rec.one(POLICY, `credlink-${stack}-cicd-boundary`);
      const ciBoundary = () => rec.one(POLICY, `credlink-${stack}-cicd-ci-boundary`);
      const ciRoles = [`credlink-${stack}-cicd-deploy`, `credlink-${stack}-cicd-preview`];

      it("WHEN it runs THEN the deploy and preview roles carry the CI boundary, and every other role the stack's boundary", () => {
        const roles = rec.ofType(ROLE);
        expect(roles.length).to.be.greaterThan(ciRoles.length);
        const wrong = roles.filter((r) => r.inputs.permissionsBoundary !== (ciRoles.includes(r.name) ? ciBoundary() : boundary()).state.arn).map((r) => `${r.name}: ${r.inputs.permissionsBoundary}`);
        expect(wrong).to.deep.equal([]);
        expect(boundary().state.arn).to.equal(`arn:aws:iam::${ACCOUNT}:policy/credlink-boundary/credlink-${stack}-boundary`);
        expect(outputs.permissionsBoundaryArn).to.equal(boundary().state.arn);
      });

      it("WHEN it runs THEN both boundaries fit IAM's limit for a managed policy (whitespace not counted)", () => {
        expect([boundary(), ciBoundary()].map((p) => p.inputs.policy.replace(/\s/g, "").length).every((n) => n <= MANAGED_POLICY_MAX_CHARS)).to.equal(true);
      });

      // A boundary is one managed policy and can't be split like the deploy role's: the next guardrail must find room.
      it("WHEN it runs THEN the CI boundary leaves at least 200 of IAM's 6,144 characters for the next guardrail", () => {
        expect(ciBoundary().inputs.policy.replace(/\s/g, "").length).to.be.at.most(MANAGED_POLICY_MAX_CHARS - 200);
      });

      // IAM refuses CreateRole with a boundary that does not exist yet: on the first up every role waits for it.
      it("WHEN it runs THEN every role waits for the policy of the boundary it carries (the first up creates that first)", () => {
        const late = rec
          .ofType(ROLE)
          .filter((r) => !r.dependsOn.includes((ciRoles.includes(r.name) ? ciBoundary() : boundary()).urn))
          .map((r) => r.name);
        expect(late).to.deep.equal([]);
      });
    });
  }

  it("GIVEN prod's committed program as the pack sees it THEN the policy judges every role and finds none without the stack's boundary", async () => {
    const { stack, diagnostics } = await analyzeProgram("prod");
    expect(stack.filter((r) => r.type === ROLE).length).to.be.greaterThan(10);
    expect(diagnostics.filter((d) => d.policyName === roleHasStackBoundary.name)).to.deep.equal([]);
  });

  it("GIVEN prod's committed program as the pack sees it THEN no role trusts outside the account, and the task role made to trust another account is named (mandatory)", async () => {
    const { stack, diagnostics } = await analyzeProgram("prod");
    expect(diagnostics.filter((d) => d.policyName === roleTrustWithinAccount.name)).to.deep.equal([]);
    const task = stack.find((r) => r.type === ROLE && r.name === "credlink-prod-task")!;
    const trust = JSON.parse(task.props.assumeRolePolicy);
    const outside = { ...trust, Statement: [...trust.Statement, { Sid: "Outsider", Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "sts:AssumeRole" }] };
    const { violations } = await runResourcePolicy(roleTrustWithinAccount, { type: ROLE, name: task.name, props: { ...task.props, assumeRolePolicy: JSON.stringify(outside) }, provider: task.provider });
    assert.deepEqual(violations.map((v) => [v.enforcementLevel, v.message]), [["mandatory", `assumeRolePolicy: statement Outsider trusts arn:aws:iam::210987654321:root, in account 210987654321: outside this account (${ACCOUNT}, 222222222222)`]], show(violations));
  });

  it("GIVEN prod's committed program with the task role's boundary taken away THEN the policy names that role (mandatory)", async () => {
    const { stack } = await analyzeProgram("prod");
    const strip = stack.map((r) => (r.type === ROLE && r.name === "credlink-prod-task" ? { ...r, props: { ...r.props, permissionsBoundary: undefined } } : r));
    const { violations } = await runStackPolicy(roleHasStackBoundary, strip);
    assert.deepEqual(
      violations.map((v) => v.message),
      ["credlink-prod-task: has no permissions boundary: every role the stack creates carries the stack's (permissionsBoundary, the DeployIdentity's permissionsBoundaryArn)"],
      show(violations),
    );
    assert.equal(roleHasStackBoundary.enforcementLevel, "mandatory");
  });
});

const doc = (...Statement: any[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const serviceTrust = doc({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" });
const githubTrust = doc({
  Effect: "Allow",
  Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
  Action: "sts:AssumeRoleWithWebIdentity",
  Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repository_owner_id:1:repository_id:2:environment:prod:job_workflow_ref:o/r/.github/workflows/deploy.yml@refs/heads/main" } },
});
const boundaryArn = (name: string, path = "/credlink-boundary/") => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;
const boundaryPolicy = (name: string, path = "/credlink-boundary/") => ({ type: POLICY, name, props: { name, path, arn: boundaryArn(name, path), policy: doc({ Effect: "Allow", Action: "ecs:*", Resource: "*" }) } });
const role = (name: string, assumeRolePolicy: string, permissionsBoundary?: unknown) => ({ type: ROLE, name, props: { name, assumeRolePolicy, ...(permissionsBoundary === undefined ? {} : { permissionsBoundary }) } });
const STACK_BOUNDARY = boundaryPolicy("credlink-prod-boundary");
const CI_BOUNDARY = boundaryPolicy("credlink-prod-ci-boundary");

stackCases(roleHasStackBoundary, {
  pass: [
    { title: "a service role with the stack's boundary", stack: [STACK_BOUNDARY, role("credlink-prod-task", serviceTrust, boundaryArn("credlink-prod-boundary"))] },
    { title: "a GitHub-trusted CI role with the CI boundary, and a service role with the stack's", stack: [STACK_BOUNDARY, CI_BOUNDARY, role("credlink-prod-cicd-deploy", githubTrust, boundaryArn("credlink-prod-ci-boundary")), role("credlink-prod-task", serviceTrust, boundaryArn("credlink-prod-boundary"))] },
    { title: "a GitHub-trusted role with the stack's boundary (the scan and runner-ingress roles)", stack: [STACK_BOUNDARY, role("credlink-prod-cicd-scan", githubTrust, boundaryArn("credlink-prod-boundary"))] },
    { title: "a boundary not yet known (computed on the first create)", stack: [STACK_BOUNDARY, role("credlink-prod-task", serviceTrust, UNKNOWN)] },
  ],
  fail: [
    { title: "a role without a boundary", stack: [STACK_BOUNDARY, role("credlink-prod-task", serviceTrust)], expect: /credlink-prod-task: has no permissions boundary/ },
    { title: "a role with a boundary the stack does not create (an AWS managed policy)", stack: [STACK_BOUNDARY, role("credlink-prod-task", serviceTrust, "arn:aws:iam::aws:policy/PowerUserAccess")], expect: /is not a boundary this stack creates/ },
    { title: "a role with another stack's boundary", stack: [STACK_BOUNDARY, role("credlink-prod-task", serviceTrust, boundaryArn("credlink-dev-boundary"))], expect: /is not a boundary this stack creates/ },
    { title: "a role whose boundary is a policy of the stack outside the boundary path", stack: [boundaryPolicy("credlink-prod-x", "/"), role("credlink-prod-task", serviceTrust, boundaryArn("credlink-prod-x", "/"))], expect: /not a boundary this stack creates/ },
    { title: "a service role with the CI boundary", stack: [CI_BOUNDARY, role("credlink-prod-task", serviceTrust, boundaryArn("credlink-prod-ci-boundary"))], expect: /carries the CI boundary credlink-prod-ci-boundary, which only the CI roles may/ },
  ],
});
