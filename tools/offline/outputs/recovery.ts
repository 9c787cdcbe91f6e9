/** Mock outputs for the recovery tier (credlink:recovery:*): Backup vaults, restore testing plans, FIS templates. */
import { TypeOutputs } from "./types";

export const recoveryOutputs: TypeOutputs = {
  // arn:aws:backup:<region>:<account>:backup-vault:<name> (AWS Backup API reference, CreateBackupVault output).
  "aws:backup/vault:Vault": (_args, ctx) => ({ arn: `arn:aws:backup:${ctx.region}:${ctx.accountId}:backup-vault:${ctx.physicalName}`, name: ctx.physicalName }),
  // The same ARN form (AWS Backup API reference, CreateLogicallyAirGappedBackupVault output, BackupVaultArn).
  "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault": (_args, ctx) => ({ arn: `arn:aws:backup:${ctx.region}:${ctx.accountId}:backup-vault:${ctx.physicalName}`, name: ctx.physicalName }),
  "aws:backup/plan:Plan": (args, ctx) => {
    const id = `${ctx.hex(args.name, 8)}-${ctx.hex(`${args.name}-2`, 4)}-${ctx.hex(`${args.name}-3`, 4)}-${ctx.hex(`${args.name}-4`, 4)}-${ctx.hex(`${args.name}-5`, 12)}`;
    return { arn: `arn:aws:backup:${ctx.region}:${ctx.accountId}:backup-plan:${id}`, version: ctx.hex(`${args.name}-v`, 32) };
  },
  "aws:backup/restoreTestingPlan:RestoreTestingPlan": (args, ctx) => ({
    arn: `arn:aws:backup:${ctx.region}:${ctx.accountId}:restore-testing-plan:${args.inputs.name}-${ctx.hex(args.name, 8)}`,
  }),
  "aws:fis/experimentTemplate:ExperimentTemplate": (_args, ctx) => ({ arn: `arn:aws:fis:${ctx.region}:${ctx.accountId}:experiment-template/${ctx.physicalName}` }),
};
