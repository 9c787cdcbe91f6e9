/** Plan summaries for the application tier's types. */
import { Summarizer } from "./types";

/** "forward", "redirect -> 443 (HTTP_301)", ... for a listener's default action. */
export function listenerAction(inputs: Record<string, any>): string | undefined {
  const action = inputs.defaultActions?.[0];
  if (!action) return undefined;
  if (action.type === "redirect") return `redirect -> ${action.redirect?.protocol ?? ""} ${action.redirect?.port ?? ""} (${action.redirect?.statusCode ?? ""})`.replace(/\s+/g, " ");
  return action.type;
}

export const appSummaries: Record<string, Summarizer> = {
  "aws:lb/listener:Listener": ({ inputs }) => ({ action: listenerAction(inputs) }),
  "aws:lb/loadBalancer:LoadBalancer": ({ inputs }) => ({
    subnets: inputs.subnets?.length,
    dropInvalidHeaders: inputs.dropInvalidHeaderFields,
    desync: inputs.desyncMitigationMode,
    deletionProtection: inputs.enableDeletionProtection,
  }),
  "aws:lb/targetGroup:TargetGroup": ({ inputs }) => ({ targets: inputs.targetType, health: inputs.healthCheck?.path }),
  "aws:ecs/taskDefinition:TaskDefinition": ({ inputs }) => ({ arch: inputs.runtimePlatform?.cpuArchitecture }),
  "aws:ecs/service:Service": ({ inputs }) => ({
    launch: inputs.launchType,
    platform: inputs.platformVersion,
    deploy: `${inputs.deploymentMinimumHealthyPercent ?? "?"}%-${inputs.deploymentMaximumPercent ?? "?"}%`,
    circuitBreaker: inputs.deploymentCircuitBreaker?.rollback ? "rollback" : inputs.deploymentCircuitBreaker?.enable ? "on" : undefined,
    alarmRollback: inputs.alarms?.rollback ? `${inputs.alarms.alarmNames?.length ?? 0} alarms` : undefined,
  }),
  "aws:appautoscaling/target:Target": ({ inputs }) => ({ min: inputs.minCapacity, max: inputs.maxCapacity }),
};
