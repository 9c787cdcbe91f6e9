/**
 * The mock harness shared by the unit tests and the offline plan (tools/plan).
 *
 * - `newResource` records every registration and returns realistic outputs: ids and ARNs shaped like AWS's, and for
 *   the remote `awsx:ec2:Vpc` component the subnet ids per tier and AZ that awsx would return.
 * - `call` throws on any invoke it does not know, so a new data source can't silently return garbage.
 * - The mock monitor is wrapped so each registration's resource options (protect, retainOnDelete, parent, provider,
 *   dependsOn, ignoreChanges, customTimeouts, import) are recorded too; the mocks API alone does not expose them.
 * - `duplicateUrns()` reports what the real engine would reject and mocks accept.
 */
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { layoutSubnets } from "../../components/lib/cidr";
import { INVOKE_ANSWERS, TYPE_OUTPUTS } from "./outputs";
import { OutputVariation, varyInvoke, varyResource, zoneNames } from "./variation";

export const MOCK_ACCOUNT_ID = "123456789012";

export interface Registration {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** True for provider-backed resources, false for components. */
  readonly custom: boolean;
  /** True for remote (multi-language) components such as awsx's. */
  readonly remote: boolean;
  readonly inputs: Record<string, any>;
  /** What the mock returned as the resource's state (its outputs). */
  readonly state: Record<string, any>;
  readonly id?: string;
  /** Parent URN; the stack for top-level resources. */
  readonly parent: string;
  /** Provider reference (`urn::id`) for custom resources, "" when the default provider would be used. */
  readonly provider: string;
  /** Package -> provider reference, as passed to components. */
  readonly providers: Readonly<Record<string, string>>;
  readonly protect: boolean;
  readonly retainOnDelete: boolean;
  /**
   * Every resource this one waits for: explicit `dependsOn` and the resources its inputs' Outputs come from (the SDK
   * sends both as the registration's dependencies).
   */
  readonly dependsOn: readonly string[];
  readonly ignoreChanges: readonly string[];
  /** The provider timeouts the program set ("55m"), empty strings where it set none. */
  readonly customTimeouts: { readonly create: string; readonly update: string; readonly delete: string };
  /** The `import` option's id: the existing resource this registration adopts ("" when it creates one). */
  readonly importId?: string;
}

type RegisterRequest = {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getRemote(): boolean;
  getProvider(): string;
  getProvidersMap(): { toObject(): [string, string][] };
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDependenciesList(): string[];
  getIgnorechangesList(): string[];
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
  getImportid(): string;
};

export class Recorder {
  private readonly byUrn = new Map<string, Registration>();
  private readonly pending = new Map<string, Partial<Registration>[]>();
  readonly all: Registration[] = [];
  readonly invokes: { token: string; inputs: Record<string, any> }[] = [];
  /**
   * Invokes the mocks refused. The SDK drops the mock's error text on the way back to the program (the invoke
   * rejects with an empty Error), so the harness keeps its own list; the plan fails when it is not empty.
   */
  readonly unmockedInvokes: string[] = [];

  /** Everything of one type token, in registration order. */
  ofType(type: string): Registration[] {
    return this.all.filter((r) => r.type === type);
  }

  /** The single resource of `type` (optionally named `name`); throws if there are none or several. */
  one(type: string, name?: string): Registration {
    const found = this.ofType(type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) {
      const names = this.ofType(type).map((r) => r.name);
      throw new Error(`expected exactly one ${type}${name ? ` named ${name}` : ""}, found ${found.length} (have: ${names.join(", ") || "none"})`);
    }
    return found[0];
  }

  byUrnOf(urn: string): Registration | undefined {
    return this.byUrn.get(urn);
  }

  /** Direct children of the resource with this URN. */
  childrenOf(urn: string): Registration[] {
    return this.all.filter((r) => r.parent === urn);
  }

