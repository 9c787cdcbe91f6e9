/**
 * docs/CICD.md describes deploy.yml step for step: under "What runs on merge and on a release", one subsection per job
 * (in the workflow's order) and a numbered list of its steps by name (in order). Every step of the workflow has a
 * name, so the list can't hide one. A step added, removed, renamed or moved in either file fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { REPO_ROOT } from "../tools/project";

const DOC = path.join(REPO_ROOT, "docs/CICD.md");
const WORKFLOW = path.join(REPO_ROOT, ".github/workflows/deploy.yml");

/** The jobs and step names a Markdown section lists: `### \`<job>\`` headings, then `N. **<step name>**` items. */
export function documentedSteps(markdown: string, section: string): { job: string; steps: string[] }[] {
  const start = markdown.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`no section "## ${section}"`);
  const end = markdown.indexOf("\n## ", start + 1);
  const body = markdown.slice(start, end < 0 ? undefined : end);
  const jobs: { job: string; steps: string[] }[] = [];
  for (const line of body.split("\n")) {
    const heading = /^### `([\w-]+)`/.exec(line);
    if (heading) jobs.push({ job: heading[1], steps: [] });
    const item = /^\d+\. \*\*(.+?)\*\*/.exec(line);
    if (item && jobs.length > 0) jobs[jobs.length - 1].steps.push(item[1]);
  }
  return jobs;
}

describe("docs/CICD.md describes deploy.yml step for step", () => {
  const workflow = parse(fs.readFileSync(WORKFLOW, "utf8"));
  const documented = documentedSteps(fs.readFileSync(DOC, "utf8"), "What runs on merge and on a release (`deploy.yml`)");

  it("GIVEN deploy.yml THEN every step has a name (the docs list steps by name)", () => {
    const unnamed = Object.entries<any>(workflow.jobs).flatMap(([job, j]) => j.steps.map((s: any, i: number) => (s.name ? undefined : `${job} step ${i + 1}`)).filter(Boolean));
    expect(unnamed).to.deep.equal([]);
  });

  it("GIVEN the docs' section THEN it names the workflow's jobs, in order, and each job's steps by name, in order", () => {
    const actual = Object.entries<any>(workflow.jobs).map(([job, j]) => ({ job, steps: j.steps.map((s: any) => s.name) }));
    expect(documented).to.deep.equal(actual);
  });

  it("GIVEN a list with a step missing, or two swapped THEN the comparison sees it (the parser reads what is written)", () => {
    const doc = "\n## S\n\n### `a`\n\n1. **one**: x.\n2. **two**.\n\n### `b`\n\n1. **three**\n\n## Next\n\n### `c`\n\n1. **ignored**\n";
    expect(documentedSteps(doc, "S")).to.deep.equal([
      { job: "a", steps: ["one", "two"] },
      { job: "b", steps: ["three"] },
    ]);
    expect(documentedSteps(doc.replace("1. **one**: x.\n2. **two**.", "1. **two**.\n2. **one**: x."), "S")[0].steps).to.deep.equal(["two", "one"]);
  });
});
