/**
 * The screens of the public signalement form, except the désordres block (desordres-screens.ts).
 *
 * Field names follow the draft payloads of the original service (e.g. `vos_coordonnees_occupant_nom`,
 * `bail_dpe_date_emmenagement`), so that payloads, the mapper (../payload-mapper.ts) and the back-office speak
 * the same language. The profile (`profil`) is derived on "signalement_concerne"; every later screen reads it.
 *
 * Wording: short sentences, "vous", and a word on why we ask. Optional fields say "(facultatif)" in their label.
 */
import type { FormData, FormValue, Predicate } from './predicates.ts';
import { all, any, filled, is, not } from './predicates.ts';
import type { Check, Option, Profil, Screen } from './types.ts';

// ---------------------------------------------------------------------------------------------------------
// Shared options and predicates

const OUI_NON: readonly Option[] = [
  { value: 'oui', label: 'Oui' },
  { value: 'non', label: 'Non' },
];
const OUI_NON_NSP: readonly Option[] = [...OUI_NON, { value: 'nsp', label: 'Je ne sais pas' }];
const CIVILITES: readonly Option[] = [
  { value: 'mme', label: 'Madame' },
  { value: 'mr', label: 'Monsieur' },
];

const profil = (...values: Profil[]): Predicate => is('profil', ...values);
/** The person filling the form lives in the dwelling. */
export const OCCUPANT: Predicate = profil('locataire', 'bailleur_occupant');
/** The person files for someone else. */
export const TIERS: Predicate = profil('tiers_particulier', 'tiers_pro', 'service_secours', 'bailleur');
const NOT_SECOURS: Predicate = not(profil('service_secours'));
/** A tiers told us the occupant owns the dwelling. */
const OCCUPANT_PROPRIETAIRE: Predicate = is(
  'signalement_concerne_profil_detail_profil_occupant',
  'bailleur_occupant',
);
/** The dwelling is rented (as far as we know): questions about the lease and the landlord make sense. */
const LOUE: Predicate = not(any(profil('bailleur_occupant'), OCCUPANT_PROPRIETAIRE));
const LOGEMENT_SOCIAL: Predicate = any(
  is('signalement_concerne_logement_social_autre_tiers', 'oui'),
  is('signalement_concerne_logement_social_service_secours', 'oui'),
);
const BAILLEUR_PREVENU: Predicate = is('info_procedure_bailleur_prevenu', 'oui');
/** Who is asked whether the landlord was told (spec §2.4: locataire and tiers, not the landlord himself). */
const ASKS_PROCEDURE_BAIL: Predicate = all(profil('locataire', 'tiers_particulier', 'tiers_pro'), LOUE);

// ---------------------------------------------------------------------------------------------------------
// Small pure helpers for checks

