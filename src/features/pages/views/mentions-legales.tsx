import { StaticPage, type StaticPageProps } from './static-page.tsx';

/** /mentions-legales */
export function MentionsLegalesPage(props: StaticPageProps = {}): JSX.Element {
  return (
    <StaticPage {...props} title="Mentions légales">
      <h1>Mentions légales</h1>

      <h2>Éditeur</h2>
      <p>
        Histologe est un service public numérique de signalement et de traitement du mal-logement. Il est en
        cours de reconstruction : l’éditeur, le directeur ou la directrice de la publication et l’hébergeur de
        cette nouvelle version seront indiqués ici avant son ouverture.
      </p>

      <h2>Licence des contenus</h2>
      <p>
        Sauf mention contraire, les textes de ce site sont proposés sous{' '}
        <a
          href="https://github.com/etalab/licence-ouverte/blob/master/LO.md"
          target="_blank"
          rel="noopener external"
          title="licence Etalab 2.0 - nouvelle fenêtre"
        >
          licence Etalab 2.0
        </a>
        . Le logo de la République française et la police Marianne sont réservés aux services de l’État.
      </p>

      <h2>Accessibilité</h2>
      <p>
        Le site n’a pas encore été audité. Pour en savoir plus, consultez la{' '}
        <a href="/accessibilite">déclaration d’accessibilité</a>.
      </p>

      <h2>Données personnelles</h2>
      <p>
        Pour savoir comment vos informations sont utilisées et protégées, consultez la page{' '}
        <a href="/donnees-personnelles">Données personnelles</a>.
      </p>
    </StaticPage>
  );
}
