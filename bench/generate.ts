import {
  MOTIFS_CLOTURE_V1,
  MOTIFS_REFUS_AFFECTATION,
  MOTIFS_REFUS_SIGNALEMENT,
  SUIVI_CATEGORIES,
  type SuiviCategory,
} from '../src/domain/statuts.ts';

/**
 * Bulk generation of signalements, affectations, suivis, précisions and qualifications with set-based SQL
 * (generate_series into temporary tables, then one INSERT … SELECT per table). Runs on a database copied from
 * the test snapshot (reference + demo data): the three demo territories, their partners and their communes.
 *
 * Random draws are materialised in temporary tables before they are used, so that an expression never calls
 * random() twice for "the same" value whatever plan PostgreSQL chooses.
 */

/** Anything with a node-postgres style query(): pg.Client, pg.PoolClient (PostgreSQL or PGlite). */
export interface SqlClient {
  query(text: string): Promise<{ rows: any[] }>;
}

/** Share of the dossiers per demo territory, with a rough centre for the coordinates. */
const TERRITOIRES = [
  { code: '13', share: 0.5, lat: 43.35, lng: 5.35 },
  { code: '34', share: 0.3, lat: 43.6, lng: 3.75 },
  { code: '01', share: 0.2, lat: 46.1, lng: 5.4 },
];

/** Share of a territory's dossiers located in the city of its first communal hygiene service (Marseille…). */
const MAIN_CITY_SHARE = 0.35;

/** Cumulative thresholds: mostly ACTIVE and CLOSED, every other status present. */
const STATUTS: [string, number][] = [
  ['NEED_VALIDATION', 0.06],
  ['ACTIVE', 0.4],
  ['CLOSED', 0.82],
  ['REFUSED', 0.87],
  ['ARCHIVED', 0.91],
  ['INJONCTION_BAILLEUR', 0.94],
  ['INJONCTION_CLOSED', 0.96],
  ['DRAFT', 0.98],
  ['DRAFT_ARCHIVED', 1],
];

/** Statuses whose dossiers went through validation and were affected to partners. */
const AFFECTED = ['ACTIVE', 'CLOSED', 'ARCHIVED'];
const VALIDATED = [...AFFECTED, 'INJONCTION_BAILLEUR', 'INJONCTION_CLOSED'];

const PROFILES: [string, number][] = [
  ['LOCATAIRE', 0.55],
  ['BAILLEUR_OCCUPANT', 0.67],
  ['TIERS_PARTICULIER', 0.82],
  ['TIERS_PRO', 0.94],
  ['SERVICE_SECOURS', 0.97],
  ['BAILLEUR', 1],
];

/** Middle suivis (neither the first nor a closing one): cumulative thresholds. */
const MIDDLE_SUIVIS: [SuiviCategory, number, { needsAffectation?: boolean }][] = [
  ['MESSAGE_PARTNER', 0.4, { needsAffectation: true }],
  ['AFFECTATION_IS_ACCEPTED', 0.55, { needsAffectation: true }],
  ['MESSAGE_USAGER', 0.72, {}],
  ['ASK_DOCUMENT', 0.78, {}],
  ['NEW_DOCUMENT', 0.86, {}],
  ['INTERVENTION_IS_CREATED', 0.92, { needsAffectation: true }],
  ['INTERVENTION_IS_DONE', 0.97, { needsAffectation: true }],
  ['ASK_FEEDBACK_SENT', 1, {}],
];

/** Share of the suivis of a category that the usager sees. */
const VISIBILITY: Partial<Record<SuiviCategory, number>> = {
  MESSAGE_PARTNER: 0.55,
  AFFECTATION_IS_ACCEPTED: 1,
  MESSAGE_USAGER: 1,
  ASK_DOCUMENT: 1,
  NEW_DOCUMENT: 0.5,
  INTERVENTION_IS_CREATED: 1,
  INTERVENTION_IS_DONE: 1,
  ASK_FEEDBACK_SENT: 0,
  SIGNALEMENT_IS_ACTIVE: 1,
  SIGNALEMENT_IS_CLOSED: 0.8,
  SIGNALEMENT_IS_REFUSED: 1,
};

