import { ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { Page } from '../../../ui/layout/page.tsx';
import { FormColumn, formUrl } from './parts.tsx';

export interface ConfirmationPageProps {
  reference: string;
  codeSuivi: string;
  /** Absolute URL of the follow-up page (shown so it can be copied). */
  followUpUrl: string;
}

/** After submission: reference, follow-up link, what happens next. */
export function ConfirmationPage(props: ConfirmationPageProps): JSX.Element {
  const href = formUrl.followUp(props.codeSuivi);
  return (
    <Page title="Votre signalement a bien été envoyé" area="public">
      <FormColumn>
        <div class="fr-alert fr-alert--success fr-mb-4w" role="status">
          <h1 class="fr-alert__title">Votre signalement a bien été envoyé</h1>
          <p>
            Votre numéro de dossier :{' '}
            <strong class="hl-nowrap" safe>
              {props.reference}
            </strong>
          </p>
        </div>
        <h2 class="fr-h4">Et maintenant ?</h2>
        <ul>
          <li>
            Les services de votre département vont étudier votre signalement, en général sous quelques jours
            ouvrés. Ils peuvent vous contacter ou proposer de visiter le logement.
          </li>
          <li>
            Nous venons de vous envoyer un e-mail de confirmation avec votre lien de suivi. Vous ne le trouvez
            pas ? Regardez dans vos courriers indésirables (spams).
          </li>
        </ul>
        <h2 class="fr-h4">Suivre votre dossier</h2>
        <p>
          Avec ce lien personnel, vous pouvez suivre l’avancement, répondre aux questions et envoyer des
          documents. Gardez-le : ne le partagez pas.
        </p>
        <p class="hl-break-all">
          <a href={href} safe>
            {props.followUpUrl}
          </a>
        </p>
        <ButtonsGroup
          inline="md"
          buttons={[
            { label: 'Accéder à mon suivi', href },
            { label: 'Retour à l’accueil', href: '/', priority: 'secondary' },
          ]}
        />
      </FormColumn>
    </Page>
  );
}
