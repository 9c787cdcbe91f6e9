/**
 * Privilege: what an identity policy or a trust lets a principal make of itself. Mandatory everywhere.
 * - a role that can create roles or write role policies only with a permissions boundary condition (else it can make
 *   a role with more than it has: IAM user guide, "Permissions boundaries for IAM entities", delegation example);
 * - iam:PassRole only on named roles and only to named services (`iam:PassedToService`);
 * - no whole-S3 grant on a bucket ARN pattern, which also matches every object in those buckets;
 * - a GitHub OIDC trust pins the audience and an exact subject (IAM user guide, "Configuring a role for GitHub OIDC");
 * - the CI roles' self-protection stays a Deny;
 * - every role carries a permissions boundary the stack itself creates (a service role never the CI one);
 * - a role trusts AWS services and this account only (no IAM condition key can hold the deploy role to it).
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import type { PolicyResource } from "@pulumi/policy";
import { statements } from "../lib/aws";
import { BOUNDARY_POLICY_PATH, CI_BOUNDARY_SUFFIX, isBoundaryPolicy } from "../lib/boundary";
import { CredlinkPolicy, many, parseJson, plain, resourceRule, stackRule, tryGet } from "../lib/rules";

const IDENTITY_TYPES = ["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy", "aws:iam/role:Role", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"];
const ATTACHMENT_TYPES = ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/policyAttachment:PolicyAttachment"];

/** An identity resource's documents (a Role's inline policies; the policy of the others). */
function documentsOf(type: string, p: Record<string, any>): { where: string; doc: unknown }[] {
  if (type === "aws:iam/role:Role") return many<any>(plain(p.inlinePolicies)).map((x, i) => ({ where: `inlinePolicies[${i}] (${x?.name ?? "?"})`, doc: x?.policy }));
  return [{ where: "policy", doc: p.policy }];
}

/**
 * The problems `check` finds in each Allow statement of a resource's identity documents (a permissions boundary grants
 * nothing: it has none), each prefixed with where the statement is.
 */
function eachAllow(type: string, p: Record<string, any>, check: (s: any, at: string) => string[]): string[] {
  if (isBoundaryPolicy(type, p)) return [];
  return documentsOf(type, p).flatMap(({ where, doc }) => statements(doc).filter((s) => s.Effect === "Allow").flatMap((s) => check(s, `${where}: statement ${s.Sid ?? "(no Sid)"}`)));
}

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
/** Whether a statement's Action (or NotAction) covers `action`, wildcards included. */
export function coversAction(s: any, action: string): boolean {
  if (s.NotAction !== undefined) return !many<string>(s.NotAction).some((a) => glob(String(a)).test(action));
  return many<string>(s.Action).some((a) => glob(String(a)).test(action));
}
const sid = (s: any) => s.Sid ?? "(no Sid)";
const hasWildcard = (v: unknown) => typeof v !== "string" || /[*?]/.test(v);

/** The values a Condition gives `key` under a positive operator (StringEquals, StringLike, ArnEquals, ArnLike), lowercased keys. */
function positiveValues(condition: unknown, key: string): { operator: string; values: string[] }[] {
  if (!condition || typeof condition !== "object") return [];
  return Object.entries(condition as Record<string, any>)
    .filter(([op]) => /^(ForAnyValue:|ForAllValues:)?(StringEquals|StringLike|ArnEquals|ArnLike)$/.test(op))
    .flatMap(([operator, block]) =>
      Object.entries(block ?? {})
        .filter(([k]) => k.toLowerCase() === key.toLowerCase())
        .map(([, v]) => ({ operator, values: many<string>(v as any).map(String) })),
    );
}

/** The role-writing actions that escalate without a boundary. */
export const ROLE_WRITE_ACTIONS = ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"];
/** AWS managed policies that can create roles or write their policies with no condition. */
const ROLE_WRITING_MANAGED = /:iam::aws:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;

