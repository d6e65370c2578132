import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { all, any, filled, is, not } from '../definition/predicates.ts';
import { ALWAYS, inputsOf, NEVER, parsePredicate, residual, screenKeys, visibleMap } from './conditions.ts';

describe('inputsOf', () => {
  it('flattens groups and combines their conditions', () => {
    const inputs = inputsOf([
      { kind: 'info', name: 'i', text: ['x'] },
      { kind: 'text', name: 'a', label: 'A' },
      {
        kind: 'group',
        name: 'g',
        legend: 'G',
        showIf: is('a', '1'),
        fields: [{ kind: 'text', name: 'b', label: 'B', showIf: filled('c') }],
      },
    ]);
    assert.deepEqual(
      inputs.map((i) => i.field.name),
      ['a', 'b'],
    );
    assert.equal(inputs[0]!.showIf, undefined);
    assert.deepEqual(inputs[1]!.showIf, all(is('a', '1'), filled('c')));
  });

  it('lists the payload keys of a screen, address sub-fields included', () => {
    const keys = screenKeys({
      slug: 's',
      section: 'adresse',
      title: 'S',
      fields: [{ kind: 'address', name: 'adr', label: 'Adresse' }],
    });
    assert.ok(keys.has('adr'));
    assert.ok(keys.has('adr_detail_code_postal'));
    assert.ok(keys.has('adr_detail_manual'));
  });
});

describe('residual', () => {
  const local = new Set(['here']);
  it('decides on the server when only other screens are read', () => {
    assert.equal(residual(undefined, {}, local), true);
    assert.equal(residual(is('there', 'x'), { there: 'x' }, local), true);
    assert.equal(residual(is('there', 'x'), {}, local), false);
    assert.equal(residual(not(filled('there')), {}, local), true);
  });

  it('keeps the part that reads this screen, simplified', () => {
    assert.deepEqual(residual(is('here', 'x'), {}, local), is('here', 'x'));
    assert.deepEqual(
      residual(all(is('there', 'y'), is('here', 'x')), { there: 'y' }, local),
      is('here', 'x'),
    );
    assert.equal(residual(all(is('there', 'y'), is('here', 'x')), {}, local), false);
    assert.equal(residual(any(is('there', 'y'), is('here', 'x')), { there: 'y' }, local), true);
    assert.deepEqual(residual(any(is('there', 'y'), is('here', 'x')), {}, local), is('here', 'x'));
    assert.deepEqual(
      residual(not(all(filled('there'), filled('here'))), { there: 'a' }, local),
      not(filled('here')),
    );
    assert.deepEqual(
      residual(any(is('here', 'a'), filled('here'), is('there', 'z')), {}, local),
      any(is('here', 'a'), filled('here')),
    );
  });
});

describe('visibleMap (browser island logic)', () => {
  it('evaluates each block against the form values, checkbox groups as lists', () => {
    const map = visibleMap(
      {
        precision: is('bail', 'oui'),
        autre: is('pieces', 'autre'),
        vide: not(filled('nom')),
        always: ALWAYS,
        never: NEVER,
      },
      { bail: 'oui', pieces: ['cuisine', 'autre'], nom: '  ' },
    );
    assert.deepEqual(map, { precision: true, autre: true, vide: true, always: true, never: false });
    assert.deepEqual(visibleMap({ precision: is('bail', 'oui') }, {}), { precision: false });
  });

  it('parses data-show-if attributes and refuses anything else', () => {
    const p = all(is('a', 'b'), not(any(filled('c'))));
    assert.deepEqual(parsePredicate(JSON.stringify(p)), p);
    assert.equal(parsePredicate(null), undefined);
    assert.equal(parsePredicate('{oops'), undefined);
    assert.equal(parsePredicate('{"field":"a","in":[1]}'), undefined);
    assert.equal(parsePredicate('{"eval":"alert(1)"}'), undefined);
    assert.equal(parsePredicate('"x"'), undefined);
  });
});
