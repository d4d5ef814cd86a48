/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A latitude/longitude box; edges included. */
export type BBoxInput = {
  /** Northern edge. */
  maxLat: number;
  /** Eastern edge. */
  maxLon: number;
  /** Southern edge. */
  minLat: number;
  /** Western edge. */
  minLon: number;
};

/** Certification and label schemes. Only EU_ORGANIC, KRAV, DEBIO, OE_MAERKET and LUOMU certify organic production; the others are other labels. */
export type CertificationScheme =
  /** Aquaculture Stewardship Council (not organic). */
  | 'ASC'
  /** Debio (Norway), organic. */
  | 'DEBIO'
  /** EU organic (Regulation (EU) 2018/848). */
  | 'EU_ORGANIC'
  /** KRAV (Sweden), organic. */
  | 'KRAV'
  /** Luomu (Finland), organic. */
  | 'LUOMU'
  /** Marine Stewardship Council (not organic). */
  | 'MSC'
  /** Nyt Norge origin label (not organic). */
  | 'NYT_NORGE'
  /** Ø-mærket (Denmark), organic. */
  | 'OE_MAERKET'
  /** Another scheme. */
  | 'OTHER'
  /** Svenskt Sigill (not organic). */
  | 'SVENSKT_SIGILL';

/** A currency (ISO 4217). Amounts in different currencies are never summed together. */
export type Currency =
  /** Danish krone. */
  | 'DKK'
  /** Euro. */
  | 'EUR'
  /** Norwegian krone. */
  | 'NOK'
  /** Polish złoty. */
  | 'PLN'
  /** Swedish krona. */
  | 'SEK';

/** Which delivery lines to count. All given conditions must hold; a list means any of its values. */
export type DeliveryStatsFilter = {
  /** Category codes (each with its descendants). */
  category?: Array<string> | null | undefined;
  /** Countries of the buying municipalities, e.g. ["SE"]. */
  country?: Array<string> | null | undefined;
  /** First day counted; lines overlapping it are prorated by days. */
  from?: string | null | undefined;
  /** Invoiced kitchens (global IDs). */
  kitchen?: Array<string> | null | undefined;
  /** Kinds of the invoiced kitchen (lines without a known kitchen are then left out). */
  kitchenKind?: Array<KitchenKind> | null | undefined;
  /** Buying municipalities, e.g. ["NO-3901"]. */
  municipality?: Array<string> | null | undefined;
  /** Regions of the buying municipalities, e.g. ["NO-39"]. */
  region?: Array<string> | null | undefined;
  /** Last day counted; lines overlapping it are prorated by days. */
  to?: string | null | undefined;
};

/** Whether a goal wants its indicator to rise or fall. */
export type GoalDirection =
  /** Lower is better. */
  | 'DECREASE'
  /** Higher is better. */
  | 'INCREASE';

/** Whose goal it is. */
export type GoalOwnerKind =
  /** A municipality. */
  | 'MUNICIPALITY'
  /** A country. */
  | 'NATION'
  /** A project. */
  | 'PROJECT'
  /** A county or region. */
  | 'REGION';

/** How an indicator is obtained. */
export type IndicatorKind =
  /** Kitchens with a producer as direct supplier, computed. */
  | 'KITCHENS_WITH_DIRECT_PRODUCER'
  /** Local share of deliveries under a local definition, computed. */
  | 'LOCAL_SHARE'
  /** Reported figures, stored as observations. */
  | 'OBSERVED'
  /** Organic share of deliveries, computed. */
  | 'ORGANIC_SHARE'
  /** Tender-ready producers able to deliver a lot, computed. */
  | 'TENDER_READY_PRODUCERS_PER_LOT';

