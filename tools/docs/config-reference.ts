/**
 * `npm run docs:config`: writes docs/CONFIGURATION.md, the configuration reference, from the config schema itself, so
 * the page cannot drift from what the program accepts. It walks the composed `credlink:` schema (stacks/config.ts) and
 * takes, for every key:
 *   - its type and bounds from the zod schema (integer ranges, enum values, list items);
 *   - its default from the schema, else from the component's own defaults for the keys the schema leaves optional
 *     (COMPONENT_DEFAULTS: the component applies them when the key is absent);
 *   - its description, and what else it accepts (`@accepts`: bounds the components' validators and the cross-module
 *     rules enforce), from the JSDoc beside the key in stacks/config/<module>.ts; each module's prose from the JSDoc on
 *     its schema;
 *   - the dev and prod values from the committed Pulumi.dev.yaml and Pulumi.prod.yaml, marked where the config warns.
 * A key without a description is an error here, so a new key can't reach the page undocumented.
 *
 * tests/config-reference.test.ts fails when docs/CONFIGURATION.md is not what this writes: re-run it.
 * `npm run docs:config -- --check` does the same without writing (exit 1 when the page is stale).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { COMPONENT_DEFAULTS, credlinkSchema, parseStackConfig, SECRET_CONFIG_KEYS } from "../../stacks/config";
import { awsRegion } from "../../stacks/config/environment";
import { DependsOn } from "../../stacks/config/lib";
import { loadStackConfig, REPO_ROOT } from "../project";

/** The page this writes, relative to the repository. */
export const CONFIG_REFERENCE = "docs/CONFIGURATION.md";
/** The command that writes it. */
export const CONFIG_REFERENCE_COMMAND = "npm run docs:config";
/** The stacks whose committed values the page shows, one column each. */
export const REFERENCE_STACKS = ["dev", "prod"] as const;
type Stack = (typeof REFERENCE_STACKS)[number];

/** A JSDoc comment: its text and its tags (`@accepts`, `@default`). */
interface Doc {
  readonly text: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** One row of the reference: a key the config accepts. */
export interface KeyRow {
  /** The full key: `credlink:network.subnetMasks.public`, `aws:region`. */
  readonly key: string;
  readonly type: string;
  readonly allowed: string;
  readonly default: string;
  readonly values: Readonly<Record<Stack, string>>;
  readonly description: string;
}

/** A module's part of the page: `credlink:<module>`, its prose, its nested maps' notes, its rows and warnings. */
export interface ModuleSection {
  readonly title: string;
  readonly description: string;
  readonly notes: readonly string[];
  readonly rows: readonly KeyRow[];
  readonly warnings: readonly string[];
}

// --- The JSDoc beside the schema ---------------------------------------------------------------------------------

/** An object literal passed to z.strictObject/z.object, with its properties' JSDoc. */
interface SchemaLiteral {
  readonly file: string;
  readonly keys: readonly string[];
  readonly props: ReadonlyMap<string, { readonly doc?: Doc; readonly root?: string }>;
  /** The JSDoc of the variable the literal's schema is declared as, when the literal is not inside another one. */
  readonly declarationDoc?: Doc;
}

/** What the generator reads from the config's sources. */
export interface SchemaDocs {
  readonly literals: readonly SchemaLiteral[];
  /** Variable name -> its declaration's JSDoc (`const environment = ...`). */
  readonly variables: ReadonlyMap<string, Doc>;
  /** String constant value -> its declaration's JSDoc (`const PAGERDUTY_URL_KEY = "alerts.pagerdutyUrl"`). */
  readonly constants: ReadonlyMap<string, Doc>;
}

function docOf(node: ts.Node): Doc | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  if (docs.length === 0) return undefined;
  const last = docs[docs.length - 1];
  const tags: Record<string, string> = {};
  for (const tag of last.tags ?? []) tags[tag.tagName.text] = (ts.getTextOfJSDocComment(tag.comment) ?? "").trim();
  return { text: (ts.getTextOfJSDocComment(last.comment) ?? "").trim(), tags };
}

/** The leftmost identifier of an initializer: `waf` in `waf.prefault({})`, `environment` in a shorthand. */
function rootIdentifier(node: ts.Node): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isCallExpression(node)) return rootIdentifier(node.expression);
  if (ts.isPropertyAccessExpression(node)) return rootIdentifier(node.expression);
  return undefined;
}

