/**
 * The generators behind the `<!-- generated: NAME ARGS... -->` blocks of README.md and docs/ (tools/docs/generate.ts
 * finds the blocks and runs the plans). Each generator names the plan runs it reads (JSON plans, as `npm run plan`
 * prints them) and renders Markdown from them; the same plan run serves every block that names it, so a figure
 * costs no extra run once its stack is planned.
 *
 * To add a figure: write it as a block with an existing generator (`section <stack> <id>` renders any section of the
 * plan), or add a generator here: its `plans` and its `render`, and a line in docs/README.md's list (that list is a
 * block too: `generators`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { usdCents } from "../plan/money";
import { render } from "../plan/render";
import { REPO_ROOT } from "../project";
import { EXAMPLES } from "../whatif/examples";
import { renderCurve, renderWhatIf, rows, stackArgs } from "../whatif/generate";
import { DEV_LEVERS } from "../whatif/levers";
import { PRICES } from "../../policy/cost/prices";
import { deriveUsage, Figure, PROFILES } from "../../policy/cost/traffic";

/** A plan run, by its command-line arguments (always `--format json`). */
export type PlanArgs = readonly string[];
/** The parsed JSON report of a plan run the generator asked for. */
export type PlanLookup = (args: PlanArgs) => any;

export interface Generator {
  /** Its arguments, as docs/README.md lists them. */
  readonly usage: string;
  /** What it writes, in a few words. */
  readonly writes: string;
  /** The plan runs it reads. Throws on arguments it doesn't accept. */
  plans(args: readonly string[]): PlanArgs[];
  render(args: readonly string[], plan: PlanLookup): string;
}

/** The stacks there are: one Pulumi.<stack>.yaml each. */
export function stacks(root = REPO_ROOT): string[] {
  return fs
    .readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => Boolean(s))
    .sort();
}

function stackArg(stack: string | undefined): string {
  const known = stacks();
  if (!stack || !known.includes(stack)) throw new Error(`expects a stack (${known.join(", ")}), got ${JSON.stringify(stack ?? "")}`);
  return stack;
}

function cellText(value: unknown): string {
  return String(value).replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A Markdown table. */
export function markdownTable(columns: readonly string[], body: readonly (readonly unknown[])[]): string {
  return [`| ${columns.join(" | ")} |`, `|${columns.map(() => "---").join("|")}|`, ...body.map((row) => `| ${row.map(cellText).join(" | ")} |`)].join("\n");
}

/** A plan section by id, or an error naming the ids the plan has. */
function sectionOf(report: any, id: string): any {
  const section = report.sections.find((s: any) => s.id === id);
  if (!section) throw new Error(`the ${report.stack} plan has no section "${id}" (it has: ${report.sections.map((s: any) => s.id).join(", ")})`);
  return section;
}

/** Whole cents from a "$1,234.56" cell. */
const centsOf = (cell: string): number => Math.round(Number(cell.replace(/[$,]/g, "")) * 100);

/** The type of the CredLink component a cost row names ("Network credlink-dev" -> "Network"). */
const componentType = (cell: string): string => cell.split(" ")[0];

/** The type token of the component a resource's URN names, or "" at the top level. */
const urnType = (urn: string): string => (urn ? (urn.split("::")[2] ?? "").split("$").pop() ?? "" : "");

/** The cost line items of a plan: [component type, item, baseline cents]. */
function baselineItems(report: any): { component: string; item: string; cents: number }[] {
  return sectionOf(report, "cost-by-resource").rows.map((row: string[]) => ({ component: componentType(row[0]), item: row[2], cents: centsOf(row[3]) }));
}

/** A plan's baseline in whole cents per lever of DEV_LEVERS (in order), and the rest (`other`). */
export function leverCents(report: any): { sums: number[]; other: number } {
  const sums = DEV_LEVERS.map(() => 0);
  let other = 0;
  for (const { component, item, cents } of baselineItems(report)) {
    const i = DEV_LEVERS.findIndex((l) => l.moves(component, item));
    if (i < 0) other += cents;
    else sums[i] += cents;
  }
  return { sums, other };
}

/** Where each type token is defined: components/**.ts files that `super("credlink:...")`. */
export function componentFiles(root = REPO_ROOT): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "bin") walk(full);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        for (const m of fs.readFileSync(full, "utf8").matchAll(/super\("(credlink:[a-z]+:[A-Za-z0-9]+)"/g)) found.set(m[1], path.relative(root, full).split(path.sep).join("/"));
      }
    }
  };
  walk(path.join(root, "components"));
  return found;
}

