import { statusText, timeline } from '../suivi-usager.rules.ts';
import type { DossierModel } from './dossier-page.tsx';

/** A realistic usager dossier for the view gallery (test/e2e/render-views.ts). */
export function sampleUsagerDossier(
  opts: { hostile?: string; statut?: 'ACTIVE' | 'CLOSED' | 'REFUSED' | 'NEED_VALIDATION' } = {},
): DossierModel {
  const h = opts.hostile ?? '';
  const statut = opts.statut ?? 'ACTIVE';
  const day = (n: number) => new Date(Date.UTC(2026, 2, n, 9, 30));
  const accepted = statut === 'ACTIVE' || statut === 'CLOSED' ? 2 : 0;
  const edit = statut === 'ACTIVE' || statut === 'NEED_VALIDATION';
  return {
    role: 'OCCUPANT',
    signalement: {
      id: 1,
      uuid: '00000000-0000-4000-8000-000000000001',
      reference: '2026-123',
      codeSuivi: 'sample-code-sample-code-sample-c',
      statut,
      territoireId: 13,
      isNotOccupant: false,
      occupantNom: `Dupont${h}`,
      occupantPrenom: 'Marie',
      declarantNom: null,
      declarantPrenom: null,
      cpOccupant: '13003',
      createdAt: day(1),
      validatedAt: statut === 'NEED_VALIDATION' ? null : day(3),
      closedAt: statut === 'CLOSED' || statut === 'REFUSED' ? day(20) : null,
      motifRefus: statut === 'REFUSED' ? 'HORS_PDLHI' : null,
      isLogementVacant: false,
      isUsagerAbandonProcedure: false,
      adresseOccupant: `12 rue de la République${h}`,
      villeOccupant: 'Marseille',
      occupantEmail: 'marie.dupont@exemple.fr',
      occupantTel: '+33612345678',
      declarantEmail: null,
      declarantTel: null,
      bailleurNom: `SCI Les Tilleuls${h}`,
      bailleurPrenom: null,
      bailleurDenomination: null,
      bailleurEmail: null,
      bailleurTel: null,
      bailleurAdresse: null,
      bailleurCodePostal: null,
      bailleurVille: null,
      typeProprio: null,
    },
    status: statusText(statut, accepted),
    steps: timeline({
      statut,
      createdAt: day(1),
      validatedAt: statut === 'NEED_VALIDATION' ? null : day(3),
      closedAt: day(20),
      acceptedCount: accepted,
      firstAcceptedAt: accepted ? day(5) : null,
      refusalReason: statut === 'REFUSED' ? `Le logement est hors du périmètre du service.${h}` : null,
    }),
    suivis: [
      {
        uuid: 's3',
        createdAt: day(9),
        description: `Bonjour, la fuite continue.\nVoici une photo.${h}`,
        category: 'MESSAGE_USAGER',
        author: 'Vous',
        fromUsager: true,
        files: [{ uuid: 'f1', name: `fuite-cuisine.jpg${h}` }],
      },
      {
        uuid: 's2',
        createdAt: day(7),
        description: `Bonjour Madame, nous passerons visiter le logement le 12 mars à 10 h.${h}`,
        category: 'MESSAGE_PARTNER',
        author: 'Service communal d’hygiène et de santé de Marseille',
        fromUsager: false,
        files: [],
      },
      {
        uuid: 's1',
        createdAt: day(3),
        description: 'Votre signalement a été validé.',
        category: 'SIGNALEMENT_IS_ACTIVE',
        author: 'Message automatique',
        fromUsager: false,
        files: [],
      },
    ],
    toDo:
      statut === 'ACTIVE'
        ? [
            {
              id: 10,
              uuid: 't1',
              createdAt: day(8),
              description: `Merci de nous envoyer une copie de votre bail.${h}`,
              type: 1,
              category: 'ASK_DOCUMENT',
              usagerRole: null,
              createdById: 5,
              partenaireNom: null,
            },
          ]
        : [],
    files: [
      {
        id: 1,
        uuid: 'f1',
        title: `fuite-cuisine.jpg${h}`,
        filename: 'fuite-cuisine.jpg',
        mimeType: 'image/jpeg',
        size: 120000,
        documentType: 'PHOTO_SITUATION',
        variants: {},
        uploadedByUsager: true,
        createdAt: day(9),
      },
      {
        id: 2,
        uuid: 'f2',
        title: 'bail.pdf',
        filename: 'bail.pdf',
        mimeType: 'application/pdf',
        size: 340000,
        documentType: 'AUTRE',
        variants: {},
        uploadedByUsager: true,
        createdAt: day(2),
      },
    ],
    permissions: {
      edit,
      message: edit ? 'OPEN' : statut === 'CLOSED' ? 'POST_CLOTURE' : 'NO',
      abandon: edit,
      poursuite: edit,
      abandonRequested: false,
    },
    thirdParty: false,
  };
}
