import { ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { Form } from '../../../ui/dsfr/form.tsx';
import { formatDate } from '../../../ui/format.ts';
import { Page } from '../../../ui/layout/page.tsx';
import { FormColumn, formUrl, Honeypot } from './parts.tsx';

export interface DuplicatesPageProps {
  csrfToken: string;
  uuid: string;
  /** Existing cases for the same e-mail and address: reference and date only, never their follow-up code. */
  duplicates: { reference: string; createdAt: Date }[];
}

/** Shown at submission when the same person already reported the same dwelling. */
export function DuplicatesPage(props: DuplicatesPageProps): JSX.Element {
  const one = props.duplicates.length === 1;
  return (
    <Page title="Vous avez déjà fait un signalement pour ce logement" area="public">
      <FormColumn>
        <h1>Vous avez déjà fait un signalement pour ce logement</h1>
        <p>
          {one
            ? 'Nous avons trouvé un signalement envoyé avec la même adresse e-mail pour le même logement :'
            : 'Nous avons trouvé des signalements envoyés avec la même adresse e-mail pour le même logement :'}
        </p>
        <ul>
          {props.duplicates.map((d) => (
            <li safe>{`Dossier n° ${d.reference}, envoyé le ${formatDate(d.createdAt)}`}</li>
          ))}
        </ul>
        <p>
          Ce dossier est déjà entre les mains des services concernés. Pour le suivre, ajouter des informations
          ou des photos, utilisez votre lien de suivi : nous pouvons vous le renvoyer par e-mail.
        </p>
        <Form
          csrfToken={props.csrfToken}
          action={formUrl.followUpLinks(props.uuid)}
          label="Recevoir mon lien de suivi"
        >
          <Honeypot idSuffix="lien" />
          <ButtonsGroup inline="md" buttons={[{ label: 'Recevoir mon lien de suivi par e-mail' }]} />
        </Form>
        <h2 class="fr-h5 fr-mt-4w">La situation a changé ?</h2>
        <p>
          S’il s’agit d’un nouveau problème, vous pouvez quand même envoyer ce signalement. Un signalement en
          double peut ralentir le traitement de votre dossier.
        </p>
        <Form csrfToken={props.csrfToken} action={formUrl.submit(props.uuid)} label="Envoyer quand même">
          <input type="hidden" name="ignorer_doublons" value="1" />
          <input type="hidden" name="consentement_donnees" value="1" />
          <Honeypot idSuffix="doublon" />
          <ButtonsGroup
            inline="md"
            buttons={[
              { label: 'Envoyer quand même', priority: 'secondary' },
              { label: 'Revenir au récapitulatif', priority: 'tertiary', href: formUrl.recap(props.uuid) },
            ]}
          />
        </Form>
      </FormColumn>
    </Page>
  );
}

/** Neutral answer after "Recevoir mon lien de suivi": says the same whatever was found. */
export function FollowUpLinksSentPage(): JSX.Element {
  return (
    <Page title="Lien de suivi envoyé" area="public">
      <FormColumn>
        <h1>C’est noté</h1>
        <p>
          Si un dossier correspond, vous allez recevoir un e-mail avec votre lien de suivi dans quelques
          minutes. Pensez à regarder dans vos courriers indésirables (spams).
        </p>
        <ButtonsGroup inline="md" buttons={[{ label: 'Retour à l’accueil', href: '/' }]} />
      </FormColumn>
    </Page>
  );
}
