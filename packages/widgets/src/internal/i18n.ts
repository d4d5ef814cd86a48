/**
 * Interface languages and Intl formatting. Each language's texts are a chunk of their own
 * (`messages/<lang>.ts`), loaded when an element first needs that language, so a page carries only
 * the languages it shows. Only the three texts an element needs before its language has arrived
 * (loading, and the error state if the language cannot be loaded) are built in for every language.
 * Category and goal names are not here: they come from the API in the same language.
 */
import type { MessageKey, Messages, Text } from './messages/en.js';

export type { MessageKey, Messages };

export const LANGS = ['nb', 'nn', 'sv', 'en', 'fi', 'da', 'de', 'et', 'lv', 'lt', 'pl'] as const;
export type Lang = (typeof LANGS)[number];

const LOADERS: Record<Lang, () => Promise<{ default: Messages }>> = {
  nb: () => import('./messages/nb.js'),
  nn: () => import('./messages/nn.js'),
  sv: () => import('./messages/sv.js'),
  en: () => import('./messages/en.js'),
  fi: () => import('./messages/fi.js'),
  da: () => import('./messages/da.js'),
  de: () => import('./messages/de.js'),
  et: () => import('./messages/et.js'),
  lv: () => import('./messages/lv.js'),
  lt: () => import('./messages/lt.js'),
  pl: () => import('./messages/pl.js'),
};

/** Loads a language's texts (each only once per page). */
export const loadMessages = (lang: Lang): Promise<Messages> => LOADERS[lang]().then((m) => m.default);

type CoreKey = 'loading' | 'error' | 'retry';
/** Loading, error and retry in every language, for the moments before (or instead of) its chunk. */
const CORE: Record<Lang, Record<CoreKey, string>> = {
  nb: { loading: 'Laster…', error: 'Dataene kunne ikke lastes.', retry: 'Prøv igjen' },
  nn: { loading: 'Lastar…', error: 'Dataa kunne ikkje lastast.', retry: 'Prøv igjen' },
  sv: { loading: 'Laddar…', error: 'Data kunde inte laddas.', retry: 'Försök igen' },
  en: { loading: 'Loading…', error: 'The data could not be loaded.', retry: 'Try again' },
  fi: { loading: 'Ladataan…', error: 'Tietoja ei voitu ladata.', retry: 'Yritä uudelleen' },
  da: { loading: 'Indlæser…', error: 'Data kunne ikke indlæses.', retry: 'Prøv igen' },
  de: { loading: 'Wird geladen…', error: 'Die Daten konnten nicht geladen werden.', retry: 'Erneut versuchen' },
  et: { loading: 'Laadimine…', error: 'Andmeid ei õnnestunud laadida.', retry: 'Proovi uuesti' },
  lv: { loading: 'Ielādē…', error: 'Datus neizdevās ielādēt.', retry: 'Mēģināt vēlreiz' },
  lt: { loading: 'Įkeliama…', error: 'Nepavyko įkelti duomenų.', retry: 'Bandyti dar kartą' },
  pl: { loading: 'Ładowanie…', error: 'Nie udało się wczytać danych.', retry: 'Spróbuj ponownie' },
};

/** Maps a BCP 47 tag to a supported language: "no" and "nb-NO" → nb, "sv-FI" → sv, else en. */
export function normalizeLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (base === 'no') return 'nb';
  return (LANGS as readonly string[]).includes(base) ? (base as Lang) : 'en';
}

export const LOCALES: Record<Lang, string> = {
  nb: 'nb-NO',
  nn: 'nn-NO',
  sv: 'sv-SE',
  en: 'en-GB',
  fi: 'fi-FI',
  da: 'da-DK',
  de: 'de-DE',
  et: 'et-EE',
  lv: 'lv-LV',
  lt: 'lt-LT',
  pl: 'pl-PL',
};

