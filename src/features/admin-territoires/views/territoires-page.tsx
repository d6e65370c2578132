import { Button } from '../../../ui/dsfr/button.tsx';
import { Checkbox, Select } from '../../../ui/dsfr/choice.tsx';
import { Badge } from '../../../ui/dsfr/display.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Textarea } from '../../../ui/dsfr/input.tsx';
import { Table } from '../../../ui/dsfr/table.tsx';
import { type CurrentUserView, type Flash, NAV, Page } from '../../../ui/layout/page.tsx';

export const TERRITOIRES_PATH = '/bo/admin/territoires';

export interface TerritoireRow {
  id: number;
  code: string;
  nom: string;
  isActive: boolean;
  isAutoAffectationEnabled: boolean;
  timezone: string;
  authorizedCodesInsee: string[] | null;
}

export function TerritoiresPage(props: {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  territoires: TerritoireRow[];
}): JSX.Element {
  return (
    <Page
      title="Territoires"
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      activeNav={NAV.bo.admin}
      breadcrumb={[{ label: 'Tableau de bord', href: '/bo' }, { label: 'Territoires' }]}
    >
      <div class="fr-container fr-py-4w">
        <h1 class="fr-h2">Territoires</h1>
        <p>
          Ouvrez ou fermez un territoire au formulaire public, activez l’affectation automatique, limitez les
          communes acceptées et choisissez le fuseau horaire.
        </p>
        <Table
          caption={`${props.territoires.length} territoires`}
          headers={[
            'Territoire',
            'Formulaire public',
            'Affectation automatique',
            'Fuseau horaire',
            'Modifier',
          ]}
          multiline
        >
          {props.territoires.map((t) => (
            <tr>
              <td safe>{`${t.code} – ${t.nom}`}</td>
              <td>
                {t.isActive ? (
                  <Badge label="Ouvert" severity="success" small />
                ) : (
                  <Badge label="Fermé" small />
                )}
              </td>
              <td>{t.isAutoAffectationEnabled ? 'Activée' : 'Désactivée'}</td>
              <td safe>{t.timezone}</td>
              <td>
                <a href={`${TERRITOIRES_PATH}/${t.id}`} safe>
                  {`Modifier ${t.code} – ${t.nom}`}
                </a>
              </td>
            </tr>
          ))}
        </Table>
      </div>
    </Page>
  );
}

export function TerritoireEditPage(props: {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  territoire: TerritoireRow;
  timezones: readonly string[];
  values: {
    isActive: boolean;
    isAutoAffectationEnabled: boolean;
    authorizedCodesInsee: string;
    timezone: string;
  };
  errors: Record<string, string>;
}): JSX.Element {
  const t = props.territoire;
  const e = props.errors;
  const hasErrors = Object.keys(e).length > 0;
  const title = `${t.code} – ${t.nom}`;
  return (
    <Page
      title={`Territoire ${title}`}
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      activeNav={NAV.bo.admin}
      hasErrors={hasErrors}
      breadcrumb={[
        { label: 'Tableau de bord', href: '/bo' },
        { label: 'Territoires', href: TERRITOIRES_PATH },
        { label: title },
      ]}
    >
      <div class="fr-container fr-py-4w">
        <h1 class="fr-h2" safe>
          {`Territoire ${title}`}
        </h1>
        {hasErrors ? <ErrorSummary errors={e} /> : ''}
        <Form csrfToken={props.csrfToken} action={`${TERRITOIRES_PATH}/${t.id}`} class="hl-admin-form">
          <Checkbox
            id="isActive"
            label="Ouvert au formulaire public"
            hint="Fermé : les habitants de ce territoire ne peuvent pas déposer de signalement en ligne."
            value="1"
            checked={props.values.isActive}
          />
          <Checkbox
            id="isAutoAffectationEnabled"
            label="Affectation automatique des nouveaux signalements"
            hint="Les règles d’affectation actives choisissent les partenaires dès le dépôt ; le dossier est alors validé automatiquement."
            value="1"
            checked={props.values.isAutoAffectationEnabled}
          />
          <Textarea
            id="authorizedCodesInsee"
            label="Communes autorisées (codes INSEE)"
            hint="Laissez vide pour accepter tout le territoire. Sinon, séparez les codes par des virgules ou des espaces, par exemple : 34172, 34057."
            value={props.values.authorizedCodesInsee}
            error={e.authorizedCodesInsee}
            rows={3}
          />
          <Select
            id="timezone"
            label="Fuseau horaire"
            options={props.timezones.map((z) => ({ value: z, label: z }))}
            value={props.values.timezone}
            error={e.timezone}
            placeholder={false}
            required
          />
          <Button label="Enregistrer le territoire" />
        </Form>
      </div>
    </Page>
  );
}
