/**
 * Workload hardening: containers, platform versions and patching. Mandatory in every environment.
 */
import { truthy } from "../lib/aws";
import { CredlinkPolicy, many, parseJson, plain, resourceRule } from "../lib/rules";
import { T } from "../lib/types";

/** The containers of a task definition (containerDefinitions arrives as a JSON string). */
export function containers(p: Record<string, any>): any[] {
  return many<any>(parseJson(plain(p.containerDefinitions)));
}

const perContainer = (check: (c: any) => string | undefined) => (p: Record<string, any>) =>
  containers(p)
    .map((c) => ({ c, problem: check(c) }))
    .filter((x) => x.problem)
    .map((x) => `container ${x.c.name ?? "?"}: ${x.problem}`);

export const ecsNotPrivileged = resourceRule({
  name: "ecs-container-not-privileged",
  description: "No ECS container runs privileged.",
  covers: ["CKV_AWS_334"],
  enforcementLevel: "mandatory",
  types: [T.ecsTaskDefinition],
  check: perContainer((c) => (truthy(c.privileged) ? "privileged must be false" : undefined)),
});

export const ecsReadOnlyRoot = resourceRule({
  name: "ecs-container-read-only-root-filesystem",
  description: "Every ECS container mounts its root filesystem read-only.",
  covers: ["CKV_AWS_336"],
  enforcementLevel: "mandatory",
  types: [T.ecsTaskDefinition],
  check: perContainer((c) => (truthy(c.readonlyRootFilesystem) ? undefined : "readonlyRootFilesystem must be true")),
});

export const ecsNonRootUser = resourceRule({
  name: "ecs-container-runs-as-non-root",
  description: "Every ECS container runs as a non-root user.",
  covers: [],
  enforcementLevel: "mandatory",
  types: [T.ecsTaskDefinition],
  check: perContainer((c) => {
    const user = String(c.user ?? "");
    return !user || user === "root" || user === "0" || user.startsWith("0:") || user.startsWith("root:") ? "user must name a non-root user or uid" : undefined;
  }),
});

