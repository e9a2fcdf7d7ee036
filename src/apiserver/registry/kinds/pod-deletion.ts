import type { ApiObject } from '../../../api/object.js';
import { objectAt } from './json.js';

/** Upstream's default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

/**
 * How long a deleted pod stays, marked, so its node's agent can stop it gracefully:
 * the requested period, else the pod's terminationGracePeriodSeconds; 0 for pods no
 * node runs (unscheduled) and for pods that already finished, as upstream.
 */
export function podDeletionGracePeriodSeconds(pod: ApiObject, requested: number | undefined): number {
  const spec = objectAt(pod, 'spec');
  const phase = objectAt(pod, 'status')?.['phase'];
  const nodeName = spec?.['nodeName'];
  if (typeof nodeName !== 'string' || nodeName === '' || phase === 'Succeeded' || phase === 'Failed') return 0;
  const own = spec?.['terminationGracePeriodSeconds'];
  const period = requested ?? (typeof own === 'number' ? own : DEFAULT_GRACE_SECONDS);
  return period < 0 ? 1 : period;
}
