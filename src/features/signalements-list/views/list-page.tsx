import { escapeHtml } from '@kitajs/html';
import { QUALIFICATION_LABELS, type Qualification } from '../../../domain/competences.ts';
import {
  AFFECTATION_STATUS_LABELS,
  AFFECTATION_STATUSES,
  SIGNALEMENT_STATUS_LABELS,
} from '../../../domain/statuts.ts';
import { Checkbox, CheckboxGroup, RadioGroup, Select } from '../../../ui/dsfr/choice.tsx';
import { Alert, Badge, statusBadge } from '../../../ui/dsfr/display.tsx';
import { Input } from '../../../ui/dsfr/input.tsx';
import { Pagination } from '../../../ui/dsfr/pagination.tsx';
import { countLabel, formatDate, formatDateTime, formatPercent, toIsoString } from '../../../ui/format.ts';
import { type CurrentUserView, type Flash, NAV, Page } from '../../../ui/layout/page.tsx';
import type { ListPage as ListResult, ListRow } from '../list.repository.ts';
import {
  activeFilters,
  CONSTAT_LABELS,
  CONSTATS,
  LIST_PATH,
  LIST_PROCEDURES,
  LIST_STATUTS,
  type ListFilters,
  type ListOptions,
  type ListSort,
  listHref,
  SORT_LABELS,
} from '../list.schema.ts';

export interface ListPageProps {
  user: CurrentUserView;
  csrfToken?: string;
  flashes?: Flash[];
  /** Role of the signed-in user: agents get "mes dossiers" and no "sans affectation". */
  role: string;
  /** The user's own partners, shown first and in bold in the partner column. */
  ownPartenaireIds: number[];
  filters: ListFilters;
  notices: string[];
  options: ListOptions;
  result: ListResult;
}

const DOSSIER_PATH = (uuid: string) => `/bo/signalements/${encodeURIComponent(uuid)}`;

/** Default direction when a column is chosen: newest, highest, latest first. */
const FIRST_ORDER: Record<ListSort, 'asc' | 'desc'> = {
  depot: 'desc',
  score: 'desc',
  reference: 'desc',
  activite: 'desc',
};

function orderWords(tri: ListSort, ordre: 'asc' | 'desc'): string {
  switch (tri) {
    case 'depot':
    case 'activite':
      return ordre === 'desc' ? 'du plus récent au plus ancien' : 'du plus ancien au plus récent';
    case 'score':
      return ordre === 'desc' ? 'du plus élevé au plus faible' : 'du plus faible au plus élevé';
    default:
      return ordre === 'desc'
        ? 'de la plus récente à la plus ancienne'
        : 'de la plus ancienne à la plus récente';
  }
}

function SortHeader(props: { tri: ListSort; filters: ListFilters; class?: string }): JSX.Element {
  const f = props.filters;
  const current = f.tri === props.tri;
  const next = current ? (f.ordre === 'desc' ? 'asc' : 'desc') : FIRST_ORDER[props.tri];
  const icon = current ? (f.ordre === 'desc' ? 'fr-icon-arrow-down-line' : 'fr-icon-arrow-up-line') : '';
  return (
    <th
      scope="col"
      class={props.class}
      aria-sort={current ? (f.ordre === 'desc' ? 'descending' : 'ascending') : undefined}
    >
      <a
        class={`fr-link fr-link--sm hl-sort-link${icon ? ` ${icon} fr-link--icon-right` : ''}`}
        href={listHref(f, { tri: props.tri, ordre: next, page: 1 })}
      >
        {escapeHtml(SORT_LABELS[props.tri])}
        <span class="fr-sr-only" safe>
          {`, trier ${orderWords(props.tri, next)}`}
        </span>
      </a>
    </th>
  );
}

function occupantName(r: ListRow): string {
  const name = [r.occupantPrenom, r.occupantNom].filter((x) => x && x.trim() !== '').join(' ');
  return name || 'Non renseigné';
}

