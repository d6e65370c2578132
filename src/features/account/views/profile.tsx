import { PASSWORD_POLICY_HINT } from '../../../domain/password-policy.ts';
import { RadioGroup } from '../../../ui/dsfr/choice.tsx';
import { Alert } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Input, PasswordInput } from '../../../ui/dsfr/input.tsx';
import { type CurrentUserView, type Flash, Page } from '../../../ui/layout/page.tsx';

export type ProfileSection = 'identite' | 'email' | 'mot-de-passe' | 'notifications';

export interface ProfilePageProps {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  prenom: string;
  nom: string;
  email: string;
  roleLabel: string;
  notificationPreference: 'EACH' | 'DIGEST' | 'NONE';
  partenaires: { nom: string; territoire: string | null }[];
  territoires: string[];
  /** The form that failed, its message, field errors and what was typed (never passwords). */
  failed?: { section: ProfileSection; message: string; errors: Record<string, string | undefined> };
  typed?: Record<string, string>;
}

const PREFERENCES = [
  {
    value: 'EACH',
    label: 'Un e-mail à chaque nouveauté',
    hint: 'Recommandé si vous suivez peu de dossiers.',
  },
  { value: 'DIGEST', label: 'Un résumé par jour', hint: 'Un seul e-mail chaque matin, s’il y a du nouveau.' },
  { value: 'NONE', label: 'Aucun e-mail', hint: 'Les notifications restent visibles dans Histologe.' },
];

export function ProfilePage(props: ProfilePageProps): JSX.Element {
  const failed = props.failed;
  const err = (section: ProfileSection) => (failed?.section === section ? failed.errors : {});
  const typed = props.typed ?? {};
  return (
    <Page
      title="Mon profil"
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      hasErrors={Boolean(failed)}
      breadcrumb={[{ label: 'Accueil', href: '/bo' }, { label: 'Mon profil' }]}
    >
      <div class="fr-container fr-my-4w">
        <h1>Mon profil</h1>
        {failed ? (
          <Alert
            type="error"
            small
            description={failed.message}
            id="form-error"
            focusOnLoad
            class="fr-mb-3w"
          />
        ) : (
          ''
        )}
        {failed ? <ErrorSummary errors={failed.errors} autofocus={false} /> : ''}
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-lg-8">
            <section class="fr-mb-6w" aria-labelledby="profil-identite">
              <h2 id="profil-identite" class="fr-h4">
                Mon identité
              </h2>
              <Form csrfToken={props.csrfToken} action="/bo/profil/identite" id="form-identite">
                <Input
                  id="prenom"
                  label="Prénom"
                  autocomplete="given-name"
                  required
                  maxLength={100}
                  value={typed.prenom ?? props.prenom}
                  error={err('identite').prenom}
                />
                <Input
                  id="nom"
                  label="Nom"
                  autocomplete="family-name"
                  required
                  maxLength={100}
                  value={typed.nom ?? props.nom}
                  error={err('identite').nom}
                />
                <button type="submit" class="fr-btn fr-mt-2w">
                  Enregistrer mon identité
                </button>
              </Form>
            </section>

            <section class="fr-mb-6w" aria-labelledby="profil-email">
              <h2 id="profil-email" class="fr-h4">
                Mon adresse e-mail
              </h2>
              <p>
                Adresse actuelle : <strong safe>{props.email}</strong>
              </p>
              <Form csrfToken={props.csrfToken} action="/bo/profil/email" id="form-email">
                <Input
                  id="newEmail"
                  type="email"
                  label="Nouvelle adresse e-mail"
                  hint="Nous enverrons un lien de confirmation à cette adresse. Le changement se fera quand vous l’aurez ouvert."
                  autocomplete="email"
                  autocapitalize="off"
                  spellcheck={false}
                  required
                  value={typed.newEmail}
                  error={err('email').newEmail}
                />
                <button type="submit" class="fr-btn fr-btn--secondary fr-mt-2w">
                  Changer d’adresse
                </button>
              </Form>
            </section>

            <section class="fr-mb-6w" aria-labelledby="profil-mot-de-passe">
              <h2 id="profil-mot-de-passe" class="fr-h4">
                Mon mot de passe
              </h2>
              <p class="fr-text--sm">Changer de mot de passe déconnecte vos autres appareils.</p>
              <Form csrfToken={props.csrfToken} action="/bo/profil/mot-de-passe" id="form-mot-de-passe">
                <input type="hidden" name="username" autocomplete="username" value={props.email} />
                <PasswordInput
                  id="currentPassword"
                  label="Mot de passe actuel"
                  autocomplete="current-password"
                  required
                  error={err('mot-de-passe').currentPassword}
                />
                <PasswordInput
                  id="newPassword"
                  label="Nouveau mot de passe"
                  autocomplete="new-password"
                  hint={PASSWORD_POLICY_HINT}
                  required
                  error={err('mot-de-passe').newPassword}
                  class="fr-mt-3w"
                />
                <PasswordInput
                  id="newPasswordConfirmation"
                  label="Confirmez le nouveau mot de passe"
                  autocomplete="new-password"
                  required
                  error={err('mot-de-passe').newPasswordConfirmation}
                  class="fr-mt-3w"
                />
                <button type="submit" class="fr-btn fr-btn--secondary fr-mt-3w">
                  Changer mon mot de passe
                </button>
              </Form>
            </section>

            <section class="fr-mb-6w" aria-labelledby="profil-notifications">
              <h2 id="profil-notifications" class="fr-h4">
                Mes notifications par e-mail
              </h2>
              <Form csrfToken={props.csrfToken} action="/bo/profil/notifications" id="form-notifications">
                <RadioGroup
                  id="notificationPreference"
                  legend="Comment voulez-vous être prévenu des nouveautés sur vos dossiers ?"
                  options={PREFERENCES}
                  value={typed.notificationPreference ?? props.notificationPreference}
                  error={err('notifications').notificationPreference}
                  required
                />
                <button type="submit" class="fr-btn fr-btn--secondary">
                  Enregistrer ma préférence
                </button>
              </Form>
            </section>
          </div>

          <div class="fr-col-12 fr-col-lg-4">
            <section class="fr-p-3w fr-background-alt--grey" aria-labelledby="profil-rattachements">
              <h2 id="profil-rattachements" class="fr-h5">
                Mes rattachements
              </h2>
              <p>
                Rôle : <strong safe>{props.roleLabel}</strong>
              </p>
              <h3 class="fr-h6 fr-mb-1w">Partenaires</h3>
              {props.partenaires.length ? (
                <ul>
                  {props.partenaires.map((p) => (
                    <li>
                      <span safe>{p.nom}</span>
                      {p.territoire ? <span safe>{` (${p.territoire})`}</span> : ''}
                    </li>
                  ))}
                </ul>
              ) : (
                <p>Aucun partenaire.</p>
              )}
              <h3 class="fr-h6 fr-mb-1w">Territoires</h3>
              {props.territoires.length ? (
                <ul>
                  {props.territoires.map((t) => (
                    <li safe>{t}</li>
                  ))}
                </ul>
              ) : (
                <p>Aucun territoire.</p>
              )}
              <p class="fr-text--sm fr-mb-0">
                Pour changer de partenaire ou de rôle, contactez l’administrateur de votre structure.
              </p>
            </section>
          </div>
        </div>
      </div>
    </Page>
  );
}
