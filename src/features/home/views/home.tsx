import { escapeHtml } from '@kitajs/html';
import { Artwork } from '../../../ui/dsfr/artwork.tsx';
import { ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { type CurrentUserView, type Flash, NAV, Page } from '../../../ui/layout/page.tsx';

export interface HomePageProps {
  flashes?: Flash[];
  /** An agent browsing the public site keeps their name in the header. */
  user?: CurrentUserView;
}

/** National helpline for substandard housing ("Info logement indigne"). */
export const INFO_LOGEMENT_INDIGNE = { display: '0806 706 806', tel: '+33806706806' };

const STEPS = [
  {
    pictogram: 'document/document-add',
    title: 'Vous décrivez la situation',
    text: 'Vous répondez à quelques questions sur le logement et sur ce qui ne va pas. Vous pouvez ajouter des photos.',
  },
  {
    pictogram: 'buildings/city-hall',
    title: 'Les services compétents s’en occupent',
    text: 'Votre signalement est transmis aux services de votre département : mairie, agence régionale de santé, CAF ou MSA, associations… Ils peuvent venir visiter le logement.',
  },
  {
    pictogram: 'digital/mail-send',
    title: 'Vous suivez votre dossier',
    text: 'Vous recevez par e-mail un lien personnel pour suivre l’avancement, répondre aux questions et envoyer des documents.',
  },
];

export function HomePage(props: HomePageProps = {}): JSX.Element {
  return (
    <Page
      title="Signaler un problème de logement"
      area="public"
      activeNav={NAV.public.accueil}
      flashes={props.flashes}
      user={props.user}
      description="Signalez un logement en mauvais état ou dangereux. Les services publics de votre département étudient chaque signalement et vous accompagnent."
    >
      <section class="hl-hero fr-py-6w fr-py-md-10w">
        <div class="fr-container">
          <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--middle">
            <div class="fr-col-12 fr-col-md-8">
              <h1>Un problème dans votre logement ?</h1>
              <p class="fr-text--lead">
                Humidité, moisissures, chauffage en panne, électricité dangereuse, nuisibles, logement trop
                petit… Signalez-le ici. Les services publics de votre département étudient chaque signalement
                et vous accompagnent.
              </p>
              <ButtonsGroup
                inline="md"
                size="lg"
                buttons={[
                  { label: 'Signaler un problème de logement', href: '/signalement' },
                  { label: 'Suivre mon signalement', href: '/suivre-mon-signalement', priority: 'secondary' },
                ]}
              />
              <p class="fr-text--sm fr-mb-0">
                C’est gratuit. Locataire, propriétaire occupant, proche ou professionnel : tout le monde peut
                faire un signalement.
              </p>
            </div>
            <div class="fr-col-12 fr-col-md-4 fr-hidden fr-unhidden-md hl-hero__art">
              <Artwork name="buildings/house" size={160} />
            </div>
          </div>
        </div>
      </section>

      <section class="fr-container fr-py-6w" aria-labelledby="comment-ca-marche">
        <h2 id="comment-ca-marche">Comment ça marche ?</h2>
        <ol class="hl-steps fr-grid-row fr-grid-row--gutters">
          {STEPS.map((step, i) => (
            <li class="fr-col-12 fr-col-md-4">
              <div class="hl-step">
                <Artwork name={step.pictogram} />
                <h3 class="fr-h5 fr-mb-1w">
                  <span class="hl-step__number">{i + 1}. </span>
                  {escapeHtml(step.title)}
                </h3>
                <p class="fr-mb-0" safe>
                  {step.text}
                </p>
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section class="fr-container fr-pb-6w" aria-labelledby="besoin-aide">
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-7">
            <div class="fr-callout fr-icon-phone-line">
              <h2 class="fr-callout__title" id="besoin-aide">
                Besoin d’un conseil ?
              </h2>
              <p class="fr-callout__text">
                Une question sur vos droits ou sur les démarches ? Appelez la ligne Info logement indigne :
              </p>
              <p class="fr-mt-2w fr-mb-1w">
                <a class="hl-phone" href={`tel:${INFO_LOGEMENT_INDIGNE.tel}`} safe>
                  {INFO_LOGEMENT_INDIGNE.display}
                </a>
              </p>
              <p class="fr-text--sm fr-mb-0">Service gratuit + prix d’un appel.</p>
            </div>
          </div>
          <div class="fr-col-12 fr-col-md-5">
            <div class="fr-alert fr-alert--warning">
              <h2 class="fr-alert__title">En cas de danger immédiat</h2>
              <p>
                Risque d’effondrement, odeur de gaz, intoxication au monoxyde de carbone : sortez du logement
                et appelez le 112 ou les pompiers (18).
              </p>
            </div>
          </div>
        </div>
        <p class="fr-text--sm fr-mt-4w fr-mb-0">
          Vos informations servent uniquement au traitement de votre signalement.{' '}
          <a href="/donnees-personnelles">En savoir plus sur vos données</a>
        </p>
      </section>
    </Page>
  );
}
