/** `credlink:cicd`: who may deploy the stack from GitHub Actions (`credlink:cicd:DeployIdentity`). */
import { z } from "zod";
import { GITHUB_OWNER_PATTERN, GITHUB_REPO_PATTERN, validateDeployIdentityArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, validatedBy } from "./lib";

/**
 * Who may deploy this stack from GitHub Actions (`credlink:cicd:DeployIdentity`, OIDC, no AWS keys; see "CI/CD").
 * GitHub's OIDC provider is an account singleton: in an account both stacks share, prod creates it
 * (createOidcProvider true) and dev trusts the account's one. Absent: no deploy identity.
 */
export const cicd = z
  .strictObject({
    /** The GitHub repository whose workflows may assume the deploy and preview roles. */
    github: z.strictObject({
      /**
       * The repository's owner (user or organization), spelled as GitHub does. REPLACE with yours.
       * @accepts 1-39 letters, digits and single hyphens, not at either end
       */
      owner: z.string().regex(GITHUB_OWNER_PATTERN, { error: "must be a GitHub user or organization name: 1-39 letters, digits and single hyphens, not starting or ending with one" }),
      /**
       * The repository's name. The deploy role trusts `repo:<owner>/<repo>:environment:<credlink:environment>`, the
       * preview role `repo:<owner>/<repo>:pull_request`.
       * @accepts 1-100 of `[A-Za-z0-9._-]`, not `.` or `..`
       */
      repo: z.string().regex(GITHUB_REPO_PATTERN, { error: 'must be a GitHub repository name: 1-100 letters, digits, ".", "_" and "-", not "." or ".."' }),
    }),
    /**
     * Create GitHub's OIDC provider in this stack (an account singleton: prod owns it; dev in the same account trusts
     * it).
     * @accepts `true` in one stack per AWS account
     */
    createOidcProvider: z.boolean().default(false),
    /**
     * An existing provider to trust instead of the account's default one.
     * @accepts `arn:aws:iam::<12 digits>:oidc-provider/token.actions.githubusercontent.com`, or absent; not with
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
  })
  .superRefine(
    validatedBy((c) =>
      validateDeployIdentityArgs({
        githubOwner: "credlink",
        githubRepo: "infrastructure",
        createOidcProvider: c.createOidcProvider ?? false,
        oidcProviderArn: c.oidcProviderArn,
        stateBucket: c.stateBucket,
      }),
    ),
    ALSO_AFTER_TYPE_ERRORS,
  )
  .optional();
