/**
 * Where the stacks' permissions boundaries live (an IAM path). A customer managed policy under it is a boundary: it
 * caps roles and grants nothing, so the grant rules read it as a boundary (a service wildcard on `*` is how a boundary
 * names the services it leaves open) and the privilege rules refuse attaching it to a role as a grant. The component
 * that creates the boundaries uses the same path (components/cicd/deploy-policy.ts, BOUNDARY_POLICY_PATH; a test
 * holds the two equal).
 */
export const BOUNDARY_POLICY_PATH = "/credlink-boundary/";

/** Whether a resource is a permissions boundary policy (by its path). */
export const isBoundaryPolicy = (type: string, props: Record<string, any>) => type === "aws:iam/policy:Policy" && props.path === BOUNDARY_POLICY_PATH;

/**
 * The CI boundary's name ends with this (components/cicd/boundary.ts, CI_BOUNDARY_SUFFIX; a test holds the two equal):
 * the deploy and preview roles carry it, and no role an AWS service assumes may.
 */
export const CI_BOUNDARY_SUFFIX = "-ci-boundary";
