/**
 * `<fc-embed-builder>`, the /embed page: pick a widget, municipality, filters and language, see a
 * live preview and copy the two-line snippet. Plain DOM (no Lit) so the widget bundle stays as it
 * is; styles are a constructed stylesheet, which a strict CSP allows.
 */
import { FcEmbedCategoriesDocument, FcEmbedMunicipalitiesDocument, type TypedDocumentString } from '@food-commons/client';

const WIDGETS: { tag: string; label: string; filters: string[] }[] = [
  { tag: 'fc-producer-map', label: 'Producer map', filters: ['category', 'certification', 'tender-ready', 'tiles'] },
  { tag: 'fc-producer-list', label: 'Producer list', filters: ['category', 'certification', 'tender-ready'] },
  { tag: 'fc-goal-progress', label: 'Goal progress', filters: [] },
  { tag: 'fc-share-chart', label: 'Organic and local share chart', filters: ['category', 'measure'] },
  { tag: 'fc-kitchen-stats', label: 'Kitchen statistics', filters: ['measure'] },
  { tag: 'fc-municipality-ranking', label: 'Municipality ranking', filters: ['share', 'country', 'measure'] },
  { tag: 'fc-demand-board', label: 'Demand board (open needs of public kitchens)', filters: ['category', 'status'] },
];

/**
 * The places the demo data tells a story about, offered before anything is typed: Norway and Sweden,
 * and one place in each of Finland, Denmark, Estonia, Lithuania and Germany.
 */
const EXAMPLE_PLACES: { code: string; name: string }[] = [
  { code: 'NO-3901', name: 'Horten' },
  { code: 'SE-0181', name: 'Södertälje' },
  { code: 'SE-2080', name: 'Falun' },
  { code: 'FI-853', name: 'Turku – Åbo' },
  { code: 'DK-751', name: 'Aarhus' },
  { code: 'EE-0793', name: 'Tartu' },
  { code: 'LT-13', name: 'Vilnius' },
  { code: 'DE-13003', name: 'Rostock' },
];

/** The interface languages, as in internal/i18n.ts (not imported: this file stays out of the bundle). */
const LANG_NAMES: Record<string, string> = {
  nb: 'Norsk bokmål',
  nn: 'Norsk nynorsk',
  sv: 'Svenska',
  en: 'English',
  fi: 'Suomi',
  da: 'Dansk',
  de: 'Deutsch',
  et: 'Eesti',
  lv: 'Latviešu',
  lt: 'Lietuvių',
  pl: 'Polski',
};

