/**
 * The mutation list and runner (`npm run mutants`, tools/mutants/) stay usable: every mutation still applies to the line
 * it names, the list covers every class and every component module, the test selection finds a file's own tests first,
 * and docs/MUTATION-SCORE.md is what the recorded scores render. No mutation runs here (that takes minutes).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { MUTATION_CLASSES, MUTATIONS, Mutation } from "../tools/mutants/mutations";
import { applyMutation, Outcome, packTally, tally } from "../tools/mutants/run";
import { renderScorePage, Score, SCORE_FILE, SCORE_PAGE } from "../tools/mutants/score";
import { BROAD_TESTS, EXCLUDED_TESTS, importGraph, testFiles, testsFor } from "../tools/mutants/select";
import { REPO_ROOT } from "../tools/project";

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");

describe("mutation list (tools/mutants/mutations.ts)", () => {
  it("GIVEN the source WHEN each mutation is applied THEN it finds its line (once, or its occurrence) and changes it", () => {
    const broken: string[] = [];
    for (const mutation of MUTATIONS) {
      try {
        const text = read(mutation.file);
        if (applyMutation(text, mutation) === text) broken.push(`${mutation.name}: changes nothing`);
      } catch (e) {
        broken.push((e as Error).message);
      }
    }
    expect(broken).to.deep.equal([]);
  });

  it("GIVEN the list THEN names are unique, there are at least 60, and every class has at least 5", () => {
    const names = MUTATIONS.map((m) => m.name);
    const perClass = Object.fromEntries(MUTATION_CLASSES.map((c) => [c, MUTATIONS.filter((m) => m.class === c).length]));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).to.deep.equal([]);
    expect(MUTATIONS.length).to.be.at.least(60);
    expect(Object.entries(perClass).filter(([, n]) => n < 5)).to.deep.equal([]);
  });

  it("GIVEN the component modules (components/<module>/) THEN each has at least one mutation, and so do the stack config and the plan", () => {
    const modules = fs.readdirSync(path.join(REPO_ROOT, "components"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `components/${e.name}/`);
    const covered = (prefix: string) => MUTATIONS.some((m) => m.file.startsWith(prefix));
    expect([...modules, "stacks/config", "stacks/parts/", "tools/plan/"].filter((p) => !covered(p))).to.deep.equal([]);
  });

  it("GIVEN a mutation whose text appears twice and no occurrence WHEN applied THEN it is refused, naming the mutation and the file", () => {
    const twice: Mutation = { name: "twice", class: "timing", file: "x.ts", find: "period: 60,", replace: "period: 300," };
    expect(() => applyMutation("a: { period: 60, }\nb: { period: 60, }\n", twice)).to.throw('twice: x.ts has 2 matches of "period: 60,", not exactly one (give an occurrence)');
    expect(applyMutation("a: { period: 60, }\nb: { period: 60, }\n", { ...twice, occurrence: 2 })).to.equal("a: { period: 60, }\nb: { period: 300, }\n");
    expect(() => applyMutation("nothing here", twice)).to.throw("twice: x.ts has 0 matches");
  });
});

describe("mutation runner (tools/mutants/run.ts, select.ts)", () => {
  it("GIVEN a component file WHEN its tests are selected THEN its own test files come first, the broad pins join them, and the excluded files are left out", () => {
    const graph = importGraph(REPO_ROOT);
    const { first, rest } = testsFor(REPO_ROOT, "components/lib/cidr.ts", graph);
    expect(first.slice(0, 2)).to.have.members(["tests/cidr-boundaries.test.ts", "tests/network.test.ts"]);
    expect([...first, ...rest].filter((t) => EXCLUDED_TESTS[t])).to.deep.equal([]);
    expect(first.length + rest.length).to.be.lessThan(testFiles(REPO_ROOT).length);
    expect(BROAD_TESTS.filter((t) => !first.includes(t))).to.deep.equal([]);
  });

  it("GIVEN a script tests spawn by its path WHEN tests are selected THEN its imports count: the plan's CLI is reached by the plan tests", () => {
    const { first, rest } = testsFor(REPO_ROOT, "tools/plan/cli.ts", importGraph(REPO_ROOT));
    expect([...first, ...rest]).to.include("tests/plan-unmocked-invoke.test.ts");
  });

  it("GIVEN outcomes WHEN tallied THEN timeouts count as killed, errors and survivors do not, and a class without mutations has no rate", () => {
    const outcome = (cls: Mutation["class"], status: Outcome["status"]): Outcome => ({ mutation: { ...MUTATIONS[0], class: cls }, status, seconds: 1, tests: { first: [], rest: [] } });
    const rows = tally([outcome("timing", "killed"), outcome("timing", "timeout"), outcome("timing", "survived"), outcome("boundary", "error")]);
    expect(rows.filter((r) => r.total > 0 || r.class === "security")).to.deep.equal([
      { class: "security", killed: 0, total: 0, percent: null },
      { class: "timing", killed: 2, total: 3, percent: 66.7 },
      { class: "boundary", killed: 0, total: 1, percent: 0 },
      { class: "all", killed: 2, total: 4, percent: 50 },
    ]);
  });

  it("GIVEN pack mutations WHEN the pack's catches are tallied THEN only the pack's verdict counts (a timeout as caught, a pack that could not run as missed), not the tests'", () => {
    const outcome = (cls: Mutation["class"], tests: Outcome["status"], pack?: NonNullable<Outcome["pack"]>["status"]): Outcome => ({
      mutation: { ...MUTATIONS[0], class: cls },
      status: tests,
      ...(pack ? { pack: { status: pack } } : {}),
      seconds: 1,
      tests: { first: [], rest: [] },
    });
    const outcomes = [outcome("pack", "killed", "missed"), outcome("pack", "survived", "caught"), outcome("pack", "killed", "timeout"), outcome("pack", "killed", "error"), outcome("security", "killed")];
    expect(packTally(outcomes)).to.deep.equal({ class: "pack", killed: 2, total: 4, percent: 50 });
    expect(tally(outcomes).find((r) => r.class === "pack")).to.deep.equal({ class: "pack", killed: 3, total: 4, percent: 75 });
  });

  it(`GIVEN ${SCORE_FILE} THEN ${SCORE_PAGE} is what the recorded scores render`, () => {
    const scores = JSON.parse(read(SCORE_FILE)) as Score[];
    expect(read(SCORE_PAGE)).to.equal(renderScorePage(scores));
  });
});
