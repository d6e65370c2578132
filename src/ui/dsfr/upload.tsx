import { describedBy, FieldLabel, FieldMessages } from './field.tsx';
import { cx } from './util.ts';

export interface UploadProps {
  id: string;
  name?: string;
  label: string;
  /**
   * Formats and size limits, in plain words: "Taille maximale : 10 Mo. Formats acceptés : jpg, png, pdf."
   * Defaults to a text built from `formats` and `maxSizeLabel` when those are given.
   */
  hint?: string;
  /** e.g. ['jpg', 'png', 'pdf']: builds `accept` and the default hint. */
  formats?: string[];
  /** e.g. '10 Mo' (see format.formatFileSize). */
  maxSizeLabel?: string;
  /** Explicit accept attribute (MIME types or extensions); defaults to the formats as extensions. */
  accept?: string;
  multiple?: boolean;
  error?: string;
  valid?: string;
  required?: boolean;
  disabled?: boolean;
  class?: string;
}

export function uploadHint(props: { formats?: string[]; maxSizeLabel?: string; multiple?: boolean }): string {
  const parts: string[] = [];
  if (props.maxSizeLabel)
    parts.push(`Taille maximale : ${props.maxSizeLabel}${props.multiple ? ' par fichier' : ''}.`);
  if (props.formats?.length) parts.push(`Formats acceptés : ${props.formats.join(', ')}.`);
  if (props.multiple) parts.push('Vous pouvez ajouter plusieurs fichiers.');
  return parts.join(' ');
}

/**
 * DSFR file upload. The server checks type (by content), size and count anyway: `accept` only helps the
 * file picker. The enclosing Form needs `multipart`.
 */
export function Upload(props: UploadProps): JSX.Element {
  const { id } = props;
  const hint = props.hint ?? (uploadHint(props) || undefined);
  const accept = props.accept ?? props.formats?.map((f) => `.${f.replace(/^\./, '')}`).join(',');
  return (
    <div
      class={cx(
        'fr-upload-group',
        props.error && 'fr-upload-group--error',
        !props.error && props.valid && 'fr-upload-group--valid',
        props.disabled && 'fr-upload-group--disabled',
        props.class,
      )}
      id={`${id}-group`}
    >
      <FieldLabel for={id} label={props.label} hint={hint} required={props.required} />
      <input
        class="fr-upload"
        type="file"
        id={id}
        name={props.name ?? id}
        accept={accept || undefined}
        multiple={props.multiple}
        required={props.required}
        disabled={props.disabled}
        aria-describedby={describedBy(id, props.error, props.valid)}
        aria-invalid={props.error ? 'true' : undefined}
      />
      <FieldMessages id={id} error={props.error} valid={props.valid} />
    </div>
  );
}
