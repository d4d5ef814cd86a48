/**
 * Interface texts in the languages the widgets speak, and Intl formatters for numbers, percentages
 * and dates. nb, sv and en are complete; the others fall back to English for any missing text.
 * Category and goal names are not here: they come from the API in the same language.
 */
export const LANGS = ['nb', 'nn', 'sv', 'en', 'fi', 'da', 'de', 'et', 'lv', 'lt', 'pl'] as const;
export type Lang = (typeof LANGS)[number];

const en = {
  loading: 'Loading…',
  error: 'The data could not be loaded.',
  retry: 'Try again',
  empty: 'Nothing to show yet.',
  noProducers: 'No producers match.',
  producerCount: '{n} producers',
  showList: 'Show as list',
  hideList: 'Hide list',
  listTitle: 'Producers as a list',
  mapLabel: 'Map of producers',
  offlineMap: 'Map without background tiles: municipality boundaries only.',
  search: 'Search producers',
  filters: 'Filters',
  category: 'Category',
  certification: 'Certification',
  tenderReady: 'Tender-ready',
  clear: 'Clear filters',
  previous: 'Previous',
  next: 'Next',
  pageOf: 'Page {page} of {pages}',
  website: 'Website',
  products: 'Products',
  certifications: 'Certifications',
  close: 'Close',
  showOnMap: 'Show on map',
  cluster: '{n} producers here; zoom in',
  goals: 'Goals',
  target: '{value} by {year}',
  baseline: 'Baseline',
  current: 'Now',
  expected: 'On a straight path',
  onTrack: 'On track',
  offTrack: 'Behind',
  noData: 'Not enough data',
  coverage: 'Coverage',
  year: 'Year',
  organicShare: 'Organic share',
  localShare: 'Local share',
  goalLine: 'Goal',
  dataTable: 'Data table',
  chartLabel: 'Organic and local share over time',
  suppressed: 'Hidden (fewer than 3 suppliers)',
  kitchens: 'Kitchens',
  mealsPerDay: 'Meals per day',
  rank: 'Rank',
  municipality: 'Municipality',
  share: 'Share',
  lines: 'Lines',
  kind_FARM: 'Farm',
  kind_FISHERY: 'Fishery',
  kind_PROCESSOR: 'Processor',
  kind_BAKERY: 'Bakery',
  kind_DAIRY: 'Dairy',
  kind_COOPERATIVE: 'Cooperative',
  poweredBy: 'Data: Food Commons',
  kind: 'Kind',
  kk_SCHOOL: 'School',
  kk_PRESCHOOL: 'Preschool',
  kk_AFTER_SCHOOL: 'After-school',
  kk_ELDERLY_CARE: 'Elderly care',
  kk_HOSPITAL: 'Hospital',
  kk_DAY_CENTRE: 'Day centre',
  kk_STAFF_CANTEEN: 'Staff canteen',
  kk_RESTAURANT: 'Restaurant',
  kk_OTHER: 'Other',
  rankingLabel: 'Municipalities ranked by {share} {year}',
};
export type MessageKey = keyof typeof en;
type Messages = Record<MessageKey, string>;

