import { Alert } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Input, PasswordInput } from '../../../ui/dsfr/input.tsx';
import { type Flash, Page } from '../../../ui/layout/page.tsx';

export interface SignInPageProps {
  csrfToken: string;
  /** Kept after a failed attempt so the agent does not type it again. */
  email?: string;
  /** Local path to go back to after sign-in (validated by the route, never an absolute URL). */
  next?: string;
  /** Form-level error, e.g. wrong e-mail or password. */
  error?: string;
  fieldErrors?: { email?: string; password?: string };
  /** Neutral message, e.g. after sign-out. */
  info?: string;
  flashes?: Flash[];
}

export const SIGN_IN_FIELDS = { email: 'email', password: 'password' } as const;

/** "Connexion à l'espace partenaires", following the DSFR sign-in page layout. */
export function SignInPage(props: SignInPageProps): JSX.Element {
  const fieldErrors = props.fieldErrors ?? {};
  const hasErrors = Boolean(props.error) || Object.values(fieldErrors).some(Boolean);
  return (
    <Page title="Connexion à l’espace partenaires" area="bo" flashes={props.flashes} hasErrors={hasErrors}>
      <div class="fr-container fr-container--fluid fr-my-md-14v">
        <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--center">
          <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
            <div class="fr-container fr-background-alt--grey fr-px-md-0 fr-pt-10v fr-pt-md-14v fr-pb-6v fr-pb-md-10v">
              <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--center">
                <div class="fr-col-12 fr-col-md-9 fr-col-lg-8">
                  <h1 class="fr-h3">Connexion à l’espace partenaires</h1>
                  <p class="fr-text--sm">
                    Cet espace est réservé aux agents des services et organismes partenaires. Pour faire un
                    signalement, <a href="/signalement">utilisez le formulaire public</a>.
                  </p>
                  {props.info && !props.error ? (
                    <Alert type="info" small description={props.info} role="status" class="fr-mb-3w" />
                  ) : (
                    ''
                  )}
                  {props.error ? (
                    <Alert
                      type="error"
                      small
                      description={props.error}
                      id="sign-in-error"
                      focusOnLoad
                      class="fr-mb-3w"
                    />
                  ) : (
                    ''
                  )}
                  <ErrorSummary
                    errors={{
                      [SIGN_IN_FIELDS.email]: fieldErrors.email,
                      [SIGN_IN_FIELDS.password]: fieldErrors.password,
                    }}
                    autofocus={!props.error}
                  />
                  <Form csrfToken={props.csrfToken} action="/connexion" id="sign-in">
                    {props.next ? <input type="hidden" name="next" value={props.next} /> : ''}
                    <fieldset class="fr-fieldset" id="sign-in-fieldset" aria-labelledby="sign-in-legend">
                      <legend class="fr-fieldset__legend" id="sign-in-legend">
                        <h2 class="fr-h5 fr-mb-0">Se connecter avec son compte</h2>
                      </legend>
                      <div class="fr-fieldset__element">
                        <Input
                          id={SIGN_IN_FIELDS.email}
                          type="email"
                          label="Adresse e-mail"
                          hint="Format attendu : nom@exemple.fr"
                          autocomplete="username"
                          autocapitalize="off"
                          spellcheck={false}
                          required
                          value={props.email}
                          error={fieldErrors.email}
                        />
                      </div>
                      <div class="fr-fieldset__element">
                        <PasswordInput
                          id={SIGN_IN_FIELDS.password}
                          autocomplete="current-password"
                          required
                          error={fieldErrors.password}
                          forgotLink={{ href: '/mot-de-passe-perdu', label: 'Mot de passe perdu ?' }}
                        />
                      </div>
                      <div class="fr-fieldset__element">
                        <ul class="fr-btns-group">
                          <li>
                            <button type="submit" class="fr-btn fr-mt-2v">
                              Se connecter
                            </button>
                          </li>
                        </ul>
                      </div>
                    </fieldset>
                  </Form>
                </div>
              </div>
            </div>
          </div>
        </div>
      </div>
    </Page>
  );
}
