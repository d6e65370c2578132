import { type Children, escapeHtml } from '@kitajs/html';
import { QUALIFICATION_LABELS } from '../../../domain/competences.ts';
import type { Principal } from '../../../domain/policy.ts';
import { ROLE_LABELS, type Role } from '../../../domain/roles.ts';
import {
  QUALIFICATION_STATUS_LABELS,
  SIGNALEMENT_STATUS_LABELS,
  SUIVI_CATEGORIES,
  SUIVI_TYPE,
} from '../../../domain/statuts.ts';
import { Badge, statusBadge } from '../../../ui/dsfr/display.tsx';
import { cx } from '../../../ui/dsfr/util.ts';
import {
  countLabel,
  formatDate,
  formatDateTime,
  formatFileSize,
  formatNumber,
  formatPercent,
  toIsoString,
} from '../../../ui/format.ts';
import { type CurrentUserView, type Flash, NAV, Page } from '../../../ui/layout/page.tsx';
import { TagsForm } from '../../admin-tags/views/tags-form.tsx';
import { DossierActions } from '../../signalement-workflow/views/dossier-actions.tsx';
import {
  answerLabel,
  CIVILITE_LABELS,
  COMPOSITION_LABELS,
  creationSourceLabel,
  debutDesordresLabel,
  describeHistory,
  documentTypeLabel,
  formatDay,
  formatPhone,
  INFORMATION_COMPLEMENTAIRE_LABELS,
  INFORMATION_PROCEDURE_LABELS,
  isImage,
  jsonRows,
  lienLabel,
  motifClotureLabel,
  motifRefusLabel,
  plainText,
  profileLabel,
  SITUATION_FOYER_LABELS,
  typeProprioLabel,
} from '../dossier.labels.ts';
import type {
  DossierCritere,
  DossierFichier,
  DossierHistoryEntry,
  DossierSuivi,
  DossierView,
  PersonName,
} from '../dossier.repository.ts';

export interface DossierPageProps {
  dossier: DossierView;
  principal: Principal;
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  /** Present when the user may change the dossier's tags: the territory's tags and the current ones. */
  tagChoices?: { current: { id: number; label: string }[]; available: { id: number; label: string }[] };
}

/** Where the page's links point: the dossier and its authorised file route. */
export const dossierHref = (uuid: string) => `/bo/signalements/${encodeURIComponent(uuid)}`;
export const fichierHref = (uuid: string, fichierUuid: string, variant?: 'thumb') =>
  `${dossierHref(uuid)}/fichiers/${encodeURIComponent(fichierUuid)}${variant ? `?variant=${variant}` : ''}`;

export const DOSSIER_SECTIONS = [
  { id: 'adresse-logement', label: 'Adresse et logement' },
  { id: 'foyer', label: 'Foyer' },
  { id: 'situation-procedure', label: 'Situation et procédure' },
  { id: 'desordres', label: 'Désordres' },
  { id: 'personnes', label: 'Personnes' },
  { id: 'affectations', label: 'Partenaires' },
  { id: 'activite', label: 'Activité' },
  { id: 'documents', label: 'Documents' },
  { id: 'historique', label: 'Historique' },
] as const;

// ---------------------------------------------------------------------------------------------------------
// Small building blocks

type Value = string | number | boolean | null | undefined;
/** A definition row: plain text (escaped here) or ready-made markup. */
type Row = [label: string, value: Value | { html: JSX.Element }];

function text(value: Value): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (typeof value === 'number') return formatNumber(value);
  return value;
}

/** Definition list of the rows that have a value; nothing at all when none has. */
function Details(props: { rows: Row[]; empty?: string; compact?: boolean }): JSX.Element {
  const rows = props.rows.filter(([, v]) => (v !== null && typeof v === 'object' ? true : text(v) !== null));
  if (rows.length === 0) {
    return props.empty ? (
      <p class="hl-muted" safe>
        {props.empty}
      </p>
    ) : (
      ''
    );
  }
  return (
    <dl class={cx('hl-dl', props.compact && 'hl-dl--compact')}>
      {rows.map(([label, v]) => (
        <div class="hl-dl__row">
          <dt safe>{label}</dt>
          <dd>{v !== null && typeof v === 'object' ? v.html : escapeHtml(text(v) ?? '')}</dd>
        </div>
      ))}
    </dl>
  );
}

