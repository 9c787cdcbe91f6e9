import { DeployIdentity } from "@credlink/components";
import { onPrimary, StackContext } from "./context";

/** The roles GitHub Actions deploys and previews this stack with (OIDC, no stored AWS keys); only with credlink:cicd. */
export function deployIdentity(s: StackContext): DeployIdentity | undefined {
  const { cfg } = s;
  if (cfg.cicd === undefined) return undefined;
  return new DeployIdentity(
    `${s.base}-cicd`,
    {
      githubOwner: cfg.cicd.github.owner,
      githubRepo: cfg.cicd.github.repo,
      environment: cfg.environment,
      resourcePrefix: s.base,
      regions: cfg.dr.enabled ? [cfg.region, cfg.dr.region] : [cfg.region],
      createOidcProvider: cfg.cicd.createOidcProvider,
      oidcProviderArn: cfg.cicd.oidcProviderArn,
      hostedZoneId: cfg.domain?.hostedZoneId,
      stateBucket: cfg.cicd.stateBucket,
      project: cfg.project,
      stack: cfg.stack,
      // The account-level singletons' actions, only in the stack that owns them.
      ownsAccountBaseline: cfg.account.baseline,
    },
    onPrimary(s),
  );
}
