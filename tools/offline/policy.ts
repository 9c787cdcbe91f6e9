/**
 * Drives the pack's policies in-process the way the @pulumi/policy analyzer server does, without constructing the
 * PolicyPack (which starts a gRPC server and may call process.exit):
 *
 * - props go through the server's own `deserializeProperties` and `unknownCheckingProxy`, so reading an unknown value
 *   throws the same UnknownValueError, which the server reports as an advisory "can't run during preview";
 * - config is what the CLI's ReconcilePolicyPackConfig hands the pack: each policy's schema defaults, overlaid with the
 *   policy config file (a string is an enforcement level; an object's `enforcementLevel` is split from its
 *   properties), then validated against the schema (as `{type: object, properties, required}`);
 * - `notApplicable` throws, and ends that policy's run for that resource;
 * - the enforcement level is config's, else the policy's, else the pack's default ("advisory"); "disabled" skips;
 * - resource policies see inputs and the resource's provider; stack policies see outputs, with parent, dependencies
 *   and property dependencies resolved to the resource objects.
 */
import Ajv from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import type {
  EnforcementLevel,
  PolicyProviderResource,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { CredlinkPolicy } from "../../policy/lib/rules";
import { ALL_POLICIES } from "../../policy/policies";
import { Recorder, Registration } from "./mocks";
import { capturePropertyDependencies, sharedRun } from "./program";

export { capturePropertyDependencies };

// The analyzer server's own (internal) helpers, so props are built exactly as it builds them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, UnknownValueError, unknownStringValue } = require("@pulumi/policy/proxy");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeProperties } = require("@pulumi/policy/deserialize");

/** The sentinel a preview puts where a string isn't known yet. */
export const UNKNOWN: string = unknownStringValue;

const PACK_DEFAULT_LEVEL: EnforcementLevel = "advisory";
export const POLICY_DIR = path.resolve(__dirname, "../../policy");

class NotApplicableError extends Error {}
/**
 * `args.notApplicable` throws, as the server's does. Nothing reads the reason (the server only logs it), so one error,
 * made once, serves every call: most policies call it for most resources (about 35,000 times in one plan of prod), and
 * building a fresh Error with its stack trace each time was a quarter of the plan's CPU time.
 */
const NOT_APPLICABLE = new NotApplicableError("Policy does not apply");
const throwNotApplicable = (_reason?: string): never => {
  throw NOT_APPLICABLE;
};

/** Props as the server builds them from the wire: deserialized (undefined dropped), then proxied. */
export function wireProps(props: Record<string, any>): Record<string, any> {
  const json = JSON.parse(JSON.stringify(props ?? {}));
  return unknownCheckingProxy(deserializeProperties({ toJavaScript: () => json }, false));
}

export interface EffectiveConfig {
  readonly enforcementLevel: EnforcementLevel;
  readonly properties: Record<string, any>;
}

/** Parses a policy config file the way the CLI does (parsePolicyPackConfig). */
export function parsePackConfig(raw: Record<string, unknown>): Record<string, { enforcementLevel?: EnforcementLevel; properties: Record<string, any> }> {
  const result: Record<string, { enforcementLevel?: EnforcementLevel; properties: Record<string, any> }> = {};
  const levels = ["advisory", "mandatory", "remediate", "disabled"];
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === "string") {
      if (!levels.includes(value)) throw new Error(`Value "${value}" for "${name}" is not a valid enforcement level`);
      result[name] = { enforcementLevel: value as EnforcementLevel, properties: {} };
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value as Record<string, any>;
      if (enforcementLevel !== undefined && !levels.includes(enforcementLevel)) throw new Error(`Value "${enforcementLevel}" for "${name}" is not a valid enforcement level`);
      result[name] = { enforcementLevel, properties };
    } else {
      throw new Error(`Value ${JSON.stringify(value)} for "${name}" is not a valid value; must be a string or object`);
    }
  }
  return result;
}

export function loadPackConfigFile(env: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(POLICY_DIR, "config", `${env}.json`), "utf8"));
}

