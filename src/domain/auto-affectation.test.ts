import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AutoAffectationRule,
  allocataireMatches,
  type CandidatePartner,
  checkPerimeter,
  evaluateAutoAffectation,
  evaluateRule,
  parcMatches,
  profileMatches,
  type SignalementFacts,
  type ZoneShape,
} from './auto-affectation.ts';
import { bboxOf, parseWkt, type ZoneGeometry } from './geo.ts';

function zone(id: number, name: string, wkt: string): ZoneShape {
  const r = parseWkt(wkt);
  assert.ok(r.ok);
  const geometry: ZoneGeometry = r.geometry;
  return { id, name, geometry, bbox: bboxOf(geometry) };
}
// Around Montpellier (34172): a square zone and a smaller one inside it.
const CENTRE = zone(1, 'Centre', 'POLYGON((3.85 43.59, 3.90 43.59, 3.90 43.63, 3.85 43.63, 3.85 43.59))');
const ECUSSON = zone(
  2,
  'Écusson',
  'POLYGON((3.87 43.60, 3.885 43.60, 3.885 43.615, 3.87 43.615, 3.87 43.60))',
);
const ZONES = new Map([CENTRE, ECUSSON].map((z) => [z.id, z]));

const rule = (over: Partial<AutoAffectationRule> = {}): AutoAffectationRule => ({
  id: 1,
  status: 'ACTIVE',
  profileDeclarant: 'all',
  partnerType: 'COMMUNE_SCHS',
  inseeToInclude: [],
  inseeToExclude: [],
  partnerToExclude: [],
  parc: 'all',
  allocataire: 'all',
  proceduresSuspectees: [],
  zonesToInclude: [],
  zonesToExclude: [],
  ...over,
});
const partner = (over: Partial<CandidatePartner> = {}): CandidatePartner => ({
  id: 10,
  nom: 'SCHS Montpellier',
  type: 'COMMUNE_SCHS',
  isArchive: false,
  insee: [],
  epciInsee: [],
  hasEpci: false,
  zoneIds: [],
  excludedZoneIds: [],
  ...over,
});
const facts = (over: Partial<SignalementFacts> = {}): SignalementFacts => ({
  profileDeclarant: 'LOCATAIRE',
  insee: '34172',
  isLogementSocial: false,
  isAllocataire: 'caf',
  procedures: ['NON_DECENCE'],
  lat: 43.608,
  lng: 3.877,
  ...over,
});
const failing = (r: ReturnType<typeof evaluateRule>) => r.checks.filter((c) => !c.ok).map((c) => c.criterion);

