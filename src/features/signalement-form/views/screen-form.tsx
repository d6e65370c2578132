/**
 * The fields of one screen of the public form, rendered with the DSFR components.
 *
 * Conditional fields: a condition is first evaluated on the server with the answers of the other screens
 * (`residual`). When the outcome is known, the field is rendered or left out. When it still depends on answers
 * of this same screen, the field is always rendered (so the page works without JavaScript: the server ignores
 * the answer if the condition turns out false), inside a wrapper carrying `data-show-if` (JSON of the remaining
 * predicate); the form-conditions island hides or shows it live.
 */
import type { Children } from '@kitajs/html';
import { staticAsset } from '../../../ui/assets.ts';
import {
  Checkbox,
  CheckboxGroup,
  FieldGroup,
  optionId,
  RadioGroup,
  Select,
} from '../../../ui/dsfr/choice.tsx';
import { Alert } from '../../../ui/dsfr/display.tsx';
import type { FieldError } from '../../../ui/dsfr/form.tsx';
import { Input, Textarea } from '../../../ui/dsfr/input.tsx';
import { Upload, uploadHint } from '../../../ui/dsfr/upload.tsx';
import { attrValue } from '../../../ui/dsfr/util.ts';
import type { FormData, Predicate } from '../definition/predicates.ts';
import type { Field, InfoBlock, InputField, Screen, UploadField } from '../definition/types.ts';
import { addressKey, inputsOf, residual, screenKeys } from '../engine/conditions.ts';
import { formatPhone } from '../engine/navigation.ts';
import { isIsoDate, isRequired, todayInParis } from '../engine/validate.ts';
import { AddressFieldView } from './address-field.tsx';

export interface UploadedFile {
  uuid: string;
  filename: string;
  thumbUrl?: string;
  /** Field name, when the files are given as one flat list. */
  field?: string;
}

export interface ScreenFieldsProps {
  screen: Screen;
  data: FormData;
  errors: Record<string, string>;
  /** Files already sent, by field name (or one list whose items name their `field`). */
  uploads?: Record<string, readonly UploadedFile[]> | readonly UploadedFile[];
  /** formaction of the "Supprimer" buttons (a URL, or a function of the file uuid); default: the form's action. */
  deleteFileAction?: string | ((uuid: string) => string);
  /** YYYY-MM-DD, for date bounds set to 'today' (default: today in Paris). */
  today?: string;
}

interface Ctx {
  data: FormData;
  errors: Record<string, string>;
  local: ReadonlySet<string>;
  files: (name: string) => readonly UploadedFile[];
  deleteAction: (uuid: string) => string | undefined;
  today: string;
}

function text(data: FormData, key: string): string {
  const v = data[key];
  return typeof v === 'string' ? v : '';
}

function list(data: FormData, key: string): string[] {
  const v = data[key];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : [...v];
}

/** Required mark: known on the server, or shown when it depends on answers of this screen. */
function requiredMark(field: InputField, ctx: Ctx): boolean {
  if (typeof field.required !== 'object') return isRequired(field, ctx.data);
  const r = residual(field.required as Predicate, ctx.data, ctx.local);
  return r !== false;
}

const PHOTO_ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,image/heic,image/heif,image/avif';
const DOCUMENT_ACCEPT = `${PHOTO_ACCEPT},application/pdf,.pdf`;

