/**
 * Compares what the program registered through the real runner (over gRPC) with what it registered in-process under
 * the mocks, registration by registration. Generic over every registration, so a new component or resource is
 * covered the day it is added. Each difference names the resource (URN) and the field.
 *
 * Normalisations, each because the two paths legitimately differ:
 * - URNs: registrations are matched by (type, name, parent chain of type::name), not by URN, and the engine URN is
 *   reported next to the in-process URN wherever they differ (`urnDifferences`), never silently equated. (The SDK's
 *   mock monitor qualifies a type only with the parent's own type, the engine with its whole chain;
 *   tools/offline/mocks.ts now names resources as the engine does, and this keeps checking it.)
 * - URN references inside options (parent, dependsOn, provider, property dependencies) are mapped to the matched
 *   registration's key the same way.
 * - Inputs: the engine path advertises output values, so a remote component's Output inputs arrive as output-value
 *   objects; monitor.ts#mockInputs collapses them to what the mock monitor receives, then both sides are the SDK's
 *   deserializeProperties of the wire (secrets stay wrapped in the secret signature, so secretness is compared).
 * - Provider references are `urn::id`; ids are the mock's on both sides, only the URN part is mapped.
 */
import type { Recorder, Registration } from "../offline/mocks";
import { mockInputs, WireRegistration } from "./monitor";

export interface Difference {
  /** The registration's engine URN (or the in-process URN when it has no counterpart). */
  readonly urn: string;
  readonly field: string;
  readonly inProcess: unknown;
  readonly overGrpc: unknown;
}

export const showDifferences = (ds: readonly Difference[]): string =>
  ds.map((d) => `${d.urn}\n    ${d.field}: in-process ${JSON.stringify(d.inProcess)} | over gRPC ${JSON.stringify(d.overGrpc)}`).join("\n");

type Node = { type: string; name: string; parent: string };
const ROOT_STACK = "pulumi:pulumi:Stack";

/** A URN-independent identity: type::name of the resource and of each ancestor, root first. */
function keyOf(urn: string, byUrn: Map<string, Node>): string {
  const chain: string[] = [];
  let current: string | undefined = urn;
  const seen = new Set<string>();
  while (current && byUrn.has(current) && !seen.has(current)) {
    seen.add(current);
    const n: Node = byUrn.get(current)!;
    if (n.type !== ROOT_STACK) chain.unshift(`${n.type}::${n.name}`);
    current = n.parent;
  }
  // Not registered (a foreign URN): fall back to type::name from the URN. The root stack is left out: under cmd/run
  // the program runs inside it (runInPulumiStack), in-process the program function is called without one.
  if (current) {
    const parts = current.split("::");
    const type = (parts[2] ?? "").split("$").pop();
    if (type !== ROOT_STACK) chain.unshift(`${type}::${parts[3] ?? ""}`);
  }
  return chain.join(" > ");
}

function refKey(ref: string, byUrn: Map<string, Node>): string {
  if (!ref) return "";
  const i = ref.lastIndexOf("::");
  // Provider references are `urn::id`; a URN alone has its name after the last `::`.
  if (ref.startsWith("urn:pulumi:") && i > 0 && byUrn.has(ref.slice(0, i))) return `${keyOf(ref.slice(0, i), byUrn)}::${ref.slice(i + 2)}`;
  return keyOf(ref, byUrn);
}

