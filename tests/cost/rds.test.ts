/** Pricer: RDS instances (instance-hours, gp3 storage and IOPS, backup storage as usage, the RDS-managed secret). */
import { expect } from "chai";
import { T } from "../../policy/lib/types";
import { baseline, price, res, unknownUsage, unpricedLine, usageOf } from "../helpers/pricing";

const NO_BACKUP = unknownUsage("RDS backup storage beyond 100% of allocated", "depends on usage: $0.095/GB-month of backup beyond 100% of allocated storage (no GB-month in usage.yml)");
const db = (props: Record<string, any>) => res(T.rdsInstance, "db", { engine: "postgres", instanceClass: "db.t4g.micro", storageType: "gp3", allocatedStorage: 20, ...props });

describe("pricer: RDS instance", () => {
  it("GIVEN db.t4g.micro Multi-AZ with 20 GB gp3 and an RDS-managed password THEN 730 x 0.032 + 20 x 0.23 + 0.40 = $28.36", () => {
    expect(price(db({ multiAz: true, manageMasterUserPassword: true })).lines).to.deep.equal([
      baseline("RDS postgres db.t4g.micro Multi-AZ", 2336, "730 h x $0.032/instance-hour"),
      baseline("RDS gp3 storage 20 GB", 460, "20 GB x $0.23/GB-month gp3 (Multi-AZ)"),
      NO_BACKUP,
      baseline("Secrets Manager secret (RDS-managed master password)", 40, "1 x $0.4/secret-month"),
    ]);
  });

  it("GIVEN db.t4g.small single-AZ, 100 GB gp3 at 12,000 IOPS and 10 GB of extra backup THEN $23.36 + $11.50 + 9,000 x $0.02 + $0.95", () => {
    const { lines } = price(db({ instanceClass: "db.t4g.small", allocatedStorage: 100, iops: 12000 }), { usage: { rds: { backupGbBeyondAllocated: 10 } } });
    expect(lines).to.deep.equal([
      baseline("RDS postgres db.t4g.small single-AZ", 2336, "730 h x $0.032/instance-hour"),
      baseline("RDS gp3 storage 100 GB", 1150, "100 GB x $0.115/GB-month gp3 (single-AZ)"),
      baseline("RDS gp3 IOPS above 3,000 (12000)", 18000, "9000 x $0.02/provisioned IOPS-month above 3,000"),
      usageOf("RDS backup storage beyond 100% of allocated", 95, "10 GB-month x $0.095/GB-month of backup beyond 100% of allocated storage"),
    ]);
  });

  it("GIVEN exactly 3,000 IOPS THEN no IOPS line (3,000 are included)", () => {
    expect(price(db({ iops: 3000 })).lines.map((l) => l.item)).to.deep.equal(["RDS postgres db.t4g.micro single-AZ", "RDS gp3 storage 20 GB", NO_BACKUP.item]);
  });

  it("GIVEN a class or an engine the table lacks THEN the instance is unpriced, naming both; its storage is still priced", () => {
    expect(price(db({ instanceClass: "db.r7g.16xlarge" })).lines.slice(0, 2)).to.deep.equal([unpricedLine("no price for postgres db.r7g.16xlarge"), baseline("RDS gp3 storage 20 GB", 230, "20 GB x $0.115/GB-month gp3 (single-AZ)")]);
    expect(price(db({ engine: "mysql" })).lines[0]).to.deep.equal(unpricedLine("no price for mysql db.t4g.micro"));
  });

  it("GIVEN the default storage type (gp2) THEN its storage is unpriced: only gp3 is in the table", () => {
    expect(price(db({ storageType: undefined })).lines[1]).to.deep.equal(unpricedLine("20 GB of gp2 storage: only gp3 is in the price table"));
  });

  it("GIVEN no allocatedStorage THEN 20 GB is assumed and said", () => {
    const { lines, assumptions } = price(db({ allocatedStorage: undefined }));
    expect([lines[1], assumptions]).to.deep.equal([baseline("RDS gp3 storage 20 GB", 230, "20 GB x $0.115/GB-month gp3 (single-AZ)"), ["db: allocatedStorage unknown, assumed 20 GB"]]);
  });
});
