import type { CurrentUserView } from '../../../ui/layout/page.tsx';
import type { ListRow } from '../list.repository.ts';
import { parseListQuery } from '../list.schema.ts';
import type { ListPageProps } from './list-page.tsx';

/** Sample props for the view gallery (test/e2e/render-views.ts): a full page, and an empty search. */
export function sampleListPage(
  user: CurrentUserView,
  opts: { hostile?: string; empty?: boolean; csrfToken?: string } = {},
): ListPageProps {
  const hostile = opts.hostile ?? '';
  const query = opts.empty
    ? 'q=zzzz&statut=ACTIVE&partenaire=2'
    : `statut=ACTIVE&statut=NEED_VALIDATION&partenaire=2&scoreMin=30&tri=score&ordre=desc&page=2&du=01/01/2026&tag=1&q=dupont${encodeURIComponent(hostile)}&page=abc`;
  const { filters, notices } = parseListQuery(new URLSearchParams(query), { isSuperAdmin: false });
  const rows: ListRow[] = Array.from({ length: opts.empty ? 0 : 6 }, (_, i) => ({
    uuid: `00000000-0000-4000-8000-00000000000${i}`,
    reference: `2026-${9 + i}`,
    statut: (['ACTIVE', 'NEED_VALIDATION', 'CLOSED', 'REFUSED'] as const)[i % 4]!,
    score: 72.5 - i * 9.3,
    adresse: i === 0 ? `12 rue de la République ${hostile}` : `${i + 3} boulevard des Dames`,
    cp: '13002',
    ville: 'Marseille',
    occupantNom: i === 1 ? null : `Dupont-Lefèvre${i === 0 ? hostile : ''}`,
    occupantPrenom: i === 1 ? null : 'Aïcha',
    createdAt: new Date(Date.UTC(2026, 10, 20 - i, 9, 30)),
    lastSuiviAt: i === 2 ? null : new Date(Date.UTC(2026, 10, 27 - i, 14, 5)),
    lastSuiviBy: i === 3 ? null : 'Ville de Marseille – Service communal d’hygiène et de santé',
    affectations:
      i === 4
        ? []
        : [
            {
              partenaireId: 2,
              nom: 'Ville de Marseille – Service communal d’hygiène et de santé',
              statut: (['NOUVEAU', 'EN_COURS', 'FERME', 'REFUSE'] as const)[i % 4]!,
            },
            { partenaireId: 5, nom: `CAF des Bouches-du-Rhône${hostile}`, statut: 'EN_COURS' },
          ],
    qualifications:
      i % 2 === 0
        ? [
            { qualification: 'INSALUBRITE', isPostVisite: false },
            { qualification: 'NON_DECENCE', isPostVisite: i === 0 },
          ]
        : [],
  }));
  return {
    user,
    csrfToken: opts.csrfToken,
    role: 'ROLE_USER_PARTNER',
    ownPartenaireIds: [2],
    filters,
    notices,
    options: {
      territoires: [],
      partenaires: [
        { id: 2, nom: 'Ville de Marseille – Service communal d’hygiène et de santé', territoireId: 1 },
        { id: 5, nom: `CAF des Bouches-du-Rhône${hostile}`, territoireId: 1 },
        { id: 6, nom: 'ADIL des Bouches-du-Rhône', territoireId: 1 },
      ],
      tags: [
        { id: 1, label: 'Péril imminent' },
        { id: 3, label: `Suivi mairie${hostile}` },
      ],
    },
    result: opts.empty
      ? { rows: [], total: 0, page: 1, pageCount: 1 }
      : { rows, total: 128, page: 2, pageCount: 6 },
  };
}
