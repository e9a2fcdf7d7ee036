import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goQuote, goValue } from './go-format.js';

test('goQuote escapes quotes, backslashes and control characters as Go does', () => {
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote('line\nnext\ttab'), '"line\\nnext\\ttab"');
  assert.equal(goQuote('\u0001'), '"\\x01"');
  assert.equal(goQuote('héllo'), '"héllo"');
});

test('goValue prints scalars plainly, strings quoted and nothing as null', () => {
  assert.equal(goValue(-1), '-1');
  assert.equal(goValue(true), 'true');
  assert.equal(goValue('x'), '"x"');
  assert.equal(goValue(null), 'null');
  assert.equal(goValue(undefined), 'null');
});

test('goValue prints a string list as a Go string slice and other objects as JSON', () => {
  assert.equal(goValue(['a', 'b']), '[]string{"a", "b"}');
  assert.equal(goValue({ a: 1 }), '{"a":1}');
  assert.equal(goValue([1, 2]), '[1,2]');
});

test('goValue prints an object that has its own toString with it', () => {
  class Size {
    toString(): string {
      return '1Gi';
    }
  }
  assert.equal(goValue(new Size()), '1Gi');
});
