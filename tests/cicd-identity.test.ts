/**
 * CI/CD (issue 13): credlink:cicd:DeployIdentity on its own: the account's provider by default, the owner and
 * repository names GitHub allows (valid and invalid values on each boundary), and the config errors naming the key.
 */
import { expect } from "chai";
import { DeployIdentity, DeployIdentityArgs, validateDeployIdentityArgs } from "../components/cicd/deploy-identity";
import { MOCK_ACCOUNT_ID } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { problemsFor } from "./helpers/config";

const ARGS: DeployIdentityArgs = { githubOwner: "credlink", githubRepo: "infrastructure", environment: "dev", resourcePrefix: "credlink-dev", regions: ["us-east-1"] };
const validate = (patch: Partial<DeployIdentityArgs>) => () => validateDeployIdentityArgs({ createOidcProvider: false, ...ARGS, ...patch });

describe("DeployIdentity", () => {
  it("GIVEN neither createOidcProvider nor oidcProviderArn WHEN built THEN it creates no provider and trusts the account's GitHub provider", async () => {
    const { recorder } = await runComponent(() => new DeployIdentity("credlink-dev-cicd", ARGS));
    expect(recorder.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).to.deep.equal([]);
    const trust = JSON.parse(recorder.one("aws:iam/role:Role", "credlink-dev-cicd-deploy").inputs.assumeRolePolicy);
    expect(trust.Statement[0].Principal).to.deep.equal({ Federated: `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com` });
  });

  it("WHEN built THEN it makes exactly two roles with one inline policy each, and sessions of at most an hour", async () => {
    const { recorder } = await runComponent(() => new DeployIdentity("credlink-dev-cicd", ARGS));
    expect(recorder.all.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`)).to.have.members([
      "aws:iam/role:Role credlink-dev-cicd-preview",
      "aws:iam/rolePolicy:RolePolicy credlink-dev-cicd-preview",
      "aws:iam/role:Role credlink-dev-cicd-deploy",
      "aws:iam/rolePolicy:RolePolicy credlink-dev-cicd-deploy",
    ]);
    expect(recorder.ofType("aws:iam/role:Role").map((r) => r.inputs.maxSessionDuration)).to.deep.equal([3600, 3600]);
  });

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
      const arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
      expect(problemsFor("prod", { "credlink:cicd": { oidcProviderArn: arn } })).to.deep.equal([
        `credlink:cicd.oidcProviderArn must not be set with createOidcProvider true (the stack creates the provider itself), got "${arn}"`,
      ]);
    });
  });
});