const nb: Messages = {
  loading: 'Laster…',
  error: 'Dataene kunne ikke lastes.',
  retry: 'Prøv igjen',
  empty: 'Ingenting å vise ennå.',
  noProducers: 'Ingen produsenter passer.',
  producerCount: '{n} produsenter',
  showList: 'Vis som liste',
  hideList: 'Skjul liste',
  listTitle: 'Produsenter som liste',
  mapLabel: 'Kart over produsenter',
  offlineMap: 'Kart uten bakgrunnskart: bare kommunegrenser.',
  search: 'Søk etter produsenter',
  filters: 'Filtre',
  category: 'Kategori',
  certification: 'Sertifisering',
  tenderReady: 'Klar for anbud',
  clear: 'Fjern filtre',
  previous: 'Forrige',
  next: 'Neste',
  pageOf: 'Side {page} av {pages}',
  website: 'Nettsted',
  products: 'Produkter',
  certifications: 'Sertifiseringer',
  close: 'Lukk',
  showOnMap: 'Vis på kartet',
  cluster: '{n} produsenter her; zoom inn',
  goals: 'Mål',
  target: '{value} innen {year}',
  baseline: 'Utgangspunkt',
  current: 'Nå',
  expected: 'På rett linje',
  onTrack: 'I rute',
  offTrack: 'Etter skjema',
  noData: 'Ikke nok data',
  coverage: 'Dekning',
  year: 'År',
  organicShare: 'Økologisk andel',
  localShare: 'Lokal andel',
  goalLine: 'Mål',
  dataTable: 'Datatabell',
  chartLabel: 'Økologisk og lokal andel over tid',
  suppressed: 'Skjult (færre enn 3 leverandører)',
  kitchens: 'Kjøkken',
  mealsPerDay: 'Måltider per dag',
  rank: 'Plass',
  municipality: 'Kommune',
  share: 'Andel',
  lines: 'Linjer',
  kind_FARM: 'Gård',
  kind_FISHERY: 'Fiskeri',
  kind_PROCESSOR: 'Foredler',
  kind_BAKERY: 'Bakeri',
  kind_DAIRY: 'Meieri',
  kind_COOPERATIVE: 'Samvirke',
  poweredBy: 'Data: Food Commons',
  kind: 'Type',
  kk_SCHOOL: 'Skole',
  kk_PRESCHOOL: 'Barnehage',
  kk_AFTER_SCHOOL: 'SFO',
  kk_ELDERLY_CARE: 'Eldreomsorg',
  kk_HOSPITAL: 'Sykehus',
  kk_DAY_CENTRE: 'Dagsenter',
  kk_STAFF_CANTEEN: 'Personalkantine',
  kk_RESTAURANT: 'Restaurant',
  kk_OTHER: 'Annet',
  rankingLabel: 'Kommuner rangert etter {share} {year}',
};

const sv: Messages = {
  loading: 'Laddar…',
  error: 'Data kunde inte laddas.',
  retry: 'Försök igen',
  empty: 'Inget att visa ännu.',
  noProducers: 'Inga producenter matchar.',
  producerCount: '{n} producenter',
  showList: 'Visa som lista',
  hideList: 'Dölj lista',
  listTitle: 'Producenter som lista',
  mapLabel: 'Karta över producenter',
  offlineMap: 'Karta utan bakgrundskarta: endast kommungränser.',
  search: 'Sök producenter',
  filters: 'Filter',
  category: 'Kategori',
  certification: 'Certifiering',
  tenderReady: 'Redo för upphandling',
  clear: 'Rensa filter',
  previous: 'Föregående',
  next: 'Nästa',
  pageOf: 'Sida {page} av {pages}',
  website: 'Webbplats',
  products: 'Produkter',
  certifications: 'Certifieringar',
  close: 'Stäng',
  showOnMap: 'Visa på kartan',
  cluster: '{n} producenter här; zooma in',
  goals: 'Mål',
  target: '{value} till {year}',
  baseline: 'Utgångsläge',
  current: 'Nu',
  expected: 'Enligt rak linje',
  onTrack: 'I fas',
  offTrack: 'Efter plan',
  noData: 'För lite data',
  coverage: 'Täckning',
  year: 'År',
  organicShare: 'Ekologisk andel',
  localShare: 'Lokal andel',
  goalLine: 'Mål',
  dataTable: 'Datatabell',
  chartLabel: 'Ekologisk och lokal andel över tid',
  suppressed: 'Dold (färre än 3 leverantörer)',
  kitchens: 'Kök',
  mealsPerDay: 'Måltider per dag',
  rank: 'Plats',
  municipality: 'Kommun',
  share: 'Andel',
  lines: 'Rader',
  kind_FARM: 'Gård',
  kind_FISHERY: 'Fiske',
  kind_PROCESSOR: 'Förädlare',
  kind_BAKERY: 'Bageri',
  kind_DAIRY: 'Mejeri',
  kind_COOPERATIVE: 'Kooperativ',
  poweredBy: 'Data: Food Commons',
  kind: 'Typ',
  kk_SCHOOL: 'Skola',
  kk_PRESCHOOL: 'Förskola',
  kk_AFTER_SCHOOL: 'Fritids',
  kk_ELDERLY_CARE: 'Äldreomsorg',
  kk_HOSPITAL: 'Sjukhus',
  kk_DAY_CENTRE: 'Dagverksamhet',
  kk_STAFF_CANTEEN: 'Personalmatsal',
  kk_RESTAURANT: 'Restaurang',
  kk_OTHER: 'Övrigt',
  rankingLabel: 'Kommuner rankade efter {share} {year}',
};

