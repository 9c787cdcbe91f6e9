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

/**
 * GitHub's CODEOWNERS syntax (GitHub Docs, "About code owners"): gitignore-style patterns, the last match wins; a
 * leading `/` anchors to the root, a trailing `/` matches a directory and everything under it, `*` stays within one
 * path segment.
 */
export function codeOwnersOf(file: string, codeowners: string): string[] | undefined {
  let owners: string[] | undefined;
  for (const raw of codeowners.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [pattern, ...who] = line.split(/\s+/);
    const anchored = pattern.startsWith("/");
    const body = pattern.replace(/^\//, "");
    const dir = body.endsWith("/");
    const glob = body.replace(/\/$/, "").replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*");
    const re = new RegExp(`${anchored ? "^" : "(^|/)"}${glob}${dir ? "/" : "($|/)"}`);
    if (re.test(file)) owners = who;
  }
  return owners;
}

// Old: no CODEOWNERS and no ruleset in the setup: one collaborator could change the workflows, the CI identity or the
// pack and merge it.
describe("who must review a change to the deploy path (.github/CODEOWNERS, docs/CICD.md)", () => {
  const codeowners = fs.readFileSync(path.join(REPO_ROOT, ".github/CODEOWNERS"), "utf8");
  const doc = fs.readFileSync(DOC, "utf8");

  it("GIVEN .github/CODEOWNERS THEN the workflows, their scripts, CODEOWNERS itself, the CI identity, the pack and every stack file have owners", () => {
    const files = [
      ".github/workflows/deploy.yml", ".github/workflows/pull-request.yml", ".github/scripts/runner-ingress.sh", ".github/CODEOWNERS",
      "components/cicd/deploy-policy.ts", "components/cicd/permissions/iam.ts", "policy/policies/privilege.ts", "policy/config/prod.json",
      ...fs.readdirSync(REPO_ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f)),
    ];
    expect(files.filter((f) => !(codeOwnersOf(f, codeowners)?.length))).to.deep.equal([]);
    expect(files.filter((f) => /^Pulumi\./.test(f))).to.include.members(["Pulumi.dev.yaml", "Pulumi.prod.yaml"]);
  });

  it("GIVEN the matcher THEN it follows GitHub's rules: anchored directories, one-segment wildcards, the last match wins", () => {
    const rules = "/docs/ @a\n/Pulumi.*.yaml @b\n*.md @c\n";
    expect([codeOwnersOf("docs/x.ts", rules), codeOwnersOf("src/docs/x.ts", rules), codeOwnersOf("Pulumi.prod.yaml", rules), codeOwnersOf("stacks/Pulumi.prod.yaml", rules), codeOwnersOf("docs/CICD.md", rules)]).to.deep.equal([
      ["@a"], undefined, ["@b"], undefined, ["@c"],
    ]);
    expect(codeOwnersOf("components/app/service.ts", codeowners)).to.equal(undefined);
  });

  it("GIVEN docs/CICD.md's setup THEN it requires the ruleset's code-owner review, stale-approval dismissal and approval of the latest push, and Prevent self-review on prod and prod-preview", () => {
    const flat = doc.replace(/\s+/g, " ");
    for (const phrase of ["**Require review from Code Owners**", "**Dismiss stale pull request approvals when new commits are pushed**", "**Require approval of the most recent reviewable push**", "`.github/CODEOWNERS`"]) expect(flat, phrase).to.include(phrase);
    expect(flat).to.include("`prod` (required reviewers, **Prevent self-review** on;");
    expect(flat).to.include("`prod-preview` (required reviewers, **Prevent self-review** on)");
  });
});