/** `plans` of a generator whose first argument is a stack, followed by `more` arguments or more (`what` names them). */
const stackAnd =
  (more: number, what = "") =>
  (args: readonly string[]): PlanArgs[] => {
    if (args.length < 1 + more) throw new Error(`expects a stack${what ? ` and ${what}` : ""}`);
    return [stackArgs(stackArg(args[0]))];
  };

const onlyStacks = (args: readonly string[]) => {
  if (args.length === 0) throw new Error("expects one or more stacks");
  return args.map((a) => stackArg(a));
};

export const GENERATORS: Readonly<Record<string, Generator>> = {
  summary: {
    usage: "<stack>...",
    writes: "the plan's headline (resources, cost against the ceilings, availability, policy) of each stack",
    plans: (args) => onlyStacks(args).map(stackArgs),
    render: (args, plan) => ["```text", ...args.flatMap((s, i) => [...(i ? [""] : []), ...plan(stackArgs(s)).summary.lines]), "```"].join("\n"),
  },
  "plan-sample": {
    usage: "<stack> <section-id or warnings>...",
    writes: "the stack's plan as the table format prints it: its header, headline, and the warnings and sections named",
    plans: stackAnd(1, "at least one section id"),
    render: ([stack, ...ids], plan) => {
      const report = plan(stackArgs(stack));
      const titles = ids.filter((id) => id !== "warnings").map((id) => sectionOf(report, id).title);
      // The table format, as printed, cut into its paragraphs: the header, the headline, the warnings if asked for,
      // then the wanted sections.
      const paragraphs = render(report, "table").split("\n\n");
      const wanted = (p: string) => titles.includes(p.split("\n")[0]) || (ids.includes("warnings") && p.startsWith("WARNING: "));
      const picked = paragraphs.filter((p, i) => i < 2 || wanted(p));
      return ["```text", ...picked.join("\n\n").split("\n"), "```"].join("\n");
    },
  },
  section: {
    usage: "<stack> <section-id>",
    writes: "one section of the plan (e.g. cost-by-component, availability, recovery, slo, request-path) as a table, with its summary and notes",
    plans: (args) => {
      if (args.length > 2) throw new Error("expects a stack and one section id");
      return stackAnd(1, "a section id")(args);
    },
    render: ([stack, id], plan) => {
      const section = sectionOf(plan(stackArgs(stack)), id);
      const lines = [markdownTable(section.columns, section.rows)];
      if (section.summary || section.notes?.length) lines.push("");
      if (section.summary) lines.push(`**${section.summary}**`);
      if (section.summary && section.notes?.length) lines.push("");
      for (const note of section.notes ?? []) lines.push(`- ${note}`);
      return lines.join("\n");
    },
  },
  alarms: {
    usage: "<stack> <alarm>...",
    writes: "the named alarms (`<project>-<stack>-<alarm>`) as the plan's SLO section lists them: kind, who hears it, what it watches",
    plans: stackAnd(1, "at least one alarm"),
    render: ([stack, ...names], plan) => {
      const report = plan(stackArgs(stack));
      const prefix = `${report.project}-${stack}-`;
      const rowsByName = new Map<string, string[]>(sectionOf(report, "slo").rows.map((r: string[]) => [r[0], r]));
      return names
        .map((name) => {
          const row = rowsByName.get(prefix + name);
          if (!row) throw new Error(`the ${stack} plan has no alarm ${prefix}${name}`);
          return `- \`${row[0]}\` (${row[1]}, ${row[2]}): ${row[3]}`;
        })
        .join("\n");
    },
  },
  resources: {
    usage: "<stack> <type token>...",
    writes: "the plan's resources of these types (e.g. aws:budgets/budget:Budget) with the settings it shows for each",
    plans: stackAnd(1, "at least one type token"),
    render: ([stack, ...types], plan) => {
      const report = plan(stackArgs(stack));
      const picked = report.resources.filter((r: any) => types.includes(r.type));
      const missing = types.filter((t) => !picked.some((r: any) => r.type === t));
      if (missing.length) throw new Error(`the ${stack} plan has no resource of type ${missing.join(", ")}`);
      const props = (r: any) => Object.entries(r.props).map(([k, v]) => `${k}=${v}`).join(" ");
      return markdownTable(["type", "name", "settings"], picked.map((r: any) => [`\`${r.type}\``, r.name, props(r)]));
    },
  },
  "cost-items": {
    usage: "<stack>",
    writes: "where the baseline goes: the plan's baseline line items, alike ones added up, largest first",
    plans: stackAnd(0),
    render: ([stack], plan) => {
      const report = plan(stackArgs(stack));
      const groups = new Map<string, { count: number; cents: number }>();
      for (const { item, cents } of baselineItems(report)) {
        if (cents === 0) continue;
        // "CloudWatch alarm (4 metrics)" and "(1 metric)" are one kind of item; so are the per-AZ NAT instance lines.
        const kind = item.replace(/\s*\([^)]*\)\s*$/, "");
        const g = groups.get(kind) ?? { count: 0, cents: 0 };
        groups.set(kind, { count: g.count + 1, cents: g.cents + cents });
      }
      const total = [...groups.values()].reduce((a, g) => a + g.cents, 0);
      const baseline = Math.round(report.cost.baselineUsd * 100);
      if (total !== baseline) throw new Error(`the ${stack} plan's baseline line items add up to ${usdCents(total)}, not its baseline ${usdCents(baseline)}`);
      const sorted = [...groups.entries()].sort((a, b) => b[1].cents - a[1].cents || a[0].localeCompare(b[0]));
      return markdownTable(["line item", "how many", "baseline/month"], [...sorted.map(([kind, g]) => [kind, g.count, usdCents(g.cents)]), ["**total**", "", `**${usdCents(total)}**`]]);
    },
  },
  "cost-lines": {
    usage: "<stack> <selector>...",
    writes:
      "the plan's cost lines (its cost-by-resource section) that a selector picks, and their total: `component=<Type>` picks every line of that component type (`component=Trail`), `resource=<text>` every line whose resource name contains the text, `item=<text>` every line whose item contains the text (`+` for a space: `item=VPC+flow+logs`)",
    plans: stackAnd(1, "at least one selector"),
    render: ([stack, ...selectors], plan) => {
      const rows: string[][] = sectionOf(plan(stackArgs(stack)), "cost-by-resource").rows;
      const picks = selectors.map((selector) => {
        const [kind, value] = [selector.slice(0, selector.indexOf("=")), selector.slice(selector.indexOf("=") + 1).replace(/\+/g, " ")];
        if (kind === "component") return (r: string[]) => componentType(r[0]) === value;
        if (kind === "resource") return (r: string[]) => r[1].includes(value);
        if (kind === "item") return (r: string[]) => r[2].includes(value);
        throw new Error(`a selector is component=<Type>, resource=<text> or item=<text>, got ${JSON.stringify(selector)}`);
      });
      const missing = selectors.filter((_, i) => !rows.some(picks[i]));
      if (missing.length) throw new Error(`the ${stack} plan has no cost line for ${missing.join(", ")}`);
      const picked = rows.filter((r) => picks.some((pick) => pick(r)));
      const sum = (col: number) => picked.reduce((total, r) => total + centsOf(r[col]), 0);
      return markdownTable(
        ["component", "resource", "item", "baseline", "usage", "how"],
        [...picked.map((r) => [r[0].startsWith("(") ? r[0] : componentType(r[0]), r[1], r[2], r[3], r[4], r[5]]), ["**total**", "", "", `**${usdCents(sum(3))}**`, `**${usdCents(sum(4))}**`, ""]],
      );
    },
  },
  whatif: {
    usage: "<stack>",
    writes: "the what-if table: the committed stack file and each examples/*.yaml of that stack, planned",
    plans: (args) => rows(stackArg(args[0])).map((r) => r.args),
    render: ([stack], plan) => renderWhatIf(rows(stack).map((row) => ({ row, report: plan(row.args) }))),
  },
  "failover-options": {
    usage: "<stack>",
    writes: "a failover stack's options, from its stack file and its examples: what stands ahead of time and its monthly cost, the cost while failed over, and the region RTO and RPO each gives",
    plans: (args) => rows(stackArg(args[0])).map((r) => r.args),
    render: ([stack], plan) => {
      const planned = rows(stack).map((row) => ({ row, report: plan(row.args) }));
      const standby = planned.find((p) => p.report.outputs.failover?.standby === true);
      const options = planned.filter((p) => p.report.recovery?.failover !== undefined);
      if (!standby || options.length === 0) throw new Error(`the ${stack} plans have no standby (credlink:dr.standby) or no failover figures`);
      const standing = Math.round(standby.report.cost.baselineUsd * 100);
      const body = options.map(({ row, report }) => {
        const f = report.recovery.failover;
        return [
          row.label,
          f.pilotLight ? `the pilot light: \`${standby.row.args[standby.row.args.indexOf("--config-file") + 1]}\`` : "nothing",
          usdCents(f.pilotLight ? standing : 0),
          usdCents(Math.round(report.cost.baselineUsd * 100)),
          `${f.rtoMinutes} min${f.rtoMinutes <= f.targetMinutes ? "" : ` (over ${f.targetMinutes})`}`,
          `${f.rpoMinutes} min`,
        ];
      });
      return markdownTable(["option", "stands in the DR region ahead of time", "standing cost/month", "while failed over/month", "region RTO", "region RPO"], body);
    },
  },
  "cost-curve": {
    usage: "<stack>",
    writes: "the cost curve at 1x, 10x and 100x the committed usage, and what stops scaling first",
    plans: stackAnd(0),
    render: ([stack], plan) => renderCurve(plan(stackArgs(stack))),
  },
  levers: {
    usage: "<stack> <example file>",
    writes: "each cost lever of tools/whatif/levers.ts priced: the stack's line items it moves, against the example without the levers",
    plans: (args) => {
      const spec = EXAMPLES.find((e) => e.file === args[1]);
      if (!spec || spec.base !== stackArg(args[0])) throw new Error(`expects a stack and a generated example of it (tools/whatif/examples.ts), got ${JSON.stringify(args.join(" "))}`);
      return [stackArgs(args[0]), ["--stack", args[0], "--config-file", `examples/${args[1]}`, "--format", "json"]];
    },
    render: (args, plan) => {
      const [committed, without] = GENERATORS.levers.plans(args).map(plan);
      const now = leverCents(committed);
      const off = leverCents(without);
      const keys = (set: Readonly<Record<string, unknown>>) => Object.entries(set).map(([k, v]) => `\`${k}: ${typeof v === "string" ? v : JSON.stringify(v)}\``).join(", ");
      const body = DEV_LEVERS.map((lever, i) => [lever.name, keys(lever.without), usdCents(now.sums[i]), usdCents(off.sums[i]), usdCents(off.sums[i] - now.sums[i])]);
      if (now.other !== off.other) body.push(["everything else", "-", usdCents(now.other), usdCents(off.other), usdCents(off.other - now.other)]);
      const total = (r: any) => Math.round(r.cost.baselineUsd * 100);
      body.push([`**${args[0]} baseline**`, "", `**${usdCents(total(committed))}**`, `**${usdCents(total(without))}**`, `**${usdCents(total(without) - total(committed))}**`]);
      return markdownTable(["lever", "undone by", `${args[0]} today`, "undone", "saving/month"], body);
    },
  },
  prices: {
    usage: "<price key>...",
    writes: "unit prices from the cost model's price table (policy/cost/prices.ts), with their source",
    plans: (args) => {
      const unknown = args.filter((k) => !(k in PRICES));
      if (args.length === 0 || unknown.length) throw new Error(`expects keys of PRICES in policy/cost/prices.ts, unknown: ${unknown.join(", ") || "(none given)"}`);
      return [];
    },
    render: (args) =>
      markdownTable(
        ["price", "per", "source, read"],
        args.map((k) => {
          const p = PRICES[k as keyof typeof PRICES];
          return [`$${p.usd}`, p.unit, `${p.source}, ${p.date}`];
        }),
      ),
  },
  "usage-derivation": {
    usage: "<environment> <section>...",
    writes: "usage.yml's figures of those sections for one environment, each with the formula policy/cost/traffic.ts derives it by",
    plans: (args) => {
      const [env, ...sections] = args;
      if (!(env in PROFILES)) throw new Error(`expects an environment of policy/cost/traffic.ts PROFILES (${Object.keys(PROFILES).join(", ")}), got ${JSON.stringify(env ?? "")}`);
      const derived = deriveUsage(PROFILES[env as keyof typeof PROFILES]).derived as Record<string, unknown>;
      const unknown = sections.filter((s) => !(s in derived));
      if (sections.length === 0 || unknown.length) throw new Error(`expects usage.yml sections of ${env} (${Object.keys(derived).join(", ")}), unknown: ${unknown.join(", ") || "(none given)"}`);
      return [];
    },
    render: ([env, ...sections]) => {
      const derived = deriveUsage(PROFILES[env as keyof typeof PROFILES]).derived as Record<string, Record<string, Figure>>;
      return markdownTable(
        ["figure", env, "derived as"],
        sections.flatMap((section) => Object.entries(derived[section]).map(([field, fig]) => [`\`${section}.${field}\``, fig.value, fig.formula])),
      );
    },
  },
  outputs: {
    usage: "<stack>...",
    writes: "the stack outputs each stack exports (`pulumi stack output <name>`)",
    plans: (args) => onlyStacks(args).map(stackArgs),
    render: (args, plan) => {
      const outputs = args.map((s) => plan(stackArgs(s)).outputs as Record<string, unknown>);
      const names = [...new Set(outputs.flatMap((o) => Object.keys(o)))];
      // Grouped by which stacks export them: "every stack", then each combination in first-seen order.
      const groups = new Map<string, string[]>();
      for (const n of names) {
        const which = args.filter((_, i) => n in outputs[i]);
        const label = which.length === args.length ? `every stack (${args.join(", ")})` : `${which.join(" and ")} only`;
        groups.set(label, [...(groups.get(label) ?? []), `\`${n}\``]);
      }
      return [...groups.entries()].map(([label, list]) => `- **${label}**: ${list.join(", ")}`).join("\n");
    },
  },
  components: {
    usage: "<stack>...",
    writes: "every component type: its type token, its file, and per stack how many there are and how many resources they hold",
    plans: (args) => onlyStacks(args).map(stackArgs),
    render: (args, plan) => {
      const reports = args.map((s) => plan(stackArgs(s)));
      const files = componentFiles();
      const tokens = [...files.keys()].sort();
      const cell = (report: any, token: string) => {
        const n = report.counts.byType[token] ?? 0;
        if (n === 0) return "-";
        const held = report.resources.filter((r: any) => r.kind !== "component" && urnType(r.component) === token).length;
        return `${n} (${held} resource${held === 1 ? "" : "s"})`;
      };
      return markdownTable(["component", "file", ...args.map((s) => `${s}: how many (resources they hold)`)], tokens.map((t) => [`\`${t}\``, `\`${files.get(t)}\``, ...reports.map((r) => cell(r, t))]));
    },
  },
  generators: {
    usage: "",
    writes: "this list",
    plans: () => [],
    render: () => markdownTable(["block", "arguments", "writes"], Object.entries(GENERATORS).map(([name, g]) => [`\`${name}\``, g.usage ? `\`${g.usage}\`` : "-", g.writes])),
  },
};

/** A block's plans, or an error that names the block and what it expects. */
export function plansOf(name: string, args: readonly string[]): PlanArgs[] {
  const generator = GENERATORS[name];
  if (!generator) throw new Error(`no generator "${name}" (there are: ${Object.keys(GENERATORS).join(", ")})`);
  return generator.plans(args);
}