/** What a kitchen or serving unit serves. */
export type KitchenKind =
  /** After-school programme (SFO, fritids). */
  | 'AFTER_SCHOOL'
  /** Day centre (dagsenter, daglig verksamhet). */
  | 'DAY_CENTRE'
  /** Elderly care (sykehjem, äldreboende). */
  | 'ELDERLY_CARE'
  /** Hospital. */
  | 'HOSPITAL'
  /** Another kind of kitchen. */
  | 'OTHER'
  /** Preschool or kindergarten (barnehage, förskola). */
  | 'PRESCHOOL'
  /** Restaurant or private food service. */
  | 'RESTAURANT'
  /** School (skole, skola). */
  | 'SCHOOL'
  /** Staff canteen. */
  | 'STAFF_CANTEEN';

/** A definition of local, judged by the producer's (origin's) location. */
export type LocalDefinition =
  /** Produced in the buying country. */
  | 'SAME_COUNTRY'
  /** Produced in the buying municipality. */
  | 'SAME_MUNICIPALITY'
  /** Produced in the buying county/region. */
  | 'SAME_REGION'
  /** Produced within a distance of the kitchen (or the buying municipality’s centroid). */
  | 'WITHIN_KM';

/** A definition of local, judged by the producer (origin) of the food, never by the supplier. */
export type LocalInput = {
  /** Which definition. */
  definition: LocalDefinition;
  /** For WITHIN_KM: the distance in kilometres (more than 0, at most 2,000); great-circle, edges included. */
  km?: number | null | undefined;
};

/** What a share is measured in. */
export type Measure =
  /** Money, excluding VAT. */
  | 'VALUE'
  /** Kilograms. */
  | 'WEIGHT';

/** Which producers to return. All given conditions must hold; a list means any of its values. */
export type ProducerFilter = {
  /** Category codes; a category includes its descendants ("vegetables.root" matches potato growers). */
  category?: Array<string> | null | undefined;
  /** Holds a certificate of any of these schemes. */
  certification?: Array<CertificationScheme> | null | undefined;
  /** Sells through any of these channels. */
  channel?: Array<SalesChannel> | null | undefined;
  /** Country codes, e.g. ["SE"]. */
  country?: Array<string> | null | undefined;
  /** Any of these kinds. */
  kind?: Array<ProducerKind> | null | undefined;
  /** Municipality codes, e.g. ["NO-3901"]. */
  municipality?: Array<string> | null | undefined;
  /** Holds (true) or lacks (false) an organic certificate. */
  organic?: boolean | null | undefined;
  /** Region codes, e.g. ["NO-39"]. */
  region?: Array<string> | null | undefined;
  /** Part of the name, case-insensitive. */
  search?: string | null | undefined;
  /** Able to answer public tenders. */
  tenderReady?: boolean | null | undefined;
};

/** What a producer mainly does. */
export type ProducerKind =
  /** A bakery. */
  | 'BAKERY'
  /** A producer cooperative selling its members’ food. */
  | 'COOPERATIVE'
  /** A dairy or cheese maker. */
  | 'DAIRY'
  /** A farm or market garden. */
  | 'FARM'
  /** A fishery or fish farm. */
  | 'FISHERY'
  /** Another kind of producer. */
  | 'OTHER'
  /** A food processor (mill, butcher, juice press…). */
  | 'PROCESSOR';

/** Where a progress value comes from. */
export type ProgressBasis =
  /** Computed from delivery lines of complete years. */
  | 'COMPUTED'
  /** No value can be given; `note` says why. */
  | 'NONE'
  /** The latest reported observation. */
  | 'OBSERVED';

/** Where a producer sells. */
export type SalesChannel =
  /** Directly to consumers (farm shop, REKO ring, market). */
  | 'DIRECT'
  /** Restaurants and private food service. */
  | 'FOOD_SERVICE'
  /** Public kitchens through procurement. */
  | 'PUBLIC_PROCUREMENT'
  /** Shops. */
  | 'RETAIL'
  /** Through wholesalers. */
  | 'WHOLESALE';

