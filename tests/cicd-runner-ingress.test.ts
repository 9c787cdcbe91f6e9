/**
 * CI reaches dev's allowlisted load balancer: the runner-ingress role (credlink:cicd:RunnerIngress: trusted by the dev
 * check job's subject only, never the deploy job's, allowed to authorize and revoke ingress on the load balancer's one
 * security group), where the programs create it (dev, whose load balancer admits an allowlist; not prod), the
 * allowlist's room for the runner's rules, and the script the check job runs
 * (.github/scripts/runner-ingress.sh) against a stub `aws` that keeps the group's rules in a file: open admits the
 * runner's /32 on 80 and 443 after clearing leftovers, close revokes exactly the rules it describes, twice is harmless.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { MAX_ALLOWED_CIDRS_WITH_RUNNER, RUNNER_RULE_DESCRIPTION_PREFIX, RunnerIngress, SECURITY_GROUP_INBOUND_RULES, validateRunnerIngressArgs } from "../components/cicd/runner-ingress";
import { parseStackConfig } from "../stacks/config";
import { needsRunnerIngress } from "../stacks/parts/cicd";
import { stackConfig } from "../tools/offline/program";
import { problemsFor } from "./helpers/config";
import { Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { REPO_ROOT } from "../tools/project";
import { committedProgram } from "./helpers/programs";

const ROLE = "aws:iam/role:Role";
const SUBJECT = "repository_owner_id:11111111:repository_id:22222222:environment:dev-checks:job_workflow_ref:credlink/infrastructure/.github/workflows/deploy.yml@refs/heads/main";

describe("the runner-ingress role in the committed programs", () => {
  let dev: Recorder;
  let devOutputs: Record<string, any>;
  let prod: Recorder;
  before(async () => {
    ({ recorder: dev, outputs: devOutputs } = await committedProgram("dev"));
    prod = (await committedProgram("prod")).recorder;
  });

  // Old: the dev deploy job's subject, so k6 and ZAP ran with a token the deploy role accepted.
  it("GIVEN dev (its load balancer admits an allowlist) THEN the role trusts exactly the dev check job's subject (dev-checks), not the deploy job's, through dev's provider", () => {
    const role = dev.one(ROLE, "credlink-dev-cicd-runner-ingress");
    expect(JSON.parse(role.inputs.assumeRolePolicy)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "GitHubActionsOidc",
          Effect: "Allow",
          Principal: { Federated: dev.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider").state.arn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": SUBJECT } },
        },
      ],
    });
    expect(devOutputs.checksSubject).to.equal(SUBJECT);
    expect(devOutputs.deploySubject).to.equal(SUBJECT.replace(":environment:dev-checks:", ":environment:dev:"));
    expect([role.inputs.maxSessionDuration, role.inputs.permissionsBoundary]).to.deep.equal([3600, dev.one("aws:iam/policy:Policy", "credlink-dev-cicd-boundary").state.arn]);
  });

  it("GIVEN dev THEN the role may authorize and revoke ingress on the load balancer's group only, and read rules in dev's region", () => {
    const group = dev.one("aws:ec2/securityGroup:SecurityGroup", "credlink-dev-alb");
    expect(JSON.parse(dev.one("aws:iam/rolePolicy:RolePolicy", "credlink-dev-cicd-runner-ingress").inputs.policy)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        { Sid: "OpenAndCloseThisGroupOnly", Effect: "Allow", Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], Resource: `arn:aws:ec2:us-east-1:123456789012:security-group/${group.id}` },
        { Sid: "ReadTheGroupsRules", Effect: "Allow", Action: ["ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups"], Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } },
      ],
    });
    expect([devOutputs.runnerIngressRoleArn, devOutputs.loadBalancerSecurityGroupId]).to.deep.equal([dev.one(ROLE, "credlink-dev-cicd-runner-ingress").state.arn, group.id]);
  });

  it("GIVEN prod (its load balancer is public, behind the WAF) THEN there is no runner-ingress role", () => {
    expect(prod.ofType(ROLE).filter((r) => r.name.includes("runner-ingress"))).to.deep.equal([]);
  });

  it("GIVEN a subject with a wildcard THEN the component refuses it naming subject", () => {
    expect(() => validateRunnerIngressArgs({ securityGroupId: "sg-1", oidcProviderArn: "p", subject: "repository_owner_id:*" })).to.throw(/^subject must be one exact OIDC subject/);
  });

  it("GIVEN the component on its own without a boundary THEN it still builds one role and one policy (the boundary is the program's)", async () => {
    const { recorder } = await runComponent(() => new RunnerIngress("x-cicd-runner-ingress", { securityGroupId: "sg-0123456789abcdef0", oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com", subject: SUBJECT }));
    expect(recorder.all.filter((r) => r.custom).map((r) => r.type)).to.deep.equal([ROLE, "aws:iam/rolePolicy:RolePolicy"]);
  });
});

// Old: up to 30 blocks (two rules each: 60), so the runner's two rules hit the group's quota on the deploy job's open.
describe("the allowlist leaves room for the runner's two rules (60 inbound rules per security group)", () => {
  const blocks = (n: number) => Array.from({ length: n }, (_, i) => `198.51.${i}.0/24`);
  const parses = (allowedCidrs: string[], edge: Record<string, unknown> = {}) => () => parseStackConfig(stackConfig("dev", { "credlink:service": { allowedCidrs }, ...edge }), "credlink", "dev");

  it("GIVEN the quota and the listener ports THEN the limit is (60 - 2) / 2 = 29", () => {
    expect([SECURITY_GROUP_INBOUND_RULES, MAX_ALLOWED_CIDRS_WITH_RUNNER]).to.deep.equal([60, 29]);
  });

  it("GIVEN dev with 29 blocks THEN the config is accepted and the runner-ingress role is needed", () => {
    expect(parses(blocks(29))).to.not.throw();
    expect(needsRunnerIngress(parses(blocks(29))())).to.equal(true);
  });

  it("GIVEN dev with 30 blocks THEN the config is refused naming the key, the value and the limit", () => {
    expect(problemsFor("dev", { "credlink:service": { allowedCidrs: blocks(30) } })).to.deep.equal([
      `credlink:service.allowedCidrs must list at most 29 CIDR blocks when the load balancer admits an allowlist: two inbound rules each (80 and 443), plus the two CI adds for its runner during a deploy, within the 60 inbound rules of a security group, got a list ${JSON.stringify(blocks(30))}`,
    ]);
  });

  it("GIVEN 30 blocks with 0.0.0.0/0 among them (no runner rules then) THEN the runner's limit does not apply", () => {
    expect(parses([...blocks(29), "0.0.0.0/0"])).to.not.throw();
  });
});

describe("runner-ingress.sh against a stub aws", () => {
  const GROUP = "sg-0123456789abcdef0";
  const OFFICE = { SecurityGroupRuleId: "sgr-office0000000001", IsEgress: false, Description: "HTTP from the allowed block 198.51.100.0/24 (no certificate: HTTP only)" };
  const EGRESS = { SecurityGroupRuleId: "sgr-egress0000000001", IsEgress: true, Description: `${RUNNER_RULE_DESCRIPTION_PREFIX} (egress, not ours)` };
  const LEFTOVER = { SecurityGroupRuleId: "sgr-leftover00000001", IsEgress: false, Description: `${RUNNER_RULE_DESCRIPTION_PREFIX} run 41` };
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credlink-ingress-"));
    fs.mkdirSync(path.join(dir, "bin"));
    // The group's rules live in rules.json; authorize appends (one rule per permission), revoke removes by id.
    fs.writeFileSync(
      path.join(dir, "bin", "aws"),
      `#!/bin/bash
S="${dir}"
printf '%s\\n' "$*" >> "$S/calls"
case "$1 $2" in
  "ec2 describe-security-group-rules") jq '{SecurityGroupRules: .}' "$S/rules.json" ;;
  "ec2 authorize-security-group-ingress")
    perms="\${@: -1}"
    jq --argjson p "$perms" '. + [$p[] | {SecurityGroupRuleId: ("sgr-new" + (.FromPort|tostring)), IsEgress: false, Description: .IpRanges[0].Description, CidrIpv4: .IpRanges[0].CidrIp, FromPort, ToPort}]' "$S/rules.json" > "$S/r" && mv "$S/r" "$S/rules.json" ;;
  "ec2 revoke-security-group-ingress")
    shift 5; ids="$*"
    jq --arg ids "$ids" '[.[] | select(.SecurityGroupRuleId as $i | ($ids | split(" ") | index($i)) | not)]' "$S/rules.json" > "$S/r" && mv "$S/r" "$S/rules.json" ;;
  *) echo "aws stub: unexpected $*" >&2; exit 252 ;;
esac
`,
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(dir, "bin", "curl"), `#!/bin/bash\ncat "${dir}/address"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "address"), "203.0.113.7\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const rules = (list: object[]) => fs.writeFileSync(path.join(dir, "rules.json"), JSON.stringify(list));
  const current = () => JSON.parse(fs.readFileSync(path.join(dir, "rules.json"), "utf8"));
  const calls = () => (fs.existsSync(path.join(dir, "calls")) ? fs.readFileSync(path.join(dir, "calls"), "utf8").trim().split("\n") : []);
  const run = (action: string, env: Record<string, string> = {}) =>
    spawnSync("bash", [path.join(REPO_ROOT, ".github/scripts/runner-ingress.sh"), action], {
      env: { PATH: `${path.join(dir, "bin")}:/usr/bin:/bin`, SECURITY_GROUP_ID: GROUP, GITHUB_RUN_ID: "42", ...env },
      encoding: "utf8",
    });

  it("GIVEN a group with only the office rule THEN open admits the runner's /32 on 80 and 443, described with the run, and leaves the office rule", () => {
    rules([OFFICE]);
    const result = run("open");
    expect(result.status, result.stderr).to.equal(0);
    const permissions = (c: string) => JSON.parse(c.slice(c.indexOf("--ip-permissions ") + "--ip-permissions ".length));
    const authorize = calls().find((c) => c.startsWith("ec2 authorize-security-group-ingress"))!;
    expect(authorize.startsWith(`ec2 authorize-security-group-ingress --group-id ${GROUP} --ip-permissions `)).to.equal(true);
    expect(permissions(authorize)).to.deep.equal([80, 443].map((port) => ({ IpProtocol: "tcp", FromPort: port, ToPort: port, IpRanges: [{ CidrIp: "203.0.113.7/32", Description: "github-actions-runner run 42" }] })));
    expect(current().map((r: any) => r.SecurityGroupRuleId)).to.deep.equal(["sgr-office0000000001", "sgr-new80", "sgr-new443"]);
  });

  it("GIVEN a rule a cancelled run left THEN open revokes it first, then admits this runner", () => {
    rules([OFFICE, LEFTOVER]);
    expect(run("open").status).to.equal(0);
    expect(calls().filter((c) => !c.startsWith("ec2 describe"))[0]).to.equal(`ec2 revoke-security-group-ingress --group-id ${GROUP} --security-group-rule-ids sgr-leftover00000001`);
    expect(current().map((r: any) => r.SecurityGroupRuleId)).to.deep.equal(["sgr-office0000000001", "sgr-new80", "sgr-new443"]);
  });

  it("GIVEN an open group THEN close revokes exactly the runner's rules (not the office's, not an egress rule), and a second close does nothing", () => {
    rules([OFFICE, EGRESS]);
    expect(run("open").status).to.equal(0);
    expect(run("close").status).to.equal(0);
    expect(current().map((r: any) => r.SecurityGroupRuleId)).to.deep.equal(["sgr-office0000000001", "sgr-egress0000000001"]);
    const before = calls().length;
    const again = run("close");
    expect([again.status, calls().slice(before)]).to.deep.equal([0, [`ec2 describe-security-group-rules --filters Name=group-id,Values=${GROUP} --output json`]]);
    expect(again.stdout).to.include("no runner rule to revoke");
  });

  it("GIVEN an address that is not an IPv4 address THEN open fails before authorizing anything", () => {
    rules([OFFICE]);
    fs.writeFileSync(path.join(dir, "address"), "<html>error</html>");
    const result = run("open");
    expect(result.status).to.equal(1);
    expect(calls().filter((c) => c.startsWith("ec2 authorize"))).to.deep.equal([]);
  });

  it("GIVEN a security group id or a run id that is not one, or another action THEN it refuses before calling aws", () => {
    expect(run("open", { SECURITY_GROUP_ID: "sg-x; rm -rf /" }).status).to.equal(2);
    expect(run("open", { GITHUB_RUN_ID: "42;x" }).status).to.equal(2);
    expect(run("widen").status).to.equal(2);
    expect(calls()).to.deep.equal([]);
  });
});
