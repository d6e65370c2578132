import { Button } from '../../../ui/dsfr/button.tsx';
import { Select } from '../../../ui/dsfr/choice.tsx';
import { ErrorSummary, Form } from '../../../ui/dsfr/form.tsx';
import { Input, Textarea } from '../../../ui/dsfr/input.tsx';
import { Table } from '../../../ui/dsfr/table.tsx';
import { Upload } from '../../../ui/dsfr/upload.tsx';
import { type CurrentUserView, type Flash, NAV, Page } from '../../../ui/layout/page.tsx';
import { TerritoirePicker } from '../../admin-regles/views/regles-page.tsx';
import type { ZoneRow } from '../zones.repository.ts';
import { ZONE_TYPE_LABELS, ZONE_TYPES } from '../zones.service.ts';
import { ZoneMap } from './zone-map.tsx';

export const ZONES_PATH = '/bo/admin/zones';

type Territoire = { id: number; code: string; nom: string };
const tLabel = (t: Territoire) => `${t.code} – ${t.nom}`;
const typeLabel = (t: string) => ZONE_TYPE_LABELS[t as keyof typeof ZONE_TYPE_LABELS] ?? t;

function ZoneFields(props: {
  values: Record<string, string>;
  errors: Record<string, string>;
  editing: boolean;
}): JSX.Element {
  const { values: v, errors: e } = props;
  return (
    <>
      <Input id="name" label="Nom de la zone" value={v.name ?? ''} error={e.name} maxLength={100} required />
      <Select
        id="type"
        label="Type de zone"
        options={ZONE_TYPES.map((t) => ({ value: t, label: ZONE_TYPE_LABELS[t] }))}
        value={v.type ?? ''}
        error={e.type}
        placeholder="Choisir un type"
        required
      />
      <Textarea
        id="geometry"
        label={props.editing ? 'Nouveau contour (facultatif)' : 'Contour de la zone (WKT ou GeoJSON)'}
        hint="Par exemple POLYGON((3.87 43.60, 3.89 43.60, 3.89 43.62, 3.87 43.60)), longitude puis latitude ; ou un GeoJSON Polygon, MultiPolygon, Feature ou FeatureCollection."
        value={v.geometry ?? ''}
        error={e.geometry}
        rows={4}
      />
      <Upload
        id="csv"
        label="Ou un fichier CSV avec une colonne « WKT »"
        hint="Taille maximale : 5 Mo. Format accepté : csv. Si un fichier est envoyé, il remplace le texte ci-dessus."
        accept=".csv,text/csv"
        error={e.csv}
      />
    </>
  );
}

export function ZonesPage(props: {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  territoires: Territoire[];
  territoire?: Territoire;
  zones: ZoneRow[];
  values: Record<string, string>;
  errors: Record<string, string>;
}): JSX.Element {
  const t = props.territoire;
  const e = props.errors;
  const hasErrors = Object.keys(e).length > 0;
  return (
    <Page
      title="Zones"
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      activeNav={NAV.bo.admin}
      hasErrors={hasErrors}
      breadcrumb={[{ label: 'Tableau de bord', href: '/bo' }, { label: 'Zones' }]}
    >
      <div class="fr-container fr-py-4w">
        <h1 class="fr-h2">Zones</h1>
        <p>
          Une zone est un périmètre dessiné (quartier, opération programmée, permis de louer…). Elle peut
          délimiter le périmètre d’un partenaire ou servir de critère aux règles d’affectation.
        </p>
        {hasErrors ? <ErrorSummary errors={e} /> : ''}
        <TerritoirePicker action={ZONES_PATH} territoires={props.territoires} territoire={t} />
        {t ? (
          <>
            <Table
              caption={`Zones du territoire ${tLabel(t)}`}
              headers={['Zone', 'Type', 'Aperçu']}
              emptyMessage="Aucune zone pour le moment."
              multiline
            >
              {props.zones.length
                ? props.zones.map((z) => (
                    <tr>
                      <td>
                        <a href={`${ZONES_PATH}/${z.id}`} safe>
                          {z.name}
                        </a>
                      </td>
                      <td safe>{typeLabel(z.type)}</td>
                      <td>
                        <ZoneMap id={`hl-zone-${z.id}`} name={z.name} geometry={z.geometry} bbox={z.bbox} />
                      </td>
                    </tr>
                  ))
                : undefined}
            </Table>
            <h2 class="fr-h4 fr-mt-6w">Ajouter une zone</h2>
            <Form
              csrfToken={props.csrfToken}
              action={`${ZONES_PATH}?territoire=${t.id}`}
              multipart
              class="hl-admin-form"
            >
              <ZoneFields values={props.values} errors={e} editing={false} />
              <Button label="Ajouter la zone" />
            </Form>
          </>
        ) : (
          <p>Aucun territoire à gérer.</p>
        )}
      </div>
    </Page>
  );
}

export function ZonePage(props: {
  user: CurrentUserView;
  csrfToken: string;
  flashes?: Flash[];
  territoire: Territoire;
  zone: ZoneRow;
  partners: { id: number; nom: string; excluded: boolean }[];
  rules: number;
  values: Record<string, string>;
  errors: Record<string, string>;
}): JSX.Element {
  const z = props.zone;
  const e = props.errors;
  const hasErrors = Object.keys(e).length > 0;
  const linked = props.partners.filter((p) => !p.excluded);
  const excluded = props.partners.filter((p) => p.excluded);
  return (
    <Page
      title={`Zone ${z.name}`}
      area="bo"
      user={props.user}
      csrfToken={props.csrfToken}
      flashes={props.flashes}
      activeNav={NAV.bo.admin}
      hasErrors={hasErrors}
      breadcrumb={[
        { label: 'Tableau de bord', href: '/bo' },
        { label: 'Zones', href: `${ZONES_PATH}?territoire=${props.territoire.id}` },
        { label: z.name },
      ]}
    >
      <div class="fr-container fr-py-4w">
        <h1 class="fr-h2" safe>
          {`Zone ${z.name}`}
        </h1>
        <p safe>{`${typeLabel(z.type)} – territoire ${tLabel(props.territoire)}`}</p>
        <ZoneMap id="hl-zone-detail" name={z.name} geometry={z.geometry} bbox={z.bbox} />
        <p safe>
          {`Partenaires de la zone : ${linked.length ? linked.map((p) => p.nom).join(', ') : 'aucun'}. Partenaires exclus : ${
            excluded.length ? excluded.map((p) => p.nom).join(', ') : 'aucun'
          }. Règles d’affectation qui l’utilisent : ${props.rules}.`}
        </p>
        {hasErrors ? <ErrorSummary errors={e} /> : ''}
        <h2 class="fr-h4">Modifier la zone</h2>
        <Form csrfToken={props.csrfToken} action={`${ZONES_PATH}/${z.id}`} multipart class="hl-admin-form">
          <ZoneFields values={props.values} errors={e} editing />
          <Button label="Enregistrer la zone" />
        </Form>
        <h2 class="fr-h4 fr-mt-6w">Supprimer la zone</h2>
        <Form csrfToken={props.csrfToken} action={`${ZONES_PATH}/${z.id}/supprimer`}>
          <Button label={`Supprimer la zone ${z.name}`} priority="secondary" icon="fr-icon-delete-line" />
        </Form>
      </div>
    </Page>
  );
}
