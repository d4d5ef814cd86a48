/**
 * The personal and private fields of each kind of record, read from the markers of the record
 * tables (`records/fields.ts` `Privacy`): what the change feed leaves out, what a purge erases.
 */
import type { FieldSpec, Privacy, RecordTable } from '../records/fields.js';
import { AGREEMENT, DEMAND } from '../records/agreements.js';
import { DELIVERY } from '../records/deliveries.js';
import { GOAL, OBSERVATION } from '../records/goals.js';
import { HUB } from '../records/hubs.js';
import { KITCHEN } from '../records/kitchens.js';
import { ORGANIZATION } from '../records/organizations.js';
import { PRODUCER } from '../records/producers.js';
import { ORG_NUMBER } from '../records/shared.js';

/** The record table of each record type of the change log. */
export const RECORD_TABLES: Readonly<Record<string, RecordTable>> = {
  Producer: PRODUCER,
  Kitchen: KITCHEN,
  Hub: HUB,
  Demand: DEMAND,
  Agreement: AGREEMENT,
  Delivery: DELIVERY,
  Goal: GOAL,
  Observation: OBSERVATION,
  Organization: ORGANIZATION,
};

/** The fields of a table marked with any of the privacy levels, in the table's order. */
export const fieldsMarked = (table: RecordTable, ...levels: Privacy[]): FieldSpec[] =>
  table.fields.filter((f) => f.privacy !== undefined && levels.includes(f.privacy));

/** Their names. */
export const namesMarked = (table: RecordTable, ...levels: Privacy[]): string[] => fieldsMarked(table, ...levels).map((f) => f.name);

/** Every field of the table is private (a delivery line): the record is shown whole or not at all. */
export const isPrivateRecord = (table: RecordTable): boolean => table.fields.every((f) => f.privacy === 'private');

/**
 * The field that names the natural person a table's natural-person fields are about, by org number
 * (a producer's company, a hub's operator, an agreement's buyer; an organization's own number).
 */
export function personField(table: RecordTable): FieldSpec | null {
  const fields = fieldsMarked(table, 'natural-person');
  if (fields.length === 0) return null;
  const named = fields.filter((f) => f.value === ORG_NUMBER);
  if (named.length !== 1)
    throw new Error(`${table.name}: natural-person fields need one org-number field marked natural-person, naming the person; found ${named.length}.`);
  return named[0]!;
}
