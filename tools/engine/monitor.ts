/**
 * A fake Pulumi engine for one program run: the ResourceMonitor and Engine gRPC services a language host's program
 * talks to, on 127.0.0.1 with ports the kernel picks.
 *
 * - RegisterResource answers with what the mocks answer in-process (tools/offline/mocks.ts#mockNewResource, the same
 *   outputs table), serialised the way the SDK's own mock monitor serialises it. URNs follow the engine's rule
 *   (resource.NewURN): the parent's whole qualified type chain, `$`-joined, except for the root stack.
 * - In a preview (dry run) it answers as the engine does for a create: no id yet, the inputs echoed, and every output
 *   the provider would compute unknown (or, with a variation, a random share of them). A remote component (awsx's
 *   Vpc) keeps its known mock outputs: the real one would run the awsx provider's Construct in preview, which nothing
 *   here can do, and the awsx children the offline policies infer need the layout.
 * - Invoke answers with tools/offline/mocks.ts#mockInvoke; an unknown token fails the invoke, as in-process.
 * - GetDeploymentInfo and SupportsFeature advertise what a current engine supports, output values included (the SDK's
 *   mock monitor does not), so the program serialises its inputs the way it does under `pulumi preview`.
 * - Every request is recorded raw (the wire's objects, secrets and unknowns as sent), with all its options.
 */
import { engineUrn, mockInvoke, mockNewResource } from "../offline/mocks";

export { engineUrn };
import { OutputVariation, unknownInPreview } from "../offline/variation";
import { emptyproto, engproto, engrpc, grpc, OUTPUT_SIG, resproto, resrpc, SECRET_SIG, SIG_KEY, structproto, UNKNOWN } from "./proto";

// The SDK's own (de)serialisation, as its mock monitor uses it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const UNKNOWN_OBJECT = require("@pulumi/pulumi/output").unknown;

export interface WireRegistration {
  /** Order of arrival. */
  readonly seq: number;
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string;
  readonly custom: boolean;
  readonly remote: boolean;
  /** The inputs exactly as they came over the wire (Struct -> JSON): secrets, unknowns and output values included. */
  readonly object: Record<string, any>;
  readonly propertyDependencies: Record<string, string[]>;
  readonly dependencies: string[];
  readonly provider: string;
  readonly providers: Record<string, string>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  readonly ignoreChanges: string[];
  readonly additionalSecretOutputs: string[];
  readonly replaceOnChanges: string[];
  readonly deleteBeforeReplace: boolean;
  readonly deletedWith: string;
  readonly aliases: string[];
  readonly importId: string;
  /** What the monitor answered: id ("" while unknown) and the outputs as sent back (wire form). */
  readonly id: string;
  readonly state: Record<string, any>;
  /** RegisterResourceOutputs of a component (wire form), when it called it. */
  outputs?: Record<string, any>;
}

export interface WireInvoke {
  readonly token: string;
  readonly args: Record<string, any>;
  readonly failed?: string;
}

export interface FakeEngineOptions {
  readonly project: string;
  readonly stack: string;
  readonly region: string;
  readonly dryRun: boolean;
  readonly variation?: OutputVariation;
}

export interface FakeEngine {
  readonly monitorAddress: string;
  readonly engineAddress: string;
  readonly registrations: WireRegistration[];
  readonly invokes: WireInvoke[];
  /** Engine.Log messages, as "severity: message". */
  readonly logs: string[];
  /** The root stack resource's URN, once SetRootResource was called. */
  root?: string;
  close(): Promise<void>;
}

/** The features a current engine advertises (pkg/resource/deploy/source_eval.go). */
const FEATURES = [
  "SECRETS",
  "RESOURCE_REFERENCES",
  "OUTPUT_VALUES",
  "ALIAS_SPECS",
  "DELETED_WITH",
  "TRANSFORMS",
  "INVOKE_TRANSFORMS",
  "PARAMETERIZATION",
  "RESOURCE_HOOKS",
  "ERROR_HOOKS",
];
const LEGACY_FEATURES = new Set(["secrets", "resourceReferences", "outputValues", "aliasSpecs", "deletedWith", "transforms", "invokeTransforms", "parameterization", "resourceHooks", "errorHooks"]);

