/**
 * One AWS account per environment: `credlink:account.id` on every AWS provider (`allowedAccountIds`), the refusal of
 * another environment's stack in the same account unless `credlink:account.sharedWith` names it (then the warning of
 * what isolation is lost, and one owner of the singletons), the reader of the other committed stack files, the
 * placeholders (account and GitHub ids), ARNs that must be in the stack's own account, and each stack's secrets
 * provider (a KMS key of its own, no passphrase).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { parse } from "yaml";
import * as fs from "node:fs";
import { secretsProviderUrl } from "../components/cicd/deploy-identity";
import { ConfigError, parseStackConfig, readStackConfig } from "../stacks/config";
import { accountSharing, OtherStack, readOtherStacks, SHARED_ACCOUNT_LOSSES } from "../stacks/config/account";
import { startMocks } from "../tools/offline/mocks";
import { stackConfig } from "../tools/offline/program";
import { stateKeyPlan } from "../tools/cicd/state-key";
import { loadStackConfig, REPO_ROOT } from "../tools/project";
import { problemsFor } from "./helpers/config";
import { committedProgram } from "./helpers/programs";

const DEV_ID = "111111111111";
const PROD_ID = "222222222222";
const FIXTURE = path.join(REPO_ROOT, "tests", "fixtures", "accounts");

/** The committed stack files other than `stack`, as readStackConfig hands them to the rules. */
const others = (stack: string) => readOtherStacks(stack);
const parse_ = (stack: "dev" | "prod", patch: Record<string, unknown> = {}) => parseStackConfig(stackConfig(stack, patch), "credlink", stack, undefined, others(stack));
const problems = (stack: "dev" | "prod", patch: Record<string, unknown>): readonly string[] => {
  try {
    parse_(stack, patch);
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error(`expected ${stack} patched with ${JSON.stringify(patch)} to be refused`);
};

const SAME_ACCOUNT = `credlink:account.id "${PROD_ID}" is also the account of stack prod (Pulumi.prod.yaml, credlink:environment "prod"): each environment has its own AWS account. Give this stack its own, or share it deliberately with credlink:account.sharedWith: prod in both stack files`;
const SAME_ACCOUNT_AS_FAILOVER = `credlink:account.id "${PROD_ID}" is also the account of stack prod-dr (Pulumi.prod-dr.yaml, credlink:environment "prod"): each environment has its own AWS account. Give this stack its own, or share it deliberately with credlink:account.sharedWith: prod-dr in both stack files`;
const SHARED_WARNING = `credlink:account.id ${PROD_ID} is shared with stack prod (credlink:account.sharedWith): the isolation an account per environment gives is lost: ${SHARED_ACCOUNT_LOSSES.map((l, i) => `(${i + 1}) ${l}`).join("; ")}`;

describe("one AWS account per environment: the stack files", () => {
  it("GIVEN the committed stack files THEN dev and prod name different 12-digit accounts, each the placeholder of its own", () => {
    const id = (stack: string) => JSON.parse(loadStackConfig(stack).config["credlink:account"]).id;
    expect([id("dev"), id("prod")]).to.deep.equal([DEV_ID, PROD_ID]);
  });

  it("GIVEN the committed repository THEN readOtherStacks gives dev prod's environment, account and CI section as written, and prod dev's", () => {
    const [prod] = others("dev");
    expect([prod.stack, prod.file, prod.environment, prod.account?.id, prod.account?.baseline, prod.cicd?.createOidcProvider]).to.deep.equal(["prod", "Pulumi.prod.yaml", "prod", PROD_ID, true, true]);
    expect(others("prod").map((o) => [o.stack, o.account?.id])).to.deep.equal([["dev", DEV_ID], ["prod-dr", PROD_ID]]);
  });

  it("GIVEN a project with a stack file that does not parse THEN readOtherStacks leaves it out and reads the rest (the top-level secretsprovider is not config)", () => {
    expect(readOtherStacks("dev", FIXTURE)).to.deep.equal([
      { stack: "prod", file: "Pulumi.prod.yaml", environment: "prod", account: { id: PROD_ID, sharedWith: "dev" }, cicd: undefined, dr: undefined },
    ]);
    expect(readOtherStacks("prod", FIXTURE).map((o) => o.stack)).to.deep.equal(["dev"]);
    expect(readOtherStacks("dev", path.join(FIXTURE, "no-such-project"))).to.deep.equal([]);
  });
});

describe("one AWS account per environment: the refusal and sharedWith", () => {
  it("GIVEN dev with prod's account id and no sharedWith THEN the config refuses it, naming the key, the other stack's file and the way out", () => {
    expect(problems("dev", { "credlink:account": { id: PROD_ID, breakGlassRoleArn: undefined } })).to.deep.equal([SAME_ACCOUNT, SAME_ACCOUNT_AS_FAILOVER]);
  });

  it("GIVEN dev sharing prod's account deliberately THEN prod's failover stack in that account comes with it (sharing is with an environment)", () => {
    const cfg = parse_("dev", { "credlink:account": { id: PROD_ID, sharedWith: "prod", baseline: false, breakGlassRoleArn: undefined }, "credlink:cicd": { createOidcProvider: false }, "credlink:audit": undefined });
    expect(cfg.warnings.filter((w) => /shared with|also the account/.test(w))).to.deep.equal([SHARED_WARNING]);
  });

  it("GIVEN prod with dev's account id THEN prod is refused the same way (both sides)", () => {
    expect(problems("prod", { "credlink:account": { id: DEV_ID, breakGlassRoleArn: `arn:aws:iam::${DEV_ID}:role/credlink-break-glass` } })).to.deep.equal([
      `credlink:account.id "${DEV_ID}" is also the account of stack dev (Pulumi.dev.yaml, credlink:environment "dev"): each environment has its own AWS account. Give this stack its own, or share it deliberately with credlink:account.sharedWith: dev in both stack files`,
    ]);
  });

  it("GIVEN dev sharing prod's account deliberately but also owning the singletons and the OIDC provider THEN both ownerships are refused", () => {
    expect(problems("dev", { "credlink:account": { id: PROD_ID, sharedWith: "prod", breakGlassRoleArn: undefined } })).to.deep.equal([
      `credlink:account.baseline must be false in one of the stacks sharing account ${PROD_ID}: prod (Pulumi.prod.yaml) owns the account's singletons too (GuardDuty, Inspector, registry scanning exist once per account and region), got true`,
      `credlink:cicd.createOidcProvider must be false in one of the stacks sharing account ${PROD_ID}: prod (Pulumi.prod.yaml) creates GitHub's OIDC provider too (one per account), got true`,
    ]);
  });

  it("GIVEN dev sharing prod's account deliberately, owning neither THEN it parses and warns, once, what isolation is lost", () => {
    const cfg = parse_("dev", {
      "credlink:account": { id: PROD_ID, sharedWith: "prod", baseline: false, breakGlassRoleArn: undefined },
      "credlink:cicd": { createOidcProvider: false },
      // The trail is the owner's (prod's): a stack that owns no baseline configures none.
      "credlink:audit": undefined,
    });
    expect(cfg.warnings.filter((w) => w.includes("shared with"))).to.deep.equal([SHARED_WARNING]);
    for (const loss of ["GitHub's OIDC provider", "singletons", "IAM blast radius", "service quotas", "secrets-provider keys"]) expect(SHARED_WARNING).to.include(loss);
  });

  it("GIVEN dev and prod in different accounts (the committed files) THEN nothing is refused or warned about sharing", () => {
    expect(parse_("dev").warnings.filter((w) => /shared with|also the account/.test(w))).to.deep.equal([]);
    expect(parse_("prod").warnings.filter((w) => /shared with|also the account/.test(w))).to.deep.equal([]);
  });

  it("GIVEN sharedWith naming a stack with no file, this stack itself, or a stack in another account THEN each is refused naming the key", () => {
    expect(problems("dev", { "credlink:account": { sharedWith: "staging" } })).to.deep.equal([
      'credlink:account.sharedWith must name a stack with a committed Pulumi.<stack>.yaml; there is none for it (stacks: prod, prod-dr), got "staging"',
    ]);
    expect(problems("dev", { "credlink:account": { sharedWith: "dev" } })).to.deep.equal(['credlink:account.sharedWith must name another stack, not this one, got "dev"']);
    expect(problems("dev", { "credlink:account": { sharedWith: "prod" } })).to.deep.equal([
      `credlink:account.sharedWith names prod, whose credlink:account.id is "${PROD_ID}" (Pulumi.prod.yaml), not this stack's "${DEV_ID}": remove sharedWith, the accounts are already apart, got "prod"`,
    ]);
  });

  it("GIVEN a second stack of the same environment in the same account (a personal or DR stack) THEN it is not refused, but only one may own the singletons", () => {
    const personal: OtherStack = { stack: "dev-alice", file: "Pulumi.dev-alice.yaml", environment: "dev", account: { id: DEV_ID, baseline: false }, cicd: { createOidcProvider: false } };
    expect(accountSharing({ stack: "dev", environment: "dev", account: { id: DEV_ID }, cicd: { createOidcProvider: true } }, [personal])).to.deep.equal({ problems: [], warnings: [] });
    const owning: OtherStack = { ...personal, account: { id: DEV_ID } };
    expect(accountSharing({ stack: "dev", environment: "dev", account: { id: DEV_ID, baseline: true } }, [owning]).problems).to.have.length(1);
  });

  it("GIVEN the running stack's config with the other stack's account THEN readStackConfig (what the plan and preview run) refuses it", async () => {
    await startMocks({ project: "credlink", stack: "dev" });
    pulumi.runtime.setAllConfig(stackConfig("dev", { "credlink:account": { id: PROD_ID, breakGlassRoleArn: undefined } }), []);
    expect(() => readStackConfig()).to.throw(ConfigError, SAME_ACCOUNT);
    pulumi.runtime.setAllConfig(stackConfig("dev"), []);
    expect(readStackConfig().account.id).to.equal(DEV_ID);
  });
});

describe("one AWS account per environment: values and placeholders", () => {
  it("GIVEN an account id of 11 or 13 digits, or a number THEN it is refused naming the key; 12 digits with a leading zero is accepted", () => {
    expect(problemsFor("dev", { "credlink:account": { id: "11111111111", breakGlassRoleArn: undefined } })).to.deep.equal([
      'credlink:account.id must be the AWS account id, 12 digits as a quoted string (e.g. "123456789012"), got "11111111111"',
    ]);
    expect(problemsFor("dev", { "credlink:account": { id: "1111111111111", breakGlassRoleArn: undefined } })).to.have.length(1);
    expect(problemsFor("dev", { "credlink:account": { id: 111111111111, breakGlassRoleArn: undefined } })).to.deep.equal(["credlink:account.id must be a string, got 111111111111"]);
    expect(parseStackConfig(stackConfig("dev", { "credlink:account": { id: "012345678901", breakGlassRoleArn: undefined } }), "credlink", "dev").account.id).to.equal("012345678901");
  });

  it("GIVEN the committed placeholder ids THEN each is a warning naming its key; a real-looking id is not", () => {
    const warned = (stack: "dev" | "prod", patch: Record<string, unknown> = {}) =>
      parseStackConfig(stackConfig(stack, patch), "credlink", stack).warnings.filter((w) => /^credlink:(account\.id|cicd\.github\.(ownerId|repoId)) /.test(w)).map((w) => w.split(" ")[0]);
    expect(warned("dev")).to.deep.equal(["credlink:account.id", "credlink:cicd.github.ownerId", "credlink:cicd.github.repoId"]);
    expect(warned("prod", { "credlink:account": { id: "123456789012", breakGlassRoleArn: "arn:aws:iam::123456789012:role/credlink-break-glass" } })).to.include("credlink:account.id");
    expect(
      warned("prod", { "credlink:account": { id: "210987654321", breakGlassRoleArn: "arn:aws:iam::210987654321:role/credlink-break-glass" }, "credlink:cicd": { github: { ownerId: "98765432", repoId: "876543210" } } }),
    ).to.deep.equal([]);
  });

  it("GIVEN a break-glass role, an OIDC provider or a secrets key in another account than credlink:account.id THEN each is refused naming the key and both accounts", () => {
    expect(problemsFor("prod", { "credlink:account": { breakGlassRoleArn: "arn:aws:iam::333333333333:role/credlink-break-glass" } })).to.deep.equal([
      `credlink:account.breakGlassRoleArn must be in the stack's own account (credlink:account.id ${PROD_ID}): the providers refuse any other, got "arn:aws:iam::333333333333:role/credlink-break-glass" in 333333333333`,
    ]);
    const provider = "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com";
    expect(problemsFor("dev", { "credlink:cicd": { createOidcProvider: false, oidcProviderArn: provider } })).to.deep.equal([
      `credlink:cicd.oidcProviderArn must be in the stack's own account (credlink:account.id ${DEV_ID}): the providers refuse any other, got "${provider}" in 333333333333`,
    ]);
    const key = "arn:aws:kms:us-east-1:333333333333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    expect(problemsFor("dev", { "credlink:cicd": { stateKeyArn: key } })).to.deep.equal([
      `credlink:cicd.stateKeyArn must be in the stack's own account (credlink:account.id ${DEV_ID}): the providers refuse any other, got "${key}" in 333333333333`,
    ]);
  });

  it("GIVEN GitHub ids that are not numeric strings THEN each is refused naming the key", () => {
    expect(problemsFor("dev", { "credlink:cicd": { github: { ownerId: "credlink", repoId: "012" } } })).to.deep.equal([
      'credlink:cicd.github.ownerId must be the owner\'s numeric GitHub id as a quoted string (1-20 digits, no leading zero), got "credlink"',
      'credlink:cicd.github.repoId must be the repository\'s numeric GitHub id as a quoted string (1-20 digits, no leading zero), got "012"',
    ]);
  });

  it("GIVEN no credlink:account or no credlink:cicd THEN the config says each is required (every stack names its account and its deploy identity)", () => {
    expect(problemsFor("dev", { "credlink:account": undefined, "credlink:cicd": undefined })).to.deep.equal([
      "credlink:cicd is required (an object), but it is not set",
      "credlink:account is required (an object), but it is not set",
    ]);
  });
});

