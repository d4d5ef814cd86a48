/**
 * The `fc-…` events the elements fire. All bubble and are composed, so a listener anywhere on the
 * page hears them. Each element's `…Events` interface maps the events it fires to their `detail`;
 * the global `HTMLElementEventMap` and `DocumentEventMap` entries below type `addEventListener('fc-select', (e) =>
 * e.detail.id)` on any element or on the document.
 */

/** `fc-error`: loading failed. */
export interface FcErrorDetail {
  /** Why: the API's own message when it gave one. */
  message: string;
}

/** The events every element fires. */
export interface FcEvents {
  'fc-error': FcErrorDetail;
}

export interface FcProducerMapEvents extends FcEvents {
  /** Producers loaded: how many. */
  'fc-load': { count: number };
  /** First markers painted: markers and clusters drawn, producers they stand for. */
  'fc-render': { markers: number; producers: number };
  /** A producer was opened (marker or list). */
  'fc-select': { id: string; name: string };
  /** The map switched to its boundary basemap (tiles off or failing). */
  'fc-offline': Record<string, never>;
}

export interface FcProducerListEvents extends FcEvents {
  /** Data loaded: the number of matching producers. */
  'fc-load': { totalCount: number };
  /** The user changed search or filters. */
  'fc-filter-change': { search: string; category: string[]; certification: string[]; tenderReady: boolean };
}

export interface FcGoalProgressEvents extends FcEvents {
  /** Goals loaded: how many. */
  'fc-load': { count: number };
}

export interface FcShareChartEvents extends FcEvents {
  /** Statistics loaded: how many years. */
  'fc-load': { years: number };
}

export interface FcKitchenStatsEvents extends FcEvents {
  /** Figures loaded: kitchens and meals per day. */
  'fc-load': { kitchens: number; mealsPerDay: number };
}

export interface FcMunicipalityRankingEvents extends FcEvents {
  /** Ranking loaded: the year ranked (null without data) and how many municipalities. */
  'fc-load': { year: number | null; count: number };
}

export interface FcDemandBoardEvents extends FcEvents {
  /** Demand loaded: the number of matching needs. */
  'fc-load': { totalCount: number };
  /** The user changed the category chips: the selected codes. */
  'fc-filter-change': { category: string[] };
}

type AnyEvents =
  | FcProducerMapEvents
  | FcProducerListEvents
  | FcGoalProgressEvents
  | FcShareChartEvents
  | FcKitchenStatsEvents
  | FcMunicipalityRankingEvents
  | FcDemandBoardEvents;

/** The `detail` of event `K` from any element that fires it (a union where elements differ). */
export type FcEventDetail<K extends string> = AnyEvents extends infer E ? (E extends Record<K, infer D> ? D : never) : never;

/** The `fc-…` events as DOM event types, for the global event maps below. */
export interface FcEventMap {
  'fc-load': CustomEvent<FcEventDetail<'fc-load'>>;
  'fc-error': CustomEvent<FcErrorDetail>;
  'fc-filter-change': CustomEvent<FcEventDetail<'fc-filter-change'>>;
  'fc-render': CustomEvent<FcProducerMapEvents['fc-render']>;
  'fc-select': CustomEvent<FcProducerMapEvents['fc-select']>;
  'fc-offline': CustomEvent<FcProducerMapEvents['fc-offline']>;
}

declare global {
  // Listeners on an element and on the document (the events bubble up to it).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends FcEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DocumentEventMap extends FcEventMap {}
}
