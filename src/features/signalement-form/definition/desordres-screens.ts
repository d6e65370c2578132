/**
 * The "Les désordres" screens of the public form, built from the catalogue through src/domain/desordres-form.ts
 * (which also turns the answers into précisions for the submission).
 *
 * Journey: `desordres_batiment` (categories of the building) → one screen per chosen bâtiment category →
 * `desordres_logement` (categories of the dwelling; propreté only for tiers) → one screen per chosen logement
 * category → `desordres_service_secours` (service secours only, instead of all of the above) →
 * `desordres_precisions` (free description, documents).
 *
 * On a category screen each critère is one checkbox (value "1", named by the critère slug) followed by a group
 * of detail questions shown when it is ticked (`showIf: is(<critère>, '1')`).
 */
import {
  CATEGORY_FIELDS,
  categoriesFor,
  type DetailQuestion,
  type FormCritere,
  formCriteresOf,
  LOGEMENT_PROPRETE_CATEGORY,
  NOTHING_FIELDS,
  OCCUPANT_PROFILS,
  PIECE_UNIQUE_FIELD,
  SERVICE_SECOURS_CATEGORY,
  TIERS_PROFILS,
  type UsagerCategory,
  ZONE_FIELD,
  ZONE_VALUES,
} from '../../../domain/desordres-form.ts';
import { all, any, type FormData, is, not, type Predicate } from './predicates.ts';
import type { Field, InfoBlock, Screen } from './types.ts';

export const SECTION = 'desordres' as const;

const isOccupant = is('profil', ...OCCUPANT_PROFILS);
const isTiers = is('profil', ...TIERS_PROFILS);
const isServiceSecours = is('profil', 'service_secours');
const zoneBatiment = is(ZONE_FIELD, ...ZONE_VALUES.BATIMENT);
const zoneLogement = is(ZONE_FIELD, ...ZONE_VALUES.LOGEMENT);
const nothingBatiment = is(NOTHING_FIELDS.BATIMENT, '1');
const nothingLogement = is(NOTHING_FIELDS.LOGEMENT, '1');

/** Max length of the précision libre of a critère. */
export const FREE_TEXT_MAX = 500;
export const DETAILS_MAX = 5000;
export const PHOTOS_MAX = 10;

function ticked(value: FormData[string]): boolean {
  return value === '1' || (Array.isArray(value) && value.includes('1'));
}
function list(value: FormData[string]): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? (value === '' ? [] : [value]) : value;
}

// ---------------------------------------------------------------------------------------------------------
// Advice shown on some category screens (short and kind)

const DANGER_TEXT =
  'En cas de danger immédiat (quelque chose menace de tomber ou de s’effondrer, début d’incendie, forte odeur de gaz) : éloignez-vous et appelez les pompiers au 18, ou le 112.';

const ADVICE: Record<string, readonly InfoBlock[]> = {
  desordres_batiment_securite: [
    {
      kind: 'info',
      name: 'desordres_batiment_securite_danger',
      severity: 'warning',
      title: 'Votre sécurité d’abord',
      text: [DANGER_TEXT],
    },
  ],
  desordres_batiment_incendie: [
    {
      kind: 'info',
      name: 'desordres_batiment_incendie_danger',
      severity: 'warning',
      title: 'Votre sécurité d’abord',
      text: [DANGER_TEXT],
    },
  ],
  desordres_logement_securite: [
    {
      kind: 'info',
      name: 'desordres_logement_securite_danger',
      severity: 'warning',
      title: 'Votre sécurité d’abord',
      text: [DANGER_TEXT],
    },
  ],
  desordres_logement_electricite: [
    {
      kind: 'info',
      name: 'desordres_logement_electricite_danger',
      severity: 'warning',
      title: 'Votre sécurité d’abord',
      text: [
        'Ne touchez pas aux fils dénudés ni aux prises abîmées. Si une prise chauffe ou sent le brûlé, coupez le courant au disjoncteur si vous pouvez le faire sans risque. En cas d’urgence, appelez le 18 ou le 112.',
      ],
    },
  ],
  desordres_logement_chauffage: [
    {
      kind: 'info',
      name: 'desordres_logement_chauffage_monoxyde',
      severity: 'warning',
      title: 'Attention au monoxyde de carbone',
      text: [
        'Maux de tête, nausées ou vertiges près d’un chauffage ou d’un chauffe-eau ? Ouvrez les fenêtres, sortez et appelez le 18 ou le 112.',
      ],
    },
  ],
  desordres_logement_humidite: [
    {
      kind: 'info',
      name: 'desordres_logement_humidite_sante',
      title: 'Humidité et santé',
      text: [
        'Les moisissures peuvent rendre malade, surtout les enfants et les personnes fragiles. Aérez quelques minutes chaque jour, même en hiver.',
        'Si votre santé en souffre, parlez-en à un médecin. L’Agence régionale de santé (ARS) peut aussi vous conseiller.',
      ],
    },
  ],
};

