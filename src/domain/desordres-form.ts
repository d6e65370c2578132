/**
 * The désordres part of the public signalement form, as pure data and functions (no I/O).
 *
 * - Which usager-facing categories a person sees, per zone (bâtiment / logement) and profile group.
 * - For every critère, the detail questions derived from its précisions (rooms, oui/non/ne sais pas, "présents
 *   depuis", situation of the dwelling…), with our own plain French labels (the catalogue's précision labels
 *   carry HTML and are never shown to usagers).
 * - `precisionsFromAnswers`: the précision slugs a person's answers select, including the critères derived from
 *   the type/composition answers. The suroccupation précisions are NOT returned here: the submission adds them
 *   with `suroccupationPrecisionSlug` (src/domain/criticite.ts), which needs the household answers.
 * - `freeTextOfAnswers`: the "précision libre" texts typed for the selected critères.
 *
 * Field naming (the reference payloads' conventions, so that old drafts map too):
 *   `<critère slug>` = '1' when ticked; `<name>_pieces` = rooms (list of 'tout' | 'piece_a_vivre' | 'cuisine' |
 *   'salle_de_bain'; the reference's per-room flags `<critère>_pieces_<room>` = '1' are read as well);
 *   `<critère>_details_<question>` = answer; `<critère>_precision_libre` = free text.
 */
import {
  type DesordreCritere,
  type DesordrePrecision,
  type DesordreZone,
  desordresCatalogue,
  getCritere,
  precisionsOfCritere,
  SUROCCUPATION_PRECISION_SLUGS,
} from './desordres.ts';

/** A draft's answers (structurally the form's FormData: one value per field, lists for multi-choice fields). */
export type FormValue = string | readonly string[];
export type FormData = Readonly<Record<string, FormValue | undefined>>;

// ---------------------------------------------------------------------------------------------------------
// Profiles and categories

export const PROFILE_GROUPS = ['occupant', 'tiers', 'service_secours'] as const;
export type ProfileGroup = (typeof PROFILE_GROUPS)[number];

const GROUP_OF_PROFIL: Record<string, ProfileGroup> = {
  locataire: 'occupant',
  bailleur_occupant: 'occupant',
  tiers_particulier: 'tiers',
  tiers_pro: 'tiers',
  bailleur: 'tiers',
  service_secours: 'service_secours',
};

export const OCCUPANT_PROFILS = ['locataire', 'bailleur_occupant'] as const;
export const TIERS_PROFILS = ['tiers_particulier', 'tiers_pro', 'bailleur'] as const;

export function profileGroupOf(profil: FormValue | undefined): ProfileGroup | undefined {
  return typeof profil === 'string' ? GROUP_OF_PROFIL[profil] : undefined;
}

/** Field of the zone question (screen "zone_concernee"): 'batiment' | 'logement' | 'batiment_logement'. */
export const ZONE_FIELD = 'zone_concernee_zone';
export const ZONE_VALUES: Record<DesordreZone, readonly string[]> = {
  BATIMENT: ['batiment', 'batiment_logement'],
  LOGEMENT: ['logement', 'batiment_logement'],
};

/** Fields of the category choice screens. */
export const CATEGORY_FIELDS = {
  BATIMENT: 'desordres_categories_batiment',
  /** Occupants' logement categories (9 choices). */
  LOGEMENT: 'desordres_categories_logement',
  /** Tiers' logement categories (the same 9 + propreté). */
  LOGEMENT_TIERS: 'desordres_categories_logement_tiers',
} as const;
/** "Je n'ai rien à signaler" checkboxes of the category choice screens. */
export const NOTHING_FIELDS: Record<DesordreZone, string> = {
  BATIMENT: 'desordres_batiment_rien_a_signaler',
  LOGEMENT: 'desordres_logement_rien_a_signaler',
};

export const SERVICE_SECOURS_CATEGORY = 'service_secours';
export const TYPE_COMPOSITION_CATEGORY = 'desordres_type_composition_logement';
export const LOGEMENT_PROPRETE_CATEGORY = 'desordres_logement_proprete';

export interface UsagerCategory {
  slug: string;
  zone: DesordreZone;
  /** Short title of the tile / checkbox. */
  label: string;
  /** A few words of examples under the title. */
  hint: string;
}

