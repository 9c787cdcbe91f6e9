/**
 * A small IAM policy evaluator for the tests: identity policies only (no resource policies, SCPs or sessions), the
 * condition operators the generated documents use, and AWS's rules for them (IAM user guide, "Policy evaluation
 * logic" and "IAM JSON policy elements: Condition operators"):
 * - an explicit Deny wins, then an Allow, else the request is implicitly denied;
 * - Action matches case-insensitively with `*` and `?`; Resource matches case-sensitively, `*` crossing `/` and `:`;
 * - within a Condition every operator, and every key of it, must match (AND); several values of a key are OR;
 * - a key absent from the request fails a positive operator and satisfies a negated one (`StringNotEquals`...);
 *   `ForAnyValue:` needs one request value to match, `ForAllValues:` every one (IAM user guide, "Multivalued context keys");
 *   `...IfExists` is satisfied by an absent key; `Null: "true"` means absent.
 * An operator it does not know throws, so a test can't pass on a condition it did not evaluate.
 */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: PolicyStatement | PolicyStatement[];
}
export interface Request {
  readonly action: string;
  /** The resource ARN, or "*" for an action without resource-level permissions. */
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}
export type Decision = "allow" | "deny" | "implicitDeny";

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
export const statementsOf = (doc: PolicyDocument): PolicyStatement[] => list(doc.Statement);

function glob(pattern: string, flags = ""): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, flags);
}
export const actionMatches = (pattern: string, action: string) => glob(pattern, "i").test(action);
export const resourceMatches = (pattern: string, resource: string) => pattern === "*" || glob(pattern).test(resource);

const ctxValues = (ctx: Request["context"], key: string): string[] | undefined => {
  const hit = Object.entries(ctx ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return hit === undefined ? undefined : [...list(hit[1] as string | string[])];
};

type Compare = (policyValue: string, requestValue: string) => boolean;
const COMPARE: Record<string, Compare> = {
  StringEquals: (p, r) => p === r,
  StringEqualsIgnoreCase: (p, r) => p.toLowerCase() === r.toLowerCase(),
  StringLike: (p, r) => glob(p).test(r),
  ArnEquals: (p, r) => p === r,
  ArnLike: (p, r) => glob(p).test(r),
  Bool: (p, r) => p.toLowerCase() === r.toLowerCase(),
};
const NEGATED: Record<string, string> = { StringNotEquals: "StringEquals", StringNotLike: "StringLike", ArnNotEquals: "ArnEquals", ArnNotLike: "ArnLike" };

function conditionHolds(condition: PolicyStatement["Condition"], ctx: Request["context"]): boolean {
  for (const [rawOperator, block] of Object.entries(condition ?? {})) {
    // ForAnyValue: some request value matches (an absent key fails); ForAllValues: every one does (an absent key passes).
    const set = /^(ForAnyValue|ForAllValues):/.exec(rawOperator)?.[1];
    const bare = set ? rawOperator.slice(set.length + 1) : rawOperator;
    const ifExists = bare.endsWith("IfExists");
    const operator = ifExists ? bare.slice(0, -"IfExists".length) : bare;
    if (set === "ForAllValues") {
      if (!(operator in COMPARE)) throw new Error(`iam-eval: condition operator ${rawOperator} is not supported`);
      for (const [key, raw] of Object.entries(block)) {
        const wanted = list(raw as string | string[]).map(String);
        const got = ctxValues(ctx, key) ?? [];
        if (!got.every((g) => wanted.some((w) => COMPARE[operator](w, g)))) return false;
      }
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const wanted = list(raw as string | string[]).map(String);
      const got = ctxValues(ctx, key);
      if (operator === "Null") {
        if ((wanted[0] === "true") !== (got === undefined)) return false;
        continue;
      }
      if (got === undefined) {
        if (ifExists || operator in NEGATED) continue;
        return false;
      }
      if (operator in NEGATED) {
        const compare = COMPARE[NEGATED[operator]];
        if (got.some((g) => wanted.some((w) => compare(w, g)))) return false;
      } else if (operator in COMPARE) {
        if (!got.some((g) => wanted.some((w) => COMPARE[operator](w, g)))) return false;
      } else {
        throw new Error(`iam-eval: condition operator ${rawOperator} is not supported`);
      }
    }
  }
  return true;
}

/** Whether one statement applies to the request (its Effect aside). */
export function applies(s: PolicyStatement, req: Request): boolean {
  const actionOk = s.NotAction !== undefined ? !list(s.NotAction).some((a) => actionMatches(a, req.action)) : list(s.Action).some((a) => actionMatches(a, req.action));
  if (!actionOk) return false;
  const resourceOk = s.NotResource !== undefined ? !list(s.NotResource).some((r) => resourceMatches(r, req.resource)) : list(s.Resource).some((r) => resourceMatches(r, req.resource));
  return resourceOk && conditionHolds(s.Condition, req.context);
}

/** The decision of identity policies on one request, and the statements that made it. */
export function evaluate(docs: readonly PolicyDocument[], req: Request): { decision: Decision; by: PolicyStatement[] } {
  const all = docs.flatMap(statementsOf).filter((s) => applies(s, req));
  const denies = all.filter((s) => s.Effect === "Deny");
  if (denies.length > 0) return { decision: "deny", by: denies };
  const allows = all.filter((s) => s.Effect === "Allow");
  return allows.length > 0 ? { decision: "allow", by: allows } : { decision: "implicitDeny", by: [] };
}

/**
 * Whether some Allow statement names the action (wildcards included), whatever its resources and conditions, and no
 * Deny takes it away everywhere (on `*` without a condition): "the policies grant this action somewhere".
 */
export function grantsAction(docs: readonly PolicyDocument[], action: string): boolean {
  const statements = docs.flatMap(statementsOf);
  const named = (s: PolicyStatement) => (s.NotAction !== undefined ? !list(s.NotAction).some((a) => actionMatches(a, action)) : list(s.Action).some((a) => actionMatches(a, action)));
  const allowed = statements.some((s) => s.Effect === "Allow" && named(s));
  const deniedEverywhere = statements.some((s) => s.Effect === "Deny" && named(s) && list(s.Resource).includes("*") && s.Condition === undefined);
  return allowed && !deniedEverywhere;
}
