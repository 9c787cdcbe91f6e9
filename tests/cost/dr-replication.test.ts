/** Pricers: what the DR region receives (replicated RDS automated backups, replicated ECR images, the creation template). */
import { expect } from "chai";
import { PRICES } from "../../policy/cost/prices";
import { freeLine, price, res, unknownUsage, usageOf } from "../helpers/pricing";

const BACKUPS = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
const ECR_REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const TRANSFER = "$0.02/GB transferred to another AWS region (us-east-1 to us-west-2)";

describe("pricer: RDS automated backups replication", () => {
  it("GIVEN prod's usage (40 GB kept, 10 GB a month sent) THEN nothing for the replication, 40 x $0.095 + 10 x $0.02 = $4.00 of usage", () => {
    expect(price(res(BACKUPS, "r"), { usage: { rds: { replicatedBackupGb: 40, replicatedTransferGb: 10 } } }).lines).to.deep.equal([
      freeLine("RDS automated backups replication", "free: the replication itself; its storage and transfer are usage"),
      usageOf("RDS replicated backup storage (DR region)", 380, "40 GB-month x $0.095/GB-month of replicated automated backups in the destination region (no free allowance there)"),
      usageOf("RDS backup replication transfer to the DR region", 20, `10 GB x ${TRANSFER}`),
    ]);
  });

  it("GIVEN no usage figures THEN both usage lines say what they cost per unit and stay out of the totals", () => {
    expect(price(res(BACKUPS, "r")).lines.slice(1)).to.deep.equal([
      unknownUsage("RDS replicated backup storage (DR region)", "depends on usage: $0.095/GB-month of replicated automated backups in the destination region (no free allowance there) (no GB-month in usage.yml)"),
      unknownUsage("RDS backup replication transfer to the DR region", `depends on usage: ${TRANSFER} (no GB in usage.yml)`),
    ]);
  });
});

describe("pricer: ECR replication", () => {
  it("GIVEN prod's usage (5 GB of images kept there, 2 GB a month sent) THEN 5 x $0.10 + 2 x $0.02 = $0.54 of usage; the rule itself free", () => {
    expect(price(res(ECR_REPLICATION, "r"), { usage: { ecr: { replicatedStorageGb: 5, replicatedTransferGb: 2 } } }).lines).to.deep.equal([
      freeLine("ECR replication configuration", "free: the rule itself; the replicas' storage and transfer are usage"),
      usageOf("ECR replicated image storage (DR region)", 50, "5 GB-month x $0.1/GB-month stored"),
      usageOf("ECR replication transfer to the DR region", 4, `2 GB x ${TRANSFER}`),
    ]);
  });

  it("GIVEN a repository creation template THEN free: the replicas it creates are priced on the replication", () => {
    expect(price(res(TEMPLATE, "t")).lines).to.deep.equal([freeLine("RepositoryCreationTemplate", "free: a template; the replicas it creates are priced on the replication configuration")]);
  });

  it("GIVEN the S3 RTC price THEN the S3 pricing page's $0.015 per GB, the one the recovery notes use", () => {
    expect([PRICES.s3ReplicationTimeControlGb.usd, PRICES.s3ReplicationTimeControlGb.source]).to.deep.equal([0.015, "Amazon S3 pricing page, Replication: S3 Replication Time Control data transfer"]);
  });
});
