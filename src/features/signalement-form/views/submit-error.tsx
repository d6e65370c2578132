import { ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { Page } from '../../../ui/layout/page.tsx';
import { FormColumn, formUrl, HelplineLink } from './parts.tsx';

/** Shown when the submission failed on our side: the draft is kept, the person can try again. */
export function SubmitErrorPage(props: { uuid: string; requestId?: string }): JSX.Element {
  return (
    <Page title="Votre signalement n’a pas pu être envoyé" area="public" hasErrors>
      <FormColumn>
        <h1>Votre signalement n’a pas pu être envoyé</h1>
        <p>
          Un problème technique nous a empêchés d’enregistrer votre signalement. Ce n’est pas de votre faute,
          et vos réponses sont bien conservées.
        </p>
        <p>Réessayez dans quelques minutes depuis le récapitulatif.</p>
        {props.requestId ? (
          <p class="fr-text--sm" safe>
            {`Si le problème continue, vous pouvez nous donner ce code : ${props.requestId}`}
          </p>
        ) : (
          ''
        )}
        <ButtonsGroup
          inline="md"
          buttons={[{ label: 'Revenir au récapitulatif', href: formUrl.recap(props.uuid) }]}
        />
        <p class="fr-mt-4w">
          En cas d’urgence, appelez le numéro national « Info logement indigne » : <HelplineLink />.
        </p>
      </FormColumn>
    </Page>
  );
}
