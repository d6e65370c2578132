/**
 * Address search for the public form (ARIA 1.2 combobox with a listbox popup). The server renders, for each
 * address question (src/features/signalement-form/views/address-field.tsx), plain inputs that work without
 * JavaScript and a hidden search box; this island reveals the search box, asks our endpoint
 * (/api/adresse/recherche, which proxies the Base Adresse Nationale) and fills the inputs from the chosen
 * suggestion, with the hidden INSEE code, BAN id and coordinates. Typing in the inputs by hand marks the
 * address as manual and forgets what the search had found.
 *
 * Keyboard: ↓/↑ move in the list (↓ opens it again), Enter chooses, Escape closes (or clears the box),
 * Tab leaves. Touch: tap a suggestion. The number of results is announced in a live region.
 */

interface Suggestion {
  label: string;
  numero: string;
  codePostal: string;
  commune: string;
  insee: string;
  banId: string | null;
  lat: number | null;
  lng: number | null;
}

const DEBOUNCE_MS = 250;
const MIN_CHARS = 3;
const UNAVAILABLE = 'Recherche indisponible, saisissez l’adresse dans les champs ci-dessous.';

function isSuggestion(v: unknown): v is Suggestion {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.label === 'string' &&
    typeof s.codePostal === 'string' &&
    typeof s.commune === 'string' &&
    typeof s.insee === 'string'
  );
}

function countMessage(n: number): string {
  if (n === 0) return 'Aucune adresse trouvée. Vous pouvez remplir les champs ci-dessous vous-même.';
  const found = n === 1 ? '1 adresse trouvée' : `${n} adresses trouvées`;
  return `${found}. Utilisez les flèches haut et bas pour choisir, puis Entrée.`;
}