/** Names that say "credential". PASS also catches PASSPHRASE; PWD and DSN (a connection string) usually carry one. */
const SECRET_NAME = /(PASS|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH|DSN)/i;
/** Values that are, or carry, a credential whatever the variable is called. */
const SECRET_VALUE: [RegExp, string][] = [
  [/^arn:aws[\w-]*:secretsmanager:/, "is a Secrets Manager ARN: pass it through `secrets`"],
  [/^arn:aws[\w-]*:ssm:.*:parameter\//, "is an SSM parameter ARN: pass it through `secrets`"],
  // userinfo with a password part, the user possibly empty: scheme://user:pass@host and scheme://:token@host
  [/[a-z][a-z0-9+.-]*:\/\/[^/\s@:]*:[^/\s@]+@/i, "is a URL with embedded credentials"],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "looks like an AWS access key id"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "is a PEM private key"],
  [/\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/, "looks like a JSON Web Token"],
  [/\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|xox[abprs]-[\w-]{10,}|sk_live_\w{16,}|AIza[\w-]{35})\b/, "looks like an API token (GitHub, Slack, Stripe or Google)"],
];
/** A long base64-like run with upper case, lower case and digits (an AWS secret key is 40 such characters). */
const looksLikeKey = (value: string): boolean =>
  /(^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{32,}={0,2}($|[^A-Za-z0-9+/=])/.test(value) &&
  [...value.matchAll(/[A-Za-z0-9+/]{32,}/g)].some((m) => /[a-z]/.test(m[0]) && /[A-Z]/.test(m[0]) && /[0-9]/.test(m[0]));

export const ecsNoPlaintextSecrets = resourceRule({
  name: "ecs-container-no-secrets-in-environment",
  description: "Credentials reach ECS containers only through `secrets` (Secrets Manager/SSM), never through plaintext `environment`: checked by name (PASS, PWD, SECRET, TOKEN, KEY, DSN...) and by value (URLs with credentials, key-like strings).",
  covers: ["AVD-AWS-0036"],
  enforcementLevel: "mandatory",
  types: [T.ecsTaskDefinition],
  check: (p) =>
    containers(p).flatMap((c) =>
      many<any>(c.environment).flatMap((e) => {
        const name = String(e.name ?? "");
        const value = String(e.value ?? "");
        const problems: string[] = [];
        if (SECRET_NAME.test(name) && value) problems.push(`container ${c.name}: environment ${name} looks like a credential; use secrets`);
        for (const [re, why] of SECRET_VALUE) if (re.test(value)) problems.push(`container ${c.name}: environment ${name} ${why}`);
        if (looksLikeKey(value)) problems.push(`container ${c.name}: environment ${name} looks like a key (a long mixed-case base64 string); use secrets`);
        return problems;
      }),
    ),
});

export const ecsDropAllCapabilities = resourceRule({
  name: "ecs-container-drops-all-capabilities",
  description: "Every ECS container drops ALL Linux capabilities (linuxParameters.capabilities.drop) and adds none back.",
  covers: ["CKV_AWS_97"],
  enforcementLevel: "mandatory",
  types: [T.ecsTaskDefinition],
  check: perContainer((c) => {
    const caps = c.linuxParameters?.capabilities ?? {};
    const drop = many<string>(caps.drop).map((x) => String(x).toUpperCase());
    const add = many<string>(caps.add);
    if (!drop.includes("ALL")) return "linuxParameters.capabilities.drop must include ALL";
    return add.length ? `linuxParameters.capabilities.add must be empty, got ${add.join(", ")}` : undefined;
  }),
});

export const ecsLatestPlatform = resourceRule({
  name: "ecs-fargate-platform-version-latest",
  description: "Fargate services run on platform version LATEST, so they get the platform's security fixes.",
  covers: ["CKV_AWS_332"],
  enforcementLevel: "mandatory",
  types: [T.ecsService],
  check: (p, _c, args) => {
    if (p.launchType && p.launchType !== "FARGATE") args.notApplicable("not a Fargate service");
    return !p.platformVersion || p.platformVersion === "LATEST" ? undefined : `platformVersion must be LATEST, got ${p.platformVersion}`;
  },
});

export const rdsAutoMinorUpgrade = resourceRule({
  name: "rds-auto-minor-version-upgrade",
  description: "RDS instances take minor engine upgrades (security patches) automatically in their maintenance window.",
  covers: ["CKV_AWS_226"],
  enforcementLevel: "mandatory",
  types: [T.rdsInstance],
  check: (p) => (p.autoMinorVersionUpgrade === false ? "autoMinorVersionUpgrade must not be false" : undefined),
});

export const ecrImmutableScanned = resourceRule({
  name: "ecr-repository-immutable-and-scanned",
  description:
    "ECR repositories have immutable tags and scan images on push; so do the repositories a creation template makes (the DR region's replicas: scanning there is the registry's own configuration).",
  covers: ["CKV_AWS_163"],
  enforcementLevel: "mandatory",
  types: [T.ecrRepository, T.ecrCreationTemplate],
  check: (p, _c, args) => {
    const problems: string[] = [];
    // A template left MUTABLE makes every replica ECR creates from it mutable (ECR API reference, CreateRepositoryCreationTemplate).
    if (!String(p.imageTagMutability ?? "MUTABLE").startsWith("IMMUTABLE")) problems.push("imageTagMutability must be IMMUTABLE");
    if (args.type === T.ecrRepository && !truthy(p.imageScanningConfiguration?.scanOnPush)) problems.push("imageScanningConfiguration.scanOnPush must be true");
    return problems;
  },
});

export const hardeningPolicies: CredlinkPolicy[] = [
  ecsNotPrivileged,
  ecsReadOnlyRoot,
  ecsNonRootUser,
  ecsNoPlaintextSecrets,
  ecsDropAllCapabilities,
  ecsLatestPlatform,
  rdsAutoMinorUpgrade,
  ecrImmutableScanned,
];
