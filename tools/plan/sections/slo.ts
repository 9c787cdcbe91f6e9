/**
 * The availability SLO and who its alarms wake: the objective, the error budget, and every alarm with its window or
 * rule and the topic it notifies (page or notify). Read from the registrations, so the table shows what the program
 * made, not what the config meant. The numbers are also in the JSON, under `outputs.slo` (the program's stack output).
 */
import { Registration } from "../../offline/mocks";
import { COMPOSITE_ALARM, describeAlarm, METRIC_ALARM } from "../alarms";
import { SectionBuilder } from "./types";

const ALARM = METRIC_ALARM;
const COMPOSITE = COMPOSITE_ALARM;

/** The `slo` stack output (stacks/index.ts). */
interface SloOutput {
  readonly targetPercent: number;
  readonly latencyThresholdMs: number;
  readonly errorBudgetMinutes: number;
  readonly pagingAlarms: readonly string[];
}

/** What an alarm watches, in a few words, with its own comparison operator (tools/plan/alarms.ts). */
const watches = (alarm: Registration): string => describeAlarm(alarm.type, alarm.inputs);

export const sloSection: SectionBuilder = ({ recorder, outputs }) => {
  const slo = outputs.slo as SloOutput | undefined;
  // credlink:ops.level lean (dev, to save cost) builds no SLO, no dashboard and no tier alarms; the section says so,
  // and still lists the alarms that remain (the service's deployment alarms) with whom they notify.
  const lean = outputs.opsLevel === "lean";
  if (!slo && !lean) return { sections: [] };
  const topicRole = new Map<string, string>();
  for (const topic of recorder.ofType("aws:sns/topic:Topic")) {
    const role = /-(page|notify)$/.exec(topic.name)?.[1];
    if (role) topicRole.set(String(topic.state.arn), role);
  }
  const alarms = [...recorder.ofType(COMPOSITE), ...recorder.ofType(ALARM)];
  const hears = (alarm: Registration) => {
    const roles = [...new Set(((alarm.inputs.alarmActions ?? []) as string[]).map((arn) => topicRole.get(arn) ?? "other"))];
    return roles.length ? roles.join(", ") : "nobody";
  };
  // Paging alarms first, then by name.
  const rank = (a: Registration) => (hears(a).includes("page") ? 0 : 1);
  alarms.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const rows = alarms.map((a) => [a.name, a.type === COMPOSITE ? "composite" : "metric", hears(a), watches(a)]);
  return {
    sections: [
      {
        id: "slo",
        title: "SLO and alarms: who gets woken",
        columns: ["ALARM", "KIND", "NOTIFIES", "WATCHES"],
        rows,
        ...(slo
          ? {
              summary: `SLO ${slo.targetPercent}% good ALB requests (no 5xx, < ${slo.latencyThresholdMs} ms); budget ${slo.errorBudgetMinutes} min/month; pages: ${slo.pagingAlarms.join(", ") || "nothing"}`,
              notes: [
                "Burn-rate windows (SRE workbook): 14.4x over 1h AND 5m, 6x over 6h AND 30m raise service-degraded, which pages; 1x over 3d notifies.",
                "Runbooks: docs/runbooks/<alarm>.md, linked from each alarm's description.",
              ],
            }
          : {
              summary: "ops.level lean: no SLO alarms, no dashboard",
              notes: [
                "credlink:ops.level lean builds no credlink:ops:Slo (burn-rate alarms, service-degraded), no credlink:ops:Dashboard and no credlink:ops:Alarms (tier alarms): no alarm pages.",
                "The alarms above remain: the service's deployment alarms still roll a bad deploy back. Set credlink:ops.level full to rehearse alarm changes (README, \"Dev cost levers\").",
              ],
            }),
      },
    ],
  };
};