const BATIMENT_CATEGORIES: readonly UsagerCategory[] = [
  {
    slug: 'desordres_batiment_securite',
    label: 'Sécurité, risque de chute',
    hint: 'Sol ou escaliers dangereux, fissures, balcons, toit qui menace de tomber',
  },
  {
    slug: 'desordres_batiment_incendie',
    label: "Risque d'incendie",
    hint: 'Odeur de gaz, portes coupe-feu absentes',
  },
  {
    slug: 'desordres_batiment_eau',
    label: 'Eau et évacuation',
    hint: "Pas d'eau potable ou chaude, évacuations bouchées, eau de pluie",
  },
  {
    slug: 'desordres_batiment_isolation',
    label: 'Isolation du bâtiment',
    hint: "Murs, toit, portes et fenêtres mal isolés, infiltrations d'eau",
  },
  {
    slug: 'desordres_batiment_maintenance',
    label: 'Entretien et équipements',
    hint: 'Ascenseur dangereux, petites réparations jamais faites',
  },
  { slug: 'desordres_batiment_nuisibles', label: 'Nuisibles', hint: 'Cafards, rongeurs, punaises de lit…' },
  {
    slug: 'desordres_batiment_proprete',
    label: 'Propreté et entretien',
    hint: 'Parties communes sales ou dégradées, pas de local poubelles',
  },
  {
    slug: 'desordres_batiment_accessibilite',
    label: 'Accès et alentours',
    hint: 'Accès difficile, pas d’éclairage, terrain abandonné',
  },
  { slug: 'desordres_batiment_bruit', label: 'Bruit', hint: 'Trains, avions, usine, bruit dans l’immeuble' },
].map((c) => ({ ...c, zone: 'BATIMENT' as const }));

const LOGEMENT_CATEGORIES: readonly UsagerCategory[] = [
  {
    slug: 'desordres_logement_securite',
    label: 'Sécurité',
    hint: 'Sol abîmé ou qui menace, balcons, gaz, plomb ou amiante',
  },
  {
    slug: 'desordres_logement_electricite',
    label: 'Électricité',
    hint: 'Pas d’électricité, installation dangereuse, prises manquantes',
  },
  {
    slug: 'desordres_logement_humidite',
    label: 'Humidité et moisissures',
    hint: 'Murs humides, taches noires, odeur de moisi',
  },
  {
    slug: 'desordres_logement_aeration',
    label: 'Aération et ventilation',
    hint: 'Pas de fenêtre ni de ventilation, VMC en panne',
  },
  {
    slug: 'desordres_logement_chauffage',
    label: 'Chauffage et isolation',
    hint: 'Pas de chauffage, chauffage en panne ou dangereux, fenêtres qui laissent passer l’air',
  },
  {
    slug: 'desordres_logement_eau',
    label: 'Eau et évacuation',
    hint: "Pas d'eau potable ou chaude, évacuations bouchées",
  },
  { slug: 'desordres_logement_nuisibles', label: 'Nuisibles', hint: 'Cafards, rongeurs, punaises de lit…' },
  {
    slug: 'desordres_logement_lumiere',
    label: 'Lumière et hauteur sous plafond',
    hint: 'Logement sombre, pas de volets, plafonds trop bas',
  },
  {
    slug: 'desordres_logement_bruit',
    label: 'Bruit',
    hint: 'Bruit de la rue ou des voisins, même fenêtres fermées',
  },
].map((c) => ({ ...c, zone: 'LOGEMENT' as const }));

const LOGEMENT_PROPRETE: UsagerCategory = {
  slug: LOGEMENT_PROPRETE_CATEGORY,
  zone: 'LOGEMENT',
  label: 'Propreté et entretien',
  hint: 'Logement très sale ou encombré (déchets, excréments d’animaux…)',
};

const SERVICE_SECOURS: UsagerCategory = {
  slug: SERVICE_SECOURS_CATEGORY,
  zone: 'LOGEMENT',
  label: 'Constats du service de secours',
  hint: 'Les situations rencontrées lors de l’intervention',
};

/** Usager-facing categories of a zone for a profile group, in the order of the form (empty for service secours). */
export function categoriesFor(
  zone: DesordreZone,
  group: ProfileGroup | undefined,
): readonly UsagerCategory[] {
  if (group === 'service_secours' || group === undefined) return [];
  if (zone === 'BATIMENT') return BATIMENT_CATEGORIES;
  return group === 'tiers' ? [...LOGEMENT_CATEGORIES, LOGEMENT_PROPRETE] : LOGEMENT_CATEGORIES;
}

/** Every usager-facing category of the form (bâtiment, logement incl. propreté, service secours). */
export const ALL_USAGER_CATEGORIES: readonly UsagerCategory[] = [
  ...BATIMENT_CATEGORIES,
  ...LOGEMENT_CATEGORIES,
  LOGEMENT_PROPRETE,
  SERVICE_SECOURS,
];

export function usagerCategory(slug: string): UsagerCategory | undefined {
  return ALL_USAGER_CATEGORIES.find((c) => c.slug === slug);
}

// ---------------------------------------------------------------------------------------------------------
// Detail questions

export const ROOMS = ['piece_a_vivre', 'cuisine', 'salle_de_bain'] as const;
export type Room = (typeof ROOMS)[number];
export type RoomChoice = 'tout' | Room;