describe('auto-affectation criteria', () => {
  test('profil du déclarant', () => {
    assert.equal(profileMatches('all', null), true);
    for (const p of ['LOCATAIRE', 'BAILLEUR_OCCUPANT']) {
      assert.equal(profileMatches('occupant', p), true);
      assert.equal(profileMatches('tiers', p), false);
    }
    for (const p of ['TIERS_PARTICULIER', 'TIERS_PRO', 'SERVICE_SECOURS', 'BAILLEUR']) {
      assert.equal(profileMatches('tiers', p), true);
      assert.equal(profileMatches('occupant', p), false);
    }
    assert.equal(profileMatches('LOCATAIRE', 'LOCATAIRE'), true);
    assert.equal(profileMatches('LOCATAIRE', 'locataire'), true);
    assert.equal(profileMatches('LOCATAIRE', 'TIERS_PRO'), false);
    assert.equal(profileMatches('occupant', null), false);
  });
  test('parc', () => {
    assert.equal(parcMatches('all', null), true);
    assert.equal(parcMatches('public', true), true);
    assert.equal(parcMatches('public', false), false);
    assert.equal(parcMatches('prive', false), true);
    assert.equal(parcMatches('prive', null), false);
    assert.equal(parcMatches('non_renseigne', null), true);
    assert.equal(parcMatches('non_renseigne', true), false);
    assert.equal(parcMatches('bizarre', true), false);
  });
  test('allocataire', () => {
    for (const v of ['oui', 'caf', 'msa', '1', 'CAF']) assert.equal(allocataireMatches('oui', v), true, v);
    for (const v of ['non', '0']) assert.equal(allocataireMatches('non', v), true, v);
    for (const v of [null, '', 'nsp']) assert.equal(allocataireMatches('nsp', v), true, String(v));
    assert.equal(allocataireMatches('oui', 'non'), false);
    assert.equal(allocataireMatches('non', null), false);
    assert.equal(allocataireMatches('caf', 'caf'), true);
    assert.equal(allocataireMatches('caf', 'msa'), false);
    assert.equal(allocataireMatches('msa', 'oui'), false);
    assert.equal(allocataireMatches('all', null), true);
  });

  test('a rule with default criteria matches; each criterion can fail alone with its reason', () => {
    assert.deepEqual(failing(evaluateRule(rule(), partner(), facts(), ZONES)), []);
    const cases: [Partial<AutoAffectationRule>, Partial<SignalementFacts>, string][] = [
      [{ profileDeclarant: 'tiers' }, {}, 'Profil du déclarant'],
      [{ partnerType: 'EPCI' }, {}, 'Type de partenaire'],
      [{ inseeToInclude: ['34057'] }, {}, 'Commune (code INSEE)'],
      [{ inseeToExclude: ['34172'] }, {}, 'Commune (code INSEE)'],
      [{}, { insee: null }, 'Commune (code INSEE)'],
      [{ partnerToExclude: [10] }, {}, 'Partenaires exclus'],
      [{ parc: 'public' }, {}, 'Parc'],
      [{ allocataire: 'non' }, {}, 'Allocataire'],
      [{ proceduresSuspectees: ['DANGER'] }, {}, 'Procédures suspectées'],
      [{ zonesToInclude: [2] }, { lat: 43.62, lng: 3.89 }, 'Zones incluses'],
      [{ zonesToInclude: [1] }, { lat: null, lng: null }, 'Zones incluses'],
      [{ zonesToExclude: [2] }, {}, 'Zones exclues'],
    ];
    for (const [r, f, criterion] of cases) {
      const ev = evaluateRule(rule(r), partner(), facts(f), ZONES);
      assert.deepEqual(failing(ev), [criterion], JSON.stringify(r));
      assert.equal(ev.matched, false);
      assert.ok(ev.checks.every((c) => c.reason.length > 3));
    }
  });

  test('positive cases of lists', () => {
    const ok = (r: Partial<AutoAffectationRule>, f: Partial<SignalementFacts> = {}) =>
      evaluateRule(rule(r), partner(), facts(f), ZONES).matched;
    assert.equal(ok({ inseeToInclude: ['34057', '34172'] }), true);
    assert.equal(ok({ inseeToExclude: ['34048'] }), true);
    assert.equal(ok({ proceduresSuspectees: ['DANGER', 'NON_DECENCE'] }), true);
    assert.equal(ok({ zonesToInclude: [2] }), true);
    assert.equal(ok({ zonesToInclude: [2, 1] }, { lat: 43.62, lng: 3.89 }), true);
    assert.equal(ok({ zonesToExclude: [2] }, { lat: 43.62, lng: 3.89 }), true);
    assert.equal(
      ok({ zonesToExclude: [2] }, { lat: null, lng: null }),
      true,
      'unknown position excludes nothing',
    );
    assert.equal(ok({ zonesToInclude: [99] }), false, 'a deleted zone contains nothing');
  });
});

