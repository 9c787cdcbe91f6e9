/**
 * Reads a Pulumi project and a stack's config file the way the Pulumi CLI hands them to the language host:
 * a flat map of `namespace:key` -> string, structured values JSON-encoded, project-level defaults from Pulumi.yaml
 * applied under the stack's own values. Shared by the offline plan and the tests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isMap, isPair, isScalar, LineCounter, parseDocument } from "yaml";

export interface ProjectFile {
  readonly name: string;
  readonly main?: string;
  readonly runtime: string | { name: string; options?: Record<string, unknown> };
  readonly config?: Record<string, unknown>;
}

export interface StackConfigFile {
  /** Flat `namespace:key` -> value, exactly as the language host receives it. */
  readonly config: Record<string, string>;
  /** The stack file that was read. */
  readonly file: string;
  /** `namespace:key` and `namespace:key.sub.path` -> the 1-based line that sets it in `file`. */
  readonly lines: ReadonlyMap<string, number>;
  /**
   * Keys whose values were `secure:` ciphertext, or held some (`pulumi config set --path --secret` writes `secure:`
   * inside a map, and the CLI then passes the whole map as a secret); the offline plan substitutes a placeholder.
   */
  readonly secretKeys: string[];
  /** Where each secret sits: the key, or the path inside it (`credlink:alerts.pagerdutyUrl`). */
  readonly secretPaths: string[];
  /**
   * The secrets still holding the committed placeholder ciphertext (`v1:placeholder:...`, which no secrets provider
   * decrypts): `pulumi config set --secret` must replace each before a real preview or `up`.
   */
  readonly placeholderSecretPaths: string[];
}

/** The ciphertext a committed stack file holds for a secret nobody has set yet (no secrets provider decrypts it). */
export const COMMITTED_SECRET_PLACEHOLDER = "v1:placeholder:replace-with-pulumi-config-set-secret";

/** The placeholder a `secure:` value gets offline, where nothing can decrypt it. */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-plan-placeholder-secret";

export const REPO_ROOT = path.resolve(__dirname, "..");

/** A path as a message shows it: relative inside the repository, absolute outside it. */
export function displayPath(file: string): string {
  const rel = path.relative(REPO_ROOT, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

/**
 * Parses a YAML file; a syntax error names the file, line and column (the yaml package's LineCounter), as
 * "Pulumi.dev.yaml:7:3: ...". Returns the document's value and where each key of the mapping at `under` sits.
 */
export function readYaml(file: string, under?: string): { value: unknown; lines: Map<string, number> } {
  const text = fs.readFileSync(file, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const shown = displayPath(file);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const at = lineCounter.linePos(e.pos[0]);
    throw new Error(`${shown}:${at.line}:${at.col}: invalid YAML: ${e.message.split("\n")[0]}`);
  }
  const lines = new Map<string, number>();
  const walk = (node: unknown, prefix: string) => {
    if (!isMap(node)) return;
    for (const item of node.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const key = prefix ? `${prefix}.${String(item.key.value)}` : String(item.key.value);
      if (item.key.range) lines.set(key, lineCounter.linePos(item.key.range[0]).line);
      walk(item.value, key);
    }
  };
  const root = under ? doc.get(under, true) : doc.contents;
  walk(root, "");
  return { value: doc.toJS(), lines };
}

export function loadProject(root = REPO_ROOT): ProjectFile {
  const file = path.join(root, "Pulumi.yaml");
  const project = readYaml(file).value as ProjectFile;
  if (!project?.name) throw new Error(`${file} has no project name`);
  return project;
}

/** Stack files present next to Pulumi.yaml, e.g. ["dev", "prod"]. */
export function listStacks(root = REPO_ROOT): string[] {
  return fs
    .readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

function encode(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function isSecure(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length === 1 && "secure" in value;
}

/** The value with every nested `secure:` replaced by the placeholder, and the paths where they were (`unset`: those holding the committed placeholder). */
function withPlaceholders(value: unknown, path: string, found: string[], unset: string[]): unknown {
  if (isSecure(value)) {
    found.push(path);
    if ((value as { secure: unknown }).secure === COMMITTED_SECRET_PLACEHOLDER) unset.push(path);
    return OFFLINE_SECRET_PLACEHOLDER;
  }
  if (Array.isArray(value)) return value.map((v, i) => withPlaceholders(v, `${path}[${i}]`, found, unset));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlaceholders(v, `${path}.${k}`, found, unset)]));
  }
  return value;
}

/**
 * The config the CLI would pass for `stack`: Pulumi.yaml's `config` defaults (keys without a namespace belong to the
 * project), overlaid with Pulumi.<stack>.yaml (or `configFile`, like the CLI's --config-file). Throws when the file
 * does not exist.
 */
export function loadStackConfig(stack: string, root = REPO_ROOT, configFile?: string): StackConfigFile {
  const project = loadProject(root);
  const file = configFile ? path.resolve(configFile) : path.join(root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const known = listStacks(root);
    throw new Error(`no stack file ${configFile ?? path.basename(file)}; stacks here: ${known.join(", ") || "none"}`);
  }
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  const secretPaths: string[] = [];
  const placeholderSecretPaths: string[] = [];
  const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);

  for (const [key, decl] of Object.entries(project.config ?? {})) {
    if (decl !== null && typeof decl === "object" && !Array.isArray(decl)) {
      const d = decl as { default?: unknown; value?: unknown };
      const value = d.value ?? d.default;
      if (value !== undefined) config[qualify(key)] = encode(value);
    } else if (decl !== undefined && decl !== null) {
      config[qualify(key)] = encode(decl);
    }
  }

  const shown = displayPath(file);
  const { value, lines } = readYaml(file, "config");
  if (value === null || value === undefined) throw new Error(`${shown} is empty: a stack file needs a \`config:\` mapping`);
  if (typeof value !== "object" || Array.isArray(value) || !("config" in value)) {
    throw new Error(`${shown} has no \`config:\` key: a stack file is a mapping with every setting under \`config:\``);
  }
  const stackFile = value as { config?: Record<string, unknown> };
  if (stackFile.config === null || typeof stackFile.config !== "object" || Array.isArray(stackFile.config)) {
    throw new Error(`${shown}:${lines.get("config") ?? 1}: \`config:\` must be a mapping of keys to values`);
  }
  for (const [key, value] of Object.entries(stackFile.config ?? {})) {
    const found: string[] = [];
    const plain = withPlaceholders(value, qualify(key), found, placeholderSecretPaths);
    config[qualify(key)] = encode(plain);
    if (found.length > 0) {
      secretKeys.push(qualify(key));
      secretPaths.push(...found);
    }
  }
  return { config, secretKeys, secretPaths, placeholderSecretPaths, file, lines };
}
