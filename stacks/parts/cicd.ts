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
      environment: cfg.environment,
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
    },
    onPrimary(s),
  );
}

/** Whether the load balancer admits an allowlist only (dev): then CI must open it to its runner for a job. */
export const needsRunnerIngress = (cfg: StackConfig) => cfg.awsEdge && !cfg.service.allowedCidrs.includes(ANYWHERE_IPV4);

/**
 * The role the deploy job opens the allowlisted load balancer to its runner with (smoke check, k6, ZAP), only where the
 * load balancer admits an allowlist; trusted by the deploy job's subject alone.
 */
export function runnerIngress(s: Stack, parts: { deployIdentity: DeployIdentity; appSecurityGroups: AppSecurityGroups }): RunnerIngress | undefined {
  if (!needsRunnerIngress(s.cfg)) return undefined;
  return new RunnerIngress(
    `${s.base}-cicd-runner-ingress`,
    {
      securityGroupId: parts.appSecurityGroups.loadBalancerSecurityGroupId,
      oidcProviderArn: parts.deployIdentity.oidcProviderArn,
      subject: parts.deployIdentity.subjects.deploy,
      permissionsBoundary: s.permissionsBoundary,
    },
    onPrimary(s),
  );
}