const nn: Partial<Messages> = {
  ...nb,
  loading: 'Lastar…',
  error: 'Dataa kunne ikkje lastast.',
  retry: 'Prøv igjen',
  empty: 'Ingenting å vise enno.',
  noProducers: 'Ingen produsentar passar.',
  producerCount: '{n} produsentar',
  listTitle: 'Produsentar som liste',
  mapLabel: 'Kart over produsentar',
  offlineMap: 'Kart utan bakgrunnskart: berre kommunegrenser.',
  search: 'Søk etter produsentar',
  previous: 'Førre',
  pageOf: 'Side {page} av {pages}',
  noData: 'Ikkje nok data',
  kitchens: 'Kjøkken',
  mealsPerDay: 'Måltid per dag',
  cluster: '{n} produsentar her; zoom inn',
  suppressed: 'Skjult (færre enn 3 leverandørar)',
};

const fi: Partial<Messages> = {
  loading: 'Ladataan…',
  error: 'Tietoja ei voitu ladata.',
  retry: 'Yritä uudelleen',
  empty: 'Ei vielä näytettävää.',
  noProducers: 'Ei sopivia tuottajia.',
  producerCount: '{n} tuottajaa',
  showList: 'Näytä luettelona',
  hideList: 'Piilota luettelo',
  listTitle: 'Tuottajat luettelona',
  mapLabel: 'Tuottajien kartta',
  search: 'Hae tuottajia',
  category: 'Luokka',
  certification: 'Sertifiointi',
  tenderReady: 'Valmis tarjouskilpailuun',
  previous: 'Edellinen',
  next: 'Seuraava',
  pageOf: 'Sivu {page}/{pages}',
  website: 'Verkkosivu',
  close: 'Sulje',
  goals: 'Tavoitteet',
  onTrack: 'Aikataulussa',
  offTrack: 'Jäljessä',
  year: 'Vuosi',
  organicShare: 'Luomuosuus',
  localShare: 'Lähiruoan osuus',
  dataTable: 'Taulukko',
  kitchens: 'Keittiöt',
  mealsPerDay: 'Ateriaa päivässä',
  municipality: 'Kunta',
  share: 'Osuus',
};

const da: Partial<Messages> = {
  loading: 'Indlæser…',
  error: 'Data kunne ikke indlæses.',
  retry: 'Prøv igen',
  empty: 'Intet at vise endnu.',
  noProducers: 'Ingen producenter passer.',
  producerCount: '{n} producenter',
  showList: 'Vis som liste',
  hideList: 'Skjul liste',
  listTitle: 'Producenter som liste',
  mapLabel: 'Kort over producenter',
  search: 'Søg efter producenter',
  category: 'Kategori',
  certification: 'Certificering',
  tenderReady: 'Klar til udbud',
  previous: 'Forrige',
  next: 'Næste',
  pageOf: 'Side {page} af {pages}',
  website: 'Hjemmeside',
  close: 'Luk',
  goals: 'Mål',
  onTrack: 'På rette spor',
  offTrack: 'Bagud',
  year: 'År',
  organicShare: 'Økologisk andel',
  localShare: 'Lokal andel',
  dataTable: 'Datatabel',
  kitchens: 'Køkkener',
  mealsPerDay: 'Måltider pr. dag',
  municipality: 'Kommune',
  share: 'Andel',
};

const de: Partial<Messages> = {
  loading: 'Wird geladen…',
  error: 'Die Daten konnten nicht geladen werden.',
  retry: 'Erneut versuchen',
  empty: 'Noch nichts anzuzeigen.',
  noProducers: 'Keine passenden Erzeuger.',
  producerCount: '{n} Erzeuger',
  showList: 'Als Liste zeigen',
  hideList: 'Liste ausblenden',
  listTitle: 'Erzeuger als Liste',
  mapLabel: 'Karte der Erzeuger',
  search: 'Erzeuger suchen',
  category: 'Kategorie',
  certification: 'Zertifizierung',
  tenderReady: 'Ausschreibungsbereit',
  previous: 'Zurück',
  next: 'Weiter',
  pageOf: 'Seite {page} von {pages}',
  website: 'Website',
  close: 'Schließen',
  goals: 'Ziele',
  onTrack: 'Im Plan',
  offTrack: 'Im Rückstand',
  year: 'Jahr',
  organicShare: 'Bio-Anteil',
  localShare: 'Regionaler Anteil',
  dataTable: 'Datentabelle',
  kitchens: 'Küchen',
  mealsPerDay: 'Mahlzeiten pro Tag',
  municipality: 'Gemeinde',
  share: 'Anteil',
};