function setup(root: HTMLElement): void {
  const name = root.dataset.addressField;
  const endpoint = root.dataset.addressEndpoint;
  const box = root.querySelector<HTMLElement>('[data-address-search]');
  const input = root.querySelector<HTMLInputElement>('[data-address-input]');
  const listbox = root.querySelector<HTMLElement>('[data-address-listbox]');
  const status = root.querySelector<HTMLElement>('[data-address-status]');
  const notice = root.querySelector<HTMLElement>('[data-address-notice]');
  if (!name || !endpoint || !box || !input || !listbox || !status) return;

  const field = (suffix: string) =>
    document.getElementById(`${name}_detail_${suffix}`) as HTMLInputElement | null;
  const part = (key: string) => root.querySelector<HTMLInputElement>(`input[data-address-part="${key}"]`);
  const visible = { numero: field('numero'), codePostal: field('code_postal'), commune: field('commune') };
  const hidden = { insee: part('insee'), banId: part('banId'), lat: part('lat'), lng: part('lng') };
  const manual = part('manual');

  let results: Suggestion[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  let filling = false;
  let lastQuery = '';

  box.hidden = false;

  const announce = (message: string) => {
    // Reset first so that the same message is read again.
    status.textContent = '';
    window.setTimeout(() => {
      status.textContent = message;
    }, 50);
  };

  const showNotice = (message: string | null) => {
    if (!notice) return;
    notice.textContent = message ?? '';
    notice.hidden = message === null;
  };

  const optionId = (i: number) => `${name}-option-${i}`;

  const setActive = (i: number) => {
    active = i;
    listbox.querySelectorAll<HTMLElement>('[role="option"]').forEach((el, j) => {
      el.setAttribute('aria-selected', j === i ? 'true' : 'false');
    });
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', optionId(i));
      document.getElementById(optionId(i))?.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  };

  const close = () => {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    setActive(-1);
  };

  const open = () => {
    if (results.length === 0) return;
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };

  const render = () => {
    listbox.replaceChildren(
      ...results.map((s, i) => {
        const el = document.createElement('div');
        el.id = optionId(i);
        el.setAttribute('role', 'option');
        el.setAttribute('aria-selected', 'false');
        el.className = 'hl-combobox__option';
        el.textContent = s.label;
        return el;
      }),
    );
    active = -1;
    input.removeAttribute('aria-activedescendant');
    if (results.length > 0) open();
    else close();
  };

  const setValue = (el: HTMLInputElement | null, value: string) => {
    if (!el) return;
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };

  const choose = (i: number) => {
    const s = results[i];
    if (!s) return;
    filling = true;
    try {
      // A commune-only suggestion (search degraded) keeps the street the person may have typed.
      if (s.numero) setValue(visible.numero, s.numero);
      setValue(visible.codePostal, s.codePostal);
      setValue(visible.commune, s.commune);
      setValue(hidden.insee, s.insee);
      setValue(hidden.banId, s.banId ?? '');
      setValue(hidden.lat, s.lat === null ? '' : String(s.lat));
      setValue(hidden.lng, s.lng === null ? '' : String(s.lng));
      setValue(manual, '0');
    } finally {
      filling = false;
    }
    input.value = s.label;
    lastQuery = s.label;
    close();
    showNotice(null);
    announce(
      s.numero
        ? `Adresse choisie : ${s.label}. Les champs ci-dessous sont remplis.`
        : `Commune choisie : ${s.label}. Complétez le numéro et la voie ci-dessous.`,
    );
    if (!s.numero) visible.numero?.focus();
  };

  const search = async (q: string) => {
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    try {
      const res = await fetch(`${endpoint}?q=${encodeURIComponent(q)}`, {
        headers: { accept: 'application/json' },
        signal,
      });
      if (res.status === 400) {
        results = [];
      } else if (!res.ok) {
        throw new Error(`HTTP ${res.status}`);
      } else {
        const body: unknown = await res.json();
        results = Array.isArray(body) ? body.filter(isSuggestion) : [];
      }
      if (signal.aborted) return;
      // Nothing found: say it on screen too (the fields below stay available for typing the address by hand).
      showNotice(results.length === 0 ? countMessage(0) : null);
      render();
      announce(countMessage(results.length));
    } catch (err) {
      if (signal.aborted || (err as Error).name === 'AbortError') return;
      results = [];
      render();
      showNotice(UNAVAILABLE);
      announce(UNAVAILABLE);
    }
  };

  input.addEventListener('input', () => {
    const q = input.value.trim();
    if (timer) clearTimeout(timer);
    if (q.length < MIN_CHARS) {
      controller?.abort();
      results = [];
      render();
      lastQuery = q;
      return;
    }
    if (q === lastQuery) return;
    timer = setTimeout(() => {
      lastQuery = q;
      void search(q);
    }, DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (e) => {
    const isOpen = !listbox.hidden && results.length > 0;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!isOpen) {
          open();
          if (results.length > 0) setActive(0);
          return;
        }
        setActive(active >= results.length - 1 ? 0 : active + 1);
        return;
      case 'ArrowUp':
        e.preventDefault();
        if (!isOpen) {
          open();
          if (results.length > 0) setActive(results.length - 1);
          return;
        }
        setActive(active <= 0 ? results.length - 1 : active - 1);
        return;
      case 'Enter':
        // Never send the whole form from the search box; choose the highlighted address instead.
        e.preventDefault();
        if (isOpen && active >= 0) choose(active);
        else if (isOpen) setActive(0);
        return;
      case 'Escape':
        if (isOpen) {
          e.preventDefault();
          close();
        } else if (input.value) {
          e.preventDefault();
          input.value = '';
          lastQuery = '';
          results = [];
          render();
        }
        return;
      case 'Tab':
        close();
        return;
    }
  });

  // Keep the focus in the box while a suggestion is tapped or clicked.
  listbox.addEventListener('mousedown', (e) => e.preventDefault());
  listbox.addEventListener('click', (e) => {
    const option = (e.target as Element).closest('[role="option"]');
    if (!option) return;
    const i = Array.from(listbox.children).indexOf(option);
    if (i >= 0) choose(i);
  });

  input.addEventListener('focus', () => {
    if (results.length > 0 && input.value.trim() === lastQuery) open();
  });
  input.addEventListener('blur', () => {
    // Let a click on an option land first.
    window.setTimeout(() => {
      if (document.activeElement !== input) close();
    }, 150);
  });
  document.addEventListener('pointerdown', (e) => {
    if (!root.contains(e.target as Node)) close();
  });

  // Typing in the fields by hand: the address is no longer the one the search found.
  for (const el of Object.values(visible)) {
    el?.addEventListener('input', () => {
      if (filling) return;
      if (manual) manual.value = '1';
      for (const h of Object.values(hidden)) if (h) h.value = '';
    });
  }
}

function init(): void {
  document.querySelectorAll<HTMLElement>('[data-address-field]').forEach(setup);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
