import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactSuiviCode } from './logger.ts';

test('secret path segments are masked in logged URLs, other paths are kept', () => {
  const cases: [string, string][] = [
    ['/suivre-mon-signalement/abcDEF_123-x/messages?x=1', '/suivre-mon-signalement/[masqué]/messages?x=1'],
    [
      '/signalement/6f1c0d4e-1111-4222-8333-944445555666/adresse_logement',
      '/signalement/[masqué]/adresse_logement',
    ],
    ['/activation-compte/tok3n', '/activation-compte/[masqué]'],
    ['/nouveau-mot-de-passe/tok3n?x', '/nouveau-mot-de-passe/[masqué]?x'],
    ['/confirmation-adresse/tok3n', '/confirmation-adresse/[masqué]'],
    ['/signalement', '/signalement'],
    [
      '/bo/signalements/6f1c0d4e-1111-4222-8333-944445555666',
      '/bo/signalements/6f1c0d4e-1111-4222-8333-944445555666',
    ],
    ['/suivre-mon-signalement', '/suivre-mon-signalement'],
  ];
  for (const [url, expected] of cases) assert.equal(redactSuiviCode(url), expected, url);
});
