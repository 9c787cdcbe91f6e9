/** Pricer: KMS keys and Secrets Manager secrets, with their free companions. */
import { expect } from "chai";
import { T } from "../../policy/lib/types";
import { baseline, freeLine, price, res } from "../helpers/pricing";

describe("pricer: keys and secrets", () => {
  it("GIVEN a KMS customer managed key THEN $1 a month", () => {
    expect(price(res(T.kmsKey, "k")).lines).to.deep.equal([baseline("KMS customer managed key", 100, "1 x $1/customer managed key-month")]);
  });

  it("GIVEN a secret THEN $0.40 a month; its versions and rotation THEN free", () => {
    expect(price(res(T.secret, "s")).lines).to.deep.equal([baseline("Secrets Manager secret", 40, "1 x $0.4/secret-month")]);
    expect(price(res("aws:secretsmanager/secretVersion:SecretVersion", "s")).lines).to.deep.equal([freeLine("SecretVersion", "free: versions are part of the secret's price")]);
    expect(price(res(T.secretRotation, "s")).lines).to.deep.equal([freeLine("SecretRotation", "free: rotation is free (its Lambda is priced separately)")]);
  });
});