const CSS = `
:host { display: block; font-family: system-ui, sans-serif; color: #1b1b1b; max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.5rem; }
.layout { display: grid; grid-template-columns: minmax(16rem, 22rem) 1fr; gap: 1.5rem; align-items: start; }
@media (max-width: 48rem) { .layout { grid-template-columns: 1fr; } }
form { display: grid; gap: 0.75rem; min-width: 0; }
input, select { width: 100%; min-width: 0; }
label.check input { width: auto; }
label { display: grid; gap: 0.2rem; font-weight: 600; }
label.check { display: flex; gap: 0.5rem; align-items: center; }
input, select, textarea { font: inherit; padding: 0.35rem 0.5rem; border: 1px solid #767676; border-radius: 4px; }
textarea { width: 100%; min-height: 6rem; font-family: ui-monospace, monospace; font-size: 0.9rem; }
button { font: inherit; padding: 0.4rem 0.9rem; color: #fff; background: #1f6f43; border: 1px solid #1f6f43; border-radius: 4px; cursor: pointer; }
:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.preview { border: 1px dashed #767676; border-radius: 4px; padding: 1rem; min-height: 12rem; }
.hint { color: #595959; font-weight: 400; font-size: 0.9rem; }
[hidden] { display: none !important; }
`;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export class FcEmbedBuilder extends HTMLElement {
  private form!: HTMLFormElement;
  private preview!: HTMLElement;
  private snippet!: HTMLTextAreaElement;
  private status!: HTMLElement;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  connectedCallback() {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    const select = (name: string, label: string, options: [string, string][], hint = '') =>
      h(
        'label',
        { 'data-field': name },
        label,
        hint ? h('span', { class: 'hint' }, hint) : '',
        h('select', { name }, ...options.map(([v, t]) => h('option', { value: v }, t))),
      );
    const text = (name: string, label: string, hint: string, extra: Record<string, string> = {}) =>
      h('label', { 'data-field': name }, label, h('span', { class: 'hint' }, hint), h('input', { name, type: 'text', ...extra }));
    this.form = h(
      'form',
      { 'aria-label': 'Widget settings' },
      select(
        'widget',
        'Widget',
        WIDGETS.map((w) => [w.tag, w.label]),
      ),
      text('municipality', 'Municipality', 'Code or comma list; type a name to search, or pick a place of the demo data.', {
        list: 'municipalities',
        value: 'NO-3901',
        autocomplete: 'off',
      }),
      h('datalist', { id: 'municipalities' }, ...examplePlaceOptions()),
      select('lang', 'Language', [['', 'The page’s language'], ...Object.entries(LANG_NAMES)]),
      text('category', 'Category', 'Category codes, e.g. vegetables.root', { list: 'categories', autocomplete: 'off' }),
      h('datalist', { id: 'categories' }),
      select('certification', 'Certification', [
        ['', 'Any'],
        ['EU_ORGANIC', 'EU organic'],
        ['KRAV', 'KRAV'],
        ['DEBIO', 'Debio'],
        ['LUOMU', 'Luomu (Finland)'],
        ['OE_MAERKET', 'Ø-mærket (Denmark)'],
        ['NYT_NORGE', 'Nyt Norge'],
        ['SVENSKT_SIGILL', 'Svenskt Sigill'],
        ['MSC', 'MSC'],
        ['ASC', 'ASC'],
      ]),
      h('label', { class: 'check', 'data-field': 'tender-ready' }, h('input', { type: 'checkbox', name: 'tender-ready' }), 'Only tender-ready producers'),
      select('tiles', 'Background map', [
        ['', 'OpenStreetMap tiles'],
        ['none', 'None (municipality boundaries, works offline)'],
      ]),
      select('measure', 'Measure', [
        ['', 'Value (excluding VAT)'],
        ['weight', 'Weight (kg)'],
      ]),
      select('status', 'Demand shown', [
        ['', 'Open'],
        ['open,matched', 'Open and matched'],
        ['open,matched,closed', 'All'],
      ]),
      select('share', 'Ranked by', [
        ['', 'Organic share'],
        ['local', 'Local share'],
      ]),
      text('country', 'Countries', 'e.g. SE or NO,SE (leave the municipality empty to rank a whole country)'),
    );
    this.preview = h('div', { class: 'preview', role: 'region', 'aria-label': 'Preview' });
    this.snippet = h('textarea', { readonly: '', 'aria-label': 'Snippet', id: 'snippet' });
    this.status = h('span', { role: 'status', 'aria-live': 'polite' });
    const copy = h('button', { type: 'button' }, 'Copy snippet');
    copy.addEventListener('click', () => void this.copy());
    root.append(
      h('h1', {}, 'Embed a Food Commons widget'),
      h('p', {}, 'Choose a widget and its settings, check the preview, then paste the snippet into your page (in the CMS, as HTML).'),
      h(
        'div',
        { class: 'layout' },
        this.form,
        h('div', {}, h('h2', {}, 'Snippet'), this.snippet, h('p', {}, copy, ' ', this.status), h('h2', {}, 'Preview'), this.preview),
      ),
    );
    this.form.addEventListener('input', (e) => {
      if ((e.target as HTMLInputElement).name === 'municipality') this.searchMunicipalities((e.target as HTMLInputElement).value);
      this.update();
    });
    this.form.addEventListener('change', () => this.update());
    this.form.addEventListener('submit', (e) => e.preventDefault());
    void this.loadCategories();
    this.update();
  }

  private values() {
    const data = new FormData(this.form);
    const get = (k: string) => String(data.get(k) ?? '').trim();
    const widget = WIDGETS.find((w) => w.tag === get('widget')) ?? WIDGETS[0]!;
    const attrs: [string, string][] = [];
    if (get('municipality')) attrs.push(['municipality', get('municipality')]);
    if (get('lang')) attrs.push(['lang', get('lang')]);
    for (const f of widget.filters) {
      if (f === 'tender-ready') {
        if (data.get('tender-ready')) attrs.push(['tender-ready', '']);
      } else if (get(f)) attrs.push([f, get(f)]);
    }
    return { widget, attrs };
  }

  private update() {
    const { widget, attrs } = this.values();
    for (const label of this.form.querySelectorAll<HTMLElement>('[data-field]')) {
      const field = label.dataset.field!;
      label.hidden = !['widget', 'municipality', 'lang'].includes(field) && !widget.filters.includes(field);
    }
    const origin = location.origin;
    const version = this.getAttribute('version') ?? '';
    const scriptUrl = `${origin}/widgets/${version ? `${version}/` : ''}foodcommons.js`;
    const attrText = attrs.map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`)).join('');
    this.snippet.value = `<script type="module" src="${scriptUrl}"></script>\n<${widget.tag}${attrText}></${widget.tag}>`;
    const el = document.createElement(widget.tag);
    for (const [k, v] of attrs) el.setAttribute(k, v);
    this.preview.replaceChildren(el);
  }

  private async copy() {
    try {
      await navigator.clipboard.writeText(this.snippet.value);
      this.status.textContent = 'Copied.';
    } catch {
      this.snippet.focus();
      this.snippet.select();
      this.status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  }

  /** Suggestions are a convenience: when the API does not answer, the fields just offer none. */
  private async gql<T, V>(document: TypedDocumentString<T, V>, variables: V): Promise<T | undefined> {
    try {
      const r = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: String(document), variables }),
      });
      const body = (await r.json()) as { data?: T };
      return body.data;
    } catch {
      return undefined;
    }
  }

  private searchMunicipalities(value: string) {
    clearTimeout(this.searchTimer);
    const term = value.split(',').pop()?.trim() ?? '';
    if (term.length < 2 || /^[A-Za-z]{2}-\d/.test(term)) {
      this.shadowRoot!.getElementById('municipalities')!.replaceChildren(...examplePlaceOptions());
      return;
    }
    this.searchTimer = setTimeout(async () => {
      const data = await this.gql(FcEmbedMunicipalitiesDocument, { search: term });
      const list = this.shadowRoot!.getElementById('municipalities')!;
      list.replaceChildren(...(data?.municipalities.edges ?? []).map((e) => h('option', { value: e.node.code }, e.node.name)));
    }, 200);
  }

  private async loadCategories() {
    const data = await this.gql(FcEmbedCategoriesDocument, {});
    const list = this.shadowRoot!.getElementById('categories')!;
    list.replaceChildren(...(data?.categories.edges ?? []).map((e) => h('option', { value: e.node.code }, e.node.name)));
  }
}

function examplePlaceOptions(): HTMLOptionElement[] {
  return EXAMPLE_PLACES.map((p) => h('option', { value: p.code }, `${p.name} (demo data)`));
}

if (!customElements.get('fc-embed-builder')) customElements.define('fc-embed-builder', FcEmbedBuilder);

declare global {
  interface HTMLElementTagNameMap {
    'fc-embed-builder': FcEmbedBuilder;
  }
}