/** Advice attached to one critère, shown with its detail questions. */
const CRITERE_ADVICE: Record<string, readonly string[]> = {
  desordres_logement_securite_plomb: [
    'La peinture au plomb abîmée est dangereuse pour les jeunes enfants et les femmes enceintes. Parlez-en à votre médecin ; l’Agence régionale de santé (ARS) peut vous conseiller.',
  ],
  desordres_logement_securite_gaz: [
    'Si l’odeur est forte : n’allumez rien, ne touchez pas aux interrupteurs, sortez et appelez le 18 ou le 112.',
  ],
};

// ---------------------------------------------------------------------------------------------------------
// Fields of a critère

function questionField(q: DetailQuestion): Field {
  if (q.kind === 'rooms') {
    return {
      kind: 'checkboxes',
      name: q.name,
      label: q.label,
      hint: q.hint,
      options: q.options,
      // A one-room dwelling is "tout le logement": the question is not asked.
      showIf: not(is(PIECE_UNIQUE_FIELD, 'piece_unique')),
      requiredMessage: 'Indiquez dans quelle(s) pièce(s) se trouve le problème.',
    };
  }
  const withNsp = q.options.some((o) => o.value === 'nsp');
  return {
    kind: 'radio',
    name: q.name,
    label: q.label,
    ...(q.hint ? { hint: q.hint } : {}),
    options: q.options,
    requiredMessage: withNsp
      ? 'Répondez à cette question (vous pouvez choisir « Je ne sais pas »).'
      : 'Répondez à cette question.',
  };
}

function detailFields(c: FormCritere): Field[] {
  const fields: Field[] = c.questions.map(questionField);
  const advice = CRITERE_ADVICE[c.name];
  if (advice) fields.push({ kind: 'info', name: `${c.name}_conseil`, text: advice });
  if (c.freeText) {
    fields.push({
      kind: 'textarea',
      name: c.freeText.name,
      label: c.freeText.label,
      required: false,
      maxLength: FREE_TEXT_MAX,
      rows: 2,
    });
  }
  return fields;
}

function critereFields(c: FormCritere): Field[] {
  if (c.impliedByCategory) return detailFields(c);
  const fields: Field[] = [
    { kind: 'checkbox', name: c.name, label: c.label, ...(c.hint ? { hint: c.hint } : {}), required: false },
  ];
  const details = detailFields(c);
  if (details.length > 0) {
    fields.push({
      kind: 'group',
      name: `${c.name}_precisions`,
      legend: `Précisions : ${c.label}`,
      hint: 'À remplir seulement si vous avez coché la case au-dessus.',
      showIf: is(c.name, '1'),
      fields: details,
    });
  }
  return fields;
}

function photosField(slug: string): Field {
  return {
    kind: 'upload',
    name: `${slug}_photos`,
    label: 'Ajoutez des photos (facultatif)',
    hint: `Jusqu’à ${PHOTOS_MAX} photos. Elles aident beaucoup les services à comprendre la situation.`,
    accept: 'photos',
    maxFiles: PHOTOS_MAX,
    required: false,
  };
}

