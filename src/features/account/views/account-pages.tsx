import type { Children } from '@kitajs/html';
import { PASSWORD_POLICY_HINT } from '../../../domain/password-policy.ts';
import { Alert } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Input, PasswordInput } from '../../../ui/dsfr/input.tsx';
import { type Flash, Page } from '../../../ui/layout/page.tsx';

type Errors = Record<string, string | undefined>;

/** The narrow grey box of the DSFR sign-in layout, shared by every account page. */
function AccountBox(props: {
  title: string;
  hasErrors?: boolean;
  flashes?: Flash[];
  children: Children;
}): JSX.Element {
  return (
    <Page title={props.title} area="bo" flashes={props.flashes} hasErrors={props.hasErrors}>
      <div class="fr-container fr-container--fluid fr-my-md-14v">
        <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--center">
          <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
            <div class="fr-container fr-background-alt--grey fr-px-md-0 fr-pt-10v fr-pt-md-14v fr-pb-6v fr-pb-md-10v">
              <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--center">
                <div class="fr-col-12 fr-col-md-9 fr-col-lg-8">
                  <h1 class="fr-h3" safe>
                    {props.title}
                  </h1>
                  {props.children}
                </div>
              </div>
            </div>
          </div>
        </div>
      </div>
    </Page>
  );
}

function FormError(props: { error?: string; errors?: Errors }): JSX.Element {
  return (
    <>
      {props.error ? (
        <Alert type="error" small description={props.error} id="form-error" focusOnLoad class="fr-mb-3w" />
      ) : (
        ''
      )}
      <ErrorSummary errors={props.errors ?? {}} autofocus={!props.error} />
    </>
  );
}

export interface ForgotPasswordPageProps {
  csrfToken: string;
  email?: string;
  error?: string;
  errors?: Errors;
  /** Shown after a request: the same words whether or not the account exists. */
  sent?: string;
}

export function ForgotPasswordPage(props: ForgotPasswordPageProps): JSX.Element {
  const errors = props.errors ?? {};
  return (
    <AccountBox title="Mot de passe perdu" hasErrors={Boolean(props.error || errors.email)}>
      {props.sent ? (
        <Alert type="success" small description={props.sent} role="status" class="fr-mb-3w" />
      ) : (
        <p class="fr-text--sm">
          Saisissez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot
          de passe. Si votre compte n’est pas encore activé, vous recevrez un nouveau lien d’activation.
        </p>
      )}
      <FormError error={props.error} errors={{ email: errors.email }} />
      <Form csrfToken={props.csrfToken} action="/mot-de-passe-perdu" id="forgot-password">
        <Input
          id="email"
          type="email"
          label="Adresse e-mail"
          hint="Format attendu : nom@exemple.fr"
          autocomplete="username"
          autocapitalize="off"
          spellcheck={false}
          required
          value={props.email}
          error={errors.email}
        />
        <ul class="fr-btns-group fr-mt-3w">
          <li>
            <button type="submit" class="fr-btn">
              Recevoir un lien
            </button>
          </li>
        </ul>
      </Form>
      <p class="fr-mt-2w">
        <a href="/connexion" class="fr-link fr-icon-arrow-left-line fr-link--icon-left">
          Retour à la connexion
        </a>
      </p>
    </AccountBox>
  );
}

export interface ChoosePasswordPageProps {
  csrfToken: string;
  purpose: 'ACTIVATION' | 'RESET';
  action: string;
  email: string;
  error?: string;
  errors?: Errors;
}

export function ChoosePasswordPage(props: ChoosePasswordPageProps): JSX.Element {
  const errors = props.errors ?? {};
  const title =
    props.purpose === 'ACTIVATION' ? 'Activez votre compte' : 'Choisissez un nouveau mot de passe';
  return (
    <AccountBox
      title={title}
      hasErrors={Boolean(props.error || errors.password || errors.passwordConfirmation)}
    >
      <p class="fr-text--sm">
        {props.purpose === 'ACTIVATION' ? 'Choisissez le mot de passe de votre compte ' : 'Compte : '}
        <strong safe>{props.email}</strong>
      </p>
      <FormError
        error={props.error}
        errors={{ password: errors.password, passwordConfirmation: errors.passwordConfirmation }}
      />
      <Form csrfToken={props.csrfToken} action={props.action} id="choose-password">
        {/* Lets password managers save the pair. */}
        <input type="hidden" name="username" autocomplete="username" value={props.email} />
        <PasswordInput
          id="password"
          label="Nouveau mot de passe"
          autocomplete="new-password"
          hint={PASSWORD_POLICY_HINT}
          required
          error={errors.password}
        />
        <PasswordInput
          id="passwordConfirmation"
          label="Confirmez le mot de passe"
          autocomplete="new-password"
          required
          error={errors.passwordConfirmation}
          class="fr-mt-3w"
        />
        <ul class="fr-btns-group fr-mt-3w">
          <li>
            <button type="submit" class="fr-btn">
              {props.purpose === 'ACTIVATION' ? 'Activer mon compte' : 'Enregistrer le mot de passe'}
            </button>
          </li>
        </ul>
      </Form>
    </AccountBox>
  );
}

