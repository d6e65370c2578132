/**
 * Conditional fields of the public form, live. The server renders every field whose condition depends on
 * answers of the same screen, inside a wrapper with `data-show-if` (JSON predicate, see
 * src/features/signalement-form/views/screen-form.tsx). This island evaluates those predicates against the
 * form's current values, hides what does not apply and disables its inputs so they are not posted.
 * Without JavaScript everything stays visible and the server ignores the answers that do not apply.
 */
import type {
  FormData as Answers,
  FormValue,
  Predicate,
} from '../features/signalement-form/definition/predicates.ts';
import { parsePredicate, visibleMap } from '../features/signalement-form/engine/conditions.ts';

const CONTROLS = 'input, select, textarea, button';
/** Marks the controls this island disabled (so it never re-enables one the page disabled itself). */
const MARK = 'data-show-if-disabled';

/** Current answers of a form: a name used by several checkboxes gives a list. */
function readAnswers(form: HTMLFormElement): Answers {
  const raw = new window.FormData(form);
  const out: Record<string, FormValue> = {};
  const names = new Set<string>();
  raw.forEach((_v, k) => {
    names.add(k);
  });
  for (const name of names) {
    const values = raw.getAll(name).filter((v): v is string => typeof v === 'string');
    if (values.length === 0) continue;
    const boxes = form.querySelectorAll(`input[type="checkbox"][name="${CSS.escape(name)}"]`).length;
    out[name] = boxes > 1 ? values : (values[values.length - 1] as string);
  }
  return out;
}

function hiddenAncestor(el: Element, hidden: Set<Element>): boolean {
  for (let node = el.parentElement; node; node = node.parentElement) if (hidden.has(node)) return true;
  return false;
}

function update(form: HTMLFormElement): void {
  const blocks = Array.from(form.querySelectorAll<HTMLElement>('[data-show-if]'));
  if (blocks.length === 0) return;
  const predicates: Record<string, Predicate> = {};
  blocks.forEach((b, i) => {
    const p = parsePredicate(b.getAttribute('data-show-if'));
    if (p) predicates[String(i)] = p;
  });
  const focused = document.activeElement;
  // Hiding a block disables its inputs, which may change other conditions: repeat until stable.
  for (let pass = 0; pass < 5; pass++) {
    const visible = visibleMap(predicates, readAnswers(form));
    const hidden = new Set<Element>();
    blocks.forEach((b, i) => {
      const show = visible[String(i)] !== false;
      // Never pull the field being typed in from under the person: hide it once focus has left.
      if (!show && !(focused && b !== focused && b.contains(focused))) hidden.add(b);
    });
    let changed = false;
    for (const b of blocks) {
      const hide = hidden.has(b) || hiddenAncestor(b, hidden);
      if (b.hidden !== hide) {
        b.hidden = hide;
        changed = true;
      }
    }
    for (const b of blocks) {
      for (const c of Array.from(b.querySelectorAll<HTMLInputElement>(CONTROLS))) {
        const off = hiddenAncestor(c, hidden);
        if (off && !c.disabled) {
          c.disabled = true;
          c.setAttribute(MARK, '');
          changed = true;
        } else if (!off && c.hasAttribute(MARK)) {
          c.disabled = false;
          c.removeAttribute(MARK);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
}

function init(): void {
  for (const form of Array.from(document.querySelectorAll<HTMLFormElement>('form'))) {
    if (!form.querySelector('[data-show-if]')) continue;
    const run = () => update(form);
    form.addEventListener('change', run);
    form.addEventListener('input', run);
    // A block kept visible because it held the focus is hidden once the focus moves on.
    form.addEventListener('focusout', () => window.setTimeout(run, 0));
    run();
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
