import { ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { Form } from '../../../ui/dsfr/form.tsx';
import { type Flash, Page } from '../../../ui/layout/page.tsx';
import { FormColumn, formUrl, Honeypot } from './parts.tsx';

export interface StartPageProps {
  csrfToken: string;
  /** Profile announced by the link that led here (`?profil=`), carried to the new draft. */
  profil?: string;
  flashes?: Flash[];
}

const EXPECT = [
  'l’adresse du logement et vos coordonnées ;',
  'quelques informations sur le logement et les personnes qui y vivent ;',
  'les problèmes constatés (humidité, chauffage, électricité, nuisibles…) ;',
  'si vous en avez : des photos, le bail, l’état des lieux ou le diagnostic de performance énergétique (DPE).',
];

/** What to expect before starting, and the button that opens a new draft. */
export function StartPage(props: StartPageProps): JSX.Element {
  return (
    <Page
      title="Faire un signalement"
      area="public"
      flashes={props.flashes}
      breadcrumb={[{ label: 'Accueil', href: '/' }, { label: 'Faire un signalement' }]}
    >
      <FormColumn>
        <h1>Faire un signalement</h1>
        <p class="fr-text--lead">
          Vous allez décrire le logement et les problèmes rencontrés. Cela prend environ 15 minutes.
        </p>
        <h2 class="fr-h4">Ce que nous allons vous demander</h2>
        <ul>
          {EXPECT.map((item) => (
            <li safe>{item}</li>
          ))}
        </ul>
        <h2 class="fr-h4">Bon à savoir</h2>
        <ul>
          <li>Vos réponses sont enregistrées à chaque étape.</li>
          <li>
            Vous pouvez vous arrêter à tout moment avec le bouton « Finir plus tard » : nous vous envoyons par
            e-mail un lien pour reprendre là où vous en étiez.
          </li>
          <li>Avant l’envoi, vous pourrez relire et corriger toutes vos réponses.</li>
        </ul>
        <Form csrfToken={props.csrfToken} action={formUrl.start} label="Commencer le signalement">
          {props.profil ? <input type="hidden" name="profil" value={props.profil} /> : ''}
          <Honeypot idSuffix="start" />
          <ButtonsGroup
            inline="md"
            buttons={[{ label: 'Commencer', icon: 'fr-icon-arrow-right-line', iconPosition: 'right' }]}
          />
        </Form>
      </FormColumn>
    </Page>
  );
}
