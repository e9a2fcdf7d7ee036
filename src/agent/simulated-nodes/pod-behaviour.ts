import { createHash } from 'node:crypto';
import type { Pod } from '../../api/kinds.js';

/** Annotation asking the simulator to end the pod's containers with this exit code. */
export const FAIL_ANNOTATION = 'sim.tugboat.dev/exit-code';
/** Annotation saying how long the pod's containers run before they exit ("30s", "500ms", "2m" or seconds). */
export const RUN_FOR_ANNOTATION = 'sim.tugboat.dev/run-for';

export interface PodBehaviour {
  /** How long containers run before exiting; Infinity for "until deleted". */
  readonly runMs: number;
  /** The exit code containers end with. */
  readonly exitCode: number;
}

export interface BehaviourDefaults {
  /** How long pods with restartPolicy Never or OnFailure run before succeeding. */
  readonly completeAfterMs: number;
  /** The fraction of pods (chosen by UID, so stable) that crash with exit code 1. */
  readonly crashFraction: number;
}

/**
 * What a simulated pod does: run-to-completion pods (restartPolicy Never/OnFailure)
 * exit 0 after `completeAfterMs`; services (Always) run until deleted. The annotations
 * and the crash fraction make containers exit with a code instead.
 */
export function podBehaviour(pod: Pod, defaults: BehaviourDefaults): PodBehaviour {
  const annotations = pod.metadata.annotations ?? {};
  const requested = annotations[FAIL_ANNOTATION];
  const requestedCode = requested === undefined ? Number.NaN : Number.parseInt(requested, 10);
  const exitCode = Number.isInteger(requestedCode) ? requestedCode : crashes(pod, defaults.crashFraction) ? 1 : 0;
  const runFor = parseDuration(annotations[RUN_FOR_ANNOTATION]);
  const runsToCompletion = (pod.spec?.restartPolicy ?? 'Always') !== 'Always';
  if (runFor !== undefined) return { runMs: runFor, exitCode };
  if (exitCode !== 0) return { runMs: runsToCompletion ? defaults.completeAfterMs : 0, exitCode };
  return { runMs: runsToCompletion ? defaults.completeAfterMs : Number.POSITIVE_INFINITY, exitCode };
}

function crashes(pod: Pod, fraction: number): boolean {
  if (fraction <= 0) return false;
  const digest = createHash('sha256').update(pod.metadata.uid ?? pod.metadata.name ?? '').digest();
  return digest.readUInt32BE(0) / 2 ** 32 < fraction;
}

export function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match?.[1] === undefined) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'] ?? 1000;
  return Number(match[1]) * unit;
}
