import { builder } from '../builder.js';
import * as E from '../../generated/prisma/enums.js';

const values = <T extends Record<string, string>>(e: T, descriptions: { [K in keyof T]: string }) =>
  Object.fromEntries(Object.keys(e).map((k) => [k, { value: e[k], description: descriptions[k as keyof T] }])) as {
    [K in keyof T]: { value: T[K]; description: string };
  };

export const OrganizationKind = builder.enumType('OrganizationKind', {
  description: 'What kind of body an organization is.',
  values: values(E.OrganizationKind, {
    MUNICIPALITY: 'A municipality administration (kommune, kommun).',
    REGION: 'A county or regional authority.',
    NATIONAL_AGENCY: 'A national authority or agency.',
    PRODUCER_COMPANY: "A producer's company (farm, fishery, processor).",
    COOPERATIVE: 'A producer cooperative.',
    WHOLESALER: 'A wholesaler (supplies food, does not produce it).',
    LOGISTICS: 'A logistics or distribution operator.',
    FOOD_SERVICE: 'A food-service company operating kitchens.',
    PROJECT_PARTNER: "A project's partner organization.",
    RESEARCH: 'A research or education institute.',
    NGO: 'A non-governmental organization or network.',
    OTHER: 'Another kind of organization.',
  }),
});

export const OrganizationSizeClass = builder.enumType('OrganizationSizeClass', {
  description:
    'Size class of an enterprise under Commission Recommendation 2003/361/EC (staff headcount, and annual turnover or balance sheet total). Only the class is stored.',
  values: values(E.OrganizationSizeClass, {
    MICRO: 'Micro: fewer than 10 staff and turnover or balance sheet total at most €2 million.',
    SMALL: 'Small: fewer than 50 staff and turnover or balance sheet total at most €10 million.',
    MEDIUM: 'Medium-sized: fewer than 250 staff and turnover at most €50 million or balance sheet total at most €43 million.',
    LARGE: 'Large: any enterprise above the medium-sized thresholds.',
  }),
});

export const ProducerKind = builder.enumType('ProducerKind', {
  description: 'What a producer mainly does.',
  values: values(E.ProducerKind, {
    FARM: 'A farm or market garden.',
    FISHERY: 'A fishery or fish farm.',
    PROCESSOR: 'A food processor (mill, butcher, juice press…).',
    BAKERY: 'A bakery.',
    DAIRY: 'A dairy or cheese maker.',
    COOPERATIVE: 'A producer cooperative selling its members’ food.',
    OTHER: 'Another kind of producer.',
  }),
});

export const CertificationScheme = builder.enumType('CertificationScheme', {
  description:
    'Certification and label schemes. Only EU_ORGANIC, KRAV, DEBIO, OE_MAERKET, LUOMU and BIO_SIEGEL certify organic production; the others are other labels.',
  values: values(E.CertificationScheme, {
    EU_ORGANIC: 'EU organic (Regulation (EU) 2018/848): the EU logo, the organic label in Estonia and Lithuania too.',
    KRAV: 'KRAV (Sweden), organic.',
    DEBIO: 'Debio (Norway), organic.',
    OE_MAERKET: 'Ø-mærket (Denmark), organic.',
    LUOMU: 'Luomu (Finland), organic.',
    BIO_SIEGEL: 'Bio-Siegel (Germany), organic.',
    NYT_NORGE: 'Nyt Norge origin label (not organic).',
    SVENSKT_SIGILL: 'Svenskt Sigill (not organic).',
    MSC: 'Marine Stewardship Council (not organic).',
    ASC: 'Aquaculture Stewardship Council (not organic).',
    OTHER: 'Another scheme.',
  }),
});

export const SalesChannel = builder.enumType('SalesChannel', {
  description: 'Where a producer sells.',
  values: values(E.SalesChannel, {
    PUBLIC_PROCUREMENT: 'Public kitchens through procurement.',
    FOOD_SERVICE: 'Restaurants and private food service.',
    RETAIL: 'Shops.',
    DIRECT: 'Directly to consumers (farm shop, REKO ring, market).',
    WHOLESALE: 'Through wholesalers.',
  }),
});

