/**
 * The project files the Pulumi CLI reads: Pulumi.yaml against the CLI's own JSON Schema, and the toolchain pins.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { expect } from "chai";
import { parse } from "yaml";
import { listStacks, loadProject, REPO_ROOT } from "../tools/project";

// Vendored: a fresh clone has nothing beside the repository (tests/fixtures/README.md names the source).
const SCHEMA_PATH = path.join(REPO_ROOT, "tests", "fixtures", "pulumi-project.schema.json");

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

describe("a fresh clone tests itself", () => {
  const SOURCE_DIRS = ["components", "stacks", "policy", "tools", "tests", ".ci", ".github"];
  // A path that climbs out of the repository: `"..", "shared"`, `../shared/`, `../../shared` and the like.
  // A citation in a comment or a source string is fine; a file API or import given such a path is not.
  const OUTSIDE = /\b(resolve|join|readFileSync|existsSync|readdirSync|require|import)\([^)]*(["'`]\.\.["'`]\s*,\s*["'`]shared["'`]|\.\.\/shared\/)/;

  function sources(dir: string): string[] {
    const abs = path.join(REPO_ROOT, dir);
    if (!fs.existsSync(abs)) return [];
    return fs.readdirSync(abs, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.(ts|js|json|ya?ml|sh)$/.test(e.name) && !e.parentPath.includes("node_modules"))
      .map((e) => path.join(e.parentPath, e.name));
  }

  it("GIVEN every source, test, tool and workflow file THEN none reads a path outside the repository (a clone has no ../shared)", () => {
    const offenders = SOURCE_DIRS.flatMap(sources).filter((f) => f !== __filename && OUTSIDE.test(fs.readFileSync(f, "utf8")));
    expect(offenders.map((f) => path.relative(REPO_ROOT, f))).to.deep.equal([]);
  });

  it("GIVEN the pattern THEN it catches both spellings of a climb to ../shared (the check bites)", () => {
    expect(OUTSIDE.test('path.resolve(REPO_ROOT, "..", "shared", "x.json")')).to.equal(true);
    expect(OUTSIDE.test("readFileSync('../../shared/schemas/x.json')")).to.equal(true);
    expect(OUTSIDE.test('path.join(REPO_ROOT, "tests", "fixtures", "x.json")')).to.equal(false);
    expect(OUTSIDE.test('source: "as summarised in ../shared/AWS-PRICES.md"')).to.equal(false);
  });
});
