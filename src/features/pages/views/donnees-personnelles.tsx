import { StaticPage, type StaticPageProps } from './static-page.tsx';

/** /donnees-personnelles */
export function DonneesPersonnellesPage(props: StaticPageProps = {}): JSX.Element {
  return (
    <StaticPage {...props} title="Données personnelles">
      <h1>Données personnelles</h1>
      <p>
        Quand vous faites un signalement, nous recueillons les informations nécessaires pour le traiter : vos
        coordonnées, l’adresse du logement, la description des problèmes, et les photos ou documents que vous
        ajoutez.
      </p>

      <h2>À quoi servent vos données ?</h2>
      <p>
        Uniquement à traiter votre signalement : l’étudier, le transmettre aux services compétents de votre
        département, vous tenir informé(e) et, si besoin, organiser une visite du logement. Elles ne sont
        jamais vendues ni utilisées à des fins commerciales.
      </p>

      <h2>Qui peut les voir ?</h2>
      <p>
        Seuls les agents des services et organismes chargés de votre dossier (par exemple la mairie, l’agence
        régionale de santé, la CAF ou la MSA) y ont accès, chacun selon son rôle.
      </p>

      <h2>Combien de temps sont-elles gardées ?</h2>
      <p>
        Le service est en cours de reconstruction : la durée de conservation, la base légale du traitement et
        les coordonnées du ou de la délégué(e) à la protection des données seront précisées ici avant
        l’ouverture de cette nouvelle version.
      </p>

      <h2>Cookies</h2>
      <p>
        Ce site utilise uniquement des cookies techniques, nécessaires à son fonctionnement (garder votre
        session et protéger les formulaires). À ce jour, il ne dépose aucun cookie publicitaire ni de mesure
        d’audience.
      </p>

      <h2>Vos droits</h2>
      <p>
        Vous pouvez accéder à vos données, les faire corriger ou demander leur effacement, dans les limites
        prévues par le règlement général sur la protection des données (RGPD). Si vous estimez que vos droits
        ne sont pas respectés, vous pouvez adresser une réclamation à la{' '}
        <a
          href="https://www.cnil.fr/fr/plaintes"
          target="_blank"
          rel="noopener external"
          title="CNIL - nouvelle fenêtre"
        >
          CNIL
        </a>
        .
      </p>
    </StaticPage>
  );
}
