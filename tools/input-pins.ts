/**
 * `npm run pin:inputs`: the reviewed snapshots of what the committed stacks (and the Cloudflare example) set, in
 * tests/fixtures/inputs/:
 *
 * - `<stack>.alarms.json`: every metric and composite alarm's whole input object (thresholds, periods, evaluation
 *   periods, datapoints to alarm, missing-data handling, statistics, actions, descriptions);
 * - `<stack>.settings.json`: every resource's settings, the values a test naming a few keys lets drift: each number and
 *   boolean of its inputs (inside JSON documents too: container definitions, dashboard bodies, policies), each schedule,
 *   window and duration string (cron, rate, "hh:mm-hh:mm", "ddd:hh:mm-ddd:hh:mm", ISO 8601), each numeric string, each
 *   enum-like word (FIFTEEN_MINUTES, notBreaching, Allow), and its resource options (protect, retainOnDelete,
 *   ignoreChanges, customTimeouts). Names, descriptions and ARNs are left out: they are the URN pins' and the
 *   component tests' business.
 *
 * tests/input-pins.test.ts compares the committed programs with them. A change that moves one is either a mistake or
 * meant: run this command and review the diff in the pull request like code.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Recorder, Registration } from "./offline/mocks";
import { REPO_ROOT } from "./project";

/**
 * What is pinned: every committed stack (prod-dr's standby included), and the Cloudflare example (the Cloudflare edge and the R2 copy exist only
 * there), each as `<name>.alarms.json` and `<name>.settings.json`.
 */
export const PINNED = [
  { name: "dev", stack: "dev" },
  { name: "prod", stack: "prod" },
  { name: "prod-dr", stack: "prod-dr" },
  { name: "prod-cloudflare", stack: "prod", configFile: "examples/prod-cloudflare.yaml" },
] as const;
export type PinnedName = (typeof PINNED)[number]["name"];
export const PIN_DIR = "tests/fixtures/inputs";
export const PIN_COMMAND = "npm run pin:inputs";
export const ALARM_TYPES = ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm"] as const;

export type Pins = Record<string, Record<string, unknown>>;

/** The pin file of a stack and kind, as a repository path. */
export const pinFile = (name: PinnedName, kind: "alarms" | "settings"): string => `${PIN_DIR}/${name}.${kind}.json`;

/** `<type>::<name>`, with `#2`, `#3`... for a later registration of the same type and name (another parent). */
function keys(registrations: readonly Registration[]): Map<Registration, string> {
  const seen = new Map<string, number>();
  const out = new Map<Registration, string>();
  for (const r of registrations) {
    const base = `${r.type}::${r.name}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.set(r, n === 1 ? base : `${base}#${n}`);
  }
  return out;
}

/** Plain JSON of a recorded value (Outputs are already resolved by the recorder). */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

/** Every alarm's whole input object, by `<type>::<name>`. */
export function alarmPins(recorder: Recorder): Pins {
  const alarms = recorder.all.filter((r) => (ALARM_TYPES as readonly string[]).includes(r.type));
  const named = keys(alarms);
  return sortKeys(Object.fromEntries(alarms.map((r) => [named.get(r) as string, plain(r.inputs) as Record<string, unknown>])));
}

const SETTING_STRINGS = [
  /^(cron|rate)\(.*\)$/, // schedules
  /^\d{2}:\d{2}-\d{2}:\d{2}$/, // daily windows
  /^[a-z]{3}:\d{2}:\d{2}-[a-z]{3}:\d{2}:\d{2}$/, // weekly windows
  /^P(\d+[YMWD])*(T(\d+[HMS])+)?$/, // ISO 8601 durations
  /^-?\d+(\.\d+)?$/, // numbers the provider takes as strings (bake minutes, budget amounts)
  /^[A-Z][A-Z0-9_]{1,39}$/, // enum constants (FIFTEEN_MINUTES, IMMUTABLE, AES256, ENABLED)
  /^[A-Z]?[a-z]+(?:[A-Z][a-z0-9]*)*$/, // enum words (notBreaching, Enabled, strictest, required, ignore)
];
/** Keys whose string values are names or prose, not settings (a renamed resource is the URN pins' business). */
const NAME_KEYS = /(^|\.)(name|namePrefix|description|alarmDescription|family|containerName|sourceVolume|key|Sid|id|ruleName|label|metricName|bucket|repository|policyName|tagKey|title|markdown|logGroupName)$/i;
/** Dashboard widget geometry: where a graph sits, not what it shows. */
const SKIPPED_KEYS = new Set(["x", "y", "width", "height"]);

