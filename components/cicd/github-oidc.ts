/**
 * What GitHub's OIDC token can prove, and the trust conditions that pin it.
 *
 * AWS evaluates the token's `aud` and `sub` (GitHub Docs, "Configuring OpenID Connect in Amazon Web Services": IAM
 * recommends evaluating `token.actions.githubusercontent.com:sub`; custom claims are not supported). So everything the
 * trust must pin goes into `sub`, through the repository's subject customization (GitHub Docs, "OpenID Connect
 * reference", "Customizing the subject claims for an organization or repository"): with `include_claim_keys` set, `sub`
 * is each key and its value, in that order, joined by `:`; `context` is the default subject's part after the repository
 * (`environment:<name>` for a job with an environment, `pull_request` for a pull request's job, `ref:<ref>` otherwise).
 * Example from the same page: `["repo", "context", "job_workflow_ref"]` gives
 * `repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main`.
 *
 * The template is per repository (one API call, PUT /repos/{owner}/{repo}/actions/oidc/customization/sub), so it is
 * the same for every job: the repository's and owner's numeric ids (a renamed or re-created repository is a different
 * id), the context, and the workflow file with the ref it runs from.
 */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** The claims the repository's `sub` is made of, in order. */
export const SUBJECT_CLAIM_KEYS = ["repository_owner_id", "repository_id", "context", "job_workflow_ref"] as const;

/** The exact body of the one-time `PUT /repos/{owner}/{repo}/actions/oidc/customization/sub` (REST API, "GitHub Actions OIDC"). */
export function oidcSubjectCustomization(): { use_default: false; include_claim_keys: string[] } {
  return { use_default: false, include_claim_keys: [...SUBJECT_CLAIM_KEYS] };
}

export interface GitHubRepository {
  readonly owner: string;
  readonly repo: string;
  /** The owner's numeric id (`repository_owner_id`): `gh api users/<owner> --jq .id`. */
  readonly ownerId: string;
  /** The repository's numeric id (`repository_id`): `gh api repos/<owner>/<repo> --jq .id`. */
  readonly repoId: string;
}

/** `owner/repo/<workflow path>@<ref>`: GitHub's `job_workflow_ref` for a workflow defined in this repository. */
export const jobWorkflowRef = (r: GitHubRepository, workflowPath: string, ref: string) => `${r.owner}/${r.repo}/${workflowPath}@${ref}`;

/** A deploy job: in the environment, of the deploy workflow, run from the branch. Exact: compared with StringEquals. */
export function deploySubject(r: GitHubRepository, environment: string, workflowPath: string, branch: string): string {
  return `repository_owner_id:${r.ownerId}:repository_id:${r.repoId}:environment:${environment}:job_workflow_ref:${jobWorkflowRef(r, workflowPath, `refs/heads/${branch}`)}`;
}

/**
 * A pull request's job of the preview workflow, in the stack's preview environment (`<stack>-preview`: prod's has
 * required reviewers, so a pull request's code reaches prod's preview role, and prod's secrets, only once a reviewer
 * approves the run). A job with an environment has `environment:<name>` as its context, whatever the event (GitHub Docs,
 * "OpenID Connect reference", "Filtering for a specific environment"). The pull request's number is the one part no
 * subject can fix (the ref is `refs/pull/<number>/merge`): compared with StringLike, its only wildcard is that number,
 * at the end.
 */
export function previewSubjectPattern(r: GitHubRepository, environment: string, workflowPath: string): string {
  return `repository_owner_id:${r.ownerId}:repository_id:${r.repoId}:environment:${environment}:job_workflow_ref:${jobWorkflowRef(r, workflowPath, "refs/pull/*/merge")}`;
}

/** The GitHub environment a stack's pull-request previews run in, from the stack's deploy environment. */
export const previewEnvironment = (githubEnvironment: string) => `${githubEnvironment}-preview`;

/**
 * The GitHub environment of a stack's check jobs in the deploy workflow (the scan gate; dev's smoke check, load test
 * and DAST scan, which run third-party tooling). A job's subject carries its environment and nothing that names the
 * job, so this is what keeps those jobs' OIDC tokens from the deploy role: only the scan and runner-ingress roles
 * trust it.
 */
export const checksEnvironment = (githubEnvironment: string) => `${githubEnvironment}-checks`;

/** Numeric GitHub ids: 1-20 digits, no leading zero (GitHub's ids are positive integers). */
export const GITHUB_ID_PATTERN = /^[1-9][0-9]{0,19}$/;
/** A workflow file of this repository: `.github/workflows/<name>.yml` or `.yaml`. */
export const WORKFLOW_PATH_PATTERN = /^\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml$/;
/** A branch name GitHub and the `sub` claim can carry without a wildcard character or a colon. */
export const BRANCH_PATTERN = /^(?!.*\.\.)(?!\/)(?!.*\/$)[A-Za-z0-9._/-]{1,200}$/;
