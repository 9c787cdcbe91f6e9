/**
 * The task sizes Fargate accepts (Linux, platform 1.4.0): each CPU value allows a fixed set of memory values.
 * Source: the "Task CPU and memory" table of the Amazon ECS Developer Guide (task_definition_parameters, Fargate).
 */

interface MemoryRange {
  /** MiB */
  readonly min: number;
  /** MiB */
  readonly max: number;
  /** MiB */
  readonly step: number;
}

/** CPU units (1024 = 1 vCPU) -> allowed memory (MiB). */
export const FARGATE_TASK_SIZES: Readonly<Record<number, readonly number[] | MemoryRange>> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: [2048, 3072, 4096, 5120, 6144, 7168, 8192],
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

/** The CPU values Fargate accepts. */
export const FARGATE_CPU_VALUES: readonly number[] = Object.keys(FARGATE_TASK_SIZES).map(Number);

/** True when `memory` MiB is a Fargate size for `cpu` units. */
export function isFargateSize(cpu: number, memory: number): boolean {
  const allowed = FARGATE_TASK_SIZES[cpu];
  if (allowed === undefined) return false;
  if (Array.isArray(allowed)) return allowed.includes(memory);
  const range = allowed as MemoryRange;
  return Number.isInteger(memory) && memory >= range.min && memory <= range.max && (memory - range.min) % range.step === 0;
}

/** The memory values allowed for `cpu`, in words, for error messages. */
export function describeFargateMemory(cpu: number): string {
  const allowed = FARGATE_TASK_SIZES[cpu];
  if (allowed === undefined) return "none";
  if (Array.isArray(allowed)) return allowed.join(", ");
  const range = allowed as MemoryRange;
  return `${range.min} to ${range.max} in steps of ${range.step}`;
}