function Row(props: { row: ListRow; ownPartenaireIds: number[] }): JSX.Element {
  const r = props.row;
  const own = new Set(props.ownPartenaireIds);
  const affectations = [...r.affectations].sort(
    (a, b) => Number(own.has(b.partenaireId)) - Number(own.has(a.partenaireId)),
  );
  return (
    <tr>
      <th scope="row">
        <a href={DOSSIER_PATH(r.uuid)} class="fr-link">
          <span class="fr-sr-only">Dossier </span>
          {escapeHtml(r.reference)}
        </a>
        {r.qualifications.length ? (
          <ul class="hl-list-badges">
            {r.qualifications.map((q) => (
              <li>
                <Badge
                  as="span"
                  small
                  noIcon
                  color={q.isPostVisite ? 'orange-terre-battue' : 'purple-glycine'}
                  srPrefix={q.isPostVisite ? 'Procédure constatée : ' : 'Procédure suspectée : '}
                  label={`${QUALIFICATION_LABELS[q.qualification as Qualification] ?? q.qualification}${q.isPostVisite ? ' (constatée)' : ''}`}
                />
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
      </th>
      <td>{statusBadge(r.statut, { small: true, as: 'span' })}</td>
      <td class="hl-nowrap" safe>
        {formatPercent(r.score)}
      </td>
      <td>
        {escapeHtml(r.adresse)}
        <br />
        {escapeHtml(`${r.cp} ${r.ville}`)}
      </td>
      <td safe>{occupantName(r)}</td>
      <td>
        {affectations.length ? (
          <ul class="hl-list-affectations">
            {affectations.map((a) => (
              <li>
                {own.has(a.partenaireId) ? <strong safe>{a.nom}</strong> : <span safe>{a.nom}</span>}{' '}
                {statusBadge(a.statut, { small: true, as: 'span' })}
              </li>
            ))}
          </ul>
        ) : (
          <span class="fr-text--sm">Aucune affectation</span>
        )}
      </td>
      <td class="hl-nowrap">
        <time datetime={toIsoString(r.createdAt)} safe>
          {formatDate(r.createdAt)}
        </time>
      </td>
      <td>
        {r.lastSuiviAt ? (
          <>
            <time datetime={toIsoString(r.lastSuiviAt)} safe>
              {formatDateTime(r.lastSuiviAt)}
            </time>
            {r.lastSuiviBy ? (
              <>
                <br />
                <span class="fr-text--sm" safe>{`par ${r.lastSuiviBy}`}</span>
              </>
            ) : (
              ''
            )}
          </>
        ) : (
          <span class="fr-text--sm">Aucune activité</span>
        )}
      </td>
    </tr>
  );
}

function FiltersForm(props: ListPageProps): JSX.Element {
  const f = props.filters;
  const o = props.options;
  const isAgent = props.role === 'ROLE_USER_PARTNER' || props.role === 'ROLE_ADMIN_PARTNER';
  const isSuperAdmin = props.role === 'ROLE_ADMIN';
  const advancedActive =
    f.territoire !== undefined ||
    f.statut.length > 0 ||
    !!f.commune ||
    f.partenaire.length > 0 ||
    f.affectation.length > 0 ||
    f.sansAffectation ||
    !!f.du ||
    !!f.au ||
    f.scoreMin !== undefined ||
    f.scoreMax !== undefined ||
    f.procedure.length > 0 ||
    !!f.constat ||
    f.tag.length > 0 ||
    f.mesDossiers;
  return (
    <form method="get" action={LIST_PATH} class="hl-list-filters fr-mb-4w" aria-label="Rechercher et filtrer">
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div class="fr-col-12 fr-col-md-8">
          <Input
            id="q"
            type="search"
            label="Rechercher un signalement"
            hint="Référence (2026-12), nom, adresse ou adresse e-mail. Les accents ne comptent pas."
            value={f.q ?? ''}
            maxLength={100}
            autocomplete="off"
            spellcheck={false}
            class="fr-mb-0"
          />
        </div>
        <div class="fr-col-12 fr-col-md-4">
          <button type="submit" class="fr-btn fr-icon-search-line fr-btn--icon-left">
            Rechercher
          </button>
        </div>
      </div>

      <details class="hl-list-more fr-mt-3w">
        <summary class="fr-text--bold">{advancedActive ? 'Modifier les filtres' : 'Plus de filtres'}</summary>
        <div class="hl-list-grid fr-mt-2w">
          {isSuperAdmin ? (
            <div>
              <Select
                id="territoire"
                label="Territoire"
                placeholder="Tous les territoires"
                options={o.territoires.map((t) => ({ value: String(t.id), label: t.label }))}
                value={f.territoire !== undefined ? String(f.territoire) : ''}
              />
            </div>
          ) : (
            ''
          )}
          <div>
            <Input
              id="commune"
              label="Commune"
              hint="Nom, code postal ou code INSEE"
              value={f.commune ?? ''}
              maxLength={80}
              autocomplete="off"
            />
          </div>
          <div class="hl-list-wide">
            <CheckboxGroup
              id="statut"
              legend="Statut du signalement"
              inline
              small
              options={LIST_STATUTS.map((s) => ({ value: s, label: SIGNALEMENT_STATUS_LABELS[s] }))}
              values={f.statut}
            />
          </div>
          <div class="hl-list-wide">
            <CheckboxGroup
              id="affectation"
              legend={isAgent ? 'Statut de votre affectation' : 'Statut d’affectation'}
              hint={isAgent ? undefined : 'Avec des partenaires choisis : le statut de leur affectation.'}
              inline
              small
              options={AFFECTATION_STATUSES.map((s) => ({ value: s, label: AFFECTATION_STATUS_LABELS[s] }))}
              values={f.affectation}
            />
            {isAgent ? (
              ''
            ) : (
              <Checkbox
                id="sansAffectation"
                label="Seulement les signalements sans aucune affectation"
                checked={f.sansAffectation}
                small
              />
            )}
          </div>
          {o.partenaires.length ? (
            <div class="hl-list-wide">
              <div class="hl-list-scroll">
                <CheckboxGroup
                  id="partenaire"
                  legend="Partenaires affectés"
                  small
                  options={o.partenaires.map((p) => ({ value: String(p.id), label: p.nom }))}
                  values={f.partenaire.map(String)}
                />
              </div>
            </div>
          ) : (
            ''
          )}
          <div>
            <Input
              id="du"
              type="date"
              label="Déposé à partir du"
              hint="Format : 28/11/2026"
              value={f.du ?? ''}
            />
          </div>
          <div>
            <Input
              id="au"
              type="date"
              label="Déposé jusqu’au"
              hint="Format : 28/11/2026"
              value={f.au ?? ''}
            />
          </div>
          <div>
            <Input
              id="scoreMin"
              type="number"
              label="Score minimum (%)"
              min={0}
              max={100}
              step="any"
              inputMode="decimal"
              value={f.scoreMin ?? ''}
            />
          </div>
          <div>
            <Input
              id="scoreMax"
              type="number"
              label="Score maximum (%)"
              min={0}
              max={100}
              step="any"
              inputMode="decimal"
              value={f.scoreMax ?? ''}
            />
          </div>
          <div class="hl-list-wide">
            <CheckboxGroup
              id="procedure"
              legend="Procédures"
              inline
              small
              options={LIST_PROCEDURES.map((q) => ({ value: q, label: QUALIFICATION_LABELS[q] }))}
              values={f.procedure}
            />
            <RadioGroup
              id="constat"
              legend="Procédure suspectée ou constatée"
              inline
              small
              options={[
                { value: '', label: 'Les deux' },
                ...CONSTATS.map((c) => ({ value: c, label: CONSTAT_LABELS[c] })),
              ]}
              value={f.constat ?? ''}
            />
          </div>
          {o.tags.length ? (
            <div class="hl-list-wide">
              <div class="hl-list-scroll">
                <CheckboxGroup
                  id="tag"
                  legend="Étiquettes"
                  small
                  options={o.tags.map((t) => ({ value: String(t.id), label: t.label }))}
                  values={f.tag.map(String)}
                />
              </div>
            </div>
          ) : (
            ''
          )}
          <div class="hl-list-wide">
            <Checkbox
              id="mesDossiers"
              label="Seulement les dossiers que je suis"
              hint="Ceux auxquels vous êtes abonné(e)"
              checked={f.mesDossiers}
              small
            />
          </div>
          <div>
            <Select
              id="tri"
              label="Trier par"
              placeholder={false}
              options={(Object.keys(SORT_LABELS) as ListSort[]).map((t) => ({
                value: t,
                label: SORT_LABELS[t],
              }))}
              value={f.tri}
            />
          </div>
          <div>
            <Select
              id="ordre"
              label="Ordre"
              placeholder={false}
              options={[
                { value: 'desc', label: 'Décroissant (plus récent ou plus élevé d’abord)' },
                { value: 'asc', label: 'Croissant (plus ancien ou plus faible d’abord)' },
              ]}
              value={f.ordre}
            />
          </div>
        </div>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
          <li>
            <button type="submit" class="fr-btn">
              Appliquer les filtres
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={LIST_PATH}>
              Réinitialiser les filtres
            </a>
          </li>
        </ul>
      </details>
    </form>
  );
}

/** Back-office list of signalements: search, filters in the URL, sortable columns, pagination. */
export function ListPage(props: ListPageProps): JSX.Element {
  const { filters: f, result } = props;
  const active = activeFilters(f, props.options);
  const caption = `Signalements triés par ${SORT_LABELS[f.tri].toLowerCase()}, ${orderWords(f.tri, f.ordre)}${
    result.pageCount > 1 ? ` (page ${result.page} sur ${result.pageCount})` : ''
  }`;
  return (
    <Page
      title={result.page > 1 ? `Signalements, page ${result.page}` : 'Signalements'}
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      activeNav={NAV.bo.signalements}
      flashes={props.flashes}
      breadcrumb={[{ label: 'Tableau de bord', href: '/bo' }, { label: 'Signalements' }]}
    >
      <div class="fr-container fr-py-4w">
        <h1>Signalements</h1>
        {props.notices.length ? (
          <Alert type="warning" small class="fr-mb-3w" role="status">
            <ul class="fr-mb-0">
              {props.notices.map((n) => (
                <li safe>{n}</li>
              ))}
            </ul>
          </Alert>
        ) : (
          ''
        )}
        <FiltersForm {...props} />

        <h2 class="fr-h4 fr-mb-2w" id="resultats">
          {escapeHtml(countLabel(result.total, 'signalement', 'signalements'))}
        </h2>
        {active.length ? (
          <div class="fr-mb-2w">
            <p class="fr-text--sm fr-mb-1w" id="filtres-actifs">
              Filtres appliqués (cliquez sur un filtre pour le retirer) :
            </p>
            <ul class="fr-tags-group" aria-labelledby="filtres-actifs">
              {active.map((a) => (
                <li>
                  <a class="fr-tag fr-tag--sm fr-icon-close-line fr-tag--icon-right" href={a.href}>
                    {escapeHtml(a.label)}
                    <span class="fr-sr-only"> (retirer ce filtre)</span>
                  </a>
                </li>
              ))}
              <li>
                <a class="fr-link fr-link--sm" href={LIST_PATH}>
                  Réinitialiser les filtres
                </a>
              </li>
            </ul>
          </div>
        ) : (
          ''
        )}

        {result.total === 0 ? (
          <div class="hl-list-empty fr-p-3w fr-mb-4w">
            {active.length || f.q ? (
              <>
                <p class="fr-text--lg fr-mb-1w">Aucun signalement ne correspond à votre recherche.</p>
                <p class="fr-mb-2w">Vérifiez l’orthographe ou retirez un filtre pour élargir la recherche.</p>
                <a class="fr-btn fr-btn--secondary" href={LIST_PATH}>
                  Réinitialiser les filtres
                </a>
              </>
            ) : (
              <p class="fr-text--lg fr-mb-0">
                Vous n’avez aucun signalement à suivre pour le moment. Ils apparaîtront ici dès qu’il y en
                aura.
              </p>
            )}
          </div>
        ) : (
          <>
            <div class="fr-table fr-table--sm fr-table--multiline fr-table--no-caption hl-list-table">
              <div class="fr-table__wrapper">
                <div class="fr-table__container">
                  <div class="fr-table__content">
                    <table>
                      <caption safe>{caption}</caption>
                      <thead>
                        <tr>
                          <SortHeader tri="reference" filters={f} />
                          <th scope="col">Statut</th>
                          <SortHeader tri="score" filters={f} />
                          <th scope="col">Adresse</th>
                          <th scope="col">Occupant</th>
                          <th scope="col">Partenaires</th>
                          <SortHeader tri="depot" filters={f} />
                          <SortHeader tri="activite" filters={f} />
                        </tr>
                      </thead>
                      <tbody>
                        {result.rows.map((row) => (
                          <Row row={row} ownPartenaireIds={props.ownPartenaireIds} />
                        ))}
                      </tbody>
                    </table>
                  </div>
                </div>
              </div>
            </div>
            <Pagination
              page={result.page}
              pageCount={result.pageCount}
              total={result.total}
              itemLabel={['signalement', 'signalements']}
              hrefFor={(page) => listHref(f, { page })}
            />
          </>
        )}
      </div>
    </Page>
  );
}