function Time(props: { value: Date; tz: string; withTime?: boolean }): JSX.Element {
  const label = props.withTime
    ? formatDateTime(props.value, { timeZone: props.tz })
    : formatDate(props.value, { timeZone: props.tz });
  return (
    <time datetime={toIsoString(props.value)} safe>
      {label}
    </time>
  );
}

function phoneLink(value: string | null): Row[1] {
  if (!value) return null;
  const tel = value.replace(/[^\d+]/g, '');
  return {
    html: tel ? (
      <a href={`tel:${tel}`} safe>
        {formatPhone(value)}
      </a>
    ) : (
      escapeHtml(value)
    ),
  };
}

function mailLink(value: string | null): Row[1] {
  if (!value) return null;
  return {
    html: (
      <a href={`mailto:${value}`} class="hl-break" safe>
        {value}
      </a>
    ),
  };
}

const fullName = (...parts: (string | null | undefined)[]) =>
  parts
    .map((p) => p?.trim())
    .filter(Boolean)
    .join(' ') || null;

/** "4 boulevard National, 13001 Marseille" from whichever parts are known. */
const postal = (adresse: string | null, cp: string | null, ville: string | null) =>
  [adresse?.trim(), fullName(cp, ville)].filter(Boolean).join(', ') || null;

const personLabel = (p: PersonName | null) => (p ? fullName(p.prenom, p.nom) : null);

