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

/** Certification and label schemes. Only EU_ORGANIC, KRAV, DEBIO, OE_MAERKET, LUOMU and BIO_SIEGEL certify organic production; the others are other labels. */
export type CertificationScheme =
  /** Aquaculture Stewardship Council (not organic). */
  | 'ASC'
  /** Bio-Siegel (Germany), organic. */
  | 'BIO_SIEGEL'
  /** Debio (Norway), organic. */
  | 'DEBIO'
  /** EU organic (Regulation (EU) 2018/848): the EU logo, the organic label in Estonia and Lithuania too. */
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
  /** Projects (global IDs): lines bought in their municipalities. */
  project?: Array<string> | null | undefined;
  /** Regions of the buying municipalities, e.g. ["NO-39"]. */
  region?: Array<string> | null | undefined;
  /** Sources (dataset keys, e.g. ["kismet-sodertalje"]) whose lines are counted. */
  source?: Array<string> | null | undefined;
  /** Kinds of the supplier (UNKNOWN: lines without a supplier). */
  supplierKind?: Array<SupplierKind> | null | undefined;
  /** Size classes of the supplier (UNKNOWN: lines whose supplier’s class is not known). */
  supplierSize?: Array<SupplierSize> | null | undefined;
  /** Last day counted; lines overlapping it are prorated by days. */
  to?: string | null | undefined;
};

/** Which demands to return. */
export type DemandFilter = {
  /** Category codes (with descendants). */
  category?: Array<string> | null | undefined;
  /** Period ends on or after this day. */
  from?: string | null | undefined;
  /** Delivered to any of these municipalities. */
  municipality?: Array<string> | null | undefined;
  /** Delivered within this distance of a point: the kitchen’s location, or the municipality’s centre when the demand names no located kitchen. */
  near?: NearInput | null | undefined;
  /** Any of these states. */
  status?: Array<DemandStatus> | null | undefined;
  /** Period starts on or before this day. */
  to?: string | null | undefined;
};

/** State of a published demand. */
export type DemandStatus =
  /** Closed. */
  | 'CLOSED'
  /** A producer has been found. */
  | 'MATCHED'
  /** Open for producers. */
  | 'OPEN';

/** Whether a goal wants its indicator to rise or fall. */
export type GoalDirection =
  /** Lower is better. */
  | 'DECREASE'
  /** Higher is better. */
  | 'INCREASE';

/** Which goals to return. */
export type GoalFilter = {
  /** Indicator keys. */
  indicator?: Array<string> | null | undefined;
  /** Goals of these municipalities, and of the regions and countries they belong to. */
  municipality?: Array<string> | null | undefined;
  /** Any of these owner kinds. */
  ownerKind?: Array<GoalOwnerKind> | null | undefined;
};

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

/** Which kitchens to return. All given conditions must hold; a list means any of its values. */
export type KitchenFilter = {
  /** Any of these kinds. */
  kind?: Array<KitchenKind> | null | undefined;
  /** Meal concept, case-insensitive. */
  mealConcept?: string | null | undefined;
  /** Municipality codes. */
  municipality?: Array<string> | null | undefined;
  /** Any of these production types. */
  productionType?: Array<ProductionType> | null | undefined;
  /** Region codes. */
  region?: Array<string> | null | undefined;
  /** Part of the name, case-insensitive. */
  search?: string | null | undefined;
};

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

/** Within a great-circle distance of a point. */
export type NearInput = {
  /** Latitude of the centre (−90 to 90). */
  lat: number;
  /** Longitude of the centre (−180 to 180). */
  lon: number;
  /** Radius in kilometres (more than 0, at most 2,000). */
  radiusKm: number;
};

/** How final an observed figure is, as its publisher says. */
export type ObservationStatus =
  /** Estimated or modelled rather than counted. */
  | 'ESTIMATED'
  /** Published as final. */
  | 'OFFICIAL'
  /** Preliminary: the publisher may still revise it. */
  | 'PROVISIONAL';

/** The granularity of a date. */
export type PeriodType =
  /** A calendar month. */
  | 'MONTH'
  /** A calendar year. */
  | 'YEAR';

/** How a demand is bought. */
export type ProcurementRoute =
  /** A call-off under a framework agreement. */
  | 'CALL_OFF'
  /** A direct award under the threshold. */
  | 'DIRECT_AWARD'
  /** A dynamic purchasing system. */
  | 'DYNAMIC_PURCHASING'
  /** Market dialogue before a tender. */
  | 'MARKET_DIALOGUE';

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

