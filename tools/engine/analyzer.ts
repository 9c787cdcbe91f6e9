/**
 * The policy pack behind its real gRPC server: `node <sdk>/cmd/run-policy-pack <engine> <pack>` in policy/, as the
 * analyzer plugin (pulumi-analyzer-policy) starts it. `new PolicyPack` in policy/index.ts serves the Analyzer service
 * on 127.0.0.1 and prints the port; this module is the CLI's side of the conversation:
 *
 * - GetAnalyzerInfo: the pack's name, version, policies, levels and config schemas as they cross the wire;
 * - Configure: what the CLI sends after ReconcilePolicyPackConfig, built here from the wire's schemas (each schema's
 *   defaults, overlaid with policy/config/<env>.json, validated against the schema), independently of the in-process
 *   driver's `reconcile`;
 * - Analyze per resource: its inputs as the engine serialises them for analyzers (secrets as secrets, unknowns as the
 *   unknown sentinel, output values collapsed to plain values), its options and its provider's inputs;
 * - AnalyzeStack: every resource's outputs, parent, dependencies and property dependencies.
 *
 * The verdicts come back as diagnostics; `normaliseDiagnostic` removes what the server adds around a message (the
 * policy's description, the "from policy pack" wording) so they compare with the in-process driver's.
 */
import Ajv from "ajv";
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { Recorder, Registration } from "../offline/mocks";
import { Diagnostic, INFERS_AWSX_CHILDREN, inferAwsxChildren, loadPackConfigFile, POLICY_DIR } from "../offline/policy";
import { mockInputs, WireRegistration } from "./monitor";
import { analyzerproto, analyzerrpc, emptyproto, grpc, OUTPUT_SIG, SECRET_SIG, SIG_KEY, structproto, timeBoxed, UNKNOWN } from "./proto";
import { TRANSPILE_HOOK } from "./runner";

export const RUN_POLICY_PACK = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run-policy-pack");

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type Level = (typeof LEVELS)[number];

export interface WirePolicyInfo {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: Level;
  readonly type: "resource" | "stack" | "unknown";
  readonly configSchema?: { properties: Record<string, any>; required: string[] };
}

export interface WireAnalyzerInfo {
  readonly name: string;
  readonly version: string;
  readonly supportsConfig: boolean;
  readonly policies: WirePolicyInfo[];
}

export interface PolicyPackServer {
  readonly address: string;
  info(): Promise<WireAnalyzerInfo>;
  configure(config: Record<string, { enforcementLevel: Level; properties: Record<string, any> }>): Promise<void>;
  analyze(req: any): Promise<{ diagnostics: Diagnostic[]; notApplicable: string[] }>;
  analyzeStack(req: any): Promise<{ diagnostics: Diagnostic[]; notApplicable: string[] }>;
  stop(): void;
  readonly stderr: () => string;
}

const live = new Set<ChildProcess>();
export function killPolicyPacks(): void {
  for (const child of live) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
  live.clear();
}

const levelOf = (l: number): Level => {
  const e = analyzerproto.EnforcementLevel;
  return l === e.MANDATORY ? "mandatory" : l === e.REMEDIATE ? "remediate" : l === e.DISABLED ? "disabled" : "advisory";
};
const levelTo = (l: Level): number => analyzerproto.EnforcementLevel[l.toUpperCase()];

/**
 * Starts the pack's analyzer server. "ts-node" (default) is exactly what run-policy-pack does: ts-node with type
 * checking. "cached" skips ts-node (TS_NODE_IGNORE matches every file, so ts-node hands each .ts file to the
 * previously registered handler) and transpiles through tools/engine/transpile-hook.js: `npm test` type checks the
 * pack anyway, and this saves several seconds.
 */
