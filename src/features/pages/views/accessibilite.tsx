import { Alert } from '../../../ui/dsfr/display.tsx';
import { StaticPage, type StaticPageProps } from './static-page.tsx';

/** /accessibilite: accessibility statement. Honest: the rebuilt service has not been audited yet. */
export function AccessibilitePage(props: StaticPageProps = {}): JSX.Element {
  return (
    <StaticPage {...props} title="Déclaration d’accessibilité">
      <h1>Déclaration d’accessibilité</h1>
      <p>
        Histologe s’engage à rendre son service accessible à toutes et à tous, conformément à l’article 47 de
        la loi n° 2005-102 du 11 février 2005.
      </p>

      <h2>État de conformité</h2>
      <Alert type="info" small class="fr-mb-3w">
        <p>
          Histologe est <strong>non conforme</strong> au référentiel général d’amélioration de l’accessibilité
          (RGAA) : le service est en cours de reconstruction et son accessibilité n’a pas encore été auditée.
        </p>
      </Alert>
      <p>Un audit sera réalisé lorsque la nouvelle version sera stable. Cette page sera alors mise à jour.</p>

      <h2>Ce que nous faisons déjà</h2>
      <ul>
        <li>Le site utilise le Système de design de l’État (DSFR).</li>
        <li>Chaque page est testée automatiquement avec un outil de contrôle de l’accessibilité.</li>
        <li>Le site fonctionne sur téléphone et sans JavaScript.</li>
      </ul>

      <h2>Vous rencontrez un problème ?</h2>
      <p>
        Si vous n’arrivez pas à utiliser une page ou à faire votre démarche, dites-le nous : nous vous
        aiderons à obtenir l’information ou à faire votre signalement autrement. Les coordonnées à utiliser
        seront publiées ici à l’ouverture de la nouvelle version du service.
      </p>

      <h2>Voies de recours</h2>
      <p>
        Si vous nous avez signalé un défaut d’accessibilité et que notre réponse ne vous satisfait pas, vous
        pouvez :
      </p>
      <ul>
        <li>
          écrire un message au{' '}
          <a
            href="https://formulaire.defenseurdesdroits.fr/"
            target="_blank"
            rel="noopener external"
            title="Défenseur des droits - nouvelle fenêtre"
          >
            Défenseur des droits
          </a>
          ;
        </li>
        <li>
          contacter{' '}
          <a
            href="https://www.defenseurdesdroits.fr/saisir/delegues"
            target="_blank"
            rel="noopener external"
            title="le délégué du Défenseur des droits dans votre région - nouvelle fenêtre"
          >
            le délégué du Défenseur des droits dans votre région
          </a>
          ;
        </li>
        <li>
          envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre
          réponse 71120, 75342 Paris CEDEX 07.
        </li>
      </ul>
    </StaticPage>
  );
}