export function LinkProblemPage(props: {
  reason: 'invalid' | 'expired' | 'used' | 'taken';
  kind: 'password' | 'email';
}) {
  const text =
    props.reason === 'expired'
      ? 'Ce lien a expiré : pour votre sécurité, il n’est valable que peu de temps.'
      : props.reason === 'used'
        ? 'Ce lien a déjà servi : il ne fonctionne qu’une fois.'
        : props.reason === 'taken'
          ? 'Cette adresse e-mail est maintenant utilisée par un autre compte : le changement n’a pas pu se faire.'
          : 'Ce lien ne fonctionne pas. Il est peut-être incomplet : vérifiez que vous l’avez copié en entier.';
  return (
    <AccountBox title="Ce lien ne fonctionne plus">
      <p>{text}</p>
      {props.kind === 'password' ? (
        <>
          <p>
            Pas d’inquiétude : vous pouvez recevoir un nouveau lien en quelques instants. Si vous avez déjà
            choisi votre mot de passe, connectez-vous simplement.
          </p>
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <a class="fr-btn" href="/mot-de-passe-perdu">
                Recevoir un nouveau lien
              </a>
            </li>
            <li>
              <a class="fr-btn fr-btn--secondary" href="/connexion">
                Se connecter
              </a>
            </li>
          </ul>
        </>
      ) : (
        <>
          <p>Vous pouvez refaire la demande depuis votre profil.</p>
          <ul class="fr-btns-group">
            <li>
              <a class="fr-btn" href="/bo/profil">
                Aller à mon profil
              </a>
            </li>
          </ul>
        </>
      )}
    </AccountBox>
  );
}

export function EmailConfirmedPage(props: { email: string }): JSX.Element {
  return (
    <AccountBox title="Adresse e-mail confirmée">
      <p>
        Votre compte utilise maintenant l’adresse <strong safe>{props.email}</strong>. Utilisez-la pour vous
        connecter.
      </p>
      <ul class="fr-btns-group">
        <li>
          <a class="fr-btn" href="/bo">
            Aller à mon espace
          </a>
        </li>
      </ul>
    </AccountBox>
  );
}

export interface TwoFactorPageProps {
  csrfToken: string;
  error?: string;
  errors?: Errors;
  info?: string;
  locked?: boolean;
}

export function TwoFactorPage(props: TwoFactorPageProps): JSX.Element {
  const errors = props.errors ?? {};
  return (
    <AccountBox title="Code de connexion" hasErrors={Boolean(props.error || errors.code)}>
      {props.info ? <Alert type="info" small description={props.info} role="status" class="fr-mb-3w" /> : ''}
      {props.locked ? (
        <>
          <Alert type="error" small description={props.error} id="form-error" focusOnLoad class="fr-mb-3w" />
          <ul class="fr-btns-group">
            <li>
              <a class="fr-btn" href="/connexion">
                Recommencer la connexion
              </a>
            </li>
          </ul>
        </>
      ) : (
        <>
          <p class="fr-text--sm">
            Pour protéger votre compte, nous vous avons envoyé un code à 6 chiffres par e-mail. Il est valable
            10 minutes.
          </p>
          <FormError error={props.error} errors={{ code: errors.code }} />
          <Form csrfToken={props.csrfToken} action="/connexion/code" id="two-factor">
            <Input
              id="code"
              label="Code reçu par e-mail"
              hint="6 chiffres, par exemple 123456"
              autocomplete="one-time-code"
              inputMode="numeric"
              maxLength={10}
              required
              error={errors.code}
            />
            <ul class="fr-btns-group fr-mt-3w">
              <li>
                <button type="submit" class="fr-btn">
                  Valider le code
                </button>
              </li>
            </ul>
          </Form>
          <Form csrfToken={props.csrfToken} action="/connexion/code/renvoyer" id="two-factor-resend">
            <button type="submit" class="fr-btn fr-btn--tertiary fr-btn--sm">
              Recevoir un nouveau code
            </button>
          </Form>
        </>
      )}
    </AccountBox>
  );
}
