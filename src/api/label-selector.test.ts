import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TugError } from '../util/errors.js';
import { fieldErrorMessage } from './field-errors.js';
import { FieldPath } from './field-path.js';
import { fromLabelSelector, LabelSelector, parseLabelSelector, SelectorError, validateLabelSelector } from './label-selector.js';

const path = FieldPath.root('spec', 'selector');

test('a parsed selector matches only labels meeting every requirement', () => {
  const selector = parseLabelSelector('app=web,tier!=db,env in (prod,qa),!legacy');
  assert.ok(selector.matches({ app: 'web', env: 'prod' }));
  assert.ok(!selector.matches({ app: 'web', env: 'prod', tier: 'db' }));
  assert.ok(!selector.matches({ app: 'web', env: 'prod', legacy: 'true' }));
  assert.ok(!selector.matches(undefined));
});

test('a selector prints in key order as upstream', () => {
  assert.equal(parseLabelSelector('tier!=db, app=web,env in (qa,prod)').toString(), 'app=web,env in (prod,qa),tier!=db');
});

test('an empty selector string matches everything, even no labels', () => {
  const selector = parseLabelSelector('');
  assert.ok(selector.isEverything());
  assert.ok(selector.matches(undefined));
  assert.equal(selector.toString(), '');
});

test('selector errors are TugErrors with a stable code', () => {
  try {
    parseLabelSelector('a in (');
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(error instanceof SelectorError && error instanceof TugError);
    assert.equal(error.code, 'InvalidSelector');
    assert.equal(error.name, 'SelectorError');
  }
});

test('a label selector object becomes a selector of its labels and expressions', () => {
  const result = fromLabelSelector({
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'qa'] },
      { key: 'tier', operator: 'NotIn', values: ['db'] },
      { key: 'gpu', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist', values: [] },
    ],
  });
  assert.deepEqual(result.errors, []);
  const selector = result.selector ?? assert.fail();
  assert.equal(selector.toString(), 'app=web,env in (prod,qa),gpu,!legacy,tier notin (db)');
  assert.ok(selector.matches({ app: 'web', env: 'qa', gpu: '1' }));
  assert.ok(!selector.matches({ app: 'web', env: 'qa' }));
});

test('an empty label selector object matches everything and a missing one nothing', () => {
  assert.ok(fromLabelSelector({}).selector?.matches({ any: 'thing' }));
  assert.ok(fromLabelSelector({ matchLabels: {}, matchExpressions: [] }).selector?.isEverything());
  const nothing = fromLabelSelector(null).selector ?? assert.fail();
  assert.ok(nothing.isNothing());
  assert.ok(!nothing.matches({}));
  assert.equal(fromLabelSelector(undefined).selector, LabelSelector.nothing);
});

test('a label selector object reports every problem at its path', () => {
  const result = fromLabelSelector(
    {
      matchLabels: { 'bad key': 'v' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: [] },
        { key: 'gpu', operator: 'Exists', values: ['x'] },
        { key: 'a', operator: 'Near', values: ['b'] },
        { key: 'b', operator: 'In', values: ['bad value'] },
      ],
    },
    path,
  );
  assert.equal(result.selector, undefined);
  const messages = result.errors.map(fieldErrorMessage);
  assert.match(messages[0] ?? '', /^spec\.selector\.matchLabels: Invalid value: "bad key": /);
  assert.deepEqual(messages.slice(1, 4), [
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    'spec.selector.matchExpressions[2].operator: Invalid value: "Near": not a valid selector operator',
  ]);
  assert.match(messages[4] ?? '', /^spec\.selector\.matchExpressions\[3\]\.values\[0\]: Invalid value: "bad value": a valid label/);
});

test('a label selector object of the wrong shape is a type error', () => {
  assert.deepEqual(validateLabelSelector('app=web', path).map((e) => e.type), ['FieldValueTypeInvalid']);
  assert.deepEqual(validateLabelSelector({ matchExpressions: {} }, path).map((e) => e.field), ['spec.selector.matchExpressions']);
  assert.deepEqual(validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: 'b' }] }, path).map((e) => e.field), [
    'spec.selector.matchExpressions[0].values',
  ]);
  assert.deepEqual(validateLabelSelector({ matchExpressions: [{ operator: 'Exists' }] }, path).map((e) => e.detail.slice(0, 27)), [
    'name part must be non-empty',
    'name part must consist of a',
  ]);
});
