/**
 * AWS Secrets Manager: the cache AUTH token and the R2 credentials (named after the stack), and the database master
 * secret RDS creates for the caller (`rds!db-<id>`).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html
 *
 * The provider reads a secret version's value back after writing it: the deploy role reads the stack's own secrets'
 * values (never the RDS master secret's); the preview role reads none.
 */
import { DeployScope, place, regional, ServicePermissions } from "./types";

export const stackSecrets = (s: DeployScope) => regional(s, "secretsmanager", `secret:${s.prefix}-*`);

export const secretsmanager: ServicePermissions = {
  service: "secretsmanager",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html",
  types: {
    "aws:secretsmanager/secret:Secret": {
      create: ["secretsmanager:CreateSecret", "secretsmanager:TagResource"],
      read: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"],
      update: ["secretsmanager:UpdateSecret", "secretsmanager:TagResource", "secretsmanager:UntagResource", "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy"],
      delete: ["secretsmanager:DeleteSecret"],
      kmsVia: ["secretsmanager"],
    },
    "aws:secretsmanager/secretVersion:SecretVersion": {
      create: ["secretsmanager:PutSecretValue"],
      read: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      update: ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"],
      delete: ["secretsmanager:UpdateSecretVersionStage"],
      kmsVia: ["secretsmanager"],
    },
  },
  statements: (s, actions) =>
    place(
      "secretsmanager",
      actions,
      [
        // RDS creates, tags and rotates its managed master secret as the caller; the deploy role never reads its value.
        {
          sid: "RdsManagedMasterSecret",
          takes: ["secretsmanager:CreateSecret", "secretsmanager:TagResource", "secretsmanager:RotateSecret", "secretsmanager:DescribeSecret"],
          resources: (x) => regional(x, "secretsmanager", "secret:rds!*"),
          shared: true,
        },
        { sid: "ThisStacksSecrets", takes: /^secretsmanager:/, resources: (x) => stackSecrets(x) },
      ],
      s,
    ),
};
