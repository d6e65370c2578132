import {
  ALLOCATAIRE_CHOICES,
  ALLOCATAIRE_LABELS,
  PARC_CHOICES,
  PARC_LABELS,
  PROFILE_DECLARANT_CHOICES,
  PROFILE_DECLARANT_LABELS,
} from '../../../domain/auto-affectation.ts';
import {
  PARTNER_TYPE_LABELS,
  PARTNER_TYPES,
  type PartnerType,
  PROCEDURES_SUSPECTEES,
  QUALIFICATION_LABELS,
  type Qualification,
} from '../../../domain/competences.ts';
import { Button, ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { CheckboxGroup, Select } from '../../../ui/dsfr/choice.tsx';
import { Badge } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Textarea } from '../../../ui/dsfr/input.tsx';
import { Table } from '../../../ui/dsfr/table.tsx';
import { type CurrentUserView, type Flash, NAV, Page } from '../../../ui/layout/page.tsx';
import type { RuleRow } from '../regles.repository.ts';

export const REGLES_PATH = '/bo/admin/regles-affectation';

type Territoire = { id: number; code: string; nom: string };
type Options = {
  partners: { id: number; nom: string; type: string }[];
  zones: { id: number; name: string }[];
};

const label = <K extends string>(labels: Record<K, string>, v: string) => labels[v as K] ?? v;
const tLabel = (t: Territoire) => `${t.code} – ${t.nom}`;

export function TerritoirePicker(props: {
  action: string;
  territoires: Territoire[];
  territoire?: Territoire;
}) {
  if (props.territoires.length < 2) return '';
  return (
    <form
      method="get"
      action={props.action}
      class="hl-admin-inline-form fr-mb-4w"
      aria-label="Choisir le territoire"
    >
      <Select
        id="territoire"
        label="Territoire"
        options={props.territoires.map((t) => ({ value: String(t.id), label: tLabel(t) }))}
        value={props.territoire ? String(props.territoire.id) : ''}
        placeholder={false}
      />
      <Button label="Afficher" priority="secondary" size="sm" />
    </form>
  );
}

/** One line per criterion that restricts the rule (the others accept everything). */
export function ruleSummary(r: RuleRow, o: Options): string[] {
  const out: string[] = [];
  if (r.profileDeclarant !== 'all')
    out.push(`Profil : ${label(PROFILE_DECLARANT_LABELS, r.profileDeclarant)}`);
  if (r.parc !== 'all') out.push(`Parc : ${label(PARC_LABELS, r.parc)}`);
  if (r.allocataire !== 'all') out.push(`Allocataire : ${label(ALLOCATAIRE_LABELS, r.allocataire)}`);
  if (r.inseeToInclude.length) out.push(`Communes : ${r.inseeToInclude.join(', ')}`);
  if (r.inseeToExclude.length) out.push(`Communes exclues : ${r.inseeToExclude.join(', ')}`);
  const pn = (id: number) => o.partners.find((p) => p.id === id)?.nom ?? `partenaire n° ${id}`;
  const zn = (id: number) => o.zones.find((z) => z.id === id)?.name ?? `zone n° ${id}`;
  if (r.partnerToExclude.length) out.push(`Partenaires exclus : ${r.partnerToExclude.map(pn).join(', ')}`);
  if (r.proceduresSuspectees.length) {
    out.push(`Procédures : ${r.proceduresSuspectees.map((q) => label(QUALIFICATION_LABELS, q)).join(', ')}`);
  }
  if (r.zonesToInclude.length) out.push(`Zones : ${r.zonesToInclude.map(zn).join(', ')}`);
  if (r.zonesToExclude.length) out.push(`Zones exclues : ${r.zonesToExclude.map(zn).join(', ')}`);
  if (!out.length) out.push('Tous les signalements du territoire');
  return out;
}

