import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldErrorMessage } from './field-errors.js';
import { FieldPath } from './field-path.js';
import type { LabelRequirement } from './label-requirement.js';
import { requirementMatches, requirementString, validateLabelRequirement } from './label-requirement.js';

const req = (key: string, operator: LabelRequirement['operator'], values: string[] = []): LabelRequirement => ({ key, operator, values });

test('equality and set membership need the label to be present', () => {
  assert.ok(requirementMatches(req('app', '=', ['web']), { app: 'web' }));
  assert.ok(!requirementMatches(req('app', '==', ['web']), {}));
  assert.ok(requirementMatches(req('env', 'in', ['prod', 'qa']), { env: 'qa' }));
  assert.ok(!requirementMatches(req('env', 'in', ['prod', 'qa']), { env: 'dev' }));
});

test('inequality and exclusion match when the label is missing', () => {
  assert.ok(requirementMatches(req('tier', '!=', ['db']), {}));
  assert.ok(!requirementMatches(req('tier', '!=', ['db']), { tier: 'db' }));
  assert.ok(requirementMatches(req('env', 'notin', ['dev']), { other: 'x' }));
  assert.ok(!requirementMatches(req('env', 'notin', ['dev']), { env: 'dev' }));
});

test('existence looks only at the key', () => {
  assert.ok(requirementMatches(req('gpu', 'exists'), { gpu: '' }));
  assert.ok(!requirementMatches(req('gpu', '!'), { gpu: '' }));
  assert.ok(requirementMatches(req('gpu', '!'), { cpu: 'x' }));
});

test('greater-than and less-than compare labels as integers', () => {
  assert.ok(requirementMatches(req('rank', 'gt', ['5']), { rank: '10' }));
  assert.ok(!requirementMatches(req('rank', 'gt', ['5']), { rank: 'ten' }));
  assert.ok(requirementMatches(req('rank', 'lt', ['5']), { rank: '-1' }));
  assert.ok(!requirementMatches(req('rank', 'lt', ['5']), {}));
});

test('a requirement prints in selector syntax with sorted values', () => {
  assert.equal(requirementString(req('env', 'in', ['qa', 'prod'])), 'env in (prod,qa)');
  assert.equal(requirementString(req('env', 'notin', ['dev'])), 'env notin (dev)');
  assert.equal(requirementString(req('gpu', '!')), '!gpu');
  assert.equal(requirementString(req('gpu', 'exists')), 'gpu');
  assert.equal(requirementString(req('a', '==', ['b'])), 'a==b');
  assert.equal(requirementString(req('rank', 'gt', ['5'])), 'rank>5');
});

test('requirement validation reports values that do not fit the operator', () => {
  const text = (r: LabelRequirement): string[] => validateLabelRequirement(r).map(fieldErrorMessage);
  assert.deepEqual(text(req('a', 'in')), ["values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"]);
  assert.deepEqual(text(req('a', '=', ['x', 'y'])), ['values: Invalid value: []string{"x", "y"}: exact-match compatibility requires one single value']);
  assert.deepEqual(text(req('a', 'exists', ['x'])), ['values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist']);
  assert.deepEqual(text(req('a', 'gt', ['x'])), ["values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer"]);
});

test('requirement validation reports bad keys and values under the base path', () => {
  const base = FieldPath.root('spec', 'selector');
  const errors = validateLabelRequirement(req('bad key', '=', ['bad value']), base);
  assert.deepEqual(errors.map((e) => e.field), ['spec.selector.key', 'spec.selector.values[0][bad key]']);
});