  /** URNs registered more than once. The engine rejects these; the mocks do not. */
  duplicateUrns(): string[] {
    const seen = new Map<string, number>();
    for (const r of this.all) seen.set(r.urn, (seen.get(r.urn) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([urn]) => urn);
  }

  /** Called by the wrapped monitor before the mock sees the request. */
  noteRequest(key: string, options: Partial<Registration>): void {
    const queue = this.pending.get(key) ?? [];
    queue.push(options);
    this.pending.set(key, queue);
  }

  /** Called by the wrapped monitor once the mock answered. */
  record(key: string, urn: string, core: Pick<Registration, "type" | "name" | "inputs" | "state" | "id">): void {
    const options = this.pending.get(key)?.shift() ?? {};
    const registration = { ...options, ...core, urn } as Registration;
    this.all.push(registration);
    this.byUrn.set(urn, registration);
  }
}

/** A short deterministic hex string, so ids are stable between runs and between the plan and the tests. */
function hex(seed: string, length: number): string {
  return crypto.createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** The first segment of a type token's module, e.g. "aws:rds/subnetGroup:SubnetGroup" -> "rds". */
function serviceOf(type: string): string {
  const module = type.split(":")[1] ?? "";
  return module.split("/")[0];
}

const ID_PREFIX: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "vpc-",
  "aws:ec2/subnet:Subnet": "subnet-",
  "aws:ec2/securityGroup:SecurityGroup": "sg-",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg-",
  "aws:ec2/flowLog:FlowLog": "fl-",
  "aws:ec2/natGateway:NatGateway": "nat-",
  "aws:ec2/eip:Eip": "eipalloc-",
  // The NAT instances' interfaces and launch templates; the Cloudflare option's prefix list.
  "aws:ec2/networkInterface:NetworkInterface": "eni-",
  "aws:ec2/launchTemplate:LaunchTemplate": "lt-",
  "aws:ec2/managedPrefixList:ManagedPrefixList": "pl-",
};

export interface MockOptions {
  readonly project?: string;
  readonly stack?: string;
  readonly region?: string;
  /** Extra outputs per type token, merged over the defaults; for tests that need a specific attribute. */
  readonly outputs?: Record<string, (args: pulumi.runtime.MockResourceArgs) => Record<string, any>>;
  /**
   * Randomised outputs (tools/offline/variation.ts): valid but varied ids, ARNs, account, partition and availability
   * zones. Absent (the default), the outputs are the fixed ones every test and the plan rely on.
   */
  readonly variation?: OutputVariation;
}

/**
 * Realistic outputs for the awsx VPC, which is a remote component: under mocks none of its children register, so
 * the mock returns what awsx would: subnet ids per tier in AZ order, the VPC id, and the layout.
 */
function awsxVpcOutputs(args: pulumi.runtime.MockResourceArgs, region: string, variation?: OutputVariation): Record<string, any> {
  const inputs = args.inputs;
  const specs: { type: string; name: string; cidrMask: number }[] = inputs.subnetSpecs ?? [];
  const azCount: number = inputs.numberOfAvailabilityZones ?? inputs.availabilityZoneNames?.length ?? 3;
  const azNames: string[] = inputs.availabilityZoneNames ?? zoneNames(region, azCount, variation);
  const layout = layoutSubnets(inputs.cidrBlock, azCount, inputs.availabilityZoneCidrMask, specs);
  const idsOf = (type: string) =>
    specs
      .filter((s) => s.type === type)
      .flatMap((s) => azNames.map((az) => `subnet-${hex(`${args.name}/${s.name}/${az}`, 17)}`));
  return {
    vpcId: `vpc-${hex(args.name, 17)}`,
    publicSubnetIds: idsOf("Public"),
    privateSubnetIds: idsOf("Private"),
    isolatedSubnetIds: idsOf("Isolated"),
    subnetLayout: specs.map((s) => ({ type: s.type, name: s.name, cidrMask: s.cidrMask })),
    // Not an awsx output: the CIDRs per AZ, for the plan and for assertions.
    mockLayout: layout.map((az, i) => ({ availabilityZone: azNames[i], block: az.block, subnets: az.subnets })),
  };
}

function defaultOutputs(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: Record<string, any> } {
  // As the provider names it: the given name, else the given namePrefix and a suffix, else autonamed from the resource.
  const physicalName: string = args.inputs.name ?? (args.inputs.namePrefix !== undefined ? `${args.inputs.namePrefix}${hex(args.name + args.type, 26)}` : `${args.name}-${hex(args.name + args.type, 7)}`);
  const prefix = ID_PREFIX[args.type];
  // An imported resource's id is the one it was imported by (the engine reads it by that id), as the provider keeps it.
  const id = args.id ? args.id : prefix ? `${prefix}${hex(args.name + args.type, 17)}` : physicalName;
  const resourceKind = (args.type.split(":")[2] ?? "resource").toLowerCase();
  const state: Record<string, any> = {
    ...args.inputs,
    name: physicalName,
    arn: `arn:aws:${serviceOf(args.type)}:${region}:${MOCK_ACCOUNT_ID}:${resourceKind}/${physicalName}`,
  };
  const specific = TYPE_OUTPUTS[args.type]?.(args, { region, accountId: MOCK_ACCOUNT_ID, physicalName, hex });
  return { id, state: { ...state, ...specific } };
}

/**
 * Elastic Load Balancing's log-delivery account per region: every commercial region that has one (AWS docs, "Enable
 * access logs for your Application Load Balancer", the "Regions available before August 2022" table). Regions launched
 * since have none: there `aws.elb.getServiceAccount` fails, as it does here, and the bucket policy names the
 * logdelivery.elasticloadbalancing.amazonaws.com service principal instead.
 */
export const ELB_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-1": "027434742980",
  "us-west-2": "797873946194",
  "af-south-1": "098369216593",
  "ap-east-1": "754344448648",
  "ap-southeast-3": "589379963580",
  "ap-south-1": "718504428378",
  "ap-northeast-3": "383597477331",
  "ap-northeast-2": "600734575887",
  "ap-southeast-1": "114774131450",
  "ap-southeast-2": "783225319266",
  "ap-northeast-1": "582318560864",
  "ca-central-1": "985666609251",
  "eu-central-1": "054676820928",
  "eu-west-1": "156460612806",
  "eu-west-2": "652711504416",
  "eu-south-1": "635631232127",
  "eu-west-3": "009996457667",
  "eu-north-1": "897822967062",
  "me-south-1": "076674570225",
  "sa-east-1": "507241528517",
};