/** How a kitchen produces meals. */
export type ProductionType =
  /** A central kitchen that cooks for receiving kitchens. */
  | 'CENTRAL'
  /** Cooks its own meals. */
  | 'COOKING'
  /** Receives meals from a central kitchen. */
  | 'RECEIVING';

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
  /** Kind of the supplier who delivered and invoiced (never the producer of origin); UNKNOWN for lines without a supplier. */
  | 'SUPPLIER_KIND'
  /** EU SME size class of the supplier’s organization (2003/361/EC); UNKNOWN when not known. */
  | 'SUPPLIER_SIZE'
  /** Calendar year. Lines spanning years are split by days. */
  | 'YEAR';

/** Who delivered and invoiced a delivery line: the supplier, never the producer of origin. */
export type SupplierKind =
  /** A supplier organization of any other kind, or a supplier known only by name. */
  | 'OTHER'
  /** A registered producer delivering directly, or a supplier organization of kind PRODUCER_COMPANY or COOPERATIVE. */
  | 'PRODUCER'
  /** The line names no supplier: counted apart, never guessed. */
  | 'UNKNOWN'
  /** A supplier organization of kind WHOLESALER or LOGISTICS. */
  | 'WHOLESALER';

/** EU SME size class of a delivery line’s supplier (Commission Recommendation 2003/361/EC), from its organization; a registered producer delivering directly takes its organization’s class. */
export type SupplierSize =
  /** Large enterprise. */
  | 'LARGE'
  /** Medium-sized enterprise. */
  | 'MEDIUM'
  /** Micro enterprise. */
  | 'MICRO'
  /** Small enterprise. */
  | 'SMALL'
  /** No class known: no supplier, a supplier known only by name, or an organization without a class. Counted apart, never guessed. */
  | 'UNKNOWN';

/** A unit of quantity; converted to kilograms through per-category factors. */
export type Unit =
  /** Decilitre. */
  | 'DL'
  /** Dozen (12 pieces). */
  | 'DOZEN'
  /** Gram. */
  | 'G'
  /** Kilogram. */
  | 'KG'
  /** Litre. */
  | 'L'
  /** Millilitre. */
  | 'ML'
  /** Piece (egg, loaf…). */
  | 'PIECE'
  /** Tonne (1,000 kg). */
  | 'TONNE';

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

export type FcDemandBoardQueryVariables = Exact<{
  filter?: DemandFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  lang?: string | null | undefined;
}>;


export type FcDemandBoardQuery = { demands: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string | null, description: string | null, quantity: string | number, unit: Unit, periodStart: string, periodEnd: string, organicRequired: boolean, requiredCertifications: Array<CertificationScheme>, status: DemandStatus, procurementRoute: ProcurementRoute, category: { code: string, name: string }, kitchen: { name: string } | null, buyerOrganization: { name: string | null } | null, municipality: { code: string, name: string } } }> } };

export type FcDemandCategoriesQueryVariables = Exact<{
  lang?: string | null | undefined;
}>;


export type FcDemandCategoriesQuery = { categories: { edges: Array<{ node: { code: string, depth: number, name: string } }> } };

export type FcEmbedCategoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type FcEmbedCategoriesQuery = { categories: { edges: Array<{ node: { code: string, name: string } }> } };

export type FcEmbedMunicipalitiesQueryVariables = Exact<{
  search?: string | null | undefined;
}>;


export type FcEmbedMunicipalitiesQuery = { municipalities: { edges: Array<{ node: { code: string, name: string } }> } };

export type FcGoalBasisFragment = { id: string, title: string, ownerKind: GoalOwnerKind, targetValue: string | number, targetYear: number, baselineValue: string | number | null, baselineYear: number | null, municipality: { code: string } | null, project: { municipalities: Array<{ code: string }> } | null, indicator: { kind: IndicatorKind, unit: string, measure: Measure | null, localDefinition: LocalDefinition | null, localKm: number | null, kitchenKinds: Array<KitchenKind>, categoryCodes: Array<string> } };

export type FcGoalsQueryVariables = Exact<{
  filter?: GoalFilter | null | undefined;
  lang?: string | null | undefined;
}>;


