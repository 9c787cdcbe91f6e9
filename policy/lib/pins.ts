/**
 * What "pinned" and "wildcard" mean, in one place, for every policy that accepts a pin or refuses a wildcard resource.
 *
 * A pin is an exact value: a 12-digit account id, an ARN with no wildcard anywhere, an organization id, a VPC or VPC
 * endpoint id. A pattern is never a pin: `arn:aws:iam::*:role/x` matches that role name in every account, and
 * `arn:aws:sns:*:*:t` every topic named t in every region of every account, so neither says who the caller is.
 *
 * ARN format: arn:partition:service:region:account-id:resource
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 * Condition operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { many } from "./rules";

export const ACCOUNT_ID = /^\d{12}$/;
const HAS_WILDCARD = /[*?]/;

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** The fields of an ARN, or undefined when `value` is not one (six colon-separated fields, starting with "arn"). */
export function parseArn(value: unknown): Arn | undefined {
  if (typeof value !== "string") return undefined;
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  const [, partition, service, region, account, ...resource] = parts;
  return { partition, service, region, account, resource: resource.join(":") };
}

/** An exact 12-digit account id. */
export const isExactAccount = (value: unknown): boolean => typeof value === "string" && ACCOUNT_ID.test(value);

/** An ARN with no wildcard (`*` or `?`) in any field. */
export const isExactArn = (value: unknown): boolean => parseArn(value) !== undefined && !HAS_WILDCARD.test(String(value));

/**
 * An ARN whose partition, service, region and account are literal (no wildcard), the account being a 12-digit id (or
 * empty, for services whose ARNs carry none, such as S3): the resource part may be a pattern. Used where AWS documents
 * a pattern for the resource (a trust policy's `aws:SourceArn` of `arn:aws:fis:<region>:<account>:experiment/*`), with
 * the account pinned exactly beside it.
 */
export function isAccountScopedArn(value: unknown): boolean {
  const arn = parseArn(value);
  if (!arn) return false;
  if ([arn.partition, arn.service, arn.region, arn.account].some((f) => HAS_WILDCARD.test(f))) return false;
  return arn.account === "" || ACCOUNT_ID.test(arn.account);
}

/**
 * A resource that names no particular resource: "*", an ARN whose account (or region and account) is a wildcard, or an
 * ARN whose resource part is only a wildcard, with or without its type ("*", "key/*", "secret:*", "log-group:*").
 * `arn:aws:s3:::*`, `arn:aws:kms:*:*:key/*` and `arn:aws:logs:*:*:*` are all "every resource of the service".
 * `arn:aws:s3:::credlink-prod-*` and `arn:aws:secretsmanager:...:secret:credlink-prod-cache-*` name a prefix: not wildcards.
 */
export function isWildcardResource(value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (value === "*") return true;
  const arn = parseArn(value);
  if (!arn) return HAS_WILDCARD.test(value) && !/[A-Za-z0-9]/.test(value.replace(/[*?]/g, ""));
  if (HAS_WILDCARD.test(arn.partition) || HAS_WILDCARD.test(arn.service) || HAS_WILDCARD.test(arn.account)) return true;
  // S3 ARNs are bucket[/key]: the first segment is a bucket's name, not a resource type ("b/*" is one bucket's objects).
  if (arn.service === "s3") return /^[*?]+(\/.*)?$/.test(arn.resource);
  return /^(?:[A-Za-z0-9-]+[:/])?[*?]+$/.test(arn.resource);
}

/** A statement's resources that are wildcards (NotResource counts as one: it allows everything else). */
export function wildcardResources(statement: { Resource?: unknown; NotResource?: unknown }): string[] {
  const found = many<unknown>(statement.Resource as any).map(String).filter(isWildcardResource);
  if (statement.NotResource !== undefined) found.push(`NotResource ${JSON.stringify(statement.NotResource)}`);
  return found;
}

/** Condition keys whose value is an account id. */
const ACCOUNT_KEYS = ["aws:sourceaccount", "aws:sourceowner", "aws:principalaccount", "aws:resourceaccount", "kms:calleraccount"];
/** Condition keys whose value is an ARN. */
const ARN_KEYS = ["aws:sourcearn", "aws:principalarn"];
/** Condition keys whose value is an organization id (o-...), a path in one, or a VPC / VPC endpoint id. */
const EXACT_ID_KEYS: Readonly<Record<string, RegExp>> = {
  "aws:principalorgid": /^o-[a-z0-9]{10,32}$/,
  "aws:sourceorgid": /^o-[a-z0-9]{10,32}$/,
  "aws:principalorgpaths": /^o-[a-z0-9]{10,32}\/[^*?]+$/,
  "aws:sourceorgpaths": /^o-[a-z0-9]{10,32}\/[^*?]+$/,
  "aws:sourcevpc": /^vpc-[0-9a-f]{8,17}$/,
  "aws:sourcevpce": /^vpce-[0-9a-f]{8,17}$/,
};

/**
 * Condition keys that pin a caller to a known account, organization, source resource or network path.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export const PINNING_KEYS: readonly string[] = [...ACCOUNT_KEYS, ...ARN_KEYS, ...Object.keys(EXACT_ID_KEYS)];

/** Operators that restrict to the listed values; negations and IfExists variants don't pin. */
const PINNING_OPERATORS = /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/;

/** Whether `value` is an exact pin for the condition key `key` (lowercased). */
export function isExactPin(key: string, value: unknown): boolean {
  if (typeof value !== "string") return false;
  if (ACCOUNT_KEYS.includes(key)) return isExactAccount(value);
  if (ARN_KEYS.includes(key)) return isExactArn(value);
  const id = EXACT_ID_KEYS[key];
  return id !== undefined && id.test(value);
}

/**
 * Whether a statement's Condition pins the caller: under a restricting operator, a pinning key whose every value is
 * exact (an account id, an ARN without wildcards, an organization, VPC or endpoint id). Patterns never pin.
 */
export function pinsCaller(condition: unknown): boolean {
  if (!condition || typeof condition !== "object") return false;
  return Object.entries(condition as Record<string, any>).some(
    ([operator, block]) =>
      PINNING_OPERATORS.test(operator) &&
      block &&
      typeof block === "object" &&
      Object.entries(block).some(([key, values]) => {
        const k = key.toLowerCase();
        return PINNING_KEYS.includes(k) && many(values).length > 0 && many(values).every((v) => isExactPin(k, v));
      }),
  );
}

/** The values of condition key `key` (case-insensitive) under any of `operators`. */
export function conditionValues(condition: unknown, key: string, operators: RegExp): unknown[] {
  if (!condition || typeof condition !== "object") return [];
  const wanted = key.toLowerCase();
  return Object.entries(condition as Record<string, any>)
    .filter(([operator, block]) => operators.test(operator) && block && typeof block === "object")
    .flatMap(([, block]) => Object.entries(block as Record<string, unknown>).filter(([k]) => k.toLowerCase() === wanted).flatMap(([, v]) => many(v as any)));
}
