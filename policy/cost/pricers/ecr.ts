/** ECR: repositories cost their storage (the stack-wide ECR usage line); their policies are free. */
import { T } from "../../lib/types";
import { free } from "./free";
import type { Pricer } from "./types";

export const ecrPricers: Readonly<Record<string, Pricer>> = {
  [T.ecrRepository]: (r, ctx) => ctx.push(r, "ECR repository", 0, 0, "charged by storage: see the stack's ECR usage line", "free"),
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": free("free"),
  "aws:ecr/repositoryPolicy:RepositoryPolicy": free("free"),
};
