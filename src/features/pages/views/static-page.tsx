import type { Children } from '@kitajs/html';
import { type Area, type CurrentUserView, Page } from '../../../ui/layout/page.tsx';

export interface StaticPageProps {
  /** Footer pages are reachable from both areas; the header follows the visitor's. */
  area?: Area;
  user?: CurrentUserView;
  csrfToken?: string;
}

/** Shared frame of the legal pages: breadcrumb, readable column. */
export function StaticPage(props: StaticPageProps & { title: string; children: Children }): JSX.Element {
  const area = props.area ?? 'public';
  return (
    <Page
      title={props.title}
      area={area}
      user={props.user}
      csrfToken={props.csrfToken}
      breadcrumb={[
        { label: 'Accueil', href: area === 'bo' && props.user ? '/bo' : '/' },
        { label: props.title },
      ]}
    >
      <div class="fr-container fr-pb-8w">
        <div class="fr-grid-row">
          <div class="fr-col-12 fr-col-md-10 fr-col-lg-8">{props.children}</div>
        </div>
      </div>
    </Page>
  );
}