export const roleWritesNeedBoundary = resourceRule({
  name: "iam-role-writes-require-permissions-boundary",
  description:
    "An identity policy that allows iam:CreateRole, PutRolePolicy, AttachRolePolicy or PutRolePermissionsBoundary (wildcards included) does so only with an iam:PermissionsBoundary condition naming one boundary; no role gets a managed policy that writes roles freely, or a permissions boundary as a grant.",
  covers: ["CKV_AWS_286"],
  enforcementLevel: "mandatory",
  types: [...IDENTITY_TYPES, ...ATTACHMENT_TYPES],
  check: (p, _c, args) => {
    if (ATTACHMENT_TYPES.includes(args.type)) {
      const arn = tryGet(p, "policyArn");
      if (!arn.known || typeof arn.value !== "string") return undefined;
      if (arn.value.includes(`:policy${BOUNDARY_POLICY_PATH}`)) return `policyArn ${arn.value} is a permissions boundary: attached as a policy it grants what it should only cap`;
      return ROLE_WRITING_MANAGED.test(arn.value) ? `policyArn ${arn.value} can create roles and write their policies without a permissions boundary` : undefined;
    }
    return eachAllow(args.type, p, (s, at) => {
      const writes = ROLE_WRITE_ACTIONS.filter((a) => coversAction(s, a));
      const bounded = positiveValues(s.Condition, "iam:PermissionsBoundary");
      const unbounded = bounded.length === 0 || bounded.some((b) => b.values.length === 0 || b.values.some(hasWildcard));
      return writes.length > 0 && unbounded ? [`${at} allows ${writes.join(", ")} without an iam:PermissionsBoundary condition naming one boundary: a role made with it can hold more than its maker`] : [];
    });
  },
});

export const passRoleScoped = resourceRule({
  name: "iam-passrole-scoped-to-service",
  description: "iam:PassRole (wildcards included) is allowed only on named roles (never Resource \"*\") and only with an iam:PassedToService condition naming the services.",
  covers: ["iam:PassRole scoped"],
  enforcementLevel: "mandatory",
  types: IDENTITY_TYPES,
  check: (p, _c, args) =>
    eachAllow(args.type, p, (s, at) => {
      if (!coversAction(s, "iam:PassRole")) return [];
      const problems: string[] = [];
      const resources = many<string>(s.Resource).map(String);
      if (s.NotResource !== undefined || resources.some((r) => r === "*" || /:role\/\*$/.test(r))) problems.push(`${at} allows iam:PassRole on every role`);
      const services = positiveValues(s.Condition, "iam:PassedToService");
      if (services.length === 0 || services.some((x) => x.values.length === 0 || x.values.includes("*"))) problems.push(`${at} allows iam:PassRole without an iam:PassedToService condition naming the services`);
      return problems;
    }),
});

/** A bucket ARN pattern: `arn:<partition>:s3:::<name with a wildcard>` and no `/` (so it matches objects too). */
const BUCKET_PATTERN = /^arn:[\w-]+:s3:::[^/]*[*?][^/]*$/;

export const s3BucketPatternNoObjectWildcard = resourceRule({
  name: "s3-bucket-pattern-not-whole-service",
  description: "No identity policy allows s3:* (or *) on a bucket ARN pattern such as arn:aws:s3:::prefix-* or arn:aws:s3:::*: the pattern also matches every object in those buckets. Bucket and object statements are separate.",
  covers: ["S3 bucket and object statements apart"],
  enforcementLevel: "mandatory",
  types: IDENTITY_TYPES,
  check: (p, _c, args) =>
    eachAllow(args.type, p, (s, at) =>
      many<string>(s.Action).map(String).some((a) => a === "*" || a.toLowerCase() === "s3:*")
        ? many<string>(s.Resource)
            .map(String)
            .filter((r) => BUCKET_PATTERN.test(r))
            .map((r) => `${at} allows ${many<string>(s.Action).join(", ")} on ${r}, which matches the buckets' objects too: name bucket actions, and grant object actions on <bucket>/<prefix> separately`)
        : [],
    ),
});

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
/**
 * A subject pattern is exact but for the pull request's number: the one value a pull request's subject can't fix
 * (its ref is refs/pull/<number>/merge). Everything before it (owner, repository, event, workflow) is fixed.
 */
const PULL_REQUEST_SUBJECT = /^[^*?]+@refs\/pull\/\*\/merge$/;

/** The customized subject's start: the owner's and the repository's numeric ids (a renamed or re-created repository differs). */
const ID_PINNED_SUBJECT = /^repository_owner_id:[1-9][0-9]*:repository_id:[1-9][0-9]*:/;

