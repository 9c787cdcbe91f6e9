/**
 * CI/CD: credlink:cicd:DeployIdentity on its own. The trust (the exact subjects GitHub's customized `sub` carries), the
 * roles' managed policies and the guardrails (whole statements), the permissions boundary, the secrets-provider key,
 * the preview role's reads, and the arguments' boundaries (valid and invalid values on each side), with the config
 * errors naming the key.
 */
import { expect } from "chai";
import { BOUNDARY_SERVICES, CI_BOUNDARY_SUFFIX, permissionsBoundaryArn } from "../components/cicd/boundary";
import { ciBoundaryServices, DATA_PLANE_READS, MANAGED_POLICY_MAX_CHARS } from "../components/cicd/deploy-policy";
import { DeployIdentity, DeployIdentityArgs, oidcSubjectCustomization, resolveDeployIdentityArgs, stateKeyPolicy, validateDeployIdentityArgs } from "../components/cicd/deploy-identity";
import { breakGlassActions, passedToServices } from "../components/cicd/permissions";
import { CI_BOUNDARY_SUFFIX as PACK_CI_BOUNDARY_SUFFIX } from "../policy/lib/boundary";
import { MOCK_ACCOUNT_ID } from "../tools/offline/mocks";
import { outputValue } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { problemsFor } from "./helpers/config";
import { identityDocuments, IdentityDocuments } from "./helpers/cicd";
import { evaluate, statementsOf } from "./helpers/iam-eval";

const ACCOUNT = MOCK_ACCOUNT_ID;
const ARGS: DeployIdentityArgs = {
  githubOwner: "credlink",
  githubRepo: "infrastructure",
  githubOwnerId: "91234567",
  githubRepoId: "812345678",
  environment: "dev",
  resourcePrefix: "credlink-dev",
  regions: ["us-east-1"],
  breakGlassRoleArn: `arn:aws:iam::${ACCOUNT}:role/credlink-break-glass`,
};
const validate = (patch: Partial<DeployIdentityArgs>) => () => validateDeployIdentityArgs(resolveDeployIdentityArgs({ ...ARGS, ...patch }));
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/credlink-boundary/credlink-dev-boundary`;
const CI_BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/credlink-boundary/credlink-dev-ci-boundary`;

let dev: IdentityDocuments;
before(async () => {
  dev = await identityDocuments(ARGS);
});
const statement = (docs: { doc: any }[], sid: string) => docs.flatMap((p) => statementsOf(p.doc)).find((s) => s.Sid === sid);
const trustOf = (role: string) => JSON.parse(dev.recorder.one("aws:iam/role:Role", role).inputs.assumeRolePolicy);