function settingLeaves(value: unknown, at: string, out: Record<string, unknown>): void {
  if (typeof value === "number" || typeof value === "boolean") {
    out[at] = value;
  } else if (typeof value === "string") {
    const trimmed = value.trim();
    if ((trimmed.startsWith("{") || trimmed.startsWith("[")) && trimmed.length > 1) {
      try {
        settingLeaves(JSON.parse(trimmed), `${at}{json}`, out);
        return;
      } catch {
        /* not JSON: a plain string */
      }
    }
    if (value !== "" && value.length <= 40 && !NAME_KEYS.test(at.replace(/\[\d+\]/g, "")) && SETTING_STRINGS.some((p) => p.test(value))) out[at] = value;
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => settingLeaves(v, `${at}[${i}]`, out));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (!SKIPPED_KEYS.has(k)) settingLeaves(v, at ? `${at}.${k}` : k, out);
    }
  }
}

/** Every resource's settings (see the file's doc), by `<type>::<name>`, each as path -> value. */
export function settingPins(recorder: Recorder): Pins {
  const resources = recorder.all.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
  const named = keys(resources);
  const out: Pins = {};
  for (const r of resources) {
    const leaves: Record<string, unknown> = {};
    settingLeaves(plain(r.inputs), "", leaves);
    if (r.protect) leaves["(protect)"] = true;
    if (r.retainOnDelete) leaves["(retainOnDelete)"] = true;
    if (r.ignoreChanges.length > 0) leaves["(ignoreChanges)"] = [...r.ignoreChanges].sort();
    for (const op of ["create", "update", "delete"] as const) {
      if (r.customTimeouts[op]) leaves[`(customTimeouts.${op})`] = r.customTimeouts[op];
    }
    if (Object.keys(leaves).length > 0) out[named.get(r) as string] = sortKeys(leaves);
  }
  return sortKeys(out);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The committed pins of a stack. */
export function readPins(name: PinnedName, kind: "alarms" | "settings", root = REPO_ROOT): Pins {
  return JSON.parse(fs.readFileSync(path.join(root, pinFile(name, kind)), "utf8")) as Pins;
}

/**
 * What differs between the pins and a run, one line per key: "<resource> <path>: pinned X, now Y", "... added",
 * "... gone". Empty when they agree.
 */
export function pinDifferences(pinned: Pins, now: Pins): string[] {
  const out: string[] = [];
  const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));
  for (const resource of [...new Set([...Object.keys(pinned), ...Object.keys(now)])].sort()) {
    const a = pinned[resource];
    const b = now[resource];
    if (a === undefined) out.push(`${resource}: added (not pinned)`);
    else if (b === undefined) out.push(`${resource}: pinned, gone now`);
    else {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out.push(`${resource} ${key}: pinned ${show(a[key])}, now ${show(b[key])}`);
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const { runProgram } = await import("./offline/program");
  for (const pinned of PINNED) {
    const { recorder } = await runProgram(pinned.stack, {}, "configFile" in pinned ? pinned.configFile : undefined);
    fs.mkdirSync(path.join(REPO_ROOT, PIN_DIR), { recursive: true });
    for (const [kind, pins] of [["alarms", alarmPins(recorder)], ["settings", settingPins(recorder)]] as const) {
      fs.writeFileSync(path.join(REPO_ROOT, pinFile(pinned.name, kind)), `${JSON.stringify(pins, null, 2)}\n`);
      process.stderr.write(`pin:inputs: wrote ${pinFile(pinned.name, kind)} (${Object.keys(pins).length} resources)\n`);
    }
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`pin:inputs: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
