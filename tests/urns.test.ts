/**
 * Every URN the program registers, pinned per committed stack and per examples/*.yaml variant in
 * tests/fixtures/urns/<name>.txt. A URN that changes is a resource Pulumi deletes and creates again (a database, a
 * bucket, a key), so moving a file, renaming a class or restructuring stacks/index.ts must leave every list as is.
 *
 * When a change is meant to add, remove or rename resources (a rename also needs `aliases`), regenerate the fixtures
 * deliberately with `npm run urns` (tools/urns.ts) and review their diff in the pull request.
 *
 * Cost: the committed stacks and the examples reuse the runs shared by the other files of the process
 * (tests/helpers/programs.ts): the deploy identity's tests run the same programs.
 */
import * as fs from "node:fs";
import { expect } from "chai";
import { fixtureFile, renderUrns, URN_FIXTURES, urnPrograms } from "../tools/urns";
import { committedProgram, exampleProgram } from "./helpers/programs";

const lines = (text: string) => text.split("\n").filter((l) => l !== "");
const REGENERATE = "the program's URNs differ from tests/fixtures/urns: if the change is meant to add, remove or rename resources, run `npm run urns` and review the diff; otherwise a resource would be replaced";

describe("URN compatibility: every committed stack and example registers exactly its fixture's URNs (npm run urns)", function () {
  this.timeout(300_000);
  const programs = urnPrograms();

  it("GIVEN the stacks and examples/ THEN tests/fixtures/urns holds one fixture per program and nothing else", () => {
    const fixtures = fs.readdirSync(URN_FIXTURES).filter((f) => f.endsWith(".txt")).sort();
    expect(fixtures).to.deep.equal(programs.map((p) => `${p.name}.txt`).sort());
    expect(programs.map((p) => p.name)).to.include.members(["dev", "prod", "example-prod-cloudflare"]);
  });

  for (const program of programs) {
    it(`GIVEN ${program.configFile ?? `Pulumi.${program.stack}.yaml`} (stack ${program.stack}) THEN its sorted URN list is tests/fixtures/urns/${program.name}.txt, line for line`, async () => {
      const run = program.configFile === undefined ? committedProgram(program.stack) : exampleProgram(program.stack, program.configFile);
      const actual = renderUrns((await run).recorder);
      expect(lines(actual), REGENERATE).to.deep.equal(lines(fs.readFileSync(fixtureFile(program), "utf8")));
    });
  }
});