describe('partner perimeter', () => {
  test('whole territory, INSEE list, EPCI, zone, excluded zone, archived', () => {
    const f = facts();
    assert.equal(checkPerimeter(partner(), f, ZONES).ok, true);
    assert.equal(checkPerimeter(partner({ insee: ['34172'] }), f, ZONES).ok, true);
    assert.equal(checkPerimeter(partner({ insee: ['34057'] }), f, ZONES).ok, false);
    assert.equal(checkPerimeter(partner({ hasEpci: true, epciInsee: ['34172'] }), f, ZONES).ok, true);
    assert.equal(checkPerimeter(partner({ hasEpci: true, epciInsee: ['34057'] }), f, ZONES).ok, false);
    assert.equal(checkPerimeter(partner({ insee: ['34057'], zoneIds: [2] }), f, ZONES).ok, true);
    assert.equal(
      checkPerimeter(partner({ zoneIds: [2] }), facts({ lat: 43.62, lng: 3.89 }), ZONES).ok,
      false,
    );
    assert.equal(checkPerimeter(partner({ zoneIds: [2] }), facts({ lat: null, lng: null }), ZONES).ok, false);
    assert.equal(
      checkPerimeter(partner({ zoneIds: [2] }), facts({ lat: null, insee: null }), ZONES).ok,
      false,
    );
    const excluded = checkPerimeter(partner({ insee: ['34172'], excludedZoneIds: [2] }), f, ZONES);
    assert.equal(excluded.ok, false);
    assert.match(excluded.reason, /Écusson/);
    assert.equal(checkPerimeter(partner({ excludedZoneIds: [2] }), facts({ lat: null }), ZONES).ok, true);
    assert.equal(checkPerimeter(partner({ isArchive: true }), f, ZONES).ok, false);
  });
});

describe('evaluateAutoAffectation', () => {
  const partners = [
    partner(),
    partner({ id: 11, nom: 'CAF', type: 'CAF_MSA' }),
    partner({ id: 12, nom: 'ARS', type: 'ARS' }),
    partner({ id: 13, nom: 'SCHS archivé', isArchive: true }),
    partner({ id: 14, nom: 'SCHS Sète', insee: ['34301'] }),
  ];
  test('no active rule: stop, nobody', () => {
    const r = evaluateAutoAffectation({
      facts: facts(),
      rules: [rule({ status: 'ARCHIVED' })],
      partners,
      zones: [CENTRE],
    });
    assert.ok(r.stop);
    assert.deepEqual(r.matchedPartnerIds, []);
  });
  test('union of the rules, perimeter applied, archived rules ignored', () => {
    const r = evaluateAutoAffectation({
      facts: facts(),
      rules: [
        rule(),
        rule({ id: 2, partnerType: 'CAF_MSA', allocataire: 'caf', parc: 'prive' }),
        rule({ id: 3, partnerType: 'ARS', status: 'ARCHIVED' }),
        rule({ id: 4, partnerType: 'ARS', proceduresSuspectees: ['INSALUBRITE'] }),
      ],
      partners,
      zones: [CENTRE, ECUSSON],
    });
    assert.equal(r.stop, null);
    assert.deepEqual(r.matchedPartnerIds, [10, 11]);
    const ars = r.partners.find((p) => p.partner.id === 12);
    assert.equal(ars?.rules.length, 1, 'only the active rule of its type');
    assert.equal(ars?.matched, false);
    const sete = r.partners.find((p) => p.partner.id === 14);
    assert.equal(sete?.perimeter.ok, false);
    assert.equal(sete?.rules[0]?.matched, true, 'the rule holds but the perimeter does not');
  });
  test('the fixture rule "EPCI for locataires, parc privé, not 34048"', () => {
    const rules = [
      rule({ partnerType: 'EPCI', profileDeclarant: 'LOCATAIRE', parc: 'prive', inseeToExclude: ['34048'] }),
    ];
    const epci = [partner({ id: 20, type: 'EPCI' })];
    const pick = (f: Partial<SignalementFacts>) =>
      evaluateAutoAffectation({ facts: facts(f), rules, partners: epci, zones: [] }).matchedPartnerIds;
    assert.deepEqual(pick({}), [20]);
    assert.deepEqual(pick({ insee: '34048' }), []);
    assert.deepEqual(pick({ profileDeclarant: 'TIERS_PARTICULIER' }), []);
    assert.deepEqual(pick({ isLogementSocial: true }), []);
  });
});
