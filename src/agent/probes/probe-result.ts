export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export interface ProbeOutcome {
  readonly success: boolean;
  /** What failed, for the Unhealthy event. */
  readonly output: string;
}
