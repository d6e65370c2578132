import { Button } from '../../../ui/dsfr/button.tsx';
import { Alert } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Input } from '../../../ui/dsfr/input.tsx';
import { Page } from '../../../ui/layout/page.tsx';

export interface LinkPageProps {
  csrfToken: string;
  email?: string;
  fieldErrors?: Record<string, string | undefined>;
  /** Neutral confirmation, always the same. */
  sent?: string;
  error?: string;
}

/** "Retrouver mon lien de suivi": the address is the only question; the answer never says if it is known. */
export function LinkPage(props: LinkPageProps): JSX.Element {
  const fe = props.fieldErrors ?? {};
  const hasErrors = Boolean(props.error) || Object.values(fe).some(Boolean);
  return (
    <Page
      title="Retrouver mon lien de suivi"
      area="public"
      activeNav="suivi"
      hasErrors={hasErrors}
      breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Retrouver mon lien de suivi' }]}
    >
      <div class="fr-container fr-mb-6w">
        <div class="fr-grid-row fr-grid-row--center">
          <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
            <h1 class="fr-h2">Retrouver mon lien de suivi</h1>
            <p>
              Après votre signalement, vous avez reçu un e-mail avec un lien pour suivre votre dossier. Si
              vous ne le retrouvez plus, indiquez l’adresse e-mail donnée lors du signalement : nous vous
              renverrons le lien.
            </p>
            {props.sent ? (
              <Alert
                type="success"
                small
                description={props.sent}
                role="status"
                focusOnLoad
                class="fr-mb-3w"
              />
            ) : (
              ''
            )}
            {props.error ? (
              <Alert type="warning" small description={props.error} focusOnLoad class="fr-mb-3w" />
            ) : (
              ''
            )}
            <ErrorSummary errors={fe} />
            <Form csrfToken={props.csrfToken} action="/suivre-mon-signalement" id="suivi-lien">
              <Input
                id="email"
                type="email"
                label="Votre adresse e-mail"
                hint="Format attendu : nom@exemple.fr"
                autocomplete="email"
                autocapitalize="off"
                spellcheck={false}
                required
                value={props.email}
                error={fe.email}
              />
              <Button label="Recevoir mon lien" />
            </Form>
            <p class="fr-mt-4w fr-text--sm">
              Vous n’avez pas donné d’adresse e-mail, ou vous n’y avez plus accès ? Appelez Info logement
              indigne au 0806 706 806 (prix d’un appel local) ou contactez la mairie de votre commune.
            </p>
          </div>
        </div>
      </div>
    </Page>
  );
}
