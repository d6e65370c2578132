import type { Children } from '@kitajs/html';
import { INFO_LOGEMENT_INDIGNE_PHONE } from '../territory-check.ts';

/** Name of the honeypot text field: people never see it, robots fill it. */
export const HONEYPOT_FIELD = 'site_internet';

/** `tel:` form of the national helpline number. */
export const INFO_LOGEMENT_INDIGNE_TEL = `+33${INFO_LOGEMENT_INDIGNE_PHONE.replace(/\s/g, '').slice(1)}`;

/**
 * Hidden text field for robots (anti-spam without a CAPTCHA). Out of sight and out of the keyboard order;
 * the wrapper is hidden from assistive technologies; the label says not to fill it in anyway.
 */
export function Honeypot(props: { idSuffix?: string }): JSX.Element {
  const id = `hl-hp-${props.idSuffix ?? 'champ'}`;
  return (
    <div class="hl-honeypot" aria-hidden="true">
      <label for={id}>Ne pas remplir ce champ</label>
      <input type="text" id={id} name={HONEYPOT_FIELD} value="" autocomplete="off" tabindex="-1" />
    </div>
  );
}

/** Centered narrow column used by every page of the form. */
export function FormColumn(props: { children: Children; wide?: boolean }): JSX.Element {
  return (
    <div class="fr-container fr-my-4w fr-my-md-6w">
      <div class="fr-grid-row fr-grid-row--center">
        <div class={props.wide ? 'fr-col-12 fr-col-lg-10' : 'fr-col-12 fr-col-md-10 fr-col-lg-8'}>
          {props.children}
        </div>
      </div>
    </div>
  );
}

/** "0806 706 806" as a phone link. */
export function HelplineLink(): JSX.Element {
  return (
    <a class="fr-link hl-phone" href={`tel:${INFO_LOGEMENT_INDIGNE_TEL}`}>
      {INFO_LOGEMENT_INDIGNE_PHONE}
    </a>
  );
}

export const formUrl = {
  start: '/signalement',
  resume: (uuid: string) => `/signalement/${uuid}`,
  screen: (uuid: string, slug: string) => `/signalement/${uuid}/${slug}`,
  recap: (uuid: string) => `/signalement/${uuid}/recapitulatif`,
  submit: (uuid: string) => `/signalement/${uuid}/envoyer`,
  followUpLinks: (uuid: string) => `/signalement/${uuid}/lien-de-suivi`,
  confirmation: (uuid: string) => `/signalement/${uuid}/confirmation`,
  finishLater: (uuid: string) => `/signalement/${uuid}/finir-plus-tard`,
  abandon: (uuid: string) => `/signalement/${uuid}/abandonner`,
  followUp: (code: string) => `/suivre-mon-signalement/${encodeURIComponent(code)}`,
};
