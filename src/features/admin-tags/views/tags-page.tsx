import { Button, ButtonsGroup } from '../../../ui/dsfr/button.tsx';
import { Select } from '../../../ui/dsfr/choice.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Input } from '../../../ui/dsfr/input.tsx';
import { Table } from '../../../ui/dsfr/table.tsx';
import { type CurrentUserView, type Flash, NAV, Page } from '../../../ui/layout/page.tsx';

export const TAGS_PATH = '/bo/admin/etiquettes';

export interface TagsPageProps {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  territoireId?: number;
  territoires: { id: number; code: string; nom: string }[];
  tags: {
    id: number;
    label: string;
    territoireId: number;
    territoireCode: string;
    territoireNom: string;
    nbDossiers: number;
  }[];
  values: Record<string, string>;
  errors: Record<string, string>;
}

export function TagsPage(props: TagsPageProps): JSX.Element {
  const e = props.errors;
  const hasErrors = Object.keys(e).length > 0;
  const several = props.territoires.length > 1;
  const territoireLabel = (t: { code: string; nom: string }) => `${t.code} – ${t.nom}`;
  return (
    <Page
      title="Étiquettes"
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      activeNav={NAV.bo.admin}
      hasErrors={hasErrors}
      breadcrumb={[{ label: 'Tableau de bord', href: '/bo' }, { label: 'Étiquettes' }]}
    >
      <div class="fr-container fr-py-4w">
        <h1 class="fr-h2">Étiquettes</h1>
        <p>
          Les étiquettes aident à retrouver des dossiers d’un même territoire (par exemple un quartier ou une
          opération). Elles ne sont visibles que des agents.
        </p>
        {hasErrors ? <ErrorSummary errors={e} /> : ''}

        <h2 class="fr-h4">Ajouter une étiquette</h2>
        <Form csrfToken={props.csrfToken} action={TAGS_PATH} class="hl-admin-inline-form">
          {several ? (
            <Select
              id="territoireId"
              label="Territoire"
              placeholder="Choisir un territoire"
              options={props.territoires.map((t) => ({ value: String(t.id), label: territoireLabel(t) }))}
              value={props.values.territoireId ?? (props.territoireId ? String(props.territoireId) : '')}
              error={e.territoireId}
              required
            />
          ) : (
            ''
          )}
          <Input
            id="label"
            label="Nom de l’étiquette"
            value={props.values.label ?? ''}
            error={e.label}
            maxLength={60}
            required
          />
          <Button label="Ajouter l’étiquette" />
        </Form>

        {several ? (
          <form method="get" action={TAGS_PATH} class="fr-mt-4w" aria-label="Filtrer par territoire">
            <Select
              id="territoire"
              label="Afficher le territoire"
              placeholder="Tous les territoires"
              options={props.territoires.map((t) => ({ value: String(t.id), label: territoireLabel(t) }))}
              value={props.territoireId ? String(props.territoireId) : ''}
            />
            <Button label="Afficher" priority="secondary" size="sm" />
          </form>
        ) : (
          ''
        )}

        <Table
          caption={`${props.tags.length} étiquette${props.tags.length > 1 ? 's' : ''}`}
          headers={['Étiquette', ...(several ? ['Territoire'] : []), 'Dossiers']}
          emptyMessage="Aucune étiquette pour le moment."
          multiline
          class="fr-mt-4w"
        >
          {props.tags.length
            ? props.tags.map((t) => (
                <tr>
                  <td>
                    <a href={`${TAGS_PATH}/${t.id}`} safe>
                      {t.label}
                    </a>
                  </td>
                  {several ? (
                    <td safe>{territoireLabel({ code: t.territoireCode, nom: t.territoireNom })}</td>
                  ) : (
                    ''
                  )}
                  <td>
                    <a href={`/bo/signalements?tag=${t.id}`} safe>
                      {`${t.nbDossiers} dossier${t.nbDossiers > 1 ? 's' : ''}`}
                    </a>
                  </td>
                </tr>
              ))
            : undefined}
        </Table>
      </div>
    </Page>
  );
}

export interface TagEditPageProps {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  tag: { id: number; label: string; territoireLabel: string; nbDossiers: number };
  value?: string;
  error?: string;
}

/** One tag: rename it, or delete it (it is then taken off every dossier). */
export function TagEditPage(props: TagEditPageProps): JSX.Element {
  const t = props.tag;
  const errors = props.error ? { label: props.error } : {};
  return (
    <Page
      title={`Étiquette « ${t.label} »`}
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      activeNav={NAV.bo.admin}
      hasErrors={!!props.error}
      breadcrumb={[
        { label: 'Tableau de bord', href: '/bo' },
        { label: 'Étiquettes', href: TAGS_PATH },
        { label: t.label },
      ]}
    >
      <div class="fr-container fr-py-4w">
        <div class="fr-grid-row">
          <div class="fr-col-12 fr-col-md-8">
            <h1 class="fr-h2" safe>
              {`Étiquette « ${t.label} »`}
            </h1>
            <p
              safe
            >{`Territoire : ${t.territoireLabel} · posée sur ${t.nbDossiers} dossier${t.nbDossiers > 1 ? 's' : ''}`}</p>
            {props.error ? <ErrorSummary errors={errors} /> : ''}
            <h2 class="fr-h4">Renommer</h2>
            <Form csrfToken={props.csrfToken} action={`${TAGS_PATH}/${t.id}`}>
              <Input
                id="label"
                label="Nouveau nom"
                value={props.value ?? t.label}
                error={props.error}
                maxLength={60}
                required
              />
              <ButtonsGroup
                inline="md"
                buttons={[
                  { label: 'Renommer l’étiquette', type: 'submit' },
                  { label: 'Revenir aux étiquettes', href: TAGS_PATH, priority: 'secondary' },
                ]}
              />
            </Form>
            <h2 class="fr-h4 fr-mt-6w">Supprimer</h2>
            <p>
              L’étiquette sera retirée de tous les dossiers qui la portent. Les dossiers eux-mêmes ne changent
              pas.
            </p>
            <Form csrfToken={props.csrfToken} action={`${TAGS_PATH}/${t.id}/supprimer`}>
              <Button label="Supprimer l’étiquette" priority="secondary" icon="fr-icon-delete-line" />
            </Form>
          </div>
        </div>
      </div>
    </Page>
  );
}
