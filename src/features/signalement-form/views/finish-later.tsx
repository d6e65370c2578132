import { ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Input } from '../../../ui/dsfr/input.tsx';
import { Page } from '../../../ui/layout/page.tsx';
import { FormColumn, formUrl, Honeypot } from './parts.tsx';

export const FINISH_LATER_EMAIL = 'email_reprise';

export interface FinishLaterPageProps {
  csrfToken: string;
  uuid: string;
  email?: string;
  error?: string;
  /** Where "Reprendre maintenant" goes (the current step). */
  backHref: string;
}

/** "Finir plus tard": asks where to send the link that resumes the form. */
export function FinishLaterPage(props: FinishLaterPageProps): JSX.Element {
  const errors = props.error ? { [FINISH_LATER_EMAIL]: props.error } : {};
  return (
    <Page title="Finir plus tard" area="public" hasErrors={!!props.error}>
      <FormColumn>
        <h1>Finir plus tard</h1>
        <p>
          Vos réponses sont enregistrées. Nous vous envoyons par e-mail un lien pour reprendre votre
          signalement là où vous en étiez.
        </p>
        <ErrorSummary errors={errors} />
        <Form
          csrfToken={props.csrfToken}
          action={formUrl.finishLater(props.uuid)}
          label="Recevoir le lien par e-mail"
        >
          <input type="hidden" name="_envoi" value="1" />
          <Input
            id={FINISH_LATER_EMAIL}
            label="Votre adresse e-mail"
            hint="Format attendu : nom@exemple.fr"
            type="email"
            autocomplete="email"
            value={props.email ?? ''}
            error={props.error}
            required
          />
          <Honeypot idSuffix="reprise" />
          <ButtonsGroup
            inline="md"
            buttons={[
              { label: 'Recevoir le lien par e-mail' },
              { label: 'Reprendre maintenant', href: props.backHref, priority: 'secondary' },
            ]}
          />
        </Form>
      </FormColumn>
    </Page>
  );
}

/** Neutral confirmation: the link was sent (nothing more is said about the address). */
export function FinishLaterSentPage(_props: Record<string, never> = {}): JSX.Element {
  return (
    <Page title="Lien envoyé" area="public">
      <FormColumn>
        <h1>Votre lien est en route</h1>
        <p>Nous avons envoyé à l’adresse indiquée un lien pour reprendre votre signalement.</p>
        <p>
          Il arrive en général en quelques minutes. Pensez à regarder dans vos courriers indésirables (spams).
          Vos réponses restent enregistrées pendant 6 mois.
        </p>
        <ButtonsGroup inline="md" buttons={[{ label: 'Retour à l’accueil', href: '/' }]} />
      </FormColumn>
    </Page>
  );
}