/** Problems of one trust statement that federates to GitHub's OIDC provider. */
function githubTrustProblems(s: any, requireRepositoryIds: boolean): string[] {
  const problems: string[] = [];
  const at = `statement ${sid(s)}`;
  const condition = s.Condition ?? {};
  const aud = Object.entries<any>(condition)
    .filter(([op]) => op === "StringEquals")
    .flatMap(([, block]) => Object.entries<any>(block ?? {}).filter(([k]) => k === `${GITHUB_OIDC_HOST}:aud`).map(([, v]) => many<string>(v).map(String)));
  if (!aud.some((v) => v.length === 1 && v[0] === "sts.amazonaws.com")) problems.push(`${at} must require ${GITHUB_OIDC_HOST}:aud StringEquals "sts.amazonaws.com"`);
  const subjects = Object.entries<any>(condition).flatMap(([op, block]) =>
    Object.entries<any>(block ?? {})
      .filter(([k]) => k === `${GITHUB_OIDC_HOST}:sub`)
      .map(([, v]) => ({ op, values: many<string>(v).map(String) })),
  );
  if (subjects.length === 0) problems.push(`${at} must require an exact ${GITHUB_OIDC_HOST}:sub (without one, any repository on GitHub can assume it)`);
  for (const { op, values } of subjects) {
    if (requireRepositoryIds && values.some((v) => !ID_PINNED_SUBJECT.test(v))) {
      problems.push(`${at}: ${GITHUB_OIDC_HOST}:sub must start with the repository's numeric ids (repository_owner_id:<id>:repository_id:<id>:), got ${JSON.stringify(values)}`);
    }
    if (op === "StringEquals") {
      if (values.some((v) => /[*?]/.test(v))) problems.push(`${at}: ${GITHUB_OIDC_HOST}:sub must be exact under StringEquals, got ${JSON.stringify(values)}`);
    } else if (op === "StringLike") {
      const bad = values.filter((v) => !PULL_REQUEST_SUBJECT.test(v));
      if (bad.length > 0) problems.push(`${at}: ${GITHUB_OIDC_HOST}:sub under StringLike may wildcard only a pull request's number (...@refs/pull/*/merge), got ${JSON.stringify(bad)}`);
    } else {
      problems.push(`${at}: ${GITHUB_OIDC_HOST}:sub must be compared with StringEquals (or StringLike for a pull request's number), not ${op}`);
    }
  }
  return problems;
}

const federatesToGitHub = (s: any) => many<string>(s?.Principal?.Federated).some((f) => String(f).endsWith(`oidc-provider/${GITHUB_OIDC_HOST}`) || String(f) === GITHUB_OIDC_HOST);

export const githubOidcTrustPinned = resourceRule<{ requireRepositoryIds: boolean }>({
  name: "github-oidc-trust-pinned",
  description:
    "A role that trusts GitHub's OIDC provider requires aud = sts.amazonaws.com and an exact sub (StringEquals, no wildcard repository or branch; StringLike only for a pull request's number); with requireRepositoryIds, the sub starts with the repository's numeric ids.",
  covers: ["CKV_AWS_358"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      // Off until the program passes credlink:cicd's numeric ids to the deploy identity; then on in both environments.
      requireRepositoryIds: { type: "boolean", default: false },
    },
  },
  types: ["aws:iam/role:Role"],
  check: (p, config) =>
    statements(p.assumeRolePolicy)
      .filter((s) => s.Effect === "Allow" && federatesToGitHub(s))
      .flatMap((s) => githubTrustProblems(s, config.requireRepositoryIds === true)),
});

/** IAM writes a CI role must never be able to make on itself. */
const SELF_WRITES = ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:CreatePolicyVersion", "iam:DeleteRolePermissionsBoundary"];
const IAM_WRITE = /^iam:(Add|Attach|Create|Delete|Detach|Put|Remove|Set|Tag|Untag|Update|Upload|\*)/i;

const knownString = (r: PolicyResource, key: string): string | undefined => {
  const v = tryGet(r.props, key);
  return v.known && typeof v.value === "string" ? v.value : undefined;
};