/** Reads the JSDoc of every schema literal, variable and string constant in `files` (syntax only: no type check). */
export function readSchemaDocs(files: readonly string[]): SchemaDocs {
  const literals: SchemaLiteral[] = [];
  const variables = new Map<string, Doc>();
  const constants = new Map<string, Doc>();
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isVariableStatement(node)) {
        const doc = docOf(node);
        for (const decl of node.declarationList.declarations) {
          if (!doc || !ts.isIdentifier(decl.name)) continue;
          variables.set(decl.name.text, doc);
          if (decl.initializer && ts.isStringLiteral(decl.initializer)) constants.set(decl.initializer.text, doc);
        }
      }
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ["strictObject", "object"].includes(node.expression.name.text)) {
        const [arg] = node.arguments;
        if (arg && ts.isObjectLiteralExpression(arg)) literals.push(literalOf(file, arg));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { literals, variables, constants };
}

function literalOf(file: string, literal: ts.ObjectLiteralExpression): SchemaLiteral {
  const props = new Map<string, { doc?: Doc; root?: string }>();
  for (const prop of literal.properties) {
    if (ts.isShorthandPropertyAssignment(prop)) props.set(prop.name.text, { doc: docOf(prop), root: prop.name.text });
    else if (ts.isPropertyAssignment(prop) && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) {
      props.set(prop.name.text, { doc: docOf(prop), root: rootIdentifier(prop.initializer) });
    }
  }
  let declarationDoc: Doc | undefined;
  for (let node: ts.Node = literal.parent; node; node = node.parent) {
    if (ts.isObjectLiteralExpression(node)) break;
    if (ts.isVariableStatement(node)) {
      declarationDoc = docOf(node);
      break;
    }
  }
  return { file, keys: [...props.keys()], props, declarationDoc };
}

/** The one literal whose keys are exactly `keys` (the shape zod built from it). */
function literalFor(docs: SchemaDocs, keys: readonly string[], where: string): SchemaLiteral {
  const matches = docs.literals.filter((l) => l.keys.length === keys.length && keys.every((k) => l.keys.includes(k)));
  if (matches.length !== 1) {
    throw new Error(`${where}: ${matches.length === 0 ? "no" : `${matches.length}`} z.strictObject({...}) literal with exactly the keys ${keys.join(", ")} in the config sources`);
  }
  return matches[0];
}

/** A property's JSDoc, else the JSDoc of the variable it is built from (`kms` in `{ kms }`, `waf` in `waf.prefault({})`). */
function propertyDoc(docs: SchemaDocs, literal: SchemaLiteral, key: string): Doc | undefined {
  const prop = literal.props.get(key);
  return prop?.doc ?? (prop?.root ? docs.variables.get(prop.root) : undefined);
}

// --- The schema ---------------------------------------------------------------------------------------------------

/** The zod internals the walk reads (zod 4's `def`). */
interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly defaultValue?: unknown;
  readonly entries?: Record<string, string | number>;
  readonly element?: z.ZodType;
  readonly checks?: readonly { readonly _zod: { readonly def: Record<string, unknown> } }[];
  readonly format?: string;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

/** A schema without its `.default()`, `.prefault()` and `.optional()` wrappers, and what they said. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; optional: boolean; hasDefault: boolean; defaultValue?: unknown } {
  let inner = schema;
  let optional = false;
  let hasDefault = false;
  let defaultValue: unknown;
  for (let def = defOf(inner); def.innerType; def = defOf(inner)) {
    if (def.type === "optional") optional = true;
    if (def.type === "default" && !hasDefault) {
      hasDefault = true;
      defaultValue = def.defaultValue;
    }
    if (def.type === "prefault") hasDefault = true;
    inner = def.innerType;
  }
  return { inner, optional, hasDefault, defaultValue };
}

const shapeOf = (schema: z.ZodType) => (unwrap(schema).inner as unknown as { shape?: Record<string, z.ZodType> }).shape;

/** The bounds a number schema's own checks enforce: "7-30", "> 0, <= 100000". */
function numberBounds(def: Def): string {
  let min: { value: number; inclusive: boolean } | undefined;
  let max: { value: number; inclusive: boolean } | undefined;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === "greater_than") min = { value: c.value as number, inclusive: c.inclusive as boolean };
    if (c.check === "less_than") max = { value: c.value as number, inclusive: c.inclusive as boolean };
  }
  if (min?.inclusive && max?.inclusive) return `${min.value}-${max.value}`;
  return [min && `${min.inclusive ? ">=" : ">"} ${min.value}`, max && `${max.inclusive ? "<=" : "<"} ${max.value}`].filter(Boolean).join(", ");
}

