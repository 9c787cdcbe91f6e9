/**
 * Renders a PlanReport as a terminal table, JSON, or compact Markdown for a PR comment. Every format starts with the
 * summary (stack, resource counts, cost against the ceilings, availability, policy counts, and the diff with
 * --compare); the detail follows. Tables fit 120 columns unless `wide`: long cells wrap in their column.
 */
import { Format } from "./args";
import { shortType } from "./compare";
import { PlanReport, PlanResource, PropValue, ReportSection } from "./report";

export type { Format } from "./args";

export interface RenderOptions {
  /** Full-width tables instead of fitting `width` columns. */
  readonly wide?: boolean;
  /** Markdown: at most this many characters (see renderMarkdown). */
  readonly budget?: number;
  /** @default 120 */
  readonly width?: number;
}

export const DEFAULT_WIDTH = 120;

export function render(report: PlanReport, format: Format, options: RenderOptions = {}): string {
  switch (format) {
    case "json":
      return JSON.stringify(report, null, 2) + "\n";
    case "markdown":
      return renderMarkdown(report, { budget: options.budget });
    case "table":
      return renderTable(report, options.wide ? undefined : options.width ?? DEFAULT_WIDTH);
  }
}

function formatProps(props: Readonly<Record<string, PropValue>>): string {
  return Object.entries(props)
    .map(([k, v]) => `${k}=${v}`)
    .join("  ");
}

function flags(r: PlanResource): string {
  return [r.protect ? "protect" : "", r.retainOnDelete ? "retain" : ""].filter(Boolean).join(",");
}

/** Components with their children, depth-first, in registration order. */
function tree(report: PlanReport): { resource: PlanResource; depth: number }[] {
  const out: { resource: PlanResource; depth: number }[] = [];
  const visit = (parent: string, depth: number) => {
    for (const r of report.resources.filter((x) => x.parent === parent)) {
      out.push({ resource: r, depth });
      if (r.kind === "component") visit(r.urn, depth + 1);
    }
  };
  visit("", 0);
  return out;
}

const pad = (text: string, width: number) => (text.length >= width ? text : text + " ".repeat(width - text.length));

/** Splits `text` into lines of at most `width` characters, at spaces where it can. */
export function wrap(text: string, width: number, hanging = 0): string[] {
  if (width <= 0 || text.length <= width) return [text];
  const lines: string[] = [];
  let rest = text;
  // Lines after the first are printed behind a `hanging` indent: they get that much less room.
  for (let room = width; rest.length > room; room = Math.max(1, width - hanging)) {
    const indent = rest.length - rest.trimStart().length;
    let cut = rest.lastIndexOf(" ", room);
    if (cut <= indent) cut = room;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) lines.push(rest);
  return lines;
}

/** Narrowest a column is squeezed to when the table is too wide. */
const MIN_COLUMN = 12;
/** Narrowest the last (free-text) column wraps to before the other columns give way. */
const FREE_TEXT_MIN = 40;
/** How narrow free text may get to keep the other columns' names whole. */
const FREE_TEXT_HARD_MIN = 24;

/**
 * A plain fixed-width table. With `width`, columns wider than their share wrap (widest first) until every line fits;
 * a table whose headers alone don't fit stays as wide as they need.
 */
export function textTable(columns: readonly string[], rows: readonly (readonly PropValue[])[], width?: number): string {
  const cells = [columns, ...rows].map((row) => columns.map((_, i) => String(row[i] ?? "")));
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const total = () => widths.reduce((a, w) => a + w, 0) + 2 * (widths.length - 1);
  if (width !== undefined) {
    // The last column is free text (properties, messages, settings): it wraps first, down to FREE_TEXT_MIN, and on
    // down to FREE_TEXT_HARD_MIN if that keeps every name and identifier whole. Only then do the other columns give
    // way, one character at a time from the widest (the last counted at half).
    const last = widths.length - 1;
    const floor = (i: number) => Math.max(MIN_COLUMN, columns[i].length);
    const shrinkFreeText = (to: number) => {
      const freeTextFloor = Math.max(to, floor(last));
      if (widths[last] > freeTextFloor) widths[last] = Math.max(freeTextFloor, widths[last] - (total() - width));
    };
    shrinkFreeText(FREE_TEXT_MIN);
    const fixedWidth = total() - widths[last];
    if (fixedWidth + Math.max(FREE_TEXT_HARD_MIN, floor(last)) <= width) shrinkFreeText(FREE_TEXT_HARD_MIN);
    while (total() > width) {
      let pick = -1;
      for (let i = 0; i < widths.length; i++) {
        if (widths[i] <= floor(i)) continue;
        const weight = (w: number, j: number) => (j === last ? w / 2 : w);
        if (pick < 0 || weight(widths[i], i) > weight(widths[pick], pick)) pick = i;
      }
      if (pick < 0) break;
      widths[pick]--;
    }
  }
  const lines: string[] = [];
  const emit = (row: string[]) => {
    const wrapped = row.map((c, i) => wrap(c, widths[i]));
    const height = Math.max(...wrapped.map((w) => w.length));
    for (let l = 0; l < height; l++) {
      lines.push(wrapped.map((w, i) => (i === row.length - 1 ? w[l] ?? "" : pad(w[l] ?? "", widths[i]))).join("  ").trimEnd());
    }
  };
  emit(cells[0]);
  lines.push(widths.map((w) => "-".repeat(w)).join("  "));
  cells.slice(1).forEach(emit);
  return lines.join("\n");
}