const QUALIFICATIONS: [string, string][] = [
  ['NON_DECENCE', 'NON_DECENCE_CHECK'],
  ['NON_DECENCE', 'NON_DECENCE_CHECK'],
  ['RSD', 'RSD_CHECK'],
  ['RSD', 'RSD_CHECK'],
  ['INSALUBRITE', 'INSALUBRITE_CHECK'],
  ['DANGER', 'DANGER_CHECK'],
  ['SUROCCUPATION', 'SUROCCUPATION_CHECK'],
  ['NON_DECENCE_ENERGETIQUE', 'NDE_CHECK'],
  ['NON_DECENCE', 'NON_DECENCE_AVEREE'],
  ['INSALUBRITE', 'INSALUBRITE_AVEREE'],
];

const NOMS = [
  'Martin',
  'Bernard',
  'Thomas',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Dubois',
  'Moreau',
  'Laurent',
  'Simon',
  'Michel',
  'Lefebvre',
  'Leroy',
  'Roux',
  'David',
  'Bertrand',
  'Morel',
  'Fournier',
  'Girard',
  'Bonnet',
  'Dupont',
  'Lambert',
  'Fontaine',
  'Rousseau',
  'Vincent',
  'Muller',
  'Lefèvre',
  'Faure',
  'André',
  'Mercier',
  'Blanc',
  'Guérin',
  'Boyer',
  'Garnier',
  'Chevalier',
  'François',
  'Legrand',
  'Gauthier',
  'Garcia',
  'Benali',
  'Nguyen',
  'Diallo',
  'Haddad',
  'Da Silva',
  'Ferreira',
  'Mansouri',
  'Traoré',
];
const PRENOMS_F = ['Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Camille', 'Léa', 'Inès', 'Fatima', 'Chloé'];
const PRENOMS_M = ['Jean', 'Pierre', 'Michel', 'Nicolas', 'Karim', 'Lucas', 'Mohamed', 'Hugo', 'Éric'];
const VOIES = [
  'rue de la République',
  'boulevard National',
  'avenue Jean Jaurès',
  'rue Victor Hugo',
  'chemin des Oliviers',
  'rue du Marché',
  'place de la Mairie',
  'rue Pasteur',
  'avenue de la Gare',
  'impasse des Lilas',
  'rue Émile Zola',
  'cours Gambetta',
  'rue des Écoles',
  'allée des Platanes',
];
const DETAILS = [
  'Humidité importante dans la chambre, moisissures au plafond.',
  'Infiltrations d’eau par la toiture à chaque pluie.',
  'Chauffage en panne depuis plusieurs semaines, le propriétaire ne répond pas.',
  'Installation électrique dangereuse : prises arrachées, fils apparents.',
  'Présence de cafards et de punaises de lit dans tout le logement.',
  'Fenêtres qui ne ferment plus, courants d’air permanents.',
  'Logement trop petit pour la famille, enfants dans le séjour.',
  'Fuite d’eau sous l’évier, sol du cuisine abîmé.',
];
const MESSAGES_PARTENAIRE = [
  'Visite effectuée, rapport en cours de rédaction.',
  'Courrier envoyé au propriétaire pour mise en demeure.',
  'Le propriétaire a été contacté, travaux annoncés sous un mois.',
  'Demande de pièces complémentaires auprès de l’occupant.',
  'Dossier transmis au service juridique.',
  'Relance du bailleur sans réponse à ce jour.',
];
const MESSAGES_USAGER = [
  'Bonjour, la situation ne s’améliore pas, pouvez-vous me tenir informé ?',
  'Les travaux ont commencé cette semaine.',
  'Le propriétaire ne répond toujours pas à mes appels.',
  'Je vous envoie les photos demandées.',
  'Merci pour votre visite, j’attends la suite.',
];

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arr = (values: readonly string[]) => `array[${values.map(lit).join(', ')}]::text[]`;
/** `pick(values, r)`: the element of a text array chosen by a draw r in [0, 1). */
const pick = (values: readonly string[], r: string) =>
  `(${arr(values)})[1 + floor(${r} * ${values.length})::int]`;
/** A CASE over cumulative thresholds. */
const cumulative = (entries: readonly [string, number, ...unknown[]][], r: string) =>
  `case ${entries
    .slice(0, -1)
    .map(([v, t]) => `when ${r} < ${t} then ${lit(v)}`)
    .join(' ')} else ${lit(entries.at(-1)![0])} end`;
