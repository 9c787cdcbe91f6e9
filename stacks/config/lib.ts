/**
 * The small pieces every module's config schema is built from: integer ranges, tag values, regions, the bridge that
 * runs a component's own validator over a section (validatedBy), and the value formatting their messages share.
 */
import * as aws from "@pulumi/aws";
import { z } from "zod";
import { RESERVED_TAG_PREFIX, TAG_CHARS, TAG_VALUE_MAX } from "../../policy/lib/aws-tags";

/** The config namespace: every key is `credlink:<module>` (a map) or `credlink:<module>.<key>` (a secret). */
export const NAMESPACE = "credlink";

/**
 * The regions a stack may deploy to: the provider's own list (`aws.Region`, @pulumi/aws's region enum), so a region
 * AWS launches arrives with a provider upgrade and a made-up one ("us-east-3", "eu-central-3") fails here.
 */
const AWS_REGIONS: readonly string[] = Object.values(aws.Region);

/**
 * The partition of a region, from its name (AWS General Reference, "AWS partitions"): China, GovCloud, the isolated
 * and the European Sovereign Cloud regions are outside the commercial `aws` partition.
 */
function partitionOf(region: string): string {
  const prefixes: [RegExp, string][] = [
    [/^cn-/, "aws-cn"],
    [/^us-gov-/, "aws-us-gov"],
    [/^us-iso-/, "aws-iso"],
    [/^us-isob-/, "aws-iso-b"],
    [/^eu-isoe-/, "aws-iso-e"],
    [/^us-isof-/, "aws-iso-f"],
    [/^eusc-/, "aws-eusc"],
  ];
  return prefixes.find(([pattern]) => pattern.test(region))?.[1] ?? "aws";
}

/**
 * What is wrong with a region name, as "must be ..., got ..."; undefined for a region the provider knows in the
 * commercial partition. Other partitions are refused: the program names service principals and endpoints
 * (`com.amazonaws.<region>.s3`, logdelivery.elasticloadbalancing.amazonaws.com) the commercial partition's way.
 */
export function regionProblem(region: string): string | undefined {
  if (!AWS_REGIONS.includes(region)) {
    const hint = closest(region, AWS_REGIONS);
    return `must be an AWS region, one of the provider's aws.Region values like "us-east-1"${hint ? ` (did you mean "${hint}"?)` : ""}, got ${show(region)}`;
  }
  const partition = partitionOf(region);
  if (partition !== "aws") {
    return `must be a region of the commercial "aws" partition (the program names endpoints and service principals the aws partition's way), got ${show(region)}, which is in ${partition}`;
  }
  return undefined;
}

/** A region name regionProblem accepts. */
export const regionName = z.string().superRefine((region, ctx) => {
  const problem = regionProblem(region);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: region, params: VERBATIM });
});

/** Messages that already say what they got, so the formatter does not append the value again. */
export const VERBATIM = { verbatim: true } as const;

/** Zod skips a refinement after a type error inside the object; validatedBy runs whenever the section is an object. */
export const ALSO_AFTER_TYPE_ERRORS: z.core.$ZodSuperRefineParams = {
  when: (payload) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value),
};

export const integer = (min: number, max: number) => z.int().min(min).max(max);
export const nonEmpty = z.string().trim().min(1);

/**
 * A list of strings, refused with `error` when it is anything else. Marked `type: "list of strings"` in zod's registry,
 * for the configuration reference (a custom type has no shape of its own to show).
 */
export const stringList = (error: string) =>
  z.custom<string[]>((v) => Array.isArray(v) && v.every((e) => typeof e === "string"), { error }).meta({ type: "list of strings" });

/**
 * The first reason AWS would refuse `value` as a tag value, as "must ..., got ..."; undefined when it is accepted.
 * What AWS accepts on every taggable resource (the provider's default tags put these on all of them), from "Tagging
 * AWS resources", Tag naming limits and requirements, and the Resource Groups Tagging API `Tag`: up to 256 Unicode
 * characters; letters, digits and spaces, plus `_ . : / = + - @`; the `aws:` prefix is reserved.
 */
export function tagValueProblem(value: string): string | undefined {
  const length = [...value].length;
  if (length > TAG_VALUE_MAX) return `must be at most ${TAG_VALUE_MAX} characters long (the AWS tag value limit), got ${length} characters: ${show(value)}`;
  if (!TAG_CHARS.test(value)) {
    return `must be letters, digits, spaces and _ . : / = + - @ only (the characters AWS allows in a tag value), got ${show(value)}`;
  }
  if (RESERVED_TAG_PREFIX.test(value)) return `must not start with "aws:" (AWS reserves the prefix for its own tags), got ${show(value)}`;
  return undefined;
}

