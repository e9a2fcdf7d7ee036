import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  validateDns1035Label,
  validateDns1123Label,
  validateDns1123Subdomain,
  validateLabelValue,
  validatePathSegmentName,
  validatePathSegmentPrefix,
  validateQualifiedName,
} from './names.js';

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

test('DNS-1123 labels are lower-case alphanumerics and inner dashes, at most 63 characters', () => {
  for (const good of ['a', 'abc', 'a-b', '0', '123-abc', 'a'.repeat(63)]) assert.ok(isDns1123Label(good), good);
  for (const bad of ['', 'A', '-a', 'a-', 'a_b', 'a.b', 'a'.repeat(64)]) assert.ok(!isDns1123Label(bad), bad);
});

test('a DNS-1123 label with dots is told it must not contain dots', () => {
  assert.deepEqual(validateDns1123Label('a.b'), ['must not contain dots']);
  assert.deepEqual(validateDns1123Label('A'), [
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  ]);
});

test('a too-long DNS-1123 label reports the length and nothing else when the characters are fine', () => {
  assert.deepEqual(validateDns1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
});

test('DNS-1123 subdomains are dot-separated labels of at most 253 characters', () => {
  for (const good of ['example.com', 'a', 'a-b.c-d', 'a'.repeat(253)]) assert.ok(isDns1123Subdomain(good), good);
  for (const bad of ['', 'Example.com', 'a..b', '.a', 'a.', 'a_b']) assert.ok(!isDns1123Subdomain(bad), bad);
  assert.deepEqual(validateDns1123Subdomain('My_Name'), [SUBDOMAIN_MESSAGE]);
  assert.deepEqual(validateDns1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
});

test('DNS-1035 labels must start with a letter', () => {
  assert.ok(isDns1035Label('web-1'));
  assert.ok(!isDns1035Label('1web'));
  assert.deepEqual(validateDns1035Label('1web'), [
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  ]);
});

test('qualified names allow upper case, underscores and a DNS subdomain prefix', () => {
  for (const good of ['MyName', 'my.name', '123-abc', 'app_v2', 'example.com/MyName', 'k8s.io/x']) assert.ok(isQualifiedName(good), good);
  for (const bad of ['', '-a', 'a/', '/a', 'a/b/c', 'Bad.Prefix/a', 'a b', 'a'.repeat(64)]) assert.ok(!isQualifiedName(bad), bad);
});

test('qualified name messages name the part that is wrong', () => {
  assert.deepEqual(validateQualifiedName('/a'), ['prefix part must be non-empty']);
  assert.deepEqual(validateQualifiedName('a/'), [
    'name part must be non-empty',
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.deepEqual(validateQualifiedName('A/b'), [`prefix part ${SUBDOMAIN_MESSAGE}`]);
  assert.deepEqual(validateQualifiedName('a'.repeat(64)), ['name part must be no more than 63 characters']);
  assert.match(validateQualifiedName('a/b/c')[0] ?? '', /^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
});

test('label values may be empty but otherwise follow the qualified name rule', () => {
  for (const good of ['', 'MyValue', 'my_value', '12345', 'a.b-c']) assert.ok(isValidLabelValue(good), good);
  for (const bad of ['-a', 'a b', 'a/b', 'a'.repeat(64)]) assert.ok(!isValidLabelValue(bad), bad);
  assert.deepEqual(validateLabelValue('a'.repeat(64)), ['must be no more than 63 characters']);
  assert.deepEqual(validateLabelValue('x y'), [
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ]);
});

test('lengths are counted in bytes as Go counts them', () => {
  assert.deepEqual(validateLabelValue('é'.repeat(32)).slice(0, 1), ['must be no more than 63 characters']);
});

test('path segment names may not be . or .. nor contain / or %', () => {
  assert.ok(isValidPathSegmentName('Any Name:at_all'));
  assert.deepEqual(validatePathSegmentName('.'), ["may not be '.'"]);
  assert.deepEqual(validatePathSegmentName('..'), ["may not be '..'"]);
  assert.deepEqual(validatePathSegmentName('a/b%c'), ["may not contain '/'", "may not contain '%'"]);
  assert.deepEqual(validatePathSegmentPrefix('..'), []);
});
