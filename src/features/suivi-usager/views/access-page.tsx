import { Button } from '../../../ui/dsfr/button.tsx';
import { RadioGroup } from '../../../ui/dsfr/choice.tsx';
import { Alert } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Input } from '../../../ui/dsfr/input.tsx';
import { Page } from '../../../ui/layout/page.tsx';

export interface AccessPageProps {
  csrfToken: string;
  /** Form action (the follow-up URL itself). */
  action: string;
  askRole: boolean;
  values?: { prenomInitial?: string; nomInitial?: string; codePostal?: string; role?: string };
  error?: string;
  /** 429: the form is blocked for a while. */
  blocked?: boolean;
  fieldErrors?: Record<string, string | undefined>;
  info?: string;
}

/** The three questions that open the follow-up page (no account, no password). */
export function AccessPage(props: AccessPageProps): JSX.Element {
  const v = props.values ?? {};
  const fe = props.fieldErrors ?? {};
  const hasErrors = Boolean(props.error) || Object.values(fe).some(Boolean);
  return (
    <Page title="Accéder à mon dossier" area="public" hasErrors={hasErrors}>
      <div class="fr-container fr-my-6w">
        <div class="fr-grid-row fr-grid-row--center">
          <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
            <h1 class="fr-h2">Accéder à mon dossier</h1>
            <p>
              Pour protéger vos informations, nous vous posons trois questions simples. Elles concernent la
              personne qui habite le logement (ou, si vous avez fait le signalement pour quelqu’un,
              vous-même).
            </p>
            {props.info && !props.error ? (
              <Alert type="info" small description={props.info} role="status" class="fr-mb-3w" />
            ) : (
              ''
            )}
            {props.error ? (
              <Alert
                type={props.blocked ? 'warning' : 'error'}
                small
                description={props.error}
                id="access-error"
                focusOnLoad
                class="fr-mb-3w"
              />
            ) : (
              ''
            )}
            <ErrorSummary errors={fe} autofocus={!props.error} />
            {props.blocked ? (
              ''
            ) : (
              <Form csrfToken={props.csrfToken} action={props.action} id="suivi-access">
                {props.askRole ? (
                  <RadioGroup
                    id="role"
                    legend="Vous êtes :"
                    required
                    value={v.role}
                    error={fe.role}
                    options={[
                      { value: 'OCCUPANT', label: 'La personne qui habite le logement' },
                      {
                        value: 'DECLARANT',
                        label: 'La personne qui a fait le signalement',
                        hint: 'Par exemple un proche, un voisin ou un travailleur social',
                      },
                    ]}
                  />
                ) : (
                  ''
                )}
                <Input
                  id="prenomInitial"
                  label="Première lettre du prénom"
                  hint={
                    props.askRole
                      ? 'Le prénom de la personne choisie ci-dessus. Exemple : M pour Marie'
                      : 'Exemple : M pour Marie'
                  }
                  required
                  maxLength={1}
                  autocomplete="off"
                  autocapitalize="characters"
                  spellcheck={false}
                  value={v.prenomInitial}
                  error={fe.prenomInitial}
                  class="hl-suivi-letter"
                />
                <Input
                  id="nomInitial"
                  label="Première lettre du nom de famille"
                  hint="Exemple : D pour Dupont"
                  required
                  maxLength={1}
                  autocomplete="off"
                  autocapitalize="characters"
                  spellcheck={false}
                  value={v.nomInitial}
                  error={fe.nomInitial}
                  class="hl-suivi-letter"
                />
                <Input
                  id="codePostal"
                  label="Code postal du logement"
                  hint="5 chiffres. Exemple : 13001"
                  required
                  inputMode="numeric"
                  autocomplete="off"
                  maxLength={6}
                  value={v.codePostal}
                  error={fe.codePostal}
                  class="hl-suivi-cp"
                />
                <Button label="Accéder à mon dossier" />
              </Form>
            )}
            <p class="fr-mt-4w fr-text--sm">
              Vous ne trouvez plus le bon lien ?{' '}
              <a href="/suivre-mon-signalement">Recevoir à nouveau mon lien de suivi</a>
              <br />
              Besoin d’aide ? Appelez Info logement indigne au 0806 706 806 (prix d’un appel local).
            </p>
          </div>
        </div>
      </div>
    </Page>
  );
}
