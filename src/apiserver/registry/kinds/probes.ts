import { checkNonnegative, checkPositive } from './numbers.js';
import type { ObjectReader } from './object-reader.js';
import { checkPortNumOrName, validatePortNumber } from './ports.js';

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'] as const;
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'] as const;
const HTTP_HEADER_NAME = /^[-!#$%&'*+.^_`|~0-9A-Za-z]+$/;

/** Upstream's validateHandler: exactly one action, each valid. */
function checkHandler(handler: ObjectReader, kinds: readonly string[]): void {
  const { problems } = handler;
  let count = 0;
  for (const kind of kinds) {
    const action = handler.object(kind);
    if (action === undefined) continue;
    if (count > 0) {
      problems.forbidden(action.path, 'may not specify more than 1 handler type');
      continue;
    }
    count++;
    if (kind === 'exec' && action.strings('command').length === 0) problems.required(action.at('command'));
    if (kind === 'httpGet') checkHttpGet(action);
    if (kind === 'tcpSocket') checkPortNumOrName(problems, action.at('port'), action.raw('port'));
    if (kind === 'grpc') problems.invalidEach(action.at('port'), action.int('port') ?? 0, validatePortNumber(action.int('port') ?? 0));
    if (kind === 'sleep') checkNonnegative(problems, action.at('seconds'), action.int('seconds'));
  }
  if (count === 0) problems.required(handler.path, 'must specify a handler type');
}

function checkHttpGet(action: ObjectReader): void {
  const { problems } = action;
  if (action.string('path') === '') problems.required(action.at('path'));
  checkPortNumOrName(problems, action.at('port'), action.raw('port'));
  const scheme = action.string('scheme');
  if (scheme !== 'HTTP' && scheme !== 'HTTPS') problems.notSupported(action.at('scheme'), scheme, ['HTTP', 'HTTPS']);
  for (const header of action.objects('httpHeaders')) {
    const name = header.string('name');
    if (!HTTP_HEADER_NAME.test(name)) {
      problems.invalid(header.at('name'), name, "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')");
    }
  }
}

/** Upstream's validateProbe plus the per-kind rules of liveness, readiness and startup probes. */
export function checkProbe(probe: ObjectReader | undefined, kind: 'liveness' | 'readiness' | 'startup'): void {
  if (probe === undefined) return;
  const { problems } = probe;
  checkHandler(probe, HANDLERS);
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    checkNonnegative(problems, probe.at(field), probe.int(field));
  }
  const grace = probe.int('terminationGracePeriodSeconds');
  if (kind === 'readiness' && grace !== undefined) {
    problems.invalid(probe.at('terminationGracePeriodSeconds'), grace, 'must not be set for readinessProbes');
  } else {
    checkPositive(problems, probe.at('terminationGracePeriodSeconds'), grace);
  }
  const success = probe.int('successThreshold');
  if (kind !== 'readiness' && success !== undefined && success !== 1) problems.invalid(probe.at('successThreshold'), success, 'must be 1');
}

/** Upstream's validateLifecycle: postStart and preStop handlers. */
export function checkLifecycle(lifecycle: ObjectReader | undefined): void {
  if (lifecycle === undefined) return;
  for (const hook of ['postStart', 'preStop']) {
    const handler = lifecycle.object(hook);
    if (handler !== undefined) checkHandler(handler, LIFECYCLE_HANDLERS);
  }
}