export async function startPolicyPack(options: { transpiler?: "ts-node" | "cached"; rpcTimeoutMs?: number; startTimeoutMs?: number } = {}): Promise<PolicyPackServer> {
  const cached = options.transpiler === "cached";
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.TS_NODE_TRANSPILE_ONLY;
  if (cached) env.TS_NODE_IGNORE = ".";
  // The engine address is the first argument; run-policy-pack discards it (the pack reaches nothing but its caller).
  const argv = [...(cached ? ["--require", TRANSPILE_HOOK] : []), RUN_POLICY_PACK, "127.0.0.1:0", POLICY_DIR];
  const child = spawn(process.execPath, argv, { cwd: POLICY_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const port = await timeBoxed(
    "the policy pack's analyzer server (run-policy-pack) printing its port",
    options.startTimeoutMs ?? 60_000,
    new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.setEncoding("utf8").on("data", (d: string) => {
        out += d;
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("close", (code) => reject(new Error(`run-policy-pack exited ${code} before serving:\n${stderr}`)));
    }),
  ).catch((e) => {
    if (child.pid && child.exitCode === null) child.kill("SIGKILL");
    live.delete(child);
    throw e;
  });
  const address = `127.0.0.1:${port}`;
  const client = new analyzerrpc.AnalyzerClient(address, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  const rpcTimeout = options.rpcTimeoutMs ?? 30_000;
  const call = <T>(method: string, req: any): Promise<T> =>
    timeBoxed(
      `Analyzer.${method} on the policy pack`,
      rpcTimeout,
      new Promise<T>((resolve, reject) =>
        client[method](req, { deadline: Date.now() + rpcTimeout }, (err: any, resp: T) => (err ? reject(new Error(`Analyzer.${method}: ${err.details ?? err.message}`)) : resolve(resp))),
      ),
    );
  let descriptions = new Map<string, string>();
  let packName = "";
  const toDiagnostics = (resp: any) => ({
    diagnostics: resp.getDiagnosticsList().map((d: any) =>
      normaliseDiagnostic({ policyName: d.getPolicyname(), enforcementLevel: levelOf(d.getEnforcementlevel()), message: d.getMessage(), urn: d.getUrn() || undefined }, descriptions.get(d.getPolicyname()) ?? "", packName),
    ),
    notApplicable: resp.getNotApplicableList().map((n: any) => n.getPolicyName()),
  });
  return {
    address,
    stderr: () => stderr,
    async info() {
      const resp: any = await call("getAnalyzerInfo", new emptyproto.Empty());
      const info: WireAnalyzerInfo = {
        name: resp.getName(),
        version: resp.getVersion(),
        supportsConfig: resp.getSupportsconfig(),
        policies: resp.getPoliciesList().map((p: any) => {
          const schema = p.getConfigschema();
          const t = p.getPolicyType();
          return {
            name: p.getName(),
            description: p.getDescription(),
            enforcementLevel: levelOf(p.getEnforcementlevel()),
            type: t === analyzerproto.PolicyType.POLICY_TYPE_RESOURCE ? "resource" : t === analyzerproto.PolicyType.POLICY_TYPE_STACK ? "stack" : "unknown",
            ...(schema ? { configSchema: { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } } : {}),
          } as WirePolicyInfo;
        }),
      };
      descriptions = new Map(info.policies.map((p) => [p.name, p.description]));
      packName = `'${info.name}@v${info.version}'`;
      return info;
    },
    async configure(config) {
      const req = new analyzerproto.ConfigureAnalyzerRequest();
      const map = req.getPolicyconfigMap();
      for (const [name, c] of Object.entries(config)) {
        const pc = new analyzerproto.PolicyConfig();
        pc.setEnforcementlevel(levelTo(c.enforcementLevel));
        pc.setProperties(structproto.Struct.fromJavaScript(c.properties));
        map.set(name, pc);
      }
      await call("configure", req);
    },
    analyze: async (req) => toDiagnostics(await call("analyze", req)),
    analyzeStack: async (req) => toDiagnostics(await call("analyzeStack", req)),
    stop() {
      client.close();
      if (child.pid && child.exitCode === null) child.kill("SIGKILL");
      live.delete(child);
    },
  };
}

/** The server's wording around a violation, removed: "<description>\n<message>", "can't run policy 'p' from ...". */
export function normaliseDiagnostic(d: Diagnostic, description: string, packName: string): Diagnostic {
  let message = d.message;
  const preview = `can't run policy '${d.policyName}' from policy pack ${packName} during preview: `;
  if (message.startsWith(preview)) return { ...d, message: `can't run during preview: ${message.slice(preview.length)}`, preview: true };
  if (message === description) message = "";
  else if (description && message.startsWith(`${description}\n`)) message = message.slice(description.length + 1);
  return { ...d, message };
}

const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * The CLI's ReconcilePolicyPackConfig from the wire: for every policy the server announced, its schema's defaults
 * overlaid with the config file's entry (a string is a level; an object's `enforcementLevel` is split from its
 * properties; `all` sets every level), validated against `{type: object, properties, required}`.
 */
export function reconcileFromWire(info: WireAnalyzerInfo, file: Record<string, unknown>): Record<string, { enforcementLevel: Level; properties: Record<string, any> }> {
  const entries = new Map<string, { level?: Level; properties: Record<string, any> }>();
  for (const [name, value] of Object.entries(file)) {
    if (typeof value === "string") entries.set(name, { level: value as Level, properties: {} });
    else if (value && typeof value === "object" && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value as Record<string, any>;
      entries.set(name, { level: enforcementLevel, properties });
    } else throw new Error(`policy config "${name}": must be a string or an object, got ${JSON.stringify(value)}`);
  }
  for (const [name, e] of entries) if (e.level !== undefined && !LEVELS.includes(e.level)) throw new Error(`policy config "${name}": "${e.level}" is not an enforcement level`);
  const known = new Set(info.policies.map((p) => p.name));
  for (const name of entries.keys()) if (name !== "all" && !known.has(name)) throw new Error(`policy config names "${name}", which the pack does not announce`);
  const all = entries.get("all")?.level;
  const result: Record<string, { enforcementLevel: Level; properties: Record<string, any> }> = {};
  const errors: string[] = [];
  for (const p of info.policies) {
    const defaults: Record<string, any> = {};
    for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) if (s && typeof s === "object" && "default" in s) defaults[k] = structuredClone(s.default);
    const mine = entries.get(p.name);
    const properties = { ...defaults, ...(mine?.properties ?? {}) };
    if (p.configSchema) {
      const validate = ajv.compile({ type: "object", properties: p.configSchema.properties, ...(p.configSchema.required.length ? { required: p.configSchema.required } : {}) });
      if (!validate(properties)) errors.push(...(validate.errors ?? []).map((e) => `${p.name}: ${e.instancePath || "(root)"} ${e.message}`));
    }
    result[p.name] = { enforcementLevel: mine?.level ?? all ?? p.enforcementLevel, properties };
  }
  if (errors.length) throw new Error(`invalid policy config:\n${errors.join("\n")}`);
  return result;
}

/** A value as the engine marshals it for an analyzer: output values become plain (secret-wrapped or unknown) values. */
export function engineProperties(value: any): any {
  if (Array.isArray(value)) return value.map(engineProperties);
  if (value && typeof value === "object") {
    if (value[SIG_KEY] === OUTPUT_SIG) {
      const v = "value" in value ? engineProperties(value.value) : UNKNOWN;
      return value.secret ? { [SIG_KEY]: SECRET_SIG, value: v } : v;
    }
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, engineProperties(x)]));
  }
  return value;
}

