import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLabelRequirements } from './label-selector-parser.js';
import { SelectorError } from './selector-error.js';

test('the parser reads every operator kubectl sends', () => {
  assert.deepEqual(parseLabelRequirements('app=web,tier!=db,a==b,gpu,!old,env in (prod,qa),zone notin (x)'), [
    { key: 'a', operator: '==', values: ['b'] },
    { key: 'app', operator: '=', values: ['web'] },
    { key: 'env', operator: 'in', values: ['prod', 'qa'] },
    { key: 'gpu', operator: 'exists', values: [] },
    { key: 'old', operator: '!', values: [] },
    { key: 'tier', operator: '!=', values: ['db'] },
    { key: 'zone', operator: 'notin', values: ['x'] },
  ]);
});

test('the parser allows whitespace around tokens and empty values', () => {
  assert.deepEqual(parseLabelRequirements('  env   in( a , b )  , x = '), [
    { key: 'env', operator: 'in', values: ['a', 'b'] },
    { key: 'x', operator: '=', values: [''] },
  ]);
  assert.deepEqual(parseLabelRequirements('x in ()'), [{ key: 'x', operator: 'in', values: [''] }]);
  assert.deepEqual(parseLabelRequirements('x in (a,,b,)'), [{ key: 'x', operator: 'in', values: ['', 'a', 'b'] }]);
});

test('the words in and notin are values where a value is expected', () => {
  assert.deepEqual(parseLabelRequirements('x=in,y in (notin)'), [
    { key: 'x', operator: '=', values: ['in'] },
    { key: 'y', operator: 'in', values: ['notin'] },
  ]);
});

test('an empty selector has no requirements', () => {
  assert.deepEqual(parseLabelRequirements(''), []);
  assert.deepEqual(parseLabelRequirements('   '), []);
});

test('the parser rejects malformed selectors with upstream messages', () => {
  const cases: [string, string][] = [
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a=(', "unable to parse requirement: found '(', expected: identifier"],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')'"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a=b,', "found '', expected: identifier after ','"],
    ['a=b c', "found 'c', expected: ',' or 'end of string'"],
    ['(a', "found '(', expected: !, identifier, or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseLabelRequirements(text), (error: unknown) => error instanceof SelectorError && error.message === message, text);
  }
});

test('the parser rejects invalid keys and values', () => {
  assert.throws(() => parseLabelRequirements('a b/c=d'), SelectorError);
  assert.throws(
    () => parseLabelRequirements('Bad_/x=y'),
    (error: unknown) => error instanceof Error && error.message.startsWith('unable to parse requirement: <nil>: Invalid value: "Bad_/x": prefix part'),
  );
  assert.throws(
    () => parseLabelRequirements('app=-web'),
    (error: unknown) => error instanceof Error && error.message.startsWith('unable to parse requirement: values[0][app]: Invalid value: "-web": a valid label'),
  );
  assert.throws(() => parseLabelRequirements('n>x'), /for 'Gt', 'Lt' operators, the value must be an integer/);
});