const inList = (values: readonly string[]) => `(${values.map(lit).join(', ')})`;

export interface GenerationCounts {
  signalements: number;
  affectations: number;
  suivis: number;
  precisions: number;
  qualifications: number;
}

/**
 * Adds `count` signalements to the database behind `client` (one transaction), then VACUUM ANALYZE.
 * `log` receives one line per step with its duration.
 */
export async function generateSignalements(
  client: SqlClient,
  count: number,
  log: (m: string) => void = () => {},
): Promise<GenerationCounts> {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`Nombre de signalements invalide : ${count}`);
  const step = async (label: string, text: string) => {
    const t = performance.now();
    const r = await client.query(text);
    log(`  ${label} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    return r;
  };

  let cum = 0;
  const territoires = TERRITOIRES.map((t) => {
    const lo = cum;
    cum += t.share;
    return `(${lit(t.code)}, ${lo}::float8, ${t === TERRITOIRES.at(-1) ? 1.01 : cum}::float8, ${t.lat}::float8, ${t.lng}::float8)`;
  });

  const suiviTypes = (Object.entries(SUIVI_CATEGORIES) as [SuiviCategory, { type: number; label: string }][])
    .map(([c, v]) => `(${lit(c)}, ${v.type}, ${lit(v.label)}, ${VISIBILITY[c] ?? 0}::float8)`)
    .join(', ');

  await client.query('begin');
  try {
    await step(
      'territoires, partenaires et communes',
      `create temp table bench_t on commit drop as
       select t.id as territoire_id, v.lo, v.hi, v.lat, v.lng,
         (select p.id from partenaire p
           where p.territoire_id = t.id and not p.is_archive and p.type = 'COMMUNE_SCHS'
           order by p.id limit 1) as main_partenaire_id,
         (select min(u.id) from utilisateur u
           join utilisateur_partenaire up on up.utilisateur_id = u.id
           join partenaire p on p.id = up.partenaire_id
           where p.territoire_id = t.id and u.role = 'ROLE_ADMIN_TERRITORY') as rt_id
       from (values ${territoires.join(', ')}) v(code, lo, hi, lat, lng)
       join territoire t on t.code = v.code;

       create temp table bench_c on commit drop as
       select c.territoire_id, c.code_insee, c.code_postal, c.nom, x.main,
         (row_number() over (partition by c.territoire_id, x.main order by c.code_insee, c.code_postal) - 1)::int as rn
       from commune c
       join bench_t t on t.territoire_id = c.territoire_id
       left join partenaire mp on mp.id = t.main_partenaire_id
       cross join lateral (select coalesce(c.code_insee = any(mp.insee), false) as main) x;

       create temp table bench_cn on commit drop as
       select territoire_id, main, count(*)::int as n from bench_c group by 1, 2;

       create temp table bench_p on commit drop as
       select p.territoire_id, p.id, p.nom,
         (row_number() over (partition by p.territoire_id order by (p.id = t.main_partenaire_id) desc, p.id) - 1)::int as rn,
         (select min(up.utilisateur_id) from utilisateur_partenaire up where up.partenaire_id = p.id) as user_id
       from partenaire p join bench_t t on t.territoire_id = p.territoire_id
       where not p.is_archive;

       create temp table bench_pn on commit drop as
       select territoire_id, count(*)::int as n from bench_p group by 1;

       create temp table bench_dp on commit drop as
       select id, (row_number() over (order by id) - 1)::int as rn from desordre_precision;

       analyze bench_t, bench_c, bench_cn, bench_p, bench_pn, bench_dp;`,
    );
    const check = await client.query(
      `select (select count(*) from bench_t)::int as t,
              (select count(*) from bench_pn where n > 0)::int as p,
              (select count(distinct territoire_id) from bench_c where not main)::int as c,
              (select count(*) from bench_dp)::int as dp,
              (select greatest(coalesce(max(id), 0), (select last_value from signalement_id_seq)) from signalement)::int as base`,
    );
    const info = check.rows[0] as { t: number; p: number; c: number; dp: number; base: number };
    if (info.t !== TERRITOIRES.length || info.p !== TERRITOIRES.length || info.c !== TERRITOIRES.length) {
      throw new Error(
        'La base ne contient pas les données de démonstration attendues (territoires 13, 01, 34 avec partenaires et communes).',
      );
    }
    const dpn = info.dp;

    await step(
      `${count} tirages aléatoires`,
      `create temp table bench_g on commit drop as
       select i, random() r_t, random() r_s, random() r_d, random() r_main, random() r_c, random() r_v,
         random() r_cl, random() r_m, random() r_pr, random() r_n1, random() r_n2, random() r_n3, random() r_n4,
         random() r_sc, random() r_a, random() r_p, random() r_step, random() r_ns, random() r_geo1,
         random() r_geo2, random() r_src, random() r_ls, random() r_lg, random() r_np, random() r_pb, random() r_ps,
         random() r_q, random() r_x
       from generate_series(1, ${count}) i;

       analyze bench_g;`,
    );

    await step(
      'dossiers (références, statuts, dates, adresses, partenaires)',
      `create temp table bench_s on commit drop as
       with s1 as (
         select g.*, t.territoire_id, t.lat, t.lng, t.rt_id, t.main_partenaire_id,
           ${cumulative(STATUTS, 'g.r_s')} as statut,
           (g.r_main < ${MAIN_CITY_SHARE} and cm.n is not null) as main
         from bench_g g
         join bench_t t on g.r_t >= t.lo and g.r_t < t.hi
         left join bench_cn cm on cm.territoire_id = t.territoire_id and cm.main
       ), s2 as (
         select s1.*,
           case when statut in ('NEED_VALIDATION', 'DRAFT') then now() - interval '90 days' * r_d
                when statut = 'ACTIVE' then now() - interval '3 years' * power(r_d, 1.6)
                else now() - interval '3 years' * r_d end as created_at
         from s1
       ), s3 as (
         select s2.*,
           case when statut in ${inList(VALIDATED)}
             then least(now(), created_at + interval '10 days' * r_v) end as validated_at,
           extract(year from created_at at time zone 'Europe/Paris')::int as year
         from s2
       ), s4 as (
         select s3.*,
           case when statut in ('CLOSED', 'ARCHIVED', 'INJONCTION_CLOSED')
             then validated_at + (now() - validated_at) * (0.1 + 0.9 * r_cl) end as closed_at,
           (coalesce(rc.last_value, 0) + row_number() over (partition by s3.territoire_id, s3.year order by s3.created_at, s3.i))::int as ref_num,
           (${info.base} + row_number() over (order by s3.created_at, s3.i))::int as id,
           pn.n as pn,
           case when s3.statut in ${inList(AFFECTED)}
             then least(pn.n, case when r_a < 0.45 then 1 when r_a < 0.8 then 2 else 3 end) else 0 end as n_aff,
           case when s3.main then 0 else floor(r_p * pn.n)::int end as p_base,
           1 + floor(r_step * greatest(1, (pn.n - 1) / 2))::int as p_step,
           case when s3.statut in ('DRAFT', 'DRAFT_ARCHIVED') then 0
                when s3.statut = 'NEED_VALIDATION' then case when r_ns < 0.5 then 1 else 0 end
                when s3.statut = 'REFUSED' then 1 + floor(r_ns * 2)::int
                else 2 + floor(r_ns * 4)::int end as n_suivi,
           case when s3.statut in ('DRAFT', 'DRAFT_ARCHIVED') then 0 else floor(r_np * 4)::int end as n_prec,
           ${cumulative(PROFILES, 'r_pr')} as profile
         from s3
         join bench_pn pn on pn.territoire_id = s3.territoire_id
         left join signalement_reference_counter rc on rc.territoire_id = s3.territoire_id and rc.year = s3.year
       )
       select s4.*,
         coalesce(closed_at, case when n_suivi > 0
           then coalesce(validated_at, created_at) + (now() - coalesce(validated_at, created_at)) * (0.05 + 0.95 * r_ls) end) as e_at,
         p1.id as p1, case when n_aff >= 2 then p2.id end as p2, case when n_aff >= 3 then p3.id end as p3,
         c.code_insee, c.code_postal, c.nom as ville,
         floor(r_pb * ${dpn})::int as prec_base,
         1 + floor(r_ps * ${Math.max(1, Math.floor((dpn - 1) / 3))})::int as prec_step,
         case when statut in ${inList(VALIDATED)} and r_q < 0.3
           then floor(r_q / 0.3 * ${QUALIFICATIONS.length})::int end as qual_idx,
         profile not in ('LOCATAIRE', 'BAILLEUR_OCCUPANT') as is_not_occupant,
         r_n3 < 0.5 as femme
       from s4
       join bench_cn cn on cn.territoire_id = s4.territoire_id and cn.main = s4.main
       join bench_c c on c.territoire_id = s4.territoire_id and c.main = s4.main and c.rn = floor(s4.r_c * cn.n)::int
       left join bench_p p1 on p1.territoire_id = s4.territoire_id and p1.rn = s4.p_base
       left join bench_p p2 on p2.territoire_id = s4.territoire_id and p2.rn = (s4.p_base + s4.p_step) % s4.pn
       left join bench_p p3 on p3.territoire_id = s4.territoire_id and p3.rn = (s4.p_base + 2 * s4.p_step) % s4.pn;

       analyze bench_s;`,
    );

    await step(
      'suivis (préparation)',
      `create temp table bench_sv on commit drop as
       with x as (
         select s.id as signalement_id, s.statut, s.created_at as s_created_at, s.validated_at, s.e_at, s.n_suivi,
           s.n_aff, s.p1, s.p2, s.rt_id, s.is_not_occupant, k, random() as r, random() as r2, random() as r3
         from bench_s s cross join generate_series(1, s.n_suivi) k
         offset 0
       ), y as (
         select x.*,
           coalesce(x.validated_at, x.s_created_at) + (x.e_at - coalesce(x.validated_at, x.s_created_at)) * (x.k::float8 / x.n_suivi) as created_at,
           case
             when x.k = x.n_suivi and x.statut = 'CLOSED' then 'SIGNALEMENT_IS_CLOSED'
             when x.k = x.n_suivi and x.statut = 'REFUSED' then 'SIGNALEMENT_IS_REFUSED'
             when x.k = 1 and x.validated_at is not null then 'SIGNALEMENT_IS_ACTIVE'
             when x.statut in ('NEED_VALIDATION', 'REFUSED') then 'MESSAGE_USAGER'
             ${MIDDLE_SUIVIS.slice(0, -1)
               .map(
                 ([c, t, o]) =>
                   `when x.r < ${t}${o.needsAffectation ? ' and x.n_aff > 0' : ''} then ${lit(c)}`,
               )
               .join('\n             ')}
             else ${lit(MIDDLE_SUIVIS.at(-1)![0])}
           end as category
         from x
       )
       select y.signalement_id, y.k, y.created_at, y.category, ct.type,
         y.r2 < ct.visibility as is_visible_for_usager,
         case when ct.type = 2 then case when y.is_not_occupant then 'DECLARANT' else 'OCCUPANT' end end as usager_role,
         case when ct.type = 3 or y.category in ('AFFECTATION_IS_ACCEPTED', 'INTERVENTION_IS_CREATED', 'INTERVENTION_IS_DONE')
           then case when y.k % 2 = 0 and y.p2 is not null then y.p2 else y.p1 end end as partenaire_id,
         case y.category
           when 'MESSAGE_PARTNER' then ${pick(MESSAGES_PARTENAIRE, 'y.r3')}
           when 'MESSAGE_USAGER' then ${pick(MESSAGES_USAGER, 'y.r3')}
           else ct.label end as description,
         y.rt_id
       from y join (values ${suiviTypes}) ct(category, type, label, visibility) on ct.category = y.category;

       analyze bench_sv;`,
    );

    await step(
      'signalements',
      `insert into signalement (
         id, reference, code_suivi, territoire_id, statut, creation_source, created_at, updated_at, validated_at,
         closed_at, motif_cloture, motif_refus, profile_declarant, profile_occupant, is_not_occupant,
         lien_declarant_occupant, declarant_nom, declarant_prenom, declarant_email, declarant_structure,
         occupant_civilite, occupant_nom, occupant_prenom, occupant_email, occupant_tel, is_cgu_accepted,
         adresse_occupant, cp_occupant, ville_occupant, insee_occupant, geoloc_lat, geoloc_lng,
         nature_logement, superficie, nb_pieces_logement, nb_occupants_logement, nb_adultes, nb_enfants_m6,
         is_logement_social, is_allocataire, is_proprio_averti, details, score, score_logement, score_batiment,
         last_suivi_at, last_suivi_by, last_suivi_is_visible_for_usager
       )
       select s.id, s.year || '-' || s.ref_num, md5(gen_random_uuid()::text || s.id), s.territoire_id, s.statut,
         case when s.profile = 'SERVICE_SECOURS' then 'FORM_SERVICE_SECOURS'
              when s.profile = 'TIERS_PRO' and s.r_src < 0.5 then 'FORM_PRO_BO'
              when s.r_src < 0.85 then 'FORM_USAGER_V2'
              when s.r_src < 0.93 then 'FORM_USAGER_V1'
              when s.r_src < 0.97 then 'API' else 'IMPORT' end,
         s.created_at, greatest(s.created_at, s.validated_at, s.closed_at, l.created_at), s.validated_at,
         s.closed_at,
         case when s.statut = 'CLOSED' then ${pick(MOTIFS_CLOTURE_V1, 's.r_m')} end,
         case when s.statut = 'REFUSED' then ${pick(MOTIFS_REFUS_SIGNALEMENT, 's.r_m')} end,
         s.profile,
         case when s.profile = 'BAILLEUR_OCCUPANT' then 'BAILLEUR_OCCUPANT' else 'LOCATAIRE' end,
         s.is_not_occupant,
         case s.profile when 'TIERS_PARTICULIER' then case when s.r_x < 0.6 then 'PROCHE' else 'VOISIN' end
           when 'TIERS_PRO' then 'PRO' when 'SERVICE_SECOURS' then 'SECOURS' when 'BAILLEUR' then 'BAILLEUR' end,
         case when s.is_not_occupant then ${pick(NOMS, 's.r_n4')} end,
         case when s.is_not_occupant then ${pick([...PRENOMS_F, ...PRENOMS_M], 's.r_x')} end,
         case when s.is_not_occupant then 'declarant.' || s.id || '@example.test' end,
         case when s.profile in ('TIERS_PRO', 'SERVICE_SECOURS') then 'Structure ' || s.territoire_id end,
         case when s.femme then 'mme' else 'mr' end,
         ${pick(NOMS, 's.r_n1')},
         case when s.femme then ${pick(PRENOMS_F, 's.r_n2')} else ${pick(PRENOMS_M, 's.r_n2')} end,
         'occupant.' || s.id || '@example.test',
         '06' || lpad((floor(s.r_n2 * 100000000))::int::text, 8, '0'),
         true,
         (1 + floor(s.r_geo1 * 180))::int || ' ' || ${pick(VOIES, 's.r_geo2')},
         s.code_postal, s.ville, s.code_insee,
         round((s.lat + (s.r_geo1 - 0.5) * 0.5)::numeric, 6), round((s.lng + (s.r_geo2 - 0.5) * 0.6)::numeric, 6),
         case when s.r_lg < 0.8 then 'appartement' else 'maison' end,
         round((9 + s.r_lg * 110)::numeric, 2), 1 + floor(s.r_lg * 5)::int, 1 + floor(s.r_x * 6)::int,
         1 + floor(s.r_x * 2)::int, floor(s.r_n3 * 2)::int,
         s.r_src < 0.25, ${pick(['caf', 'caf', 'non', 'msa', 'nsp'], 's.r_n4')}, s.r_v < 0.7,
         ${pick(DETAILS, 's.r_n4')},
         round((100 * power(s.r_sc, 1.3))::numeric, 2), round((80 * s.r_sc)::numeric, 2),
         round((40 * s.r_x)::numeric, 2),
         l.created_at,
         case when l.signalement_id is null then null
              when l.usager_role is not null then l.usager_role
              when lp.nom is not null then lp.nom
              else 'MESSAGE AUTOMATIQUE' end,
         l.is_visible_for_usager
       from bench_s s
       left join (
         select distinct on (signalement_id) signalement_id, created_at, usager_role, partenaire_id, is_visible_for_usager
         from bench_sv order by signalement_id, k desc
       ) l on l.signalement_id = s.id
       left join bench_p lp on lp.id = l.partenaire_id
       order by s.id`,
    );
    await client.query(
      `select setval(pg_get_serial_sequence('signalement', 'id'), (select max(id) from signalement))`,
    );

    await step(
      'numéros de référence',
      `insert into signalement_reference_counter (territoire_id, year, last_value)
       select territoire_id, year, max(ref_num) from bench_s group by 1, 2
       on conflict (territoire_id, year) do update
         set last_value = greatest(signalement_reference_counter.last_value, excluded.last_value)`,
    );

    await step(
      'affectations',
      `insert into affectation (
         signalement_id, partenaire_id, territoire_id, statut, created_at, answered_at, answered_by_id,
         affected_by_id, motif_refus, motif_cloture
       )
       select y.signalement_id, y.partenaire_id, y.territoire_id, y.statut, y.created_at,
         case when y.statut <> 'NOUVEAU'
           then y.created_at + (coalesce(y.closed_at, now()) - y.created_at) * (0.3 * y.r2) end,
         case when y.statut <> 'NOUVEAU' then p.user_id end,
         y.rt_id,
         case when y.statut = 'REFUSE' then ${pick(MOTIFS_REFUS_AFFECTATION, 'y.r2')} end,
         case when y.statut = 'FERME' then ${pick(MOTIFS_CLOTURE_V1, 'y.r2')} end
       from (
         select x.*,
           least(coalesce(x.closed_at, now()), x.validated_at + interval '1 hour' * x.k * (1 + 24 * x.r2)) as created_at,
           case when x.s_statut in ('CLOSED', 'ARCHIVED')
             then case when x.r < 0.88 then 'FERME' else 'REFUSE' end
             else case when x.r < 0.2 then 'NOUVEAU' when x.r < 0.8 then 'EN_COURS' when x.r < 0.9 then 'REFUSE' else 'FERME' end
           end as statut
         from (
           select s.id as signalement_id, s.territoire_id, s.statut as s_statut, s.validated_at, s.closed_at,
             s.rt_id, k, case k when 1 then s.p1 when 2 then s.p2 else s.p3 end as partenaire_id,
             random() as r, random() as r2
           from bench_s s cross join generate_series(1, s.n_aff) k
           offset 0
         ) x
       ) y
       left join bench_p p on p.id = y.partenaire_id
       order by y.created_at`,
    );

    await step(
      'suivis',
      `insert into suivi (
         signalement_id, created_at, created_by_id, partenaire_id, usager_role, description,
         is_visible_for_usager, type, category
       )
       select sv.signalement_id, sv.created_at,
         case when sv.partenaire_id is not null then p.user_id
              when sv.category = 'SIGNALEMENT_IS_ACTIVE' then sv.rt_id end,
         sv.partenaire_id, sv.usager_role, sv.description, sv.is_visible_for_usager, sv.type, sv.category
       from bench_sv sv
       left join bench_p p on p.id = sv.partenaire_id
       order by sv.created_at`,
    );

    await step(
      'précisions des désordres et qualifications',
      `insert into signalement_desordre_precision (signalement_id, desordre_precision_id)
       select s.id, dp.id
       from bench_s s
       cross join generate_series(1, s.n_prec) k
       join bench_dp dp on dp.rn = (s.prec_base + (k - 1) * s.prec_step) % ${dpn};

       insert into signalement_qualification (signalement_id, qualification, status, created_at, updated_at)
       select s.id, q.qualification, q.status, s.validated_at, s.validated_at
       from bench_s s
       join (values ${QUALIFICATIONS.map(([q, st], i) => `(${i}, ${lit(q)}, ${lit(st)})`).join(', ')})
         q(idx, qualification, status) on q.idx = s.qual_idx;`,
    );

    const counts = await client.query(
      `select (select count(*) from bench_s)::int as signalements,
              (select coalesce(sum(n_aff), 0) from bench_s)::int as affectations,
              (select count(*) from bench_sv)::int as suivis,
              (select coalesce(sum(n_prec), 0) from bench_s)::int as precisions,
              (select count(*) from bench_s where qual_idx is not null)::int as qualifications`,
    );
    await client.query('commit');
    await step(
      'VACUUM ANALYZE',
      'vacuum (analyze) signalement, affectation, suivi, signalement_desordre_precision, signalement_qualification, signalement_reference_counter',
    );
    return counts.rows[0] as GenerationCounts;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
}
