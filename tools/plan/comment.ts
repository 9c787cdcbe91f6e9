/**
 * The offline plan's pull-request comment: every stack's plan in one comment, within GitHub's limit.
 *
 *   npm run -s plan:comment -- --out .plan/comment.md [--head SHA --base SHA] dev=.plan/dev.json prod=.plan/prod.json
 *
 * Each `<stack>=<file>` is that stack's JSON report (written with --compare against the base branch's plan); a missing
 * file means its plan failed. Each stack gets an equal share of COMMENT_BUDGET and renders as the Markdown format does
 * (tools/plan/render.ts renderMarkdown): the summary, what is replaced, every change, the cost delta and the verdicts
 * open; the other sections collapsed while they fit, and named when they don't. Nothing is ever cut mid-markup.
 * Every report also goes to stdout in full, as a table: the job log the comment points to.
 * The PR workflow's plan job runs this, then posts the file as one comment, updated in place (COMMENT_MARKER).
 */
import * as fs from "node:fs";
import { DEFAULT_WIDTH, render } from "./render";
import { PlanReport } from "./report";

/** The comment's first line: how the workflow finds its own comment to update. */
export const COMMENT_MARKER = "<!-- credlink-plan-report -->";
/** GitHub refuses comments over 65,536 characters; this leaves room for the marker, the stacks' wrappers, the footer. */
export const COMMENT_BUDGET = 60_000;

export interface StackPlan {
  readonly stack: string;
  /** The JSON report, or undefined when the plan failed. */
  readonly report?: PlanReport;
}

/** The whole comment for these stacks. */
export function assembleComment(stacks: readonly StackPlan[], footer = ""): string {
  const open = [COMMENT_MARKER, "## Offline plan: changes, cost delta and policy verdicts", ""].join("\n");
  const close = footer ? `\n_${footer}_\n` : "";
  const wrap = (stack: string, body: string) => [`<details open><summary><b>${stack}</b></summary>`, "", body, "", "</details>", ""].join("\n");
  const overhead = open.length + close.length + stacks.reduce((a, s) => a + wrap(s.stack, "").length, 0);
  // Each stack gets an equal share of what is left, so what one leaves unused goes to the ones after it.
  let left = COMMENT_BUDGET - overhead;
  const bodies = stacks.map((s, i) => {
    const share = Math.floor(left / (stacks.length - i));
    const body = s.report ? render(s.report, "markdown", { budget: share }) : `The ${s.stack} plan failed: no report was written. The job log says why.\n`;
    left -= body.length;
    return body;
  });
  return [open, ...stacks.map((s, i) => wrap(s.stack, bodies[i])), close].join("\n");
}

function main(argv: readonly string[]): number {
  let out: string | undefined;
  let head = "";
  let base = "";
  const stacks: StackPlan[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--out") out = argv[++i];
    else if (arg === "--head") head = argv[++i] ?? "";
    else if (arg === "--base") base = argv[++i] ?? "";
    else if (/^[A-Za-z0-9_.-]+=.+$/.test(arg)) {
      const [stack, file] = [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)];
      let report: PlanReport | undefined;
      try {
        report = JSON.parse(fs.readFileSync(file, "utf8")) as PlanReport;
      } catch {
        report = undefined;
      }
      stacks.push({ stack, ...(report ? { report } : {}) });
    } else {
      process.stderr.write(`plan:comment: unknown argument "${arg}"; usage: --out FILE [--head SHA --base SHA] <stack>=<report.json>...\n`);
      return 2;
    }
  }
  if (!out || stacks.length === 0) {
    process.stderr.write("plan:comment: usage: --out FILE [--head SHA --base SHA] <stack>=<report.json>...\n");
    return 2;
  }
  for (const s of stacks) {
    process.stdout.write(s.report ? `${render(s.report, "table", { width: DEFAULT_WIDTH })}\n` : `The ${s.stack} plan failed: no report.\n\n`);
  }
  const footer = head ? `Commit ${head}${base ? ` against base ${base}` : ""}; updated in place on every push.` : "";
  const comment = assembleComment(stacks, footer);
  fs.writeFileSync(out, comment);
  process.stderr.write(`plan:comment: wrote ${comment.length} characters (${stacks.map((s) => s.stack).join(", ")}) to ${out}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
