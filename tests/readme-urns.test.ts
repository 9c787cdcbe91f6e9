/**
 * The deploy steps name resources by URN (`pulumi up --exclude <urn>`, `pulumi import --parent <urn>`). A URN the
 * program doesn't register would make that step a silent no-op, or a failure, on a real account. So every URN in
 * README.md and docs/, a template (`urn:pulumi:<stack>::...`, filled in for each stack) or a stack's own
 * (`urn:pulumi:prod::...`), must be one the program registers. The committed stacks' program runs are shared with the
 * other test files of this process.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { docFiles } from "../tools/docs/generate";
import { REPO_ROOT } from "../tools/project";
import { committedProgram } from "./helpers/programs";

const STACKS = ["dev", "prod"] as const;

/** The URNs a page names: `urn:pulumi:<stack or placeholder>::...` up to the closing quote, backtick or whitespace. */
export function readmeUrnTemplates(text: string): string[] {
  return [...new Set([...text.matchAll(/urn:pulumi:(?:<stack>|dev|prod)::[^'"`\s]+/g)].map((m) => m[0]))];
}

/** The URNs a template stands for: one per stack for `<stack>`, itself for a stack's own. */
const expand = (template: string): string[] => (template.includes("<stack>") ? STACKS.map((s) => template.replaceAll("<stack>", s)) : [template]);

describe("deploy steps in README.md and docs/: resource URNs", () => {
  const templates = readmeUrnTemplates(docFiles().map((file) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8")).join("\n"));
  const urns = new Set<string>();
  before(async () => {
    for (const stack of STACKS) for (const r of (await committedProgram(stack)).recorder.all) urns.add(r.urn);
  });

  it("GIVEN the docs THEN they name the ECS service for the first deploy's --exclude, and the baseline and provider for the GuardDuty import", () => {
    expect(templates).to.deep.equal([
      "urn:pulumi:<stack>::credlink::credlink:app:Service$aws:ecs/service:Service::credlink-<stack>",
      "urn:pulumi:prod::credlink::credlink:account:Baseline::credlink-account",
      "urn:pulumi:prod::credlink::pulumi:providers:aws::aws-us-east-1",
    ]);
  });

  it("GIVEN every URN the docs name THEN the program registers it (a template, in every stack)", () => {
    expect(templates.flatMap(expand).filter((urn) => !urns.has(urn))).to.deep.equal([]);
  });

  it("GIVEN a template naming a resource the program doesn't register THEN the check reports it", () => {
    const bogus = readmeUrnTemplates("`urn:pulumi:<stack>::credlink::credlink:app:Service$aws:ecs/service:Service::credlink-api`");
    expect(bogus.flatMap(expand).filter((urn) => !urns.has(urn))).to.deep.equal([
      "urn:pulumi:dev::credlink::credlink:app:Service$aws:ecs/service:Service::credlink-api",
      "urn:pulumi:prod::credlink::credlink:app:Service$aws:ecs/service:Service::credlink-api",
    ]);
  });
});