/** A leaf's type and the values its schema allows, in words. */
function describeSchema(schema: z.ZodType, docs: SchemaDocs, where: string): { type: string; allowed: string; items?: string } {
  const def = defOf(schema);
  switch (def.type) {
    case "string": {
      const nonEmpty = (def.checks ?? []).some((c) => c._zod.def.check === "min_length" && c._zod.def.minimum === 1);
      return { type: "string", allowed: nonEmpty ? "non-empty" : "" };
    }
    case "number":
      return { type: def.format === "safeint" ? "integer" : "number", allowed: numberBounds(def) };
    case "boolean":
      return { type: "boolean", allowed: "`true` \\| `false`" };
    case "enum":
      return { type: "string", allowed: Object.values(def.entries ?? {}).map((v) => code(JSON.stringify(v))).join(" \\| ") };
    case "array": {
      const element = def.element as z.ZodType;
      const shape = shapeOf(element);
      if (!shape) return { type: `list of ${describeSchema(element, docs, where).type}s`, allowed: "" };
      // A list of maps: its item keys, each with its type and description.
      const literal = literalFor(docs, Object.keys(shape), `${where}[]`);
      const items = Object.entries(shape)
        .map(([key, field]) => {
          const doc = propertyDoc(docs, literal, key);
          if (!doc?.text) throw new Error(`${where}[].${key} has no JSDoc description (${literal.file})`);
          return `\`${key}\` (${describeSchema(unwrap(field).inner, docs, `${where}[].${key}`).type}): ${doc.text.replace(/\.$/, "")}`;
        })
        .join("; ");
      return { type: "list of maps", allowed: `items \`{ ${Object.keys(shape).join(", ")} }\``, items: `Each item: ${items}.` };
    }
    case "custom": {
      const type = (z.globalRegistry.get(schema) as { type?: string } | undefined)?.type;
      if (!type) throw new Error(`${where}: a z.custom schema needs .meta({ type }) to say what it accepts`);
      return { type, allowed: "" };
    }
    default:
      throw new Error(`${where}: the reference can't describe a zod ${def.type}`);
  }
}

// --- Values -------------------------------------------------------------------------------------------------------

/** Inline code, safe inside a table cell. */
function code(text: string): string {
  return `\`${text}\``;
}

/** A value as a stack file writes it: strings YAML would read as something else are quoted ("17", "8.0"). */
export function renderValue(value: unknown): string {
  if (typeof value === "string") return code(parseYaml(value) === value && value.trim() === value ? value : JSON.stringify(value));
  return code(JSON.stringify(value));
}

/** The committed value at `<section>.<path>` in a stack's flat config (structured values are JSON); undefined if absent. */
export function committedValue(config: Readonly<Record<string, string>>, key: string): unknown {
  if (key.startsWith("aws:") || config[key] !== undefined) return config[key];
  const [section, ...rest] = key.slice("credlink:".length).split(".");
  const raw = config[`credlink:${section}`];
  if (raw === undefined || rest.length === 0) return raw;
  let value: unknown = JSON.parse(raw);
  for (const segment of rest) value = value === null || typeof value !== "object" ? undefined : (value as Record<string, unknown>)[segment];
  return value;
}

const valueAt = (object: unknown, keyPath: readonly string[]): unknown =>
  keyPath.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), object);

/** What each reference stack commits, and the warnings its config gives. */
interface StackFacts {
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  readonly warnings: readonly string[];
}

function stackFacts(stack: Stack, root: string): StackFacts {
  const { config, secretKeys } = loadStackConfig(stack, root);
  return { config, secretKeys, warnings: parseStackConfig(config, "credlink", stack, secretKeys).warnings };
}

function valueCell(facts: StackFacts, key: string, secret: boolean): string {
  const value = committedValue(facts.config, key);
  if (value === undefined) return "absent";
  const warned = facts.warnings.some((w) => w.startsWith(`${key} `)) ? " (warned)" : "";
  if (secret) return `set (secret)${warned}`;
  return `${renderValue(value)}${warned}`;
}

// --- Rows ---------------------------------------------------------------------------------------------------------

/** Markdown-safe table cell text: one line, pipes escaped. */
const cell = (text: string) => text.replace(/\s*\n\s*/g, " ").replace(/(?<!\\)\|/g, "\\|");