export interface QuestionOption {
  value: string;
  label: string;
}

export const ROOM_OPTIONS: readonly QuestionOption[] = [
  { value: 'tout', label: 'Tout le logement' },
  { value: 'piece_a_vivre', label: 'Une ou plusieurs pièces à vivre (salon, chambres)' },
  { value: 'cuisine', label: 'La cuisine ou le coin cuisine' },
  { value: 'salle_de_bain', label: "La salle de bain, la salle d'eau ou les toilettes" },
];

const OUI_NON_NSP: readonly QuestionOption[] = [
  { value: 'oui', label: 'Oui' },
  { value: 'non', label: 'Non' },
  { value: 'nsp', label: 'Je ne sais pas' },
];
const OUI_NON: readonly QuestionOption[] = [
  { value: 'oui', label: 'Oui' },
  { value: 'non', label: 'Non' },
];

export type DetailQuestion =
  /** Checkboxes "Dans quelle(s) pièce(s) ?"; hidden (and answered "tout le logement") for a one-room dwelling. */
  | { kind: 'rooms'; name: string; label: string; hint: string; options: readonly QuestionOption[] }
  /** One answer among a few (radio buttons). */
  | { kind: 'choice'; name: string; label: string; hint?: string; options: readonly QuestionOption[] };

export interface FreeText {
  name: string;
  label: string;
}

/** A critère as the form shows it: one checkbox (value '1') and, when ticked, its detail questions. */
export interface FormCritere {
  /** Name of the checkbox field: the catalogue critère slug, except humidité (`desordres_logement_humidite`). */
  name: string;
  label: string;
  categorySlug: string;
  zone: DesordreZone;
  /** Catalogue critères covered (several for humidité: one per room). */
  critereSlugs: readonly string[];
  questions: readonly DetailQuestion[];
  /** A few words under the checkbox (the description of a single-précision critère, e.g. service secours). */
  hint?: string;
  freeText?: FreeText;
  /** Ticked by choosing its category (logement propreté): no checkbox of its own. */
  impliedByCategory?: boolean;
}

/** Our wording of the questions hidden in précision slugs (`_details_<question>_<answer>`). */
const QUESTION_LABELS: Record<string, { label: string; hint?: string; options?: readonly QuestionOption[] }> =
  {
    nettoyage: { label: 'La ventilation (bouches, grilles) a-t-elle été nettoyée ?' },
    diagnostique: {
      label: 'Un diagnostic plomb ou amiante a-t-il été fait ?',
      hint: 'Ce document est souvent joint au bail ou à l’acte de vente.',
    },
    mur_porteur: {
      label: 'Le mur fissuré est-il un mur porteur ?',
      hint: 'Un mur porteur soutient le bâtiment : mur extérieur ou mur épais entre deux logements.',
    },
    multiprises: { label: 'Des multiprises sont-elles branchées les unes sur les autres ?' },
    date: {
      label: 'Depuis quand sont-ils là ?',
      options: [
        { value: 'before_movein', label: "Avant l'emménagement" },
        { value: 'after_movein', label: "Après l'emménagement" },
        { value: 'nsp', label: 'Je ne sais pas' },
      ],
    },
    plancher_abime: { label: 'Le plancher est-il abîmé ?' },
    plancher_effondre: { label: 'Le plancher risque-t-il de s’effondrer ?' },
    utilisable: { label: 'L’escalier ou les rambardes bougent-ils ?' },
    dangereux: { label: 'L’escalier est-il dangereux à utiliser ?' },
    machine: { label: 'Y a-t-il un lave-linge, un sèche-linge ou un lave-vaisselle dans ces pièces ?' },
    moisissure_apres_nettoyage: {
      label: 'Les moisissures reviennent-elles après nettoyage ?',
      options: [
        { value: 'oui', label: 'Oui' },
        { value: 'non', label: 'Non' },
        { value: 'nsp', label: "Je ne sais pas, ou je n'ai pas nettoyé" },
      ],
    },
    fuite: { label: 'Y a-t-il eu une fuite ou un dégât des eaux ?', options: OUI_NON },
    situation: { label: 'Où se trouve le logement ?' },
  };