/** A recording over gRPC as the in-process Recorder (so inferAwsxChildren and analyzeRecorder read it unchanged). */
export function recorderFromWire(
  wire: readonly WireRegistration[],
  /** keepUnknowns (default true): keep the unknown sentinel; false drops unknowns, as the SDK's mock monitor does. */
  options: { keepUnknowns?: boolean } = {},
): { recorder: Recorder; propertyDeps: Map<string, Record<string, string[]>> } {
  const recorder = new Recorder();
  const propertyDeps = new Map<string, Record<string, string[]>>();
  for (const w of wire) {
    if (w.type === "pulumi:pulumi:Stack") continue;
    const key = `${w.seq}`;
    recorder.noteRequest(key, {
      parent: w.parent,
      custom: w.custom,
      remote: w.remote,
      provider: w.provider,
      providers: w.providers,
      protect: w.protect,
      retainOnDelete: w.retainOnDelete,
      dependsOn: w.dependencies,
      ignoreChanges: w.ignoreChanges,
    });
    // Components' outputs are what they registered with RegisterResourceOutputs; the engine shows those to policies.
    const state = w.custom ? w.state : (w.outputs ?? w.state);
    recorder.record(key, w.urn, { type: w.type, name: w.name, inputs: mockInputs(w.object, options.keepUnknowns ?? true), state, id: w.id || undefined });
    propertyDeps.set(`${w.type}::${w.name}`, w.propertyDependencies);
  }
  return { recorder, propertyDeps };
}

