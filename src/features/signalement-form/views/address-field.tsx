import { escapeHtml } from '@kitajs/html';
import { FieldMessages, messagesId, RequiredMark } from '../../../ui/dsfr/field.tsx';
import { Input } from '../../../ui/dsfr/input.tsx';
import { attrValue, cx } from '../../../ui/dsfr/util.ts';
import { evaluate, type FormData } from '../definition/predicates.ts';
import type { AddressField } from '../definition/types.ts';

/**
 * An address question. Without JavaScript: a fieldset with three plain inputs (numéro et voie, code postal,
 * commune) and hidden inputs carrying what the address search found (INSEE code, BAN id, coordinates, and
 * whether the address was typed by hand). With JavaScript, src/client/address-autocomplete.island.ts reveals
 * the search box above the inputs (rendered hidden here) and fills everything from the chosen suggestion.
 */

export const ADDRESS_ENDPOINT = '/api/adresse/recherche';

/** Names of the sub-fields of an address field called `name` (payload keys, input names and ids). */
export function addressSubFields(name: string) {
  return {
    numero: `${name}_detail_numero`,
    codePostal: `${name}_detail_code_postal`,
    commune: `${name}_detail_commune`,
    insee: `${name}_detail_insee`,
    banId: `${name}_detail_ban_id`,
    lat: `${name}_detail_geoloc_lat`,
    lng: `${name}_detail_geoloc_lng`,
    manual: `${name}_detail_manual`,
  } as const;
}

function text(data: FormData, key: string): string {
  const v = data[key];
  return typeof v === 'string' ? v : '';
}

/** The full address line stored in `<name>`: "33 Rue des Phocéens 13002 Marseille". */
export function addressLine(data: FormData, name: string): string {
  const f = addressSubFields(name);
  return [text(data, f.numero), text(data, f.codePostal), text(data, f.commune)]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(' ');
}

function isRequired(field: AddressField, data: FormData): boolean {
  if (field.required === undefined || field.required === true) return true;
  if (field.required === false) return false;
  return evaluate(field.required, data);
}

export function AddressFieldView(props: {
  field: AddressField;
  data: FormData;
  errors: Record<string, string>;
}): JSX.Element {
  const { field, data, errors } = props;
  const name = field.name;
  const f = addressSubFields(name);
  const required = isRequired(field, data);
  const groupError = errors[name];
  const searchId = `${name}-search`;
  const manual = text(data, f.manual) || '1';

  return (
    <fieldset
      class={cx('fr-fieldset', 'hl-address', groupError && 'fr-fieldset--error')}
      id={name}
      aria-labelledby={`${name}-legend ${messagesId(name)}`}
      data-address-field={name}
      data-address-endpoint={ADDRESS_ENDPOINT}
    >
      <legend class="fr-fieldset__legend" id={`${name}-legend`}>
        {escapeHtml(field.label)}
        <RequiredMark required={required} />
        {field.hint ? (
          <span class="fr-hint-text" safe>
            {field.hint}
          </span>
        ) : (
          ''
        )}
      </legend>
      <div class="fr-fieldset__element hl-address__search" data-address-search hidden>
        <div class="fr-input-group">
          <label class="fr-label" for={searchId}>
            Rechercher l’adresse
            <span class="fr-hint-text">
              Tapez au moins 3 caractères, puis choisissez l’adresse dans la liste.
            </span>
          </label>
          <div class="hl-combobox">
            <input
              class="fr-input"
              id={searchId}
              type="text"
              role="combobox"
              aria-autocomplete="list"
              aria-expanded="false"
              aria-controls={`${searchId}-listbox`}
              autocomplete="off"
              autocapitalize="off"
              spellcheck="false"
              maxlength={200}
              enterkeyhint="search"
              data-address-input
            />
            <div
              class="hl-combobox__listbox"
              id={`${searchId}-listbox`}
              role="listbox"
              aria-label="Adresses proposées"
              data-address-listbox
              hidden
            ></div>
          </div>
          <p class="fr-sr-only" id={`${searchId}-status`} aria-live="polite" data-address-status></p>
          <p class="fr-message fr-message--info hl-address__notice" data-address-notice hidden></p>
        </div>
      </div>
      <div class="fr-fieldset__element">
        <Input
          id={f.numero}
          label="Numéro et voie"
          hint="Par exemple : 12 rue de la Paix"
          value={text(data, f.numero)}
          error={errors[f.numero]}
          required={required}
          autocomplete="address-line1"
          maxLength={200}
          class="fr-mb-0"
        />
      </div>
      <div class="fr-fieldset__element hl-address__cp">
        <Input
          id={f.codePostal}
          label="Code postal"
          hint="5 chiffres"
          value={text(data, f.codePostal)}
          error={errors[f.codePostal]}
          required={required}
          autocomplete="postal-code"
          inputMode="numeric"
          maxLength={5}
          class="fr-mb-0"
        />
      </div>
      <div class="fr-fieldset__element">
        <Input
          id={f.commune}
          label="Commune"
          value={text(data, f.commune)}
          error={errors[f.commune]}
          required={required}
          autocomplete="address-level2"
          maxLength={100}
          class="fr-mb-0"
        />
      </div>
      <input type="hidden" name={f.insee} value={attrValue(text(data, f.insee))} data-address-part="insee" />
      <input type="hidden" name={f.banId} value={attrValue(text(data, f.banId))} data-address-part="banId" />
      <input type="hidden" name={f.lat} value={attrValue(text(data, f.lat))} data-address-part="lat" />
      <input type="hidden" name={f.lng} value={attrValue(text(data, f.lng))} data-address-part="lng" />
      <input type="hidden" name={f.manual} value={attrValue(manual)} data-address-part="manual" />
      <FieldMessages id={name} error={groupError} />
    </fieldset>
  );
}