function Section(props: { id: string; title: string; children: Children }): JSX.Element {
  return (
    <section class="hl-dossier__section" id={props.id} aria-labelledby={`${props.id}-titre`}>
      <h2 id={`${props.id}-titre`} class="fr-h4" safe>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Header

function Scores(props: { dossier: DossierView }): JSX.Element {
  const s = props.dossier.signalement;
  return (
    <p class="hl-dossier__score">
      <span class="fr-text--bold">Criticité : </span>
      {escapeHtml(formatPercent(s.score))}{' '}
      <span class="hl-muted">
        {escapeHtml(
          `(bâtiment ${formatPercent(s.scoreBatiment)}, logement ${formatPercent(s.scoreLogement)})`,
        )}
      </span>
    </p>
  );
}

function Qualifications(props: { dossier: DossierView }): JSX.Element {
  const list = props.dossier.qualifications;
  if (list.length === 0) return '';
  const suspected = list.filter((q) => !isConfirmed(q));
  const confirmed = list.filter(isConfirmed);
  const label = (q: { qualification: string; status: string }) =>
    (QUALIFICATION_STATUS_LABELS as Record<string, string>)[q.status] ??
    (QUALIFICATION_LABELS as Record<string, string>)[q.qualification] ??
    q.qualification;
  return (
    <div class="hl-dossier__qualifications">
      {suspected.length ? (
        <div>
          <p class="fr-text--sm fr-mb-1v fr-text--bold">Procédures suspectées</p>
          <ul class="fr-badges-group">
            {suspected.map((q) => (
              <li>
                <Badge label={label(q)} color="yellow-tournesol" small srPrefix="Suspectée : " />
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      {confirmed.length ? (
        <div>
          <p class="fr-text--sm fr-mb-1v fr-text--bold">Constatées après visite</p>
          <ul class="fr-badges-group">
            {confirmed.map((q) => (
              <li>
                <Badge label={label(q)} severity="error" small srPrefix="Constatée : " />
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
    </div>
  );
}

const isConfirmed = (q: { status: string; isPostVisite: boolean }) =>
  q.isPostVisite || q.status.endsWith('_AVEREE');

function Header(props: DossierPageProps): JSX.Element {
  const { dossier } = props;
  const s = dossier.signalement;
  const tz = dossier.territoire.timezone;
  const dates: Row[] = [
    ['Déposé le', { html: <Time value={s.createdAt} tz={tz} /> }],
    ['Validé le', s.validatedAt ? { html: <Time value={s.validatedAt} tz={tz} /> } : null],
    ['Clôturé le', s.closedAt ? { html: <Time value={s.closedAt} tz={tz} /> } : null],
    ['Motif de clôture', motifClotureLabel(s.motifCloture)],
    ['Motif de refus', motifRefusLabel(s.motifRefus)],
    ['Territoire', `${dossier.territoire.code} – ${dossier.territoire.nom}`],
    ['Origine', creationSourceLabel(s.creationSource)],
    [
      'Saisi par',
      dossier.createdBy
        ? [personLabel(dossier.createdBy), dossier.createdBy.partenaireNom].filter(Boolean).join(', ')
        : null,
    ],
  ];
  // An agent's first question on opening a dossier: where does my own partner stand on it?
  const mine = dossier.affectations.filter((a) =>
    props.principal.partenaires.some((p) => p.id === a.partenaireId),
  );
  return (
    <header class="hl-dossier__header fr-mb-4w">
      <div class="hl-dossier__title">
        <h1 class="fr-h2 fr-mb-1w">{escapeHtml(`Signalement n° ${s.reference}`)}</h1>
        {statusBadge(s.statut)}
        {s.isLogementVacant ? <Badge label="Logement vacant" color="beige-gris-galet" /> : ''}
      </div>
      <p class="fr-text--lg fr-mb-1w" safe>
        {[s.adresseOccupant, `${s.cpOccupant} ${s.villeOccupant}`].filter(Boolean).join(', ')}
      </p>
      {mine.map((a) => (
        <p class="fr-mb-1w">
          <span safe>{`Affectation de ${a.partenaireNom} : `}</span>
          {statusBadge(a.statut, { small: true })}
        </p>
      ))}
      <Scores dossier={dossier} />
      <Qualifications dossier={dossier} />
      <Details rows={dates} compact />
      {dossier.tags.length ? (
        <div>
          <p class="fr-text--sm fr-mb-1v fr-text--bold">Étiquettes</p>
          <ul class="fr-tags-group">
            {dossier.tags.map((t) => (
              <li>
                <p class="fr-tag fr-tag--sm" safe>
                  {t.label}
                </p>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
      {props.tagChoices ? (
        <details class="hl-dossier__tags-edit fr-mb-2w">
          <summary>Modifier les étiquettes</summary>
          <TagsForm
            dossierUuid={s.uuid}
            territoireId={dossier.territoire.id}
            current={props.tagChoices.current}
            available={props.tagChoices.available}
            csrfToken={props.csrfToken}
          />
        </details>
      ) : (
        ''
      )}
      <div class="hl-dossier__actions">
        <DossierActions dossier={dossier} principal={props.principal} csrfToken={props.csrfToken} />
      </div>
    </header>
  );
}

function Summary(): JSX.Element {
  return (
    <nav class="fr-summary hl-dossier__summary" aria-labelledby="dossier-sommaire-titre">
      <p class="fr-summary__title" id="dossier-sommaire-titre">
        Sommaire
      </p>
      <ol class="fr-summary__list">
        {DOSSIER_SECTIONS.map((sec) => (
          <li>
            <a class="fr-summary__link" href={`#${sec.id}`}>
              {escapeHtml(sec.label)}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

// ---------------------------------------------------------------------------------------------------------
// Sections

function AdresseLogement(props: { dossier: DossierView }): JSX.Element {
  const s = props.dossier.signalement;
  const adresse: Row[] = [
    ['Adresse', s.adresseOccupant],
    ['Code postal et commune', fullName(s.cpOccupant, s.villeOccupant)],
    ['Code INSEE', s.inseeOccupant],
    ['Étage', s.etageOccupant],
    ['Escalier', s.escalierOccupant],
    ['Numéro d’appartement', s.numAppartOccupant],
    ['Complément d’adresse', s.adresseAutreOccupant],
    ['Adresse saisie à la main', s.isManualAddress ? true : null],
    [
      'Coordonnées',
      s.geolocLat !== null && s.geolocLng !== null
        ? `${formatNumber(s.geolocLat, { maximumFractionDigits: 5 })}, ${formatNumber(s.geolocLng, { maximumFractionDigits: 5 })}`
        : null,
    ],
  ];
  const logement: Row[] = [
    ['Nature du logement', answerLabel(s.natureLogement)],
    ['Superficie', s.superficie !== null ? `${formatNumber(s.superficie)} m²` : null],
    ['Nombre de pièces', s.nbPiecesLogement],
    ['Nombre de niveaux', s.nbNiveauxLogement],
    ['Année de construction', s.anneeConstruction !== null ? String(s.anneeConstruction) : null],
    ['Construit avant 1949', s.isConstructionAvant1949],
    ['Logement social', s.isLogementSocial],
    ['Logement vacant', s.isLogementVacant],
  ];
  return (
    <Section id="adresse-logement" title="Adresse et logement">
      <h3 class="fr-h6">Adresse</h3>
      <Details rows={adresse} />
      <h3 class="fr-h6">Logement</h3>
      <Details rows={logement} />
      <h3 class="fr-h6">Composition du logement</h3>
      <Details
        rows={jsonRows(s.typeCompositionLogement, COMPOSITION_LABELS)}
        empty="Aucune information sur la composition du logement."
      />
    </Section>
  );
}

function Foyer(props: { dossier: DossierView }): JSX.Element {
  const s = props.dossier.signalement;
  const rows: Row[] = [
    ['Nombre de personnes', s.nbOccupantsLogement],
    ['Adultes', s.nbAdultes],
    ['Enfants de moins de 6 ans', s.nbEnfantsM6],
    ['Enfants de 6 ans et plus', s.nbEnfantsP6],
    ['Allocataire', answerLabel(s.isAllocataire)],
    ['Numéro d’allocataire', s.numAllocataire],
    [
      'Montant de l’allocation',
      s.montantAllocation !== null ? `${formatNumber(s.montantAllocation)} €` : null,
    ],
    ['Bénéficiaire du RSA', s.isRsa],
  ];
  return (
    <Section id="foyer" title="Foyer">
      <Details rows={rows} />
      <h3 class="fr-h6">Situation du foyer</h3>
      <Details
        rows={[
          ...jsonRows(s.situationFoyer, SITUATION_FOYER_LABELS),
          ...jsonRows(s.informationComplementaire, INFORMATION_COMPLEMENTAIRE_LABELS),
        ]}
        empty="Aucune information sur la situation du foyer."
      />
    </Section>
  );
}

function SituationProcedure(props: { dossier: DossierView }): JSX.Element {
  const s = props.dossier.signalement;
  const bail: Row[] = [
    ['Bail en cours', s.isBailEnCours],
    ['Date d’entrée dans le logement', formatDay(s.dateEntree)],
    ['Loyer', s.loyer !== null ? `${formatNumber(s.loyer)} €` : null],
    ['Préavis de départ donné', s.isPreavisDepart],
    ['Demande de relogement', s.isRelogement],
    ['Propriétaire averti', s.isProprioAverti],
    ['Propriétaire averti le', formatDay(s.proprioAvertiAt)],
  ];
  const secours: Row[] = [
    ['Date de la mission', formatDay(s.dateMissionServiceSecours)],
    ['Origine de la mission', s.origineMissionServiceSecours],
    ['Ordre de mission', s.ordreMissionServiceSecours],
  ];
  const closing: Row[] = [
    ['Motif de clôture', motifClotureLabel(s.motifCloture)],
    [
      'Commentaire de clôture',
      s.comCloture
        ? {
            html: (
              <p class="hl-pre" safe>
                {s.comCloture}
              </p>
            ),
          }
        : null,
    ],
    ['Clôturé par', personLabel(props.dossier.closedBy)],
    ['Motif de refus', motifRefusLabel(s.motifRefus)],
    ['L’usager demande l’arrêt de la procédure', s.isUsagerAbandonProcedure === true ? true : null],
  ];
  return (
    <Section id="situation-procedure" title="Situation et procédure">
      <h3 class="fr-h6">Description par le déclarant</h3>
      {s.details ? (
        <p class="hl-pre" safe>
          {s.details}
        </p>
      ) : (
        <p class="hl-muted">Aucune description.</p>
      )}
      <Details
        rows={[
          ['Début des désordres', debutDesordresLabel(s.debutDesordres)],
          ['Désordres constatés par le déclarant', s.hasSeenDesordres],
        ]}
      />
      <h3 class="fr-h6">Bail et démarches</h3>
      <Details
        rows={[...bail, ...jsonRows(s.informationProcedure, INFORMATION_PROCEDURE_LABELS)]}
        empty="Aucune information sur le bail ni les démarches."
      />
      {secours.some(([, v]) => v) ? (
        <>
          <h3 class="fr-h6">Intervention des secours</h3>
          <Details rows={secours} />
        </>
      ) : (
        ''
      )}
      {closing.some(([, v]) => v) ? (
        <>
          <h3 class="fr-h6">Clôture ou refus</h3>
          <Details rows={closing} />
        </>
      ) : (
        ''
      )}
    </Section>
  );
}

function Photos(props: { uuid: string; photos: DossierFichier[] }): JSX.Element {
  if (props.photos.length === 0) return '';
  return (
    <ul class="hl-photos">
      {props.photos.map((f) => (
        <li>
          <a href={fichierHref(props.uuid, f.uuid)} class="hl-photos__link">
            <img
              src={fichierHref(props.uuid, f.uuid, f.hasThumb ? 'thumb' : undefined)}
              alt={`Voir en grand : ${f.title}`}
              class="hl-photos__img"
              loading="lazy"
              width="160"
              height="120"
            />
          </a>
        </li>
      ))}
    </ul>
  );
}

function Critere(props: { uuid: string; critere: DossierCritere; photos: DossierFichier[] }): JSX.Element {
  const c = props.critere;
  const danger = c.precisions.some((p) => p.isDanger);
  const precisions = c.precisions.filter(
    (p) => plainText(p.label) !== '' || p.precisionLibre || p.pieces?.length,
  );
  return (
    <div class={cx('hl-critere', danger && 'hl-critere--danger')}>
      <h4 class="fr-h6 fr-mb-1v">
        {escapeHtml(plainText(c.label))}{' '}
        {danger ? <Badge label="Danger" severity="error" small as="span" /> : ''}
      </h4>
      <p class="fr-text--xs hl-muted fr-mb-1w" safe>
        {c.categorieLabel}
      </p>
      {precisions.length ? (
        <ul class="hl-critere__precisions">
          {precisions.map((p) => (
            <li>
              {plainText(p.label) ? escapeHtml(plainText(p.label)) : ''}
              {p.isDanger && precisions.length > 1 ? (
                <>
                  {' '}
                  <Badge label="Danger" severity="error" small as="span" />
                </>
              ) : (
                ''
              )}
              {p.pieces?.length ? (
                <span class="hl-muted">{escapeHtml(` (pièces : ${p.pieces.join(', ')})`)}</span>
              ) : (
                ''
              )}
              {p.precisionLibre ? (
                <span class="hl-pre hl-critere__libre" safe>
                  {p.precisionLibre}
                </span>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      <Photos uuid={props.uuid} photos={props.photos} />
    </div>
  );
}

function Desordres(props: { dossier: DossierView }): JSX.Element {
  const { dossier } = props;
  const uuid = dossier.signalement.uuid;
  const photos = dossier.fichiers.filter((f) => isImage(f.mimeType) && f.documentType !== 'PHOTO_VISITE');
  const photosOf = (c: DossierCritere) => {
    const slugs = new Set([c.slug, ...c.precisions.map((p) => p.slug)]);
    return photos.filter((f) => f.desordreSlug !== null && slugs.has(f.desordreSlug));
  };
  const linked = new Set(dossier.desordres.flatMap((c) => photosOf(c).map((f) => f.uuid)));
  const others = photos.filter((f) => !linked.has(f.uuid) && f.documentType === 'PHOTO_SITUATION');
  const zones = [
    { zone: 'BATIMENT', title: 'Bâtiment' },
    { zone: 'LOGEMENT', title: 'Logement' },
  ] as const;
  return (
    <Section id="desordres" title="Désordres">
      {dossier.desordres.length === 0 ? <p class="hl-muted">Aucun désordre déclaré.</p> : ''}
      {zones.map(({ zone, title }) => {
        const list = dossier.desordres.filter((c) => c.zone === zone);
        if (list.length === 0) return '';
        return (
          <div class="fr-mb-3w">
            <h3 class="fr-h5" safe>
              {`${title} (${countLabel(list.length, 'désordre')})`}
            </h3>
            {list.map((c) => (
              <Critere uuid={uuid} critere={c} photos={photosOf(c)} />
            ))}
          </div>
        );
      })}
      {others.length ? (
        <>
          <h3 class="fr-h5">Autres photos de la situation</h3>
          <Photos uuid={uuid} photos={others} />
        </>
      ) : (
        ''
      )}
    </Section>
  );
}

function PersonBlock(props: { title: string; rows: Row[] }): JSX.Element {
  return (
    <div class="fr-col-12 fr-col-md-6">
      <div class="hl-person">
        <h3 class="fr-h6" safe>
          {props.title}
        </h3>
        <Details rows={props.rows} empty="Aucune coordonnée." />
      </div>
    </div>
  );
}

function Personnes(props: { dossier: DossierView }): JSX.Element {
  const s = props.dossier.signalement;
  const hasDeclarant = s.isNotOccupant || Boolean(s.declarantNom || s.declarantEmail || s.declarantStructure);
  const blocks: JSX.Element[] = [];
  if (hasDeclarant) {
    blocks.push(
      <PersonBlock
        title="Déclarant"
        rows={[
          ['Profil', profileLabel(s.profileDeclarant)],
          ['Lien avec l’occupant', lienLabel(s.lienDeclarantOccupant)],
          ['Structure', s.declarantStructure],
          ['Nom', fullName(s.declarantPrenom, s.declarantNom)],
          ['Matricule', s.declarantMatricule],
          ['Téléphone', phoneLink(s.declarantTel)],
          ['Autre téléphone', phoneLink(s.declarantTelSecondaire)],
          ['E-mail', mailLink(s.declarantEmail)],
        ]}
      />,
    );
  }
  blocks.push(
    <PersonBlock
      title="Occupant"
      rows={[
        ['Profil', hasDeclarant ? profileLabel(s.profileOccupant) : profileLabel(s.profileDeclarant)],
        [
          'Nom',
          fullName(
            s.occupantCivilite
              ? (CIVILITE_LABELS[s.occupantCivilite.toLowerCase()] ?? s.occupantCivilite)
              : null,
            s.occupantPrenom,
            s.occupantNom,
          ),
        ],
        ['Date de naissance', formatDay(s.occupantDateNaissance)],
        ['Téléphone', phoneLink(s.occupantTel)],
        ['Autre téléphone', phoneLink(s.occupantTelSecondaire)],
        ['E-mail', mailLink(s.occupantEmail)],
      ]}
    />,
  );
  const bailleur: Row[] = [
    ['Type', typeProprioLabel(s.typeProprio)],
    ['Dénomination', s.bailleurDenomination],
    ['Nom', fullName(s.bailleurPrenom, s.bailleurNom)],
    ['Adresse', postal(s.bailleurAdresse, s.bailleurCodePostal, s.bailleurVille)],
    ['Téléphone', phoneLink(s.bailleurTel)],
    ['Autre téléphone', phoneLink(s.bailleurTelSecondaire)],
    ['E-mail', mailLink(s.bailleurEmail)],
  ];
  if (bailleur.some(([, v]) => v)) blocks.push(<PersonBlock title="Bailleur" rows={bailleur} />);
  const agence: Row[] = [
    ['Dénomination', s.agenceDenomination],
    ['Nom', fullName(s.agencePrenom, s.agenceNom)],
    ['Adresse', postal(s.agenceAdresse, s.agenceCodePostal, s.agenceVille)],
    ['Téléphone', phoneLink(s.agenceTel)],
    ['E-mail', mailLink(s.agenceEmail)],
  ];
  if (agence.some(([, v]) => v)) blocks.push(<PersonBlock title="Agence" rows={agence} />);
  return (
    <Section id="personnes" title="Personnes">
      <div class="fr-grid-row fr-grid-row--gutters">{blocks}</div>
    </Section>
  );
}

function Affectations(props: { dossier: DossierView }): JSX.Element {
  const { dossier } = props;
  const tz = dossier.territoire.timezone;
  return (
    <Section id="affectations" title="Partenaires">
      {dossier.affectations.length === 0 ? (
        <p class="hl-muted">Aucun partenaire n’est affecté à ce dossier.</p>
      ) : (
        <ul class="hl-plain-list">
          {dossier.affectations.map((a) => (
            <li class="hl-affectation">
              <div class="hl-affectation__head">
                <h3 class="fr-h6 fr-mb-0" safe>
                  {a.partenaireNom}
                </h3>
                {statusBadge(a.statut, { small: true })}
              </div>
              <Details
                rows={[
                  [
                    'Affecté le',
                    {
                      html: (
                        <>
                          <Time value={a.createdAt} tz={tz} />
                          {a.affectedBy ? escapeHtml(` par ${personLabel(a.affectedBy)}`) : ''}
                        </>
                      ),
                    },
                  ],
                  [
                    'Réponse le',
                    a.answeredAt
                      ? {
                          html: (
                            <>
                              <Time value={a.answeredAt} tz={tz} />
                              {a.answeredBy ? escapeHtml(` par ${personLabel(a.answeredBy)}`) : ''}
                            </>
                          ),
                        }
                      : null,
                  ],
                  ['Motif de refus', motifRefusLabel(a.motifRefus)],
                  ['Motif de clôture', motifClotureLabel(a.motifCloture)],
                  [
                    'Précisions',
                    a.precisionsCloture
                      ? {
                          html: (
                            <span class="hl-pre" safe>
                              {a.precisionsCloture}
                            </span>
                          ),
                        }
                      : null,
                  ],
                  ['Synchronisé avec un logiciel externe', a.isSynchronized ? true : null],
                ]}
              />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function suiviAuthor(s: DossierSuivi, dossier: DossierView): string {
  if (s.author) return [personLabel(s.author), s.partenaireNom].filter(Boolean).join(' – ');
  if (s.type === SUIVI_TYPE.USAGER || s.type === SUIVI_TYPE.USAGER_POST_CLOTURE) {
    if (s.category === 'MESSAGE_BAILLEUR') return 'Bailleur';
    const sig = dossier.signalement;
    if (s.usagerRole === 'DECLARANT')
      return `Déclarant (${fullName(sig.declarantPrenom, sig.declarantNom) ?? 'usager'})`;
    return `Occupant (${fullName(sig.occupantPrenom, sig.occupantNom) ?? 'usager'})`;
  }
  if (s.partenaireNom) return s.partenaireNom;
  return 'Histologe (message automatique)';
}

function Activite(props: { dossier: DossierView }): JSX.Element {
  const { dossier } = props;
  const tz = dossier.territoire.timezone;
  const uuid = dossier.signalement.uuid;
  return (
    <Section id="activite" title={`Activité (${countLabel(dossier.suivis.length, 'suivi')})`}>
      {dossier.suivis.length === 0 ? (
        <p class="hl-muted">Aucun suivi pour le moment.</p>
      ) : (
        <ol class="hl-timeline">
          {dossier.suivis.map((s) => {
            const category = (SUIVI_CATEGORIES as Record<string, { label: string }>)[s.category]?.label;
            return (
              <li class={cx('hl-suivi', s.isVisibleForUsager ? 'hl-suivi--public' : 'hl-suivi--internal')}>
                <div class="hl-suivi__meta">
                  <p class="fr-text--bold fr-mb-0" safe>
                    {suiviAuthor(s, dossier)}
                  </p>
                  <p class="fr-text--sm fr-mb-0 hl-muted">
                    <Time value={s.createdAt} tz={tz} withTime />
                    {category ? escapeHtml(` · ${category}`) : ''}
                    {s.updatedAt ? ' · modifié' : ''}
                  </p>
                  {s.isVisibleForUsager ? (
                    <Badge label="Visible par l’usager" severity="info" small />
                  ) : (
                    <Badge label="Interne" color="purple-glycine" small noIcon />
                  )}
                </div>
                <p class="hl-pre hl-suivi__text" safe>
                  {s.description}
                </p>
                {s.fichiers.length ? (
                  <ul class="hl-suivi__files">
                    {s.fichiers.map((f) => (
                      <li>
                        <a
                          class="fr-link fr-link--sm fr-icon-attachment-line fr-link--icon-left"
                          href={fichierHref(uuid, f.uuid)}
                          safe
                        >
                          {`${f.title} (${formatFileSize(f.size)})`}
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : (
                  ''
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}

function Documents(props: { dossier: DossierView }): JSX.Element {
  const { dossier } = props;
  const tz = dossier.territoire.timezone;
  return (
    <Section id="documents" title={`Documents (${countLabel(dossier.fichiers.length, 'fichier')})`}>
      {dossier.fichiers.length === 0 ? (
        <p class="hl-muted">Aucun document.</p>
      ) : (
        <ul class="hl-plain-list hl-documents">
          {dossier.fichiers.map((f) => {
            const by = f.uploadedBy
              ? [personLabel(f.uploadedBy), f.partenaireNom].filter(Boolean).join(', ')
              : f.uploadedByUsager
                ? 'l’usager'
                : f.partenaireNom;
            return (
              <li class="hl-document">
                <a href={fichierHref(dossier.signalement.uuid, f.uuid)} class="fr-link hl-break" safe>
                  {f.title}
                </a>
                <p class="fr-text--sm fr-mb-0">
                  {escapeHtml(
                    `${documentTypeLabel(f.documentType)} · ${formatFileSize(f.size)} · ajouté le `,
                  )}
                  <Time value={f.createdAt} tz={tz} />
                  {by ? escapeHtml(` par ${by}`) : ''}
                </p>
                {f.description ? (
                  <p class="fr-text--sm fr-mb-0 hl-pre" safe>
                    {f.description}
                  </p>
                ) : (
                  ''
                )}
                {f.isVisibleForUsager ? (
                  <Badge label="Visible par l’usager" severity="info" small />
                ) : (
                  <Badge label="Interne" color="purple-glycine" small noIcon />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

function historyAuthor(h: DossierHistoryEntry): string {
  if (h.user) {
    const role = (ROLE_LABELS as Record<Role, string>)[h.user.role as Role];
    return `${personLabel(h.user) ?? 'Utilisateur'}${role ? ` (${role.toLowerCase()})` : ''}`;
  }
  if (h.source === 'formulaire' || h.source === 'usager') return 'L’usager';
  if (h.source === 'api') return 'Un partenaire via l’API';
  return 'Histologe';
}

function Historique(props: { dossier: DossierView }): JSX.Element {
  const { dossier } = props;
  const tz = dossier.territoire.timezone;
  const affectationPartenaires: Record<string, string> = {};
  for (const a of dossier.affectations) affectationPartenaires[String(a.id)] = a.partenaireNom;
  const ctx = { affectationPartenaires, partenaireNoms: dossier.partenaireNoms };
  return (
    <Section id="historique" title="Historique">
      {dossier.history.length === 0 ? (
        <p class="hl-muted">Aucun événement enregistré.</p>
      ) : (
        <ol class="hl-history">
          {dossier.history.map((h) => {
            const d = describeHistory(h, ctx);
            return (
              <li>
                <p class="fr-mb-0">
                  <Time value={h.createdAt} tz={tz} withTime />
                  {' : '}
                  <span class="fr-text--bold" safe>
                    {historyAuthor(h)}
                  </span>{' '}
                  {escapeHtml(d.action)}
                </p>
                {d.details.length ? (
                  <ul class="fr-text--sm hl-muted">
                    {d.details.map((x) => (
                      <li safe>{x}</li>
                    ))}
                  </ul>
                ) : (
                  ''
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}

// ---------------------------------------------------------------------------------------------------------

/** Back-office dossier page: everything known about one signalement, sections reachable from a summary. */
export function DossierPage(props: DossierPageProps): JSX.Element {
  const { dossier } = props;
  const s = dossier.signalement;
  const statusLabel = (SIGNALEMENT_STATUS_LABELS as Record<string, string>)[s.statut] ?? s.statut;
  return (
    <Page
      title={`Signalement ${s.reference} (${statusLabel.toLowerCase()})`}
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      activeNav={NAV.bo.signalements}
      flashes={props.flashes}
      breadcrumb={[
        { label: 'Tableau de bord', href: '/bo' },
        { label: 'Signalements', href: '/bo/signalements' },
        { label: `Signalement ${s.reference}` },
      ]}
    >
      <div class="fr-container fr-py-4w hl-dossier">
        <Header {...props} />
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-lg-3">
            <Summary />
          </div>
          <div class="fr-col-12 fr-col-lg-9">
            <AdresseLogement dossier={dossier} />
            <Foyer dossier={dossier} />
            <SituationProcedure dossier={dossier} />
            <Desordres dossier={dossier} />
            <Personnes dossier={dossier} />
            <Affectations dossier={dossier} />
            <Activite dossier={dossier} />
            <Documents dossier={dossier} />
            <Historique dossier={dossier} />
          </div>
        </div>
      </div>
    </Page>
  );
}