function options(r: { protect: boolean; ignoreChanges: readonly string[]; parent: string }): any {
  const o = new analyzerproto.AnalyzerResourceOptions();
  o.setProtect(r.protect);
  o.setIgnorechangesList([...r.ignoreChanges]);
  if (r.parent) o.setParent(r.parent);
  const t = new analyzerproto.AnalyzerResourceOptions.CustomTimeouts();
  o.setCustomtimeouts(t);
  return o;
}

function providerMessage(r: Registration, byUrn: Map<string, { type: string; name: string; urn: string; props: any }>): any {
  const ref = r.provider || Object.values(r.providers ?? {})[0];
  if (!r.custom || !ref) return undefined;
  const p = byUrn.get(ref.slice(0, ref.lastIndexOf("::")));
  if (!p) return undefined;
  const m = new analyzerproto.AnalyzerProviderResource();
  m.setType(p.type);
  m.setName(p.name);
  m.setUrn(p.urn);
  m.setProperties(structproto.Struct.fromJavaScript(p.props));
  return m;
}

export interface GrpcAnalysis {
  readonly info: WireAnalyzerInfo;
  readonly diagnostics: Diagnostic[];
  /** Resource URN -> policies the server reported not applicable to it. */
  readonly notApplicable: Map<string, string[]>;
}

/**
 * Every resource of a gRPC run through Analyze, then the stack through AnalyzeStack, with policy/config/<env>.json.
 * The offline modelling of awsx is mirrored from the in-process driver (tools/offline/policy.ts): neither path can run
 * the awsx provider, so its children are inferred from the Vpc's inputs and outputs and analysed like any resource,
 * and the remote component shows its inputs with its outputs; the policies that infer those children themselves see
 * the stack without them (a second AnalyzeStack).
 */
