import { ANYWHERE_IPV4, AppSecurityGroups, DeployIdentity, RunnerIngress } from "@credlink/components";
import { StackConfig } from "../config";
import { onPrimary, Stack, StackContext } from "./context";

/**
 * The roles GitHub Actions deploys, previews and scans with (OIDC, no stored AWS keys), and the stack's permissions
 * boundary. First in the program: every role after it carries the boundary.
 */
export function deployIdentity(s: StackContext): DeployIdentity {
  const { cfg } = s;
  return new DeployIdentity(
    `${s.base}-cicd`,
    {
      githubOwner: cfg.cicd.github.owner,
      githubRepo: cfg.cicd.github.repo,
      githubOwnerId: cfg.cicd.github.ownerId,
      githubRepoId: cfg.cicd.github.repoId,
      // The tag scope is the environment's (prod's failover stack tags Environment=prod too); the GitHub environments
      // are the stack's own, so prod's deploy job never gets prod-dr's roles, nor prod-dr's prod's.
      environment: cfg.environment,
      githubEnvironment: cfg.stack,
      resourcePrefix: s.base,
      regions: cfg.dr.enabled ? [cfg.region, cfg.dr.region] : [cfg.region],
      createOidcProvider: cfg.cicd.createOidcProvider,
      oidcProviderArn: cfg.cicd.oidcProviderArn,
      hostedZoneId: cfg.domain?.hostedZoneId,
      stateBucket: cfg.cicd.stateBucket,
      stateKeyArn: cfg.cicd.stateKeyArn,
      breakGlassRoleArn: cfg.account.breakGlassRoleArn,
      project: cfg.project,
      stack: cfg.stack,
      // The account-level singletons' actions, only in the stack that owns them.
      ownsAccountBaseline: cfg.account.baseline,
      ...deployScopeNames(cfg),
    },
    onPrimary(s),
  );
}

/**
 * The names the deploy role's scope must add or leave out beyond `<prefix>-*`: the stacks of this account nested under
 * this stack's prefix (prod's failover stack `credlink-prod-dr` beside prod's `credlink-prod`: their names are kept
 * out), and a failover stack's adopted proof replica (`<project>-<primary>-proofs-replica-`: read, never written).
 */
export function deployScopeNames(cfg: Pick<StackConfig, "project" | "stack" | "sameAccountStacks" | "dr">): { nestedStackPrefixes: string[]; adoptedBucketPrefix?: string } {
  const base = `${cfg.project}-${cfg.stack}`;
  const nestedStackPrefixes = cfg.sameAccountStacks.map((other) => `${cfg.project}-${other}`).filter((prefix) => prefix.startsWith(`${base}-`));
  // The pilot light and the failover share one CI identity (CI never changes it): the grant depends on the role alone.
  const adopts = cfg.dr.role === "failover" && cfg.dr.primaryStack !== undefined;
  return { nestedStackPrefixes, ...(adopts ? { adoptedBucketPrefix: `${cfg.project}-${cfg.dr.primaryStack}-proofs-replica-` } : {}) };
}

/** Whether the load balancer admits an allowlist only (dev): then CI must open it to its runner for a job. */
export const needsRunnerIngress = (cfg: StackConfig) => cfg.awsEdge && !cfg.service.allowedCidrs.includes(ANYWHERE_IPV4);

/**
 * The role the check job opens the allowlisted load balancer to its runner with (smoke check, k6, ZAP), only where the
 * load balancer admits an allowlist; trusted by the check job's subject alone (`<stack>-checks`).
 */
export function runnerIngress(s: Stack, parts: { deployIdentity: DeployIdentity; appSecurityGroups: AppSecurityGroups }): RunnerIngress | undefined {
  if (!needsRunnerIngress(s.cfg)) return undefined;
  return new RunnerIngress(
    `${s.base}-cicd-runner-ingress`,
    {
      securityGroupId: parts.appSecurityGroups.loadBalancerSecurityGroupId,
      oidcProviderArn: parts.deployIdentity.oidcProviderArn,
      // The check job's subject: the job that runs k6 and ZAP never holds a token the deploy role accepts.
      subject: parts.deployIdentity.subjects.checks,
      permissionsBoundary: s.permissionsBoundary,
    },
    onPrimary(s),
  );
}
