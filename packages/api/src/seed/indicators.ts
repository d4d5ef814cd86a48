/**
 * The standard indicators every instance holds (reference data, loaded by `loadReferenceData`): the
 * shares and counts computed from deliveries and agreements that goals are set on, the organic share
 * reported to national statistics, and the exchange rates money is converted by. Their observations
 * and goals come from partners (or the demo data).
 */
/** Texts by language. */
type Localized = Partial<Record<'en' | 'nb' | 'sv', string>>;

export interface StandardIndicator {
  key: string;
  names: Localized;
  definition: Localized;
  unit: string;
  kind: 'ORGANIC_SHARE' | 'LOCAL_SHARE' | 'TENDER_READY_PRODUCERS_PER_LOT' | 'KITCHENS_WITH_DIRECT_PRODUCER' | 'OBSERVED';
  measure?: 'VALUE' | 'WEIGHT';
  localDefinition?: 'SAME_REGION' | 'WITHIN_KM';
  localKm?: number;
}

export const STANDARD_INDICATORS: StandardIndicator[] = [
  {
    key: 'organic_share_value',
    names: { en: 'Organic share (value)', nb: 'Økologisk andel (verdi)', sv: 'Ekologisk andel (värde)' },
    definition: {
      en: 'Value of certified organic food as a share of all food bought, excluding VAT.',
      nb: 'Verdien av sertifisert økologisk mat som andel av all innkjøpt mat, eksklusive mva.',
      sv: 'Värdet av certifierat ekologiska livsmedel som andel av alla inköpta livsmedel, exklusive moms.',
    },
    unit: 'percent',
    kind: 'ORGANIC_SHARE',
    measure: 'VALUE',
  },
  {
    key: 'organic_share_weight',
    names: { en: 'Organic share (weight)', nb: 'Økologisk andel (vekt)', sv: 'Ekologisk andel (vikt)' },
    definition: {
      en: 'Weight of certified organic food as a share of all food bought whose weight is known.',
      nb: 'Vekten av sertifisert økologisk mat som andel av all innkjøpt mat med kjent vekt.',
      sv: 'Vikten av certifierat ekologiska livsmedel som andel av alla inköpta livsmedel med känd vikt.',
    },
    unit: 'percent',
    kind: 'ORGANIC_SHARE',
    measure: 'WEIGHT',
  },
  {
    key: 'local_share_value',
    names: { en: 'Local share (value, same county)', nb: 'Lokal andel (verdi, samme fylke)', sv: 'Lokal andel (värde, samma län)' },
    definition: {
      en: 'Value of food whose producer is in the same county as the kitchen, as a share of all food bought.',
      nb: 'Verdien av mat fra produsenter i samme fylke som kjøkkenet, som andel av all innkjøpt mat.',
      sv: 'Värdet av livsmedel från producenter i samma län som köket, som andel av alla inköpta livsmedel.',
    },
    unit: 'percent',
    kind: 'LOCAL_SHARE',
    measure: 'VALUE',
    localDefinition: 'SAME_REGION',
  },
  {
    key: 'local_share_value_50km',
    names: { en: 'Local share (value, within 50 km)', nb: 'Lokal andel (verdi, innen 50 km)', sv: 'Lokal andel (värde, inom 50 km)' },
    definition: {
      en: 'Value of food whose producer is within 50 km of the kitchen, as a share of all food bought.',
      nb: 'Verdien av mat fra produsenter innen 50 km fra kjøkkenet, som andel av all innkjøpt mat.',
      sv: 'Värdet av livsmedel från producenter inom 50 km från köket, som andel av alla inköpta livsmedel.',
    },
    unit: 'percent',
    kind: 'LOCAL_SHARE',
    measure: 'VALUE',
    localDefinition: 'WITHIN_KM',
    localKm: 50,
  },
  {
    key: 'tender_ready_producers_per_lot',
    names: { en: 'Tender-ready producers per lot', nb: 'Tilbudsklare produsenter per delkontrakt', sv: 'Anbudsredo producenter per anbudsområde' },
    definition: {
      en: 'The mean, over the lots of active agreements covering the place, of the number of tender-ready producers that offer one of the lot’s categories and reach all its delivery points (within their own delivery radius, or through a hub serving the point).',
      nb: 'Gjennomsnittet, over delkontraktene i aktive avtaler for stedet, av antallet tilbudsklare produsenter som tilbyr en av delkontraktens kategorier og når alle leveringsstedene (innenfor egen leveringsradius eller via en hub som betjener stedet).',
      sv: 'Medelvärdet, över anbudsområdena i aktiva avtal för platsen, av antalet anbudsredo producenter som erbjuder någon av anbudsområdets kategorier och når alla leveransadresser (inom egen leveransradie eller via en hubb som betjänar platsen).',
    },
    unit: 'count',
    kind: 'TENDER_READY_PRODUCERS_PER_LOT',
  },
  {
    key: 'kitchens_with_direct_producer',
    names: {
      en: 'Kitchens with a producer as direct supplier',
      nb: 'Kjøkken med direkte leveranse fra produsent',
      sv: 'Kök med direktleverans från producent',
    },
    definition: {
      en: 'Kitchens that bought at least once in the year directly from a producer (the producer delivered and invoiced).',
      nb: 'Kjøkken som minst én gang i året kjøpte direkte fra en produsent (produsenten leverte og fakturerte).',
      sv: 'Kök som minst en gång under året köpte direkt från en producent (producenten levererade och fakturerade).',
    },
    unit: 'count',
    kind: 'KITCHENS_WITH_DIRECT_PRODUCER',
  },
  {
    key: 'reported_organic_share',
    names: {
      en: 'Organic share reported to national statistics',
      nb: 'Økologisk andel rapportert til nasjonal statistikk',
      sv: 'Ekologisk andel rapporterad till nationell statistik',
    },
    definition: {
      en: 'The organic share of public food purchases (by value) as reported by the municipality or country.',
      nb: 'Økologisk andel av offentlige matinnkjøp (verdi) slik kommunen eller landet har rapportert den.',
      sv: 'Den ekologiska andelen av offentliga livsmedelsinköp (värde) så som kommunen eller landet har rapporterat den.',
    },
    unit: 'percent',
    kind: 'OBSERVED',
  },
  {
    key: 'exchange_rate_eur_nok',
    names: { en: 'Exchange rate EUR→NOK', nb: 'Valutakurs EUR→NOK', sv: 'Växelkurs EUR→NOK' },
    definition: {
      en: 'Norwegian kroner per euro, annual average.',
      nb: 'Norske kroner per euro, årsgjennomsnitt.',
      sv: 'Norska kronor per euro, årsgenomsnitt.',
    },
    unit: 'NOK per EUR',
    kind: 'OBSERVED',
  },
  {
    key: 'exchange_rate_eur_sek',
    names: { en: 'Exchange rate EUR→SEK', nb: 'Valutakurs EUR→SEK', sv: 'Växelkurs EUR→SEK' },
    definition: {
      en: 'Swedish kronor per euro, annual average.',
      nb: 'Svenske kroner per euro, årsgjennomsnitt.',
      sv: 'Svenska kronor per euro, årsgenomsnitt.',
    },
    unit: 'SEK per EUR',
    kind: 'OBSERVED',
  },
  {
    key: 'exchange_rate_eur_dkk',
    names: { en: 'Exchange rate EUR→DKK', nb: 'Valutakurs EUR→DKK', sv: 'Växelkurs EUR→DKK' },
    definition: {
      en: 'Danish kroner per euro, annual average.',
      nb: 'Danske kroner per euro, årsgjennomsnitt.',
      sv: 'Danska kronor per euro, årsgenomsnitt.',
    },
    unit: 'DKK per EUR',
    kind: 'OBSERVED',
  },
  {
    key: 'exchange_rate_eur_pln',
    names: { en: 'Exchange rate EUR→PLN', nb: 'Valutakurs EUR→PLN', sv: 'Växelkurs EUR→PLN' },
    definition: {
      en: 'Polish złoty per euro, annual average.',
      nb: 'Polske zloty per euro, årsgjennomsnitt.',
      sv: 'Polska zloty per euro, årsgenomsnitt.',
    },
    unit: 'PLN per EUR',
    kind: 'OBSERVED',
  },
];