/** Our wording of some critères (the catalogue's labels otherwise). */
const CRITERE_LABELS: Record<string, string> = {
  desordres_batiment_securite_escalier: 'Les escaliers ou les rambardes sont dangereux',
  desordres_batiment_securite_balcons: 'Les balcons ou les garde-corps des fenêtres risquent de tomber',
  desordres_batiment_securite_toit:
    'Le plafond ou le toit risque de s’effondrer, il y a de très grosses fissures',
  desordres_batiment_incendie_porte_coupe_feu: 'Il n’y a pas de porte coupe-feu pour les caves ou leur accès',
  desordres_batiment_isolation_porte_fenetres:
    'Il manque des portes ou des fenêtres, ou elles sont mal isolées',
  desordres_logement_chauffage_type_aucun: 'Il n’y a ni radiateur ni autre chauffage fixe dans le logement',
  desordres_logement_chauffage_details_chauffage_KO:
    'Le chauffage ne marche pas, un chauffage d’appoint est utilisé',
  desordres_logement_chauffage_details_chauffage_dangereux:
    'Le chauffage ou le chauffe-eau est dangereux (très mauvais état, tuyaux mal fixés…)',
  desordres_logement_electricite_installation_dangereuse:
    'L’installation est dangereuse : fils dénudés, prises qui ne tiennent pas au mur…',
  desordres_logement_lumiere_plafond_trop_bas: 'Les plafonds sont trop bas',
  desordres_logement_proprete: 'Le logement est très sale (beaucoup de déchets, excréments d’animaux…)',
  desordres_logement_humidite: 'Le logement est humide, il y a des traces de moisissures',
};

const FREE_TEXT_LABELS: Record<string, string> = {
  desordres_batiment_nuisibles_autres: 'Quels nuisibles ? (facultatif)',
  desordres_logement_nuisibles_autres: 'Quels nuisibles ? (facultatif)',
  desordres_logement_lumiere_plafond_trop_bas:
    'Hauteur du plafond en centimètres, si vous la connaissez (facultatif)',
};

/** How a critère's précisions follow from the answers. */
type Strategy =
  | { type: 'single'; precision: string }
  | { type: 'rooms'; byRoom: Partial<Record<RoomChoice, string>> }
  | {
      type: 'roomsAnswer';
      question: string;
      byRoomAnswer: Partial<Record<RoomChoice, Record<string, string>>>;
    }
  | { type: 'answer'; question: string; byAnswer: Record<string, string> }
  | { type: 'yesQuestions'; byQuestion: Record<string, string> }
  | { type: 'situation'; byValue: Record<string, string> }
  | {
      type: 'humidite';
      byRoom: Partial<
        Record<RoomChoice, { critere: string; byQuestion: Record<string, Record<string, string>> }>
      >;
    };

const ROOM_RE = '(tout|piece_a_vivre|cuisine|salle_de_bain|toutes_pieces)';
const normRoom = (r: string): RoomChoice => (r === 'toutes_pieces' ? 'tout' : (r as RoomChoice));

function suffixes(critere: string): { p: DesordrePrecision; s: string }[] {
  return precisionsOfCritere(critere).map((p) => ({ p, s: p.slug.slice(critere.length) }));
}

/** Classifies a critère by the shape of its précision slugs (throws on a shape the form does not know). */
function strategyOf(critere: string): Strategy {
  const list = suffixes(critere);
  if (list.length === 1 && list[0]) return { type: 'single', precision: list[0].p.slug };
  const every = (re: RegExp) => list.every(({ s }) => re.test(s));

  const rooms = new RegExp(`^_(?:pieces_)?${ROOM_RE}$`);
  if (every(rooms)) {
    const byRoom: Partial<Record<RoomChoice, string>> = {};
    for (const { p, s } of list) byRoom[normRoom(rooms.exec(s)?.[1] ?? '')] = p.slug;
    return { type: 'rooms', byRoom };
  }
  const roomsAnswer = new RegExp(`^_(?:details_)?pieces_${ROOM_RE}_([a-z_]+?)_(oui|non|nsp)$`);
  if (every(roomsAnswer)) {
    const byRoomAnswer: Partial<Record<RoomChoice, Record<string, string>>> = {};
    let question = '';
    for (const { p, s } of list) {
      const m = roomsAnswer.exec(s);
      if (!m?.[1] || !m[2] || !m[3]) continue;
      question = m[2];
      const room = normRoom(m[1]);
      byRoomAnswer[room] = { ...byRoomAnswer[room], [m[3]]: p.slug };
    }
    return { type: 'roomsAnswer', question, byRoomAnswer };
  }
  const answer = /^_details_([a-z_]+?)_(oui|non|nsp|before_movein|after_movein)$/;
  if (every(answer) && list.every(({ p }) => p.isUnique)) {
    const byAnswer: Record<string, string> = {};
    let question = '';
    for (const { p, s } of list) {
      const m = answer.exec(s);
      if (!m?.[1] || !m[2]) continue;
      question = m[1];
      byAnswer[m[2]] = p.slug;
    }
    return { type: 'answer', question, byAnswer };
  }
  const yes = /^_details_([a-z_]+)$/;
  if (every(yes)) {
    const byQuestion: Record<string, string> = {};
    for (const { p, s } of list) byQuestion[yes.exec(s)?.[1] ?? ''] = p.slug;
    return { type: 'yesQuestions', byQuestion };
  }
  if (list.every(({ p }) => p.isUnique && p.label !== '' && !p.label.includes('<'))) {
    const byValue: Record<string, string> = {};
    for (const { p, s } of list) byValue[s.slice(1)] = p.slug;
    return { type: 'situation', byValue };
  }
  throw new Error(`désordres form: unknown précision shape for critère ${critere}`);
}