/** At least one critère must be ticked on a category screen (the error goes on the first checkbox). */
function atLeastOneCritere(
  criteres: readonly FormCritere[],
): ((data: FormData) => Record<string, string>) | undefined {
  const boxes = criteres.filter((c) => !c.impliedByCategory);
  const first = boxes[0];
  if (!first) return undefined;
  return (data) =>
    boxes.some((c) => ticked(data[c.name]))
      ? {}
      : {
          [first.name]:
            'Cochez au moins un problème. Si aucun ne correspond, revenez en arrière pour changer votre choix.',
        };
}

// ---------------------------------------------------------------------------------------------------------
// Screens

function categoryScreen(category: UsagerCategory, showIf: Predicate, where: string): Screen {
  const criteres = formCriteresOf(category.slug);
  const validate = atLeastOneCritere(criteres);
  const implied = criteres.every((c) => c.impliedByCategory);
  return {
    slug: category.slug,
    section: SECTION,
    title: `${where} : ${category.label.charAt(0).toLowerCase()}${category.label.slice(1)}`,
    intro: implied
      ? ['Dites-nous où se trouve le problème.']
      : ['Cochez ce que vous constatez. Quelques questions s’affichent pour chaque case cochée.'],
    showIf,
    fields: [
      ...(ADVICE[category.slug] ?? []),
      ...criteres.flatMap(critereFields),
      photosField(category.slug),
    ],
    ...(validate ? { validate } : {}),
  };
}

function categoryOptions(categories: readonly UsagerCategory[]) {
  return categories.map((c) => ({ value: c.slug, label: c.label, hint: c.hint }));
}

const BOTH_MESSAGE = 'Vous avez coché des problèmes et « Je n’ai rien à signaler » : décochez l’un des deux.';
const NONE_MESSAGE = 'Choisissez au moins un type de problème, ou cochez « Je n’ai rien à signaler ».';

const batimentChoice: Screen = {
  slug: 'desordres_batiment',
  section: SECTION,
  title: 'Les problèmes dans le bâtiment',
  intro: [
    'Le bâtiment, ce sont les parties communes, les murs extérieurs, le toit, les escaliers, les abords…',
    'Choisissez les types de problèmes que vous voyez. Vous donnerez les détails ensuite.',
  ],
  showIf: all(not(isServiceSecours), zoneBatiment),
  submitLabel: 'Valider ma sélection',
  fields: [
    {
      kind: 'checkboxes',
      name: CATEGORY_FIELDS.BATIMENT,
      label: 'Quels problèmes voyez-vous dans le bâtiment ?',
      hint: 'Plusieurs choix possibles.',
      options: categoryOptions(categoriesFor('BATIMENT', 'occupant')),
      required: not(nothingBatiment),
      requiredMessage: NONE_MESSAGE,
    },
    {
      kind: 'checkbox',
      name: NOTHING_FIELDS.BATIMENT,
      label: 'Je n’ai rien à signaler sur le bâtiment',
      required: false,
    },
  ],
  validate: (data) =>
    ticked(data[NOTHING_FIELDS.BATIMENT]) && list(data[CATEGORY_FIELDS.BATIMENT]).length > 0
      ? { [NOTHING_FIELDS.BATIMENT]: BOTH_MESSAGE }
      : {},
};

const logementChoice: Screen = {
  slug: 'desordres_logement',
  section: SECTION,
  title: 'Les problèmes dans le logement',
  intro: [
    'Le logement, ce sont les pièces où vit le foyer : chambres, salon, cuisine, salle de bain, toilettes…',
    'Choisissez les types de problèmes que vous voyez. Vous donnerez les détails ensuite.',
  ],
  showIf: all(not(isServiceSecours), zoneLogement),
  submitLabel: 'Valider ma sélection',
  fields: [
    {
      kind: 'checkboxes',
      name: CATEGORY_FIELDS.LOGEMENT,
      label: 'Quels problèmes voyez-vous dans le logement ?',
      hint: 'Plusieurs choix possibles.',
      options: categoryOptions(categoriesFor('LOGEMENT', 'occupant')),
      showIf: isOccupant,
      required: not(nothingLogement),
      requiredMessage: NONE_MESSAGE,
    },
    {
      kind: 'checkboxes',
      name: CATEGORY_FIELDS.LOGEMENT_TIERS,
      label: 'Quels problèmes voyez-vous dans le logement ?',
      hint: 'Plusieurs choix possibles.',
      options: categoryOptions(categoriesFor('LOGEMENT', 'tiers')),
      showIf: isTiers,
      required: not(nothingLogement),
      requiredMessage: NONE_MESSAGE,
    },
    {
      kind: 'checkbox',
      name: NOTHING_FIELDS.LOGEMENT,
      label: 'Je n’ai rien à signaler dans le logement',
      required: false,
    },
  ],
  validate: (data) => {
    const chosen = [...list(data[CATEGORY_FIELDS.LOGEMENT]), ...list(data[CATEGORY_FIELDS.LOGEMENT_TIERS])];
    return ticked(data[NOTHING_FIELDS.LOGEMENT]) && chosen.length > 0
      ? { [NOTHING_FIELDS.LOGEMENT]: BOTH_MESSAGE }
      : {};
  },
};