export const Weekday = builder.enumType('Weekday', {
  description: 'A day of the week.',
  values: values(E.Weekday, {
    MON: 'Monday.',
    TUE: 'Tuesday.',
    WED: 'Wednesday.',
    THU: 'Thursday.',
    FRI: 'Friday.',
    SAT: 'Saturday.',
    SUN: 'Sunday.',
  }),
});

export const KitchenKind = builder.enumType('KitchenKind', {
  description: 'What a kitchen or serving unit serves.',
  values: values(E.KitchenKind, {
    SCHOOL: 'School (skole, skola).',
    PRESCHOOL: 'Preschool or kindergarten (barnehage, förskola).',
    AFTER_SCHOOL: 'After-school programme (SFO, fritids).',
    ELDERLY_CARE: 'Elderly care (sykehjem, äldreboende).',
    HOSPITAL: 'Hospital.',
    DAY_CENTRE: 'Day centre (dagsenter, daglig verksamhet).',
    STAFF_CANTEEN: 'Staff canteen.',
    RESTAURANT: 'Restaurant or private food service.',
    OTHER: 'Another kind of kitchen.',
  }),
});

export const ProductionType = builder.enumType('ProductionType', {
  description: 'How a kitchen produces meals.',
  values: values(E.ProductionType, {
    COOKING: 'Cooks its own meals.',
    CENTRAL: 'A central kitchen that cooks for receiving kitchens.',
    RECEIVING: 'Receives meals from a central kitchen.',
  }),
});

export const HubKind = builder.enumType('HubKind', {
  description: 'What a distribution hub is.',
  values: values(E.HubKind, {
    FOOD_HUB: 'A food hub collecting from producers.',
    DAY_CENTRE: 'A day centre that receives and distributes deliveries.',
    COOPERATIVE_WAREHOUSE: "A cooperative's warehouse.",
    WHOLESALER_DEPOT: "A wholesaler's depot.",
    OTHER: 'Another kind of hub.',
  }),
});

export const Unit = builder.enumType('Unit', {
  description: 'A unit of quantity; converted to kilograms through per-category factors.',
  values: values(E.Unit, {
    KG: 'Kilogram.',
    G: 'Gram.',
    TONNE: 'Tonne (1,000 kg).',
    L: 'Litre.',
    DL: 'Decilitre.',
    ML: 'Millilitre.',
    PIECE: 'Piece (egg, loaf…).',
    DOZEN: 'Dozen (12 pieces).',
  }),
});

export const Currency = builder.enumType('Currency', {
  description: 'A currency (ISO 4217). Amounts in different currencies are never summed together.',
  values: values(E.Currency, {
    NOK: 'Norwegian krone.',
    SEK: 'Swedish krona.',
    EUR: 'Euro.',
    DKK: 'Danish krone.',
    PLN: 'Polish złoty.',
  }),
});

export const OriginBasis = builder.enumType('OriginBasis', {
  description: 'How the producer (origin) of a delivery line is known.',
  values: values(E.OriginBasis, {
    DIRECT: 'The producer delivered and invoiced directly.',
    ARTICLE_DATA: "From the supplier's article data.",
    DECLARED: 'Declared by the supplier.',
    UNKNOWN: 'The origin is not known.',
  }),
});

export const OrganicBasis = builder.enumType('OrganicBasis', {
  description: "How a delivery line's organic status is known.",
  values: values(E.OrganicBasis, {
    CERTIFIED_PRODUCT: 'The product is certified organic.',
    ARTICLE_DATA: "From the supplier's article data.",
    SUPPLIER_DECLARATION: 'Declared by the supplier.',
    NONE: 'Not organic, or not known to be.',
  }),
});

export const DemandStatus = builder.enumType('DemandStatus', {
  description: 'State of a published demand.',
  values: values(E.DemandStatus, {
    OPEN: 'Open for producers.',
    MATCHED: 'A producer has been found.',
    CLOSED: 'Closed.',
  }),
});