const HUMIDITE = 'desordres_logement_humidite';

function humiditeStrategy(): Strategy {
  const byRoom: Extract<Strategy, { type: 'humidite' }>['byRoom'] = {};
  const re = /^_details_([a-z_]+?)_(oui|non|nsp)$/;
  for (const room of ['tout', ...ROOMS] as const) {
    const critere = `${HUMIDITE}_${room}`;
    const byQuestion: Record<string, Record<string, string>> = {};
    for (const { p, s } of suffixes(critere)) {
      const m = re.exec(s);
      if (!m?.[1] || !m[2]) throw new Error(`désordres form: unknown humidité précision ${p.slug}`);
      byQuestion[m[1]] = { ...byQuestion[m[1]], [m[2]]: p.slug };
    }
    byRoom[room] = { critere, byQuestion };
  }
  return { type: 'humidite', byRoom };
}

function optionsFor(question: string, answers: readonly string[]): readonly QuestionOption[] {
  const custom = QUESTION_LABELS[question]?.options;
  if (custom) return custom;
  return answers.includes('nsp') ? OUI_NON_NSP : OUI_NON;
}

/** Our wording of the dwelling's situation (précision suffixes of the "dernier étage" and "infiltration" critères). */
const SITUATION_LABELS: Record<string, string> = {
  sous_toit_non: 'Le logement n’est pas juste sous le toit',
  dernier_etage: 'Le logement est au dernier étage',
  sous_combles: 'Le logement est sous les combles',
  maison_individuelle: 'C’est une maison individuelle',
  au_sol_non: 'Le logement est en étage (ni au rez-de-chaussée, ni en sous-sol)',
  sous_sol: 'Le logement est en sous-sol',
  rdc: 'Le logement est au rez-de-chaussée',
};

function plainSituationLabel(value: string, label: string): string {
  return SITUATION_LABELS[value] ?? plainText(label).replace(/\.$/, '').trim();
}

function roomsQuestion(name: string): DetailQuestion {
  return {
    kind: 'rooms',
    name: `${name}_pieces`,
    label: 'Dans quelle(s) pièce(s) ?',
    hint: 'Cochez « Tout le logement » si le problème est partout.',
    options: ROOM_OPTIONS,
  };
}

function choiceQuestion(critere: string, question: string, answers: readonly string[]): DetailQuestion {
  const wording = QUESTION_LABELS[question];
  return {
    kind: 'choice',
    name: `${critere}_details_${question}`,
    label: wording?.label ?? question,
    ...(wording?.hint ? { hint: wording.hint } : {}),
    options: optionsFor(question, answers),
  };
}

function questionsOf(name: string, strategy: Strategy): DetailQuestion[] {
  switch (strategy.type) {
    case 'single':
      return [];
    case 'rooms':
      return [roomsQuestion(name)];
    case 'roomsAnswer': {
      const answers = Object.keys(Object.values(strategy.byRoomAnswer)[0] ?? {});
      return [roomsQuestion(name), choiceQuestion(name, strategy.question, answers)];
    }
    case 'answer':
      return [choiceQuestion(name, strategy.question, Object.keys(strategy.byAnswer))];
    case 'yesQuestions':
      return Object.keys(strategy.byQuestion).map((q) => choiceQuestion(name, q, ['oui', 'non']));
    case 'situation':
      return [
        {
          kind: 'choice',
          name: `${name}_details_situation`,
          label: QUESTION_LABELS.situation?.label ?? 'Où se trouve le logement ?',
          options: Object.entries(strategy.byValue).map(([value, slug]) => ({
            value,
            label: plainSituationLabel(
              value,
              precisionsOfCritere(name).find((p) => p.slug === slug)?.label ?? '',
            ),
          })),
        },
      ];
    case 'humidite': {
      const tout = strategy.byRoom.tout?.byQuestion ?? {};
      return [
        roomsQuestion(name),
        ...Object.entries(tout).map(([q, byAnswer]) => choiceQuestion(name, q, Object.keys(byAnswer))),
      ];
    }
  }
}

function cleanCritereLabel(c: DesordreCritere): string {
  return (CRITERE_LABELS[c.slugCritere] ?? c.labelCritere).replace(/\s*\.$/, '').trim();
}

