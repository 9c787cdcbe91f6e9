/**
 * Small builders for the pack's policies, so each policy file reads as a list of rules: a name that says what is
 * checked, the checkov/trivy ids it answers, the resource types it applies to, and a check returning problems.
 *
 * Everything here uses only @pulumi/policy's public surface (`args.notApplicable`, `args.getConfig`, the proxied
 * `props`). Reading an unknown value (during preview) throws the server's UnknownValueError, which the server turns
 * into an advisory "can't run during preview" diagnostic; helpers that must not give up (matching, costing) catch it.
 */
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/** One problem found, or several; `undefined`/empty for a pass. */
export type Problems = string | readonly string[] | undefined | void;

/** The checkov/trivy ids a policy answers, for the README's coverage map. */
export interface Covers {
  readonly covers?: readonly string[];
}

export type CredlinkResourcePolicy = ResourceValidationPolicy & Covers;
export type CredlinkStackPolicy = StackValidationPolicy & Covers;
export type CredlinkPolicy = CredlinkResourcePolicy | CredlinkStackPolicy;

export interface ResourceRuleSpec<C extends object> extends Covers {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  /** Exact type tokens, e.g. "aws:rds/instance:Instance". */
  readonly types: readonly string[];
  readonly configSchema?: PolicyConfigSchema;
  readonly remediationSteps?: string;
  readonly check: (props: Record<string, any>, config: C, args: ResourceValidationArgs) => Problems;
}

/** A resource policy that applies to `types` and reports every problem `check` returns. */
export function resourceRule<C extends object = Record<string, never>>(spec: ResourceRuleSpec<C>): CredlinkResourcePolicy {
  const { check, types, ...policy } = spec;
  return {
    ...policy,
    validateResource: (args, reportViolation) => {
      if (!types.includes(args.type)) args.notApplicable(`applies to ${types.join(", ")}`);
      for (const problem of asList(check(args.props, args.getConfig<C>(), args))) reportViolation(problem);
    },
  };
}

export interface StackRuleSpec<C extends object> extends Covers {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly configSchema?: PolicyConfigSchema;
  readonly remediationSteps?: string;
  /** Returns problems, each optionally pinned to a resource URN. */
  readonly check: (resources: readonly PolicyResource[], config: C, args: StackValidationArgs) => StackProblem[] | void;
}

export interface StackProblem {
  readonly message: string;
  readonly urn?: string;
}

export function stackRule<C extends object = Record<string, never>>(spec: StackRuleSpec<C>): CredlinkStackPolicy {
  const { check, ...policy } = spec;
  return {
    ...policy,
    validateStack: (args, reportViolation) => {
      for (const p of check(args.resources, args.getConfig<C>(), args) ?? []) reportViolation(p.message, p.urn);
    },
  };
}

/**
 * A stack rule that checks each resource of `types` against its related resources (e.g. an S3 bucket and its
 * encryption configuration resource). `check` gets the resource and the whole stack.
 */
export function eachOfType<C extends object>(
  types: readonly string[],
  check: (resource: PolicyResource, all: readonly PolicyResource[], config: C) => Problems,
): StackRuleSpec<C>["check"] {
  return (resources, config) =>
    resources
      .filter((r) => types.includes(r.type))
      .flatMap((r) => asList(check(r, resources, config)).map((message) => ({ message: `${r.name}: ${message}`, urn: r.urn })));
}

function asList(problems: Problems): readonly string[] {
  if (problems === undefined || problems === null) return [];
  return typeof problems === "string" ? [problems] : problems;
}

/** True when `e` is the policy SDK's "value can't be known during preview" error. */
export function isUnknownError(e: unknown): boolean {
  return e instanceof Error && /can't be known during preview/.test(e.message);
}

/** Reads `path` from props without throwing on unknown values: `{ known: false }` when it is unknown. */
export function tryGet(props: unknown, ...path: (string | number)[]): { known: true; value: any } | { known: false } {
  try {
    let cursor: any = props;
    for (const key of path) {
      if (cursor === undefined || cursor === null) return { known: true, value: undefined };
      cursor = cursor[key];
    }
    return { known: true, value: cursor };
  } catch (e) {
    if (isUnknownError(e)) return { known: false };
    throw e;
  }
}

/** The value at `path`, or `fallback` when it is absent or unknown. */
export function getOr<T = any>(props: unknown, path: (string | number)[], fallback: NoInfer<T>): T;
export function getOr(props: unknown, path: (string | number)[], fallback: any): any;
export function getOr(props: unknown, path: (string | number)[], fallback: unknown): unknown {
  const got = tryGet(props, ...path);
  return got.known && got.value !== undefined && got.value !== null ? got.value : fallback;
}

/** A JSON document that may arrive as a string (policy, container definitions) or as an object. */
export function parseJson(value: unknown): any {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** `x` as an array (IAM's "one or many"). */
export function many<T>(x: T | readonly T[] | undefined | null): T[] {
  if (x === undefined || x === null) return [];
  return Array.isArray(x) ? [...x] : [x as T];
}

/** A plain copy of a (possibly proxied) value, so checks can use Array methods and JSON freely. */
export function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * Whether `from.props[prop]` refers to `to`: by the engine's property dependencies when it sent them, else by
 * comparing the known value with `to`'s identifiers (id, name, bucket, arn). Never throws on unknown values.
 */
export function refersTo(from: PolicyResource, prop: string, to: PolicyResource): boolean {
  const deps = from.propertyDependencies?.[prop];
  if (deps && deps.some((d) => d.urn === to.urn)) return true;
  const value = tryGet(from.props, prop);
  if (!value.known || value.value === undefined || value.value === null) return false;
  const ids = ["id", "bucket", "name", "arn"].map((k) => tryGet(to.props, k)).filter((g) => g.known && g.value);
  return ids.some((g) => g.known && g.value === value.value);
}

/** The resources of `type` whose `prop` refers to `target`. */
export function related(all: readonly PolicyResource[], type: string, prop: string, target: PolicyResource): PolicyResource[] {
  return all.filter((r) => r.type === type && refersTo(r, prop, target));
}

/** The URN of a PolicyResource's parent, whichever way the engine gave it. */
export function parentUrn(r: { parent?: { urn: string } | string; opts?: { parent?: string } }): string | undefined {
  if (typeof r.parent === "string") return r.parent;
  return r.parent?.urn ?? r.opts?.parent;
}