export const ProcurementRoute = builder.enumType('ProcurementRoute', {
  description: 'How a demand is bought.',
  values: values(E.ProcurementRoute, {
    CALL_OFF: 'A call-off under a framework agreement.',
    DIRECT_AWARD: 'A direct award under the threshold.',
    DYNAMIC_PURCHASING: 'A dynamic purchasing system.',
    MARKET_DIALOGUE: 'Market dialogue before a tender.',
  }),
});

export const AgreementStatus = builder.enumType('AgreementStatus', {
  description: 'State of an agreement or tender.',
  values: values(E.AgreementStatus, {
    PLANNING: 'Being planned.',
    TENDER: 'Out for tender.',
    ACTIVE: 'In force.',
    COMPLETE: 'Ended.',
    CANCELLED: 'Cancelled.',
  }),
});

export const GoalOwnerKind = builder.enumType('GoalOwnerKind', {
  description: 'Whose goal it is.',
  values: values(E.GoalOwnerKind, {
    MUNICIPALITY: 'A municipality.',
    REGION: 'A county or region.',
    NATION: 'A country.',
    PROJECT: 'A project.',
  }),
});

export const GoalDirection = builder.enumType('GoalDirection', {
  description: 'Whether a goal wants its indicator to rise or fall.',
  values: values(E.GoalDirection, { INCREASE: 'Higher is better.', DECREASE: 'Lower is better.' }),
});

export const IndicatorKind = builder.enumType('IndicatorKind', {
  description: 'How an indicator is obtained.',
  values: values(E.IndicatorKind, {
    ORGANIC_SHARE: 'Organic share of deliveries, computed.',
    LOCAL_SHARE: 'Local share of deliveries under a local definition, computed.',
    TENDER_READY_PRODUCERS_PER_LOT: 'Tender-ready producers able to deliver a lot, computed.',
    KITCHENS_WITH_DIRECT_PRODUCER: 'Kitchens with a producer as direct supplier, computed.',
    OBSERVED: 'Reported figures, stored as observations.',
  }),
});

export const Measure = builder.enumType('Measure', {
  description: 'What a share is measured in.',
  values: values(E.Measure, { VALUE: 'Money, excluding VAT.', WEIGHT: 'Kilograms.' }),
});

export const LocalDefinition = builder.enumType('LocalDefinition', {
  description: "A definition of local, judged by the producer's (origin's) location.",
  values: values(E.LocalDefinition, {
    SAME_MUNICIPALITY: 'Produced in the buying municipality.',
    SAME_REGION: 'Produced in the buying county/region.',
    SAME_COUNTRY: 'Produced in the buying country.',
    WITHIN_KM: 'Produced within a distance of the kitchen (or the buying municipality’s centroid).',
  }),
});

export const ObservationStatus = builder.enumType('ObservationStatus', {
  description: 'How final an observed figure is, as its publisher says.',
  values: values(E.ObservationStatus, {
    PROVISIONAL: 'Preliminary: the publisher may still revise it.',
    OFFICIAL: 'Published as final.',
    ESTIMATED: 'Estimated or modelled rather than counted.',
  }),
});

export const PeriodType = builder.enumType('PeriodType', {
  description: 'The granularity of a date.',
  values: values(E.PeriodType, { YEAR: 'A calendar year.', MONTH: 'A calendar month.' }),
});

export const MunicipalityLevel = builder.enumType('MunicipalityLevel', {
  description:
    'What kind of local unit a municipality is: a municipality, or a district where the district is the finest division the commons keeps (Germany’s Kreise).',
  values: values(E.MunicipalityLevel, {
    MUNICIPALITY: 'A municipality: kommune (Norway, Denmark), kommun (Sweden), kunta (Finland), omavalitsus (Estonia), savivaldybė (Lithuania).',
    DISTRICT: 'A district: a German Kreis (Landkreis, Kreis) or kreisfreie Stadt (Stadtkreis), made up of municipalities (Gemeinden).',
  }),
});