/** A non-empty tag value AWS accepts. Every `credlink:tags` value is one (costCenter is narrower still). */
export const tagValue = nonEmpty.superRefine((value, ctx) => {
  const problem = tagValueProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: value, params: VERBATIM });
});

/**
 * A superRefine that runs a component's own validators over a config section; pass ALSO_AFTER_TYPE_ERRORS with it. The
 * validator's arg names are the section's keys, so its messages ("instanceClass must be ...") read correctly once
 * prefixed with the section.
 *
 * It runs even when some of the section's keys have the wrong type, so those don't hide the others' problems: the
 * failed keys are left out (the component's defaults stand in for the optional ones), and a problem that names a
 * failed key, or mentions one, is dropped (the type error already speaks for that key).
 */
export function validatedBy<T extends object>(...validators: ((section: T) => unknown)[]) {
  return (section: T, ctx: z.RefinementCtx<T>): void => {
    const failed = new Set(ctx.issues.filter((issue) => issue.path && issue.path.length > 0).map((issue) => String(issue.path?.[0])));
    const usable = Object.fromEntries(Object.entries(section).filter(([key]) => !failed.has(key))) as T;
    const mentionsFailed = (message: string) => [...failed].some((key) => new RegExp(`\\b${key}\\b`).test(message));
    // Each validator reports its own first problem, so independent problems show up together.
    for (const validate of validators) {
      try {
        validate(usable);
      } catch (e) {
        const message = (e as Error).message;
        const arg = /^([\w.]+)/.exec(message)?.[1] ?? "";
        const path = arg.split(".");
        if (failed.size > 0 && (!(e instanceof Error) || e.constructor !== Error || failed.has(path[0]) || !(path[0] in section) || mentionsFailed(message))) {
          continue;
        }
        ctx.addIssue({ code: "custom", path: path[0] in section ? path : [], message: message.slice(arg.length + 1), params: VERBATIM });
      }
    }
  };
}

/** Placeholders for the Output-valued args a component validator never inspects. */
export const WIRED_LATER = { vpcId: "", dbSubnetGroupName: "", cacheSubnetGroupName: "" } as const;

/**
 * A default that depends on another key of the section (the cache's engine version on its engine): the value for each
 * value of `key`. Only the configuration reference reads it.
 */
export class DependsOn {
  constructor(
    readonly key: string,
    readonly byValue: Readonly<Record<string, unknown>>,
  ) {}
}

/**
 * What a component applies for the keys its section leaves optional (the schema has no default for them: the component
 * holds it), keyed as the section is. The configuration reference's "default" column.
 */
export type ComponentDefaults = () => Readonly<Record<string, unknown>>;

/** The keys of one section that parsed each on its own (parseFields in ../config.ts): key -> parsed value. */
export type ParsedSection = ReadonlyMap<string, unknown>;

/**
 * The problem when `key` of `section` parsed and fails `ok`, as "<full key> <message>, got <value>"; undefined when it
 * passes, or did not parse (its own error speaks for it then).
 */
export function ruleProblem<T>(section: string, fields: ParsedSection | undefined, key: string, ok: (value: T) => boolean, message: string): string | undefined {
  if (!fields?.has(key)) return undefined;
  const value = fields.get(key) as T;
  return ok(value) ? undefined : `${keyOf([section, key])} ${message}, got ${show(value)}`;
}

/** `credlink:network.natGateways` from ["network", "natGateways"]; list items as `[i]`. */
export function keyOf(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path;
  const tail = rest.map((seg) => (typeof seg === "number" ? `[${seg}]` : `.${String(seg)}`)).join("");
  return `${NAMESPACE}:${String(head ?? "")}${tail}`;
}

/** A value as a message shows it: strings quoted, lists and objects as JSON, absent as "nothing". */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object" && value !== null) return `${Array.isArray(value) ? "a list" : "an object"} ${JSON.stringify(value)}`;
  return String(value);
}

/** The candidate nearest `word` (edit distance, case-insensitive), when it is near enough to be a "did you mean". */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0];
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        prev = row[j];
        row[j] = next;
      }
    }
    return row[b.length];
  };
  const best = candidates.map((c) => ({ c, d: distance(word, c) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.c : undefined;
}
