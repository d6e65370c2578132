export { AccessibilitePage } from './accessibilite.tsx';
export { DonneesPersonnellesPage } from './donnees-personnelles.tsx';
export { MentionsLegalesPage } from './mentions-legales.tsx';
export type { StaticPageProps } from './static-page.tsx';