function hintOf(precisionSlug: string): { hint?: string } {
  const p = desordresCatalogue.precisions.find((x) => x.slug === precisionSlug);
  const text = p ? plainText(p.label) : '';
  return text ? { hint: text } : {};
}

interface CompiledCritere {
  form: FormCritere;
  strategy: Strategy;
}

function compile(): Map<string, CompiledCritere[]> {
  const byCategory = new Map<string, CompiledCritere[]>();
  const push = (c: CompiledCritere) => {
    const list = byCategory.get(c.form.categorySlug);
    if (list) list.push(c);
    else byCategory.set(c.form.categorySlug, [c]);
  };
  let humiditeDone = false;
  for (const c of desordresCatalogue.criteres) {
    if (c.slugCategorie === TYPE_COMPOSITION_CATEGORY) continue;
    if (c.slugCategorie === HUMIDITE) {
      if (humiditeDone) continue;
      humiditeDone = true;
      const strategy = humiditeStrategy();
      push({
        strategy,
        form: {
          name: HUMIDITE,
          label: CRITERE_LABELS[HUMIDITE] ?? c.labelCritere,
          categorySlug: HUMIDITE,
          zone: 'LOGEMENT',
          critereSlugs: desordresCatalogue.criteres
            .filter((x) => x.slugCategorie === HUMIDITE)
            .map((x) => x.slugCritere),
          questions: questionsOf(HUMIDITE, strategy),
        },
      });
      continue;
    }
    const strategy = strategyOf(c.slugCritere);
    const form: FormCritere = {
      name: c.slugCritere,
      label: cleanCritereLabel(c),
      categorySlug: c.slugCategorie,
      zone: c.zoneCategorie,
      critereSlugs: [c.slugCritere],
      questions: questionsOf(c.slugCritere, strategy),
      ...(strategy.type === 'single' && c.slugCategorie === SERVICE_SECOURS_CATEGORY
        ? hintOf(strategy.precision)
        : {}),
      ...(c.precisionLibre
        ? {
            freeText: {
              name: `${c.slugCritere}_precision_libre`,
              label: FREE_TEXT_LABELS[c.slugCritere] ?? 'Précisez si vous le souhaitez (facultatif)',
            },
          }
        : {}),
      ...(c.slugCritere === LOGEMENT_PROPRETE_CATEGORY ? { impliedByCategory: true } : {}),
    };
    push({ form, strategy });
  }
  return byCategory;
}

const compiled = compile();

/** The critères of a usager-facing category as the form shows them (empty for an unknown slug). */
export function formCriteresOf(categorySlug: string): readonly FormCritere[] {
  return (compiled.get(categorySlug) ?? []).map((c) => c.form);
}

/** Every form critère of the désordres screens, in catalogue order. */
export function allFormCriteres(): readonly FormCritere[] {
  return [...compiled.values()].flat().map((c) => c.form);
}

// ---------------------------------------------------------------------------------------------------------
// Answers → précisions

function values(value: FormValue | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? (value.trim() === '' ? [] : [value.trim()]) : value;
}
function str(value: FormValue | undefined): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}
const TICKED = new Set(['1', 'on', 'true', 'oui']);
function ticked(value: FormValue | undefined): boolean {
  return values(value).some((v) => TICKED.has(v));
}

export const PIECE_UNIQUE_FIELD = 'composition_logement_piece_unique';
export function isPieceUnique(data: FormData): boolean {
  return str(data[PIECE_UNIQUE_FIELD]) === 'piece_unique';
}

/** Rooms chosen for a critère: "tout" alone, or single rooms. A one-room dwelling is always "tout". */
export function roomsOf(data: FormData, name: string, critereSlug = name): readonly RoomChoice[] {
  if (isPieceUnique(data)) return ['tout'];
  const chosen = new Set<string>(values(data[`${name}_pieces`]).filter((v) => v !== '1'));
  for (const room of ROOMS) {
    for (const key of [`${critereSlug}_pieces_${room}`, `${critereSlug}_details_pieces_${room}`]) {
      if (ticked(data[key])) chosen.add(room);
    }
  }
  if (chosen.has('tout') || ROOMS.every((r) => chosen.has(r))) return ['tout'];
  const rooms = ROOMS.filter((r) => chosen.has(r));
  // The form requires the rooms; an old draft without them counts for the whole dwelling.
  return rooms.length > 0 ? rooms : ['tout'];
}

