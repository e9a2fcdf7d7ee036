import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TugError } from '../util/errors.js';
import { parseQuantity, Quantity, QuantityError } from './quantity.js';

const FORMAT_MESSAGE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const q = (text: string): Quantity => Quantity.parse(text);

test('quantities parse decimal, binary and exponent suffixes', () => {
  const cases: [string, bigint, Quantity['format']][] = [
    ['100m', 100_000_000n, 'DecimalSI'],
    ['0.5', 500_000_000n, 'DecimalSI'],
    ['1Gi', 2n ** 30n * 1_000_000_000n, 'BinarySI'],
    ['128Mi', 128n * 2n ** 20n * 1_000_000_000n, 'BinarySI'],
    ['1e3', 1000n * 1_000_000_000n, 'DecimalExponent'],
    ['2k', 2000n * 1_000_000_000n, 'DecimalSI'],
    ['1.5', 1_500_000_000n, 'DecimalSI'],
    ['500Ki', 500n * 1024n * 1_000_000_000n, 'BinarySI'],
    ['+1', 1_000_000_000n, 'DecimalSI'],
    ['-1', -1_000_000_000n, 'DecimalSI'],
    ['1E-3', 1_000_000n, 'DecimalExponent'],
    ['3n', 3n, 'DecimalSI'],
    ['0', 0n, 'DecimalSI'],
  ];
  for (const [text, nano, format] of cases) {
    const quantity = q(text);
    assert.equal(quantity.nanoValue(), nano, text);
    assert.equal(quantity.format, format, text);
  }
});

test('malformed quantities are rejected with upstream messages', () => {
  for (const text of ['1.2.3', '1Q', 'abc', '', '1 ', ' 1', '1e3.5']) {
    assert.throws(() => q(text), (error: unknown) => error instanceof QuantityError && error.message === FORMAT_MESSAGE, text);
  }
  for (const text of ['1e', '1Kii', '1m3', '1iK', '--1']) assert.throws(() => q(text), { message: "unable to parse quantity's suffix" }, text);
  assert.throws(() => q('1e5000'), { message: 'unable to parse numeric part of quantity' });
});

test('quantity errors are TugErrors with a stable code', () => {
  try {
    parseQuantity('x');
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(error instanceof TugError);
    assert.equal(error.code, 'InvalidQuantity');
  }
});

test('quantities compare exactly', () => {
  assert.equal(q('1Gi').cmp(q('1G')), 1);
  assert.equal(q('1G').cmp(q('1Gi')), -1);
  assert.ok(q('1000m').equals(q('1')));
  assert.ok(q('0.1').equals(q('100m')));
  assert.ok(q('1e3').equals(q('1k')));
  assert.ok(q('1024Mi').equals(q('1Gi')));
  assert.equal(q('-1').cmp(q('0')), -1);
  assert.equal(q('999999999999999999n').cmp(q('1G')), -1);
});

test('values round up away from zero, as upstream', () => {
  assert.equal(q('100m').value(), 1);
  assert.equal(q('1.5').value(), 2);
  assert.equal(q('-1.5').value(), -2);
  assert.equal(q('1Gi').value(), 1073741824);
  assert.equal(q('100m').milliValue(), 100);
  assert.equal(q('1.5').milliValue(), 1500);
  assert.equal(q('1n').milliValue(), 1);
  assert.equal(q('2k').milliValue(), 2_000_000);
});

test('precision below a nano unit is rounded up', () => {
  assert.equal(q('0.1n').nanoValue(), 1n);
  assert.equal(q('1.5n').toString(), '2n');
  assert.equal(q('-0.1n').nanoValue(), -1n);
  assert.equal(q('1e-20').nanoValue(), 1n);
  assert.equal(q('0e-20').nanoValue(), 0n);
});

test('quantities print canonically as upstream serializes them', () => {
  const cases: [string, string][] = [
    ['0.5', '500m'],
    ['1024Mi', '1Gi'],
    ['1000m', '1'],
    ['1.5Gi', '1536Mi'],
    ['1.5k', '1500'],
    ['1.0', '1'],
    ['2048', '2048'],
    ['1000', '1k'],
    ['12e-1', '1200e-3'],
    ['1000e3', '1e6'],
    ['0.5Ki', '512'],
    ['1.5Ki', '1536'],
    ['8Ei', '9223372036854775807'],
    ['00', '0'],
    ['-0', '0'],
    ['-1024Mi', '-1Gi'],
  ];
  for (const [text, printed] of cases) assert.equal(q(text).toString(), printed, text);
});

test('a quantity already written canonically prints as written', () => {
  for (const text of ['100m', '1e3', '2k', '500Ki', '1Gi', '-1', '+1', '100Mi', '1E']) assert.equal(q(text).toString(), text);
  assert.equal(q('+1').canonical(), '1');
  assert.equal(JSON.stringify({ cpu: q('0.5') }), '{"cpu":"500m"}');
});

test('quantities from JSON may be numbers', () => {
  assert.equal(Quantity.from(0.5).toString(), '500m');
  assert.equal(Quantity.from(2).toString(), '2');
  assert.equal(Quantity.from(' 1Gi ').toString(), '1Gi');
});

test('quantities can be made from milli units and units and added up', () => {
  assert.equal(Quantity.fromMilli(250).toString(), '250m');
  assert.equal(Quantity.fromValue(1024, 'BinarySI').toString(), '1Ki');
  assert.equal(q('100m').add(q('900m')).toString(), '1');
  assert.equal(q('1Gi').sub(q('512Mi')).toString(), '512Mi');
  assert.equal(Quantity.fromMilli(0).add(q('1Ki')).format, 'BinarySI');
  assert.equal(q('1').neg().toString(), '-1');
  assert.equal(q('-3').sign(), -1);
  assert.ok(q('0m').isZero());
});