function renderSectionText(section: ReportSection, width?: number): string {
  const parts = [section.title, textTable(section.columns, section.rows, width)];
  if (section.summary) parts.push(wrap(section.summary, width === undefined ? Infinity : width - 2).join("\n  "));
  for (const note of section.notes ?? []) parts.push(wrap(`  note: ${note}`, width ?? Infinity, 8).join("\n        "));
  return parts.join("\n");
}

function header(report: PlanReport): string {
  return `CredLink plan: stack "${report.stack}" of project "${report.project}" in ${report.region} (offline: mocks, no AWS calls)`;
}

/**
 * The resources by component. At full width (`--wide`) one row each, properties in the last column; fitted to
 * `width`, the properties go on the lines under their resource, indented, so type and name stay on one line.
 */
function resourceTree(report: PlanReport, width?: number): string {
  const rows = tree(report).map(({ resource: r, depth }) => ({
    cells: [`${"  ".repeat(depth)}${r.kind === "component" ? "+ " : ""}${shortType(r.type)}`, r.name, flags(r)],
    props: formatProps(r.props),
    depth,
  }));
  if (width === undefined) return textTable(["TYPE", "NAME", "OPTS", "PROPERTIES"], rows.map((r) => [...r.cells, r.props]));
  const table = textTable(["TYPE", "NAME", "OPTS"], rows.map((r) => r.cells), width).split("\n");
  const out = table.slice(0, 2);
  rows.forEach((row, i) => {
    out.push(table[i + 2]);
    const indent = " ".repeat(2 * row.depth + 4);
    if (row.props) out.push(...wrap(row.props, width - indent.length).map((l) => indent + l));
  });
  return out.join("\n");
}

function renderTable(report: PlanReport, width?: number): string {
  const fit = (line: string) => wrap(line, width ?? Infinity, 4).join("\n    ");
  const lines: string[] = [fit(header(report)), "", ...report.summary.lines.map(fit), ""];
  for (const w of report.warnings) lines.push(fit(`WARNING: ${w}`));
  if (report.warnings.length > 0) lines.push("");

  // Verdicts and the diff first: what a reviewer acts on. Then the resource tree and the detail sections.
  const first = (s: ReportSection) => s.id === "policy" || s.id.startsWith("compare-");
  for (const section of report.sections.filter(first)) lines.push(renderSectionText(section, width), "");

  lines.push(resourceTree(report, width), "");

  const kinds = Object.entries(report.counts.byKind).map(([k, n]) => `${n} ${k}${n === 1 ? "" : "s"}`).join(", ");
  lines.push(`Resources: ${report.counts.total} (${kinds})`);
  lines.push(textTable(["TYPE", "COUNT"], Object.entries(report.counts.byType).map(([t, n]) => [shortType(t), n]), width), "");

  for (const section of report.sections.filter((s) => !first(s))) lines.push(renderSectionText(section, width), "");
  return lines.join("\n");
}

/**
 * A table cell: pipes escaped, line breaks as spaces, and `<` as `&lt;`, so nothing a value holds (an alarm's "< 20",
 * a policy document) can open a tag in the comment.
 */
function mdEscape(value: PropValue): string {
  return String(value).replace(/\r?\n/g, " ").replace(/</g, "&lt;").replace(/\|/g, "\\|");
}

function mdTable(columns: readonly string[], rows: readonly (readonly PropValue[])[]): string {
  return [
    `| ${columns.join(" | ")} |`,
    `| ${columns.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${columns.map((_, i) => mdEscape(row[i] ?? "")).join(" | ")} |`),
  ].join("\n");
}

/** Where the whole report is when the comment leaves something out (the PR workflow prints it in the job log). */
export const ELSEWHERE = "in the job log";

/** GitHub refuses a comment over 65,536 characters; a report alone stays well under it by default. */
export const DEFAULT_MARKDOWN_BUDGET = 60_000;

/** Sections a reviewer acts on: shown open, ahead of everything else. */
const isVerdict = (s: ReportSection) => s.id === "policy" || s.id.startsWith("compare-");

