import { staticAsset } from '../../../ui/assets.ts';
import { ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { Alert, Stepper, type StepperProps } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary, Form, withCsrfQuery } from '../../../ui/dsfr/form.tsx';
import { Page } from '../../../ui/layout/page.tsx';
import type { FormData } from '../definition/predicates.ts';
import type { Screen } from '../definition/types.ts';
import type { DraftUploadView, TerritoryClosed } from '../draft.service.ts';
import { FormColumn, formUrl, HelplineLink, Honeypot } from './parts.tsx';
import { formErrorList, ScreenFields } from './screen-form.tsx';

/** Island scripts of the step pages (conditional fields, address autocomplete). */
export const STEP_SCRIPTS = [staticAsset('js/form-conditions.js'), staticAsset('js/address-autocomplete.js')];

export interface StepPageProps {
  csrfToken: string;
  uuid: string;
  screen: Screen;
  data: FormData;
  errors?: Record<string, string>;
  uploads: DraftUploadView[];
  stepper: StepperProps;
  /** Link of the "Précédent" button; none on the first screen. */
  previousHref?: string;
  /** The dwelling's commune is not covered yet. */
  closed?: TerritoryClosed;
  /** A message about the whole page (e.g. the session expired), shown above the fields. */
  notice?: string;
}

function ClosedTerritory(props: { closed: TerritoryClosed }): JSX.Element {
  const where = props.closed.commune ? `à ${props.closed.commune}` : 'dans cette commune';
  return (
    <Alert
      type="warning"
      titleAs="h2"
      title="Le service n’est pas encore ouvert dans votre commune"
      focusOnLoad
      class="fr-mb-4w"
    >
      <p safe>
        {`Nous ne pouvons pas encore recevoir de signalement pour un logement situé ${where}. Les services de votre département ne sont pas encore raccordés à cette plateforme.`}
      </p>
      <p>
        Vous pouvez appeler gratuitement le numéro national « Info logement indigne » au <HelplineLink />{' '}
        (prix d’un appel local) : on vous dira vers qui vous tourner près de chez vous.
      </p>
      <p class="fr-mb-0">
        Vos réponses sont conservées. Si l’adresse n’est pas la bonne, corrigez-la ci-dessous puis cliquez sur
        « Suivant ».
      </p>
    </Alert>
  );
}

/** One screen of the form: stepper, title, error summary, the screen's fields, navigation buttons. */
export function StepPage(props: StepPageProps): JSX.Element {
  const { screen, uuid } = props;
  const errors = props.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  const multipart = screen.fields.some(function hasUpload(f): boolean {
    return f.kind === 'upload' || (f.kind === 'group' && f.fields.some(hasUpload));
  });
  const action = formUrl.screen(uuid, screen.slug);
  const finishLater = multipart
    ? withCsrfQuery(formUrl.finishLater(uuid), props.csrfToken)
    : formUrl.finishLater(uuid);
  return (
    <Page title={screen.title} area="public" hasErrors={hasErrors} scripts={STEP_SCRIPTS}>
      <FormColumn>
        <Stepper {...props.stepper} titleAs="h2" class="fr-mb-4w" />
        <h1 safe>{screen.title}</h1>
        {(screen.intro ?? []).map((p) => (
          <p safe>{p}</p>
        ))}
        {props.closed ? <ClosedTerritory closed={props.closed} /> : ''}
        {props.notice ? (
          <Alert type="warning" small role="alert" focusOnLoad description={props.notice} class="fr-mb-4w" />
        ) : (
          ''
        )}
        <ErrorSummary errors={formErrorList(screen, errors)} autofocus={!props.closed && !props.notice} />
        <Form csrfToken={props.csrfToken} action={action} multipart={multipart} id="screen-form">
          {/* First submit button in the form: the Enter key moves on, it never deletes a file. */}
          <div class="hl-default-submit" aria-hidden="true">
            <button type="submit" tabindex="-1">
              Suivant
            </button>
          </div>
          <input type="hidden" name="_etape" value={screen.slug} />
          <ScreenFields
            screen={screen}
            data={props.data}
            errors={errors}
            uploads={props.uploads}
            deleteFileAction={multipart ? withCsrfQuery(action, props.csrfToken) : action}
          />
          <Honeypot />
          <ButtonsGroup
            inline="md"
            class="fr-mt-4w"
            buttons={[
              {
                label: screen.submitLabel ?? 'Suivant',
                icon: 'fr-icon-arrow-right-line',
                iconPosition: 'right',
              },
              ...(props.previousHref
                ? [{ label: 'Précédent', href: props.previousHref, priority: 'secondary' as const }]
                : []),
              { label: 'Finir plus tard', priority: 'tertiary' as const, formAction: finishLater },
            ]}
          />
        </Form>
        <p class="fr-mt-4w">
          <a class="fr-link fr-icon-close-line fr-link--icon-left fr-link--sm" href={formUrl.abandon(uuid)}>
            Abandonner mon signalement
          </a>
        </p>
      </FormColumn>
    </Page>
  );
}