/** Units Intl formats itself; the others are texts (`unit_TONNE`, …). */
const INTL_UNITS: Record<string, string> = { KG: 'kilogram', G: 'gram', L: 'liter', ML: 'milliliter' };

/** Texts and formatters for one language. */
export class Localizer {
  readonly locale: string;
  private readonly number: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  private readonly date: Intl.DateTimeFormat;
  private readonly plural: Intl.PluralRules;

  constructor(
    readonly lang: Lang,
    private readonly messages: Partial<Messages>,
  ) {
    this.locale = LOCALES[lang];
    this.number = new Intl.NumberFormat(this.locale, { maximumFractionDigits: 1 });
    this.percent = new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: 1 });
    this.date = new Intl.DateTimeFormat(this.locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    this.plural = new Intl.PluralRules(this.locale);
  }

  /**
   * The text for `key` with `{name}` placeholders filled in (numbers formatted); the plural form
   * follows `values.n`. An unknown key gives "".
   */
  t(key: MessageKey, values: Record<string, string | number> = {}): string {
    const text: Text | undefined = this.messages[key] ?? CORE[this.lang][key as CoreKey];
    const form = typeof text === 'object' ? (text[this.plural.select(Number(values.n ?? 0))] ?? text.other) : (text ?? '');
    return form.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = values[name];
      return v === undefined ? '' : typeof v === 'number' ? this.formatNumber(v) : v;
    });
  }

  formatNumber(n: number): string {
    return this.number.format(n);
  }

  /** A share 0–1 as a percentage ("42,5 %" in nb). */
  formatPercent(share: number): string {
    return this.percent.format(share);
  }

  /** A goal value, which the API keeps in percent units when the indicator's unit is "%". */
  formatValue(value: number, unit: string | null | undefined): string {
    return unit === '%' || unit === 'percent' ? this.formatPercent(value / 100) : this.formatNumber(value);
  }

  /** A calendar date ("2027-08-01") as the language writes it; the day stays the same in every time zone. */
  formatDate(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : this.date.format(d);
  }

  /** A period of calendar dates, shortened where the language does ("1.–31. august 2027"). */
  formatDateRange(start: string, end: string): string {
    const a = new Date(start);
    const b = new Date(end);
    if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return `${start} – ${end}`;
    return b < a ? `${this.date.format(a)} – ${this.date.format(b)}` : this.date.formatRange(a, b);
  }

  /** A quantity with its unit (the API's Unit enum): "1 800 kg", "12 stk.", "40 dl". */
  formatQuantity(n: number, unit: string): string {
    const intl = INTL_UNITS[unit];
    if (intl) return new Intl.NumberFormat(this.locale, { style: 'unit', unit: intl, maximumFractionDigits: 1 }).format(n);
    const text = this.t(`unit_${unit}` as MessageKey, { n });
    return text || `${this.formatNumber(n)} ${unit.toLowerCase()}`;
  }
}

const loaded = new Map<Lang, Localizer>();
const pending = new Map<Lang, Promise<Localizer>>();

/** The language's localizer once its texts are loaded, else undefined. */
export const loadedLocalizer = (lang: Lang): Localizer | undefined => loaded.get(lang);

/** Loads the language's texts once; a failed load may be tried again. */
export function loadLocalizer(lang: Lang): Promise<Localizer> {
  let p = pending.get(lang);
  if (!p) {
    p = loadMessages(lang).then(
      (messages) => {
        const l = new Localizer(lang, messages);
        loaded.set(lang, l);
        return l;
      },
      (error: unknown) => {
        pending.delete(lang);
        throw error;
      },
    );
    pending.set(lang, p);
  }
  return p;
}

/** A localizer with only the built-in texts (loading, error, retry), for the moments before the chunk. */
const core = new Map<Lang, Localizer>();
export function coreLocalizer(lang: Lang): Localizer {
  let l = core.get(lang);
  if (!l) core.set(lang, (l = new Localizer(lang, {})));
  return l;
}