describe("DeployIdentity: trust pinned to what GitHub's token proves", () => {
  it("GIVEN the repository's subject customization THEN its body is exactly use_default false and the four claim keys, in order", () => {
    expect(oidcSubjectCustomization()).to.deep.equal({ use_default: false, include_claim_keys: ["repository_owner_id", "repository_id", "context", "job_workflow_ref"] });
  });

  it("WHEN built THEN the deploy role trusts exactly the deploy workflow on main, in the dev environment, of the repository by numeric ids", () => {
    expect(trustOf("credlink-dev-cicd-deploy")).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "GitHubActionsOidc",
          Effect: "Allow",
          Principal: { Federated: PROVIDER },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub":
                "repository_owner_id:91234567:repository_id:812345678:environment:dev:job_workflow_ref:credlink/infrastructure/.github/workflows/deploy.yml@refs/heads/main",
            },
          },
        },
      ],
    });
  });

  it("WHEN built THEN the preview role trusts the pull-request workflow's jobs in the dev-preview environment, the pull request's number its only wildcard", () => {
    expect(trustOf("credlink-dev-cicd-preview").Statement[0].Condition).to.deep.equal({
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      StringLike: {
        "token.actions.githubusercontent.com:sub":
          "repository_owner_id:91234567:repository_id:812345678:environment:dev-preview:job_workflow_ref:credlink/infrastructure/.github/workflows/pull-request.yml@refs/pull/*/merge",
      },
    });
  });

  it("GIVEN prod THEN its preview role trusts only the prod-preview environment (required reviewers), never a job without one", async () => {
    const { recorder } = await runComponent(() => new DeployIdentity("credlink-prod-cicd", { ...ARGS, environment: "prod", resourcePrefix: "credlink-prod" }));
    expect(JSON.parse(recorder.one("aws:iam/role:Role", "credlink-prod-cicd-preview").inputs.assumeRolePolicy).Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"]).to.equal(
      "repository_owner_id:91234567:repository_id:812345678:environment:prod-preview:job_workflow_ref:credlink/infrastructure/.github/workflows/pull-request.yml@refs/pull/*/merge",
    );
  });

  // Old: the scan role trusted the deploy job's subject, so the scan job ran where the deploy role's token was minted.
  it("WHEN built THEN the scan role trusts exactly the check jobs' subject (the deploy workflow on main, in dev-checks), which the deploy role does not", () => {
    const checks = "repository_owner_id:91234567:repository_id:812345678:environment:dev-checks:job_workflow_ref:credlink/infrastructure/.github/workflows/deploy.yml@refs/heads/main";
    expect(trustOf("credlink-dev-cicd-scan").Statement[0].Condition).to.deep.equal({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": checks } });
    expect(trustOf("credlink-dev-cicd-deploy").Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]).to.not.equal(checks);
  });

  it("GIVEN a checks environment equal to the deploy or the preview environment THEN it is refused naming checksEnvironment; the default is <environment>-checks", () => {
    expect(validate({ checksEnvironment: "dev" })).to.throw(/^checksEnvironment must differ from githubEnvironment and previewEnvironment/);
    expect(validate({ checksEnvironment: "dev-preview" })).to.throw(/^checksEnvironment must differ from githubEnvironment and previewEnvironment/);
    expect(validate({ checksEnvironment: "dev:x" })).to.throw(/^checksEnvironment must be a GitHub environment name/);
    expect(validate({ checksEnvironment: "dev-smoke" })).to.not.throw();
    expect(resolveDeployIdentityArgs(ARGS).checksEnvironment).to.equal("dev-checks");
  });

  it("GIVEN no githubEnvironment THEN the deploy role's GitHub environment is `environment`, and the preview and checks environments derive from it", () => {
    const r = resolveDeployIdentityArgs(ARGS);
    expect([r.githubEnvironment, r.previewEnvironment, r.checksEnvironment]).to.deep.equal(["dev", "dev-preview", "dev-checks"]);
  });

  it("GIVEN githubEnvironment prod-dr beside environment prod THEN the preview and checks environments derive from prod-dr, and the tag scope keeps prod", () => {
    const r = resolveDeployIdentityArgs({ ...ARGS, environment: "prod", githubEnvironment: "prod-dr" });
    expect([r.environment, r.githubEnvironment, r.previewEnvironment, r.checksEnvironment]).to.deep.equal(["prod", "prod-dr", "prod-dr-preview", "prod-dr-checks"]);
  });

  it("GIVEN a preview or checks environment equal to githubEnvironment THEN it is refused naming githubEnvironment (not environment, the tag scope); other names are accepted", () => {
    const drValidate = (patch: Partial<DeployIdentityArgs>) => validate({ environment: "prod", githubEnvironment: "prod-dr", ...patch });
    expect(drValidate({ previewEnvironment: "prod-dr" })).to.throw('previewEnvironment must differ from githubEnvironment (the deploy role trusts "prod-dr": a preview job there could deploy), got "prod-dr"');
    expect(drValidate({ checksEnvironment: "prod-dr" })).to.throw(/^checksEnvironment must differ from githubEnvironment and previewEnvironment .*, got "prod-dr"$/);
    expect(drValidate({ checksEnvironment: "prod-dr-preview" })).to.throw(/^checksEnvironment must differ from githubEnvironment and previewEnvironment .*, got "prod-dr-preview"$/);
    expect(drValidate({ previewEnvironment: "prod-dr-pr", checksEnvironment: "prod-dr-scan" })).to.not.throw();
    expect(drValidate({})).to.not.throw();
  });

  it("GIVEN a githubEnvironment with a colon, a wildcard or empty THEN it is refused naming githubEnvironment; letters, digits, '.', '_' and '-' are accepted", () => {
    for (const githubEnvironment of ["prod:dr", "prod-*", ""]) {
      expect(validate({ githubEnvironment }), githubEnvironment).to.throw(`githubEnvironment must be a GitHub environment name of letters, digits, '.', '_' and '-', got ${JSON.stringify(githubEnvironment)}`);
    }
    expect(validate({ githubEnvironment: "Prod_DR.2" })).to.not.throw();
  });

  it("GIVEN environment prod and githubEnvironment prod-dr WHEN built THEN the deploy, preview and scan roles trust prod-dr, prod-dr-preview and prod-dr-checks, and the boundary's tag scope stays prod", async () => {
    const args: DeployIdentityArgs = { ...ARGS, environment: "prod", githubEnvironment: "prod-dr", resourcePrefix: "credlink-prod-dr", regions: ["us-west-2"] };
    const drDocs = await identityDocuments(args);
    const sub = (role: string) => JSON.parse(drDocs.recorder.one("aws:iam/role:Role", `credlink-prod-dr-cicd-${role}`).inputs.assumeRolePolicy).Statement[0].Condition;
    const ids = "repository_owner_id:91234567:repository_id:812345678";
    expect([sub("deploy"), sub("preview"), sub("scan")]).to.deep.equal([
      {
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": `${ids}:environment:prod-dr:job_workflow_ref:credlink/infrastructure/.github/workflows/deploy.yml@refs/heads/main`,
        },
      },
      {
        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        StringLike: { "token.actions.githubusercontent.com:sub": `${ids}:environment:prod-dr-preview:job_workflow_ref:credlink/infrastructure/.github/workflows/pull-request.yml@refs/pull/*/merge` },
      },
      {
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": `${ids}:environment:prod-dr-checks:job_workflow_ref:credlink/infrastructure/.github/workflows/deploy.yml@refs/heads/main`,
        },
      },
    ]);
    expect(drDocs.recorder.one("aws:iam/role:Role", "credlink-prod-dr-cicd-deploy").inputs.description).to.equal("CredLink credlink-prod-dr-cicd: pulumi up from the prod-dr environment of credlink/infrastructure");
    expect(statement([{ doc: drDocs.boundary }], "NotOtherEnvironmentsResources")!.Condition).to.deep.equal({
      StringNotEquals: { "aws:ResourceTag/Environment": "prod" },
      Null: { "aws:ResourceTag/Environment": "false" },
    });
  });

  it("GIVEN prod, another deploy workflow and branch THEN the deploy subject names them", async () => {
    const { recorder } = await runComponent(() => new DeployIdentity("credlink-prod-cicd", { ...ARGS, environment: "prod", resourcePrefix: "credlink-prod", deployWorkflow: ".github/workflows/release.yaml", deployBranch: "release/v2" }));
    expect(JSON.parse(recorder.one("aws:iam/role:Role", "credlink-prod-cicd-deploy").inputs.assumeRolePolicy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]).to.equal(
      "repository_owner_id:91234567:repository_id:812345678:environment:prod:job_workflow_ref:credlink/infrastructure/.github/workflows/release.yaml@refs/heads/release/v2",
    );
  });

  it("GIVEN no numeric ids (before the wiring sets them) THEN the roles trust GitHub's default subjects exactly and the component warns", async () => {
    const { recorder, result } = await runComponent(() => new DeployIdentity("credlink-dev-cicd", { ...ARGS, githubOwnerId: undefined, githubRepoId: undefined }));
    const sub = (role: string) => JSON.parse(recorder.one("aws:iam/role:Role", role).inputs.assumeRolePolicy).Statement[0].Condition.StringEquals;
    expect(sub("credlink-dev-cicd-deploy")["token.actions.githubusercontent.com:sub"]).to.equal("repo:credlink/infrastructure:environment:dev");
    expect(sub("credlink-dev-cicd-preview")["token.actions.githubusercontent.com:sub"]).to.equal("repo:credlink/infrastructure:environment:dev-preview");
    expect(sub("credlink-dev-cicd-scan")["token.actions.githubusercontent.com:sub"]).to.equal("repo:credlink/infrastructure:environment:dev-checks");
    expect(result.warnings).to.have.length(1);
    expect(result.warnings[0]).to.match(/githubOwnerId and githubRepoId are not set/);
  });

  it("GIVEN neither createOidcProvider nor oidcProviderArn WHEN built THEN it creates no provider and trusts the account's GitHub provider", () => {
    expect(dev.recorder.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).to.deep.equal([]);
    expect(trustOf("credlink-dev-cicd-deploy").Statement[0].Principal).to.deep.equal({ Federated: PROVIDER });
  });
});

