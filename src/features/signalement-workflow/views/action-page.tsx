import type { Children } from '@kitajs/html';
import { Button, ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { type CurrentUserView, NAV, Page } from '../../../ui/layout/page.tsx';

export const dossierPath = (uuid: string) => `/bo/signalements/${encodeURIComponent(uuid)}`;
export const actionPath = (uuid: string, action: string) => `${dossierPath(uuid)}/${action}`;

export interface ActionPageProps {
  user: CurrentUserView;
  csrfToken: string;
  dossier: { uuid: string; reference: string };
  title: string;
  /** Plain sentences shown above the form. */
  intro?: string[];
  /** URL the form posts to. */
  action: string;
  submitLabel: string;
  multipart?: boolean;
  errors?: Record<string, string>;
  children?: Children;
}

/**
 * One workflow action on its own small page (works without JavaScript): what it does, its fields, a submit
 * button and a way back to the dossier. Re-shown with the typed values and French messages after an error.
 */
export function ActionPage(props: ActionPageProps): JSX.Element {
  const back = dossierPath(props.dossier.uuid);
  const hasErrors = !!props.errors && Object.keys(props.errors).length > 0;
  return (
    <Page
      title={`${props.title} – signalement ${props.dossier.reference}`}
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      activeNav={NAV.bo.signalements}
      hasErrors={hasErrors}
      breadcrumb={[
        { label: 'Tableau de bord', href: '/bo' },
        { label: 'Signalements', href: '/bo/signalements' },
        { label: `Signalement ${props.dossier.reference}`, href: back },
        { label: props.title },
      ]}
    >
      <div class="fr-container fr-py-4w hl-workflow">
        <div class="fr-grid-row">
          <div class="fr-col-12 fr-col-md-10 fr-col-lg-8">
            <h1 class="fr-h3" safe>
              {props.title}
            </h1>
            <p class="fr-text--sm hl-muted" safe>
              {`Signalement n° ${props.dossier.reference}`}
            </p>
            {(props.intro ?? []).map((line) => (
              <p safe>{line}</p>
            ))}
            {hasErrors ? <ErrorSummary errors={props.errors ?? {}} /> : ''}
            <Form csrfToken={props.csrfToken} action={props.action} multipart={props.multipart}>
              {props.children ?? ''}
              <ButtonsGroup
                inline="md"
                class="fr-mt-3w"
                buttons={[
                  { label: props.submitLabel, type: 'submit' },
                  { label: 'Annuler et revenir au dossier', href: back, priority: 'secondary' },
                ]}
              />
            </Form>
          </div>
        </div>
      </div>
    </Page>
  );
}

/** A one-button form (POST) for actions that need no input, e.g. "Valider". */
export function PostButton(props: {
  action: string;
  csrfToken: string;
  label: string;
  priority?: 'primary' | 'secondary' | 'tertiary';
}): JSX.Element {
  return (
    <Form csrfToken={props.csrfToken} action={props.action} class="hl-inline-form">
      <Button label={props.label} priority={props.priority} size="sm" />
    </Form>
  );
}