function diffValue(path: string, a: unknown, b: unknown, out: { field: string; a: unknown; b: unknown }[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of keys) diffValue(Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`, (a as any)[k], (b as any)[k], out);
    return;
  }
  out.push({ field: path, a, b });
}

/** Drops keys whose value is undefined (the wire has no undefined), so both sides compare as the engine sees them. */
function defined(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export interface Comparison {
  readonly differences: Difference[];
  /** Registrations whose engine URN differs from the mock's: [mock URN, engine URN]. */
  readonly urnDifferences: [string, string][];
  readonly matched: number;
}

/**
 * Every registration of the in-process run against its counterpart over gRPC: presence, count, inputs (secrets
 * included), protect, retainOnDelete, provider(s), parent, dependsOn, ignoreChanges, custom/remote, property
 * dependencies (when given) and the id and outputs the monitor answered.
 */
export function compareRuns(
  inProcess: Recorder,
  wire: readonly WireRegistration[],
  inProcessPropertyDeps?: ReadonlyMap<string, Record<string, string[]>>,
): Comparison {
  const mockNodes = new Map<string, Node>(inProcess.all.map((r) => [r.urn, r]));
  const wireNodes = new Map<string, Node>(wire.map((r) => [r.urn, r]));
  const left = new Map<string, Registration>();
  const differences: Difference[] = [];
  const urnDifferences: [string, string][] = [];
  for (const r of inProcess.all) {
    const key = keyOf(r.urn, mockNodes);
    if (left.has(key)) differences.push({ urn: r.urn, field: "(registration)", inProcess: "registered twice", overGrpc: "" });
    left.set(key, r);
  }
  const matchedKeys = new Set<string>();
  for (const w of wire) {
    if (w.type === "pulumi:pulumi:Stack") continue;
    const key = keyOf(w.urn, wireNodes);
    const m = left.get(key);
    if (!m) {
      differences.push({ urn: w.urn, field: "(registration)", inProcess: "absent", overGrpc: "registered" });
      continue;
    }
    if (matchedKeys.has(key)) differences.push({ urn: w.urn, field: "(registration)", inProcess: "once", overGrpc: "registered twice" });
    matchedKeys.add(key);
    if (m.urn !== w.urn) urnDifferences.push([m.urn, w.urn]);
    const fields: { field: string; a: unknown; b: unknown }[] = [];
    const scalar = (field: string, a: unknown, b: unknown) => diffValue(field, a, b, fields);
    scalar("custom", m.custom, w.custom);
    scalar("remote", m.remote, w.remote);
    scalar("protect", m.protect, w.protect);
    scalar("retainOnDelete", m.retainOnDelete, w.retainOnDelete);
    scalar("parent", keyOf(m.parent, mockNodes), keyOf(w.parent, wireNodes));
    scalar("provider", refKey(m.provider, mockNodes), refKey(w.provider, wireNodes));
    scalar(
      "providers",
      Object.fromEntries(Object.entries(m.providers ?? {}).map(([k, v]) => [k, refKey(v, mockNodes)])),
      Object.fromEntries(Object.entries(w.providers).map(([k, v]) => [k, refKey(v, wireNodes)])),
    );
    scalar("dependsOn", [...m.dependsOn].map((u) => keyOf(u, mockNodes)).sort(), [...w.dependencies].map((u) => keyOf(u, wireNodes)).sort());
    scalar("ignoreChanges", m.ignoreChanges, w.ignoreChanges);
    diffValue("inputs", defined(m.inputs), defined(mockInputs(w.object)), fields);
    if (inProcessPropertyDeps) {
      const deps = inProcessPropertyDeps.get(`${m.type}::${m.name}`) ?? {};
      const norm = (d: Record<string, string[]>, nodes: Map<string, Node>) =>
        Object.fromEntries(Object.entries(d).map(([k, urns]) => [k, urns.map((u) => keyOf(u, nodes)).sort()]));
      diffValue("propertyDependencies", norm(deps, mockNodes), norm(w.propertyDependencies, wireNodes), fields);
    }
    if (w.custom) {
      scalar("id", m.id ?? "", w.id);
      diffValue("outputs", defined(m.state), defined(w.state), fields);
    }
    for (const f of fields) differences.push({ urn: w.urn, field: f.field, inProcess: f.a, overGrpc: f.b });
  }
  for (const [key, m] of left) if (!matchedKeys.has(key)) differences.push({ urn: m.urn, field: "(registration)", inProcess: "registered", overGrpc: "absent" });
  return { differences, urnDifferences, matched: matchedKeys.size };
}