export type FcGoalsQuery = { goals: { edges: Array<{ node: { id: string, title: string, targetValue: string | number, targetYear: number, baselineValue: string | number | null, baselineYear: number | null, direction: GoalDirection, indicator: { key: string, kind: IndicatorKind, unit: string, measure: Measure | null, localDefinition: LocalDefinition | null, localKm: number | null, name: string }, progress: { basis: ProgressBasis, currentValue: number | null, asOf: string | null, expectedValue: number | null, expectedToday: number | null, onTrack: boolean | null, coverage: number | null, note: string | null, series: Array<{ year: number, value: number | null }> } } }> } };

export type FcKitchensQueryVariables = Exact<{
  filter?: KitchenFilter | null | undefined;
  after?: string | null | undefined;
}>;


export type FcKitchensQuery = { kitchens: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { kind: KitchenKind, mealsPerDay: number | null, productionType: ProductionType } }> } };

export type FcProducerCardQueryVariables = Exact<{
  id: string;
  lang?: string | null | undefined;
}>;


export type FcProducerCardQuery = { node:
    | { __typename: 'Agreement' }
    | { __typename: 'ApiKey' }
    | { __typename: 'Country' }
    | { __typename: 'Delivery' }
    | { __typename: 'Demand' }
    | { __typename: 'Goal' }
    | { __typename: 'Hub' }
    | { __typename: 'Indicator' }
    | { __typename: 'Kitchen' }
    | { __typename: 'Lot' }
    | { __typename: 'Municipality' }
    | { __typename: 'Observation' }
    | { __typename: 'Organization' }
    | { __typename: 'Producer', id: string, name: string, kind: ProducerKind, city: string | null, tenderReady: boolean, organic: boolean, website: string | null, description: string | null, municipality: { code: string, name: string } | null, categories: Array<{ code: string, name: string }>, certifications: Array<{ scheme: CertificationScheme }>, location: { lat: number, lon: number } | null }
    | { __typename: 'ProductCategory' }
    | { __typename: 'Project' }
    | { __typename: 'Region' }
    | { __typename: 'Source' }
    | { __typename: 'Webhook' }
   | null };

export type FcProducerCardFieldsFragment = { id: string, name: string, kind: ProducerKind, city: string | null, tenderReady: boolean, organic: boolean, website: string | null, description: string | null, municipality: { code: string, name: string } | null, categories: Array<{ code: string, name: string }>, certifications: Array<{ scheme: CertificationScheme }>, location: { lat: number, lon: number } | null };

export type FcProducerListQueryVariables = Exact<{
  filter?: ProducerFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  lang?: string | null | undefined;
}>;


export type FcProducerListQuery = { producers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, kind: ProducerKind, city: string | null, tenderReady: boolean, organic: boolean, website: string | null, description: string | null, municipality: { code: string, name: string } | null, categories: Array<{ code: string, name: string }>, certifications: Array<{ scheme: CertificationScheme }>, location: { lat: number, lon: number } | null } }> }, categories: { edges: Array<{ node: { code: string, name: string } }> } };

export type FcRankingQueryVariables = Exact<{
  filter?: DeliveryStatsFilter | null | undefined;
  local?: LocalInput | null | undefined;
  measure?: Measure | null | undefined;
  currency?: Currency | null | undefined;
}>;


export type FcRankingQuery = { deliveryStats: { rows: Array<{ year: number | null, currency: Currency | null, total: number | null, organicShare: number | null, localShare: number | null, localShareOfKnown: number | null, lines: number | null, suppressed: boolean, municipality: { code: string, name: string | null } | null }> } };

export type FcRegionOfQueryVariables = Exact<{
  code: string;
}>;


export type FcRegionOfQuery = { municipality: { code: string, region: { code: string, name: string } } };

export type FcReportedValuesQueryVariables = Exact<{
  indicator?: Array<string> | string | null | undefined;
  municipality?: Array<string> | string | null | undefined;
  fromYear?: number | null | undefined;
  lang?: string | null | undefined;
}>;


export type FcReportedValuesQuery = { observations: { edges: Array<{ node: { date: string, periodType: PeriodType, value: string | number, status: ObservationStatus | null, kitchen: { id: string } | null, indicator: { key: string, name: string, unit: string }, source: { name: string, attribution: string | null }, facetSource: { name: string, attribution: string | null } | null } }> } };

export type FcShareChartQueryVariables = Exact<{
  goals?: GoalFilter | null | undefined;
  lang?: string | null | undefined;
}>;