/** Invokes the program may make, with the answers AWS would give this mock account. Anything else throws. */
export function invokeResult(token: string, inputs: Record<string, any>, region: string): Record<string, any> {
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/mock`, id: MOCK_ACCOUNT_ID, userId: "AIDAMOCK" };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws", reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getRegion:getRegion": {
      const name = inputs.region ?? region;
      return { region: name, name, id: name, endpoint: `ec2.${name}.amazonaws.com`, description: name };
    }
    case "aws:elb/getServiceAccount:getServiceAccount": {
      // The regional Elastic Load Balancing accounts that deliver access logs (regions older than August 2022).
      const name = inputs.region ?? region;
      const account = ELB_ACCOUNTS[name];
      if (!account) throw new Error(`no Elastic Load Balancing account for ${name}: newer regions use the log delivery service principal`);
      return { id: account, arn: `arn:aws:iam::${account}:root`, region: name };
    }
    case "aws:ec2/getRouteTable:getRouteTable": {
      // The route table awsx associated with a subnet (NAT instances read the private ones to add their default route).
      // awsx makes one table per subnet, so the id follows the subnet's; the route to the NAT is added by the program.
      const subnetId: string = inputs.subnetId;
      if (!subnetId) throw new Error("getRouteTable: the mocks answer lookups by subnetId only");
      const routeTableId = `rtb-${hex(`route-table/${subnetId}`, 17)}`;
      return {
        id: routeTableId,
        routeTableId,
        arn: `arn:aws:ec2:${region}:${MOCK_ACCOUNT_ID}:route-table/${routeTableId}`,
        ownerId: MOCK_ACCOUNT_ID,
        subnetId,
        associations: [{ routeTableAssociationId: `rtbassoc-${hex(`association/${subnetId}`, 17)}`, routeTableId, subnetId, gatewayId: "", main: false }],
        routes: [],
        propagatingVgws: [],
        tags: {},
      };
    }
    default:
      for (const answer of INVOKE_ANSWERS) {
        const result = answer(token, inputs);
        if (result !== undefined) return result;
      }
      throw new Error(`unmocked invoke ${token}(${JSON.stringify(inputs)}): add it to tools/offline/mocks.ts with a realistic answer`);
  }
}

/** The engine's URN rule (pkg/resource/urn.go NewURN): the parent's qualified type chain, except the root stack's. */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  let qualified = type;
  if (parent) {
    const parentType = parent.split("::")[2];
    if (parentType !== "pulumi:pulumi:Stack") qualified = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/**
 * What the mocks answer for one registration: the resource's id and state (its outputs). Shared by the in-process mock
 * monitor below and the gRPC resource monitor of the offline engine (tools/engine/monitor.ts), so both give a program
 * the same outputs.
 */
export function mockNewResource(args: pulumi.runtime.MockResourceArgs, region: string, options: MockOptions = {}): { id: string | undefined; state: Record<string, any> } {
  if (args.type === "awsx:ec2:Vpc") {
    const state = { ...awsxVpcOutputs(args, region, options.variation), ...options.outputs?.[args.type]?.(args) };
    return { id: undefined, state };
  }
  if (args.type.startsWith("pulumi:providers:")) return { id: `${args.name}-provider-id`, state: args.inputs };
  if (args.custom === false) return { id: undefined, state: {} };
  const { id, state } = defaultOutputs(args, region);
  const result = { id, state: { ...state, ...options.outputs?.[args.type]?.(args) } };
  return options.variation ? varyResource(args, result, options.variation) : result;
}

/** What the mocks answer for one invoke (throws for an unknown one). Shared like mockNewResource. */
export function mockInvoke(token: string, inputs: Record<string, any>, region: string, variation?: OutputVariation): Record<string, any> {
  const result = invokeResult(token, inputs, region);
  return variation ? varyInvoke(token, result, variation) : result;
}

/**
 * Installs the mocks for a fresh program run and returns the recorder. Each call starts a new mock monitor, so
 * programs can be run repeatedly in one process.
 */
export async function startMocks(options: MockOptions = {}): Promise<Recorder> {
  const region = options.region ?? "us-east-1";
  const recorder = new Recorder();
  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      return mockNewResource(args, region, options);
    },
    call(args) {
      recorder.invokes.push({ token: args.token, inputs: args.inputs });
      try {
        return mockInvoke(args.token, args.inputs, region, options.variation);
      } catch (e) {
        recorder.unmockedInvokes.push(args.token);
        console.error(`[mocks] ${(e as Error).message}`);
        throw e;
      }
    },
  };
  await pulumi.runtime.setMocks(mocks, options.project ?? "credlink", options.stack ?? "dev", false);
  // URNs as the engine makes them (resource.NewURN): qualified with the parent's whole type chain. The SDK's mock
  // monitor keeps only the parent's own type, which differs from the engine's URN two components deep.
  const project = options.project ?? "credlink";
  const stack = options.stack ?? "dev";
  (pulumi.runtime.getMonitor() as unknown as { newUrn: (parent: string, type: string, name: string) => string }).newUrn = (parent, type, name) =>
    engineUrn(stack, project, parent, type, name);
  wrapMonitor(recorder);
  return recorder;
}

/** Records the options of each registration, and the URN and state the mock monitor produced for it. */
function wrapMonitor(recorder: Recorder): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RegisterRequest, cb: (err: Error | null, resp?: any) => void): void;
  };
  const original = monitor.registerResource.bind(monitor);
  let sequence = 0;
  monitor.registerResource = (req, callback) => {
    const key = `${req.getType()}::${req.getName()}::${sequence++}`;
    recorder.noteRequest(key, {
      parent: req.getParent(),
      custom: req.getCustom(),
      remote: req.getRemote(),
      provider: req.getProvider(),
      providers: Object.fromEntries(req.getProvidersMap().toObject()),
      protect: req.getProtect() ?? false,
      retainOnDelete: req.getRetainondelete() ?? false,
      dependsOn: req.getDependenciesList(),
      ignoreChanges: req.getIgnorechangesList(),
      customTimeouts: {
        create: req.getCustomtimeouts()?.getCreate() ?? "",
        update: req.getCustomtimeouts()?.getUpdate() ?? "",
        delete: req.getCustomtimeouts()?.getDelete() ?? "",
      },
      importId: req.getImportid() ?? "",
    });
    original(req, (err, resp) => {
      if (!err && resp) {
        const state = resp.getObject()?.toJavaScript() ?? {};
        recorder.record(key, resp.getUrn(), {
          type: req.getType(),
          name: req.getName(),
          inputs: pulumi.runtime.deserializeProperties((req as any).getObject()),
          state,
          id: resp.getId() || undefined,
        });
      }
      callback(err, resp);
    });
  };
}

/**
 * Waits until every registration and invoke the program started has been answered. Pulumi's runtime tracks them
 * in one queue; `waitForRPCs` is the function `pulumi.runtime.disconnect()` uses to drain it, without disconnecting.
 */
export async function settle(): Promise<void> {
  const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  if (typeof runtime.waitForRPCs !== "function") {
    throw new Error("@pulumi/pulumi no longer exports runtime.waitForRPCs; update tools/offline/mocks.ts#settle");
  }
  await runtime.waitForRPCs();
}

/** Resolves every Output inside a value (the program's exports), so the test can read plain values. */
export async function resolveDeep(value: unknown): Promise<any> {
  if (pulumi.Output.isInstance(value)) return resolveDeep(await outputValue(value));
  if (value instanceof Promise) return resolveDeep(await value);
  if (Array.isArray(value)) return Promise.all(value.map(resolveDeep));
  if (value && typeof value === "object" && !pulumi.Resource.isInstance(value)) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveDeep(v)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

/** The value of an Output, under mocks (where every value is known). */
export function outputValue<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}
