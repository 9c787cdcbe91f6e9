/**
 * Where a secret travels in plain text. Given the plaintexts of the secret config values, walks everything the program
 * sent over the wire (every registration's inputs, the outputs the monitor echoed, components' and the stack's
 * registered outputs, invoke arguments) and the engine log, and reports each place a secret's text appears outside a
 * secret: a `4dabf...`-signed secret object, or an output value marked `secret: true`.
 */
import type { WireInvoke, WireRegistration } from "./monitor";
import { OUTPUT_SIG, SECRET_SIG, SIG_KEY } from "./proto";

export interface Leak {
  /** The resource's URN, "invoke <token>" or "engine log". */
  readonly where: string;
  /** "inputs.endpoint", "outputs.tags.Name", ... */
  readonly field: string;
}

function scan(value: unknown, path: string, secrets: readonly string[], found: string[]): void {
  if (typeof value === "string") {
    if (secrets.some((s) => s && value.includes(s))) found.push(path);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => scan(v, `${path}[${i}]`, secrets, found));
    return;
  }
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) return;
    if (o[SIG_KEY] === OUTPUT_SIG && o.secret === true) return;
    for (const [k, v] of Object.entries(o)) scan(v, `${path}.${k}`, secrets, found);
  }
}

/**
 * `debugLog` (default false): scan the engine log's debug lines too. They are excluded by default because the SDK
 * itself writes every RegisterResource response verbatim into a debug line ("RegisterResource RPC finished: ...
 * resp: ..."), secret values included; the engine shows debug lines only under `--debug` / `-v`.
 */
export function plaintextSecrets(
  run: { registrations: readonly WireRegistration[]; engine: { invokes: readonly WireInvoke[]; logs: readonly string[] } },
  secrets: readonly string[],
  options: { debugLog?: boolean } = {},
): Leak[] {
  const leaks: Leak[] = [];
  const add = (where: string, value: unknown, prefix: string) => {
    const found: string[] = [];
    scan(value, prefix, secrets, found);
    leaks.push(...found.map((field) => ({ where, field })));
  };
  for (const r of run.registrations) {
    add(r.urn, r.object, "inputs");
    add(r.urn, r.state, "outputs");
    if (r.outputs) add(r.urn, r.outputs, "registeredOutputs");
  }
  for (const i of run.engine.invokes) add(`invoke ${i.token}`, i.args, "args");
  run.engine.logs.forEach((line, n) => {
    if (options.debugLog || !line.startsWith("debug:")) add("engine log", line, `line ${n + 1}`);
  });
  return leaks;
}
