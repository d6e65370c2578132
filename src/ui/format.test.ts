import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatDate,
  formatDateTime,
  formatFileSize,
  formatNumber,
  formatPercent,
  formatRatio,
  formatTime,
  plural,
  toDateInputValue,
} from './format.ts';

/** Intl writes narrow no-break spaces in French numbers: compare with plain spaces. */
const spaces = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

test('dates and times are shown in the territory timezone, Paris by default', () => {
  // 23:30 UTC on 31 December is already the next day in Paris, and still the 31st in Cayenne.
  const d = new Date('2026-12-31T23:30:00Z');
  assert.equal(formatDate(d), '01/01/2027');
  assert.equal(formatDate(d, { timeZone: 'America/Cayenne' }), '31/12/2026');
  assert.equal(formatDate(d, { style: 'long' }), '1 janvier 2027');
  assert.equal(formatTime(d), '00:30');
  assert.equal(formatTime(d, { timeZone: 'Indian/Reunion' }), '03:30');
  assert.equal(formatDateTime('2026-07-14T08:05:00Z'), '14/07/2026 à 10:05');
  assert.equal(formatDateTime('2026-07-14T08:05:00Z', { style: 'long' }), '14 juillet 2026 à 10:05');
  assert.equal(toDateInputValue(d), '2027-01-01');
  assert.equal(toDateInputValue(d, { timeZone: 'America/Cayenne' }), '2026-12-31');
  // Formatters are cached per option set: alternating zones and styles must not mix them up.
  assert.equal(formatDate(d, { timeZone: 'America/Cayenne', style: 'long' }), '31 décembre 2026');
  assert.equal(formatDate(d), '01/01/2027');
  assert.throws(() => formatDate('pas une date'), RangeError);
});

test('numbers, percentages and file sizes in French', () => {
  assert.equal(spaces(formatNumber(12345)), '12 345');
  assert.equal(formatNumber(3.456, { maximumFractionDigits: 1 }), '3,5');
  assert.equal(formatNumber(3.456, { maximumFractionDigits: 2 }), '3,46');
  assert.equal(spaces(formatPercent(42.54)), '42,5 %');
  assert.equal(spaces(formatPercent(42.54, 0)), '43 %');
  assert.equal(spaces(formatRatio(0.5)), '50 %');
  assert.equal(formatFileSize(1), '1 octet');
  assert.equal(formatFileSize(850), '850 octets');
  assert.equal(formatFileSize(2.5 * 1024 * 1024), '2,5 Mo');
  assert.equal(formatFileSize(12 * 1024), '12 Ko');
  assert.equal(plural(1, 'signalement'), 'signalement');
  assert.equal(plural(0, 'signalement'), 'signalement');
  assert.equal(plural(3, 'nouvel', 'nouveaux'), 'nouveaux');
});
