import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareReferences, formatReference, parseReference } from './reference.ts';

test('formatReference: YYYY-N without padding', () => {
  assert.equal(formatReference(2023, 27), '2023-27');
  assert.equal(formatReference(2026, 1), '2026-1');
  assert.equal(formatReference(2026, 12345), '2026-12345');
});

test('formatReference rejects impossible values', () => {
  assert.throws(() => formatReference(2026, 0), RangeError);
  assert.throws(() => formatReference(2026, 1.5), RangeError);
  assert.throws(() => formatReference(26, 1), RangeError);
});

test('parseReference is the inverse of formatReference', () => {
  for (const [y, n] of [
    [2023, 27],
    [2026, 1],
    [1999, 40000],
  ] as const) {
    assert.deepEqual(parseReference(formatReference(y, n)), { year: y, number: n });
  }
  assert.deepEqual(parseReference(' 2024-8 '), { year: 2024, number: 8 });
});

test('parseReference refuses non-references', () => {
  for (const value of [
    '',
    '2024',
    '2024-',
    '2024-0',
    '2024-01',
    '24-5',
    '2024-TEMPORAIRE',
    'abcd-1',
    '2024-1-2',
  ]) {
    assert.equal(parseReference(value), null, value);
  }
});

test('compareReferences orders by year then number', () => {
  const refs = ['2024-10', '2023-27', '2024-9', '2024-1'];
  assert.deepEqual([...refs].sort(compareReferences), ['2023-27', '2024-1', '2024-9', '2024-10']);
});