export function ReglesPage(
  props: {
    user: CurrentUserView;
    csrfToken: string;
    flashes?: Flash[];
    territoires: Territoire[];
    territoire?: Territoire;
    rules: RuleRow[];
    auto: boolean;
  } & Options,
): JSX.Element {
  const t = props.territoire;
  return (
    <Page
      title="Règles d’affectation"
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      activeNav={NAV.bo.admin}
      breadcrumb={[{ label: 'Tableau de bord', href: '/bo' }, { label: 'Règles d’affectation' }]}
    >
      <div class="fr-container fr-py-4w">
        <h1 class="fr-h2">Règles d’affectation automatique</h1>
        <p>
          Quand l’affectation automatique est activée sur le territoire, chaque nouveau signalement est
          transmis aux partenaires choisis par les règles actives : un partenaire est retenu si son périmètre
          couvre le logement et si tous les critères d’une règle visant son type sont remplis.
        </p>
        <TerritoirePicker action={REGLES_PATH} territoires={props.territoires} territoire={t} />
        {t ? (
          <>
            <p safe>
              {`Territoire ${tLabel(t)} : affectation automatique ${props.auto ? 'activée' : 'désactivée'}.`}
            </p>
            <ButtonsGroup
              inline="sm"
              buttons={[
                { label: 'Ajouter une règle', href: `${REGLES_PATH}/nouvelle?territoire=${t.id}` },
                {
                  label: 'Tester les règles (simulateur)',
                  priority: 'secondary',
                  href: `/bo/admin/simulateur?territoire=${t.id}`,
                },
              ]}
            />
            <Table
              caption={`Règles du territoire ${tLabel(t)}`}
              headers={['Partenaires visés', 'Critères', 'État', 'Actions']}
              emptyMessage="Aucune règle pour le moment."
              multiline
              class="fr-mt-4w"
            >
              {props.rules.length
                ? props.rules.map((r) => (
                    <tr>
                      <td>
                        <span safe>{label(PARTNER_TYPE_LABELS, r.partnerType)}</span>
                        {r.description ? (
                          <p class="fr-text--sm fr-mb-0" safe>
                            {r.description}
                          </p>
                        ) : (
                          ''
                        )}
                      </td>
                      <td>
                        <ul class="fr-text--sm fr-mb-0">
                          {ruleSummary(r, props).map((line) => (
                            <li safe>{line}</li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        {r.status === 'ACTIVE' ? (
                          <Badge label="Active" severity="success" small />
                        ) : (
                          <Badge label="Archivée" small />
                        )}
                      </td>
                      <td>
                        <a href={`${REGLES_PATH}/${r.id}`} safe>
                          {`Modifier la règle ${label(PARTNER_TYPE_LABELS, r.partnerType)}`}
                        </a>
                        <Form csrfToken={props.csrfToken} action={`${REGLES_PATH}/${r.id}/statut`}>
                          <Button
                            label={r.status === 'ACTIVE' ? 'Archiver' : 'Réactiver'}
                            priority="secondary"
                            size="sm"
                          />
                        </Form>
                        <Form csrfToken={props.csrfToken} action={`${REGLES_PATH}/${r.id}/supprimer`}>
                          <Button
                            label="Supprimer"
                            priority="tertiary"
                            size="sm"
                            icon="fr-icon-delete-line"
                          />
                        </Form>
                      </td>
                    </tr>
                  ))
                : undefined}
            </Table>
          </>
        ) : (
          <p>Aucun territoire à gérer.</p>
        )}
      </div>
    </Page>
  );
}

export function RegleFormPage(
  props: {
    user: CurrentUserView;
    csrfToken: string;
    flashes?: Flash[];
    territoire: Territoire;
    ruleId?: number;
    values: Record<string, string | string[]>;
    errors: Record<string, string>;
  } & Options,
): JSX.Element {
  const e = props.errors;
  const v = props.values;
  const hasErrors = Object.keys(e).length > 0;
  const title = props.ruleId ? 'Modifier la règle' : 'Nouvelle règle';
  const one = (k: string, d = '') => {
    const x = v[k];
    return Array.isArray(x) ? (x[0] ?? d) : (x ?? d);
  };
  const many = (k: string) => {
    const x = v[k];
    return Array.isArray(x) ? x : x ? [x] : [];
  };
  return (
    <Page
      title={`${title} – ${tLabel(props.territoire)}`}
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      activeNav={NAV.bo.admin}
      hasErrors={hasErrors}
      breadcrumb={[
        { label: 'Tableau de bord', href: '/bo' },
        { label: 'Règles d’affectation', href: `${REGLES_PATH}?territoire=${props.territoire.id}` },
        { label: title },
      ]}
    >
      <div class="fr-container fr-py-4w">
        <h1 class="fr-h2" safe>
          {`${title} – ${tLabel(props.territoire)}`}
        </h1>
        {hasErrors ? <ErrorSummary errors={e} /> : ''}
        <Form
          csrfToken={props.csrfToken}
          action={props.ruleId ? `${REGLES_PATH}/${props.ruleId}` : REGLES_PATH}
          class="hl-admin-form"
        >
          <input type="hidden" name="territoireId" value={String(props.territoire.id)} />
          <Select
            id="partnerType"
            label="Type de partenaire visé"
            options={PARTNER_TYPES.map((p) => ({ value: p, label: PARTNER_TYPE_LABELS[p as PartnerType] }))}
            value={one('partnerType')}
            error={e.partnerType}
            placeholder="Choisir un type"
            required
          />
          <Select
            id="profileDeclarant"
            label="Profil du déclarant"
            options={PROFILE_DECLARANT_CHOICES.map((p) => ({ value: p, label: PROFILE_DECLARANT_LABELS[p] }))}
            value={one('profileDeclarant', 'all')}
            error={e.profileDeclarant}
            placeholder={false}
          />
          <Select
            id="parc"
            label="Parc du logement"
            options={PARC_CHOICES.map((p) => ({ value: p, label: PARC_LABELS[p] }))}
            value={one('parc', 'all')}
            error={e.parc}
            placeholder={false}
          />
          <Select
            id="allocataire"
            label="Allocataire"
            options={ALLOCATAIRE_CHOICES.map((p) => ({ value: p, label: ALLOCATAIRE_LABELS[p] }))}
            value={one('allocataire', 'all')}
            error={e.allocataire}
            placeholder={false}
          />
          <Textarea
            id="inseeToInclude"
            label="Communes visées (codes INSEE)"
            hint="Laissez vide pour toutes les communes. Séparez les codes par des virgules ou des espaces."
            value={one('inseeToInclude')}
            error={e.inseeToInclude}
            rows={2}
          />
          <Textarea
            id="inseeToExclude"
            label="Communes exclues (codes INSEE)"
            value={one('inseeToExclude')}
            error={e.inseeToExclude}
            rows={2}
          />
          <CheckboxGroup
            id="proceduresSuspectees"
            legend="Procédures suspectées"
            hint="Aucune case cochée : la règle ne regarde pas les procédures. Sinon, au moins une doit être suspectée."
            options={PROCEDURES_SUSPECTEES.map((q) => ({
              value: q,
              label: QUALIFICATION_LABELS[q as Qualification],
            }))}
            values={many('proceduresSuspectees')}
            error={e.proceduresSuspectees}
            small
          />
          {props.partners.length ? (
            <CheckboxGroup
              id="partnerToExclude"
              legend="Partenaires à ne jamais retenir avec cette règle"
              options={props.partners.map((p) => ({ value: String(p.id), label: p.nom }))}
              values={many('partnerToExclude')}
              error={e.partnerToExclude}
              small
            />
          ) : (
            ''
          )}
          {props.zones.length ? (
            <>
              <CheckboxGroup
                id="zonesToInclude"
                legend="Zones visées"
                hint="Le logement doit être dans l’une d’elles (il faut alors connaître sa position)."
                options={props.zones.map((z) => ({ value: String(z.id), label: z.name }))}
                values={many('zonesToInclude')}
                error={e.zonesToInclude}
                small
              />
              <CheckboxGroup
                id="zonesToExclude"
                legend="Zones exclues"
                options={props.zones.map((z) => ({ value: String(z.id), label: z.name }))}
                values={many('zonesToExclude')}
                error={e.zonesToExclude}
                small
              />
            </>
          ) : (
            ''
          )}
          <Textarea
            id="description"
            label="Description (facultative)"
            hint="Pour vous souvenir du pourquoi de cette règle."
            value={one('description')}
            rows={2}
            maxLength={2000}
          />
          <ButtonsGroup
            inline="sm"
            buttons={[
              { label: 'Enregistrer la règle' },
              {
                label: 'Annuler',
                priority: 'secondary',
                href: `${REGLES_PATH}?territoire=${props.territoire.id}`,
              },
            ]}
          />
        </Form>
      </div>
    </Page>
  );
}