export type FcShareChartQuery = { goals: { edges: Array<{ node: { id: string, title: string, ownerKind: GoalOwnerKind, targetValue: string | number, targetYear: number, baselineValue: string | number | null, baselineYear: number | null, municipality: { code: string } | null, project: { municipalities: Array<{ code: string }> } | null, indicator: { kind: IndicatorKind, unit: string, measure: Measure | null, localDefinition: LocalDefinition | null, localKm: number | null, kitchenKinds: Array<KitchenKind>, categoryCodes: Array<string> } } }> } };

export type FcSharesByYearQueryVariables = Exact<{
  filter?: DeliveryStatsFilter | null | undefined;
  local?: LocalInput | null | undefined;
  measure?: Measure | null | undefined;
  currency?: Currency | null | undefined;
}>;


export type FcSharesByYearQuery = { deliveryStats: { rows: Array<{ year: number | null, currency: Currency | null, total: number | null, organicShare: number | null, localShare: number | null, localShareOfKnown: number | null, lines: number | null, suppressed: boolean, municipality: { code: string, name: string | null } | null }> } };

export type FcStatsRowFragment = { year: number | null, currency: Currency | null, total: number | null, organicShare: number | null, localShare: number | null, localShareOfKnown: number | null, lines: number | null, suppressed: boolean, municipality: { code: string, name: string | null } | null };

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
export const FcGoalBasisFragmentDoc = new TypedDocumentString(`
    fragment FcGoalBasis on Goal {
  id
  title(lang: $lang)
  ownerKind
  municipality {
    code
  }
  project {
    municipalities {
      code
    }
  }
  targetValue
  targetYear
  baselineValue
  baselineYear
  indicator {
    kind
    unit
    measure
    localDefinition
    localKm
    kitchenKinds
    categoryCodes
  }
}
    `, {"fragmentName":"FcGoalBasis"}) as unknown as TypedDocumentString<FcGoalBasisFragment, unknown>;
export const FcProducerCardFieldsFragmentDoc = new TypedDocumentString(`
    fragment FcProducerCardFields on Producer {
  id
  name
  kind
  city
  tenderReady
  organic
  website
  description(lang: $lang)
  municipality {
    code
    name
  }
  categories {
    code
    name(lang: $lang)
  }
  certifications {
    scheme
  }
  location {
    lat
    lon
  }
}
    `, {"fragmentName":"FcProducerCardFields"}) as unknown as TypedDocumentString<FcProducerCardFieldsFragment, unknown>;
