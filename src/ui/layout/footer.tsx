export const FOOTER_ID = 'footer';

const GOV_LINKS = [
  { label: 'info.gouv.fr', href: 'https://info.gouv.fr' },
  { label: 'service-public.gouv.fr', href: 'https://service-public.gouv.fr' },
  { label: 'legifrance.gouv.fr', href: 'https://legifrance.gouv.fr' },
  { label: 'data.gouv.fr', href: 'https://data.gouv.fr' },
];

const BOTTOM_LINKS = [
  { label: 'Accessibilité : non conforme', href: '/accessibilite' },
  { label: 'Mentions légales', href: '/mentions-legales' },
  { label: 'Données personnelles', href: '/donnees-personnelles' },
];

/** DSFR footer (minimal version: brand, description, official links, legal links, licence). */
export function Footer(): JSX.Element {
  return (
    <footer class="fr-footer" role="contentinfo" id={FOOTER_ID}>
      <div class="fr-container">
        <div class="fr-footer__body">
          <div class="fr-footer__brand fr-enlarge-link">
            <a href="/" title="Retour à l’accueil du site - Histologe - République Française">
              <p class="fr-logo">
                République
                <br />
                Française
              </p>
            </a>
          </div>
          <div class="fr-footer__content">
            <p class="fr-footer__content-desc">
              Histologe permet de signaler un logement en mauvais état ou dangereux, et aide les services
              publics et leurs partenaires à traiter ces signalements ensemble.
            </p>
            <ul class="fr-footer__content-list">
              {GOV_LINKS.map((l) => (
                <li class="fr-footer__content-item">
                  <a
                    class="fr-footer__content-link"
                    href={l.href}
                    target="_blank"
                    rel="noopener external"
                    title={`${l.label} - nouvelle fenêtre`}
                    safe
                  >
                    {l.label}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </div>
        <div class="fr-footer__bottom">
          <ul class="fr-footer__bottom-list">
            {BOTTOM_LINKS.map((l) => (
              <li class="fr-footer__bottom-item">
                <a class="fr-footer__bottom-link" href={l.href} safe>
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
          <div class="fr-footer__bottom-copy">
            <p>
              Sauf mention explicite de propriété intellectuelle détenue par des tiers, les contenus de ce
              site sont proposés sous{' '}
              <a
                href="https://github.com/etalab/licence-ouverte/blob/master/LO.md"
                target="_blank"
                rel="noopener external"
                title="Licence etalab - nouvelle fenêtre"
              >
                licence etalab-2.0
              </a>
            </p>
          </div>
        </div>
      </div>
    </footer>
  );
}
