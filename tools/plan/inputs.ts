/**
 * A resource's inputs as the JSON report carries them, and as `--compare` diffs them: every input by its property
 * path (`networkConfiguration.subnets[2]`, `policy.Statement[0].Action`: a string holding a JSON document is diffed
 * inside), secrets masked.
 *
 * Secrets: the SDK keeps a secret (and every value computed from one) wrapped as a secret all the way to the
 * registration, so any wrapped value, and everything inside it, is written as "[secret]": its value never reaches the
 * report, whatever format. Offline the value is a placeholder anyway (nothing can decrypt a `secure:` value here), but
 * the mask does not rely on that.
 */
import type { Json, PropValue } from "./report";

export type { Json } from "./report";

export const SECRET = "[secret]";
export const UNKNOWN = "[unknown]";

/** The SDK's marker of a secret (or a resource reference, an asset...) in deserialised properties (rpc.js specialSigKey). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

/** The inputs as plain JSON: secrets masked, unknowns marked, resource references by URN, assets by path or text. */
export function displayInputs(value: unknown): Json {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") return null;
  if (Array.isArray(value)) return value.map(displayInputs);
  const v = value as Record<string, unknown>;
  const sig = v[SIG_KEY];
  if (sig === SECRET_SIG) return SECRET;
  if (sig === OUTPUT_SIG) return v.isSecret ? SECRET : "value" in v ? displayInputs(v.value) : UNKNOWN;
  if (sig === RESOURCE_SIG) return typeof v.urn === "string" ? v.urn : UNKNOWN;
  // Pulumi's own objects (an Output, a Resource, an Asset) by what identifies them.
  if (typeof (v as { __pulumiOutput?: unknown }).__pulumiOutput === "boolean") return UNKNOWN;
  if (typeof v.urn === "object" && v.urn !== null && "__pulumiOutput" in (v.urn as object)) return UNKNOWN;
  if ((v as { __pulumiAsset?: unknown }).__pulumiAsset || (v as { __pulumiArchive?: unknown }).__pulumiArchive) return "[asset]";
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(v).sort()) {
    if (v[key] === undefined) continue;
    out[key] = displayInputs(v[key]);
  }
  return out;
}

/** A string that holds a JSON document (a policy, a dashboard body, container definitions): its parsed value. */
function jsonDocument(text: string): Json | undefined {
  const t = text.trimStart();
  if (!t.startsWith("{") && !t.startsWith("[")) return undefined;
  try {
    const parsed = JSON.parse(text) as Json;
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A policy's statements keyed by their Sid when every statement has a distinct one: a statement inserted in the middle
 * then shows as that statement added, not as every later statement changed index by index.
 */
function statementIds(items: readonly Json[]): string[] | undefined {
  const sids = items.map((item) => (item !== null && typeof item === "object" && !Array.isArray(item) && typeof item.Sid === "string" ? item.Sid : undefined));
  if (sids.length === 0 || sids.some((sid) => sid === undefined)) return undefined;
  return new Set(sids).size === sids.length ? (sids as string[]) : undefined;
}

/**
 * Every leaf of the inputs by its path: `a.b[0].c` -> value (a policy's statements with Sids by Sid:
 * `policy.Statement["DenyInsecureTransport"].Effect`). A string holding a JSON document is flattened inside (its
 * leaves under the string's own path); an empty object or list is a leaf of its own ("{}", "[]").
 */
export function flattenInputs(inputs: Json): Map<string, PropValue | null> {
  const out = new Map<string, PropValue | null>();
  const walk = (value: Json, path: string) => {
    if (typeof value === "string") {
      const doc = jsonDocument(value);
      if (doc !== undefined && path) return walk(doc, path);
      out.set(path, value);
      return;
    }
    if (value === null || typeof value !== "object") {
      out.set(path, value);
      return;
    }
    if (Array.isArray(value)) {
      if (value.length === 0) out.set(path, "[]");
      const sids = statementIds(value);
      value.forEach((item, i) => walk(item, sids ? `${path}[${JSON.stringify(sids[i])}]` : `${path}[${i}]`));
      return;
    }
    const keys = Object.keys(value);
    if (keys.length === 0 && path) out.set(path, "{}");
    for (const key of keys) walk(value[key], path ? `${path}.${key}` : key);
  };
  walk(inputs, "");
  return out;
}

/** The property names of a path, without indexes: `networkConfiguration.subnets[2]` -> ["networkConfiguration", "subnets"]. */
export function pathSegments(path: string): string[] {
  return path
    .replace(/\[(\d+|"[^"]*")\]/g, "")
    .split(".")
    .filter((s) => s.length > 0);
}

/**
 * True when `path` is covered by one of the resource's ignoreChanges paths (`alarms`, `loadBalancers[*].targetGroupArn`,
 * `tags["Name"]`): pulumi up leaves those inputs as they are, so a change there is no change.
 */
export function ignored(path: string, ignoreChanges: readonly string[]): boolean {
  const norm = (p: string) => p.replace(/\[\s*["']([^"']+)["']\s*\]/g, ".$1").replace(/\[(\d+|\*)\]/g, ".$1");
  const target = norm(path).split(".");
  return ignoreChanges.some((raw) => {
    const rule = norm(raw).split(".");
    return rule.length <= target.length && rule.every((seg, i) => seg === "*" || seg === target[i]);
  });
}

/** A leaf as a diff line shows it: strings as they are ("" for the empty one), absent as "(none)", long ones cut. */
export function showValue(value: PropValue | null, max = 120): string {
  if (value === null) return "(none)";
  const text = typeof value === "string" ? (value === "" ? '""' : value) : String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
