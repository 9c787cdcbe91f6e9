/** KMS customer managed keys and Secrets Manager secrets: a monthly price each (their requests are stack-wide usage lines). */
import { T } from "../../lib/types";
import { PRICES } from "../prices";
import { free } from "./free";
import type { Pricer } from "./types";

export const keysAndSecretsPricers: Readonly<Record<string, Pricer>> = {
  [T.kmsKey]: (r, ctx) => ctx.push(r, "KMS customer managed key", PRICES.kmsKeyMonth.usd, 0, `1 x ${ctx.rate(PRICES.kmsKeyMonth)}`, "priced", undefined, [ctx.term(1, PRICES.kmsKeyMonth)]),
  [T.secret]: (r, ctx) => ctx.push(r, "Secrets Manager secret", PRICES.secretMonth.usd, 0, `1 x ${ctx.rate(PRICES.secretMonth)}`, "priced", undefined, [ctx.term(1, PRICES.secretMonth)]),
  "aws:secretsmanager/secretVersion:SecretVersion": free("versions are part of the secret's price"),
  [T.secretRotation]: free("rotation is free (its Lambda is priced separately)"),
};