/** One section as Markdown, open (a heading) or collapsed (<details>), its rows cut to `maxRows` with a note. */
function mdSection(section: ReportSection, open: boolean, maxRows = Infinity): string {
  const rows = section.rows.length > maxRows ? section.rows.slice(0, maxRows) : section.rows;
  const cut = section.rows.length - rows.length;
  const lines: string[] = open ? [`#### ${section.title}`, ""] : [`<details><summary>${mdEscape(section.title)}</summary>`, ""];
  if (rows.length > 0) lines.push(mdTable(section.columns, rows), "");
  if (cut > 0) lines.push(`_${cut} more row${cut === 1 ? "" : "s"} of this table ${ELSEWHERE}._`, "");
  if (section.summary) lines.push(`**${mdEscape(section.summary)}**`, "");
  for (const note of section.notes ?? []) lines.push(`- ${mdEscape(note)}`);
  if (section.notes?.length) lines.push("");
  if (!open) lines.push("</details>", "");
  return lines.join("\n");
}

/** The largest number of rows of `section` whose Markdown fits `room` characters (0 when not even the header does). */
function rowsThatFit(section: ReportSection, open: boolean, room: number): number {
  if (mdSection(section, open).length <= room) return section.rows.length;
  let lo = 0;
  let hi = section.rows.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (mdSection(section, open, mid).length <= room) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 && mdSection(section, open, 0).length > room ? -1 : lo;
}

export interface MarkdownOptions {
  /** At most this many characters (whole sections or whole rows are left out, never cut mid-markup). */
  readonly budget?: number;
}

/**
 * Compact Markdown for a PR comment: the title, the summary, the warnings, then what a reviewer acts on, open (with
 * --compare: what is replaced or deleted, every change, the cost delta; then the policy verdicts). Everything else
 * follows collapsed under <details>, section by section, while it fits `budget`; a section that doesn't fit is left out
 * whole and named in a last note, and a table that alone can't fit keeps its first rows. The resource tree comes last.
 */
export function renderMarkdown(report: PlanReport, options: MarkdownOptions = {}): string {
  const budget = options.budget ?? DEFAULT_MARKDOWN_BUDGET;
  const head: string[] = [`### CredLink plan: \`${report.stack}\` (${report.region})`, ""];
  head.push(...report.summary.lines.map((l) => `- ${mdEscape(l)}`), "");
  // One quote block per warning: consecutive "> " lines would run together into one paragraph.
  for (const w of report.warnings) head.push(`> **Warning:** ${mdEscape(w)}`, "");
  head.push(`**${report.counts.total} resources**, offline under mocks.`, "");
  const parts: string[] = [head.join("\n")];
  let used = parts[0].length;
  const left: string[] = [];
  // What is left out is named at the end: keep room for that note.
  const reserve = 400;
  const room = () => budget - used - reserve;

  const verdicts = report.sections.filter(isVerdict).sort((a, b) => (a.id === "policy" ? 1 : 0) - (b.id === "policy" ? 1 : 0));
  const others = report.sections.filter((s) => !isVerdict(s));
  const add = (section: ReportSection, open: boolean) => {
    const whole = mdSection(section, open);
    if (whole.length <= room()) {
      parts.push(whole);
      used += whole.length;
      return;
    }
    const fit = rowsThatFit(section, open, room());
    // A verdict keeps its first rows (the replacements lead); another section is left out whole.
    if (open && fit >= 0) {
      const cut = mdSection(section, open, fit);
      parts.push(cut);
      used += cut.length;
    } else {
      left.push(section.title);
    }
  };
  for (const section of verdicts) add(section, true);
  for (const section of others) add(section, false);

  const rows = tree(report).map(({ resource: r, depth }) => [
    `${"&nbsp;&nbsp;".repeat(depth)}\`${shortType(r.type)}\``,
    r.name,
    flags(r),
    formatProps(r.props),
  ]);
  add({ id: "resources", title: "Resources", columns: ["Type", "Name", "Opts", "Properties"], rows }, false);
  if (left.length > 0) parts.push(leftOutNote(left, reserve), "");
  return parts.join("\n");
}

/** "_3 more sections in the job log: A; B; C._", naming as many as fit in `max` characters. */
function leftOutNote(titles: readonly string[], max: number): string {
  const lead = `_${titles.length} more section${titles.length === 1 ? "" : "s"} ${ELSEWHERE}`;
  for (let n = titles.length; n > 0; n--) {
    const rest = titles.length - n;
    const note = `${lead}: ${titles.slice(0, n).map(mdEscape).join("; ")}${rest ? `; and ${rest} more` : ""}._`;
    if (note.length <= max) return note;
  }
  return `${lead}._`;
}