const batimentCategoryScreens: Screen[] = categoriesFor('BATIMENT', 'occupant').map((c) =>
  categoryScreen(
    c,
    all(not(isServiceSecours), zoneBatiment, not(nothingBatiment), is(CATEGORY_FIELDS.BATIMENT, c.slug)),
    'Bâtiment',
  ),
);

const logementCategoryScreens: Screen[] = categoriesFor('LOGEMENT', 'tiers').map((c) => {
  const chosen =
    c.slug === LOGEMENT_PROPRETE_CATEGORY
      ? all(isTiers, is(CATEGORY_FIELDS.LOGEMENT_TIERS, c.slug))
      : any(
          all(isOccupant, is(CATEGORY_FIELDS.LOGEMENT, c.slug)),
          all(isTiers, is(CATEGORY_FIELDS.LOGEMENT_TIERS, c.slug)),
        );
  return categoryScreen(c, all(zoneLogement, not(nothingLogement), chosen), 'Logement');
});

const serviceSecoursCriteres = formCriteresOf(SERVICE_SECOURS_CATEGORY);
const serviceSecoursScreen: Screen = {
  slug: 'desordres_service_secours',
  section: SECTION,
  title: 'Ce que vous avez constaté',
  intro: ['Cochez les situations rencontrées lors de votre intervention. Plusieurs choix possibles.'],
  showIf: isServiceSecours,
  fields: [...serviceSecoursCriteres.flatMap(critereFields), photosField('desordres_service_secours')],
  validate: atLeastOneCritere(serviceSecoursCriteres) ?? (() => ({})),
};

const precisionsScreen: Screen = {
  slug: 'desordres_precisions',
  section: SECTION,
  title: 'Décrivez la situation',
  intro: ['Quelques mots suffisent : ils aideront les services à bien comprendre votre situation.'],
  fields: [
    {
      kind: 'info',
      name: 'desordres_precisions_sante',
      severity: 'warning',
      title: 'Pas d’informations de santé',
      text: [
        'N’indiquez pas de maladie, de traitement ni d’autre information sur la santé des personnes. Elles ne sont pas nécessaires ici.',
      ],
    },
    {
      kind: 'textarea',
      name: 'desordres_precisions_details',
      label: 'Décrivez la situation en quelques mots',
      hint: 'Par exemple : depuis quand, ce qui a déjà été fait, ce qui vous inquiète le plus.',
      maxLength: DETAILS_MAX,
      rows: 6,
      requiredMessage: 'Décrivez la situation en quelques mots.',
    },
    {
      kind: 'upload',
      name: 'desordres_precisions_documents',
      label: 'Ajoutez des documents (facultatif)',
      hint: 'Par exemple : courriers échangés avec le propriétaire, rapport d’un technicien, constat.',
      accept: 'documents',
      maxFiles: PHOTOS_MAX,
      required: false,
      showIf: isOccupant,
    },
  ],
};

export const desordresScreens: readonly Screen[] = [
  batimentChoice,
  ...batimentCategoryScreens,
  logementChoice,
  ...logementCategoryScreens,
  serviceSecoursScreen,
  precisionsScreen,
];
