import { escapeHtml } from '@kitajs/html';
import { dsfrAsset, pictogram } from '../../../ui/assets.ts';
import { ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { type Area, type CurrentUserView, Page } from '../../../ui/layout/page.tsx';

export type ErrorStatus = 400 | 403 | 404 | 429 | 500 | 503;

export interface ErrorPageProps {
  status: ErrorStatus;
  area: Area;
  /**
   * What happened, in words for the user (e.g. an expired form, "Ce signalement n'existe pas"). It replaces
   * the generic lead sentence; on 503 it is the maintenance note, shown in addition.
   */
  message?: string;
  /** 5xx: request id, shown for the user to quote to support. */
  referenceId?: string;
  /** Same as referenceId (name used by the error handler). */
  requestId?: string;
  user?: CurrentUserView;
  csrfToken?: string;
}

interface ErrorContent {
  title: string;
  lead: string;
  text: string;
  pictogram: string;
}

const CONTENT: Record<ErrorStatus, ErrorContent> = {
  400: {
    title: 'Demande incorrecte',
    lead: 'La demande n’a pas pu être traitée.',
    text: 'Vérifiez ce que vous avez saisi, puis réessayez.',
    pictogram: 'system/technical-error',
  },
  404: {
    title: 'Page non trouvée',
    lead: 'La page que vous cherchez est introuvable. Excusez-nous pour la gêne.',
    text: 'Si vous avez saisi l’adresse à la main, vérifiez-la. Si vous avez suivi un lien, il est peut-être ancien : la page a pu être déplacée ou supprimée.',
    pictogram: 'system/technical-error',
  },
  403: {
    title: 'Accès refusé',
    lead: 'Vous n’avez pas les droits nécessaires pour voir cette page.',
    text: 'Si vous pensez que c’est une erreur, contactez la personne qui administre Histologe dans votre département.',
    pictogram: 'system/padlock',
  },
  429: {
    title: 'Trop de demandes',
    lead: 'Vous avez fait beaucoup de demandes en peu de temps.',
    text: 'Pour protéger le service, merci de patienter quelques instants avant de réessayer.',
    pictogram: 'system/warning',
  },
  500: {
    title: 'Erreur inattendue',
    lead: 'Désolé, le service rencontre un problème. Nous faisons le nécessaire pour le corriger.',
    text: 'Essayez de recharger la page ou revenez un peu plus tard.',
    pictogram: 'system/technical-error',
  },
  503: {
    title: 'Service en maintenance',
    lead: 'Histologe est momentanément indisponible pour une opération de maintenance.',
    text: 'Merci de revenir un peu plus tard. Vos signalements et vos dossiers ne sont pas perdus.',
    pictogram: 'system/technical-error',
  },
};

/** DSFR "page d'erreur" layout for 400, 403, 404, 429, 500 and 503. */
export function ErrorPage(props: ErrorPageProps): JSX.Element {
  const content = CONTENT[props.status] ?? CONTENT[500];
  const referenceId = props.referenceId ?? props.requestId;
  const lead = props.status !== 503 && props.message ? props.message : content.lead;
  const homeHref = props.area === 'bo' ? '/bo' : '/';
  const href = pictogram(content.pictogram);
  const ovoid = dsfrAsset('artwork/background/ovoid.svg');
  return (
    <Page title={content.title} area={props.area} user={props.user} csrfToken={props.csrfToken}>
      <div class="fr-container">
        <div class="fr-my-7w fr-mt-md-12w fr-mb-md-10w fr-grid-row fr-grid-row--gutters fr-grid-row--middle fr-grid-row--center">
          <div class="fr-py-0 fr-col-12 fr-col-md-6">
            <h1 safe>{content.title}</h1>
            <p class="fr-text--sm fr-mb-3w">Erreur {props.status}</p>
            <p class="fr-text--lead fr-mb-3w" safe>
              {lead}
            </p>
            {props.status === 503 && props.message ? (
              <p class="fr-text--lg fr-mb-3w" safe>
                {props.message}
              </p>
            ) : (
              ''
            )}
            <p class="fr-text--sm fr-mb-5w" safe>
              {content.text}
            </p>
            {props.status >= 500 && referenceId ? (
              <p class="fr-text--sm fr-mb-5w">
                Si le problème continue, contactez-nous en indiquant cette référence :{' '}
                <code class="hl-reference">{escapeHtml(referenceId)}</code>
              </p>
            ) : (
              ''
            )}
            <ButtonsGroup
              inline="md"
              buttons={[
                { label: props.area === 'bo' ? 'Tableau de bord' : 'Page d’accueil', href: homeHref },
              ]}
            />
          </div>
          <div class="fr-col-12 fr-col-md-3 fr-col-offset-md-1 fr-px-6w fr-px-md-0 fr-py-0">
            <svg
              xmlns="http://www.w3.org/2000/svg"
              class="fr-responsive-img fr-artwork"
              aria-hidden="true"
              width="160"
              height="200"
              viewBox="0 0 160 200"
            >
              <use class="fr-artwork-motif" href={`${ovoid}#artwork-motif`} />
              <use class="fr-artwork-background" href={`${ovoid}#artwork-background`} />
              <g transform="translate(40, 60)">
                <use class="fr-artwork-decorative" href={`${href}#artwork-decorative`} />
                <use class="fr-artwork-minor" href={`${href}#artwork-minor`} />
                <use class="fr-artwork-major" href={`${href}#artwork-major`} />
              </g>
            </svg>
          </div>
        </div>
      </div>
    </Page>
  );
}
