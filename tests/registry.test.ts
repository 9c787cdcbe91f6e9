/** Registry: an ECR repository with immutable tags, scan on push, its own CMK and a keep-the-last-N lifecycle. */
import { expect } from "chai";
import { Registry, resolveRegistryArgs, validateRegistryArgs } from "../components/app/registry";
import { runComponent } from "../tools/offline/program";
import { keyAdminStatement, viaServiceStatement } from "./helpers/kms";

describe("Registry", () => {
  it("GIVEN the defaults WHEN built THEN the repository is named after the component, immutable, scanned on push and not force-deleted", async () => {
    const { recorder } = await runComponent(() => new Registry("credlink-prod"));
    const repo = recorder.one("aws:ecr/repository:Repository");
    expect(repo.inputs.name).to.equal("credlink-prod");
    expect(repo.inputs.imageTagMutability).to.equal("IMMUTABLE");
    expect(repo.inputs.imageScanningConfiguration).to.deep.equal({ scanOnPush: true });
    expect(repo.inputs.forceDelete).to.equal(false);
  });

  it("GIVEN the defaults WHEN built THEN the repository is encrypted with the registry's own rotating key, usable through ECR only", async () => {
    const { recorder } = await runComponent(() => new Registry("credlink-prod"));
    const key = recorder.one("aws:kms/key:Key", "credlink-prod-ecr");
    expect(key.inputs.enableKeyRotation).to.equal(true);
    expect(key.inputs.deletionWindowInDays).to.equal(30);
    expect(recorder.one("aws:ecr/repository:Repository").inputs.encryptionConfigurations).to.deep.equal([
      { encryptionType: "KMS", kmsKey: key.state.arn },
    ]);
    // The account administers the key; its principals use it only through ECR (which holds a grant for the repository).
    expect(JSON.parse(key.inputs.policy)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [keyAdminStatement(), viaServiceStatement("AllowEcrInThisAccount", ["ecr.us-east-1.amazonaws.com"])],
    });
  });

  it("GIVEN the defaults WHEN built THEN exactly the repository and its key are protected and retained", async () => {
    const { recorder } = await runComponent(() => new Registry("credlink-prod"));
    const kept = recorder.all.filter((r) => r.protect || r.retainOnDelete).map((r) => `${r.type} ${r.name} ${r.protect} ${r.retainOnDelete}`);
    expect(kept).to.have.members(["aws:ecr/repository:Repository credlink-prod true true", "aws:kms/key:Key credlink-prod-ecr true true"]);
    expect(kept).to.have.length(2);
  });

  it("GIVEN protectData off (dev) WHEN built THEN nothing is protected or retained", async () => {
    const { recorder } = await runComponent(() => new Registry("credlink-dev", { protectData: false, forceDelete: true }));
    expect(recorder.all.filter((r) => r.protect || r.retainOnDelete).map((r) => r.urn)).to.deep.equal([]);
  });

  it("GIVEN keepImages 30 WHEN built THEN the lifecycle policy expires every image beyond the newest 30", async () => {
    const { recorder } = await runComponent(() => new Registry("credlink-prod", { keepImages: 30 }));
    const policy = recorder.one("aws:ecr/lifecyclePolicy:LifecyclePolicy");
    expect(policy.inputs.repository).to.equal("credlink-prod");
    expect(JSON.parse(policy.inputs.policy)).to.deep.equal({
      rules: [
        {
          rulePriority: 1,
          description: "Keep the newest 30 images",
          selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 },
          action: { type: "expire" },
        },
      ],
    });
  });

  it("GIVEN the registry WHEN built THEN it exposes the URL CI pushes to", async () => {
    const { result } = await runComponent(() => new Registry("credlink-prod"));
    const url = await new Promise((resolve) => result.repositoryUrl.apply(resolve));
    expect(url).to.equal("123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod");
  });

  it("GIVEN keepImages 0 WHEN validated THEN it is rejected naming keepImages", () => {
    expect(() => validateRegistryArgs(resolveRegistryArgs("credlink-prod", { keepImages: 0 }))).to.throw(
      "keepImages must be an integer from 1 to 1000, got 0",
    );
  });

  it("GIVEN an uppercase repository name WHEN validated THEN it is rejected naming repositoryName", () => {
    expect(() => validateRegistryArgs(resolveRegistryArgs("x", { repositoryName: "CredLink" }))).to.throw(
      'repositoryName must be an ECR repository name (lowercase letters, digits, ".", "_", "-", "/"), got "CredLink"',
    );
  });
});
