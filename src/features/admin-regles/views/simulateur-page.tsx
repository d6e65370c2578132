import type { AutoAffectationResult, SignalementFacts } from '../../../domain/auto-affectation.ts';
import {
  PARC_CHOICES,
  PARC_LABELS,
  PROFILE_DECLARANT_CHOICES,
  PROFILE_DECLARANT_LABELS,
} from '../../../domain/auto-affectation.ts';
import {
  PARTNER_TYPE_LABELS,
  type PartnerType,
  PROCEDURES_SUSPECTEES,
  QUALIFICATION_LABELS,
  type Qualification,
} from '../../../domain/competences.ts';
import { Button } from '../../../ui/dsfr/button.tsx';
import { CheckboxGroup, Select } from '../../../ui/dsfr/choice.tsx';
import { Alert } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary } from '../../../ui/dsfr/form.tsx';
import { Input } from '../../../ui/dsfr/input.tsx';
import { type CurrentUserView, type Flash, NAV, Page } from '../../../ui/layout/page.tsx';
import { REGLES_PATH, TerritoirePicker } from './regles-page.tsx';

export const SIMULATEUR_PATH = '/bo/admin/simulateur';

type Territoire = { id: number; code: string; nom: string };

const ALLOC_CHOICES: [string, string][] = [
  ['', 'Non renseigné'],
  ['oui', 'Oui, sans précision'],
  ['caf', 'Oui, CAF'],
  ['msa', 'Oui, MSA'],
  ['non', 'Non'],
  ['nsp', 'Ne sait pas'],
];

function Mark(props: { ok: boolean }): JSX.Element {
  return props.ok ? (
    <span class="hl-sim-ok">
      <span aria-hidden="true">✓ </span>rempli
    </span>
  ) : (
    <span class="hl-sim-ko">
      <span aria-hidden="true">✗ </span>non rempli
    </span>
  );
}

