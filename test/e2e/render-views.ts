/**
 * Renders every view (and a gallery of the DSFR components) to HTML files, serves them with the DSFR assets
 * and our CSS from a small local server that sends the application's CSP, then loads each page in Debian's
 * Chromium: runs axe-core, records CSP violations and page errors, and takes screenshots at 1280 px and
 * 375 px, plus 375 px with JavaScript off (screenshot) and without DSFR's JavaScript (axe), to check the
 * no-JS fallbacks.
 *
 *   node --import tsx test/e2e/render-views.ts [--out /tmp/ui-shots] [--only home,sign-in] [--no-shots]
 *     [--viewport-only]
 *
 * Exits 1 when axe reports a violation or the page logs a CSP violation / error. Needs /usr/bin/chromium
 * (apt-get install chromium) or CHROMIUM_PATH.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { escapeHtml } from '@kitajs/html';
import type { Page as BrowserPage } from 'playwright-core';
import { evaluateAutoAffectation } from '../../src/domain/auto-affectation.ts';
import { bboxOf, parseWkt, type ZoneGeometry } from '../../src/domain/geo.ts';
import {
  ChoosePasswordPage,
  EmailConfirmedPage,
  ForgotPasswordPage,
  LinkProblemPage,
  TwoFactorPage,
} from '../../src/features/account/views/account-pages.tsx';
import { ProfilePage } from '../../src/features/account/views/profile.tsx';
import {
  PartnerFormPage,
  PartnerListPage,
} from '../../src/features/admin-partenaires/views/partenaires-pages.tsx';
import { RegleFormPage, ReglesPage } from '../../src/features/admin-regles/views/regles-page.tsx';
import { SimulateurPage } from '../../src/features/admin-regles/views/simulateur-page.tsx';
import { TagsForm } from '../../src/features/admin-tags/views/tags-form.tsx';
import { TagEditPage, TagsPage } from '../../src/features/admin-tags/views/tags-page.tsx';
import {
  TerritoireEditPage,
  TerritoiresPage,
} from '../../src/features/admin-territoires/views/territoires-page.tsx';
import {
  AdminIndexPage,
  UserFormPage,
  UsersListPage,
} from '../../src/features/admin-users/views/admin-users.tsx';
import { ZonePage, ZonesPage } from '../../src/features/admin-zones/views/zones-page.tsx';
import { SignInPage } from '../../src/features/auth/views/sign-in.tsx';
import { BoHomePage } from '../../src/features/dashboard/views/bo-home.tsx';
import { MailDetailPage, MailListPage } from '../../src/features/dev-mails/views/mails.tsx';
import { ErrorPage } from '../../src/features/errors/views/error-page.tsx';
import { HomePage } from '../../src/features/home/views/home.tsx';
import { NotificationsPage } from '../../src/features/notifications/views/notifications-page.tsx';
import { AccessibilitePage } from '../../src/features/pages/views/accessibilite.tsx';
import { DonneesPersonnellesPage } from '../../src/features/pages/views/donnees-personnelles.tsx';
import { MentionsLegalesPage } from '../../src/features/pages/views/mentions-legales.tsx';
import { sampleDossierView } from '../../src/features/signalement-dossier/views/dossier-page.sample.ts';
import { DossierPage } from '../../src/features/signalement-dossier/views/dossier-page.tsx';
import { FORM_SCREENS, getScreen } from '../../src/features/signalement-form/definition/index.ts';
import { stepper } from '../../src/features/signalement-form/engine/navigation.ts';
import { AbandonPage } from '../../src/features/signalement-form/views/abandon.tsx';
import { ConfirmationPage } from '../../src/features/signalement-form/views/confirmation.tsx';
import {
  DuplicatesPage,
  FollowUpLinksSentPage,
} from '../../src/features/signalement-form/views/duplicates.tsx';
import {
  FinishLaterPage,
  FinishLaterSentPage,
} from '../../src/features/signalement-form/views/finish-later.tsx';
import { RecapPage } from '../../src/features/signalement-form/views/recap.tsx';
import { StartPage } from '../../src/features/signalement-form/views/start.tsx';
import { StepPage } from '../../src/features/signalement-form/views/step.tsx';
import { SubmitErrorPage } from '../../src/features/signalement-form/views/submit-error.tsx';
import { ActionPage } from '../../src/features/signalement-workflow/views/action-page.tsx';
import { sampleListPage } from '../../src/features/signalements-list/views/list-page.sample.ts';
import { ListPage } from '../../src/features/signalements-list/views/list-page.tsx';
import { AccessPage } from '../../src/features/suivi-usager/views/access-page.tsx';
import { DossierPage as UsagerDossierPage } from '../../src/features/suivi-usager/views/dossier-page.tsx';
import { LinkPage } from '../../src/features/suivi-usager/views/link-page.tsx';
import { sampleUsagerDossier } from '../../src/features/suivi-usager/views/samples.ts';
import { DSFR_PREFIX, STATIC_PREFIX } from '../../src/ui/assets.ts';
import * as D from '../../src/ui/dsfr/index.ts';
import { type CurrentUserView, NAV, Page } from '../../src/ui/layout/page.tsx';
import { launchChromium } from './chromium.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DSFR_DIR = path.join(root, 'node_modules', '@gouvfr', 'dsfr', 'dist');
const PUBLIC_DIR = path.join(root, 'public');
const AXE_FILE = path.join(root, 'node_modules', 'axe-core', 'axe.min.js');

// Same policy as app.ts (helmet), so a view needing inline script or style fails here first.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');
// What the /dev/mails/{id}/html route should send: the mail's own HTML, nothing active.
const MAIL_CSP = "default-src 'none'; img-src data: 'self'; frame-ancestors 'self'; sandbox";

// ---- Sample data ----

const HOSTILE = `<script>alert("x")</script> l'"&amp;`;
const agent: CurrentUserView = {
  prenom: 'Camille',
  nom: 'Martin',
  email: 'camille.martin@example.fr',
  roleLabel: 'Agent',
  territoireNom: 'Bouches-du-Rhône',
  unreadNotifications: 3,
  showAdministration: false,
};
const superAdmin: CurrentUserView = {
  prenom: 'Dominique',
  nom: 'Lefèvre-Dupont',
  email: 'dominique@example.fr',
  roleLabel: 'Super administrateur',
  unreadNotifications: 0,
};
const csrfToken = 'test-csrf-token';
const mails = [
  {
    id: '2026-11-28T14-05-00-000Z-abc123',
    date: new Date('2026-11-28T14:05:00Z'),
    to: ['usager@example.fr'],
    subject: 'Votre signalement a bien été reçu',
  },
  {
    id: '2026-11-27T09-30-00-000Z-def456',
    date: new Date('2026-11-27T09:30:00Z'),
    to: ['agent@example.fr', 'rt@example.fr'],
    subject: `Nouveau signalement ${HOSTILE}`,
  },
];
const mailDetail = {
  ...mails[0]!,
  from: 'Histologe <ne-pas-repondre@histologe.example>',
  cc: [],
  bcc: [],
  replyTo: [],
  text: `Bonjour,\n\nVotre signalement 2026-12 a bien été reçu.\n${HOSTILE}\n\nL’équipe Histologe`,
  html: '<p>Bonjour,</p><p>Votre signalement a bien été reçu.</p>',
  attachments: [{ filename: 'courrier-bailleur.pdf', contentType: 'application/pdf', size: 48213 }],
};
const MAIL_HTML =
  '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Mail</title></head>' +
  '<body><p>Bonjour,</p><p>Votre signalement a bien été reçu.</p></body></html>';

function componentsGallery(): string {
  const errors = {
    nom: 'Saisissez votre nom',
    profil: 'Indiquez qui vous êtes',
    desordres: 'Choisissez au moins un problème',
    photos: 'Ce format de fichier n’est pas accepté : ajoutez une photo en JPG ou PNG',
    cgu: 'Cochez la case pour continuer',
  };
  const hrefFor = D.pageHrefFor('/bo/signalements?statut=ACTIVE&page=4');
  const form = D.Form({
    csrfToken,
    action: '/galerie',
    multipart: true,
    children: [
      D.RequiredFieldsHint(),
      D.Input({ id: 'nom', label: 'Nom', autocomplete: 'family-name', required: true, error: errors.nom }),
      D.Input({
        id: 'email',
        label: 'Adresse e-mail',
        type: 'email',
        hint: 'Format attendu : nom@domaine.fr',
        autocomplete: 'email',
        value: HOSTILE,
      }),
      D.Input({ id: 'tel', label: 'Téléphone', type: 'tel', autocomplete: 'tel', valid: 'Numéro valide' }),
      D.Input({ id: 'date', label: 'Date d’entrée dans le logement', type: 'date' }),
      D.Input({
        id: 'pieces',
        label: 'Nombre de pièces',
        type: 'number',
        min: 1,
        max: 30,
        inputMode: 'numeric',
      }),
      D.Select({
        id: 'type',
        label: 'Type de logement',
        options: [
          { value: 'appartement', label: 'Appartement' },
          { value: 'maison', label: 'Maison' },
        ],
        value: 'maison',
      }),
      D.RadioGroup({
        id: 'profil',
        legend: 'Vous êtes',
        required: true,
        error: errors.profil,
        rich: true,
        inline: true,
        options: [
          { value: 'locataire', label: 'Locataire', pictogram: 'buildings/house' },
          { value: 'proprietaire', label: 'Propriétaire occupant', pictogram: 'buildings/city-hall' },
          { value: 'tiers', label: 'Un proche ou un professionnel', hint: 'Travailleur social, voisin…' },
        ],
      }),
      D.CheckboxGroup({
        id: 'desordres',
        legend: 'Problèmes constatés',
        hint: 'Plusieurs réponses possibles',
        error: errors.desordres,
        options: [
          { value: 'humidite', label: 'Humidité, moisissures' },
          { value: 'chauffage', label: 'Chauffage' },
          { value: 'electricite', label: 'Électricité dangereuse' },
        ],
        values: ['chauffage'],
      }),
      D.Textarea({
        id: 'description',
        label: 'Décrivez la situation',
        hint: 'En quelques phrases',
        rows: 5,
        value: HOSTILE,
      }),
      D.Upload({
        id: 'photos',
        label: 'Photos',
        formats: ['jpg', 'png', 'pdf'],
        maxSizeLabel: '10 Mo',
        multiple: true,
        error: errors.photos,
      }),
      D.Checkbox({
        id: 'cgu',
        label: 'J’accepte que mes informations soient transmises aux services compétents',
        required: true,
        error: errors.cgu,
      }),
      D.ButtonsGroup({
        inline: 'md',
        buttons: [
          { label: 'Envoyer', icon: 'fr-icon-send-plane-line', iconPosition: 'right' },
          { label: 'Enregistrer le brouillon', priority: 'secondary', name: 'action', value: 'draft' },
          { label: 'Annuler', priority: 'tertiary', href: '/' },
        ],
      }),
    ],
  });
  const rows = [
    ['2026-12', '12 rue des Lilas, 13001 Marseille', 'ACTIVE'],
    ['2026-13', `${HOSTILE}`, 'NEED_VALIDATION'],
    ['2026-14', '3 impasse Vert, 13002 Marseille', 'CLOSED'],
  ];
  const table = D.Table({
    caption: 'Derniers signalements',
    headers: ['Référence', 'Adresse', 'Statut'],
    children: rows.map(
      ([ref, adresse, statut]) =>
        `<tr><th scope="row"><a href="/bo/signalements/${encodeURIComponent(ref!)}">${escapeHtml(ref!)}</a></th>` +
        `<td>${escapeHtml(adresse!)}</td><td>${D.toHtml(D.statusBadge(statut!, { small: true }))}</td></tr>`,
    ),
  });
  const content = [
    '<div class="fr-container fr-py-6w">',
    '<h1>Galerie des composants</h1>',
    D.toHtml(
      D.Stepper({ currentStep: 2, stepCount: 4, title: 'Le logement', nextTitle: 'Les problèmes constatés' }),
    ),
    D.toHtml(D.ErrorSummary({ errors })),
    D.toHtml(form),
    '<h2 class="fr-mt-6w">Affichage</h2>',
    D.toHtml(
      D.Alert({
        type: 'success',
        title: 'Signalement envoyé',
        description: 'Vous allez recevoir un e-mail.',
      }),
    ),
    D.toHtml(D.Alert({ type: 'info', small: true, description: HOSTILE, class: 'fr-mt-2w' })),
    D.toHtml(
      D.BadgesGroup({
        badges: [
          { label: 'Nouveau', severity: 'new' },
          { label: 'En cours', severity: 'info' },
          { label: 'Refusé', severity: 'error' },
          { label: 'Urgent', severity: 'warning' },
          { label: 'Fermé', color: 'beige-gris-galet' },
        ],
      }),
    ),
    D.toHtml(
      D.TagsGroup({
        tags: [
          { label: 'Marseille' },
          { label: 'Humidité', href: '/bo/signalements?desordre=humidite' },
          { label: HOSTILE },
        ],
      }),
    ),
    table,
    D.toHtml(
      D.Pagination({
        page: 4,
        pageCount: 12,
        total: 287,
        itemLabel: ['signalement', 'signalements'],
        hrefFor,
      }),
    ),
    D.toHtml(
      D.Tabs({
        label: 'Sections du dossier',
        selectedId: 'suivis',
        tabs: [
          { id: 'infos', label: 'Informations', href: '?tab=infos' },
          { id: 'suivis', label: 'Suivis', href: '?tab=suivis', count: 4, icon: 'fr-icon-chat-3-line' },
          { id: 'documents', label: 'Documents', href: '?tab=documents' },
        ],
        children: '<p>Contenu de l’onglet Suivis.</p>',
      }),
    ),
    '<div class="fr-grid-row fr-grid-row--gutters fr-mt-4w">',
    `<div class="fr-col-12 fr-col-md-4">${D.toHtml(D.Card({ title: 'Dossier 2026-12', href: '/bo/signalements/x', description: '12 rue des Lilas', detail: 'Déposé le 28/11/2026', badges: [{ label: 'En cours', severity: 'info' }] }))}</div>`,
    `<div class="fr-col-12 fr-col-md-4">${D.toHtml(D.Tile({ title: 'Statistiques', href: '/bo/statistiques', description: 'Chiffres du territoire', pictogram: 'digital/data-visualization' }))}</div>`,
    '</div>',
    '</div>',
  ].join('');
  return D.toHtml(
    Page({
      title: 'Galerie des composants',
      area: 'bo',
      user: agent,
      csrfToken,
      activeNav: NAV.bo.signalements,
      breadcrumb: [{ label: 'Tableau de bord', href: '/bo' }, { label: 'Galerie' }],
      flashes: [
        { type: 'success', message: 'Modifications enregistrées.' },
        { type: 'error', message: `Échec : ${HOSTILE}` },
      ],
      hasErrors: true,
      children: [
        D.toHtml(
          D.Notice({
            title: 'Maintenance prévue',
            description: 'Le service sera indisponible dimanche de 8 h à 10 h.',
            link: { href: '/accessibilite', label: 'En savoir plus' },
          }),
        ),
        content,
      ],
    }),
  );
}

const FORM_UUID = '7d5b3c1e-2f4a-4b6c-8d9e-0a1b2c3d4e5f';

/** One screen of the public form, as its route renders it. */
function formStep(
  slug: string,
  data: Record<string, string | string[]>,
  errors: Record<string, string> = {},
  closed?: { commune: string },
  uploads: { uuid: string; field: string; filename: string }[] = [],
): string {
  const screen = getScreen(slug)!;
  const index = FORM_SCREENS.indexOf(screen);
  return D.toHtml(
    StepPage({
      csrfToken,
      uuid: FORM_UUID,
      screen,
      data,
      errors,
      uploads: uploads.map((u) => ({ ...u, kind: 'image' as const, size: 120_000, mimeType: 'image/jpeg' })),
      stepper: stepper(FORM_SCREENS, data, slug),
      previousHref: index > 0 ? `/signalement/${FORM_UUID}/${FORM_SCREENS[index - 1]!.slug}` : undefined,
      closed,
    }),
  );
}