/** Situation of the dwelling for the "dernier étage / infiltration" critères when not asked: from type_logement. */
function situationFromType(data: FormData, byValue: Record<string, string>): string | undefined {
  const nature = str(data.type_logement_nature);
  if (nature === 'maison' && byValue.maison_individuelle) return 'maison_individuelle';
  if ('sous_combles' in byValue) {
    if (str(data.type_logement_sous_comble_sans_fenetre) === 'oui') return 'sous_combles';
    if (str(data.type_logement_dernier_etage) === 'oui') return 'dernier_etage';
    return 'sous_toit_non';
  }
  if ('sous_sol' in byValue) {
    if (str(data.type_logement_sous_sol_sans_fenetre) === 'oui') return 'sous_sol';
    if (str(data.type_logement_rdc) === 'oui') return 'rdc';
    return 'au_sol_non';
  }
  return undefined;
}

function resolve(name: string, strategy: Strategy, data: FormData): string[] {
  switch (strategy.type) {
    case 'single':
      return [strategy.precision];
    case 'rooms':
      return roomsOf(data, name).flatMap((r) => strategy.byRoom[r] ?? []);
    case 'roomsAnswer': {
      const answer = str(data[`${name}_details_${strategy.question}`]) ?? 'nsp';
      return roomsOf(data, name).flatMap((r) => strategy.byRoomAnswer[r]?.[answer] ?? []);
    }
    case 'answer': {
      const answer = str(data[`${name}_details_${strategy.question}`]);
      const slug = answer ? strategy.byAnswer[answer] : undefined;
      return slug ? [slug] : [];
    }
    case 'yesQuestions':
      return Object.entries(strategy.byQuestion)
        .filter(([q]) => str(data[`${name}_details_${q}`]) === 'oui')
        .map(([, slug]) => slug);
    case 'situation': {
      const value = str(data[`${name}_details_situation`]) ?? situationFromType(data, strategy.byValue);
      const slug = value ? strategy.byValue[value] : undefined;
      return slug ? [slug] : [];
    }
    case 'humidite': {
      // Rooms: our `<name>_pieces` list, or the reference's room critères ticked one by one.
      const flagged = (['tout', ...ROOMS] as const).filter((r) => ticked(data[`${HUMIDITE}_${r}`]));
      let rooms: readonly RoomChoice[];
      if (isPieceUnique(data)) rooms = ['tout'];
      else if (flagged.includes('tout') || ROOMS.every((r) => flagged.includes(r))) rooms = ['tout'];
      else if (flagged.length > 0) rooms = flagged;
      else rooms = roomsOf(data, name);
      return rooms.flatMap((room) => {
        const target = strategy.byRoom[room];
        if (!target) return [];
        return Object.entries(target.byQuestion).flatMap(([q, byAnswer]) => {
          const answer =
            str(data[`${target.critere}_details_${q}`]) ?? str(data[`${name}_details_${q}`]) ?? undefined;
          const slug = answer ? byAnswer[answer] : undefined;
          return slug ? [slug] : [];
        });
      });
    }
  }
}

/** Categories chosen for a zone, limited to those the person's profile group sees. */
export function selectedCategories(data: FormData, zone: DesordreZone): string[] {
  const group = profileGroupOf(data.profil);
  if (!group || group === 'service_secours') return [];
  if (!values(data[ZONE_FIELD]).some((v) => ZONE_VALUES[zone].includes(v))) return [];
  if (ticked(data[NOTHING_FIELDS[zone]])) return [];
  const fields =
    zone === 'BATIMENT'
      ? [CATEGORY_FIELDS.BATIMENT]
      : group === 'tiers'
        ? [CATEGORY_FIELDS.LOGEMENT_TIERS]
        : [CATEGORY_FIELDS.LOGEMENT];
  const chosen = new Set(fields.flatMap((f) => values(data[f])));
  return categoriesFor(zone, group)
    .map((c) => c.slug)
    .filter((slug) => chosen.has(slug));
}

/** Form critères that apply to the answers: ticked, in a chosen category of a zone that applies. */
function activeCriteres(data: FormData): CompiledCritere[] {
  const group = profileGroupOf(data.profil);
  if (group === 'service_secours') {
    return (compiled.get(SERVICE_SECOURS_CATEGORY) ?? []).filter((c) => isTicked(c.form, data));
  }
  const categories = [...selectedCategories(data, 'BATIMENT'), ...selectedCategories(data, 'LOGEMENT')];
  return categories.flatMap((slug) =>
    (compiled.get(slug) ?? []).filter((c) => c.form.impliedByCategory || isTicked(c.form, data)),
  );
}

/**
 * A form critère is ticked by its checkbox, or (old drafts) by one of its catalogue critères ticked directly
 * (humidité rooms) or the reference's heating-type answer 'aucun'.
 */
function isTicked(form: FormCritere, data: FormData): boolean {
  if (ticked(data[form.name])) return true;
  if (form.critereSlugs.some((s) => s !== form.name && ticked(data[s]))) return true;
  return (
    form.name === 'desordres_logement_chauffage_type_aucun' &&
    str(data.desordres_logement_chauffage_type) === 'aucun'
  );
}