describe("one AWS account per environment: the providers and the secrets provider", () => {
  for (const [stack, id, providers] of [
    ["dev", DEV_ID, ["aws-us-east-1"]],
    ["prod", PROD_ID, ["aws-us-east-1", "aws-us-west-2"]],
  ] as const) {
    it(`GIVEN ${stack}'s credlink:account.id THEN every AWS provider (${providers.join(", ")}) allows exactly ${id}`, async () => {
      const { recorder, outputs } = await committedProgram(stack);
      expect(recorder.ofType("pulumi:providers:aws").map((p) => [p.name, p.inputs.allowedAccountIds])).to.deep.equal(providers.map((name) => [name, JSON.stringify([id])]));
      expect(outputs.accountId).to.equal(id);
    });

    it(`GIVEN Pulumi.${stack}.yaml THEN its secrets provider is its own KMS key (awskms, alias credlink-${stack}-state, its region), with no passphrase salt`, async () => {
      const file = parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8"));
      expect(file.secretsprovider).to.equal(secretsProviderUrl(`credlink-${stack}`, "us-east-1"));
      expect(file.secretsprovider).to.equal(`awskms://alias/credlink-${stack}-state?region=us-east-1`);
      expect(file).to.not.have.property("encryptionsalt");
      expect((await committedProgram(stack)).outputs.secretsProvider).to.equal(file.secretsprovider);
    });
  }

  it("GIVEN prod's stack file THEN npm run state-key prints its key policy (prod's account; the CI roles by pattern; prod's break-glass role) and the init command with its secrets provider", () => {
    const plan = stateKeyPlan("prod");
    const policy = plan.policy as any;
    expect(policy.Statement.map((st: any) => [st.Sid, st.Principal.AWS, st.Condition?.ArnLike?.["aws:PrincipalArn"]])).to.deep.equal([
      ["AdministerThroughIamNeverUse", `arn:aws:iam::${PROD_ID}:root`, undefined],
      ["DeployRoleEncryptsAndDecrypts", `arn:aws:iam::${PROD_ID}:root`, `arn:aws:iam::${PROD_ID}:role/credlink-prod-cicd-deploy-*`],
      ["PreviewRoleDecrypts", `arn:aws:iam::${PROD_ID}:root`, `arn:aws:iam::${PROD_ID}:role/credlink-prod-cicd-preview-*`],
      ["BreakGlassUses", `arn:aws:iam::${PROD_ID}:role/credlink-break-glass`, undefined],
    ]);
    const file = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8"));
    expect([plan.alias, plan.secretsProvider]).to.deep.equal(["alias/credlink-prod-state", file.secretsprovider]);
    expect(plan.commands.at(-1)).to.equal(`pulumi stack init prod --secrets-provider "${file.secretsprovider}"`);
    expect(plan.commands[2]).to.equal("aws kms create-alias --region us-east-1 --alias-name alias/credlink-prod-state --target-key-id <key id>");
  });

  it("GIVEN a stack file with a top-level secretsprovider THEN the loader (the plan, the tests, the engine) reads its config as before", () => {
    const { config } = loadStackConfig("prod", FIXTURE);
    expect(Object.keys(config).sort()).to.deep.equal(["credlink:account", "credlink:environment"]);
  });
});
