// DSFR components (server-rendered, Kita JSX). Text props are escaped by the components; rich content goes
// through `children`, which xss-scan checks at each call site.
export { Artwork } from './artwork.tsx';
export {
  Button,
  type ButtonPriority,
  type ButtonProps,
  ButtonsGroup,
  type ButtonsGroupProps,
} from './button.tsx';
export {
  Checkbox,
  CheckboxGroup,
  type CheckboxGroupProps,
  type CheckboxProps,
  type ChoiceOption,
  FieldGroup,
  type FieldsetProps,
  optionId,
  RadioGroup,
  type RadioGroupProps,
  Select,
  type SelectOption,
  type SelectProps,
} from './choice.tsx';
export {
  type AccentColor,
  Alert,
  type AlertProps,
  Badge,
  type BadgeProps,
  type BadgeSeverity,
  BadgesGroup,
  Breadcrumb,
  type BreadcrumbProps,
  Card,
  type CardProps,
  Notice,
  type NoticeProps,
  type Severity,
  Stepper,
  type StepperProps,
  statusBadge,
  Tag,
  type TagProps,
  TagsGroup,
  Tile,
  type TileProps,
} from './display.tsx';
export { errorId, messagesId, RequiredFieldsHint } from './field.tsx';
export {
  CSRF_FIELD,
  CsrfInput,
  ERROR_SUMMARY_ID,
  ErrorSummary,
  type FieldError,
  Form,
  type FormProps,
  toFieldErrors,
} from './form.tsx';
export {
  Input,
  type InputProps,
  type InputType,
  PasswordInput,
  type PasswordInputProps,
  Textarea,
  type TextareaProps,
} from './input.tsx';
export { Pagination, type PaginationProps, pageHrefFor, pageWindow } from './pagination.tsx';
export { Table, type TableCell, type TableHeader, type TableProps } from './table.tsx';
export { type TabItem, Tabs, type TabsProps } from './tabs.tsx';
export { Upload, type UploadProps, uploadHint } from './upload.tsx';
export { attrValue, cx, type HeadingLevel, idRefs, slugId, toHtml } from './util.ts';
