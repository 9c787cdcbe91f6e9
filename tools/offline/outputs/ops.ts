/** Realistic outputs for the operations tier's resource types (Route 53 health checks). */
import { TypeOutputs } from "./types";

export const opsOutputs: TypeOutputs = {
  // Route 53 is global: a health check's ARN has no region or account. (Its id, a UUID in AWS, is the mock's physical name.)
  "aws:route53/healthCheck:HealthCheck": (_args, ctx) => ({ arn: `arn:aws:route53:::healthcheck/${ctx.physicalName}` }),
};
