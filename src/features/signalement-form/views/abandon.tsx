import { ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { Form } from '../../../ui/dsfr/form.tsx';
import { Page } from '../../../ui/layout/page.tsx';
import { FormColumn, formUrl, Honeypot } from './parts.tsx';

/** Confirmation before the draft is abandoned (archived). */
export function AbandonPage(props: { csrfToken: string; uuid: string; backHref: string }): JSX.Element {
  return (
    <Page title="Abandonner mon signalement" area="public">
      <FormColumn>
        <h1>Abandonner mon signalement ?</h1>
        <p>
          Si vous abandonnez, vos réponses et vos fichiers ne seront pas envoyés et vous ne pourrez plus
          reprendre ce signalement.
        </p>
        <p>Si vous voulez simplement faire une pause, utilisez plutôt « Finir plus tard ».</p>
        <Form
          csrfToken={props.csrfToken}
          action={formUrl.abandon(props.uuid)}
          label="Abandonner mon signalement"
        >
          <Honeypot idSuffix="abandon" />
          <ButtonsGroup
            inline="md"
            buttons={[
              { label: 'Oui, abandonner', priority: 'secondary' },
              { label: 'Non, continuer mon signalement', href: props.backHref },
            ]}
          />
        </Form>
      </FormColumn>
    </Page>
  );
}
