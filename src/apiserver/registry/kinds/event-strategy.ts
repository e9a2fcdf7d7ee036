import type { ApiObject } from '../../../api/object.js';
import { isPlainObject } from '../../../api/object.js';
import { validateQualifiedName } from '../../../api/names.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

/** Field names of the two Event APIs: core/v1 and events.k8s.io/v1. */
interface EventFields {
  readonly regarding: string;
  readonly reportingController: string;
  readonly note: string;
}

const CORE: EventFields = { regarding: 'involvedObject', reportingController: 'reportingComponent', note: 'message' };
const EVENTS: EventFields = { regarding: 'regarding', reportingController: 'reportingController', note: 'note' };

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** Upstream's legacyValidateEvent, what every Event must satisfy whichever API wrote it. */
function checkLegacy(root: ObjectReader, fields: EventFields): void {
  const { problems } = root;
  const metadata = root.fields['metadata'];
  const namespace = isPlainObject(metadata) && typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '';
  const regarding = root.struct(fields.regarding);
  const regardingNamespace = regarding.string('namespace');
  const namespacePath = root.at('involvedObject', 'namespace');
  if (!isSet(root.raw('eventTime'))) {
    const matches = regardingNamespace === '' ? namespace === '' || namespace === 'default' : namespace === regardingNamespace;
    if (!matches) problems.invalid(namespacePath, regardingNamespace, 'does not match event.namespace');
    return;
  }
  if (regardingNamespace === '' && namespace !== 'default' && namespace !== 'kube-system') {
    problems.invalid(namespacePath, regardingNamespace, 'does not match event.namespace');
  }
  const controller = root.string(fields.reportingController);
  if (controller === '') problems.required(root.at(fields.reportingController));
  problems.invalidEach(root.at(fields.reportingController), controller, validateQualifiedName(controller));
  const limited: [string, string, number][] = [
    ['reportingInstance', 'reportingInstance', REPORTING_INSTANCE_LIMIT],
    ['action', 'action', ACTION_LIMIT],
    ['reason', 'reason', REASON_LIMIT],
  ];
  for (const [field, path, limit] of limited) {
    const value = root.string(field);
    if (value === '') problems.required(root.at(path));
    if (value.length > limit) problems.invalid(root.at(path), '', `can have at most ${limit} characters`);
  }
  if (root.string(fields.note).length > NOTE_LIMIT) problems.invalid(root.at('message'), '', `can have at most ${NOTE_LIMIT} characters`);
}

/** Upstream's strict rules for Events written through events.k8s.io/v1. */
function checkStrict(root: ObjectReader): void {
  const { problems } = root;
  const series = root.object('series');
  if (series !== undefined) {
    const count = series.int('count') ?? 0;
    if (count < 2) problems.invalid(series.at('count'), count, 'should be at least 2');
    if (!isSet(series.raw('lastObservedTime'))) problems.required(series.at('lastObservedTime'));
  }
  if (!isSet(root.raw('eventTime'))) problems.required(root.at('eventTime'));
  const type = root.string('type');
  if (type !== 'Normal' && type !== 'Warning') problems.invalid(root.at('type'), '', `has invalid value: ${type}`);
  if (isSet(root.raw('deprecatedFirstTimestamp'))) problems.invalid(root.at('firstTimestamp'), '', 'needs to be unset');
  if (isSet(root.raw('deprecatedLastTimestamp'))) problems.invalid(root.at('lastTimestamp'), '', 'needs to be unset');
  if ((root.int('deprecatedCount') ?? 0) !== 0) problems.invalid(root.at('count'), '', 'needs to be unset');
  const source = root.object('deprecatedSource');
  if (source !== undefined && (source.string('component') !== '' || source.string('host') !== '')) problems.invalid(root.at('source'), '', 'needs to be unset');
}

/** Events: core/v1 gets upstream's legacy checks only; events.k8s.io/v1 the strict ones on create too. */
export class EventStrategy extends KindStrategy {
  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const strict = this.info.group === 'events.k8s.io';
    checkLegacy(root, strict ? EVENTS : CORE);
    if (strict && old === undefined) checkStrict(root);
  }
}