export const ciSelfProtectionDenied = stackRule({
  name: "ci-role-self-protection-denied",
  description:
    "A role trusted by GitHub's OIDC provider whose policies allow IAM writes also has an explicit Deny of writes to its own role and its own managed policies (a Deny, so no other policy can undo it).",
  covers: ["CI roles deny their own IAM writes"],
  enforcementLevel: "mandatory",
  check: (resources) => {
    const roles = resources.filter((r) => r.type === "aws:iam/role:Role" && statements(r.props.assumeRolePolicy).some((s) => s.Effect === "Allow" && federatesToGitHub(s)));
    return roles.flatMap((role) => {
      const roleName = knownString(role, "name");
      const roleArn = knownString(role, "arn");
      const inline = resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && roleName !== undefined && knownString(r, "role") === roleName).map((r) => r.props.policy);
      const attachedArns = resources.filter((r) => ATTACHMENT_TYPES.includes(r.type) && roleName !== undefined && knownString(r, "role") === roleName).map((r) => knownString(r, "policyArn"));
      const managed = resources.filter((r) => r.type === "aws:iam/policy:Policy" && attachedArns.includes(knownString(r, "arn"))).map((r) => r.props.policy);
      const all = [...inline, ...managed, ...many<any>(plain(role.props.inlinePolicies)).map((x) => x?.policy)].flatMap((d) => statements(d));
      const writes = all.some((s) => s.Effect === "Allow" && many<string>(s.Action).some((a) => IAM_WRITE.test(String(a)) || a === "*"));
      if (!writes) return [];
      if (roleArn === undefined) return [];
      const denies = all.filter((s) => s.Effect === "Deny" && !s.Condition && many<string>(s.Resource).some((r) => String(r) === roleArn || glob(String(r)).test(roleArn)));
      const missing = SELF_WRITES.filter((a) => !denies.some((d) => coversAction(d, a)));
      return missing.length === 0 ? [] : [{ message: `${role.name}: a CI role that may write IAM has no explicit Deny of ${missing.join(", ")} on itself`, urn: role.urn }];
    });
  },
});

/**
 * Every role the stack creates carries one of the permissions boundaries the stack itself creates (a policy under the
 * boundary path): the cap on what its policies can grant, and on what a role it makes can (IAM user guide,
 * "Permissions boundaries for IAM entities"). A role trusted by GitHub's OIDC provider may carry the CI boundary; a role
 * an AWS service assumes carries the stack's service boundary, never the CI one (which leaves IAM writes open to the
 * deploy role). A boundary not yet known (its ARN is computed on the first create) is not judged.
 */
export const roleHasStackBoundary = stackRule({
  name: "iam-role-has-stack-permissions-boundary",
  description:
    "Every aws.iam.Role carries a permissions boundary, and it is one the stack itself creates (an aws.iam.Policy under the boundary path); only a role trusted by GitHub's OIDC provider may carry the CI boundary.",
  covers: ["IAM permissions boundary on every role"],
  enforcementLevel: "mandatory",
  check: (resources) => {
    const boundaries = new Map(
      resources.filter((r) => isBoundaryPolicy(r.type, r.props)).flatMap((r) => {
        const arn = knownString(r, "arn");
        return arn === undefined ? [] : [[arn, knownString(r, "name") ?? r.name] as const];
      }),
    );
    return resources
      .filter((r) => r.type === "aws:iam/role:Role")
      .flatMap((role) => {
        const value = tryGet(role.props, "permissionsBoundary");
        const message = (m: string) => [{ message: `${role.name}: ${m}`, urn: role.urn }];
        if (value.known && (value.value === undefined || value.value === null || value.value === "")) {
          return message(`has no permissions boundary: every role the stack creates carries the stack's (permissionsBoundary, the DeployIdentity's permissionsBoundaryArn)`);
        }
        if (!value.known || typeof value.value !== "string") return [];
        const boundary = boundaries.get(value.value);
        if (boundary === undefined) return message(`permissionsBoundary ${value.value} is not a boundary this stack creates (an aws.iam.Policy under ${BOUNDARY_POLICY_PATH})`);
        const trustedByGitHub = statements(role.props.assumeRolePolicy).some((s) => s.Effect === "Allow" && federatesToGitHub(s));
        if (boundary.endsWith(CI_BOUNDARY_SUFFIX) && !trustedByGitHub) return message(`carries the CI boundary ${boundary}, which only the CI roles may: a service role carries the stack's service boundary`);
        return [];
      });
  },
});

/** An AWS service principal (`ecs-tasks.amazonaws.com`; `.amazonaws.com.cn` in China). */
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;
/** The account an IAM or STS principal ARN, or a bare account id, names. */
const accountOf = (principal: string): string | undefined => /^(\d{12})$/.exec(principal)?.[1] ?? /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/.exec(principal)?.[1];

/**
 * The accounts that are "this account" for a role: the one its permissions boundary lives in (a customer managed
 * policy is always in the role's own account; the stack's boundary is, and iam-role-has-stack-permissions-boundary
 * requires it), and the ones its provider is allowed to deploy to (`allowedAccountIds`, which the AWS SDK sends
 * JSON-encoded). Empty when neither is known.
 */
