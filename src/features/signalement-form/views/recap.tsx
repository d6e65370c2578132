import { ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { Checkbox } from '../../../ui/dsfr/choice.tsx';
import { Badge, Stepper } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Page } from '../../../ui/layout/page.tsx';
import { SECTIONS } from '../definition/types.ts';
import { FormColumn, formUrl, Honeypot } from './parts.tsx';

export const CONSENT_FIELD = 'consentement_donnees';
/** Anchors of the error summary for errors that are not on a field. */
export const RECAP_MISSING_ID = 'recap-manquant';
export const RECAP_SECTIONS_ID = 'recap-reponses';

export interface RecapScreen {
  slug: string;
  title: string;
  complete: boolean;
  answers: { label: string; value: string }[];
}
export interface RecapSection {
  title: string;
  screens: RecapScreen[];
}

export interface RecapPageProps {
  csrfToken: string;
  uuid: string;
  sections: RecapSection[];
  errors?: Record<string, string>;
  /** Link of the "Précédent" button (last screen of the journey). */
  previousHref?: string;
}

function ScreenSummary(props: { uuid: string; screen: RecapScreen; index: string }): JSX.Element {
  const { screen } = props;
  const headingId = `recap-${props.index}`;
  return (
    <section class="hl-recap-screen fr-mb-3w" aria-labelledby={headingId}>
      <div class="hl-recap-screen__head">
        <h3 class="fr-h6 fr-mb-1w" id={headingId} safe>
          {screen.title}
        </h3>
        {screen.complete ? '' : <Badge severity="warning" label="À compléter" small />}
      </div>
      {screen.answers.length > 0 ? (
        <dl class="hl-recap-list">
          {screen.answers.map((a) => (
            <div class="hl-recap-list__item">
              <dt safe>{a.label}</dt>
              <dd safe>{a.value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p class="fr-text--sm">Aucune réponse pour le moment.</p>
      )}
      <a class="fr-link fr-icon-edit-line fr-link--icon-left" href={formUrl.screen(props.uuid, screen.slug)}>
        Modifier<span class="fr-sr-only" safe>{` : ${screen.title}`}</span>
      </a>
    </section>
  );
}

/** Everything the person answered, section by section, with the consent and the final button. */
export function RecapPage(props: RecapPageProps): JSX.Element {
  const errors = props.errors ?? {};
  const incomplete = props.sections.flatMap((s) => s.screens).filter((s) => !s.complete);
  return (
    <Page title="Récapitulatif de votre signalement" area="public" hasErrors={Object.keys(errors).length > 0}>
      <FormColumn>
        <Stepper
          currentStep={SECTIONS.length}
          stepCount={SECTIONS.length}
          title={SECTIONS[SECTIONS.length - 1]!.title}
          class="fr-mb-4w"
        />
        <h1>Récapitulatif de votre signalement</h1>
        <p>Relisez vos réponses. Vous pouvez encore les modifier avant d’envoyer votre signalement.</p>
        <ErrorSummary errors={errors} />
        {incomplete.length > 0 ? (
          <div class="fr-alert fr-alert--warning fr-mb-4w" id={RECAP_MISSING_ID} tabindex="-1">
            <h2 class="fr-alert__title">Il manque des réponses</h2>
            <p>Complétez ces étapes avant d’envoyer votre signalement :</p>
            <ul>
              {incomplete.map((s) => (
                <li>
                  <a href={formUrl.screen(props.uuid, s.slug)} safe>
                    {s.title}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          ''
        )}
        <div id={RECAP_SECTIONS_ID} tabindex="-1">
          {props.sections.map((section, i) => (
            <section class="fr-mb-4w" aria-labelledby={`recap-section-${i}`}>
              <h2 class="fr-h4" id={`recap-section-${i}`} safe>
                {section.title}
              </h2>
              {section.screens.map((screen, j) => (
                <ScreenSummary uuid={props.uuid} screen={screen} index={`${i}-${j}`} />
              ))}
            </section>
          ))}
        </div>
        <Form csrfToken={props.csrfToken} action={formUrl.submit(props.uuid)} label="Envoyer mon signalement">
          <Checkbox
            id={CONSENT_FIELD}
            label="J’accepte que les informations de ce signalement soient traitées par les services chargés de le suivre."
            hint="Elles servent uniquement à traiter votre signalement."
            error={errors[CONSENT_FIELD]}
            required
          />
          <p class="fr-text--sm">
            <a href="/donnees-personnelles">En savoir plus sur l’utilisation de vos données personnelles</a>
          </p>
          <Honeypot idSuffix="recap" />
          <ButtonsGroup
            inline="md"
            buttons={[
              { label: 'Envoyer mon signalement', icon: 'fr-icon-send-plane-line', iconPosition: 'right' },
              ...(props.previousHref
                ? [{ label: 'Précédent', href: props.previousHref, priority: 'secondary' as const }]
                : []),
            ]}
          />
        </Form>
      </FormColumn>
    </Page>
  );
}
