/** The two stack-level keys: the AWS region (the provider's own key) and which environment's rules apply. */
import { z } from "zod";
import { regionName } from "./lib";

/**
 * Which rules apply: prod enforces the reliability rules each module's keys name ("prod must be ...").
 */
export const environment = z.enum(["dev", "prod"]);

/**
 * `aws:region`, the AWS provider's own key: the region of the primary provider. Read beside the `credlink:` namespace
 * (parseStackConfig checks it with regionProblem).
 * @accepts a value of the provider's `aws.Region`, commercial partition (not `cn-*`, `us-gov-*`, ISO, `eusc-*`)
 */
export const awsRegion = regionName;