export const views: { name: string; html: () => string }[] = [
  { name: 'home', html: () => D.toHtml(HomePage({})) },
  {
    name: 'home-flash',
    html: () => D.toHtml(HomePage({ flashes: [{ type: 'info', message: 'Vous avez été déconnecté(e).' }] })),
  },
  {
    name: 'sign-in',
    html: () => D.toHtml(SignInPage({ csrfToken, next: '/bo/signalements?statut=ACTIVE' })),
  },
  {
    name: 'sign-in-error',
    html: () =>
      D.toHtml(
        SignInPage({
          csrfToken,
          email: `camille${HOSTILE}@example.fr`,
          error: 'Adresse e-mail ou mot de passe incorrect.',
        }),
      ),
  },
  {
    name: 'sign-in-field-errors',
    html: () =>
      D.toHtml(
        SignInPage({
          csrfToken,
          fieldErrors: { email: 'Saisissez votre adresse e-mail', password: 'Saisissez votre mot de passe' },
        }),
      ),
  },
  // Agent accounts (src/features/account).
  { name: 'account-forgot', html: () => D.toHtml(ForgotPasswordPage({ csrfToken })) },
  {
    name: 'account-forgot-sent',
    html: () =>
      D.toHtml(
        ForgotPasswordPage({
          csrfToken,
          email: 'camille@example.fr',
          sent: 'Si un compte existe avec cette adresse, vous allez recevoir un e-mail.',
        }),
      ),
  },
  {
    name: 'account-forgot-error',
    html: () =>
      D.toHtml(
        ForgotPasswordPage({
          csrfToken,
          email: `x${HOSTILE}`,
          error: 'Vérifiez votre adresse e-mail.',
          errors: { email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.' },
        }),
      ),
  },
  {
    name: 'account-activation',
    html: () =>
      D.toHtml(
        ChoosePasswordPage({
          csrfToken,
          purpose: 'ACTIVATION',
          action: '/activation-compte/x',
          email: 'camille@example.fr',
        }),
      ),
  },
  {
    name: 'account-reset-errors',
    html: () =>
      D.toHtml(
        ChoosePasswordPage({
          csrfToken,
          purpose: 'RESET',
          action: '/nouveau-mot-de-passe/x',
          email: `camille${HOSTILE}@example.fr`,
          error: 'Le mot de passe ne convient pas encore.',
          errors: {
            password: 'Votre mot de passe doit contenir au moins 12 caractères et un chiffre.',
            passwordConfirmation: 'Les deux mots de passe ne sont pas identiques.',
          },
        }),
      ),
  },
  {
    name: 'account-link-expired',
    html: () => D.toHtml(LinkProblemPage({ reason: 'expired', kind: 'password' })),
  },
  {
    name: 'account-link-email-used',
    html: () => D.toHtml(LinkProblemPage({ reason: 'used', kind: 'email' })),
  },
  {
    name: 'account-email-confirmed',
    html: () => D.toHtml(EmailConfirmedPage({ email: 'camille@example.fr' })),
  },
  {
    name: 'account-2fa',
    html: () => D.toHtml(TwoFactorPage({ csrfToken, info: 'Un nouveau code vient de vous être envoyé.' })),
  },
  {
    name: 'account-2fa-error',
    html: () =>
      D.toHtml(
        TwoFactorPage({
          csrfToken,
          error: 'Ce code est incorrect.',
          errors: { code: 'Ce code est incorrect. Il vous reste 3 essais.' },
        }),
      ),
  },
  {
    name: 'account-2fa-locked',
    html: () => D.toHtml(TwoFactorPage({ csrfToken, locked: true, error: 'Recommencez la connexion.' })),
  },
  {
    name: 'account-profile',
    html: () =>
      D.toHtml(
        ProfilePage({
          user: agent,
          csrfToken,
          flashes: [{ type: 'success', message: 'Votre identité est enregistrée.' }],
          prenom: `Camille${HOSTILE}`,
          nom: 'Martin',
          email: 'camille.martin@example.fr',
          roleLabel: 'Agent',
          notificationPreference: 'DIGEST',
          partenaires: [
            { nom: 'Ville de Marseille – SCHS', territoire: '13 – Bouches-du-Rhône' },
            { nom: `ADIL ${HOSTILE}`, territoire: null },
          ],
          territoires: ['Bouches-du-Rhône'],
        }),
      ),
  },
  {
    name: 'account-profile-errors',
    html: () =>
      D.toHtml(
        ProfilePage({
          user: agent,
          csrfToken,
          prenom: 'Camille',
          nom: 'Martin',
          email: 'camille.martin@example.fr',
          roleLabel: 'Agent',
          notificationPreference: 'EACH',
          partenaires: [],
          territoires: [],
          failed: {
            section: 'mot-de-passe',
            message: 'Le mot de passe actuel est incorrect.',
            errors: { currentPassword: 'Ce mot de passe actuel est incorrect.' },
          },
        }),
      ),
  },
  {
    name: 'bo-home',
    html: () =>
      D.toHtml(
        BoHomePage({
          user: agent,
          partenaireNom: 'Service communal d’hygiène et de santé de Marseille',
          territoireNom: agent.territoireNom,
          counts: { total: 1287, nouveaux: 0, enCours: 342, fermes: 945 },
          csrfToken,
          flashes: [{ type: 'success', message: 'Bienvenue !' }],
        }),
      ),
  },
  {
    name: 'bo-home-super-admin',
    html: () =>
      D.toHtml(
        BoHomePage({
          user: superAdmin,
          counts: { total: 100000, nouveaux: 12, enCours: 40000, fermes: 1 },
          csrfToken,
        }),
      ),
  },
  {
    name: 'bo-signalements',
    html: () => D.toHtml(ListPage(sampleListPage(agent, { hostile: HOSTILE, csrfToken }))),
  },
  {
    name: 'bo-signalements-empty',
    html: () => D.toHtml(ListPage(sampleListPage(agent, { empty: true, csrfToken }))),
  },
  { name: 'error-404', html: () => D.toHtml(ErrorPage({ status: 404, area: 'public' })) },
  {
    name: 'error-403-bo',
    html: () => D.toHtml(ErrorPage({ status: 403, area: 'bo', user: agent, csrfToken })),
  },
  {
    name: 'error-500',
    html: () => D.toHtml(ErrorPage({ status: 500, area: 'public', referenceId: 'req-7f3a9c2e' })),
  },
  {
    name: 'error-503',
    html: () =>
      D.toHtml(ErrorPage({ status: 503, area: 'public', message: 'Retour prévu aujourd’hui à 14 h.' })),
  },
  { name: 'mails', html: () => D.toHtml(MailListPage({ mails })) },
  { name: 'mails-empty', html: () => D.toHtml(MailListPage({ mails: [] })) },
  { name: 'mail-detail', html: () => D.toHtml(MailDetailPage({ mail: mailDetail })) },
  { name: 'accessibilite', html: () => D.toHtml(AccessibilitePage()) },
  {
    name: 'mentions-legales',
    html: () => D.toHtml(MentionsLegalesPage({ area: 'bo', user: agent, csrfToken })),
  },
  { name: 'donnees-personnelles', html: () => D.toHtml(DonneesPersonnellesPage()) },
  { name: 'components', html: componentsGallery },
  // ---- Public signalement form (features/signalement-form/views) ----
  { name: 'form-start', html: () => D.toHtml(StartPage({ csrfToken, profil: 'locataire' })) },
  { name: 'form-step-intro', html: () => formStep('introduction', {}) },
  {
    name: 'form-step-errors',
    html: () =>
      formStep(
        'adresse_logement',
        { adresse_logement_adresse_detail_commune: HOSTILE, adresse_logement_complement_adresse_etage: '3' },
        {
          adresse_logement_adresse_detail_numero: 'Indiquez le numéro et la voie.',
          adresse_logement_adresse_detail_code_postal: 'Le code postal compte 5 chiffres.',
        },
      ),
  },
  {
    name: 'form-step-closed',
    html: () =>
      formStep(
        'adresse_logement',
        {
          adresse_logement_adresse: '5 Rue de Rivoli 75001 Paris',
          adresse_logement_adresse_detail_numero: '5 Rue de Rivoli',
          adresse_logement_adresse_detail_code_postal: '75001',
          adresse_logement_adresse_detail_commune: 'Paris',
        },
        {},
        { commune: 'Paris' },
      ),
  },
  {
    name: 'form-step-photos',
    html: () => {
      // A désordre category screen: its photos field is always shown.
      const screen = FORM_SCREENS.find(
        (s) => s.slug.startsWith('desordres_logement_') && s.fields.some((f) => f.kind === 'upload'),
      )!;
      const upload = screen.fields.find((f) => f.kind === 'upload')!;
      return formStep(
        screen.slug,
        { profil: 'locataire' },
        { [upload.name]: 'photo.exe : ce fichier n’est pas une image.' },
        undefined,
        [{ uuid: '00000000-0000-4000-8000-000000000001', field: upload.name, filename: `${HOSTILE}.jpg` }],
      );
    },
  },
  // Désordres screens (definition/desordres-screens.ts): category choice, and a category with details open.
  {
    name: 'form-desordres-choice',
    html: () =>
      formStep(
        'desordres_logement',
        { profil: 'tiers_pro', zone_concernee_zone: 'logement' },
        { desordres_categories_logement_tiers: 'Choisissez au moins un type de problème.' },
      ),
  },
  {
    name: 'form-desordres-category',
    html: () =>
      formStep(
        'desordres_logement_securite',
        {
          profil: 'locataire',
          zone_concernee_zone: 'logement',
          composition_logement_piece_unique: 'plusieurs_pieces',
          desordres_categories_logement: ['desordres_logement_securite'],
          desordres_logement_securite_plomb: '1',
          desordres_logement_securite_plomb_pieces: ['cuisine'],
        },
        { desordres_logement_securite_plomb_details_diagnostique: 'Répondez à cette question.' },
      ),
  },
  {
    name: 'form-recap',
    html: () =>
      D.toHtml(
        RecapPage({
          csrfToken,
          uuid: FORM_UUID,
          previousHref: `/signalement/${FORM_UUID}/utilisation_service`,
          errors: { consentement_donnees: 'Cochez la case pour accepter le traitement de vos données.' },
          sections: [
            {
              title: 'Adresse et coordonnées',
              screens: [
                {
                  slug: 'adresse_logement',
                  title: 'L’adresse du logement',
                  complete: true,
                  answers: [
                    { label: 'Adresse du logement', value: '12 Rue de la République 13002 Marseille' },
                    { label: 'Autre précision', value: HOSTILE },
                  ],
                },
                { slug: 'vos_coordonnees_occupant', title: 'Vos coordonnées', complete: false, answers: [] },
              ],
            },
          ],
        }),
      ),
  },
  {
    name: 'form-duplicates',
    html: () =>
      D.toHtml(
        DuplicatesPage({
          csrfToken,
          uuid: FORM_UUID,
          duplicates: [{ reference: '2026-12', createdAt: new Date('2026-10-02T09:00:00Z') }],
        }),
      ),
  },
  { name: 'form-links-sent', html: () => D.toHtml(FollowUpLinksSentPage()) },
  {
    name: 'form-confirmation',
    html: () =>
      D.toHtml(
        ConfirmationPage({
          reference: '2026-143',
          codeSuivi: 'Xk3v9Qm2Lr8TzP4wYb6N',
          followUpUrl: 'https://histologe.example.fr/suivre-mon-signalement/Xk3v9Qm2Lr8TzP4wYb6N',
        }),
      ),
  },
  {
    name: 'form-finish-later',
    html: () =>
      D.toHtml(
        FinishLaterPage({
          csrfToken,
          uuid: FORM_UUID,
          email: HOSTILE,
          error: 'Saisissez une adresse e-mail valide, au format nom@domaine.fr.',
          backHref: `/signalement/${FORM_UUID}/adresse_logement`,
        }),
      ),
  },
  { name: 'form-finish-later-sent', html: () => D.toHtml(FinishLaterSentPage()) },
  {
    name: 'form-abandon',
    html: () =>
      D.toHtml(
        AbandonPage({ csrfToken, uuid: FORM_UUID, backHref: `/signalement/${FORM_UUID}/adresse_logement` }),
      ),
  },
  {
    name: 'form-submit-error',
    html: () => D.toHtml(SubmitErrorPage({ uuid: FORM_UUID, requestId: 'req-1234abcd' })),
  },
  {
    name: 'bo-dossier',
    html: () =>
      D.toHtml(
        DossierPage({
          dossier: sampleDossierView(HOSTILE),
          principal: { role: 'ROLE_ADMIN_TERRITORY', partenaires: [{ id: 1, territoireId: 13 }], id: 4 },
          user: agent,
          csrfToken,
          flashes: [{ type: 'success', message: 'Le suivi a été ajouté.' }],
        }),
      ),
  },
  {
    name: 'bo-workflow-refus',
    html: () =>
      D.toHtml(
        ActionPage({
          user: agent,
          csrfToken,
          dossier: { uuid: FORM_UUID, reference: '2026-142' },
          title: 'Refuser l’affectation',
          intro: [`Votre message reste interne aux partenaires. ${HOSTILE}`],
          action: `/bo/signalements/${FORM_UUID}/affectation/refuser`,
          submitLabel: 'Refuser l’affectation',
          errors: { message: 'Écrivez au moins 10 caractères pour expliquer ce choix.' },
          children: [
            D.Select({
              id: 'motif',
              label: 'Motif',
              placeholder: 'Choisir un motif',
              options: [
                { value: 'HORS_PDLHI', label: 'Hors PDLHI' },
                { value: 'AUTRE', label: 'Autre' },
              ],
              value: 'AUTRE',
            }),
            D.Textarea({
              id: 'message',
              label: 'Message pour les partenaires',
              value: HOSTILE,
              error: 'Écrivez au moins 10 caractères pour expliquer ce choix.',
              required: true,
            }),
          ],
        }),
      ),
  },
  {
    name: 'bo-workflow-suivi',
    html: () =>
      D.toHtml(
        ActionPage({
          user: agent,
          csrfToken,
          dossier: { uuid: FORM_UUID, reference: '2026-142' },
          title: 'Ajouter un suivi',
          action: `/bo/signalements/${FORM_UUID}/suivis/nouveau`,
          submitLabel: 'Envoyer le suivi',
          multipart: true,
          children: [
            D.Textarea({ id: 'description', label: 'Votre suivi', required: true }),
            D.RadioGroup({
              id: 'visibilite',
              legend: 'L’usager peut-il lire ce suivi ?',
              options: [
                { value: 'oui', label: 'Oui, l’usager pourra le lire' },
                { value: 'non', label: 'Non, réservé aux partenaires' },
              ],
            }),
            D.Upload({ id: 'fichiers', label: 'Pièces jointes (facultatif)', multiple: true }),
            D.CheckboxGroup({
              id: 'partenaires',
              legend: 'Partenaires',
              class: 'hl-scroll-box',
              options: [{ value: '1', label: HOSTILE, hint: 'Compétences : Visites, Insalubrité' }],
            }),
          ],
        }),
      ),
  },
  {
    name: 'bo-notifications',
    html: () =>
      D.toHtml(
        NotificationsPage({
          user: agent,
          csrfToken,
          flashes: [{ type: 'success', message: '2 notifications marquées comme lues.' }],
          items: [
            {
              uuid: '0b9c6a52-2f6e-4d8a-9a57-7d0f6a4f1c01',
              reference: '2026-142',
              sentence: `Nouveau suivi ajouté par ${HOSTILE}`,
              createdAt: new Date('2026-11-28T09:15:00Z'),
              isSeen: false,
              hasDossier: true,
            },
            {
              uuid: '0b9c6a52-2f6e-4d8a-9a57-7d0f6a4f1c02',
              reference: '2026-98',
              sentence: 'Ville de Marseille – Service hygiène et santé a accepté le dossier',
              createdAt: new Date('2026-11-27T16:40:00Z'),
              isSeen: true,
              hasDossier: true,
            },
            {
              uuid: '0b9c6a52-2f6e-4d8a-9a57-7d0f6a4f1c03',
              reference: null,
              sentence: 'Nouvelle activité sur le dossier',
              createdAt: new Date('2026-11-20T08:00:00Z'),
              isSeen: false,
              hasDossier: false,
            },
          ],
          total: 43,
          unread: 2,
          page: 2,
          pageCount: 3,
        }),
      ),
  },
  {
    name: 'bo-notifications-empty',
    html: () =>
      D.toHtml(
        NotificationsPage({
          user: superAdmin,
          csrfToken,
          items: [],
          total: 0,
          unread: 0,
          page: 1,
          pageCount: 1,
        }),
      ),
  },
  // ---- Suivi usager (/suivre-mon-signalement)
  {
    name: 'suivi-acces',
    html: () => D.toHtml(AccessPage({ csrfToken, action: '/suivre-mon-signalement/code', askRole: false })),
  },
  {
    name: 'suivi-acces-tiers-erreurs',
    html: () =>
      D.toHtml(
        AccessPage({
          csrfToken,
          action: '/suivre-mon-signalement/code',
          askRole: true,
          values: { prenomInitial: 'ab', nomInitial: '', codePostal: HOSTILE },
          fieldErrors: {
            role: 'Indiquez si vous habitez le logement ou si vous avez fait le signalement.',
            prenomInitial: 'Indiquez une seule lettre : la première du prénom.',
            nomInitial: 'Indiquez la première lettre du nom de famille.',
            codePostal: 'Le code postal se compose de 5 chiffres, par exemple 13001.',
          },
        }),
      ),
  },
  {
    name: 'suivi-acces-refuse',
    html: () =>
      D.toHtml(
        AccessPage({
          csrfToken,
          action: '/suivre-mon-signalement/code',
          askRole: false,
          values: { prenomInitial: 'm', nomInitial: 'd', codePostal: '13001' },
          error: 'Les informations saisies ne correspondent pas à ce dossier.',
        }),
      ),
  },
  {
    name: 'suivi-acces-bloque',
    html: () =>
      D.toHtml(
        AccessPage({
          csrfToken,
          action: '/suivre-mon-signalement/code',
          askRole: false,
          blocked: true,
          error: 'Par sécurité, ce formulaire est bloqué. Vous pourrez réessayer à partir de 21:05.',
        }),
      ),
  },
  {
    name: 'suivi-dossier',
    html: () =>
      D.toHtml(
        UsagerDossierPage({
          csrfToken,
          base: '/suivre-mon-signalement/code',
          model: sampleUsagerDossier({ hostile: HOSTILE }),
          flashes: [{ type: 'success', message: 'Votre message a bien été envoyé.' }],
        }),
      ),
  },
  {
    name: 'suivi-dossier-erreurs',
    html: () =>
      D.toHtml(
        UsagerDossierPage({
          csrfToken,
          base: '/suivre-mon-signalement/code',
          model: sampleUsagerDossier(),
          form: {
            name: 'coordonnees',
            error: 'Vos modifications n’ont pas été enregistrées : corrigez les points indiqués.',
            fieldErrors: {
              occupantTel: 'Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78.',
            },
            values: { occupantTel: HOSTILE },
          },
        }),
      ),
  },
  {
    name: 'suivi-dossier-nouveau',
    html: () =>
      D.toHtml(
        UsagerDossierPage({
          csrfToken,
          base: '/suivre-mon-signalement/code',
          model: sampleUsagerDossier({ statut: 'NEED_VALIDATION' }),
        }),
      ),
  },
  {
    name: 'suivi-dossier-cloture',
    html: () =>
      D.toHtml(
        UsagerDossierPage({
          csrfToken,
          base: '/suivre-mon-signalement/code',
          model: sampleUsagerDossier({ statut: 'CLOSED' }),
        }),
      ),
  },
  {
    name: 'suivi-dossier-refuse',
    html: () =>
      D.toHtml(
        UsagerDossierPage({
          csrfToken,
          base: '/suivre-mon-signalement/code',
          model: sampleUsagerDossier({ statut: 'REFUSED', hostile: HOSTILE }),
        }),
      ),
  },
  { name: 'suivi-lien', html: () => D.toHtml(LinkPage({ csrfToken })) },
  {
    name: 'suivi-lien-envoye',
    html: () =>
      D.toHtml(
        LinkPage({
          csrfToken,
          sent: 'Si un dossier en cours correspond à cette adresse e-mail, vous allez recevoir un message.',
        }),
      ),
  },
  {
    name: 'suivi-lien-erreur',
    html: () =>
      D.toHtml(
        LinkPage({
          csrfToken,
          email: HOSTILE,
          fieldErrors: { email: 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.' },
        }),
      ),
  },
  // Partners and tags administration (src/features/admin-partenaires, src/features/admin-tags).
  {
    name: 'admin-partenaires-list',
    html: () =>
      D.toHtml(
        PartnerListPage({
          user: superAdmin,
          csrfToken,
          isSuperAdmin: true,
          filters: { q: HOSTILE, archives: false },
          territoires: [
            { id: 1, code: '13', nom: 'Bouches-du-Rhône' },
            { id: 2, code: '01', nom: 'Ain' },
          ],
          rows: [
            {
              uuid: '00000000-0000-4000-8000-000000000001',
              nom: `Ville de Marseille – Service communal d’hygiène et de santé ${HOSTILE}`,
              type: 'COMMUNE_SCHS',
              email: 'schs@marseille.example.fr',
              territoireCode: '13',
              territoireNom: 'Bouches-du-Rhône',
              nbUsers: 4,
            },
            {
              uuid: '00000000-0000-4000-8000-000000000002',
              nom: 'ADIL de l’Ain',
              type: 'ADIL',
              email: null,
              territoireCode: '01',
              territoireNom: 'Ain',
              nbUsers: 0,
            },
          ],
          total: 42,
          page: 1,
          pageCount: 2,
          hrefFor: (n) => `/bo/admin/partenaires?page=${n}`,
        }),
      ),
  },
  {
    name: 'admin-partenaire-create-errors',
    html: () =>
      D.toHtml(
        PartnerFormPage({
          user: superAdmin,
          csrfToken,
          mode: 'create',
          values: {
            nom: HOSTILE,
            type: 'ARS',
            insee: `13055, 1234 ${HOSTILE}`,
            email: 'x',
            competences: ['VISITES'],
          },
          errors: {
            type: 'Choisissez le type du partenaire dans la liste.',
            territoireId: 'Choisissez le territoire du partenaire.',
            email: 'Indiquez une adresse e-mail valide, par exemple contact@mairie.fr.',
            insee: 'Ces codes ne sont pas des codes INSEE (5 caractères, par exemple 13055) : 1234.',
            isEsaboraActive: 'Pour activer l’interconnexion Esabora, indiquez son adresse et son jeton.',
          },
          territoires: [
            { id: 1, code: '13', nom: 'Bouches-du-Rhône' },
            { id: 2, code: '01', nom: 'Ain' },
          ],
          epcis: [],
          zones: [],
          stored: { esaboraToken: false, idossToken: false },
        }),
      ),
  },
  {
    name: 'admin-partenaire-edit',
    html: () =>
      D.toHtml(
        PartnerFormPage({
          user: superAdmin,
          csrfToken,
          flashes: [{ type: 'success', message: 'Les modifications du partenaire sont enregistrées.' }],
          mode: 'edit',
          uuid: '00000000-0000-4000-8000-000000000001',
          values: {
            nom: 'Ville de Marseille – SCHS',
            type: 'COMMUNE_SCHS',
            territoireId: '1',
            email: 'schs@marseille.example.fr',
            emailNotifiable: '1',
            competences: ['VISITES', 'INSALUBRITE'],
            insee: '13055',
            epci: ['7'],
            zones: ['1'],
            zonesExclues: ['2'],
            esaboraUrl: 'https://esabora.example.fr/ws',
            isEsaboraActive: '1',
          },
          errors: {},
          territoires: [{ id: 1, code: '13', nom: 'Bouches-du-Rhône' }],
          epcis: [
            { id: 7, code: '200054807', nom: 'Métropole d’Aix-Marseille-Provence' },
            { id: 8, code: '241300417', nom: `CA Arles-Crau-Camargue-Montagnette ${HOSTILE}` },
          ],
          zones: [
            { id: 1, name: 'Centre ancien' },
            { id: 2, name: `Quartiers nord ${HOSTILE}` },
          ],
          stored: { esaboraToken: true, idossToken: false },
        }),
      ),
  },
  {
    name: 'admin-partenaire-archived',
    html: () =>
      D.toHtml(
        PartnerFormPage({
          user: superAdmin,
          csrfToken,
          mode: 'edit',
          uuid: '00000000-0000-4000-8000-000000000003',
          isArchive: true,
          values: { nom: 'OPAH Centre-Ville', type: 'OPERATEUR_VISITES_ET_TRAVAUX' },
          errors: {},
          territoires: [{ id: 1, code: '13', nom: 'Bouches-du-Rhône' }],
          epcis: [],
          zones: [],
          stored: { esaboraToken: false, idossToken: false },
        }),
      ),
  },
  {
    name: 'admin-etiquettes',
    html: () =>
      D.toHtml(
        TagsPage({
          user: superAdmin,
          csrfToken,
          territoires: [
            { id: 1, code: '13', nom: 'Bouches-du-Rhône' },
            { id: 2, code: '01', nom: 'Ain' },
          ],
          tags: [
            {
              id: 1,
              label: `Quartier Noailles ${HOSTILE}`,
              territoireId: 1,
              territoireCode: '13',
              territoireNom: 'Bouches-du-Rhône',
              nbDossiers: 12,
            },
            {
              id: 2,
              label: 'Opération façades',
              territoireId: 2,
              territoireCode: '01',
              territoireNom: 'Ain',
              nbDossiers: 1,
            },
          ],
          values: { label: HOSTILE },
          errors: { label: 'L’étiquette « Noailles » existe déjà sur ce territoire.' },
        }),
      ),
  },
  {
    name: 'admin-etiquette-edit-error',
    html: () =>
      D.toHtml(
        TagEditPage({
          user: superAdmin,
          csrfToken,
          tag: {
            id: 1,
            label: `Quartier Noailles ${HOSTILE}`,
            territoireLabel: '13 – Bouches-du-Rhône',
            nbDossiers: 3,
          },
          value: '',
          error: 'Indiquez le nom de l’étiquette.',
        }),
      ),
  },
  ...zonesRulesViews(),
  {
    name: 'admin-etiquettes-dossier-form',
    html: () =>
      D.toHtml(
        Page({
          title: 'Étiquettes du dossier',
          area: 'bo',
          user: superAdmin,
          csrfToken,
          children: `<div class="fr-container fr-py-4w"><h1 class="fr-h3">Signalement 2026-12</h1>${D.toHtml(
            TagsForm({
              dossierUuid: '00000000-0000-4000-8000-000000000009',
              territoireId: 1,
              current: [{ id: 2, label: 'Opération façades' }],
              available: [
                { id: 1, label: `Quartier Noailles ${HOSTILE}` },
                { id: 2, label: 'Opération façades' },
              ],
              csrfToken,
            }),
          )}</div>`,
        }),
      ),
  },
  // ---- Admin: users (admin-users) ----
  {
    name: 'admin-index',
    html: () =>
      D.toHtml(
        AdminIndexPage({
          user: superAdmin,
          csrfToken,
          sections: [
            {
              title: 'Utilisateurs',
              href: '/bo/admin/utilisateurs',
              description: 'Inviter, modifier, archiver.',
            },
            { title: 'Partenaires', href: '/bo/admin/partenaires', description: HOSTILE },
          ],
        }),
      ),
  },
  {
    name: 'admin-users-list',
    html: () =>
      D.toHtml(
        UsersListPage({
          user: superAdmin,
          csrfToken,
          flashes: [{ type: 'success', message: 'Invitation envoyée à lea.martin@example.fr.' }],
          rows: [
            {
              id: 1,
              email: 'lea.martin@example.fr',
              nom: `Martin ${HOSTILE}`,
              prenom: 'Léa',
              role: 'ROLE_USER_PARTNER',
              statut: 'INACTIVE',
              lastLoginAt: null,
              hasPermissionAffectation: false,
              hasPassword: false,
              partenaires: [{ id: 1, nom: 'Ville de Marseille – SCHS', territoireId: 1 }],
            },
            {
              id: 2,
              email: 'paul.durand@example.fr',
              nom: 'Durand',
              prenom: 'Paul',
              role: 'ROLE_ADMIN_TERRITORY',
              statut: 'ACTIVE',
              lastLoginAt: new Date('2026-11-20T09:00:00Z'),
              hasPermissionAffectation: true,
              hasPassword: true,
              partenaires: [
                { id: 1, nom: 'Ville de Marseille – SCHS', territoireId: 1 },
                { id: 2, nom: 'ADIL 13', territoireId: 1 },
              ],
            },
          ],
          total: 60,
          page: 2,
          pageCount: 3,
          hrefFor: (n) => `/bo/admin/utilisateurs?page=${n}`,
          filters: { q: HOSTILE },
          partners: [{ id: 1, nom: 'Ville de Marseille – SCHS', territoireCode: '13' }],
          territories: [
            { id: 1, code: '13', nom: 'Bouches-du-Rhône' },
            { id: 2, code: '01', nom: 'Ain' },
          ],
          roles: ['ROLE_USER_PARTNER', 'ROLE_ADMIN_PARTNER', 'ROLE_ADMIN_TERRITORY', 'ROLE_ADMIN'],
          canCreate: true,
        }),
      ),
  },
  {
    name: 'admin-user-create-errors',
    html: () =>
      D.toHtml(
        UserFormPage({
          user: superAdmin,
          csrfToken,
          values: {
            email: HOSTILE,
            prenom: 'Léa',
            nom: '',
            role: 'ROLE_USER_PARTNER',
            partenaireIds: [],
            hasPermissionAffectation: false,
          },
          errors: {
            email: 'Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).',
            nom: 'Indiquez le nom.',
            partenaireIds: 'Choisissez au moins un partenaire.',
          },
          roles: [
            { value: 'ROLE_USER_PARTNER', label: 'Agent' },
            { value: 'ROLE_ADMIN_PARTNER', label: 'Administrateur partenaire' },
          ],
          partners: [
            { id: 1, nom: 'Ville de Marseille – SCHS', territoireCode: '13' },
            { id: 2, nom: 'ADIL 13', territoireCode: '13' },
          ],
          canGrant: true,
          actions: { deactivate: false, archive: false, reactivate: false, resend: false },
        }),
      ),
  },
  {
    name: 'admin-user-edit',
    html: () =>
      D.toHtml(
        UserFormPage({
          user: superAdmin,
          csrfToken,
          account: {
            id: 2,
            email: 'paul.durand@example.fr',
            nom: 'Durand',
            prenom: 'Paul',
            role: 'ROLE_USER_PARTNER',
            statut: 'ACTIVE',
            lastLoginAt: new Date('2026-11-20T09:00:00Z'),
            hasPermissionAffectation: true,
            hasPassword: true,
            partenaires: [{ id: 1, nom: 'Ville de Marseille – SCHS', territoireId: 1 }],
          },
          values: {
            email: 'paul.durand@example.fr',
            prenom: 'Paul',
            nom: 'Durand',
            role: 'ROLE_USER_PARTNER',
            partenaireIds: ['1'],
            hasPermissionAffectation: true,
          },
          roles: [{ value: 'ROLE_USER_PARTNER', label: 'Agent' }],
          partners: [{ id: 1, nom: 'Ville de Marseille – SCHS', territoireCode: '13' }],
          canGrant: true,
          actions: { deactivate: true, archive: true, reactivate: false, resend: false },
        }),
      ),
  },
];

// ---- Static server ----

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
};

/** Resolves `rel` inside `dir`, refusing anything that escapes it. */
function inside(dir: string, rel: string): string | null {
  const file = path.resolve(dir, `.${path.posix.normalize(`/${rel}`)}`);
  return file.startsWith(dir + path.sep) ? file : null;
}

/** Serves /views/* from viewsDir, DSFR under DSFR_PREFIX, public/ under STATIC_PREFIX, with the app's CSP. */
export function startServer(viewsDir: string): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = decodeURIComponent(url.pathname);
    let file: string | null = null;
    let csp = CSP;
    if (p.startsWith(`${DSFR_PREFIX}/`)) file = inside(DSFR_DIR, p.slice(DSFR_PREFIX.length));
    else if (p.startsWith(`${STATIC_PREFIX}/`)) file = inside(PUBLIC_DIR, p.slice(STATIC_PREFIX.length));
    else if (p === '/__axe/axe.min.js') file = AXE_FILE;
    // Dossier page photos and documents (authorised route in the app): any small image will do here.
    else if (/^\/bo\/signalements\/[^/]+\/fichiers\/[^/]+$/.test(p))
      file = path.join(DSFR_DIR, 'favicon', 'apple-touch-icon.png');
    else if (p.startsWith('/views/')) file = inside(viewsDir, p.slice('/views'.length));
    else if (/^\/dev\/mails\/[^/]+\/html$/.test(p)) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': MAIL_CSP });
      res.end(MAIL_HTML);
      return;
    }
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      const body = await readFile(file);
      if (!file.endsWith('.html')) csp = '';
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        ...(csp ? { 'content-security-policy': csp } : {}),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---- Browser checks ----

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function runAxe(page: BrowserPage, base: string): Promise<AxeViolation[]> {
  await page.addScriptTag({ url: `${base}/__axe/axe.min.js` });
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: AxeViolation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      out: { type: 'string', default: '/tmp/ui-shots' },
      only: { type: 'string' },
      'no-shots': { type: 'boolean', default: false },
      /** Screenshot the first screen only (easier to look at than a full page). */
      'viewport-only': { type: 'boolean', default: false },
    },
  });
  const selected = args.only ? new Set(args.only.split(',')) : null;
  const list = views.filter((v) => !selected || selected.has(v.name));
  const viewsDir = await mkdtemp(path.join(os.tmpdir(), 'histologe-views-'));
  for (const v of list) await writeFile(path.join(viewsDir, `${v.name}.html`), v.html());
  const shots = args.out;
  if (!args['no-shots']) await mkdir(shots, { recursive: true });

  const server = await startServer(viewsDir);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();

  let failed = 0;
  let passed = 0;
  try {
    for (const v of list) {
      const problems: string[] = [];
      // Modes: JS on at two widths; JS off (real, screenshot only: axe needs JS to run); and "sans DSFR JS",
      // which blocks DSFR's scripts and applies nojs.css as <noscript> would, so axe can check that rendering.
      for (const mode of [
        { label: '1280', width: 1280, height: 900, js: true, axe: true, shot: true },
        { label: '375', width: 375, height: 812, js: true, axe: true, shot: true },
        { label: '375-nojs', width: 375, height: 812, js: false, axe: false, shot: true },
        {
          label: '375-sans-dsfr-js',
          width: 375,
          height: 812,
          js: true,
          axe: true,
          shot: false,
          blockDsfr: true,
        },
      ]) {
        const { label } = mode;
        const context = await browser.newContext({
          viewport: { width: mode.width, height: mode.height },
          javaScriptEnabled: mode.js,
          locale: 'fr-FR',
        });
        if (mode.blockDsfr)
          await context.route(/\/dsfr\.(module|nomodule)(\.min)?\.js$/, (route) => route.abort());
        const page = await context.newPage();
        page.on('console', (msg) => {
          if (msg.type() !== 'error') return;
          if (mode.blockDsfr && msg.text().includes('net::ERR_FAILED')) return;
          problems.push(`[${label}] console: ${msg.text()}`);
        });
        page.on('pageerror', (err) => problems.push(`[${label}] page error: ${err.message}`));
        page.on('response', (resp) => {
          if (resp.status() >= 400) problems.push(`[${label}] HTTP ${resp.status()} ${resp.url()}`);
        });
        await page.goto(`${base}/views/${v.name}.html`, { waitUntil: 'networkidle' });
        if (mode.blockDsfr) {
          await page.addStyleTag({ url: `${base}${STATIC_PREFIX}/css/nojs.css` });
        } else if (mode.js) {
          // DSFR JS marks the root when it has started; wait for it so screenshots show the final state.
          await page.waitForSelector('html[data-fr-js="true"]', { timeout: 5000 }).catch(() => {
            problems.push(`[${label}] DSFR JS did not start`);
          });
        }
        // WCAG 1.4.10 (reflow): nothing may make a phone-width page scroll sideways.
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > mode.width) {
          problems.push(`[${label}] page is ${scrollWidth}px wide: horizontal scrolling at ${mode.width}px`);
        }
        if (mode.axe) {
          const violations = await runAxe(page, base);
          for (const viol of violations) {
            problems.push(
              `[${label}] axe ${viol.id} (${viol.impact}): ${viol.help}\n` +
                viol.nodes
                  .map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary ?? ''}`)
                  .join('\n'),
            );
          }
        }
        if (mode.shot && !args['no-shots']) {
          await page.screenshot({
            path: path.join(shots, `${v.name}-${label}.png`),
            fullPage: !args['viewport-only'],
          });
        }
        await context.close();
      }
      if (problems.length === 0) {
        passed++;
        console.log(`ok   ${v.name}`);
      } else {
        failed++;
        console.log(`FAIL ${v.name}\n  ${problems.join('\n  ')}`);
      }
    }
  } finally {
    await browser.close();
    server.close();
    await rm(viewsDir, { recursive: true, force: true });
  }
  if (!args['no-shots']) console.log(`screenshots in ${shots}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

// Run only when executed directly, so other scripts can import the views and the server.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();

/** Zones, rules, territories and simulator pages (admin-zones / admin-regles / admin-territoires). */
function zonesRulesViews(): { name: string; html: () => string }[] {
  const wkt = parseWkt(
    'MULTIPOLYGON (((5.36 43.29, 5.38 43.29, 5.38 43.31, 5.36 43.31, 5.36 43.29), (5.365 43.295, 5.37 43.295, 5.37 43.3, 5.365 43.295)), ((5.39 43.3, 5.4 43.3, 5.4 43.31, 5.39 43.3)))',
  );
  const geometry = (wkt.ok ? wkt.geometry : null) as ZoneGeometry;
  const t13 = { id: 1, code: '13', nom: 'Bouches-du-Rhône' };
  const territoires = [t13, { id: 2, code: '34', nom: 'Hérault' }];
  const zone = {
    id: 1,
    territoireId: 1,
    name: `Joliette ${HOSTILE}`,
    type: 'OPAH_RU',
    geometry,
    bbox: bboxOf(geometry),
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  const partners = [
    { id: 10, nom: `SCHS Marseille ${HOSTILE}`, type: 'COMMUNE_SCHS' },
    { id: 11, nom: 'CAF 13', type: 'CAF_MSA' },
  ];
  const rule = {
    id: 1,
    territoireId: 1,
    status: 'ACTIVE',
    profileDeclarant: 'LOCATAIRE',
    partnerType: 'COMMUNE_SCHS',
    inseeToInclude: ['13202'],
    inseeToExclude: [],
    partnerToExclude: [11],
    parc: 'prive',
    allocataire: 'caf',
    proceduresSuspectees: ['DANGER'],
    zonesToInclude: [1],
    zonesToExclude: [],
    description: `Règle de test ${HOSTILE}`,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  const facts = {
    profileDeclarant: 'LOCATAIRE',
    insee: '13202',
    isLogementSocial: false,
    isAllocataire: 'caf',
    procedures: ['DANGER'],
    lat: 43.3,
    lng: 5.375,
  };
  const result = evaluateAutoAffectation({
    facts,
    rules: [rule],
    partners: partners.map((p) => ({
      ...p,
      isArchive: false,
      insee: [],
      epciInsee: [],
      hasEpci: false,
      zoneIds: [],
      excludedZoneIds: [],
    })),
    zones: [zone],
  });
  const territoire = {
    id: 1,
    code: '13',
    nom: 'Bouches-du-Rhône',
    isActive: true,
    isAutoAffectationEnabled: true,
    timezone: 'Europe/Paris',
    authorizedCodesInsee: null,
  };
  return [
    {
      name: 'admin-zones',
      html: () =>
        D.toHtml(
          ZonesPage({
            user: superAdmin,
            csrfToken,
            territoires,
            territoire: t13,
            zones: [zone],
            values: { name: HOSTILE, type: 'AUTRE', geometry: 'POLYGON((0 0' },
            errors: { geometry: 'Une parenthèse fermante « ) » manque.' },
          }),
        ),
    },
    {
      name: 'admin-zone-detail',
      html: () =>
        D.toHtml(
          ZonePage({
            user: superAdmin,
            csrfToken,
            territoire: t13,
            zone,
            partners: [{ id: 10, nom: 'SCHS Marseille', excluded: false }],
            rules: 1,
            values: { name: zone.name, type: zone.type },
            errors: {},
          }),
        ),
    },
    {
      name: 'admin-regles',
      html: () =>
        D.toHtml(
          ReglesPage({
            user: superAdmin,
            csrfToken,
            territoires,
            territoire: t13,
            rules: [rule, { ...rule, id: 2, status: 'ARCHIVED', description: null }],
            auto: true,
            partners,
            zones: [{ id: 1, name: zone.name }],
          }),
        ),
    },
    {
      name: 'admin-regle-form-error',
      html: () =>
        D.toHtml(
          RegleFormPage({
            user: superAdmin,
            csrfToken,
            territoire: t13,
            partners,
            zones: [{ id: 1, name: zone.name }],
            values: { partnerType: '', inseeToInclude: `1320X ${HOSTILE}`, zonesToInclude: ['1'] },
            errors: {
              partnerType: 'Choisissez le type de partenaire visé.',
              inseeToInclude: 'Ces codes ne sont pas des codes INSEE : 1320X.',
            },
          }),
        ),
    },
    {
      name: 'admin-simulateur',
      html: () =>
        D.toHtml(
          SimulateurPage({
            user: superAdmin,
            csrfToken,
            territoires,
            territoire: t13,
            values: { commune: '13202', lat: '43.3', lng: '5.375', procedures: ['DANGER'] },
            errors: {},
            outcome: { facts, reference: null, result },
          }),
        ),
    },
    {
      name: 'admin-territoires',
      html: () => D.toHtml(TerritoiresPage({ user: superAdmin, csrfToken, territoires: [territoire] })),
    },
    {
      name: 'admin-territoire-edit-error',
      html: () =>
        D.toHtml(
          TerritoireEditPage({
            user: superAdmin,
            csrfToken,
            territoire,
            timezones: ['Europe/Paris', 'America/Cayenne'],
            values: {
              isActive: true,
              isAutoAffectationEnabled: false,
              authorizedCodesInsee: `abc ${HOSTILE}`,
              timezone: 'Europe/Paris',
            },
            errors: { authorizedCodesInsee: 'Ces codes ne sont pas des codes INSEE : abc.' },
          }),
        ),
    },
  ];
}