function text(data: FormData, name: string): string {
  const value: FormValue | undefined = data[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** Parses a whole or decimal number typed by a person ("12", "12,5"). */
export function parseNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const cleaned = value.replace(/\s/g, '').replace(',', '.');
  if (cleaned === '' || !/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

const MONTH_YEAR = /^(0[1-9]|1[0-2])\/(\d{4})$/;

const monthYearPlausible: Check = (value) => {
  const match = MONTH_YEAR.exec(value.trim());
  if (!match) return undefined; // the engine reports the format itself
  return Number(match[2]) < 1900 ? 'Indiquez une année à partir de 1900.' : undefined;
};

const yearOfConstruction: Check = (value) => {
  const year = Number(value.trim());
  const current = new Date().getFullYear();
  if (!Number.isInteger(year) || year < 1000 || year > current) {
    return `Indiquez une année entre 1000 et ${current}, avec 4 chiffres (par exemple 1970).`;
  }
  return undefined;
};

const superficieBelow10000: Check = (value) => {
  const n = parseNumber(value);
  if (n === null) return undefined;
  if (n <= 0) return 'La surface doit être plus grande que 0 m².';
  return n >= 10000 ? 'La surface doit être inférieure à 10 000 m². Vérifiez le nombre saisi.' : undefined;
};

// ---------------------------------------------------------------------------------------------------------
// Adresse et coordonnées

const introduction: Screen = {
  slug: 'introduction',
  section: 'adresse',
  title: 'Signaler un problème dans un logement',
  intro: [
    'Ce formulaire permet de signaler un logement en mauvais état : humidité, moisissures, chauffage en panne, électricité dangereuse, nuisibles…',
    'Votre signalement sera lu par les services de votre territoire (mairie, agence régionale de santé, services sociaux…). Ils pourront vous contacter et agir auprès du propriétaire.',
  ],
  fields: [
    {
      kind: 'info',
      name: 'introduction_duree',
      title: 'Comptez environ 20 minutes',
      text: [
        'Nous vous posons des questions sur le logement, les personnes qui y vivent et les problèmes constatés.',
        'Vos réponses sont enregistrées à chaque étape : vous pouvez faire une pause et reprendre plus tard.',
        'Sauf mention « facultatif », toutes les questions demandent une réponse. « Je ne sais pas » est souvent possible.',
      ],
    },
    {
      kind: 'info',
      name: 'introduction_a_preparer',
      title: 'Si vous les avez, gardez près de vous',
      text: [
        'L’adresse exacte du logement et le nom du propriétaire ou de l’organisme qui le loue.',
        'Le bail (contrat de location), l’état des lieux d’entrée et le diagnostic de performance énergétique (DPE).',
        'Des photos des problèmes. Vous pourrez les ajouter depuis votre téléphone.',
        'Ce n’est pas grave s’il vous manque un document : vous pourrez continuer sans.',
      ],
    },
    {
      kind: 'info',
      name: 'introduction_urgence',
      severity: 'warning',
      title: 'En cas de danger immédiat',
      text: [
        'Odeur de gaz, risque d’effondrement, incendie : appelez tout de suite les pompiers au 18 ou le 112.',
        'Pour un conseil sur le logement indigne, vous pouvez aussi appeler Info logement indigne au 0806 706 806 (prix d’un appel local).',
      ],
    },
  ],
  submitLabel: 'Commencer',
};

const adresseLogement: Screen = {
  slug: 'adresse_logement',
  section: 'adresse',
  title: 'L’adresse du logement',
  intro: [
    'Indiquez l’adresse du logement qui a des problèmes. Elle nous permet de transmettre votre signalement aux bons services.',
  ],
  fields: [
    {
      kind: 'address',
      name: 'adresse_logement_adresse',
      label: 'Adresse du logement',
      hint: 'Tapez le numéro et le nom de la rue, puis choisissez l’adresse dans la liste. Si elle n’apparaît pas, vous pouvez la saisir vous-même.',
      territoryCheck: true,
      requiredMessage: 'Indiquez l’adresse du logement.',
    },
    {
      kind: 'group',
      name: 'adresse_logement_complement',
      legend: 'Pour trouver le logement dans l’immeuble (facultatif)',
      hint: 'Ces précisions aident la personne qui viendra visiter le logement.',
      fields: [
        {
          kind: 'text',
          name: 'adresse_logement_complement_adresse_etage',
          label: 'Étage (facultatif)',
          hint: 'Par exemple : 3, ou RDC pour le rez-de-chaussée.',
          required: false,
          maxLength: 20,
          width: 'short',
        },
        {
          kind: 'text',
          name: 'adresse_logement_complement_adresse_escalier',
          label: 'Escalier ou bâtiment (facultatif)',
          required: false,
          maxLength: 20,
          width: 'short',
        },
        {
          kind: 'text',
          name: 'adresse_logement_complement_adresse_numero_appartement',
          label: 'Numéro d’appartement (facultatif)',
          required: false,
          maxLength: 20,
          width: 'short',
        },
        {
          kind: 'text',
          name: 'adresse_logement_complement_adresse_autre',
          label: 'Autre précision (facultatif)',
          hint: 'Nom de la résidence, lieu-dit, code de la porte…',
          required: false,
          maxLength: 255,
        },
      ],
    },
  ],
};

/** The profile, from the answers of "signalement_concerne" (undefined while they are incomplete). */
export function deriveProfil(data: FormData): Profil | undefined {
  const pour = text(data, 'signalement_concerne_profil');
  if (pour === 'logement_occupez') {
    const occupant = text(data, 'signalement_concerne_profil_detail_occupant');
    return occupant === 'locataire' || occupant === 'bailleur_occupant' ? occupant : undefined;
  }
  if (pour === 'autre_logement') {
    const tiers = text(data, 'signalement_concerne_profil_detail_tiers');
    if (
      tiers === 'tiers_particulier' ||
      tiers === 'tiers_pro' ||
      tiers === 'bailleur' ||
      tiers === 'service_secours'
    ) {
      return tiers;
    }
  }
  return undefined;
}

const POUR_VOUS = is('signalement_concerne_profil', 'logement_occupez');
const POUR_AUTRE = is('signalement_concerne_profil', 'autre_logement');
const TIERS_SECOURS = all(POUR_AUTRE, is('signalement_concerne_profil_detail_tiers', 'service_secours'));

const signalementConcerne: Screen = {
  slug: 'signalement_concerne',
  section: 'adresse',
  title: 'Pour qui faites-vous ce signalement ?',
  intro: [
    'Vous pouvez faire un signalement pour le logement où vous vivez, ou pour quelqu’un d’autre : un proche, un voisin, une personne que vous accompagnez.',
    'Vos réponses nous permettent de vous poser seulement les questions utiles.',
  ],
  fields: [
    {
      kind: 'radio',
      name: 'signalement_concerne_profil',
      label: 'Vous faites ce signalement…',
      options: [
        { value: 'logement_occupez', label: 'Pour moi', hint: 'Je vis dans ce logement.' },
        { value: 'autre_logement', label: 'Pour quelqu’un d’autre', hint: 'Je ne vis pas dans ce logement.' },
      ],
      requiredMessage: 'Indiquez si le signalement est pour vous ou pour quelqu’un d’autre.',
    },
    {
      kind: 'radio',
      name: 'signalement_concerne_profil_detail_occupant',
      label: 'Dans ce logement, vous êtes…',
      showIf: POUR_VOUS,
      options: [
        {
          value: 'locataire',
          label: 'Locataire',
          hint: 'Vous payez un loyer (ou un proche le paie pour vous).',
        },
        { value: 'bailleur_occupant', label: 'Propriétaire', hint: 'Le logement vous appartient.' },
      ],
      requiredMessage: 'Indiquez si vous êtes locataire ou propriétaire du logement.',
    },
    {
      kind: 'radio',
      name: 'signalement_concerne_profil_detail_bailleur_proprietaire',
      label: 'Vous êtes propriétaire…',
      showIf: all(POUR_VOUS, is('signalement_concerne_profil_detail_occupant', 'bailleur_occupant')),
      options: [
        { value: 'particulier', label: 'En tant que particulier' },
        {
          value: 'organisme_societe',
          label: 'Par une société ou un organisme',
          hint: 'Par exemple une SCI.',
        },
      ],
      requiredMessage: 'Indiquez si vous êtes propriétaire en tant que particulier ou par une société.',
    },
    {
      kind: 'radio',
      name: 'signalement_concerne_profil_detail_tiers',
      label: 'Vous êtes…',
      showIf: POUR_AUTRE,
      options: [
        { value: 'tiers_particulier', label: 'Un particulier', hint: 'Un proche, un voisin, un ami…' },
        {
          value: 'tiers_pro',
          label: 'Un ou une professionnelle',
          hint: 'Travailleur social, association, mairie, professionnel de santé…',
        },
        { value: 'bailleur', label: 'Le propriétaire ou le bailleur du logement' },
        { value: 'service_secours', label: 'Un service de secours', hint: 'Pompiers, police, gendarmerie.' },
      ],
      requiredMessage: 'Indiquez qui vous êtes.',
    },
    {
      kind: 'radio',
      name: 'signalement_concerne_profil_detail_bailleur_bailleur',
      label: 'Vous louez ce logement…',
      showIf: all(POUR_AUTRE, is('signalement_concerne_profil_detail_tiers', 'bailleur')),
      options: [
        { value: 'particulier', label: 'En tant que particulier' },
        {
          value: 'organisme_societe',
          label: 'Pour une société ou un organisme',
          hint: 'Bailleur social, SCI, agence…',
        },
      ],
      requiredMessage: 'Indiquez si vous louez en tant que particulier ou pour une société.',
    },
    {
      kind: 'radio',
      name: 'signalement_concerne_profil_detail_profil_occupant',
      label: 'La personne qui vit dans le logement est…',
      showIf: all(
        POUR_AUTRE,
        is('signalement_concerne_profil_detail_tiers', 'tiers_particulier', 'tiers_pro', 'service_secours'),
      ),
      options: [
        { value: 'locataire', label: 'Locataire' },
        { value: 'bailleur_occupant', label: 'Propriétaire du logement' },
        { value: 'nsp', label: 'Je ne sais pas' },
      ],
      requiredMessage: 'Indiquez si la personne est locataire ou propriétaire, ou « Je ne sais pas ».',
    },
    {
      kind: 'radio',
      name: 'signalement_concerne_logement_social_autre_tiers',
      label: 'Est-ce un logement social (HLM) ?',
      hint: 'Un logement social est loué par un organisme HLM (office public de l’habitat, société HLM…). Le bail l’indique souvent.',
      showIf: any(
        POUR_VOUS,
        all(POUR_AUTRE, filled('signalement_concerne_profil_detail_tiers'), not(TIERS_SECOURS)),
      ),
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez s’il s’agit d’un logement social.',
    },
    {
      kind: 'radio',
      name: 'signalement_concerne_logement_social_service_secours',
      label: 'Est-ce un logement social (HLM) ?',
      hint: 'Un logement social est loué par un organisme HLM (office public de l’habitat, société HLM…).',
      showIf: TIERS_SECOURS,
      options: [...OUI_NON, { value: 'ne-sais-pas', label: 'Je ne sais pas' }],
      inline: true,
      requiredMessage: 'Indiquez s’il s’agit d’un logement social, ou « Je ne sais pas ».',
    },
  ],
  derive: (data) => ({ profil: deriveProfil(data) }),
};

const vosCoordonneesOccupant: Screen = {
  slug: 'vos_coordonnees_occupant',
  section: 'adresse',
  title: 'Vos coordonnées',
  intro: [
    'Nous en avons besoin pour vous envoyer le suivi de votre dossier et pour que les services puissent vous joindre.',
    'Elles sont transmises seulement aux services qui traitent votre signalement.',
  ],
  showIf: OCCUPANT,
  fields: [
    {
      kind: 'radio',
      name: 'vos_coordonnees_occupant_civilite',
      label: 'Civilité (facultatif)',
      options: CIVILITES,
      inline: true,
      required: false,
    },
    {
      kind: 'text',
      name: 'vos_coordonnees_occupant_nom',
      label: 'Nom de famille',
      maxLength: 50,
      autocomplete: 'family-name',
      requiredMessage: 'Indiquez votre nom de famille.',
    },
    {
      kind: 'text',
      name: 'vos_coordonnees_occupant_prenom',
      label: 'Prénom',
      maxLength: 50,
      autocomplete: 'given-name',
      requiredMessage: 'Indiquez votre prénom.',
    },
    {
      kind: 'email',
      name: 'vos_coordonnees_occupant_email',
      label: 'Adresse e-mail',
      hint: 'Nous vous y enverrons le lien pour suivre votre dossier. Format attendu : nom@exemple.fr',
      autocomplete: 'email',
      requiredMessage: 'Indiquez votre adresse e-mail.',
    },
    {
      kind: 'phone',
      name: 'vos_coordonnees_occupant_tel',
      label: 'Numéro de téléphone',
      hint: 'Par exemple : 06 12 34 56 78. Pour un numéro étranger, commencez par l’indicatif (+32…).',
      autocomplete: 'tel',
      requiredMessage: 'Indiquez votre numéro de téléphone.',
    },
    {
      kind: 'phone',
      name: 'vos_coordonnees_occupant_tel_secondaire',
      label: 'Autre numéro de téléphone (facultatif)',
      hint: 'Un numéro où l’on peut aussi vous joindre.',
      autocomplete: 'tel',
      required: false,
    },
  ],
};

const STRUCTURE_DECLARANT: Predicate = any(
  profil('tiers_pro', 'service_secours'),
  all(profil('bailleur'), is('signalement_concerne_profil_detail_bailleur_bailleur', 'organisme_societe')),
);

const vosCoordonneesTiers: Screen = {
  slug: 'vos_coordonnees_tiers',
  section: 'adresse',
  title: 'Vos coordonnées',
  intro: [
    'Nous en avons besoin pour vous tenir informé(e) du dossier et pour que les services puissent vous joindre.',
    'Elles sont transmises seulement aux services qui traitent ce signalement.',
  ],
  showIf: TIERS,
  fields: [
    {
      kind: 'radio',
      name: 'vos_coordonnees_tiers_lien',
      label: 'Quel est votre lien avec la personne qui vit dans le logement ? (facultatif)',
      showIf: profil('tiers_particulier'),
      options: [
        { value: 'proche', label: 'Un proche', hint: 'Famille, ami…' },
        { value: 'voisin', label: 'Un voisin ou une voisine' },
        { value: 'autre', label: 'Autre' },
      ],
      required: false,
    },
    {
      kind: 'text',
      name: 'vos_coordonnees_tiers_nom_organisme',
      label: 'Nom de votre structure, organisme ou service',
      hint: 'Par exemple : le nom de l’association, de la caserne ou de la société.',
      showIf: STRUCTURE_DECLARANT,
      maxLength: 255,
      autocomplete: 'organization',
      requiredMessage: 'Indiquez le nom de votre structure.',
    },
    {
      kind: 'text',
      name: 'vos_coordonnees_tiers_nom',
      label: 'Votre nom de famille',
      maxLength: 50,
      autocomplete: 'family-name',
      requiredMessage: 'Indiquez votre nom de famille.',
    },
    {
      kind: 'text',
      name: 'vos_coordonnees_tiers_prenom',
      label: 'Votre prénom',
      maxLength: 50,
      autocomplete: 'given-name',
      requiredMessage: 'Indiquez votre prénom.',
    },
    {
      kind: 'email',
      name: 'vos_coordonnees_tiers_email',
      label: 'Votre adresse e-mail',
      hint: 'Nous vous y enverrons le lien pour suivre le dossier. Format attendu : nom@exemple.fr',
      autocomplete: 'email',
      requiredMessage: 'Indiquez votre adresse e-mail.',
    },
    {
      kind: 'phone',
      name: 'vos_coordonnees_tiers_tel',
      label: 'Votre numéro de téléphone',
      hint: 'Par exemple : 06 12 34 56 78. Pour un numéro étranger, commencez par l’indicatif (+32…).',
      autocomplete: 'tel',
      requiredMessage: 'Indiquez votre numéro de téléphone.',
    },
    {
      kind: 'phone',
      name: 'vos_coordonnees_tiers_tel_secondaire',
      label: 'Autre numéro de téléphone (facultatif)',
      autocomplete: 'tel',
      required: false,
    },
  ],
};

const missionServiceSecours: Screen = {
  slug: 'mission_service_secours',
  section: 'adresse',
  title: 'Votre intervention',
  intro: [
    'Ces informations aident les services à faire le lien avec votre intervention. Elles sont toutes facultatives.',
  ],
  showIf: profil('service_secours'),
  fields: [
    {
      kind: 'text',
      name: 'service_secours_matricule',
      label: 'Votre matricule (facultatif)',
      required: false,
      maxLength: 50,
      width: 'medium',
    },
    {
      kind: 'date',
      name: 'service_secours_date_mission',
      label: 'Date de l’intervention (facultatif)',
      required: false,
      min: '2000-01-01',
      max: 'today',
    },
    {
      kind: 'text',
      name: 'service_secours_origine_mission',
      label: 'Motif de l’intervention (facultatif)',
      hint: 'Par exemple : appel au 18 pour une fuite d’eau, feu de cuisine, personne en difficulté…',
      required: false,
      maxLength: 255,
    },
    {
      kind: 'text',
      name: 'service_secours_ordre_mission',
      label: 'Numéro de l’ordre de mission (facultatif)',
      required: false,
      maxLength: 50,
      width: 'medium',
    },
  ],
};

const coordonneesOccupant: Screen = {
  slug: 'coordonnees_occupant',
  section: 'adresse',
  title: 'La personne qui vit dans le logement',
  intro: [
    'Indiquez le nom d’une personne qui vit dans le logement. Les services pourront la contacter, par exemple pour organiser une visite.',
    'Si elle a une adresse e-mail, elle recevra aussi le lien pour suivre le dossier.',
  ],
  showIf: TIERS,
  fields: [
    {
      kind: 'radio',
      name: 'coordonnees_occupant_civilite',
      label: 'Civilité (facultatif)',
      options: CIVILITES,
      inline: true,
      required: false,
    },
    {
      kind: 'text',
      name: 'coordonnees_occupant_nom',
      label: 'Son nom de famille',
      maxLength: 50,
      required: not(profil('service_secours')),
      requiredMessage: 'Indiquez le nom de famille de la personne qui vit dans le logement.',
    },
    {
      kind: 'text',
      name: 'coordonnees_occupant_prenom',
      label: 'Son prénom',
      maxLength: 50,
      required: not(profil('service_secours')),
      requiredMessage: 'Indiquez le prénom de la personne qui vit dans le logement.',
    },
    {
      kind: 'info',
      name: 'coordonnees_occupant_secours_info',
      showIf: profil('service_secours'),
      text: ['Si vous ne connaissez pas le nom de la personne, laissez les cases vides.'],
    },
    {
      kind: 'email',
      name: 'coordonnees_occupant_email',
      label: 'Son adresse e-mail (facultatif)',
      hint: 'Format attendu : nom@exemple.fr',
      required: false,
    },
    {
      kind: 'phone',
      name: 'coordonnees_occupant_tel',
      label: 'Son numéro de téléphone (facultatif)',
      required: false,
    },
    {
      kind: 'phone',
      name: 'coordonnees_occupant_tel_secondaire',
      label: 'Un autre numéro pour la joindre (facultatif)',
      required: false,
    },
  ],
};

const coordonneesBailleur: Screen = {
  slug: 'coordonnees_bailleur',
  section: 'adresse',
  title: 'Le propriétaire ou bailleur du logement',
  intro: [
    'Le bailleur est la personne ou l’organisme à qui le loyer est payé. Les services le contacteront pour que les problèmes soient réparés.',
    'Remplissez ce que vous savez. Le nom suffit si vous n’avez rien d’autre.',
  ],
  showIf: all(
    profil('locataire', 'tiers_particulier', 'tiers_pro', 'service_secours'),
    not(OCCUPANT_PROPRIETAIRE),
  ),
  fields: [
    {
      kind: 'text',
      name: 'coordonnees_bailleur_nom',
      label: 'Nom du bailleur ou de l’organisme',
      hint: 'Pour un logement social, le nom de l’organisme HLM. Sinon, le nom de famille du propriétaire ou de la société.',
      maxLength: 255,
      required: not(profil('service_secours')),
      requiredMessage: 'Indiquez le nom du bailleur ou de l’organisme.',
    },
    {
      kind: 'text',
      name: 'coordonnees_bailleur_prenom',
      label: 'Prénom du propriétaire (facultatif)',
      maxLength: 255,
      required: false,
    },
    {
      kind: 'email',
      name: 'coordonnees_bailleur_email',
      label: 'Adresse e-mail du bailleur (facultatif)',
      hint: 'Format attendu : nom@exemple.fr',
      required: false,
    },
    {
      kind: 'phone',
      name: 'coordonnees_bailleur_tel',
      label: 'Numéro de téléphone du bailleur (facultatif)',
      required: false,
    },
    {
      kind: 'phone',
      name: 'coordonnees_bailleur_tel_secondaire',
      label: 'Autre numéro du bailleur (facultatif)',
      required: false,
    },
    {
      kind: 'address',
      name: 'coordonnees_bailleur_adresse',
      label: 'Adresse postale du bailleur (facultatif)',
      hint: 'Souvent indiquée sur le bail ou sur les quittances de loyer.',
      required: false,
    },
    {
      kind: 'radio',
      name: 'coordonnees_bailleur_agence',
      label: 'Le logement est-il géré par une agence immobilière ? (facultatif)',
      hint: 'Par exemple si vous payez le loyer à une agence.',
      showIf: not(LOGEMENT_SOCIAL),
      options: OUI_NON_NSP,
      inline: true,
      required: false,
    },
    {
      kind: 'group',
      name: 'coordonnees_agence',
      legend: 'L’agence immobilière',
      showIf: all(not(LOGEMENT_SOCIAL), is('coordonnees_bailleur_agence', 'oui')),
      fields: [
        {
          kind: 'text',
          name: 'coordonnees_agence_nom',
          label: 'Nom de l’agence (facultatif)',
          maxLength: 255,
          required: false,
        },
        {
          kind: 'email',
          name: 'coordonnees_agence_email',
          label: 'Adresse e-mail de l’agence (facultatif)',
          required: false,
        },
        {
          kind: 'phone',
          name: 'coordonnees_agence_tel',
          label: 'Numéro de téléphone de l’agence (facultatif)',
          required: false,
        },
        {
          kind: 'address',
          name: 'coordonnees_agence_adresse',
          label: 'Adresse de l’agence (facultatif)',
          required: false,
        },
      ],
    },
  ],
};

const infoProcedureBail: Screen = {
  slug: 'info_procedure_bail',
  section: 'adresse',
  title: 'Le bailleur est-il au courant ?',
  intro: [
    'Souvent, le bailleur doit d’abord être prévenu des problèmes pour pouvoir les réparer. C’est aussi une étape que les services vérifient.',
  ],
  showIf: ASKS_PROCEDURE_BAIL,
  fields: [
    {
      kind: 'radio',
      name: 'info_procedure_bailleur_prevenu',
      label: 'Le bailleur a-t-il été prévenu des problèmes ?',
      options: OUI_NON_NSP,
      inline: true,
      requiredMessage: 'Indiquez si le bailleur a été prévenu, ou « Je ne sais pas ».',
    },
    {
      kind: 'info',
      name: 'info_procedure_bailleur_prevenu_conseil',
      showIf: is('info_procedure_bailleur_prevenu', 'non'),
      title: 'Un conseil',
      text: [
        'Écrivez au bailleur pour lui décrire les problèmes : une lettre (si possible recommandée) ou un e-mail. Gardez une copie.',
        'Vous pouvez quand même continuer votre signalement.',
      ],
    },
    {
      kind: 'select',
      name: 'info_procedure_bail_moyen',
      label: 'Comment a-t-il été prévenu ?',
      showIf: BAILLEUR_PREVENU,
      placeholder: 'Choisissez dans la liste',
      options: [
        { value: 'courrier', label: 'Par courrier' },
        { value: 'email', label: 'Par e-mail' },
        { value: 'telephone', label: 'Par téléphone' },
        { value: 'sms', label: 'Par SMS' },
        { value: 'autre', label: 'Autrement' },
        { value: 'nsp', label: 'Je ne sais pas' },
      ],
      requiredMessage: 'Indiquez comment le bailleur a été prévenu, ou « Je ne sais pas ».',
    },
    {
      kind: 'month-year',
      name: 'info_procedure_bail_date',
      label: 'Quand a-t-il été prévenu ? (facultatif)',
      hint: 'Le mois et l’année, au format MM/AAAA. Par exemple : 03/2025.',
      showIf: BAILLEUR_PREVENU,
      required: false,
      notInFuture: true,
      checks: [monthYearPlausible],
    },
    {
      kind: 'textarea',
      name: 'info_procedure_bail_reponse',
      label: 'Qu’a répondu le bailleur ? (facultatif)',
      hint: 'En quelques mots. 255 caractères au maximum.',
      showIf: BAILLEUR_PREVENU,
      required: false,
      maxLength: 255,
      rows: 3,
    },
    {
      kind: 'text',
      name: 'info_procedure_bail_numero',
      label: 'Numéro de réclamation donné par le bailleur (facultatif)',
      hint: 'Les bailleurs sociaux donnent souvent un numéro quand on les contacte.',
      showIf: all(BAILLEUR_PREVENU, LOGEMENT_SOCIAL),
      required: false,
      maxLength: 30,
      width: 'medium',
    },
  ],
};

const prevenirBailleurInfo: Screen = {
  slug: 'prevenir_bailleur_info',
  section: 'adresse',
  title: 'Un conseil avant de continuer',
  showIf: all(ASKS_PROCEDURE_BAIL, LOGEMENT_SOCIAL, is('info_procedure_bailleur_prevenu', 'non')),
  fields: [
    {
      kind: 'info',
      name: 'prevenir_bailleur_info_texte',
      title: 'Prévenir d’abord le bailleur social',
      text: [
        'Le logement est un logement social et le bailleur n’a pas encore été prévenu.',
        'Un bailleur social règle souvent le problème quand il est prévenu. Nous vous conseillons de lui écrire d’abord, puis de lui laisser environ 2 mois pour répondre.',
        'Pour reprendre plus tard si rien ne change, choisissez « Finir plus tard » : nous vous enverrons par e-mail un lien pour continuer là où vous en êtes.',
      ],
    },
    {
      kind: 'info',
      name: 'prevenir_bailleur_info_urgence',
      severity: 'warning',
      text: [
        'Si la situation est urgente ou dangereuse pour la santé ou la sécurité, vous pouvez continuer votre signalement dès maintenant.',
      ],
    },
  ],
  submitLabel: 'Continuer mon signalement',
};

const zoneConcernee: Screen = {
  slug: 'zone_concernee',
  section: 'adresse',
  title: 'Où sont les problèmes ?',
  intro: ['Cette réponse nous permet de vous montrer seulement les problèmes qui vous concernent.'],
  fields: [
    {
      kind: 'radio',
      name: 'zone_concernee_zone',
      label: 'Les problèmes concernent…',
      options: [
        {
          value: 'batiment',
          label: 'Le bâtiment ou les parties communes',
          hint: 'Toit, façade, murs, escaliers, cave, local poubelles, abords…',
        },
        {
          value: 'logement',
          label: 'L’intérieur du logement',
          hint: 'Humidité, chauffage, électricité, aération, nuisibles…',
        },
        { value: 'batiment_logement', label: 'Les deux' },
      ],
      requiredMessage: 'Indiquez où sont les problèmes.',
    },
    {
      kind: 'select',
      name: 'zone_concernee_debut_desordres',
      label: 'Depuis quand les problèmes existent-ils ?',
      placeholder: 'Choisissez dans la liste',
      options: [
        { value: 'less_1_month', label: 'Moins d’un mois' },
        { value: 'months_1_to_6', label: 'Entre 1 et 6 mois' },
        { value: 'months_6_to_12', label: 'Entre 6 mois et 1 an' },
        { value: 'years_1_to_2', label: 'Entre 1 et 2 ans' },
        { value: 'more_2_years', label: 'Plus de 2 ans' },
        { value: 'nsp', label: 'Je ne sais pas' },
      ],
      requiredMessage: 'Indiquez depuis quand les problèmes existent, ou « Je ne sais pas ».',
    },
    {
      kind: 'radio',
      name: 'zone_concernee_constatation_desordres',
      label: 'Avez-vous vu les problèmes vous-même ?',
      hint: 'Par exemple en vous rendant dans le logement. Les deux réponses sont acceptées.',
      showIf: TIERS,
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez si vous avez vu les problèmes vous-même.',
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------
// Type et composition du logement

const APPARTEMENT = is('type_logement_nature', 'appartement');

const typeLogement: Screen = {
  slug: 'type_logement',
  section: 'logement',
  title: 'Le type de logement',
  intro: ['Ces questions aident les services à comprendre comment est fait le logement.'],
  fields: [
    {
      kind: 'radio',
      name: 'type_logement_nature',
      label: 'Le logement est…',
      options: [
        { value: 'appartement', label: 'Un appartement' },
        { value: 'maison', label: 'Une maison' },
        { value: 'autre', label: 'Autre', hint: 'Chambre, caravane, local…' },
      ],
      requiredMessage: 'Indiquez le type de logement.',
    },
    {
      kind: 'text',
      name: 'type_logement_nature_autre_precision',
      label: 'Précisez le type de logement',
      hint: '15 caractères au maximum, par exemple « chambre ».',
      showIf: is('type_logement_nature', 'autre'),
      maxLength: 15,
      width: 'medium',
      requiredMessage: 'Précisez le type de logement.',
    },
    {
      kind: 'radio',
      name: 'type_logement_rdc',
      label: 'L’appartement est-il au rez-de-chaussée ?',
      showIf: APPARTEMENT,
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez si l’appartement est au rez-de-chaussée.',
    },
    {
      kind: 'radio',
      name: 'type_logement_dernier_etage',
      label: 'L’appartement est-il au dernier étage ?',
      showIf: APPARTEMENT,
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez si l’appartement est au dernier étage.',
    },
    {
      kind: 'radio',
      name: 'type_logement_sous_comble_sans_fenetre',
      label: 'Est-il sous les combles (sous le toit), sans fenêtre ?',
      showIf: all(APPARTEMENT, is('type_logement_dernier_etage', 'oui')),
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez si l’appartement est sous les combles, sans fenêtre.',
    },
    {
      kind: 'radio',
      name: 'type_logement_sous_sol_sans_fenetre',
      label: 'Est-il en sous-sol (plus bas que la rue), sans fenêtre ?',
      showIf: all(APPARTEMENT, is('type_logement_dernier_etage', 'non')),
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez si l’appartement est en sous-sol, sans fenêtre.',
    },
  ],
};

const compositionLogement: Screen = {
  slug: 'composition_logement',
  section: 'logement',
  title: 'Les pièces du logement',
  intro: [
    'La taille du logement et le nombre de pièces permettent de savoir s’il est assez grand pour le foyer.',
  ],
  fields: [
    {
      kind: 'radio',
      name: 'composition_logement_piece_unique',
      label: 'Le logement a…',
      options: [
        { value: 'piece_unique', label: 'Une seule pièce', hint: 'Un studio, une chambre.' },
        { value: 'plusieurs_pieces', label: 'Plusieurs pièces' },
      ],
      requiredMessage: 'Indiquez si le logement a une seule pièce ou plusieurs.',
    },
    {
      kind: 'number',
      name: 'composition_logement_nb_pieces',
      label: 'Combien de pièces à vivre ?',
      hint: 'Comptez le salon et les chambres, mais pas la cuisine, la salle de bain ni les toilettes.',
      showIf: is('composition_logement_piece_unique', 'plusieurs_pieces'),
      min: 1,
      max: 999,
      requiredMessage: 'Indiquez le nombre de pièces à vivre.',
    },
    {
      kind: 'number',
      name: 'composition_logement_superficie',
      label: 'Surface du logement (facultatif)',
      hint: 'En m². Elle est souvent indiquée sur le bail. Si vous ne savez pas, laissez vide.',
      required: false,
      min: 1,
      max: 9999,
      decimal: true,
      unit: 'm²',
      checks: [superficieBelow10000],
    },
  ],
};

const typeLogementCommodites: Screen = {
  slug: 'type_logement_commodites',
  section: 'logement',
  title: 'Cuisine, salle de bain et toilettes',
  intro: ['Un logement doit avoir certains équipements. Dites-nous ce qu’il y a dans celui-ci.'],
  fields: [
    {
      kind: 'radio',
      name: 'type_logement_commodites_piece_a_vivre_9m',
      label: 'Au moins une pièce à vivre (salon ou chambre) fait-elle 9 m² ou plus ?',
      hint: '9 m², c’est par exemple une pièce de 3 mètres sur 3 mètres.',
      options: OUI_NON_NSP,
      inline: true,
      requiredMessage: 'Indiquez si une pièce fait au moins 9 m², ou « Je ne sais pas ».',
    },
    {
      kind: 'radio',
      name: 'type_logement_commodites_cuisine',
      label: 'Y a-t-il une cuisine ou un coin cuisine dans le logement ?',
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez s’il y a une cuisine ou un coin cuisine.',
    },
    {
      kind: 'radio',
      name: 'type_logement_commodites_cuisine_collective',
      label: 'Le foyer peut-il utiliser une cuisine partagée avec d’autres logements ?',
      showIf: is('type_logement_commodites_cuisine', 'non'),
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez si le foyer peut utiliser une cuisine partagée.',
    },
    {
      kind: 'radio',
      name: 'type_logement_commodites_salle_de_bain',
      label: 'Y a-t-il une salle de bain ou une douche dans le logement ?',
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez s’il y a une salle de bain ou une douche.',
    },
    {
      kind: 'radio',
      name: 'type_logement_commodites_salle_de_bain_collective',
      label: 'Le foyer peut-il utiliser une salle de bain ou des douches partagées ?',
      showIf: is('type_logement_commodites_salle_de_bain', 'non'),
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez si le foyer peut utiliser une salle de bain partagée.',
    },
    {
      kind: 'radio',
      name: 'type_logement_commodites_wc',
      label: 'Y a-t-il des toilettes (WC) dans le logement ?',
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez s’il y a des toilettes dans le logement.',
    },
    {
      kind: 'radio',
      name: 'type_logement_commodites_wc_collective',
      label: 'Le foyer peut-il utiliser des toilettes partagées ?',
      showIf: is('type_logement_commodites_wc', 'non'),
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez si le foyer peut utiliser des toilettes partagées.',
    },
    {
      kind: 'radio',
      name: 'type_logement_commodites_wc_cuisine',
      label: 'Les toilettes sont-elles dans la même pièce que la cuisine ?',
      showIf: all(is('type_logement_commodites_cuisine', 'oui'), is('type_logement_commodites_wc', 'oui')),
      options: OUI_NON,
      inline: true,
      requiredMessage: 'Indiquez si les toilettes sont dans la même pièce que la cuisine.',
    },
  ],
};

const HAS_CHILDREN: Predicate = all(
  filled('composition_logement_nombre_enfants'),
  not(is('composition_logement_nombre_enfants', '0', '00')),
);

/** `composition_logement_enfants` ("children under 6", read by the criticité score) from the counts. */
export function deriveEnfantsMoins6(data: FormData): 'oui' | 'non' | 'nsp' | undefined {
  const enfants = parseNumber(text(data, 'composition_logement_nombre_enfants'));
  if (enfants === null) return undefined;
  if (enfants === 0) return 'non';
  const moins6 = parseNumber(text(data, 'composition_logement_nombre_enfants_m6'));
  if (moins6 === null) return 'nsp';
  return moins6 > 0 ? 'oui' : 'non';
}

const compositionLogementPersonnes: Screen = {
  slug: 'composition_logement_personnes',
  section: 'logement',
  title: 'Les personnes qui vivent dans le logement',
  intro: [
    'Comptez toutes les personnes qui habitent le logement, adultes et enfants, y compris vous-même si vous y vivez.',
    'Les jeunes enfants sont plus fragiles face à certains problèmes (plomb, humidité) : les services en tiennent compte.',
  ],
  fields: [
    {
      kind: 'number',
      name: 'composition_logement_nombre_personnes',
      label: 'Combien de personnes vivent dans le logement ?',
      min: 1,
      max: 99,
      requiredMessage: 'Indiquez le nombre de personnes qui vivent dans le logement.',
    },
    {
      kind: 'number',
      name: 'composition_logement_nombre_enfants',
      label: 'Parmi elles, combien d’enfants (moins de 18 ans) ?',
      hint: 'Écrivez 0 s’il n’y a pas d’enfant.',
      min: 0,
      max: 99,
      requiredMessage: 'Indiquez le nombre d’enfants, ou 0 s’il n’y en a pas.',
    },
    {
      kind: 'number',
      name: 'composition_logement_nombre_enfants_m6',
      label: 'Parmi ces enfants, combien ont moins de 6 ans ? (facultatif)',
      hint: 'Écrivez 0 si aucun enfant n’a moins de 6 ans. Laissez vide si vous ne savez pas.',
      showIf: HAS_CHILDREN,
      required: false,
      min: 0,
      max: 99,
    },
  ],
  validate: (data) => {
    const errors: Record<string, string> = {};
    const personnes = parseNumber(text(data, 'composition_logement_nombre_personnes'));
    const enfants = parseNumber(text(data, 'composition_logement_nombre_enfants'));
    const moins6 = parseNumber(text(data, 'composition_logement_nombre_enfants_m6'));
    if (personnes !== null && enfants !== null && enfants > personnes) {
      errors.composition_logement_nombre_enfants =
        'Le nombre d’enfants ne peut pas être plus grand que le nombre de personnes dans le logement.';
    }
    if (enfants !== null && enfants > 0 && moins6 !== null && moins6 > enfants) {
      errors.composition_logement_nombre_enfants_m6 =
        'Le nombre d’enfants de moins de 6 ans ne peut pas être plus grand que le nombre d’enfants.';
    }
    return errors;
  },
  derive: (data) => ({ composition_logement_enfants: deriveEnfantsMoins6(data) }),
};

const DPE_CONNU = is('bail_dpe_dpe', 'oui');

const bailDpe: Screen = {
  slug: 'bail_dpe',
  section: 'logement',
  title: 'Le bail et les diagnostics',
  intro: [
    'Ces documents aident beaucoup les services. Si vous les avez, vous pouvez en ajouter une photo ou le fichier.',
    'S’il vous manque un document, ce n’est pas grave : répondez simplement aux questions.',
  ],
  showIf: NOT_SECOURS,
  fields: [
    {
      kind: 'date',
      name: 'bail_dpe_date_emmenagement',
      label: 'Quand êtes-vous arrivé(e) dans le logement ?',
      hint: 'La date d’emménagement. Si vous ne la connaissez pas exactement, indiquez une date proche.',
      showIf: OCCUPANT,
      min: '1900-01-01',
      max: 'today',
      requiredMessage: 'Indiquez la date de votre arrivée dans le logement.',
    },
    {
      kind: 'radio',
      name: 'bail_dpe_bail',
      label: 'Le foyer a-t-il un bail (contrat de location) ?',
      showIf: LOUE,
      options: OUI_NON_NSP,
      inline: true,
      requiredMessage: 'Indiquez si le foyer a un bail, ou « Je ne sais pas ».',
    },
    {
      kind: 'info',
      name: 'bail_dpe_bail_info',
      showIf: all(LOUE, is('bail_dpe_bail', 'non', 'nsp')),
      text: [
        'Un bail écrit est obligatoire pour louer un logement. S’il n’y en a pas, le locataire peut en demander un au bailleur : il n’a pas le droit de refuser.',
      ],
      link: {
        href: 'https://www.service-public.fr/particuliers/vosdroits/N349',
        label: 'En savoir plus sur le bail (service-public.fr)',
      },
    },
    {
      kind: 'upload',
      name: 'bail_dpe_bail_upload',
      label: 'Ajouter le bail (facultatif)',
      hint: 'Une photo ou un fichier (PDF, image).',
      showIf: all(LOUE, is('bail_dpe_bail', 'oui')),
      accept: 'documents',
      required: false,
    },
    {
      kind: 'radio',
      name: 'bail_dpe_etat_des_lieux',
      label: 'Un état des lieux a-t-il été fait à l’arrivée du foyer ?',
      hint: 'C’est le document qui décrit l’état du logement le jour de la remise des clés.',
      showIf: LOUE,
      options: OUI_NON_NSP,
      inline: true,
      requiredMessage: 'Indiquez si un état des lieux a été fait, ou « Je ne sais pas ».',
    },
    {
      kind: 'upload',
      name: 'bail_dpe_etat_des_lieux_upload',
      label: 'Ajouter l’état des lieux (facultatif)',
      showIf: all(LOUE, is('bail_dpe_etat_des_lieux', 'oui')),
      accept: 'documents',
      required: false,
    },
    {
      kind: 'radio',
      name: 'bail_dpe_dpe',
      label: 'Connaissez-vous le diagnostic de performance énergétique (DPE) du logement ?',
      hint: 'Le DPE donne une note de A à G selon l’énergie que consomme le logement. Le bailleur doit le fournir.',
      options: OUI_NON_NSP,
      inline: true,
      requiredMessage: 'Indiquez si vous connaissez le DPE, ou « Je ne sais pas ».',
    },
    {
      kind: 'upload',
      name: 'bail_dpe_dpe_upload',
      label: 'Ajouter le DPE (facultatif)',
      showIf: DPE_CONNU,
      accept: 'documents',
      required: false,
    },
    {
      kind: 'select',
      name: 'bail_dpe_classe_energetique',
      label: 'Quelle est la classe énergétique (la lettre) du logement ?',
      hint: 'A est la meilleure note, G la moins bonne.',
      showIf: DPE_CONNU,
      placeholder: 'Choisissez dans la liste',
      options: [
        ...['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((c) => ({ value: c, label: `Classe ${c}` })),
        { value: 'nsp', label: 'Je ne sais pas' },
      ],
      requiredMessage: 'Indiquez la classe énergétique, ou « Je ne sais pas ».',
    },
    {
      kind: 'radio',
      name: 'desordres_logement_chauffage_details_dpe_annee',
      label: 'Quand le DPE a-t-il été fait ?',
      showIf: DPE_CONNU,
      options: [
        { value: 'post2023', label: 'En 2023 ou après' },
        { value: 'before2023', label: 'Avant 2023' },
        { value: 'nsp', label: 'Je ne sais pas' },
      ],
      requiredMessage: 'Indiquez quand le DPE a été fait, ou « Je ne sais pas ».',
    },
    {
      kind: 'number',
      name: 'desordres_logement_chauffage_details_dpe_conso',
      label: 'Consommation d’énergie indiquée sur le DPE, par an (facultatif)',
      hint: 'En kWh par an, pour tout le logement. Si vous ne la trouvez pas, laissez vide.',
      showIf: all(DPE_CONNU, is('desordres_logement_chauffage_details_dpe_annee', 'before2023')),
      required: false,
      min: 0,
      max: 10000000,
      decimal: true,
      unit: 'kWh/an',
    },
    {
      kind: 'number',
      name: 'desordres_logement_chauffage_details_dpe_conso_finale',
      label: 'Consommation d’énergie finale indiquée sur le DPE (facultatif)',
      hint: 'En kWh par m² et par an. Si vous ne la trouvez pas, laissez vide.',
      showIf: all(DPE_CONNU, is('desordres_logement_chauffage_details_dpe_annee', 'post2023', 'nsp')),
      required: false,
      min: 0,
      max: 100000,
      decimal: true,
      unit: 'kWh/m²/an',
    },
    {
      kind: 'info',
      name: 'bail_dpe_dpe_ancien',
      showIf: all(DPE_CONNU, is('desordres_logement_chauffage_details_dpe_annee', 'before2023')),
      text: [
        'Un DPE fait avant le 1er juillet 2021 n’est plus valable. Dans ce cas, le bailleur doit en faire réaliser un nouveau.',
      ],
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------
// Situation du foyer (not asked to emergency services)

const ALLOCATAIRE = is('logement_social_allocation', 'oui');

const logementSocial: Screen = {
  slug: 'logement_social',
  section: 'foyer',
  title: 'Les aides au logement',
  intro: [
    'Le foyer, ce sont toutes les personnes qui vivent dans le logement.',
    'Ces réponses permettent aux services de proposer les bonnes aides. Par exemple, la CAF ou la MSA peut agir quand un logement en mauvais état est loué à une personne qui reçoit une aide.',
  ],
  showIf: NOT_SECOURS,
  fields: [
    {
      kind: 'radio',
      name: 'logement_social_demande_relogement',
      label: 'Le foyer a-t-il demandé un logement social ou un relogement ?',
      hint: 'Si le foyer vit déjà dans un logement social, cela peut être une demande de changement de logement (mutation).',
      options: OUI_NON_NSP,
      inline: true,
      requiredMessage:
        'Indiquez si le foyer a demandé un logement social ou un relogement, ou « Je ne sais pas ».',
    },
    {
      kind: 'radio',
      name: 'logement_social_allocation',
      label: 'Le foyer reçoit-il une aide au logement (APL, allocation logement) ?',
      options: OUI_NON_NSP,
      inline: true,
      requiredMessage: 'Indiquez si le foyer reçoit une aide au logement, ou « Je ne sais pas ».',
    },
    {
      kind: 'radio',
      name: 'logement_social_allocation_caisse',
      label: 'Quel organisme verse cette aide ?',
      showIf: ALLOCATAIRE,
      options: [
        { value: 'caf', label: 'La CAF', hint: 'Caisse d’allocations familiales.' },
        { value: 'msa', label: 'La MSA', hint: 'Mutualité sociale agricole.' },
      ],
      requiredMessage: 'Indiquez l’organisme qui verse l’aide.',
    },
    {
      kind: 'text',
      name: 'logement_social_numero_allocataire',
      label: 'Numéro d’allocataire (facultatif)',
      hint: 'Il figure sur les courriers de la CAF ou de la MSA. Il l’aide à retrouver le dossier.',
      showIf: ALLOCATAIRE,
      required: false,
      maxLength: 25,
      width: 'medium',
    },
    {
      kind: 'date',
      name: 'logement_social_date_naissance',
      label: 'Date de naissance de la personne qui reçoit l’aide (facultatif)',
      hint: 'Avec le numéro d’allocataire, elle permet de retrouver le bon dossier.',
      showIf: ALLOCATAIRE,
      required: false,
      min: '1900-01-01',
      max: 'today',
    },
    {
      kind: 'number',
      name: 'logement_social_montant_allocation',
      label: 'Montant de l’aide par mois (facultatif)',
      hint: 'En euros.',
      showIf: ALLOCATAIRE,
      required: false,
      min: 0,
      max: 99999,
      decimal: true,
      unit: '€',
    },
  ],
};

const ACCOMPAGNE = is('travailleur_social_accompagnement', 'oui');

const travailleurSocial: Screen = {
  slug: 'travailleur_social',
  section: 'foyer',
  title: 'Projets et accompagnement du foyer',
  intro: [
    'Ces réponses aident les services à savoir qui peut aider le foyer, et s’il veut rester dans le logement.',
  ],
  showIf: NOT_SECOURS,
  fields: [
    {
      kind: 'radio',
      name: 'travailleur_social_quitte_logement',
      label: 'Le foyer veut-il quitter le logement ?',
      options: OUI_NON_NSP,
      inline: true,
      requiredMessage: 'Indiquez si le foyer veut quitter le logement, ou « Je ne sais pas ».',
    },
    {
      kind: 'radio',
      name: 'travailleur_social_preavis_depart',
      label: 'Le foyer a-t-il déjà donné son préavis de départ au bailleur ?',
      showIf: all(is('travailleur_social_quitte_logement', 'oui'), LOUE),
      options: OUI_NON_NSP,
      inline: true,
      requiredMessage: 'Indiquez si le préavis de départ a été donné, ou « Je ne sais pas ».',
    },
    {
      kind: 'radio',
      name: 'travailleur_social_accompagnement',
      label: 'Le foyer est-il suivi par un travailleur social ?',
      hint: 'Par exemple une assistante sociale, un conseiller d’une association ou du département.',
      options: OUI_NON_NSP,
      inline: true,
      requiredMessage: 'Indiquez si le foyer est suivi par un travailleur social, ou « Je ne sais pas ».',
    },
    {
      kind: 'text',
      name: 'travailleur_social_accompagnement_nom_structure',
      label: 'Nom de la structure qui accompagne le foyer (facultatif)',
      showIf: ACCOMPAGNE,
      required: false,
      maxLength: 50,
    },
    {
      kind: 'text',
      name: 'travailleur_social_accompagnement_nom_referent',
      label: 'Nom de famille de la personne qui accompagne le foyer (facultatif)',
      showIf: ACCOMPAGNE,
      required: false,
      maxLength: 50,
    },
    {
      kind: 'text',
      name: 'travailleur_social_accompagnement_prenom_referent',
      label: 'Prénom de la personne qui accompagne le foyer (facultatif)',
      showIf: ACCOMPAGNE,
      required: false,
      maxLength: 50,
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------
// Procédure

const infoProcedureAssurance: Screen = {
  slug: 'info_procedure_assurance',
  section: 'procedure',
  title: 'L’assurance et la suite',
  intro: [
    'Vous y êtes presque ! L’assurance habitation prend parfois en charge certains dégâts, par exemple après un dégât des eaux.',
  ],
  showIf: NOT_SECOURS,
  fields: [
    {
      kind: 'radio',
      name: 'info_procedure_assurance_contactee',
      label: 'Le foyer a-t-il contacté son assurance habitation ?',
      options: [
        ...OUI_NON,
        { value: 'pas_assurance_logement', label: 'Le foyer n’a pas d’assurance habitation' },
        { value: 'nsp', label: 'Je ne sais pas' },
      ],
      requiredMessage: 'Indiquez si l’assurance a été contactée, ou « Je ne sais pas ».',
    },
    {
      kind: 'textarea',
      name: 'info_procedure_reponse_assurance',
      label: 'Qu’a répondu l’assurance ? (facultatif)',
      hint: 'En quelques mots. 255 caractères au maximum.',
      showIf: is('info_procedure_assurance_contactee', 'oui'),
      required: false,
      maxLength: 255,
      rows: 3,
    },
    {
      kind: 'radio',
      name: 'info_procedure_depart_apres_travaux',
      label: 'Si des travaux sont faits, le foyer veut-il rester dans le logement ?',
      showIf: not(profil('bailleur')),
      options: [
        { value: 'oui', label: 'Oui, le foyer veut rester' },
        { value: 'non', label: 'Non, le foyer veut déménager' },
        { value: 'nsp', label: 'Je ne sais pas' },
      ],
      requiredMessage:
        'Indiquez si le foyer veut rester dans le logement après des travaux, ou « Je ne sais pas ».',
    },
  ],
};

const BAILLEUR_PARTICULIER: Predicate = all(
  profil('bailleur'),
  is('signalement_concerne_profil_detail_bailleur_bailleur', 'particulier'),
);

const informationsComplementaires: Screen = {
  slug: 'informations_complementaires',
  section: 'procedure',
  title: 'Informations complémentaires',
  intro: [
    'Toutes ces questions sont facultatives. Elles donnent plus de détails aux services. Vous pouvez passer cette étape.',
  ],
  showIf: NOT_SECOURS,
  fields: [
    {
      kind: 'group',
      name: 'informations_complementaires_situation_occupants',
      legend: 'Le foyer',
      fields: [
        {
          kind: 'radio',
          name: 'informations_complementaires_situation_occupants_beneficiaire_rsa',
          label: 'Le foyer reçoit-il le RSA (revenu de solidarité active) ? (facultatif)',
          options: OUI_NON_NSP,
          inline: true,
          required: false,
        },
        {
          kind: 'radio',
          name: 'informations_complementaires_situation_occupants_beneficiaire_fsl',
          label: 'Le foyer a-t-il reçu une aide du FSL (fonds de solidarité pour le logement) ? (facultatif)',
          hint: 'Le FSL aide à payer le loyer, les factures d’énergie ou le dépôt de garantie.',
          options: OUI_NON_NSP,
          inline: true,
          required: false,
        },
        {
          kind: 'date',
          name: 'informations_complementaires_situation_occupants_date_emmenagement',
          label: 'Quand le foyer est-il arrivé dans le logement ? (facultatif)',
          hint: 'Une date proche suffit.',
          showIf: TIERS,
          required: false,
          min: '1900-01-01',
          max: 'today',
        },
        {
          kind: 'radio',
          name: 'informations_complementaires_situation_occupants_loyers_payes',
          label: 'Les loyers sont-ils payés ? (facultatif)',
          showIf: profil('bailleur'),
          options: OUI_NON_NSP,
          inline: true,
          required: false,
        },
        {
          kind: 'number',
          name: 'informations_complementaires_situation_occupants_revenu_fiscal',
          label: 'Revenu fiscal de référence du foyer (facultatif)',
          hint: 'Il figure sur l’avis d’impôt. Il sert à savoir si vous pouvez avoir des aides pour les travaux.',
          showIf: profil('bailleur_occupant'),
          required: false,
          min: 0,
          max: 100000000,
          unit: '€',
        },
      ],
    },
    {
      kind: 'group',
      name: 'informations_complementaires_logement',
      legend: 'Le logement',
      fields: [
        {
          kind: 'number',
          name: 'informations_complementaires_logement_montant_loyer',
          label: 'Montant du loyer par mois, sans les charges (facultatif)',
          hint: 'En euros.',
          showIf: LOUE,
          required: false,
          min: 0,
          max: 100000,
          decimal: true,
          unit: '€',
        },
        {
          kind: 'number',
          name: 'informations_complementaires_logement_nombre_etages',
          label: 'Sur combien de niveaux est le logement ? (facultatif)',
          hint: 'Par exemple 1 pour un appartement de plain-pied, 2 pour un duplex ou une maison avec un étage.',
          required: false,
          min: 1,
          max: 99,
        },
        {
          kind: 'text',
          name: 'informations_complementaires_logement_annee_construction',
          label: 'Année de construction du bâtiment (facultatif)',
          hint: 'Avec 4 chiffres, par exemple 1970. Une année approximative suffit.',
          required: false,
          maxLength: 4,
          inputMode: 'numeric',
          width: 'short',
          pattern: { regex: /^\d{4}$/, message: 'Indiquez l’année avec 4 chiffres, par exemple 1970.' },
          checks: [yearOfConstruction],
        },
      ],
    },
    {
      kind: 'group',
      name: 'informations_complementaires_situation_bailleur',
      legend: 'Votre situation de propriétaire',
      hint: 'Selon vos revenus, des aides peuvent financer une partie des travaux.',
      showIf: BAILLEUR_PARTICULIER,
      fields: [
        {
          kind: 'date',
          name: 'informations_complementaires_situation_bailleur_date_naissance',
          label: 'Votre date de naissance (facultatif)',
          required: false,
          min: '1900-01-01',
          max: 'today',
        },
        {
          kind: 'number',
          name: 'informations_complementaires_situation_bailleur_revenu_fiscal',
          label: 'Votre revenu fiscal de référence (facultatif)',
          hint: 'Il figure sur votre avis d’impôt.',
          required: false,
          min: 0,
          max: 100000000,
          unit: '€',
        },
        {
          kind: 'radio',
          name: 'informations_complementaires_situation_bailleur_beneficiaire_rsa',
          label: 'Recevez-vous le RSA ? (facultatif)',
          options: OUI_NON,
          inline: true,
          required: false,
        },
        {
          kind: 'radio',
          name: 'informations_complementaires_situation_bailleur_beneficiaire_fsl',
          label: 'Avez-vous reçu une aide du FSL ? (facultatif)',
          options: OUI_NON,
          inline: true,
          required: false,
        },
        {
          kind: 'date',
          name: 'informations_complementaires_situation_bailleur_date_effet_bail',
          label: 'Date de début du bail en cours (facultatif)',
          required: false,
          min: '1900-01-01',
          max: 'today',
        },
      ],
    },
  ],
  submitLabel: 'Continuer',
};

const CHECKBOX_MESSAGE = 'Cochez cette case pour pouvoir envoyer le signalement.';

const utilisationService: Screen = {
  slug: 'utilisation_service',
  section: 'procedure',
  title: 'Avant d’envoyer le signalement',
  intro: ['Lisez chaque phrase et cochez la case. Elles expliquent ce qui va se passer ensuite.'],
  fields: [
    {
      kind: 'checkbox',
      name: 'utilisation_service_ok_prevenir_bailleur',
      label: 'Je comprends que les services pourront informer le bailleur de ce signalement.',
      showIf: not(profil('bailleur')),
      requiredMessage: CHECKBOX_MESSAGE,
    },
    {
      kind: 'checkbox',
      name: 'utilisation_service_ok_visite',
      label: 'Je comprends qu’une personne pourra venir visiter le logement pour constater les problèmes.',
      requiredMessage: CHECKBOX_MESSAGE,
    },
    {
      kind: 'checkbox',
      name: 'utilisation_service_ok_demande_logement',
      label: 'Je comprends que ce signalement n’est pas une demande de logement social.',
      showIf: OCCUPANT,
      requiredMessage: CHECKBOX_MESSAGE,
    },
    {
      kind: 'checkbox',
      name: 'utilisation_service_ok_signalement_tiers',
      label:
        'Je fais ce signalement pour d’autres personnes et j’ai le droit de le faire (avec leur accord, ou dans le cadre de mon travail ou de ma mission).',
      showIf: TIERS,
      requiredMessage: CHECKBOX_MESSAGE,
    },
    {
      kind: 'checkbox',
      name: 'utilisation_service_ok_donnees_sante',
      label:
        'Je n’ai pas donné d’information sur la santé de quelqu’un (maladie, handicap, traitement…) dans ce signalement.',
      requiredMessage: CHECKBOX_MESSAGE,
    },
    {
      kind: 'info',
      name: 'utilisation_service_cgu_info',
      text: [
        'Les conditions générales d’utilisation expliquent comment le service fonctionne et comment vos données sont protégées.',
      ],
      link: { href: '/cgu', label: 'Lire les conditions générales d’utilisation' },
    },
    {
      kind: 'checkbox',
      name: 'utilisation_service_ok_cgu',
      label: 'J’ai lu et j’accepte les conditions générales d’utilisation.',
      requiredMessage: CHECKBOX_MESSAGE,
    },
  ],
  submitLabel: 'Voir le récapitulatif',
};

// ---------------------------------------------------------------------------------------------------------

/** Journey order, before the désordres block: address and people, dwelling, household. */
export const SCREENS_BEFORE_DESORDRES: readonly Screen[] = [
  introduction,
  adresseLogement,
  signalementConcerne,
  vosCoordonneesOccupant,
  vosCoordonneesTiers,
  missionServiceSecours,
  coordonneesOccupant,
  coordonneesBailleur,
  infoProcedureBail,
  prevenirBailleurInfo,
  zoneConcernee,
  typeLogement,
  compositionLogement,
  typeLogementCommodites,
  compositionLogementPersonnes,
  bailDpe,
  logementSocial,
  travailleurSocial,
];

/** Journey order, after the désordres block: procedure (the recap and the submit button follow). */
export const SCREENS_AFTER_DESORDRES: readonly Screen[] = [
  infoProcedureAssurance,
  informationsComplementaires,
  utilisationService,
];