function defaultCell(key: string, leaf: { optional: boolean; hasDefault: boolean; defaultValue?: unknown }, computed: unknown, doc: Doc, sectionOptional: boolean): string {
  const sources = [leaf.hasDefault, computed !== undefined, doc.tags.default !== undefined].filter(Boolean).length;
  if (sources > 1) throw new Error(`${key}: a default from more than one place (the schema, the component, @default): keep one`);
  if (leaf.hasDefault) return renderValue(leaf.defaultValue);
  if (computed instanceof DependsOn) {
    return Object.entries(computed.byValue)
      .map(([value, d]) => `${renderValue(d)} (${computed.key} ${value})`)
      .join(" / ");
  }
  if (computed !== undefined) return renderValue(computed);
  if (doc.tags.default !== undefined) return doc.tags.default;
  if (leaf.optional) return "absent";
  return sectionOptional ? "required in the section" : "required";
}

interface RowInput {
  readonly key: string;
  readonly schema?: z.ZodType;
  readonly doc: Doc | undefined;
  readonly computedDefault?: unknown;
  readonly sectionOptional: boolean;
  readonly secret?: boolean;
}

function row(input: RowInput, docs: SchemaDocs, facts: Readonly<Record<Stack, StackFacts>>): KeyRow {
  const { key, doc } = input;
  if (!doc?.text) throw new Error(`${key} has no JSDoc description: document it beside its schema in stacks/config/`);
  const leaf = input.schema ? unwrap(input.schema) : { inner: undefined, optional: true, hasDefault: false };
  const described = leaf.inner ? describeSchema(leaf.inner, docs, key) : { type: "string", allowed: "" };
  const allowed = [described.allowed, doc.tags.accepts].filter(Boolean).join("; ");
  return {
    key,
    type: input.secret ? "string, secret" : described.type,
    allowed: allowed || "any",
    default: defaultCell(key, leaf, input.computedDefault, doc, input.sectionOptional),
    values: Object.fromEntries(REFERENCE_STACKS.map((s) => [s, valueCell(facts[s], key, input.secret ?? false)])) as Record<Stack, string>,
    description: [doc.text, described.items].filter(Boolean).join(" "),
  };
}

/** The page's sections, in schema order: the two stack-level keys, then one per module. */
export function referenceSections(root = REPO_ROOT, docs = readSchemaDocs(configSources(root))): ModuleSection[] {
  const facts = Object.fromEntries(REFERENCE_STACKS.map((s) => [s, stackFacts(s, root)])) as Record<Stack, StackFacts>;
  const top = credlinkSchema.shape as Record<string, z.ZodType>;
  const topLiteral = literalFor(docs, Object.keys(top), "credlink");
  const warningsFor = (prefix: string) =>
    REFERENCE_STACKS.flatMap((s) => facts[s].warnings.filter((w) => w.startsWith(`${prefix}.`) || w.startsWith(`${prefix} `)).map((w) => `${s}: ${w}`));

  const stackRows: KeyRow[] = [row({ key: "aws:region", schema: awsRegion, doc: docs.variables.get("awsRegion"), sectionOptional: false }, docs, facts)];
  const sections: ModuleSection[] = [];
  for (const [section, schema] of Object.entries(top)) {
    const shape = shapeOf(schema);
    if (!shape) {
      stackRows.push(row({ key: `credlink:${section}`, schema, doc: propertyDoc(docs, topLiteral, section), sectionOptional: false }, docs, facts));
      continue;
    }
    const where = `credlink:${section}`;
    const literal = literalFor(docs, Object.keys(shape), where);
    const description = literal.declarationDoc?.text ?? propertyDoc(docs, topLiteral, section)?.text;
    if (!description) throw new Error(`${where} has no JSDoc description on its schema`);
    const sectionOptional = unwrap(schema).optional;
    const computed = COMPONENT_DEFAULTS[section]?.() ?? {};
    const notes: string[] = [];
    const rows: KeyRow[] = [];
    const walk = (fields: Record<string, z.ZodType>, fieldsLiteral: SchemaLiteral, keyPath: string[], optional: boolean): void => {
      for (const [key, field] of Object.entries(fields)) {
        const fullPath = [...keyPath, key];
        const fullKey = `${where}.${fullPath.join(".")}`;
        const doc = propertyDoc(docs, fieldsLiteral, key);
        const nested = shapeOf(field);
        if (nested) {
          const nestedLiteral = literalFor(docs, Object.keys(nested), fullKey);
          const text = [doc?.text, nestedLiteral.declarationDoc?.text].filter(Boolean).join(" ");
          if (!text) throw new Error(`${fullKey} has no JSDoc description`);
          notes.push(`**\`${fullKey}\`**: ${text}`);
          walk(nested, nestedLiteral, fullPath, optional || unwrap(field).optional);
        } else {
          rows.push(row({ key: fullKey, schema: field, doc, computedDefault: valueAt(computed, fullPath), sectionOptional: optional }, docs, facts));
        }
      }
    };
    walk(shape, literal, [], sectionOptional);
    // The secret keys of this module, read on their own (never inside its map).
    for (const secret of SECRET_CONFIG_KEYS.filter((k) => k.startsWith(`${section}.`))) {
      rows.push(row({ key: `credlink:${secret}`, doc: docs.constants.get(secret), sectionOptional: false, secret: true }, docs, facts));
    }
    sections.push({ title: where, description, notes, rows, warnings: warningsFor(where) });
  }
  return [{ title: STACK_SECTION, description: "The AWS provider's region, and the environment, which decides the rules that apply.", notes: [], rows: stackRows, warnings: [] }, ...sections];
}

