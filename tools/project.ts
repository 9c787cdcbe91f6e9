/**
 * Reads a Pulumi project and a stack's config file the way the Pulumi CLI hands them to the language host:
 * a flat map of `namespace:key` -> string, structured values JSON-encoded, project-level defaults from Pulumi.yaml
 * applied under the stack's own values. Shared by the offline plan and the tests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export interface ProjectFile {
  readonly name: string;
  readonly main?: string;
  readonly runtime: string | { name: string; options?: Record<string, unknown> };
  readonly config?: Record<string, unknown>;
}

export interface StackConfigFile {
  /** Flat `namespace:key` -> value, exactly as the language host receives it. */
  readonly config: Record<string, string>;
  /** Keys whose values were `secure:` ciphertext; the offline plan substitutes a placeholder. */
  readonly secretKeys: string[];
}

/** The placeholder a `secure:` value gets offline, where nothing can decrypt it. */
export const OFFLINE_SECRET_PLACEHOLDER = "offline-plan-placeholder-secret";

export const REPO_ROOT = path.resolve(__dirname, "..");

export function loadProject(root = REPO_ROOT): ProjectFile {
  const file = path.join(root, "Pulumi.yaml");
  const project = parse(fs.readFileSync(file, "utf8")) as ProjectFile;
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

  const stackFile = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  for (const [key, value] of Object.entries(stackFile.config ?? {})) {
    if (isSecure(value)) {
      config[qualify(key)] = OFFLINE_SECRET_PLACEHOLDER;
      secretKeys.push(qualify(key));
    } else {
      config[qualify(key)] = encode(value);
    }
  }
  return { config, secretKeys };
}