export async function analyzeOverGrpc(pack: PolicyPackServer, wire: readonly WireRegistration[], env: string, configFile: Record<string, unknown> = loadPackConfigFile(env)): Promise<GrpcAnalysis> {
  const info = await pack.info();
  await pack.configure(reconcileFromWire(info, configFile));
  const { recorder, propertyDeps } = recorderFromWire(wire);
  const inferred = inferAwsxChildren(recorder);
  const wireByUrn = new Map(wire.map((w) => [w.urn, w]));
  // Props as sent: real registrations keep their wire form (secrets and unknowns as the engine sends them).
  const inputsOf = (r: Registration) => (wireByUrn.has(r.urn) ? engineProperties(wireByUrn.get(r.urn)!.object) : JSON.parse(JSON.stringify(r.inputs)));
  const outputsOf = (r: Registration) => {
    const w = wireByUrn.get(r.urn);
    const out = w ? engineProperties(w.custom ? w.state : (w.outputs ?? {})) : JSON.parse(JSON.stringify(r.state));
    return r.remote ? { ...inputsOf(r), ...out } : out;
  };
  const providers = new Map(recorder.all.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, { type: r.type, name: r.name, urn: r.urn, props: inputsOf(r) }]));
  const diagnostics: Diagnostic[] = [];
  const notApplicable = new Map<string, string[]>();
  for (const r of [...recorder.all, ...inferred]) {
    const req = new analyzerproto.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(r.urn);
    req.setProperties(structproto.Struct.fromJavaScript(inputsOf(r)));
    req.setOptions(options(r));
    const p = providerMessage(r, providers);
    if (p) req.setProvider(p);
    const resp = await pack.analyze(req);
    diagnostics.push(...resp.diagnostics.map((d) => ({ ...d, urn: d.urn ?? r.urn })));
    notApplicable.set(r.urn, resp.notApplicable);
  }
  const stackRequest = (list: readonly Registration[]) => {
    const req = new analyzerproto.AnalyzeStackRequest();
    req.setResourcesList(
      list.map((r) => {
        const m = new analyzerproto.AnalyzerResource();
        m.setType(r.type);
        m.setName(r.name);
        m.setUrn(r.urn);
        m.setProperties(structproto.Struct.fromJavaScript(outputsOf(r)));
        m.setOptions(options(r));
        if (r.parent) m.setParent(r.parent);
        m.setDependenciesList([...r.dependsOn]);
        const deps = m.getPropertydependenciesMap();
        for (const [k, urns] of Object.entries(propertyDeps.get(`${r.type}::${r.name}`) ?? {})) {
          const d = new analyzerproto.AnalyzerPropertyDependencies();
          d.setUrnsList(urns);
          deps.set(k, d);
        }
        const p = providerMessage(r, providers);
        if (p) m.setProvider(p);
        return m;
      }),
    );
    return req;
  };
  const withChildren = await pack.analyzeStack(stackRequest([...recorder.all, ...inferred]));
  const without = inferred.length ? await pack.analyzeStack(stackRequest(recorder.all)) : withChildren;
  diagnostics.push(...withChildren.diagnostics.filter((d) => !INFERS_AWSX_CHILDREN.has(d.policyName)));
  diagnostics.push(...without.diagnostics.filter((d) => INFERS_AWSX_CHILDREN.has(d.policyName)));
  return { info, diagnostics, notApplicable };
}

/**
 * A verdict as a comparable line: resource, policy, level, message. A preview advisory's message names the first
 * unknown value the policy read; for a policy that walks a resource's properties, which one that is depends on their
 * order, and a Struct (a protobuf map) does not keep the order the in-process driver sees. So a preview advisory is
 * compared as "can't run during preview", without the path: the verdict (the policy could not run) is what must agree.
 */
export const verdictKey = (d: Diagnostic): string =>
  `${d.urn ?? "(stack)"} | ${d.policyName} | ${d.enforcementLevel} | ${d.message.startsWith("can't run during preview:") ? "can't run during preview (an unknown value was read)" : d.message}`;

/** Verdicts of the two drivers, resource by resource: what only one of them reported. */
export function compareVerdicts(inProcess: readonly Diagnostic[], overGrpc: readonly Diagnostic[]): { onlyInProcess: string[]; onlyOverGrpc: string[] } {
  const count = (ds: readonly Diagnostic[]) => {
    const m = new Map<string, number>();
    for (const d of ds) m.set(verdictKey(d), (m.get(verdictKey(d)) ?? 0) + 1);
    return m;
  };
  const a = count(inProcess);
  const b = count(overGrpc);
  const only = (x: Map<string, number>, y: Map<string, number>) => [...x].flatMap(([k, n]) => Array(Math.max(0, n - (y.get(k) ?? 0))).fill(k) as string[]).sort();
  return { onlyInProcess: only(a, b), onlyOverGrpc: only(b, a) };
}