export function SimulateurPage(props: {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  territoires: Territoire[];
  territoire?: Territoire;
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
  outcome?: { facts: SignalementFacts; reference: string | null; result: AutoAffectationResult };
}): JSX.Element {
  const e = props.errors;
  const v = props.values;
  const hasErrors = Object.keys(e).length > 0;
  const t = props.territoire;
  const one = (k: string, d = '') => {
    const x = v[k];
    return Array.isArray(x) ? (x[0] ?? d) : (x ?? d);
  };
  const many = (k: string) => {
    const x = v[k];
    return Array.isArray(x) ? x : x ? [x] : [];
  };
  const o = props.outcome;
  const matched = o ? o.result.partners.filter((p) => p.matched) : [];
  return (
    <Page
      title="Simulateur d’affectation"
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      activeNav={NAV.bo.admin}
      hasErrors={hasErrors}
      breadcrumb={[
        { label: 'Tableau de bord', href: '/bo' },
        { label: 'Règles d’affectation', href: t ? `${REGLES_PATH}?territoire=${t.id}` : REGLES_PATH },
        { label: 'Simulateur' },
      ]}
    >
      <div class="fr-container fr-py-4w">
        <h1 class="fr-h2">Simulateur d’affectation</h1>
        <p>
          Voyez quels partenaires les règles actives choisiraient, et pourquoi, pour un dossier existant ou
          pour une situation que vous décrivez. Rien n’est modifié.
        </p>
        {hasErrors ? <ErrorSummary errors={e} /> : ''}
        <TerritoirePicker action={SIMULATEUR_PATH} territoires={props.territoires} territoire={t} />
        {t ? (
          <form method="get" action={SIMULATEUR_PATH} class="hl-admin-form" aria-label="Situation à tester">
            <input type="hidden" name="territoire" value={String(t.id)} />
            <input type="hidden" name="simuler" value="1" />
            <Input
              id="reference"
              label="Numéro d’un dossier existant"
              hint="Par exemple 2026-12. Laissez vide pour décrire une situation ci-dessous."
              value={one('reference')}
              error={e.reference}
            />
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">Ou une situation décrite à la main</legend>
              <div class="fr-fieldset__element">
                <Input
                  id="commune"
                  label="Commune : code INSEE ou nom"
                  hint="Par exemple 34172 ou Montpellier."
                  value={one('commune')}
                  error={e.commune}
                />
                <Input
                  id="lat"
                  label="Latitude (facultative)"
                  hint="Par exemple 43.6108. Nécessaire pour les zones."
                  inputMode="decimal"
                  value={one('lat')}
                  error={e.lat}
                />
                <Input
                  id="lng"
                  label="Longitude (facultative)"
                  hint="Par exemple 3.8767."
                  inputMode="decimal"
                  value={one('lng')}
                  error={e.lng}
                />
                <Select
                  id="profileDeclarant"
                  label="Profil du déclarant"
                  options={PROFILE_DECLARANT_CHOICES.filter(
                    (p) => p !== 'all' && p !== 'occupant' && p !== 'tiers',
                  ).map((p) => ({ value: p, label: PROFILE_DECLARANT_LABELS[p] }))}
                  value={one('profileDeclarant', 'LOCATAIRE')}
                  placeholder={false}
                />
                <Select
                  id="parc"
                  label="Parc du logement"
                  options={PARC_CHOICES.filter((p) => p !== 'all').map((p) => ({
                    value: p,
                    label: PARC_LABELS[p],
                  }))}
                  value={one('parc', 'non_renseigne')}
                  placeholder={false}
                />
                <Select
                  id="allocataire"
                  label="Allocataire"
                  options={ALLOC_CHOICES.map(([value, label]) => ({ value, label }))}
                  value={one('allocataire')}
                  placeholder={false}
                />
                <CheckboxGroup
                  id="procedures"
                  legend="Procédures suspectées"
                  options={PROCEDURES_SUSPECTEES.map((q) => ({
                    value: q,
                    label: QUALIFICATION_LABELS[q as Qualification],
                  }))}
                  values={many('procedures')}
                  small
                />
              </div>
            </fieldset>
            <Button label="Lancer la simulation" />
          </form>
        ) : (
          <p>Aucun territoire à gérer.</p>
        )}

        {o ? (
          <section class="fr-mt-6w" aria-labelledby="hl-sim-result">
            <h2 id="hl-sim-result" class="fr-h3">
              Résultat
            </h2>
            <p safe>
              {`${o.reference ? `Dossier ${o.reference} : ` : ''}commune ${o.facts.insee ?? 'inconnue'}, position ${
                o.facts.lat !== null && o.facts.lng !== null ? `${o.facts.lat}, ${o.facts.lng}` : 'inconnue'
              }, profil ${o.facts.profileDeclarant ?? 'non renseigné'}.`}
            </p>
            {o.result.stop ? (
              <Alert type="info" description={o.result.stop} small />
            ) : matched.length ? (
              <Alert
                type="success"
                description={`Partenaires retenus : ${matched.map((p) => p.partner.nom).join(', ')}`}
                small
              />
            ) : (
              <Alert type="warning" description="Aucun partenaire ne serait retenu." small />
            )}
            {o.result.partners.length
              ? o.result.partners.map((p) => (
                  <div class="fr-mt-4w">
                    <h3 class="fr-h5" safe>
                      {`${p.partner.nom} (${PARTNER_TYPE_LABELS[p.partner.type as PartnerType] ?? p.partner.type}) : ${
                        p.matched ? 'retenu' : 'non retenu'
                      }`}
                    </h3>
                    <ul class="hl-sim-list">
                      <li>
                        <Mark ok={p.perimeter.ok} /> <strong safe>{p.perimeter.criterion}</strong>
                        <span safe>{` : ${p.perimeter.reason}`}</span>
                      </li>
                      {p.rules.length ? (
                        p.rules.map((r) => (
                          <li>
                            <span
                              safe
                            >{`Règle n° ${r.ruleId} : ${r.matched ? 'remplie' : 'non remplie'}`}</span>
                            <ul>
                              {r.checks.map((c) => (
                                <li>
                                  <Mark ok={c.ok} /> <strong safe>{c.criterion}</strong>
                                  <span safe>{` : ${c.reason}`}</span>
                                </li>
                              ))}
                            </ul>
                          </li>
                        ))
                      ) : (
                        <li>
                          <Mark ok={false} /> Aucune règle active ne vise ce type de partenaire.
                        </li>
                      )}
                    </ul>
                  </div>
                ))
              : ''}
          </section>
        ) : (
          ''
        )}
      </div>
    </Page>
  );
}
