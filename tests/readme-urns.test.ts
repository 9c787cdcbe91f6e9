/**
 * The README's deploy steps name resources by URN (`pulumi up --exclude <urn>`). A URN the program doesn't register
 * would make that step a silent no-op on a real account, so every `urn:pulumi:<stack>::...` template in the README,
 * filled in for each stack, must be a URN the program registers.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../tools/project";
import { committedProgram } from "./helpers/programs";

/** The URN templates in a README: `urn:pulumi:<stack>::...` up to the closing quote, backtick or whitespace. */
export function readmeUrnTemplates(readme: string): string[] {
  return [...new Set([...readme.matchAll(/urn:pulumi:<stack>::[^'"`\s]+/g)].map((m) => m[0]))];
}

describe("README deploy steps: resource URNs", () => {
  const templates = readmeUrnTemplates(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"));
  const urns: Record<string, Set<string>> = {};
  before(async () => {
    for (const stack of ["dev", "prod"] as const) urns[stack] = new Set((await committedProgram(stack)).recorder.all.map((r) => r.urn));
  });

  it("GIVEN the README THEN it names the ECS service's URN for the first deploy's --exclude", () => {
    expect(templates).to.deep.equal(["urn:pulumi:<stack>::credlink::credlink:app:Service$aws:ecs/service:Service::credlink-<stack>"]);
  });

  for (const stack of ["dev", "prod"]) {
    it(`GIVEN ${stack} THEN every URN template in the README is a URN the program registers`, () => {
      const missing = templates.map((t) => t.replaceAll("<stack>", stack)).filter((urn) => !urns[stack].has(urn));
      expect(missing).to.deep.equal([]);
    });
  }

  it("GIVEN a template naming a resource the program doesn't register THEN the check reports it", () => {
    const bogus = readmeUrnTemplates("`urn:pulumi:<stack>::credlink::credlink:app:Service$aws:ecs/service:Service::credlink-api`");
    expect(bogus.map((t) => t.replaceAll("<stack>", "prod")).filter((urn) => !urns.prod.has(urn))).to.deep.equal([
      "urn:pulumi:prod::credlink::credlink:app:Service$aws:ecs/service:Service::credlink-api",
    ]);
  });
});
