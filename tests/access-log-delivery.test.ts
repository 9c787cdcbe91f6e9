/**
 * Who may write the ALB's access logs, per region: the regional Elastic Load Balancing account where AWS has one
 * (regions before August 2022), the log delivery service principal everywhere else. And the mocks answer like AWS for
 * every commercial region, so the plan runs in any region config accepts.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";
import { ELB_ACCOUNT_REGIONS, ELB_LOG_DELIVERY_SERVICE, deliversAsElbAccount } from "../components/lib/elb-log-delivery";
import { LoadBalancer } from "../components/app/load-balancer";
import { ELB_ACCOUNTS } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { ALB_SG, PUBLIC_SUBNETS, VPC_ID } from "./fixtures/app";

const GET_SERVICE_ACCOUNT = "aws:elb/getServiceAccount:getServiceAccount";
const COMMERCIAL_REGIONS = Object.values(aws.Region).filter((r) => !/^(cn|us-gov|us-iso[a-z]*|eu-iso[a-z]*|eusc)-/.test(r));

/** Builds the load balancer in `region` and returns the access-log bucket policy's log-delivery statement. */
async function deliveryStatementIn(region: string) {
  const { recorder } = await runComponent(
    () => new LoadBalancer("credlink-prod", { vpcId: VPC_ID, subnetIds: PUBLIC_SUBNETS, securityGroupId: ALB_SG }),
    { region },
  );
  const bucketArn = recorder.one("aws:s3/bucket:Bucket", "credlink-prod-alb-logs").state.arn;
  const policy = JSON.parse(recorder.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
  return { recorder, bucketArn, statement: policy.Statement[0] };
}

describe("ALB access-log delivery per region", () => {
  it("GIVEN us-east-1 (an ELB account region) WHEN the load balancer is built THEN only the regional ELB account may write the logs", async () => {
    const { recorder, bucketArn, statement } = await deliveryStatementIn("us-east-1");
    expect(statement).to.deep.equal({
      Sid: "ElbAccessLogDelivery",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::127311923021:root" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/alb/AWSLogs/123456789012/*`,
    });
    expect(recorder.unmockedInvokes).to.deep.equal([]);
  });

  it("GIVEN ap-southeast-5 (launched 2024, no ELB account) WHEN built THEN the log delivery service principal writes the logs, without asking for an account", async () => {
    const { recorder, bucketArn, statement } = await deliveryStatementIn("ap-southeast-5");
    expect(statement).to.deep.equal({
      Sid: "ElbAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${bucketArn}/alb/AWSLogs/123456789012/*`,
    });
    expect(recorder.invokes.map((i) => i.token)).not.to.include(GET_SERVICE_ACCOUNT);
    expect(recorder.unmockedInvokes).to.deep.equal([]);
  });

  it("GIVEN the regions either side of August 2022 WHEN classified THEN Jakarta (2021) has an account and Hyderabad, Zurich, Calgary (2022 on) use the principal", () => {
    expect(["ap-southeast-3", "me-south-1", "eu-south-1"].map(deliversAsElbAccount)).to.deep.equal([true, true, true]);
    expect(["me-central-1", "ap-south-2", "eu-central-2", "eu-south-2", "ap-southeast-4", "il-central-1", "ca-west-1", "mx-central-1"].map(deliversAsElbAccount)).to.deep.equal(
      [false, false, false, false, false, false, false, false],
    );
    expect(ELB_LOG_DELIVERY_SERVICE).to.equal("logdelivery.elasticloadbalancing.amazonaws.com");
  });

  it("GIVEN every commercial region of aws.Region WHEN the component asks for an ELB account THEN the mocks know it exactly where the component asks", () => {
    const asks = COMMERCIAL_REGIONS.filter(deliversAsElbAccount).sort();
    expect(asks).to.deep.equal(Object.keys(ELB_ACCOUNTS).sort());
    expect(asks).to.have.length(22);
    // Every region in the component's table is one the provider knows.
    expect(ELB_ACCOUNT_REGIONS.filter((r) => !(Object.values(aws.Region) as string[]).includes(r))).to.deep.equal([]);
  });
});
