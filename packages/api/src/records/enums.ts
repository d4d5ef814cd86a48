import * as E from '../generated/prisma/enums.js';
import type { EnumValues } from './fields.js';

const values = <V extends string>(name: string, e: Readonly<Record<string, V>>): EnumValues<V> => ({ name, values: Object.values(e) });

/** The enums record fields take their codes from, in their declared order, by their GraphQL name. */
export const ENUMS = {
  AgreementStatus: values('AgreementStatus', E.AgreementStatus),
  CertificationScheme: values('CertificationScheme', E.CertificationScheme),
  Currency: values('Currency', E.Currency),
  DemandStatus: values('DemandStatus', E.DemandStatus),
  GoalDirection: values('GoalDirection', E.GoalDirection),
  GoalOwnerKind: values('GoalOwnerKind', E.GoalOwnerKind),
  HubKind: values('HubKind', E.HubKind),
  KitchenKind: values('KitchenKind', E.KitchenKind),
  ObservationStatus: values('ObservationStatus', E.ObservationStatus),
  OrganicBasis: values('OrganicBasis', E.OrganicBasis),
  OrganizationKind: values('OrganizationKind', E.OrganizationKind),
  OrganizationSizeClass: values('OrganizationSizeClass', E.OrganizationSizeClass),
  OriginBasis: values('OriginBasis', E.OriginBasis),
  PeriodType: values('PeriodType', E.PeriodType),
  ProcurementRoute: values('ProcurementRoute', E.ProcurementRoute),
  ProducerKind: values('ProducerKind', E.ProducerKind),
  ProductionType: values('ProductionType', E.ProductionType),
  SalesChannel: values('SalesChannel', E.SalesChannel),
  Unit: values('Unit', E.Unit),
  Weekday: values('Weekday', E.Weekday),
};
export type EnumName = keyof typeof ENUMS;
