import {
  PARTNER_TYPE_LABELS,
  PARTNER_TYPES,
  QUALIFICATION_LABELS,
  QUALIFICATIONS,
} from '../../../domain/competences.ts';
import { Button, ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { Checkbox, CheckboxGroup, Select } from '../../../ui/dsfr/choice.tsx';
import { Badge } from '../../../ui/dsfr/display.tsx';
import { RequiredFieldsHint } from '../../../ui/dsfr/field.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Input, Textarea } from '../../../ui/dsfr/input.tsx';
import { Pagination } from '../../../ui/dsfr/pagination.tsx';
import { Table } from '../../../ui/dsfr/table.tsx';
import { type CurrentUserView, type Flash, NAV, Page } from '../../../ui/layout/page.tsx';

export const PARTNERS_PATH = '/bo/admin/partenaires';
export const partnerPath = (uuid: string) => `${PARTNERS_PATH}/${encodeURIComponent(uuid)}`;

type Values = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
const typeLabel = (t: string) => (PARTNER_TYPE_LABELS as Record<string, string>)[t] ?? t;

const territoireOf = (r: { territoireCode: string | null; territoireNom: string | null }): string =>
  r.territoireCode ? `${r.territoireCode} – ${r.territoireNom ?? ''}` : 'National';

const crumbs = (last?: string) => [
  { label: 'Tableau de bord', href: '/bo' },
  ...(last ? [{ label: 'Partenaires', href: PARTNERS_PATH }, { label: last }] : [{ label: 'Partenaires' }]),
];

export interface PartnerListProps {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  isSuperAdmin: boolean;
  filters: { territoireId?: number; type?: string; q?: string; archives: boolean };
  territoires: { id: number; code: string; nom: string }[];
  rows: {
    uuid: string;
    nom: string;
    type: string;
    email: string | null;
    territoireCode: string | null;
    territoireNom: string | null;
    nbUsers: number;
  }[];
  total: number;
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
}

export function PartnerListPage(props: PartnerListProps): JSX.Element {
  const f = props.filters;
  return (
    <Page
      title="Partenaires"
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      activeNav={NAV.bo.admin}
      breadcrumb={crumbs()}
    >
      <div class="fr-container fr-py-4w">
        <h1 class="fr-h2">Partenaires</h1>
        <ButtonsGroup
          inline="md"
          buttons={[
            { label: 'Ajouter un partenaire', href: `${PARTNERS_PATH}/nouveau`, icon: 'fr-icon-add-line' },
          ]}
        />
        <form
          method="get"
          action={PARTNERS_PATH}
          class="hl-admin-filters"
          aria-label="Filtrer les partenaires"
        >
          <div class="fr-grid-row fr-grid-row--gutters">
            {props.isSuperAdmin || props.territoires.length > 1 ? (
              <div class="fr-col-12 fr-col-md-3">
                <Select
                  id="territoire"
                  label="Territoire"
                  placeholder="Tous les territoires"
                  options={props.territoires.map((t) => ({
                    value: String(t.id),
                    label: `${t.code} – ${t.nom}`,
                  }))}
                  value={f.territoireId ? String(f.territoireId) : ''}
                />
              </div>
            ) : (
              ''
            )}
            <div class="fr-col-12 fr-col-md-3">
              <Select
                id="type"
                label="Type"
                placeholder="Tous les types"
                options={PARTNER_TYPES.map((t) => ({ value: t, label: PARTNER_TYPE_LABELS[t] }))}
                value={f.type ?? ''}
              />
            </div>
            <div class="fr-col-12 fr-col-md-3">
              <Input id="q" type="search" label="Nom ou e-mail" value={f.q ?? ''} />
            </div>
            <div class="fr-col-12 fr-col-md-3">
              <Checkbox id="archives" label="Partenaires archivés" checked={f.archives} small />
              <Button label="Filtrer" priority="secondary" class="fr-mt-1w" />
            </div>
          </div>
        </form>
        <Table
          caption={`${props.total} partenaire${props.total > 1 ? 's' : ''}${f.archives ? ' archivé' + (props.total > 1 ? 's' : '') : ''}`}
          headers={['Nom', 'Type', 'Territoire', 'E-mail', 'Comptes']}
          emptyMessage="Aucun partenaire ne correspond à ces critères."
          multiline
        >
          {props.rows.length
            ? props.rows.map((r) => (
                <tr>
                  <td>
                    <a href={partnerPath(r.uuid)} safe>
                      {r.nom}
                    </a>
                  </td>
                  <td safe>{typeLabel(r.type)}</td>
                  <td safe>{territoireOf(r)}</td>
                  <td safe>{r.email ?? '—'}</td>
                  <td safe>{String(r.nbUsers)}</td>
                </tr>
              ))
            : undefined}
        </Table>
        {props.pageCount > 1 ? (
          <Pagination
            page={props.page}
            pageCount={props.pageCount}
            hrefFor={props.hrefFor}
            total={props.total}
            itemLabel={['partenaire', 'partenaires']}
          />
        ) : (
          ''
        )}
      </div>
    </Page>
  );
}

export interface PartnerFormProps {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  mode: 'create' | 'edit';
  uuid?: string;
  isArchive?: boolean;
  values: Values;
  errors: Record<string, string>;
  territoires: { id: number; code: string; nom: string }[];
  epcis: { id: number; code: string; nom: string }[];
  zones: { id: number; name: string }[];
  /** Whether a token is stored (never the token itself). */
  stored: { esaboraToken: boolean; idossToken: boolean };
}

function TokenField(props: { id: string; label: string; stored: boolean; error?: string }) {
  return (
    <>
      <Input
        id={props.id}
        type="password"
        label={props.label}
        hint={
          props.stored
            ? '•••• enregistré. Laissez vide pour garder le jeton enregistré ; il n’est jamais réaffiché.'
            : 'Le jeton est chiffré et ne sera jamais réaffiché.'
        }
        autocomplete="off"
        value=""
        error={props.error}
      />
      {props.stored ? <Checkbox id={`${props.id}Clear`} label="Supprimer le jeton enregistré" small /> : ''}
    </>
  );
}

export function PartnerFormPage(props: PartnerFormProps): JSX.Element {
  const v = props.values;
  const e = props.errors;
  const title = props.mode === 'create' ? 'Ajouter un partenaire' : `Partenaire ${one(v.nom)}`;
  const hasErrors = Object.keys(e).length > 0;
  const action = props.mode === 'create' ? `${PARTNERS_PATH}/nouveau` : partnerPath(props.uuid ?? '');
  const readOnly = props.isArchive === true;
  return (
    <Page
      title={title}
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      activeNav={NAV.bo.admin}
      hasErrors={hasErrors}
      breadcrumb={crumbs(props.mode === 'create' ? 'Ajouter' : one(v.nom))}
    >
      <div class="fr-container fr-py-4w">
        <div class="fr-grid-row">
          <div class="fr-col-12 fr-col-lg-8">
            <h1 class="fr-h2" safe>
              {title}
            </h1>
            {readOnly ? <Badge label="Archivé" severity="warning" /> : ''}
            {hasErrors ? <ErrorSummary errors={e} /> : ''}
            {readOnly ? (
              <p>
                Ce partenaire est archivé : il ne reçoit plus de signalements et ne peut plus être modifié.
              </p>
            ) : (
              <Form csrfToken={props.csrfToken} action={action}>
                <RequiredFieldsHint />
                <h2 class="fr-h4 fr-mt-3w">Identité</h2>
                <Input
                  id="nom"
                  label="Nom du partenaire"
                  value={one(v.nom)}
                  error={e.nom}
                  required
                  maxLength={255}
                />
                <Select
                  id="type"
                  label="Type de partenaire"
                  placeholder="Choisir un type"
                  options={PARTNER_TYPES.map((t) => ({ value: t, label: PARTNER_TYPE_LABELS[t] }))}
                  value={one(v.type)}
                  error={e.type}
                  required
                />
                {props.territoires.length > 1 ? (
                  <Select
                    id="territoireId"
                    label="Territoire"
                    placeholder="Choisir un territoire"
                    options={props.territoires.map((t) => ({
                      value: String(t.id),
                      label: `${t.code} – ${t.nom}`,
                    }))}
                    value={one(v.territoireId)}
                    error={e.territoireId}
                    required
                  />
                ) : (
                  <p
                    safe
                  >{`Territoire : ${props.territoires[0] ? `${props.territoires[0].code} – ${props.territoires[0].nom}` : '—'}`}</p>
                )}
                <Input
                  id="email"
                  type="email"
                  label="Adresse e-mail générique (facultatif)"
                  hint="Par exemple contact@mairie.fr"
                  autocomplete="off"
                  value={one(v.email)}
                  error={e.email}
                />
                <Checkbox
                  id="emailNotifiable"
                  label="Cette adresse reçoit les notifications"
                  checked={one(v.emailNotifiable) === '1'}
                  error={e.emailNotifiable}
                />

                <h2 class="fr-h4 fr-mt-3w">Compétences</h2>
                <CheckboxGroup
                  id="competences"
                  legend="Compétences du partenaire"
                  hint={
                    props.mode === 'create'
                      ? 'Si vous n’en cochez aucune, celles habituelles pour ce type de partenaire seront retenues.'
                      : undefined
                  }
                  options={QUALIFICATIONS.map((q) => ({ value: q, label: QUALIFICATION_LABELS[q] }))}
                  values={many(v.competences)}
                  error={e.competences}
                  small
                  class="hl-admin-columns"
                />

                <h2 class="fr-h4 fr-mt-3w">Périmètre</h2>
                <Textarea
                  id="insee"
                  label="Codes INSEE des communes couvertes (facultatif)"
                  hint="Séparés par des virgules, des espaces ou des retours à la ligne, par exemple 13055, 13001. Vide : tout le territoire."
                  value={one(v.insee)}
                  error={e.insee}
                  rows={3}
                />
                {props.epcis.length ? (
                  <CheckboxGroup
                    id="epci"
                    legend="EPCI couverts (facultatif)"
                    options={props.epcis.map((x) => ({ value: String(x.id), label: x.nom }))}
                    values={many(v.epci)}
                    error={e.epci}
                    small
                  />
                ) : (
                  ''
                )}
                {props.zones.length ? (
                  <>
                    <CheckboxGroup
                      id="zones"
                      legend="Zones couvertes (facultatif)"
                      hint="Le partenaire intervient dans ces zones du territoire."
                      options={props.zones.map((z) => ({ value: String(z.id), label: z.name }))}
                      values={many(v.zones)}
                      error={e.zones}
                      small
                    />
                    <CheckboxGroup
                      id="zonesExclues"
                      legend="Zones exclues (facultatif)"
                      hint="Le partenaire n’intervient pas dans ces zones, même si elles font partie de ses communes."
                      options={props.zones.map((z) => ({ value: String(z.id), label: z.name }))}
                      values={many(v.zonesExclues)}
                      error={e.zonesExclues}
                      small
                    />
                  </>
                ) : (
                  ''
                )}

                <h2 class="fr-h4 fr-mt-3w">Interconnexions</h2>
                <p class="fr-text--sm">Utiles surtout pour les ARS, les communes (SCHS) et les EPCI.</p>
                <Input
                  id="esaboraUrl"
                  type="url"
                  label="Adresse du service Esabora"
                  value={one(v.esaboraUrl)}
                  error={e.esaboraUrl}
                />
                <TokenField
                  id="esaboraToken"
                  label="Jeton Esabora"
                  stored={props.stored.esaboraToken}
                  error={e.esaboraToken}
                />
                <Checkbox
                  id="isEsaboraActive"
                  label="Interconnexion Esabora active"
                  checked={one(v.isEsaboraActive) === '1'}
                  error={e.isEsaboraActive}
                />
                <Input
                  id="idossUrl"
                  type="url"
                  label="Adresse du service IDOSS"
                  value={one(v.idossUrl)}
                  error={e.idossUrl}
                  class="fr-mt-3w"
                />
                <TokenField
                  id="idossToken"
                  label="Jeton IDOSS"
                  stored={props.stored.idossToken}
                  error={e.idossToken}
                />
                <Checkbox
                  id="isIdossActive"
                  label="Interconnexion IDOSS active"
                  checked={one(v.isIdossActive) === '1'}
                  error={e.isIdossActive}
                />

                <ButtonsGroup
                  inline="md"
                  class="fr-mt-4w"
                  buttons={[
                    {
                      label: props.mode === 'create' ? 'Créer le partenaire' : 'Enregistrer',
                      type: 'submit',
                    },
                    { label: 'Annuler', href: PARTNERS_PATH, priority: 'secondary' },
                  ]}
                />
              </Form>
            )}
            {props.mode === 'edit' && !readOnly ? (
              <>
                <h2 class="fr-h4 fr-mt-6w">Archiver ce partenaire</h2>
                <p>
                  Ses demandes d’affectation en attente seront retirées. Ses comptes seront archivés, sauf
                  ceux rattachés aussi à un autre partenaire, qui en seront seulement détachés.
                </p>
                <Form csrfToken={props.csrfToken} action={`${partnerPath(props.uuid ?? '')}/archiver`}>
                  <Checkbox
                    id="confirm"
                    label="Je confirme vouloir archiver ce partenaire"
                    error={e.confirm}
                  />
                  <Button label="Archiver le partenaire" priority="secondary" class="fr-mt-2w" />
                </Form>
              </>
            ) : (
              ''
            )}
          </div>
        </div>
      </div>
    </Page>
  );
}