const ajv = new Ajv({ allErrors: true, strict: false });

/** ReconcilePolicyPackConfig: defaults from each schema, overlaid with the file's values, validated. */
export function reconcile(policies: readonly CredlinkPolicy[], raw: Record<string, unknown> = {}): Map<string, EffectiveConfig> {
  const given = parsePackConfig(raw);
  const all = given["all"]?.enforcementLevel;
  const result = new Map<string, EffectiveConfig>();
  const errors: string[] = [];
  for (const policy of policies) {
    const defaults: Record<string, any> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
      if (typeof schema === "object" && schema.default !== undefined) defaults[key] = structuredClone(schema.default);
    }
    const mine = given[policy.name];
    const properties = { ...defaults, ...(mine?.properties ?? {}) };
    const enforcementLevel = mine?.enforcementLevel ?? all ?? policy.enforcementLevel ?? PACK_DEFAULT_LEVEL;
    if (policy.configSchema) {
      const schema = { type: "object", properties: policy.configSchema.properties, ...(policy.configSchema.required ? { required: policy.configSchema.required } : {}) };
      const validate = ajv.compile(schema);
      if (!validate(properties)) errors.push(...(validate.errors ?? []).map((e) => `Policy "${policy.name}": ${e.instancePath || "(root)"} ${e.message}`));
    }
    result.set(policy.name, { enforcementLevel, properties });
  }
  if (errors.length) throw new Error(`invalid policy config:\n${errors.join("\n")}`);
  return result;
}

export interface Diagnostic {
  readonly policyName: string;
  readonly enforcementLevel: EnforcementLevel;
  /** The violation message as passed to reportViolation (without the description prefix the server adds). */
  readonly message: string;
  readonly urn?: string;
  /** True when the server would report "can't run during preview" (an unknown value was read). */
  readonly preview?: boolean;
}

export interface SyntheticResource {
  readonly type: string;
  readonly props: Record<string, any>;
  readonly name?: string;
  readonly urn?: string;
  readonly provider?: PolicyProviderResource;
  readonly parent?: string;
}

export const urnOf = (type: string, name: string, stack = "dev") => `urn:pulumi:${stack}::credlink::${type}::${name}`;

/** An aws provider resource as the engine shows it to a policy: defaultTags JSON-encoded, as the aws SDK sends it. */
export function awsProvider(tags: Record<string, string> = FULL_TAGS): PolicyProviderResource {
  return {
    type: "pulumi:providers:aws",
    name: "aws-us-east-1",
    urn: urnOf("pulumi:providers:aws", "aws-us-east-1"),
    props: wireProps({ region: "us-east-1", defaultTags: JSON.stringify({ tags }) }),
  };
}

export const FULL_TAGS = { Project: "credlink", Environment: "dev", ManagedBy: "pulumi", Owner: "platform-team", CostCenter: "credlink-dev" };

/** Runs one resource policy against one resource, as the server's `analyze` would. */
export async function runResourcePolicy(
  policy: CredlinkPolicy,
  resource: SyntheticResource,
  config: Record<string, any> = {},
  level?: EnforcementLevel,
  reconciled?: EffectiveConfig,
): Promise<{ applicable: boolean; violations: Diagnostic[] }> {
  const p = policy as ResourceValidationPolicy;
  if (!p.validateResource) throw new Error(`${policy.name} is not a resource policy`);
  const effective = reconciled ?? reconcile([policy], { [policy.name]: { ...config, ...(level ? { enforcementLevel: level } : {}) } }).get(policy.name)!;
  const name = resource.name ?? "test";
  const urn = resource.urn ?? urnOf(resource.type, name);
  const violations: Diagnostic[] = [];
  let applicable = true;
  for (const validation of Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource]) {
    // The server deserialises the props afresh for each validation; built here on first read, since most policies
    // look at the type, call notApplicable and never read them.
    let props: Record<string, any> | undefined;
    const args = {
      type: resource.type,
      get props() {
        return (props ??= wireProps(resource.props));
      },
      urn,
      name,
      opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [], ...(resource.parent ? { parent: resource.parent } : {}) },
      stackTags: new Map(),
      isType: () => false,
      asType: () => undefined,
      getConfig: <T extends object>() => structuredClone(effective.properties) as T,
      notApplicable: throwNotApplicable,
    } as ResourceValidationArgs;
    if (resource.provider) args.provider = resource.provider;
    try {
      await Promise.resolve(validation(args, (message: string) => violations.push({ policyName: policy.name, enforcementLevel: effective.enforcementLevel, message, urn })));
    } catch (e) {
      if (e instanceof NotApplicableError) applicable = false;
      else if (e instanceof UnknownValueError) violations.push({ policyName: policy.name, enforcementLevel: "advisory", message: `can't run during preview: ${(e as Error).message}`, urn, preview: true });
      else throw e;
    }
  }
  return { applicable, violations };
}