/**
 * The inputs as the mocks see them in-process. The only difference on this wire is that output values are enabled:
 * the SDK then sends a remote component's Output inputs as output-value objects, which the in-process mock monitor
 * never receives. Collapse them to what it would have received (the value, secret-wrapped if secret; the unknown
 * sentinel if unknown), then deserialise with the SDK's own function, as its mock monitor does. `keepUnknowns` (a
 * preview's recording) keeps the unknown sentinel where the mock monitor, outside a preview, drops the property.
 */
export function mockInputs(object: Record<string, any>, keepUnknowns = true): Record<string, any> {
  const collapse = (v: any): any => {
    if (Array.isArray(v)) return v.map(collapse);
    if (v && typeof v === "object") {
      if (v[SIG_KEY] === OUTPUT_SIG) {
        const value = "value" in v ? collapse(v.value) : UNKNOWN;
        return v.secret ? { [SIG_KEY]: SECRET_SIG, value } : value;
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, collapse(x)]));
    }
    return v;
  };
  const plain = collapse(object);
  const props = rpc.deserializeProperties({ toJavaScript: () => plain }, keepUnknowns);
  // Kept unknowns come back as the SDK's `unknown` object; put the wire's sentinel back, which is what a policy sees.
  if (keepUnknowns) return restoreSentinel(props);
  // Dropped, a secret whose value was unknown is a secret of nothing: drop it too (the property is absent).
  for (const [k, v] of Object.entries(props)) if (v && typeof v === "object" && (v as any)[SIG_KEY] === SECRET_SIG && (v as any).value === undefined) delete props[k];
  return props;
}

function restoreSentinel(v: any): any {
  if (v === UNKNOWN_OBJECT) return UNKNOWN;
  if (Array.isArray(v)) return v.map(restoreSentinel);
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restoreSentinel(x)]));
  return v;
}

function structToJs(s: any): Record<string, any> {
  return s ? s.toJavaScript() : {};
}

function mapToObject(m: any): Record<string, any> {
  const out: Record<string, any> = {};
  if (m) for (const [k, v] of m.entries()) out[k] = v;
  return out;
}