function UploadView(props: { field: UploadField; ctx: Ctx; required: boolean }): JSX.Element {
  const { field, ctx } = props;
  const files = ctx.files(field.name);
  const formats = field.accept === 'photos' ? ['jpg', 'png'] : ['jpg', 'png', 'pdf'];
  const hint = [field.hint, uploadHint({ formats, maxSizeLabel: '10 Mo', multiple: true })]
    .filter(Boolean)
    .join(' ');
  return (
    <div class="hl-upload-field">
      <Upload
        id={field.name}
        label={field.label}
        hint={hint}
        accept={field.accept === 'photos' ? PHOTO_ACCEPT : DOCUMENT_ACCEPT}
        multiple
        error={ctx.errors[field.name]}
        required={props.required && files.length === 0}
      />
      {files.length > 0 ? (
        <div class="hl-upload-files fr-mt-2w">
          <p class="fr-text--sm fr-mb-1w" id={`${field.name}-files`} safe>
            {files.length === 1 ? 'Fichier déjà ajouté :' : `${files.length} fichiers déjà ajoutés :`}
          </p>
          <ul class="hl-upload-list" aria-labelledby={`${field.name}-files`}>
            {files.map((f) => (
              <li class="hl-upload-list__item">
                {f.thumbUrl ? <img class="hl-upload-list__thumb" src={f.thumbUrl} alt="" /> : ''}
                <span class="hl-upload-list__name" safe>
                  {f.filename}
                </span>
                <button
                  type="submit"
                  class="fr-btn fr-btn--tertiary fr-btn--sm fr-icon-delete-line fr-btn--icon-left"
                  name="_delete_file"
                  value={attrValue(f.uuid)}
                  formaction={ctx.deleteAction(f.uuid)}
                  formnovalidate
                >
                  Supprimer<span class="fr-sr-only" safe>{` le fichier ${f.filename}`}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        ''
      )}
    </div>
  );
}

function numberShown(value: string): string {
  return /^-?\d+\.\d+$/.test(value) ? value.replace('.', ',') : value;
}

/** One input field (without its conditional wrapper). */
export function FieldView(props: { field: InputField; ctx: Ctx }): JSX.Element {
  const { field, ctx } = props;
  const { data, errors } = ctx;
  const id = field.name;
  const error = errors[field.name];
  const required = requiredMark(field, ctx);
  const base = { id, label: field.label, hint: field.hint, error, required };
  switch (field.kind) {
    case 'text':
      return (
        <Input
          {...base}
          value={text(data, id)}
          maxLength={field.maxLength}
          autocomplete={field.autocomplete}
          inputMode={field.inputMode}
          class={field.width ? `hl-input--${field.width}` : undefined}
        />
      );
    case 'textarea':
      return <Textarea {...base} value={text(data, id)} rows={field.rows ?? 5} maxLength={field.maxLength} />;
    case 'email':
      return (
        <Input
          {...base}
          type="email"
          value={text(data, id)}
          autocomplete={field.autocomplete ?? 'email'}
          spellcheck={false}
          autocapitalize="off"
          hint={field.hint ?? 'Par exemple : nom@exemple.fr'}
        />
      );
    case 'phone': {
      const value = text(data, id);
      return (
        <Input
          {...base}
          type="tel"
          value={value.startsWith('+') ? formatPhone(value) : value}
          autocomplete={field.autocomplete ?? 'tel'}
          hint={field.hint ?? 'Par exemple : 06 12 34 56 78'}
        />
      );
    }
    case 'number':
      return (
        <Input
          {...base}
          value={numberShown(text(data, id))}
          inputMode={field.decimal ? 'decimal' : 'numeric'}
          hint={field.hint ?? (field.unit ? `En ${field.unit}` : undefined)}
          class="hl-input--short"
        />
      );
    case 'date': {
      const value = text(data, id);
      // A value that is not an ISO date would be blanked by a date input: show it as typed in a text one.
      const typedBack = value !== '' && !isIsoDate(value);
      return (
        <Input
          {...base}
          type={typedBack ? 'text' : 'date'}
          value={value}
          min={field.min === 'today' ? ctx.today : field.min}
          max={field.max === 'today' ? ctx.today : field.max}
          hint={field.hint ?? 'Au format JJ/MM/AAAA, par exemple 25/03/2024'}
          class="hl-input--medium"
        />
      );
    }
    case 'month-year':
      return (
        <Input
          {...base}
          value={text(data, id)}
          maxLength={7}
          hint={field.hint ?? 'Au format MM/AAAA, par exemple 03/2024'}
          class="hl-input--short"
        />
      );
    case 'radio':
      return (
        <RadioGroup
          id={id}
          legend={field.label}
          hint={field.hint}
          options={field.options.map((o) => ({ ...o }))}
          value={text(data, id)}
          error={error}
          required={required}
          inline={field.inline}
        />
      );
    case 'checkboxes':
      return (
        <CheckboxGroup
          id={id}
          legend={field.label}
          hint={field.hint}
          options={field.options.map((o) => ({ ...o }))}
          values={list(data, id)}
          error={error}
          required={required}
        />
      );
    case 'checkbox':
      return <Checkbox {...base} checked={text(data, id) === '1'} value="1" />;
    case 'select':
      return (
        <Select
          {...base}
          options={field.options.map((o) => ({ value: o.value, label: o.label }))}
          value={text(data, id)}
          placeholder={field.placeholder}
        />
      );
    case 'address':
      return <AddressFieldView field={field} data={data} errors={errors} />;
    case 'upload':
      return <UploadView field={field} ctx={ctx} required={required} />;
  }
}

function InfoView(props: { block: InfoBlock }): JSX.Element {
  const { block } = props;
  const link = block.link;
  const external = link ? /^https?:\/\//.test(link.href) : false;
  return (
    <Alert
      type={block.severity ?? 'info'}
      title={block.title}
      titleAs="h2"
      small={!block.title}
      class="fr-mb-3w"
    >
      {block.text.map((p) => (
        <p safe>{p}</p>
      ))}
      {link ? (
        <p>
          <a class="fr-link" href={link.href} rel={external ? 'noopener' : undefined} safe>
            {link.label}
          </a>
        </p>
      ) : (
        ''
      )}
    </Alert>
  );
}

/** Wraps a block according to its condition: left out, rendered, or rendered with `data-show-if`. */
function Conditional(props: { showIf?: Predicate; ctx: Ctx; name: string; children: Children }): JSX.Element {
  const r = residual(props.showIf, props.ctx.data, props.ctx.local);
  if (r === false) return '';
  if (r === true) return props.children as JSX.Element;
  return (
    <div class="hl-conditional" data-show-if={attrValue(JSON.stringify(r))} data-show-if-for={props.name}>
      {props.children}
    </div>
  );
}

function FieldsView(props: { fields: readonly Field[]; ctx: Ctx; inGroup?: boolean }): JSX.Element {
  const { ctx } = props;
  return (
    <>
      {props.fields.map((f) => {
        let inner: JSX.Element;
        if (f.kind === 'info') inner = <InfoView block={f} />;
        else if (f.kind === 'group')
          inner = (
            <FieldGroup id={f.name} legend={f.legend} hint={f.hint}>
              <FieldsView fields={f.fields} ctx={ctx} inGroup />
            </FieldGroup>
          );
        else inner = <FieldView field={f} ctx={ctx} />;
        const wrapped = (
          <Conditional showIf={f.showIf} ctx={ctx} name={f.name}>
            {inner}
          </Conditional>
        );
        return props.inGroup && wrapped !== '' ? <div class="fr-fieldset__element">{wrapped}</div> : wrapped;
      })}
    </>
  );
}

function filesByField(uploads: ScreenFieldsProps['uploads']): (name: string) => readonly UploadedFile[] {
  if (!uploads) return () => [];
  if (Array.isArray(uploads)) {
    const flat = uploads as readonly UploadedFile[];
    return (name) => flat.filter((f) => f.field === name);
  }
  const byName = uploads as Record<string, readonly UploadedFile[]>;
  return (name) => byName[name] ?? [];
}

/** Every field of a screen, with its value, error and condition. */
export function ScreenFields(props: ScreenFieldsProps): JSX.Element {
  const action = props.deleteFileAction;
  const ctx: Ctx = {
    data: props.data,
    errors: props.errors,
    local: screenKeys(props.screen),
    files: filesByField(props.uploads),
    deleteAction: (uuid) => (typeof action === 'function' ? action(uuid) : action),
    today: props.today ?? todayInParis(),
  };
  return <FieldsView fields={props.screen.fields} ctx={ctx} />;
}

/**
 * Errors of a screen for the DSFR ErrorSummary, in the order of the fields, each linking to the control to
 * fix (first option of a radio or checkbox group, the sub-field of an address). Keys that match no field (set
 * by `screen.validate`) link to an element with that id.
 */
export function formErrorList(screen: Screen, errors: Record<string, string>): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  const push = (key: string, fieldId: string) => {
    const message = errors[key];
    if (!message || seen.has(key)) return;
    seen.add(key);
    out.push({ fieldId, message });
  };
  for (const { field } of inputsOf(screen.fields)) {
    if (field.kind === 'address') {
      for (const part of ['numero', 'code_postal', 'commune'] as const) {
        const key = addressKey(field.name, part);
        push(key, key);
      }
      push(field.name, field.name);
    } else if (field.kind === 'radio' || field.kind === 'checkboxes') {
      const first = field.options[0];
      push(field.name, first ? optionId(field.name, 0, { ...first }) : field.name);
    } else push(field.name, field.name);
  }
  for (const key of Object.keys(errors)) push(key, key);
  return out;
}

/** All conditions of the screen that the browser evaluates (for tests and debugging). */
export function liveConditions(screen: Screen, data: FormData): Record<string, Predicate> {
  const local = screenKeys(screen);
  const out: Record<string, Predicate> = {};
  const walk = (fields: readonly Field[]) => {
    for (const f of fields) {
      const r = residual(f.showIf, data, local);
      if (r === false) continue;
      if (r !== true) out[f.name] = r;
      if (f.kind === 'group') walk(f.fields);
    }
  };
  walk(screen.fields);
  return out;
}

/** URL of the island that shows and hides conditional fields: pass it in the page's `scripts`. */
export const FORM_CONDITIONS_SCRIPT = staticAsset('js/form-conditions.js');