/** The title of the section of the two keys outside the modules. */
const STACK_SECTION = "Stack";

/** stacks/config.ts and every module file under stacks/config/: where the schemas' JSDoc is read from. */
export function configSources(root: string): string[] {
  const dir = path.join(root, "stacks", "config");
  return [path.join(root, "stacks", "config.ts"), ...fs.readdirSync(dir).filter((f) => f.endsWith(".ts")).sort().map((f) => path.join(dir, f))];
}

// --- The page -----------------------------------------------------------------------------------------------------

const COLUMNS = "| key | type | allowed | default | dev | prod | description |\n|---|---|---|---|---|---|---|";

/** The whole page. */
export function renderConfigReference(root = REPO_ROOT): string {
  const docs = readSchemaDocs(configSources(root));
  const intro = docs.variables.get("credlinkSchema")?.text;
  if (!intro) throw new Error("stacks/config.ts: credlinkSchema has no JSDoc description (the page's introduction)");
  const sections = referenceSections(root, docs);
  const heading = (title: string) => (title === STACK_SECTION ? title : code(title));
  // GitHub's heading anchors: lowercase, punctuation other than "-" dropped, spaces as "-".
  const anchor = (title: string) => title.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-");
  const out = [
    "# Configuration reference",
    "",
    `<!-- GENERATED by \`${CONFIG_REFERENCE_COMMAND}\` (tools/docs/config-reference.ts) from the schemas in stacks/config.ts and stacks/config/*.ts and from Pulumi.dev.yaml and Pulumi.prod.yaml: edit those, not this page. -->`,
    "",
    intro,
    "",
    "Each module's table lists its keys: the **type**; what is **allowed** (the schema's own bounds and values, then what the",
    "components' validators and the cross-module rules accept, prod's rules included); the **default**, what applies when",
    'the key is absent ("required" keys have none; a component default is the one the component applies); the values',
    "committed in **dev** (`Pulumi.dev.yaml`) and **prod** (`Pulumi.prod.yaml`), marked \"(warned)\" where the config warns",
    "about them; and the **description**. A module's map is `credlink:<module>` in the stack file; a secret is a key of its",
    "own, set with `pulumi config set --secret`. A quoted title (\"Dev cost levers\") names a section of the README or of docs/.",
    "",
    ...sections.map((s) => `- [${heading(s.title)}](#${anchor(s.title)})`),
  ];
  for (const section of sections) {
    out.push("", `## ${heading(section.title)}`, "", section.description);
    for (const note of section.notes) out.push("", note);
    out.push("", COLUMNS);
    for (const r of section.rows) {
      out.push(`| ${[code(r.key), r.type, r.allowed, r.default, r.values.dev, r.values.prod, r.description].map(cell).join(" | ")} |`);
    }
    if (section.warnings.length > 0) out.push("", "What the config warns about in the committed stacks:", "", ...section.warnings.map((w) => `- ${w}`));
  }
  return `${out.join("\n")}\n`;
}

function main(argv: readonly string[]): number {
  const file = path.join(REPO_ROOT, CONFIG_REFERENCE);
  const text = renderConfigReference();
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  if (argv.includes("--check")) {
    process.stderr.write(current === text ? `docs:config: ${CONFIG_REFERENCE} is up to date\n` : `docs:config: ${CONFIG_REFERENCE} is stale (run ${CONFIG_REFERENCE_COMMAND})\n`);
    return current === text ? 0 : 1;
  }
  if (current !== text) fs.writeFileSync(file, text);
  process.stderr.write(current === text ? `docs:config: ${CONFIG_REFERENCE} already up to date\n` : `docs:config: wrote ${CONFIG_REFERENCE}\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
