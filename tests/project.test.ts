/**
 * The project files the Pulumi CLI reads: Pulumi.yaml against the CLI's own JSON Schema, and the toolchain pins.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import { parse } from "yaml";
import { listStacks, loadProject, REPO_ROOT } from "../tools/project";

const SCHEMA_PATH = path.resolve(REPO_ROOT, "..", "shared", "schemas", "pulumi-project.schema.json");

function projectValidator() {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, "utf8"));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

describe("Pulumi.yaml", () => {
  it("GIVEN the CLI's project schema WHEN Pulumi.yaml is validated THEN it is accepted", () => {
    const validate = projectValidator();
    const ok = validate(parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")));
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).to.deep.equal([]);
    expect(ok).to.equal(true);
  });

  it("GIVEN the CLI's project schema WHEN a project with a malformed runtime is validated THEN it is rejected (the check bites)", () => {
    const validate = projectValidator();
    expect(validate({ name: "credlink", runtime: { name: "nodejs", typo: true } })).to.equal(false);
  });

  it("WHEN read THEN it is the TypeScript nodejs project credlink whose main file exists", () => {
    const project = loadProject();
    expect(project.name).to.equal("credlink");
    expect(project.runtime).to.deep.equal({ name: "nodejs", options: { typescript: true, packagemanager: "npm" } });
    expect(project.main).to.equal("stacks/index.ts");
    expect(fs.existsSync(path.join(REPO_ROOT, project.main as string))).to.equal(true);
  });

  it("WHEN the stack files are listed THEN there is a dev and a prod stack", () => {
    expect(listStacks()).to.include.members(["dev", "prod"]);
  });
});

describe("toolchain", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

  it("WHEN package.json is read THEN Node 24 runs every npm script and TypeScript stays on 5.9 with ts-node 10", () => {
    expect(pkg.engines.node).to.equal(">=22");
    expect(pkg.devDependencies.node).to.match(/^\^24\./);
    expect(pkg.devDependencies.typescript).to.match(/^~5\.9\./);
    expect(pkg.devDependencies["ts-node"]).to.match(/^\^10\./);
    expect(fs.readFileSync(path.join(REPO_ROOT, ".nvmrc"), "utf8").trim()).to.equal("24");
  });

  it("WHEN the tests run THEN they run on Node 24 (the node devDependency is first on the PATH)", () => {
    expect(process.versions.node.split(".")[0]).to.equal("24");
  });

  it("WHEN the components package is read THEN it is its own workspace package with an entry point that exists", () => {
    const components = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "components", "package.json"), "utf8"));
    expect(pkg.workspaces).to.include("components");
    expect(components.name).to.equal("@credlink/components");
    expect(fs.existsSync(path.join(REPO_ROOT, "components", components.main))).to.equal(true);
    expect(components.peerDependencies).to.include.keys("@pulumi/pulumi", "@pulumi/aws", "@pulumi/awsx");
  });
});
