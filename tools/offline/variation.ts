/**
 * Randomised mock outputs, in the spirit of ProTI (type-based testing of Pulumi TypeScript programs): the same
 * registrations answered with values that are just as valid as the fixed ones, but shaped differently.
 *
 * - the account id and the partition (`aws`, `aws-us-gov`, `aws-cn`) of every ARN, and the DNS suffix of the partition;
 * - EC2 ids of the old (8 hex digits) or the current (17 hex digits) shape;
 * - the id of other resources as its physical name, its ARN or a UUID (all three exist in AWS: an S3 bucket's id is its
 *   name, a load balancer's its ARN, a KMS key's a UUID);
 * - the availability zones of the region: 2 to 6 of them, any letters (us-east-1 has a to f; many regions have 3);
 * - during a preview (tools/engine/monitor.ts), which computed outputs are already known.
 *
 * Only outputs the provider computes vary: a state key whose value is the resource's own input stays the input, as
 * AWS echoes it. The region stays the stack's (it is config, validated by the program).
 *
 * A variation is plain data, so a fast-check arbitrary (tools/engine/random.ts) can generate and shrink it.
 */
import * as crypto from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

export type Partition = "aws" | "aws-us-gov" | "aws-cn";

export interface OutputVariation {
  /** The account every ARN and caller identity names: 12 digits. */
  readonly accountId: string;
  readonly partition: Partition;
  /** The letters of the region's availability zones, in order: 2 to 6 of "abcdef". */
  readonly zoneLetters: string;
  /** Hex digits after an EC2 id's prefix: 8 (ids made before 2016) or 17. */
  readonly ec2IdHexDigits: 8 | 17;
  /** What a non-EC2 resource's id looks like. */
  readonly idShape: "name" | "arn" | "uuid";
  /** Preview only: the share (0..1) of computed outputs that are unknown; the engine's default is 1 (all). */
  readonly previewUnknownShare: number;
  /** Salt for the per-output choices (which outputs are unknown in a preview). */
  readonly salt: number;
}

/** The account id and partition of the fixed outputs (tools/offline/mocks.ts). */
const FIXED_ACCOUNT = "123456789012";
const EC2_ID = /\b(vpc|subnet|sg|fl|nat|eipalloc|igw|rtb|rtbassoc|eni|i|vpce|acl)-([0-9a-f]{17})\b/g;

/** The region's availability-zone names the mocks hand out: the first `count` of the region's zones. */
export function zoneNames(region: string, count: number, variation?: OutputVariation): string[] {
  let letters = variation?.zoneLetters ?? "abcdef";
  // A region with fewer zones than the stack asks for would be rejected by AWS before any output exists; the variation
  // models a region that has at least as many as the (validated) config requests.
  for (const l of "abcdef") if (letters.length < count && !letters.includes(l)) letters += l;
  return [...letters.slice(0, count)].sort().map((l) => `${region}${l}`);
}

export function dnsSuffixOf(partition: Partition): string {
  return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/** Rewrites one computed string: account, partition, DNS suffix, EC2 id shape. */
export function varyString(value: string, v: OutputVariation): string {
  let out = value.split(FIXED_ACCOUNT).join(v.accountId).replace(/\barn:aws:/g, `arn:${v.partition}:`);
  if (v.partition === "aws-cn") out = out.replace(/\.amazonaws\.com(?!\.cn)\b/g, ".amazonaws.com.cn");
  if (v.ec2IdHexDigits === 8) out = out.replace(EC2_ID, (_m, prefix: string, hex: string) => `${prefix}-${hex.slice(0, 8)}`);
  return out;
}

function varyDeep(value: unknown, v: OutputVariation): unknown {
  if (typeof value === "string") return varyString(value, v);
  if (Array.isArray(value)) return value.map((x) => varyDeep(x, v));
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, varyDeep(x, v)]));
  }
  return value;
}

function uuidOf(seed: string): string {
  const h = crypto.createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A resource's id and state with the variation applied to what the provider computes (not to echoed inputs). */
export function varyResource(
  args: pulumi.runtime.MockResourceArgs,
  result: { id: string | undefined; state: Record<string, any> },
  v: OutputVariation,
): { id: string | undefined; state: Record<string, any> } {
  const state: Record<string, any> = {};
  for (const [k, value] of Object.entries(result.state)) {
    state[k] = k in args.inputs && JSON.stringify(args.inputs[k]) === JSON.stringify(value) ? value : varyDeep(value, v);
  }
  let id = result.id;
  if (id !== undefined) {
    const varied = varyString(id, v);
    if (varied !== id || /^[a-z]+-[0-9a-f]{17}$/.test(id)) id = varied;
    else if (v.idShape === "arn" && typeof state.arn === "string") id = state.arn;
    else if (v.idShape === "uuid") id = uuidOf(`${args.type}::${args.name}`);
  }
  return { id, state };
}

/** An invoke's answer under the variation: the caller's account, the partition and its DNS names. */
export function varyInvoke(token: string, result: Record<string, any>, v: OutputVariation): Record<string, any> {
  if (token === "aws:index/getPartition:getPartition") {
    return { ...result, partition: v.partition, id: v.partition, dnsSuffix: dnsSuffixOf(v.partition), reverseDnsPrefix: v.partition === "aws-cn" ? "cn.com.amazonaws" : "com.amazonaws" };
  }
  return varyDeep(result, v) as Record<string, any>;
}

/** Preview: is this computed output of this resource still unknown? Deterministic per variation, resource and key. */
export function unknownInPreview(urn: string, key: string, v: OutputVariation | undefined): boolean {
  if (!v) return true;
  const h = crypto.createHash("sha256").update(`${v.salt}\0${urn}\0${key}`).digest();
  return h.readUInt32BE(0) / 0x1_0000_0000 < v.previewUnknownShare;
}