export const FcStatsRowFragmentDoc = new TypedDocumentString(`
    fragment FcStatsRow on DeliveryStatsRow {
  year
  currency
  municipality {
    code
    name
  }
  total
  organicShare
  localShare
  localShareOfKnown
  lines
  suppressed
}
    `, {"fragmentName":"FcStatsRow"}) as unknown as TypedDocumentString<FcStatsRowFragment, unknown>;
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
    `, {"hash":"sha256:9202d19e1a9fd51fb60f17df5f5ba848ddfcb01985e6f55e40680ee2e9b4f903"}) as unknown as TypedDocumentString<DeliveryStatsQuery, DeliveryStatsQueryVariables>;
export const FcDemandBoardDocument = new TypedDocumentString(`
    query FcDemandBoard($filter: DemandFilter, $first: Int, $after: String, $lang: String) {
  demands(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        title
        description(lang: $lang)
        quantity
        unit
        periodStart
        periodEnd
        organicRequired
        requiredCertifications
        status
        procurementRoute
        category {
          code
          name(lang: $lang)
        }
        kitchen {
          name
        }
        buyerOrganization {
          name
        }
        municipality {
          code
          name
        }
      }
    }
  }
}
    `, {"hash":"sha256:171c05932cf7fc83dc62125b03e34e168daf251124f4fc2e8420d6abdcd4b3b1"}) as unknown as TypedDocumentString<FcDemandBoardQuery, FcDemandBoardQueryVariables>;
export const FcDemandCategoriesDocument = new TypedDocumentString(`
    query FcDemandCategories($lang: String) {
  categories(first: 100) {
    edges {
      node {
        code
        depth
        name(lang: $lang)
      }
    }
  }
}
    `, {"hash":"sha256:7e322d7dd8310de39acd6a4410702f1cc93e405866b69c0af5d8998e98e85e6e"}) as unknown as TypedDocumentString<FcDemandCategoriesQuery, FcDemandCategoriesQueryVariables>;
export const FcEmbedCategoriesDocument = new TypedDocumentString(`
    query FcEmbedCategories {
  categories(first: 100) {
    edges {
      node {
        code
        name(lang: "en")
      }
    }
  }
}
    `, {"hash":"sha256:ef151add6f5df7e8551339590d07e6a518abfb936daf09e2c62f8409019b589a"}) as unknown as TypedDocumentString<FcEmbedCategoriesQuery, FcEmbedCategoriesQueryVariables>;
export const FcEmbedMunicipalitiesDocument = new TypedDocumentString(`
    query FcEmbedMunicipalities($search: String) {
  municipalities(filter: {search: $search}, first: 20) {
    edges {
      node {
        code
        name
      }
    }
  }
}
    `, {"hash":"sha256:9669428e14d1647947a9286542c1ec32658a9d32e8dbc9df397045944f57874e"}) as unknown as TypedDocumentString<FcEmbedMunicipalitiesQuery, FcEmbedMunicipalitiesQueryVariables>;
export const FcGoalsDocument = new TypedDocumentString(`
    query FcGoals($filter: GoalFilter, $lang: String) {
  goals(filter: $filter, first: 100) {
    edges {
      node {
        id
        title(lang: $lang)
        targetValue
        targetYear
        baselineValue
        baselineYear
        direction
        indicator {
          key
          kind
          unit
          measure
          localDefinition
          localKm
          name(lang: $lang)
        }
        progress {
          basis
          currentValue
          asOf
          expectedValue
          expectedToday
          onTrack
          coverage
          note
          series {
            year
            value
          }
        }
      }
    }
  }
}
    `, {"hash":"sha256:3df3c59e9aca5e01cdc6c8145a99fb8d226a66584f35bd650819229f399f04af"}) as unknown as TypedDocumentString<FcGoalsQuery, FcGoalsQueryVariables>;
export const FcKitchensDocument = new TypedDocumentString(`
    query FcKitchens($filter: KitchenFilter, $after: String) {
  kitchens(filter: $filter, first: 100, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        kind
        mealsPerDay
        productionType
      }
    }
  }
}
    `, {"hash":"sha256:ff7b1b058789bd5daa17964b94bb2e45d5894d8a202b39b06a618d4ec8f2e9a2"}) as unknown as TypedDocumentString<FcKitchensQuery, FcKitchensQueryVariables>;
export const FcProducerCardDocument = new TypedDocumentString(`
    query FcProducerCard($id: ID!, $lang: String) {
  node(id: $id) {
    __typename
    ... on Producer {
      ...FcProducerCardFields
    }
  }
}
    fragment FcProducerCardFields on Producer {
  id
  name
  kind
  city
  tenderReady
  organic
  website
  description(lang: $lang)
  municipality {
    code
    name
  }
  categories {
    code
    name(lang: $lang)
  }
  certifications {
    scheme
  }
  location {
    lat
    lon
  }
}`, {"hash":"sha256:9d07223e653912bd56061ddc583a8b29ee6d534046d77f8d513b3f465de1fdfe"}) as unknown as TypedDocumentString<FcProducerCardQuery, FcProducerCardQueryVariables>;
export const FcProducerListDocument = new TypedDocumentString(`
    query FcProducerList($filter: ProducerFilter, $first: Int, $after: String, $lang: String) {
  producers(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...FcProducerCardFields
      }
    }
  }
  categories(filter: {roots: true}, first: 100) {
    edges {
      node {
        code
        name(lang: $lang)
      }
    }
  }
}
    fragment FcProducerCardFields on Producer {
  id
  name
  kind
  city
  tenderReady
  organic
  website
  description(lang: $lang)
  municipality {
    code
    name
  }
  categories {
    code
    name(lang: $lang)
  }
  certifications {
    scheme
  }
  location {
    lat
    lon
  }
}`, {"hash":"sha256:f0f3659d2689dca70ceb158e672c59cffb1c9764cc69083f0979f9cefd76bb74"}) as unknown as TypedDocumentString<FcProducerListQuery, FcProducerListQueryVariables>;
export const FcRankingDocument = new TypedDocumentString(`
    query FcRanking($filter: DeliveryStatsFilter, $local: LocalInput, $measure: Measure, $currency: Currency) {
  deliveryStats(
    filter: $filter
    groupBy: [MUNICIPALITY, YEAR]
    local: $local
    measure: $measure
    currency: $currency
  ) {
    rows {
      ...FcStatsRow
    }
  }
}
    fragment FcStatsRow on DeliveryStatsRow {
  year
  currency
  municipality {
    code
    name
  }
  total
  organicShare
  localShare
  localShareOfKnown
  lines
  suppressed
}`, {"hash":"sha256:69b0392e1e7e88ffc3e3dc5699966e168defbeb041e9871d8da1312151e3a34d"}) as unknown as TypedDocumentString<FcRankingQuery, FcRankingQueryVariables>;
export const FcRegionOfDocument = new TypedDocumentString(`
    query FcRegionOf($code: String!) {
  municipality(code: $code) {
    code
    region {
      code
      name
    }
  }
}
    `, {"hash":"sha256:7c8417ebc5b0875f2b0e1bcddb5462f68c80b8efd88eade1255a8c8df7e086f6"}) as unknown as TypedDocumentString<FcRegionOfQuery, FcRegionOfQueryVariables>;
export const FcReportedValuesDocument = new TypedDocumentString(`
    query FcReportedValues($indicator: [String!], $municipality: [String!], $fromYear: Int, $lang: String) {
  observations(
    filter: {indicator: $indicator, municipality: $municipality, fromYear: $fromYear}
    first: 100
  ) {
    edges {
      node {
        date
        periodType
        value
        status
        kitchen {
          id
        }
        indicator {
          key
          name(lang: $lang)
          unit
        }
        source {
          name
          attribution
        }
        facetSource {
          name
          attribution
        }
      }
    }
  }
}
    `, {"hash":"sha256:ce3bb9bff41d1b94a74aa8488dd18c9d6910e614017af9483c1bd0b4a80410b3"}) as unknown as TypedDocumentString<FcReportedValuesQuery, FcReportedValuesQueryVariables>;
export const FcShareChartDocument = new TypedDocumentString(`
    query FcShareChart($goals: GoalFilter, $lang: String) {
  goals(filter: $goals, first: 100) {
    edges {
      node {
        ...FcGoalBasis
      }
    }
  }
}
    fragment FcGoalBasis on Goal {
  id
  title(lang: $lang)
  ownerKind
  municipality {
    code
  }
  project {
    municipalities {
      code
    }
  }
  targetValue
  targetYear
  baselineValue
  baselineYear
  indicator {
    kind
    unit
    measure
    localDefinition
    localKm
    kitchenKinds
    categoryCodes
  }
}`, {"hash":"sha256:98c15b320fde449aa019133c03def9aa47f46dce938e3eca9a8e28ce34ec48db"}) as unknown as TypedDocumentString<FcShareChartQuery, FcShareChartQueryVariables>;
export const FcSharesByYearDocument = new TypedDocumentString(`
    query FcSharesByYear($filter: DeliveryStatsFilter, $local: LocalInput, $measure: Measure, $currency: Currency) {
  deliveryStats(
    filter: $filter
    groupBy: [YEAR]
    local: $local
    measure: $measure
    currency: $currency
  ) {
    rows {
      ...FcStatsRow
    }
  }
}
    fragment FcStatsRow on DeliveryStatsRow {
  year
  currency
  municipality {
    code
    name
  }
  total
  organicShare
  localShare
  localShareOfKnown
  lines
  suppressed
}`, {"hash":"sha256:b3cc2193a3860716d1f5cd6dd67cdee34467f282c5876d83e1e0c481669f6f35"}) as unknown as TypedDocumentString<FcSharesByYearQuery, FcSharesByYearQueryVariables>;
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
    `, {"hash":"sha256:c0b35aac6216c6d0643f52bd9138ad10a85e5dffb41e0eaa6448cb7bc2c943dc"}) as unknown as TypedDocumentString<GoalProgressQuery, GoalProgressQueryVariables>;
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
    `, {"hash":"sha256:dd2e6ef92ef1089a307f9f5529a07e57f4e3a7501fddae6c6334001fe7556c8a"}) as unknown as TypedDocumentString<ProducerListQuery, ProducerListQueryVariables>;
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
    `, {"hash":"sha256:f4afa6378d9032bb878428d2b863c41307197f482050e7538818d1e5c8dca9cc"}) as unknown as TypedDocumentString<ProducerMapQuery, ProducerMapQueryVariables>;
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
    `, {"hash":"sha256:353a835041befb1d22a07adea78f1cda184eb5bad5ac6df787be84bc9f7aaae8"}) as unknown as TypedDocumentString<SharesByMunicipalityYearQuery, SharesByMunicipalityYearQueryVariables>;