const TC = 'desordres_type_composition_logement';

function toNumber(value: FormValue | undefined): number | undefined {
  const s = str(value)?.replace(',', '.');
  if (!s) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Précisions that follow from the type and composition answers (no désordre screen): dwelling under the roof or
 * in a basement without window, a single room under 9 m², no living room of 9 m², no kitchen / bathroom / WC
 * (with or without a shared one), WC in the kitchen. Suroccupation is left to `suroccupationPrecisionSlug`.
 */
export function typeCompositionPrecisions(data: FormData): string[] {
  const out: string[] = [];
  if (str(data.type_logement_sous_comble_sans_fenetre) === 'oui') out.push(`${TC}_sous_combles`);
  if (str(data.type_logement_sous_sol_sans_fenetre) === 'oui') out.push(`${TC}_sous_sol`);
  const superficie = toNumber(data.composition_logement_superficie);
  if (isPieceUnique(data)) {
    if (superficie !== undefined && superficie > 0 && superficie < 9)
      out.push(`${TC}_piece_unique_superficie`);
  } else if (str(data.type_logement_commodites_piece_a_vivre_9m) === 'non') {
    out.push(`${TC}_plusieurs_pieces_aucune_piece_9`);
  }
  const collective = (field: string) => (str(data[field]) === 'oui' ? 'oui' : 'non');
  if (str(data.type_logement_commodites_cuisine) === 'non') {
    out.push(`${TC}_cuisine_collective_${collective('type_logement_commodites_cuisine_collective')}`);
  }
  if (str(data.type_logement_commodites_salle_de_bain) === 'non') {
    out.push(`${TC}_douche_collective_${collective('type_logement_commodites_salle_de_bain_collective')}`);
  }
  if (str(data.type_logement_commodites_wc) === 'non') {
    out.push(`${TC}_wc_collectif_${collective('type_logement_commodites_wc_collective')}`);
  } else if (str(data.type_logement_commodites_wc_cuisine) === 'oui') {
    out.push(`${TC}_wc_cuisine_ensemble`);
  }
  return out;
}

const catalogueOrder = new Map(desordresCatalogue.precisions.map((p, i) => [p.slug, i]));

/**
 * The précision slugs selected by a person's answers, in catalogue order, without duplicates. Suroccupation
 * précisions are not included (see the module comment).
 */
export function precisionsFromAnswers(data: FormData): string[] {
  const slugs = new Set<string>();
  for (const c of activeCriteres(data)) for (const s of resolve(c.form.name, c.strategy, data)) slugs.add(s);
  for (const s of typeCompositionPrecisions(data)) slugs.add(s);
  return [...slugs]
    .filter((s) => catalogueOrder.has(s))
    .sort((a, b) => (catalogueOrder.get(a) ?? 0) - (catalogueOrder.get(b) ?? 0));
}

export interface FreeTextAnswer {
  critereSlug: string;
  label: string;
  text: string;
}

/** The "précision libre" texts typed for the critères that apply (catalogue `precisionLibre`). */
export function freeTextOfAnswers(data: FormData): FreeTextAnswer[] {
  const out: FreeTextAnswer[] = [];
  for (const c of activeCriteres(data)) {
    const free = c.form.freeText;
    if (!free) continue;
    const text = str(data[free.name]);
    if (!text) continue;
    const critere = getCritere(c.form.name);
    out.push({
      critereSlug: c.form.name,
      label: critere?.precisionLibre?.label ?? free.label,
      text: text.slice(0, 5000),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Plain labels

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#039;': "'",
  '&#39;': "'",
  '&apos;': "'",
  '&nbsp;': ' ',
};

/** A catalogue label as plain text: tags removed, line breaks as " – ", entities decoded, spaces collapsed. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, ' – ')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/&[a-z#0-9]+;/gi, (e) => ENTITIES[e.toLowerCase()] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Plain label of a précision: its own label without HTML, or its critère's label when it has none. */
export function plainPrecisionLabel(precision: DesordrePrecision): string {
  const own = plainText(precision.label);
  if (own !== '') return own;
  return plainText(getCritere(precision.critereSlug)?.labelCritere ?? precision.slug);
}

/** Précisions reachable only another way than the désordre screens and `precisionsFromAnswers`. */
export const PRECISIONS_NOT_FROM_ANSWERS: Readonly<Record<string, string>> = {
  [SUROCCUPATION_PRECISION_SLUGS.allocataire]:
    'suroccupation: added by suroccupationPrecisionSlug (criticite.ts) from the household answers',
  [SUROCCUPATION_PRECISION_SLUGS.nonAllocataire]:
    'suroccupation: added by suroccupationPrecisionSlug (criticite.ts) from the household answers',
};