export async function startFakeEngine(options: FakeEngineOptions): Promise<FakeEngine> {
  const registrations: WireRegistration[] = [];
  const invokes: WireInvoke[] = [];
  const logs: string[] = [];
  const byUrn = new Map<string, WireRegistration>();
  let seq = 0;
  const mockOptions = { variation: options.variation };

  const answer = async (req: any): Promise<{ urn: string; id: string; state: Record<string, any>; reg: Omit<WireRegistration, "id" | "state" | "urn"> }> => {
    const type: string = req.getType();
    const name: string = req.getName();
    const parent: string = req.getParent();
    const object = structToJs(req.getObject());
    const propertyDependencies: Record<string, string[]> = {};
    for (const [k, v] of req.getPropertydependenciesMap().entries()) propertyDependencies[k] = v.getUrnsList();
    const reg = {
      seq: seq++,
      type,
      name,
      parent,
      custom: req.getCustom(),
      remote: req.getRemote(),
      object,
      propertyDependencies,
      dependencies: req.getDependenciesList(),
      provider: req.getProvider(),
      providers: mapToObject(req.getProvidersMap()),
      protect: req.getProtect() ?? false,
      retainOnDelete: req.getRetainondelete() ?? false,
      ignoreChanges: req.getIgnorechangesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      replaceOnChanges: req.getReplaceonchangesList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
      deletedWith: req.getDeletedwith(),
      aliases: req.getAliasurnsList(),
      importId: req.getImportid(),
    };
    const urn = engineUrn(options.stack, options.project, parent, type, name);
    if (type === "pulumi:pulumi:Stack") return { urn, id: "", state: {}, reg };
    const inputs = mockInputs(object);
    const result = mockNewResource({ type, name, inputs, provider: reg.provider, custom: reg.custom, id: reg.importId }, options.region, mockOptions);
    const state: Record<string, any> = await rpc.serializeProperties("", result.state);
    if (!options.dryRun || !reg.custom) return { urn, id: result.id ?? "", state, reg };
    // A create in a preview: the provider knows the inputs; what it computes is unknown until it runs.
    const preview: Record<string, any> = {};
    for (const [k, v] of Object.entries(state)) {
      const echoed = k in object && JSON.stringify(object[k]) === JSON.stringify(v);
      preview[k] = echoed || !unknownInPreview(urn, k, options.variation) ? v : UNKNOWN;
    }
    return { urn, id: "", state: preview, reg };
  };

  const monitor = {
    supportsFeature(call: any, cb: any) {
      const resp = new resproto.SupportsFeatureResponse();
      resp.setHassupport(LEGACY_FEATURES.has(call.request.getId()));
      cb(null, resp);
    },
    getDeploymentInfo(_call: any, cb: any) {
      const resp = new resproto.DeploymentInfo();
      resp.setProject(options.project);
      resp.setStack(options.stack);
      resp.setDryrun(options.dryRun);
      resp.setSupportedfeaturesList(FEATURES.map((f) => resproto.ResourceMonitorFeature[`RESOURCE_MONITOR_FEATURE_${f}`]));
      cb(null, resp);
    },
    async registerResource(call: any, cb: any) {
      try {
        const { urn, id, state, reg } = await answer(call.request);
        const registration: WireRegistration = { ...reg, urn, id, state };
        registrations.push(registration);
        byUrn.set(urn, registration);
        const resp = new resproto.RegisterResourceResponse();
        resp.setUrn(urn);
        resp.setId(id);
        resp.setObject(structproto.Struct.fromJavaScript(state));
        cb(null, resp);
      } catch (e) {
        cb({ code: grpc.status.INTERNAL, details: `fake monitor: ${(e as Error).stack ?? e}` });
      }
    },
    registerResourceOutputs(call: any, cb: any) {
      const r = byUrn.get(call.request.getUrn());
      if (r) r.outputs = structToJs(call.request.getOutputs());
      cb(null, new emptyproto.Empty());
    },
    async invoke(call: any, cb: any) {
      const token: string = call.request.getTok();
      const args = structToJs(call.request.getArgs());
      try {
        const inputs = rpc.deserializeProperties({ toJavaScript: () => args }, true);
        const result = mockInvoke(token, inputs, options.region, options.variation);
        invokes.push({ token, args });
        const resp = new resproto.ResourceInvokeResponse();
        resp.setReturn(structproto.Struct.fromJavaScript(await rpc.serializeProperties("", result)));
        cb(null, resp);
      } catch (e) {
        invokes.push({ token, args, failed: (e as Error).message });
        cb({ code: grpc.status.UNKNOWN, details: (e as Error).message });
      }
    },
    readResource(call: any, cb: any) {
      cb({ code: grpc.status.UNIMPLEMENTED, details: `fake monitor: ReadResource(${call.request.getType()}) is not supported offline` });
    },
    call(call: any, cb: any) {
      cb({ code: grpc.status.UNIMPLEMENTED, details: `fake monitor: Call(${call.request.getTok()}) is not supported offline` });
    },
    registerStackTransform(_call: any, cb: any) {
      cb(null, new emptyproto.Empty());
    },
    registerStackInvokeTransform(_call: any, cb: any) {
      cb(null, new emptyproto.Empty());
    },
    registerPackage(_call: any, cb: any) {
      const resp = new resproto.RegisterPackageResponse();
      resp.setRef("offline-package-ref");
      cb(null, resp);
    },
    signalAndWaitForShutdown(_call: any, cb: any) {
      cb(null, new emptyproto.Empty());
    },
  };

  const engine: FakeEngine = {
    monitorAddress: "",
    engineAddress: "",
    registrations,
    invokes,
    logs,
    close: async () => undefined,
  };
  const engineService = {
    log(call: any, cb: any) {
      const severity = ["debug", "info", "warning", "error"][call.request.getSeverity()] ?? "info";
      logs.push(`${severity}: ${call.request.getMessage()}`);
      cb(null, new emptyproto.Empty());
    },
    getRootResource(_call: any, cb: any) {
      const resp = new engproto.GetRootResourceResponse();
      resp.setUrn(engine.root ?? "");
      cb(null, resp);
    },
    setRootResource(call: any, cb: any) {
      engine.root = call.request.getUrn();
      cb(null, new engproto.SetRootResourceResponse());
    },
    startDebugging(_call: any, cb: any) {
      cb(null, new emptyproto.Empty());
    },
    requirePulumiVersion(_call: any, cb: any) {
      cb(null, new engproto.RequirePulumiVersionResponse());
    },
  };

  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(resrpc.ResourceMonitorService, monitor);
  server.addService(engrpc.EngineService, engineService);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const address = `127.0.0.1:${port}`;
  return Object.assign(engine, {
    monitorAddress: address,
    engineAddress: address,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  });
}