/** A stack resource for stack policies; parent/dependencies are wired by `linkResources`. */
export interface StackResourceSpec extends SyntheticResource {
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** Builds PolicyResources with parent, dependencies and propertyDependencies resolved to objects, as the server does. */
export function linkResources(specs: readonly StackResourceSpec[]): PolicyResource[] {
  const built = specs.map((s) => {
    const name = s.name ?? "test";
    const props = wireProps(s.props);
    const type = s.type;
    const resource: PolicyResource = {
      type,
      props,
      urn: s.urn ?? urnOf(s.type, name),
      name,
      opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [], ...(s.parent ? { parent: s.parent } : {}) },
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
    if (s.provider) resource.provider = s.provider;
    return { spec: s, resource };
  });
  const byUrn = new Map(built.map((b) => [b.resource.urn, b.resource]));
  for (const { spec, resource } of built) {
    if (spec.parent && byUrn.has(spec.parent)) resource.parent = byUrn.get(spec.parent);
    resource.dependencies = (spec.dependencies ?? []).map((u) => byUrn.get(u)).filter((r): r is PolicyResource => !!r);
    for (const [k, urns] of Object.entries(spec.propertyDependencies ?? {})) {
      resource.propertyDependencies[k] = urns.map((u) => byUrn.get(u)).filter((r): r is PolicyResource => !!r);
    }
  }
  return built.map((b) => b.resource);
}

/** Runs one stack policy, as the server's `analyzeStack` would. */
export async function runStackPolicy(
  policy: CredlinkPolicy,
  resources: readonly PolicyResource[],
  config: Record<string, any> = {},
  level?: EnforcementLevel,
  reconciled?: EffectiveConfig,
): Promise<{ applicable: boolean; violations: Diagnostic[] }> {
  const p = policy as StackValidationPolicy;
  if (!p.validateStack) throw new Error(`${policy.name} is not a stack policy`);
  const effective = reconciled ?? reconcile([policy], { [policy.name]: { ...config, ...(level ? { enforcementLevel: level } : {}) } }).get(policy.name)!;
  const violations: Diagnostic[] = [];
  const args: StackValidationArgs = {
    resources: [...resources],
    stackTags: new Map(),
    getConfig: <T extends object>() => structuredClone(effective.properties) as T,
    notApplicable: throwNotApplicable,
  };
  try {
    await Promise.resolve(p.validateStack(args, (message: string, urn?: string) => violations.push({ policyName: policy.name, enforcementLevel: effective.enforcementLevel, message, urn })));
  } catch (e) {
    if (e instanceof NotApplicableError) return { applicable: false, violations };
    if (e instanceof UnknownValueError) {
      violations.push({ policyName: policy.name, enforcementLevel: "advisory", message: `can't run during preview: ${(e as Error).message}`, preview: true });
    } else throw e;
  }
  return { applicable: true, violations };
}

/** Runs a synthetic stack (specs -> linked PolicyResources) through one stack policy. */
export function runStack(policy: CredlinkPolicy, specs: readonly StackResourceSpec[], config: Record<string, any> = {}) {
  return runStackPolicy(policy, linkResources(specs), config);
}

// ---------------------------------------------------------------------------------------------------------------
// Whole programs under mocks

export interface ProgramAnalysis {
  readonly recorder: Recorder;
  /** Resources as a stack policy sees them (outputs), without awsx's inferred children (the cost model infers them). */
  readonly stack: PolicyResource[];
  /** awsx's children, inferred from the Vpc's inputs (see inferAwsxChildren); the policies see them too. */
  readonly inferredChildren: Registration[];
  readonly diagnostics: Diagnostic[];
  readonly mandatory: Diagnostic[];
}

/**
 * Runs stacks/index.ts for `stack` under the mock harness, with each registration's property dependencies: the
 * program's shared run (tools/offline/program.ts sharedRun), so the analyses and the tests that read the same
 * stack and patch share one run per process.
 */
export async function runProgramWithDeps(stack: string, patch: Record<string, unknown> = {}): Promise<{ recorder: Recorder; propertyDeps: Map<string, Record<string, string[]>> }> {
  const { recorder, propertyDeps } = await sharedRun(stack, patch);
  return { recorder, propertyDeps };
}

/**
 * One program run per stack and config patch per process: policies only read the recording, so the analyses that
 * differ only in policy config, provider patch or environment share it (the suite runs each program once, not once
 * per test), and so do the tests that read the same stack's run (tests/helpers/programs.ts).
 */
export function recordedProgram(stack: string, patch: Record<string, unknown> = {}): ReturnType<typeof runProgramWithDeps> {
  return runProgramWithDeps(stack, patch);
}

/** Rewrites a provider's inputs before policies see them, to simulate a differently configured provider. */
export type ProviderPatch = (inputs: Record<string, any>) => Record<string, any>;

/** The provider a registration uses, as the engine shows it to policies (its inputs). */
function providerOf(r: Registration, recorder: Recorder, patch: ProviderPatch = (x) => x): PolicyProviderResource | undefined {
  const ref = r.provider || Object.values(r.providers ?? {})[0];
  if (!ref) return undefined;
  const urn = ref.slice(0, ref.lastIndexOf("::"));
  const p = recorder.byUrnOf(urn);
  if (!p) return undefined;
  // Its props are built on first read: most policies never look at the provider (see throwNotApplicable).
  let props: Record<string, any> | undefined;
  return {
    type: p.type,
    name: p.name,
    urn: p.urn,
    get props() {
      return (props ??= wireProps(patch(p.inputs)));
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// awsx's children

/**
 * The aws resources an `awsx:ec2:Vpc` creates, inferred from its inputs and the outputs the mock returned, because a
 * remote component's children never register under mocks (and so never reach the policies offline). The real engine
 * shows them to the pack; without this, `subnet-no-public-ip-on-launch` and `eip-attached` never run in the plan.
 *
 * Follows pulumi-awsx's ec2/vpc.ts: children are parented to the component; the VPC and internet gateway are named
 * `<vpc>`; subnets, their route tables and associations `<vpc>-<spec name>-<AZ number>`; NAT gateways and their EIPs
 * `<vpc>-<n>`, one per AZ (OnePerAz) or one in the first AZ (Single), in the public subnets; public subnets map public
 * IPs on launch and route to the internet gateway; private subnets route through their AZ's NAT gateway (or the single
 * one); isolated subnets get no route. CIDRs and AZs are the mock's `mockLayout` (components/lib/cidr.ts#layoutSubnets,
 * the same layout the plan's network section shows), subnet ids the component's `<tier>SubnetIds` outputs.
 */
export function inferAwsxChildren(recorder: Recorder): Registration[] {
  const children: Registration[] = [];
  for (const vpc of recorder.ofType("awsx:ec2:Vpc")) {
    // Children visible (a recorder fed by the real engine): nothing to infer.
    if (recorder.all.some((r) => r.parent === vpc.urn && r.type.startsWith("aws:"))) continue;
    const inputs = vpc.inputs ?? {};
    const state = vpc.state ?? {};
    const layout: { availabilityZone: string; subnets: Record<string, string> }[] = state.mockLayout ?? [];
    const specs: { name?: string; type: string }[] = inputs.subnetSpecs ?? [{ type: "Public" }, { type: "Private" }];
    const strategy: string = inputs.natGateways?.strategy ?? "OnePerAz";
    // urn:pulumi:<stack>::<project>::<ancestor types, $-joined>::<name>
    const [prefix, project, typeChain] = vpc.urn.split("::");
    const add = (type: string, name: string, props: Record<string, any>, id: string): Registration => {
      const r: Registration = {
        urn: `${prefix}::${project}::${typeChain}$${type}::${name}`,
        type,
        name,
        custom: true,
        remote: false,
        inputs: props,
        state: { ...props, id },
        id,
        parent: vpc.urn,
        provider: "",
        providers: vpc.providers,
        protect: false,
        retainOnDelete: false,
        dependsOn: [],
        ignoreChanges: [],
        customTimeouts: { create: "", update: "", delete: "" },
      };
      children.push(r);
      return r;
    };
    const vpcId: string = state.vpcId ?? `${vpc.name}-vpc`;
    add("aws:ec2/vpc:Vpc", vpc.name, { cidrBlock: inputs.cidrBlock, enableDnsHostnames: inputs.enableDnsHostnames, enableDnsSupport: inputs.enableDnsSupport, tags: { Name: vpc.name } }, vpcId);
    const hasPublic = specs.some((s) => s.type === "Public");
    const igw = hasPublic ? add("aws:ec2/internetGateway:InternetGateway", vpc.name, { vpcId, tags: { Name: vpc.name } }, `igw-${vpc.name}`) : undefined;
    const natAzs = strategy === "None" ? [] : strategy === "Single" ? layout.slice(0, 1) : layout;
    const nats: Registration[] = [];
    natAzs.forEach((az, i) => {
      const name = `${vpc.name}-${i + 1}`;
      const eip = add("aws:ec2/eip:Eip", name, { domain: "vpc", tags: { Name: name } }, `eipalloc-${name}`);
      const publicSpec = specs.find((s) => s.type === "Public");
      const subnetId = (state.publicSubnetIds ?? [])[layout.indexOf(az)] ?? `${vpc.name}-${publicSpec?.name ?? "public"}-${layout.indexOf(az) + 1}`;
      nats.push(add("aws:ec2/natGateway:NatGateway", name, { allocationId: eip.id, subnetId, connectivityType: "public", tags: { Name: name } }, `nat-${name}`));
    });
    for (const spec of specs) {
      const tier = spec.name ?? spec.type.toLowerCase();
      const ids: string[] = state[`${spec.type.toLowerCase()}SubnetIds`] ?? [];
      layout.forEach((az, i) => {
        const name = `${vpc.name}-${tier}-${i + 1}`;
        const subnetId = ids[i] ?? `subnet-${name}`;
        add("aws:ec2/subnet:Subnet", name, { vpcId, cidrBlock: az.subnets[tier], availabilityZone: az.availabilityZone, mapPublicIpOnLaunch: spec.type === "Public", tags: { Name: name } }, subnetId);
        const routeTable = add("aws:ec2/routeTable:RouteTable", name, { vpcId, tags: { Name: name } }, `rtb-${name}`);
        add("aws:ec2/routeTableAssociation:RouteTableAssociation", name, { routeTableId: routeTable.id, subnetId }, `rtbassoc-${name}`);
        if (spec.type === "Public" && igw) add("aws:ec2/route:Route", `${name}-ig`, { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, `r-${name}-ig`);
        if (spec.type === "Private" && nats.length) {
          const nat = nats[Math.min(i, nats.length - 1)];
          add("aws:ec2/route:Route", `${name}-nat-${nats.indexOf(nat) + 1}`, { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id }, `r-${name}-nat`);
        }
      });
    }
  }
  return children;
}

/**
 * Policies that already infer awsx's children from the Vpc's inputs (the NAT cap and the cost ceiling, through the
 * cost model): they see the stack without the inferred children, or they would price the same NAT gateways again
 * under another component.
 */
export const INFERS_AWSX_CHILDREN: ReadonlySet<string> = new Set(["nat-gateway-count-within-cap", "monthly-cost-within-ceiling"]);

/** The registrations as a stack policy sees them: outputs, provider, parent and (property) dependencies linked. */
export function stackResources(recorder: Recorder, propertyDeps: ReadonlyMap<string, Record<string, string[]>>, patch?: ProviderPatch, extra: readonly Registration[] = []): PolicyResource[] {
  return linkResources(
    [...recorder.all, ...extra].map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      // A remote component's children never register under mocks; the real engine shows them. So that policies
      // and the cost model can infer them, present its inputs along with its outputs.
      props: r.remote ? { ...r.inputs, ...r.state } : r.state,
      parent: r.parent || undefined,
      provider: r.custom ? providerOf(r, recorder, patch) : undefined,
      dependencies: r.dependsOn,
      propertyDependencies: propertyDeps.get(`${r.type}::${r.name}`) ?? {},
    })),
  );
}

/** Every policy of the pack against a whole program run, with the env's policy config: what `pulumi preview` would report. */
export interface AnalyzeOptions {
  /** Which policy/config/<env>.json to use (default: the stack's name). */
  readonly env?: string;
  /** Stack config patch (Pulumi.<stack>.yaml keys), as for runProgram. */
  readonly stackPatch?: Record<string, unknown>;
  /** Policy config entries merged over the env's file (per policy, shallow). */
  readonly policyConfig?: Record<string, unknown>;
  /** Rewrites the aws provider's inputs as policies see them. */
  readonly providerPatch?: ProviderPatch;
}

export async function analyzeProgram(stack: string, options: AnalyzeOptions = {}): Promise<ProgramAnalysis> {
  const { recorder, propertyDeps } = await recordedProgram(stack, options.stackPatch ?? {});
  const base = loadPackConfigFile(options.env ?? stack);
  const configFile: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(options.policyConfig ?? {})) {
    const prev = base[k];
    configFile[k] = typeof v === "object" && v !== null && typeof prev === "object" && prev !== null ? { ...prev, ...v } : v;
  }
  return analyzeRecorder(recorder, propertyDeps, configFile, options.providerPatch);
}

/** Every policy of the pack against recorded registrations, with a policy config file's contents (as parsed JSON). */
export async function analyzeRecorder(
  recorder: Recorder,
  propertyDeps: ReadonlyMap<string, Record<string, string[]>>,
  configFile: Record<string, unknown>,
  providerPatch?: ProviderPatch,
): Promise<ProgramAnalysis> {
  const effective = reconcile(ALL_POLICIES, configFile);
  const stack = stackResources(recorder, propertyDeps, providerPatch);
  const inferredChildren = inferAwsxChildren(recorder);
  const withChildren = inferredChildren.length ? stackResources(recorder, propertyDeps, providerPatch, inferredChildren) : stack;
  const diagnostics: Diagnostic[] = [];
  for (const policy of ALL_POLICIES) {
    const e = effective.get(policy.name)!;
    if (e.enforcementLevel === "disabled") continue;
    if ((policy as ResourceValidationPolicy).validateResource) {
      for (const r of [...recorder.all, ...inferredChildren]) {
        const { violations } = await runResourcePolicy(policy, { type: r.type, name: r.name, urn: r.urn, props: r.inputs, parent: r.parent, provider: r.custom ? providerOf(r, recorder, providerPatch) : undefined }, {}, undefined, e);
        diagnostics.push(...violations);
      }
    } else {
      const { violations } = await runStackPolicy(policy, INFERS_AWSX_CHILDREN.has(policy.name) ? stack : withChildren, {}, undefined, e);
      diagnostics.push(...violations);
    }
  }
  return { recorder, stack, inferredChildren, diagnostics, mandatory: diagnostics.filter((d) => d.enforcementLevel === "mandatory") };
}

export const show = (ds: readonly Diagnostic[]) => ds.map((d) => `[${d.enforcementLevel}] ${d.policyName}: ${d.message}`).join("\n");