describe("DeployIdentity: what it builds", () => {
  it("WHEN built THEN it makes three roles (the deploy role's sessions three hours, the others' an hour), the two boundaries and managed policies (no inline policy, no key: the secrets key is made by hand)", () => {
    const custom = dev.recorder.all.filter((r) => r.custom);
    expect(custom.filter((r) => r.type !== "aws:iam/policy:Policy" && r.type !== "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((r) => `${r.type} ${r.name}`)).to.have.members([
      "aws:iam/role:Role credlink-dev-cicd-preview",
      "aws:iam/role:Role credlink-dev-cicd-deploy",
      "aws:iam/role:Role credlink-dev-cicd-scan",
    ]);
    expect(dev.recorder.ofType("aws:iam/role:Role").map((r) => [r.name, r.inputs.maxSessionDuration])).to.have.deep.members([
      ["credlink-dev-cicd-preview", 3600],
      ["credlink-dev-cicd-deploy", 10800],
      ["credlink-dev-cicd-scan", 3600],
    ]);
    expect(dev.recorder.ofType("aws:iam/policy:Policy").map((p) => `${p.inputs.path}${p.inputs.name}`).sort()).to.deep.equal([
      "/credlink-boundary/credlink-dev-boundary",
      "/credlink-boundary/credlink-dev-ci-boundary",
      "/credlink-cicd/credlink-dev-deploy-app",
      "/credlink-cicd/credlink-dev-deploy-data",
      "/credlink-cicd/credlink-dev-deploy-edge",
      "/credlink-cicd/credlink-dev-deploy-guardrails",
      "/credlink-cicd/credlink-dev-deploy-identity",
      "/credlink-cicd/credlink-dev-deploy-network",
      "/credlink-cicd/credlink-dev-deploy-operations",
      "/credlink-cicd/credlink-dev-deploy-recovery",
      "/credlink-cicd/credlink-dev-deploy-state",
      "/credlink-cicd/credlink-dev-preview-read-1",
      "/credlink-cicd/credlink-dev-preview-read-2",
      "/credlink-cicd/credlink-dev-preview-state",
      "/credlink-cicd/credlink-dev-scan-findings",
    ]);
  });

  it("WHEN built THEN the deploy and preview roles carry the CI boundary, and the scan role the stack's boundary", () => {
    expect(dev.recorder.ofType("aws:iam/role:Role").map((r) => [r.name, r.inputs.permissionsBoundary])).to.have.deep.members([
      ["credlink-dev-cicd-preview", CI_BOUNDARY],
      ["credlink-dev-cicd-deploy", CI_BOUNDARY],
      ["credlink-dev-cicd-scan", BOUNDARY],
    ]);
    expect(CI_BOUNDARY_SUFFIX).to.equal(PACK_CI_BOUNDARY_SUFFIX);
  });

  // Old: ecr:DescribeImageScanFindings alone; with enhanced scanning ECR answers from Inspector with the caller's
  // inspector2:ListFindings and ListCoverage, so the gate failed on every image.
  it("WHEN built THEN the scan role may read the image findings of the stack's own repository, and the Inspector results enhanced scanning answers them from, and nothing else", () => {
    const scan = dev.recorder.ofType("aws:iam/policy:Policy").find((p) => p.inputs.name === "credlink-dev-scan-findings")!;
    expect(JSON.parse(scan.inputs.policy)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        { Sid: "ReadTheImageFindingsOfThisStacksRepository", Effect: "Allow", Action: ["ecr:DescribeImageScanFindings"], Resource: [`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/credlink-dev`] },
        { Sid: "ReadEnhancedScanningResultsThroughInspector", Effect: "Allow", Action: ["inspector2:ListCoverage", "inspector2:ListFindings"], Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } },
      ],
    });
    const role = dev.recorder.one("aws:iam/role:Role", "credlink-dev-cicd-scan");
    expect(dev.recorder.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === role.state.name).map((a) => a.inputs.policyArn)).to.deep.equal([scan.state.arn]);
  });

  it("WHEN built THEN every action of the scan role is allowed by the stack's boundary it carries (the boundary caps it), and no other Inspector action", () => {
    const scan = JSON.parse(dev.recorder.ofType("aws:iam/policy:Policy").find((p) => p.inputs.name === "credlink-dev-scan-findings")!.inputs.policy);
    // A boundary caps: a request is allowed only when the boundary and the role's own policy both allow it.
    const one = (doc: any, action: string, resource: string) => evaluate([doc], { action, resource, context: { "aws:RequestedRegion": "us-east-1" } }).decision;
    const through = (action: string, resource: string) => [one(dev.boundary, action, resource), one(scan, action, resource)];
    const repository = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/credlink-dev`;
    expect([through("ecr:DescribeImageScanFindings", repository), through("inspector2:ListFindings", "*"), through("inspector2:ListCoverage", "*")]).to.deep.equal([["allow", "allow"], ["allow", "allow"], ["allow", "allow"]]);
    expect(one(dev.boundary, "inspector2:CreateFilter", "*")).to.equal("implicitDeny");
  });

  it("WHEN built THEN the boundary's ARN is the one permissionsBoundaryArn computes, and the component exports it", async () => {
    const { result } = await runComponent(() => new DeployIdentity("credlink-dev-cicd", ARGS));
    expect(await outputValue(permissionsBoundaryArn("aws", ACCOUNT, "credlink-dev"))).to.equal(BOUNDARY);
    expect(await outputValue(result.permissionsBoundaryArn)).to.equal(dev.recorder.one("aws:iam/policy:Policy", "credlink-dev-cicd-boundary").state.arn);
  });
});

describe("DeployIdentity: the deploy role's IAM statements (whole)", () => {
  it("WHEN built THEN roles are created and changed only with this stack's boundary, on the stack's role names", () => {
    expect(statement(dev.deploy, "RolesOnlyWithThisStacksBoundary")).to.deep.equal({
      Sid: "RolesOnlyWithThisStacksBoundary",
      Effect: "Allow",
      Action: ["iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"],
      Resource: [`arn:aws:iam::${ACCOUNT}:role/credlink-dev-*`],
      Condition: { StringEquals: { "iam:PermissionsBoundary": BOUNDARY } },
    });
    expect(statement(dev.deploy, "NoRoleWithoutThisStacksBoundary")).to.deep.equal({
      Sid: "NoRoleWithoutThisStacksBoundary",
      Effect: "Deny",
      Action: ["iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"],
      Resource: "*",
      Condition: { StringNotEquals: { "iam:PermissionsBoundary": BOUNDARY } },
    });
  });

  it("WHEN built THEN iam:PassRole is the stack's roles to exactly the table's services, never '*'", () => {
    expect(statement(dev.deploy, "PassThisStacksRolesToItsServices")).to.deep.equal({
      Sid: "PassThisStacksRolesToItsServices",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: [`arn:aws:iam::${ACCOUNT}:role/credlink-dev-*`],
      Condition: { StringEquals: { "iam:PassedToService": passedToServices() } },
    });
    expect(passedToServices()).to.deep.equal([
      "backup.amazonaws.com", "cloudtrail.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com", "ecs.amazonaws.com", "fis.amazonaws.com",
      "lambda.amazonaws.com", "monitoring.rds.amazonaws.com", "rds.amazonaws.com", "s3.amazonaws.com",
    ]);
  });

  it("WHEN built THEN keys are used for the caller only through the program's services in the stack's regions, grants only for AWS resources", () => {
    const via = ["backup", "ecr", "elasticache", "lambda", "rds", "s3", "secretsmanager"].map((s) => `${s}.us-east-1.amazonaws.com`);
    const keys = [`arn:aws:kms:us-east-1:${ACCOUNT}:key/*`];
    expect(statement(dev.deploy, "KmsGrantsForAwsResourcesThroughServices")).to.deep.equal({
      Sid: "KmsGrantsForAwsResourcesThroughServices",
      Effect: "Allow",
      Action: ["kms:CreateGrant"],
      Resource: keys,
      Condition: { StringEquals: { "kms:ViaService": via, "aws:ResourceTag/Environment": "dev" }, Bool: { "kms:GrantIsForAWSResource": "true" } },
    });
    expect(statement(dev.deploy, "KmsUseThroughServices")).to.deep.equal({
      Sid: "KmsUseThroughServices",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*"],
      Resource: keys,
      Condition: { StringEquals: { "kms:ViaService": via, "aws:ResourceTag/Environment": "dev" } },
    });
  });

  it("WHEN built THEN the CI identity (its roles, every <prefix>-cicd-* role, its policies, every boundary, the OIDC provider) is denied every IAM write and PassRole", () => {
    const roles = dev.recorder.ofType("aws:iam/role:Role").map((r) => r.state.arn);
    expect(statement(dev.deploy, "NeverChangeTheCiIdentity")).to.deep.equal({
      Sid: "NeverChangeTheCiIdentity",
      Effect: "Deny",
      Action: ["iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:PassRole", "iam:Put*", "iam:Remove*", "iam:Set*", "iam:Tag*", "iam:Untag*", "iam:Update*", "iam:Upload*"],
      Resource: [
        roles.find((a) => a.includes("cicd-deploy")),
        roles.find((a) => a.includes("cicd-preview")),
        `arn:aws:iam::${ACCOUNT}:role/credlink-dev-cicd-*`,
        `arn:aws:iam::${ACCOUNT}:policy/credlink-cicd/*`,
        `arn:aws:iam::${ACCOUNT}:policy/credlink-boundary/*`,
        `arn:aws:iam::${ACCOUNT}:oidc-provider/*`,
      ],
    });
  });

  it("WHEN built THEN the proof buckets' policy, Object Lock, versioning and deletion are denied", () => {
    expect(statement(dev.deploy, "ProofBucketsAreBreakGlass")).to.deep.equal({
      Sid: "ProofBucketsAreBreakGlass",
      Effect: "Deny",
      Action: ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketPolicy", "s3:PutBucketVersioning"],
      Resource: ["arn:aws:s3:::credlink-dev-proofs-*"],
    });
  });

  it("WHEN built without the key's ARN THEN the secrets-provider key, named by its alias, is use-only for the deploy role, and its alias admin-only", () => {
    const byAlias = { Resource: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/*`], Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/credlink-dev-state" } } };
    expect(statement(dev.deploy, "SecretsKeyIsUseOnly")).to.deep.equal({
      Sid: "SecretsKeyIsUseOnly",
      Effect: "Deny",
      NotAction: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"],
      ...byAlias,
    });
    expect(statement(dev.deploy, "UseThisStacksSecretsKey")).to.deep.equal({ Sid: "UseThisStacksSecretsKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], ...byAlias });
    expect(statement(dev.deploy, "SecretsKeyAliasIsAdminOnly")!.Resource).to.deep.equal([`arn:aws:kms:us-east-1:${ACCOUNT}:alias/credlink-dev-state`]);
  });

  it("GIVEN a self-managed state bucket THEN the deploy role writes exactly this stack's state objects and the preview role only its lock", async () => {
    const d = await identityDocuments({ ...ARGS, stateBucket: "credlink-pulumi-state" });
    const base = "arn:aws:s3:::credlink-pulumi-state/.pulumi";
    expect(statement(d.deploy, "WriteThisStacksState")).to.deep.equal({
      Sid: "WriteThisStacksState",
      Effect: "Allow",
      Action: ["s3:DeleteObject", "s3:PutObject"],
      Resource: [`${base}/stacks/credlink/dev.json*`, `${base}/history/credlink/dev/*`, `${base}/backups/credlink/dev/*`, `${base}/locks/organization/credlink/dev/*`, `${base}/journal/credlink/dev/*`],
    });
    expect(statement(d.preview, "TakeThisStacksLock")).to.deep.equal({ Sid: "TakeThisStacksLock", Effect: "Allow", Action: ["s3:DeleteObject", "s3:PutObject"], Resource: [`${base}/locks/organization/credlink/dev/*`] });
    expect(statement(d.deploy, "ReadThisStacksState")!.Resource).to.deep.equal([`${base}/meta.yaml`, `${base}/stacks/credlink/dev.json*`, `${base}/locks/organization/credlink/dev/*`, `${base}/journal/credlink/dev/*`]);
  });

  // Old: `.pulumi/locks/credlink/dev/*`, where the DIY backend never writes: every up and preview failed to take the lock.
  it("GIVEN the DIY backend's real lock key for a project stack THEN the deploy and preview roles may write and delete it; the old path's shape and another stack's lock they may not", async () => {
    const d = await identityDocuments({ ...ARGS, stateBucket: "credlink-pulumi-state" });
    // pulumi/pulumi pkg/backend/diy/lock.go: path.Join(".pulumi/locks", "organization/<project>/<stack>", "<lock id>.json").
    const lock = "arn:aws:s3:::credlink-pulumi-state/.pulumi/locks/organization/credlink/dev/7d3c0b0a-5b1e-4c5e-9a57-0c1f2e3d4b5a.json";
    const decide = (docs: { doc: any }[], action: string, resource: string) => evaluate(docs.map((p) => p.doc), { action, resource, context: { "aws:RequestedRegion": "us-east-1" } }).decision;
    for (const role of [d.deploy, d.preview]) {
      expect([decide(role, "s3:PutObject", lock), decide(role, "s3:DeleteObject", lock), decide(role, "s3:GetObject", lock)]).to.deep.equal(["allow", "allow", "allow"]);
      expect(decide(role, "s3:PutObject", lock.replace("/dev/", "/prod/"))).to.equal("implicitDeny");
    }
    expect(decide(d.deploy, "s3:PutObject", "arn:aws:s3:::credlink-pulumi-state/.pulumi/stacks/credlink/dev.json")).to.equal("allow");
    expect(decide(d.preview, "s3:PutObject", "arn:aws:s3:::credlink-pulumi-state/.pulumi/stacks/credlink/dev.json")).to.equal("implicitDeny");
  });
});

describe("DeployIdentity: the preview role reads configuration, never data", () => {
  it("WHEN built THEN its read statements hold only Describe/Get/List actions on '*', none of them a data-plane read", () => {
    const reads = dev.preview.filter((p) => p.name.includes("-read")).flatMap((p) => statementsOf(p.doc));
    const actions = reads.flatMap((s) => [s.Action ?? []].flat());
    expect(reads.every((s) => s.Effect === "Allow" && s.Resource === "*" && s.Condition === undefined)).to.equal(true);
    expect(actions.filter((a) => !/^[\w-]+:(Describe|Get|List|View|BatchGet)/.test(a))).to.deep.equal([]);
    expect(actions.filter((a) => DATA_PLANE_READS.test(a))).to.deep.equal([]);
    for (const a of ["s3:GetObject", "secretsmanager:GetSecretValue", "kms:Decrypt", "lambda:GetFunction", "s3:ListBucket"]) expect(actions, a).to.not.include(a);
  });

  it("GIVEN the key's ARN THEN it decrypts with exactly that key", async () => {
    const arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const d = await identityDocuments({ ...ARGS, stateKeyArn: arn });
    expect(statementsOf(d.preview.find((p) => p.name.endsWith("-state"))!.doc)).to.deep.equal([{ Sid: "DecryptThisStacksSecrets", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [arn] }]);
  });
});

describe("DeployIdentity: the permissions boundary (whole document)", () => {
  it("WHEN built THEN it allows the services the stack's roles use, and denies IAM writes and role chaining, other regions, evidence destruction, the final snapshots, the proof buckets' settings and other environments' and projects' resources", () => {
    const doc = dev.boundary as any;
    expect(doc.Statement.map((s: any) => `${s.Effect} ${s.Sid}`)).to.deep.equal([
      "Allow TheServicesThisStacksRolesUse",
      "Deny NoIamWritesNoRoleChaining",
      "Deny StayInTheseRegions",
      "Deny NoEvidenceDestruction",
      "Deny NotTheSecretsKey",
      "Deny KeepTheFinalSnapshots",
      "Deny EvidenceBucketsStayAsConfigured",
      "Deny EvidenceBucketNotificationsButBackups",
      "Deny TheStacksLogsStay",
      "Deny NotOtherEnvironmentsResources",
      "Deny NotOtherProjectsResources",
    ]);
    expect(doc.Statement[0]).to.deep.equal({ Sid: "TheServicesThisStacksRolesUse", Effect: "Allow", Action: [...BOUNDARY_SERVICES.map((s) => `${s}:*`), "inspector2:ListCoverage", "inspector2:ListFindings"], Resource: "*" });
    expect(doc.Statement[2]).to.deep.equal({
      Sid: "StayInTheseRegions",
      Effect: "Deny",
      NotAction: ["budgets:*", "ce:*", "cloudfront:*", "health:*", "iam:*", "route53:*", "sts:*", "support:*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1"] } },
    });
    // A role that may assume another escapes its own boundary through the other's permissions.
    expect(doc.Statement[1]).to.deep.equal({
      Sid: "NoIamWritesNoRoleChaining",
      Effect: "Deny",
      Action: ["iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:PassRole", "iam:Put*", "iam:Remove*", "iam:Set*", "iam:Tag*", "iam:Untag*", "iam:Update*", "iam:Upload*", "sts:AssumeRole"],
      Resource: "*",
    });
    expect(doc.Statement[3].Action).to.include.members(["s3:BypassGovernanceRetention", "s3:DeleteObjectVersion", "backup:DeleteRecoveryPoint", "kms:ScheduleKeyDeletion", "cloudtrail:StopLogging"]);
    expect(doc.Statement[3].Action).to.not.include("rds:DeleteDBSnapshot");
    expect(doc.Statement[5]).to.deep.equal({ Sid: "KeepTheFinalSnapshots", Effect: "Deny", Action: ["rds:DeleteDBSnapshot"], Resource: [`arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:credlink-dev-*`] });
    // The lifecycle too: a rule that expires current versions would shorten what Object Lock keeps.
    expect(doc.Statement[6]).to.deep.equal({
      Sid: "EvidenceBucketsStayAsConfigured",
      Effect: "Deny",
      Action: ["s3:BypassGovernanceRetention", "s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketLogging", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketPolicy", "s3:PutBucketVersioning", "s3:PutEncryptionConfiguration", "s3:PutLifecycleConfiguration", "s3:PutReplicationConfiguration"],
      Resource: ["arn:aws:s3:::credlink-dev-proofs-*", "arn:aws:s3:::credlink-dev-*logs-*"],
    });
    // Only the Backup roles may turn on a proof bucket's EventBridge notifications (AWS Backup for S3 needs them).
    expect(doc.Statement[7]).to.deep.equal({
      Sid: "EvidenceBucketNotificationsButBackups",
      Effect: "Deny",
      Action: ["s3:PutBucketNotification"],
      Resource: ["arn:aws:s3:::credlink-dev-proofs-*", "arn:aws:s3:::credlink-dev-*logs-*"],
      Condition: { ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/credlink-dev-backup-*` } },
    });
    expect(doc.Statement[9]).to.deep.equal({
      Sid: "NotOtherEnvironmentsResources",
      Effect: "Deny",
      Action: ["*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:ResourceTag/Environment": "dev" }, Null: { "aws:ResourceTag/Environment": "false" } },
    });
    expect(doc.Statement[10]).to.deep.equal({
      Sid: "NotOtherProjectsResources",
      Effect: "Deny",
      Action: ["*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:ResourceTag/Project": "credlink" }, Null: { "aws:ResourceTag/Project": "false" } },
    });
  });
});

// Old: the boundary left key administration, the secrets key, the evidence buckets' replication, encryption, logging and
// notifications, snapshot sharing, secrets' resource policies and the log groups' retention open to any role the deploy
// role created, and such a role may trust another account (no IAM condition key reads a trust policy).
describe("DeployIdentity: what the boundary denies a role the deploy role creates, whatever its own policy says", () => {
  const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const ALIAS = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/credlink-dev-data`;
  const buckets = ["credlink-dev-proofs-48b0c75", "credlink-dev-proofs-logs-1a2b3c4", "credlink-dev-alb-logs-5d6e7f8"].map((b) => `arn:aws:s3:::${b}`);
  const GROUPS = ["/credlink/ecs/credlink-dev", "/credlink/flow-logs/credlink-dev", "aws-waf-logs-credlink-dev"].map((g) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${g}`);
  const decide = (action: string, resource: string, context: Record<string, string | string[]> = {}) =>
    evaluate([dev.boundary], { action, resource, context: { "aws:RequestedRegion": "us-east-1", "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/credlink-dev-anything-1234567`, ...context } }).decision;

  it("GIVEN a key of the stack THEN its policy, grants, aliases, replicas, deletion and disabling are denied; its use is not", () => {
    const admin = ["kms:PutKeyPolicy", "kms:RevokeGrant", "kms:RetireGrant", "kms:ReplicateKey", "kms:ScheduleKeyDeletion", "kms:DisableKey"];
    expect(admin.map((a) => [a, decide(a, KEY)])).to.deep.equal(admin.map((a) => [a, "deny"]));
    expect(["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"].map((a) => decide(a, ALIAS))).to.deep.equal(["deny", "deny", "deny"]);
    expect([decide("kms:Decrypt", KEY), decide("kms:ListAliases", "*")]).to.deep.equal(["allow", "allow"]);
  });

  // A role of the stack that could create a key with the lockout check bypassed, and move the stack's log groups onto
  // it, could make every log written since unreadable to anyone: the deploy role's own guardrails don't reach it.
  it("GIVEN a role of the stack THEN creating a key (lockout check bypassed or not) and moving a stack log group to another key are denied", () => {
    expect([
      decide("kms:CreateKey", "*", { "kms:BypassPolicyLockoutSafetyCheck": "true" }),
      decide("kms:CreateKey", "*"),
      ...GROUPS.map((g) => decide("logs:AssociateKmsKey", g)),
    ]).to.deep.equal(["deny", "deny", "deny", "deny", "deny"]);
  });

  it("GIVEN the secrets-provider key (by its alias, before its ARN is known) THEN every use is denied", () => {
    expect(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:CreateGrant"].map((a) => decide(a, KEY, { "kms:ResourceAliases": ["alias/credlink-dev-state"] }))).to.deep.equal(["deny", "deny", "deny", "deny"]);
  });

  it("GIVEN a proof, a proof-log and an ALB-log bucket THEN their replication, encryption, logging, policy, lifecycle, Object Lock, versioning, notifications and deletion are denied", () => {
    const writes = ["s3:PutReplicationConfiguration", "s3:PutEncryptionConfiguration", "s3:PutBucketLogging", "s3:PutBucketNotification", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutLifecycleConfiguration", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning", "s3:DeleteBucket"];
    const notDenied = buckets.flatMap((b) => writes.filter((a) => decide(a, b) !== "deny").map((a) => `${a} ${b}`));
    expect(notDenied).to.deep.equal([]);
    expect(buckets.map((b) => decide("s3:BypassGovernanceRetention", `${b}/proofs/2026/12/07/abc.json`))).to.deep.equal(["deny", "deny", "deny"]);
  });

  it("GIVEN the Backup role THEN it may still turn on a proof bucket's EventBridge notifications (S3 backups need them), and no other role may", () => {
    const backupRole = `arn:aws:iam::${ACCOUNT}:role/credlink-dev-backup-2f0d4fe`;
    expect([decide("s3:PutBucketNotification", buckets[0], { "aws:PrincipalArn": backupRole }), decide("s3:PutBucketNotification", buckets[0])]).to.deep.equal(["allow", "deny"]);
    expect(decide("s3:PutReplicationConfiguration", buckets[0], { "aws:PrincipalArn": backupRole })).to.equal("deny");
  });

  it("GIVEN snapshot sharing, a secret's resource policy and IAM writes THEN each is denied", () => {
    expect([
      decide("rds:ModifyDBSnapshotAttribute", `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:credlink-dev-db-final`),
      decide("secretsmanager:PutResourcePolicy", `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:credlink-dev-cache-AbCdEf`),
      decide("secretsmanager:DeleteResourcePolicy", `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:credlink-dev-cache-AbCdEf`),
      decide("iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/credlink-dev-x`),
      decide("iam:UpdateAssumeRolePolicy", `arn:aws:iam::${ACCOUNT}:role/credlink-dev-x`),
      decide("iam:PutRolePolicy", `arn:aws:iam::${ACCOUNT}:role/credlink-dev-x`),
    ]).to.deep.equal(["deny", "deny", "deny", "deny", "deny", "deny"]);
  });

  it("GIVEN the stack's log groups THEN their retention, key and deletion are denied; RDS's own RDSOSMetrics retention (enhanced monitoring's role) is not", () => {
    const writes = ["logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:DeleteLogGroup", "logs:DisassociateKmsKey"];
    expect(GROUPS.flatMap((g) => writes.filter((a) => decide(a, g) !== "deny").map((a) => `${a} ${g}`))).to.deep.equal([]);
    expect(decide("logs:PutRetentionPolicy", `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:RDSOSMetrics`)).to.equal("allow");
    expect(decide("logs:PutLogEvents", `${GROUPS[0]}:log-stream:x`)).to.equal("allow");
  });

  it("GIVEN every committed stack's boundary size THEN it stays within IAM's limit for a managed policy (checked on the committed programs in cicd-boundary.test.ts)", () => {
    expect(JSON.stringify(dev.boundary).replace(/\s/g, "").length).to.be.at.most(MANAGED_POLICY_MAX_CHARS);
  });
});

describe("DeployIdentity: the CI boundary (whole document)", () => {
  const ciBoundary = () => JSON.parse(dev.recorder.one("aws:iam/policy:Policy", "credlink-dev-cicd-ci-boundary").inputs.policy);

  it("WHEN built THEN it allows only the services of the permission table and the state's, and repeats every guardrail deny", () => {
    const doc = ciBoundary();
    expect(doc.Statement.map((s: any) => `${s.Effect} ${s.Sid}`)).to.deep.equal([
      "Allow TheServicesTheCiPoliciesUse",
      "Deny NeverChangeTheCiIdentity",
      "Deny NoRoleWithoutThisStacksBoundary",
      "Deny BreakGlassOnly",
      "Deny NeverBypassTheKeyLockoutCheck",
      "Deny AlertTopicsStay",
      "Deny ProofBucketsAreBreakGlass",
      "Deny SecretsKeyIsUseOnly",
      "Deny SecretsKeyAliasIsAdminOnly",
      "Deny StayInTheseRegions",
    ]);
    expect(doc.Statement[0]).to.deep.equal({ Sid: "TheServicesTheCiPoliciesUse", Effect: "Allow", Action: ciBoundaryServices().map((p) => `${p}:*`), Resource: "*" });
    expect(ciBoundaryServices()).to.include.members(["ec2", "ecs", "iam", "kms", "s3", "events", "guardduty"]);
    expect(doc.Statement[0].Action).to.not.include("*");
  });

  it("WHEN built THEN its denies are the deploy role's guardrails' (but the roles named by pattern, before they exist), so no policy attached later lifts them", () => {
    const denies = ciBoundary().Statement.filter((s: any) => s.Effect === "Deny");
    const guardrails = statementsOf(dev.deploy.find((p) => p.name.endsWith("-guardrails"))!.doc).filter((s: any) => s.Effect === "Deny");
    const withoutRoleArns = (s: any) => (s.Sid === "NeverChangeTheCiIdentity" ? { ...s, Resource: s.Resource.filter((r: string) => !/cicd-(deploy|preview)-[0-9a-f]+$/.test(r)) } : s);
    expect(denies).to.deep.equal(guardrails.map(withoutRoleArns));
    expect(denies.find((s: any) => s.Sid === "BreakGlassOnly").Action).to.deep.equal(breakGlassActions());
    // No key policy is ever written around KMS's lockout check: it would let one leave out everyone able to repair it.
    expect(denies.find((s: any) => s.Sid === "NeverBypassTheKeyLockoutCheck")).to.deep.equal({
      Sid: "NeverBypassTheKeyLockoutCheck",
      Effect: "Deny",
      Action: ["kms:CreateKey", "kms:PutKeyPolicy"],
      Resource: "*",
      Condition: { Bool: { "kms:BypassPolicyLockoutSafetyCheck": "true" } },
    });
  });
});

describe("DeployIdentity: the secrets-provider key (made by hand)", () => {
  it("WHEN built THEN the secrets provider URL names the key's alias in the primary region", async () => {
    const { result } = await runComponent(() => new DeployIdentity("credlink-dev-cicd", ARGS));
    expect(result.secretsProvider).to.equal("awskms://alias/credlink-dev-state?region=us-east-1");
  });

  it("GIVEN the key policy for the administrator THEN the account administers without use, the CI roles (by name pattern) and break-glass use it", () => {
    const policy = stateKeyPolicy("aws", ACCOUNT, "credlink-dev", ARGS.breakGlassRoleArn) as any;
    expect(policy.Statement.map((s: any) => [s.Sid, s.Principal.AWS, s.Condition])).to.deep.equal([
      ["AdministerThroughIamNeverUse", `arn:aws:iam::${ACCOUNT}:root`, undefined],
      ["DeployRoleEncryptsAndDecrypts", `arn:aws:iam::${ACCOUNT}:root`, { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/credlink-dev-cicd-deploy-*` } }],
      ["PreviewRoleDecrypts", `arn:aws:iam::${ACCOUNT}:root`, { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/credlink-dev-cicd-preview-*` } }],
      ["BreakGlassUses", ARGS.breakGlassRoleArn, undefined],
    ]);
    expect(policy.Statement[0].Action.filter((a: string) => /Decrypt|Encrypt|GenerateDataKey|CreateGrant|ReEncrypt/.test(a))).to.deep.equal([]);
    expect(policy.Statement[1].Action).to.deep.equal(["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"]);
    expect(policy.Statement[2].Action).to.deep.equal(["kms:Decrypt", "kms:DescribeKey"]);
  });

  it("GIVEN the CI roles' real names THEN the key policy's patterns match them, and not another stack's", () => {
    const pattern = (name: string) => new RegExp(`^${`arn:aws:iam::${ACCOUNT}:role/credlink-dev-cicd-${name}-`.replace(/[.]/g, "\\.")}.*$`);
    const names = dev.recorder.ofType("aws:iam/role:Role").map((r) => r.state.arn as string);
    expect(names.filter((n) => pattern("deploy").test(n) || pattern("preview").test(n))).to.have.length(2);
    expect(names.filter((n) => pattern("scan").test(n))).to.have.length(1);
    expect(pattern("deploy").test(`arn:aws:iam::${ACCOUNT}:role/credlink-prod-cicd-deploy-6353ca8`)).to.equal(false);
  });
});

describe("DeployIdentity arguments", () => {
  describe("GitHub names (GitHub Docs: user names 1-39, repository names 1-100 of [A-Za-z0-9._-])", () => {
    it("GIVEN owners of 1 and 39 characters, with single hyphens and capitals THEN they are accepted", () => {
      for (const githubOwner of ["c", "a".repeat(39), "Cred-Link-Labs"]) expect(validate({ githubOwner }), githubOwner).to.not.throw();
    });

    it("GIVEN an owner of 40 characters, with a leading, trailing or double hyphen, an underscore or a slash THEN each is refused naming githubOwner", () => {
      for (const githubOwner of ["a".repeat(40), "-credlink", "credlink-", "cred--link", "cred_link", "cred/link", ""]) {
        expect(validate({ githubOwner }), githubOwner).to.throw(/^githubOwner must be a GitHub user or organization name/);
      }
    });

    it("GIVEN repositories of 1 and 100 characters and with dots, underscores and hyphens THEN they are accepted", () => {
      for (const githubRepo of ["r", "r".repeat(100), "infra.credlink_v2-main", ".github"]) expect(validate({ githubRepo }), githubRepo).to.not.throw();
    });

    it("GIVEN a repository of 101 characters, \".\", \"..\", a space or a wildcard THEN each is refused naming githubRepo", () => {
      for (const githubRepo of ["r".repeat(101), ".", "..", "my repo", "*", ""]) {
        expect(validate({ githubRepo }), githubRepo).to.throw(/^githubRepo must be a GitHub repository name/);
      }
    });
  });

  it("GIVEN numeric ids of 1 and 20 digits THEN accepted; 21 digits, a leading zero, a wildcard or a name THEN refused naming the key", () => {
    for (const id of ["1", "9".repeat(20)]) expect(validate({ githubOwnerId: id, githubRepoId: id }), id).to.not.throw();
    for (const id of ["9".repeat(21), "0123", "12*", "credlink", ""]) {
      expect(validate({ githubOwnerId: id }), id).to.throw(/^githubOwnerId must be GitHub's numeric id/);
      expect(validate({ githubRepoId: id }), id).to.throw(/^githubRepoId must be GitHub's numeric id/);
    }
  });

  it("GIVEN only one of the ids THEN it is refused: the subject carries both", () => {
    expect(validate({ githubRepoId: undefined })).to.throw(/^githubOwnerId and githubRepoId must be set together/);
  });

  it("GIVEN workflow paths and branches THEN files under .github/workflows and plain branch names are accepted; others refused naming the key", () => {
    expect(validate({ deployWorkflow: ".github/workflows/deploy.yaml", deployBranch: "release/v2" })).to.not.throw();
    for (const deployWorkflow of ["deploy.yml", ".github/workflows/*.yml", ".github/workflows/x.json", "../.github/workflows/x.yml"]) {
      expect(validate({ deployWorkflow }), deployWorkflow).to.throw(/^deployWorkflow must be a workflow file/);
    }
    for (const deployBranch of ["*", "main:x", "a..b", "feature/", ""]) expect(validate({ deployBranch }), deployBranch).to.throw(/^deployBranch must be a branch name/);
  });

  it("GIVEN stateKeyArn THEN a key ARN is accepted; an alias ARN or a wildcard is refused naming it", () => {
    expect(validate({ stateKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" })).to.not.throw();
    for (const v of ["arn:aws:kms:us-east-1:123456789012:alias/credlink-dev-state", "arn:aws:kms:us-east-1:123456789012:key/*"]) expect(validate({ stateKeyArn: v }), v).to.throw(/^stateKeyArn must be a KMS key ARN/);
  });

  it("GIVEN a break-glass role ARN THEN a role ARN is accepted; a user, a wildcard or another service is refused naming it", () => {
    expect(validate({ breakGlassRoleArn: `arn:aws:iam::${ACCOUNT}:role/admin/credlink-break-glass` })).to.not.throw();
    for (const v of [`arn:aws:iam::${ACCOUNT}:user/admin`, `arn:aws:iam::${ACCOUNT}:role/*`, "arn:aws:s3:::x"]) expect(validate({ breakGlassRoleArn: v }), v).to.throw(/^breakGlassRoleArn must be an IAM role ARN/);
  });

  it("GIVEN a preview environment equal to the deploy environment, or with a colon THEN it is refused naming previewEnvironment; another name is accepted", () => {
    expect(validate({ previewEnvironment: "dev" })).to.throw(/^previewEnvironment must differ from githubEnvironment/);
    expect(validate({ previewEnvironment: "dev:x" })).to.throw(/^previewEnvironment must be a GitHub environment name/);
    expect(validate({ previewEnvironment: "pr-dev" })).to.not.throw();
    expect(resolveDeployIdentityArgs(ARGS).previewEnvironment).to.equal("dev-preview");
  });

  it("GIVEN a resource prefix with a wildcard or capitals, or no region THEN each is refused naming the key", () => {
    for (const resourcePrefix of ["credlink-*", "Credlink-dev", ""]) expect(validate({ resourcePrefix }), resourcePrefix).to.throw(/^resourcePrefix must be/);
    expect(validate({ regions: [] })).to.throw(/^regions must name at least/);
  });

  it("GIVEN createOidcProvider and an oidcProviderArn together THEN it refuses: the stack would trust one and create another", () => {
    expect(validate({ createOidcProvider: true, oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" })).to.throw(
      /^oidcProviderArn must not be set with createOidcProvider true/,
    );
  });

  it("GIVEN an oidcProviderArn of another issuer THEN it is refused naming oidcProviderArn", () => {
    expect(validate({ oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/gitlab.com" })).to.throw(/^oidcProviderArn must be GitHub's OIDC provider/);
  });

  it("GIVEN a state bucket with capitals THEN it is refused naming stateBucket; a valid name is accepted", () => {
    expect(validate({ stateBucket: "Credlink-State" })).to.throw(/^stateBucket must be an S3 bucket name/);
    expect(validate({ stateBucket: "credlink-pulumi-state" })).to.not.throw();
  });

  describe("credlink:cicd in the stack config", () => {
    it("GIVEN credlink:cicd.github.owner with a leading hyphen THEN the error names the key, the value and GitHub's rule", () => {
      expect(problemsFor("dev", { "credlink:cicd": { github: { owner: "-credlink" } } })).to.deep.equal([
        'credlink:cicd.github.owner must be a GitHub user or organization name: 1-39 letters, digits and single hyphens, not starting or ending with one, got "-credlink"',
      ]);
    });

    it("GIVEN credlink:cicd.github.repo \"..\" THEN the error names the key", () => {
      expect(problemsFor("dev", { "credlink:cicd": { github: { repo: ".." } } })).to.deep.equal([
        'credlink:cicd.github.repo must be a GitHub repository name: 1-100 letters, digits, ".", "_" and "-", not "." or "..", got ".."',
      ]);
    });

    it("GIVEN prod (which creates the provider) with credlink:cicd.oidcProviderArn too THEN the error names oidcProviderArn", () => {
      const arn = "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com";
      expect(problemsFor("prod", { "credlink:cicd": { oidcProviderArn: arn } })).to.deep.equal([
        `credlink:cicd.oidcProviderArn must not be set with createOidcProvider true (the stack creates the provider itself), got "${arn}"`,
      ]);
    });
  });
});
