import { Button } from '../../../ui/dsfr/button.tsx';
import { CheckboxGroup } from '../../../ui/dsfr/choice.tsx';
import { Form } from '../../../ui/dsfr/form.tsx';

export const dossierTagsPath = (uuid: string) => `/bo/signalements/${encodeURIComponent(uuid)}/etiquettes`;

export interface TagsFormProps {
  dossierUuid: string;
  territoireId: number;
  current: { id: number; label: string }[];
  available: { id: number; label: string }[];
  csrfToken: string;
}

/**
 * The dossier's tags as checkboxes (works without JavaScript): checked ones are kept or added, unchecked ones
 * removed. Posts to /bo/signalements/:uuid/etiquettes, which redirects back to the dossier.
 */
export function TagsForm(props: TagsFormProps): JSX.Element {
  const ids = `hl-tags-${props.territoireId}`;
  if (props.available.length === 0) {
    return <p class="fr-text--sm">Aucune étiquette n’existe encore sur ce territoire.</p>;
  }
  return (
    <Form csrfToken={props.csrfToken} action={dossierTagsPath(props.dossierUuid)} class="hl-tags-form">
      <input type="hidden" name="form" value="etiquettes" />
      <CheckboxGroup
        id={ids}
        name="tags"
        legend="Étiquettes du dossier"
        options={props.available.map((t) => ({ value: String(t.id), label: t.label }))}
        values={props.current.map((t) => String(t.id))}
        small
        inline
      />
      <Button label="Enregistrer les étiquettes" priority="secondary" size="sm" />
    </Form>
  );
}
