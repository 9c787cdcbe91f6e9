/** `credlink:cicd`: who may deploy the stack from GitHub Actions (`credlink:cicd:DeployIdentity`). */
import { z } from "zod";
import { GITHUB_ID_PATTERN, GITHUB_OWNER_PATTERN, GITHUB_REPO_PATTERN, validateDeployIdentityArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, validatedBy } from "./lib";

const githubId = (what: string) =>
  z.string().regex(GITHUB_ID_PATTERN, { error: `must be the ${what}'s numeric GitHub id as a quoted string (1-20 digits, no leading zero)` });

/**
 * Who may deploy this stack from GitHub Actions (`credlink:cicd:DeployIdentity`, OIDC, no AWS keys; see "CI/CD"), and
 * the stack's permissions boundary, which every role the program creates carries. Each account has its own GitHub
 * OIDC provider (createOidcProvider true); in a deliberately shared account (credlink:account.sharedWith) one of the
 * two stacks creates it.
 */
export const cicd = z
  .strictObject({
    /** The GitHub repository whose workflows may assume the deploy, preview and scan roles. */
    github: z.strictObject({
      /**
       * The repository's owner (user or organization), spelled as GitHub does. REPLACE with yours.
       * @accepts 1-39 letters, digits and single hyphens, not at either end
       */
      owner: z.string().regex(GITHUB_OWNER_PATTERN, { error: "must be a GitHub user or organization name: 1-39 letters, digits and single hyphens, not starting or ending with one" }),
      /**
       * The repository's name, spelled as GitHub does.
       * @accepts 1-100 of `[A-Za-z0-9._-]`, not `.` or `..`
       */
      repo: z.string().regex(GITHUB_REPO_PATTERN, { error: 'must be a GitHub repository name: 1-100 letters, digits, ".", "_" and "-", not "." or ".."' }),
      /**
       * The owner's numeric id (`gh api users/<owner> --jq .id`): the roles' trust starts with it, so a re-created
       * owner of the same name is not trusted. The committed files hold a placeholder (the plan warns): REPLACE it.
       * @accepts GitHub's numeric id as a quoted string
       */
      ownerId: githubId("owner"),
      /**
       * The repository's numeric id (`gh api repos/<owner>/<repo> --jq .id`): a renamed or re-created repository is
       * another id. The trust is `repository_owner_id:<ownerId>:repository_id:<repoId>:<context>:job_workflow_ref:...`,
       * which needs the repository's OIDC subject customization (see "CI/CD").
       * @accepts GitHub's numeric id as a quoted string
       */
      repoId: githubId("repository"),
    }),
    /**
     * Create GitHub's OIDC provider in this stack: an account singleton, so each account's stack creates its own.
     * @accepts `true` in exactly one stack per account (with credlink:account.sharedWith, one of the two)
     */
    createOidcProvider: z.boolean().default(true),
    /**
     * An existing provider to trust instead of the account's default one.
     * @accepts `arn:aws:iam::<account.id>:oidc-provider/token.actions.githubusercontent.com`, or absent; not with
     * `createOidcProvider`
     * @default absent (the account's provider)
     */
    oidcProviderArn: z.string().optional(),
    /**
     * The bucket of a self-managed Pulumi state backend: the roles get exactly this stack's state objects.
     * @accepts an S3 bucket name, or absent
     * @default absent (Pulumi Cloud)
     */
    stateBucket: z.string().optional(),
    /**
     * The stack's secrets-provider key (made by hand before `pulumi stack init`, alias `alias/<project>-<stack>-state`):
     * with its ARN the CI roles' grants name the key itself instead of any key carrying the alias.
     * @accepts `arn:aws:kms:<region>:<account.id>:key/<key id>`, or absent
     * @default absent (the key is named by its alias)
     */
    stateKeyArn: z.string().optional(),
  })
  .superRefine(
    validatedBy((c) =>
      validateDeployIdentityArgs({
        githubOwner: "credlink",
        githubRepo: "infrastructure",
        createOidcProvider: c.createOidcProvider ?? true,
        oidcProviderArn: c.oidcProviderArn,
        stateBucket: c.stateBucket,
        stateKeyArn: c.stateKeyArn,
      }),
    ),
    ALSO_AFTER_TYPE_ERRORS,
  );

/** Placeholders a GitHub id can hold: one digit repeated (the committed files' "11111111" and "22222222"). */
export const isPlaceholderGitHubId = (id: string) => /^(\d)\1*$/.test(id);