/** A dimension delivery statistics can be grouped by; combine any of them. */
export type StatsGroup =
  /** Product category, at the depth given by `categoryDepth`. */
  | 'CATEGORY'
  /** Country of the buying municipality. */
  | 'COUNTRY'
  /** Invoiced kitchen (null for lines bought without a known kitchen). */
  | 'KITCHEN'
  /** Kind of the invoiced kitchen (null when the kitchen is unknown). */
  | 'KITCHEN_KIND'
  /** Calendar month (with its year). Lines spanning months are split by days. */
  | 'MONTH'
  /** Buying municipality. */
  | 'MUNICIPALITY'
  /** Producer (origin) of the food; null when the origin is unknown. */
  | 'PRODUCER'
  /** County (fylke / län) of the buying municipality. */
  | 'REGION'
  /** Calendar year. Lines spanning years are split by days. */
  | 'YEAR';

export type DeliveryStatsQueryVariables = Exact<{
  filter?: DeliveryStatsFilter | null | undefined;
  groupBy?: Array<StatsGroup> | StatsGroup | null | undefined;
  categoryDepth?: number | null | undefined;
  local?: LocalInput | null | undefined;
  measure?: Measure | null | undefined;
  currency?: Currency | null | undefined;
  lang?: string | null | undefined;
}>;


export type DeliveryStatsQuery = { deliveryStats: { groupBy: Array<StatsGroup>, local: LocalDefinition, localKm: number | null, measure: Measure, currency: Currency | null, suppressionThreshold: number, rows: Array<{ year: number | null, month: number | null, country: string | null, kitchenKind: KitchenKind | null, currency: Currency | null, suppressed: boolean, lines: number | null, unconvertedLines: number | null, total: number | null, organic: number | null, local: number | null, unknownOrigin: number | null, organicShare: number | null, localShare: number | null, localShareOfKnown: number | null, region: { code: string, name: string | null } | null, municipality: { code: string, name: string | null } | null, kitchen: { id: string, name: string | null } | null, category: { code: string, name: string | null } | null, producer: { id: string, name: string | null } | null, exchangeRates: Array<{ currency: string, year: number, rate: number, indicatorKey: string }> }> } };

export type GoalProgressQueryVariables = Exact<{
  municipality?: Array<string> | string | null | undefined;
  lang?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type GoalProgressQuery = { goals: { totalCount: number, edges: Array<{ node: { id: string, title: string, ownerKind: GoalOwnerKind, baselineValue: string | number | null, baselineYear: number | null, targetValue: string | number, targetYear: number, direction: GoalDirection, municipality: { code: string, name: string } | null, indicator: { key: string, name: string, unit: string, kind: IndicatorKind, measure: Measure | null, localDefinition: LocalDefinition | null, localKm: number | null }, progress: { basis: ProgressBasis, currentValue: number | null, asOf: string | null, expectedValue: number | null, expectedToday: number | null, onTrack: boolean | null, coverage: number | null, coverageThreshold: number, note: string | null, series: Array<{ year: number, value: number | null, coverage: number | null, lines: number }> } } }> } };

export type ProducerListQueryVariables = Exact<{
  filter?: ProducerFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  lang?: string | null | undefined;
}>;


export type ProducerListQuery = { producers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, kind: ProducerKind, tenderReady: boolean, organic: boolean, municipality: { code: string, name: string } | null, location: { lat: number, lon: number } | null, categories: Array<{ code: string, name: string }>, certifications: Array<{ scheme: CertificationScheme, organic: boolean }> } }> } };

export type ProducerMapQueryVariables = Exact<{
  bbox: BBoxInput;
  first?: number | null | undefined;
}>;


export type ProducerMapQuery = { producers: { totalCount: number, edges: Array<{ node: { id: string, name: string, location: { lat: number, lon: number } | null, categories: Array<{ code: string }> } }> } };

export type SharesByMunicipalityYearQueryVariables = Exact<{
  filter?: DeliveryStatsFilter | null | undefined;
  local?: LocalInput | null | undefined;
  measure?: Measure | null | undefined;
  currency?: Currency | null | undefined;
}>;