function ownAccounts(p: Record<string, any>, provider: { props: Record<string, any> } | undefined): string[] {
  const accounts = new Set<string>();
  const boundary = tryGet(p, "permissionsBoundary");
  if (boundary.known && typeof boundary.value === "string") {
    const m = /^arn:aws[\w-]*:iam::(\d{12}):policy\//.exec(boundary.value);
    if (m) accounts.add(m[1]);
  }
  if (provider?.props) {
    const allowed = tryGet(provider.props, "allowedAccountIds");
    if (allowed.known) for (const id of many<string>(parseJson(plain(allowed.value)))) if (/^\d{12}$/.test(String(id))) accounts.add(String(id));
  }
  return [...accounts].sort();
}

/**
 * A role trusts AWS services and this account only. IAM has no condition key that reads a trust policy (Service
 * Authorization Reference, IAM: CreateRole and UpdateAssumeRolePolicy take iam:PermissionsBoundary and tags only), so
 * the deploy role, which may create roles with the stack's boundary, could otherwise make one another account
 * assumes. Every Allow statement's principals must be service principals (`*.amazonaws.com`), an OIDC or SAML provider
 * of this account (Federated), or this account's root, roles, users or sessions (AWS); never NotPrincipal, a
 * CanonicalUser or `*`. The grammar: IAM user guide, "AWS JSON policy elements: Principal".
 */
export const roleTrustWithinAccount = resourceRule({
  name: "iam-role-trust-within-account",
  description:
    "A role's trust policy lets only AWS services, or principals and identity providers of this account (the account its permissions boundary is in, or its provider's allowedAccountIds), assume it: never another account, a CanonicalUser, NotPrincipal or '*'.",
  covers: ["IAM roles trust only this account and AWS services"],
  enforcementLevel: "mandatory",
  types: ["aws:iam/role:Role"],
  check: (p, _c, args) => {
    const trusts = statements(p.assumeRolePolicy).filter((s) => s.Effect === "Allow");
    const accounts = ownAccounts(p, args.provider);
    const problems: string[] = [];
    const named: { at: string; account: string; principal: string }[] = [];
    for (const s of trusts) {
      const at = `assumeRolePolicy: statement ${sid(s)}`;
      if (s.NotPrincipal !== undefined) problems.push(`${at} allows with NotPrincipal, i.e. every other principal`);
      const principal = s.Principal;
      if (principal === "*" || principal === undefined || typeof principal !== "object") {
        if (s.NotPrincipal === undefined) problems.push(`${at} trusts ${JSON.stringify(principal ?? null)}: name AWS services or principals of this account`);
        continue;
      }
      for (const [kind, values] of Object.entries(principal as Record<string, unknown>)) {
        for (const v of many<string>(values as any).map(String)) {
          if (kind === "Service") {
            if (!SERVICE_PRINCIPAL.test(v)) problems.push(`${at} trusts the service ${JSON.stringify(v)}, which is not an AWS service principal (<name>.amazonaws.com)`);
          } else if (kind === "Federated") {
            const m = /^arn:aws[\w-]*:iam::(\d{12}):(?:oidc-provider|saml-provider)\/./.exec(v);
            if (!m) problems.push(`${at} trusts the identity provider ${JSON.stringify(v)}, which is not an OIDC or SAML provider of this account (arn:aws:iam::<account>:oidc-provider/...)`);
            else named.push({ at, account: m[1], principal: v });
          } else if (kind === "AWS") {
            const account = accountOf(v);
            if (account === undefined) problems.push(`${at} trusts ${JSON.stringify(v)}: name this account's principals by ARN (arn:aws:iam::<account>:...)`);
            else named.push({ at, account, principal: v });
          } else {
            problems.push(`${at} trusts a ${kind} principal (${JSON.stringify(v)}): only Service, Federated and AWS principals of this account`);
          }
        }
      }
    }
    if (named.length > 0 && accounts.length === 0) {
      problems.push("assumeRolePolicy names account principals, but the role shows no account of its own to compare them with: set its permissionsBoundary (the stack's) or the provider's allowedAccountIds");
    } else {
      for (const n of named) if (!accounts.includes(n.account)) problems.push(`${n.at} trusts ${n.principal}, in account ${n.account}: outside this account (${accounts.join(", ")})`);
    }
    return problems;
  },
});

export const privilegePolicies: CredlinkPolicy[] = [roleWritesNeedBoundary, passRoleScoped, s3BucketPatternNoObjectWildcard, githubOidcTrustPinned, ciSelfProtectionDenied, roleHasStackBoundary, roleTrustWithinAccount];