const et: Partial<Messages> = {
  loading: 'Laadimine…',
  error: 'Andmeid ei õnnestunud laadida.',
  retry: 'Proovi uuesti',
  noProducers: 'Sobivaid tootjaid pole.',
  showList: 'Näita loendina',
  mapLabel: 'Tootjate kaart',
  search: 'Otsi tootjaid',
  previous: 'Eelmine',
  next: 'Järgmine',
  close: 'Sulge',
  year: 'Aasta',
  organicShare: 'Mahetoidu osakaal',
  localShare: 'Kohaliku toidu osakaal',
  municipality: 'Omavalitsus',
};

const lv: Partial<Messages> = {
  loading: 'Ielādē…',
  error: 'Datus neizdevās ielādēt.',
  retry: 'Mēģināt vēlreiz',
  noProducers: 'Nav atbilstošu ražotāju.',
  showList: 'Rādīt sarakstu',
  mapLabel: 'Ražotāju karte',
  search: 'Meklēt ražotājus',
  previous: 'Iepriekšējā',
  next: 'Nākamā',
  close: 'Aizvērt',
  year: 'Gads',
  organicShare: 'Bioloģiskās pārtikas daļa',
  localShare: 'Vietējās pārtikas daļa',
  municipality: 'Pašvaldība',
};

const lt: Partial<Messages> = {
  loading: 'Įkeliama…',
  error: 'Nepavyko įkelti duomenų.',
  retry: 'Bandyti dar kartą',
  noProducers: 'Tinkamų gamintojų nėra.',
  showList: 'Rodyti sąrašą',
  mapLabel: 'Gamintojų žemėlapis',
  search: 'Ieškoti gamintojų',
  previous: 'Ankstesnis',
  next: 'Kitas',
  close: 'Uždaryti',
  year: 'Metai',
  organicShare: 'Ekologiškų produktų dalis',
  localShare: 'Vietinių produktų dalis',
  municipality: 'Savivaldybė',
};

const pl: Partial<Messages> = {
  loading: 'Ładowanie…',
  error: 'Nie udało się wczytać danych.',
  retry: 'Spróbuj ponownie',
  empty: 'Na razie brak danych.',
  noProducers: 'Brak pasujących producentów.',
  showList: 'Pokaż jako listę',
  hideList: 'Ukryj listę',
  mapLabel: 'Mapa producentów',
  search: 'Szukaj producentów',
  category: 'Kategoria',
  certification: 'Certyfikat',
  previous: 'Poprzednia',
  next: 'Następna',
  pageOf: 'Strona {page} z {pages}',
  close: 'Zamknij',
  goals: 'Cele',
  year: 'Rok',
  organicShare: 'Udział żywności ekologicznej',
  localShare: 'Udział żywności lokalnej',
  dataTable: 'Tabela danych',
  municipality: 'Gmina',
  share: 'Udział',
};

export const MESSAGES: Record<Lang, Partial<Messages>> = { nb, nn, sv, en, fi, da, de, et, lv, lt, pl };
/** The languages whose texts are complete. */
export const COMPLETE: readonly Lang[] = ['nb', 'sv', 'en'];

/** Maps a BCP 47 tag to a supported language: "no" and "nb-NO" → nb, "sv-FI" → sv, else en. */
export function normalizeLang(tag: string | null | undefined): Lang {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (base === 'no') return 'nb';
  return (LANGS as readonly string[]).includes(base) ? (base as Lang) : 'en';
}

const LOCALES: Record<Lang, string> = {
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

/** Texts and formatters for one language. */
export class Localizer {
  readonly locale: string;
  private readonly number: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  private readonly date: Intl.DateTimeFormat;

  constructor(readonly lang: Lang) {
    this.locale = LOCALES[lang];
    this.number = new Intl.NumberFormat(this.locale, { maximumFractionDigits: 1 });
    this.percent = new Intl.NumberFormat(this.locale, { style: 'percent', maximumFractionDigits: 1 });
    this.date = new Intl.DateTimeFormat(this.locale, { year: 'numeric', month: 'long', day: 'numeric' });
  }

  /** The text for `key` with `{name}` placeholders filled in (numbers formatted). */
  t(key: MessageKey, values: Record<string, string | number> = {}): string {
    const text = MESSAGES[this.lang][key] ?? en[key];
    return text.replace(/\{(\w+)\}/g, (_, name: string) => {
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

  formatDate(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : this.date.format(d);
  }
}

const cache = new Map<Lang, Localizer>();
export function localizer(lang: Lang): Localizer {
  let l = cache.get(lang);
  if (!l) cache.set(lang, (l = new Localizer(lang)));
  return l;
}