export type SharesByMunicipalityYearQuery = { deliveryStats: { local: LocalDefinition, localKm: number | null, measure: Measure, currency: Currency | null, rows: Array<{ year: number | null, currency: Currency | null, suppressed: boolean, lines: number | null, total: number | null, organic: number | null, local: number | null, unknownOrigin: number | null, organicShare: number | null, localShare: number | null, localShareOfKnown: number | null, municipality: { code: string, name: string | null } | null, exchangeRates: Array<{ currency: string, year: number, rate: number, indicatorKey: string }> }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const DeliveryStatsDocument = new TypedDocumentString(`
    query DeliveryStats($filter: DeliveryStatsFilter, $groupBy: [StatsGroup!], $categoryDepth: Int, $local: LocalInput, $measure: Measure, $currency: Currency, $lang: String) {
  deliveryStats(
    filter: $filter
    groupBy: $groupBy
    categoryDepth: $categoryDepth
    local: $local
    measure: $measure
    currency: $currency
  ) {
    groupBy
    local
    localKm
    measure
    currency
    suppressionThreshold
    rows {
      year
      month
      country
      region {
        code
        name
      }
      municipality {
        code
        name
      }
      kitchen {
        id
        name
      }
      kitchenKind
      category {
        code
        name(lang: $lang)
      }
      producer {
        id
        name
      }
      currency
      suppressed
      lines
      unconvertedLines
      total
      organic
      local
      unknownOrigin
      organicShare
      localShare
      localShareOfKnown
      exchangeRates {
        currency
        year
        rate
        indicatorKey
      }
    }
  }
}
    `) as unknown as TypedDocumentString<DeliveryStatsQuery, DeliveryStatsQueryVariables>;
export const GoalProgressDocument = new TypedDocumentString(`
    query GoalProgress($municipality: [String!], $lang: String, $first: Int) {
  goals(filter: {municipality: $municipality}, first: $first) {
    totalCount
    edges {
      node {
        id
        title(lang: $lang)
        ownerKind
        municipality {
          code
          name
        }
        indicator {
          key
          name(lang: $lang)
          unit
          kind
          measure
          localDefinition
          localKm
        }
        baselineValue
        baselineYear
        targetValue
        targetYear
        direction
        progress {
          basis
          currentValue
          asOf
          expectedValue
          expectedToday
          onTrack
          coverage
          coverageThreshold
          note
          series {
            year
            value
            coverage
            lines
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<GoalProgressQuery, GoalProgressQueryVariables>;
export const ProducerListDocument = new TypedDocumentString(`
    query ProducerList($filter: ProducerFilter, $first: Int, $after: String, $lang: String) {
  producers(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        name
        kind
        tenderReady
        organic
        municipality {
          code
          name
        }
        location {
          lat
          lon
        }
        categories {
          code
          name(lang: $lang)
        }
        certifications {
          scheme
          organic
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ProducerListQuery, ProducerListQueryVariables>;
export const ProducerMapDocument = new TypedDocumentString(`
    query ProducerMap($bbox: BBoxInput!, $first: Int) {
  producers(bbox: $bbox, first: $first) {
    totalCount
    edges {
      node {
        id
        name
        location {
          lat
          lon
        }
        categories {
          code
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ProducerMapQuery, ProducerMapQueryVariables>;
export const SharesByMunicipalityYearDocument = new TypedDocumentString(`
    query SharesByMunicipalityYear($filter: DeliveryStatsFilter, $local: LocalInput, $measure: Measure, $currency: Currency) {
  deliveryStats(
    filter: $filter
    groupBy: [MUNICIPALITY, YEAR]
    local: $local
    measure: $measure
    currency: $currency
  ) {
    local
    localKm
    measure
    currency
    rows {
      municipality {
        code
        name
      }
      year
      currency
      suppressed
      lines
      total
      organic
      local
      unknownOrigin
      organicShare
      localShare
      localShareOfKnown
      exchangeRates {
        currency
        year
        rate
        indicatorKey
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SharesByMunicipalityYearQuery, SharesByMunicipalityYearQueryVariables>;