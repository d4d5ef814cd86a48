import { decodeGlobalId } from '../ids.js';
import type { Viewer } from '../access/auth.js';
import type { Database } from '../db/database.js';
import { ErrorCode, UserError } from '../errors.js';
import { containsIdentityNumber } from '../privacy/identity-numbers.js';
import { refreshPublicLocations } from '../privacy/public-location.js';
import { RECORD_TABLES, fieldsMarked, namesMarked, personField } from '../privacy/personal-fields.js';
import { type FieldSpec, tableColumnOf } from '../records/fields.js';
import { ORGANIZATION } from '../records/organizations.js';
import { PRODUCER } from '../records/producers.js';
import { writeTransaction } from './changes.js';
import { requireCurator } from './merge.js';
import { actorOf } from './upsert.js';

/** What a name becomes once erased (names are required, so they are replaced, not emptied). */
export const ERASED_NAME = '(erased)';

/**
 * Personal fields of each record type, as they appear in records' change data (and so in history),
 * from the markers of the record tables.
 */
export const PERSONAL_FIELDS = {
  /** A natural person's organization: their name, identity number and home municipality. */
  Organization: namesMarked(ORGANIZATION, 'personal', 'natural-person'),
  /** A natural person's producer: the contact person, the exact location and address, the identity number. */
  Producer: namesMarked(PRODUCER, 'personal', 'natural-person'),
  /** A company's producer: only the contact person is a natural person. */
  ProducerContact: namesMarked(PRODUCER, 'personal'),
};

/** The stored columns of personal fields set to NULL (fields resolved by the kind's code, such as an org number, are not columns of the record). */
const nulled = (fields: FieldSpec[]) =>
  fields
    .filter((f) => !f.custom)
    .map((f) => `${tableColumnOf(f)} = NULL`)
    .join(', ');
const PRODUCER_ERASED = nulled(fieldsMarked(PRODUCER, 'personal', 'natural-person'));
const CONTACT_ERASED = nulled(fieldsMarked(PRODUCER, 'personal'));

/**
 * Records of other kinds that name a natural person by org number (a hub's operator, an agreement's
 * buyer), with the fields about that person in their change data.
 */
const NAMING = Object.entries(RECORD_TABLES).flatMap(([type, table]) => {
  const person = type === 'Organization' || type === 'Producer' ? null : personField(table);
  return person ? [{ type, by: person.name, fields: namesMarked(table, 'personal', 'natural-person') }] : [];
});

export interface PurgeResult {
  /** The organization and producers whose personal data was erased. */
  records: { recordType: 'Organization' | 'Producer'; id: number; erased: string[] }[];
  /** Consent records removed. */
  consentRecords: number;
  lastPosition: bigint | null;
}

/**
 * Erasure of a natural person's data (DESIGN "Personal data"). Given a natural person's
 * organization (a sole trader), or one of its producers, it erases the person's name, identity
 * number, home municipality, consent records and identity-number identifiers, and from each of
 * their producers the contact person, exact location and street (the public location falls back to
 * the municipality centre; a producer named like the person is renamed). Given a company's producer
 * it erases the contact person only, the one natural person there.
 *
 * The same fields are erased from the history: from the `data` of every earlier change of those
 * records, and from delivery changes and lines that name the person as supplier. One PURGE change per
 * record (with `data.erased`, the field names, and no values) tells sync partners, through the feed
 * and webhooks, to erase them too. Webhook events still queued carry the erased data, as they are
 * built from the change log when sent.
 */
export async function purgePersonalData(db: Database, viewer: Viewer | null, globalId: string): Promise<PurgeResult> {
  const { typename, id: raw } = decodeGlobalId(globalId);
  if (typename !== 'Organization' && typename !== 'Producer') {
    throw new UserError(
      ErrorCode.INVALID_ID,
      `Personal data is erased from an Organization (a natural person) or a Producer; "${globalId}" is a ${typename}.`,
      { field: 'id' },
    );
  }
  const id = Number(raw);
  let organizationId: number | null;
  let onlyProducer: number | null = null;
  let owner: number | null;
  if (typename === 'Organization') {
    const org = await db.prisma.organization.findUnique({
      where: { id },
      select: { id: true, naturalPerson: true, name: true, source: { select: { organizationId: true } } },
    });
    if (!org) throw new UserError(ErrorCode.NOT_FOUND, `No organization ${globalId}.`, { field: 'id' });
    if (!org.naturalPerson) {
      throw new UserError(
        ErrorCode.BAD_USER_INPUT,
        `${org.name} is not a natural person: a company has no personal data of its own. To erase a contact person, purge the producer.`,
        { field: 'id' },
      );
    }
    organizationId = org.id;
    owner = org.source.organizationId;
  } else {
    const producer = await db.prisma.producer.findUnique({
      where: { id },
      select: { id: true, organization: { select: { id: true, naturalPerson: true } }, source: { select: { organizationId: true } } },
    });
    if (!producer) throw new UserError(ErrorCode.NOT_FOUND, `No producer ${globalId}.`, { field: 'id' });
    owner = producer.source.organizationId;
    organizationId = producer.organization?.naturalPerson ? producer.organization.id : null;
    if (!organizationId) onlyProducer = producer.id;
  }
  requireCurator(viewer, owner, 'Erasing personal data');

  const { result, positions } = await writeTransaction(
    db,
    actorOf(viewer),
    async (w) => {
      const records: PurgeResult['records'] = [];
      let consentRecords = 0;
      if (organizationId !== null) {
        const [person] = await w.sql.query<{ name: string; org_number: string | null; source_id: number; external_id: string; version: number }>(
          'SELECT name, org_number, source_id, external_id, version FROM organization WHERE id = $1 FOR UPDATE',
          [organizationId],
        );
        const producers = await w.sql.query<{ id: number; source_id: number; external_id: string }>(
          'SELECT id, source_id, external_id FROM producer WHERE organization_id = $1 OR merged_into_id IN (SELECT id FROM producer WHERE organization_id = $1) ORDER BY id FOR UPDATE',
          [organizationId],
        );
        const producerIds = producers.map((p) => p.id);
        // The records.
        await w.sql.query(
          `UPDATE producer SET ${PRODUCER_ERASED}, contact_consent = false, name = CASE WHEN name = $2 THEN $3 ELSE name END,
                version = version + 1, updated_at = now()
          WHERE id = ANY($1::int[])`,
          [producerIds, person!.name, ERASED_NAME],
        );
        consentRecords = (
          await w.sql.query<{ n: number }>('WITH d AS (DELETE FROM consent_record WHERE organization_id = $1 RETURNING 1) SELECT count(*)::int AS n FROM d', [
            organizationId,
          ])
        )[0]!.n;
        await w.sql.query("DELETE FROM organization_identifier WHERE organization_id = $1 AND scheme = 'iso6523'", [organizationId]);
        if (person!.org_number) await w.sql.query("DELETE FROM organization_identifier WHERE scheme = 'iso6523' AND value = $1", [person!.org_number]);
        // Organizations registered by their org number were once keyed by it ("org:<number>", rewritten
        // since), and a partner may have keyed one by an identity number: such a key is replaced, in the
        // record and in its changes.
        const keyedByNumber = (person!.org_number && person!.external_id.includes(person!.org_number)) || containsIdentityNumber(person!.external_id);
        const erasedKey = keyedByNumber ? `org:erased:${organizationId}` : person!.external_id;
        const [org] = await w.sql.query<{ version: number }>(
          'UPDATE organization SET name = $2, org_number = NULL, municipality_code = NULL, external_id = $3, version = version + 1, updated_at = now() WHERE id = $1 RETURNING version',
          [organizationId, ERASED_NAME, erasedKey],
        );
        if (erasedKey !== person!.external_id) {
          await w.sql.query(`UPDATE change SET external_id = $2 WHERE record_type = 'Organization' AND record_id = $1::text`, [
            String(organizationId),
            erasedKey,
          ]);
        }
        if (producerIds.length) await refreshPublicLocations(w.db, producerIds);
        // Delivery lines that name the person as supplier.
        await w.sql.query(
          `UPDATE delivery SET supplier_name = NULL
          WHERE supplier_name = $1 AND (supplier_organization_id = $2 OR supplier_producer_id = ANY($3::int[]))`,
          [person!.name, organizationId, producerIds],
        );
        // The history: earlier changes of these records, and delivery changes naming the person.
        await w.sql.query(`UPDATE change SET data = data - $2::text[] WHERE record_type = 'Organization' AND record_id = $1::text AND data IS NOT NULL`, [
          String(organizationId),
          [...PERSONAL_FIELDS.Organization],
        ]);
        await w.sql.query(
          `UPDATE change SET data = CASE WHEN data->>'name' = $2 THEN jsonb_set(data - $3::text[], '{name}', to_jsonb($4::text)) ELSE data - $3::text[] END
          WHERE record_type = 'Producer' AND record_id = ANY($1::text[]) AND data IS NOT NULL`,
          [producerIds.map(String), person!.name, [...PERSONAL_FIELDS.Producer], ERASED_NAME],
        );
        if (person!.org_number) {
          await w.sql.query(
            `UPDATE change SET data = data
                 || CASE WHEN data->>'supplierOrgNumber' = $1 THEN jsonb_build_object('supplierOrgNumber', NULL, 'supplierName', NULL) ELSE '{}'::jsonb END
                 || CASE WHEN data->>'buyerOrgNumber' = $1 THEN jsonb_build_object('buyerOrgNumber', NULL) ELSE '{}'::jsonb END
            WHERE record_type = 'Delivery' AND data IS NOT NULL
              AND (data->>'supplierOrgNumber' = $1 OR data->>'buyerOrgNumber' = $1)`,
            [person!.org_number],
          );
          // Hubs and agreements name their operator and buyer by org number: what they say of the person is nulled.
          for (const n of NAMING) {
            await w.sql.query(
              `UPDATE change SET data = data || (SELECT jsonb_object_agg(f, NULL::jsonb) FROM unnest($3::text[]) f)
              WHERE record_type = $2 AND data->>'${n.by}' = $1`,
              [person!.org_number, n.type, n.fields],
            );
          }
        }
        await w.sql.query(
          `UPDATE change SET data = jsonb_set(data, '{supplierName}', 'null'::jsonb)
          WHERE record_type = 'Delivery' AND data->>'supplierName' = $1`,
          [person!.name],
        );
        const erasedOrg = [...PERSONAL_FIELDS.Organization, 'consentRecords'];
        records.push({ recordType: 'Organization', id: organizationId, erased: erasedOrg });
        w.changes.add({
          operation: 'PURGE',
          recordType: 'Organization',
          recordId: organizationId,
          sourceId: person!.source_id,
          externalId: erasedKey,
          version: org!.version,
          data: { erased: erasedOrg },
        });
        const versions = await w.sql.query<{ id: number; version: number }>('SELECT id, version FROM producer WHERE id = ANY($1::int[]) ORDER BY id', [
          producerIds,
        ]);
        for (const p of producers) {
          const erased = ['name', ...PERSONAL_FIELDS.Producer];
          records.push({ recordType: 'Producer', id: p.id, erased });
          w.changes.add({
            operation: 'PURGE',
            recordType: 'Producer',
            recordId: p.id,
            sourceId: p.source_id,
            externalId: p.external_id,
            version: versions.find((v) => v.id === p.id)!.version,
            data: { erased },
          });
        }
      } else {
        const [p] = await w.sql.query<{ id: number; source_id: number; external_id: string; version: number }>(
          `UPDATE producer SET ${CONTACT_ERASED}, contact_consent = false, version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING id, source_id, external_id, version`,
          [onlyProducer],
        );
        await w.sql.query(`UPDATE change SET data = data - $2::text[] WHERE record_type = 'Producer' AND record_id = $1::text AND data IS NOT NULL`, [
          String(onlyProducer),
          [...PERSONAL_FIELDS.ProducerContact],
        ]);
        const erased = [...PERSONAL_FIELDS.ProducerContact];
        records.push({ recordType: 'Producer', id: p!.id, erased });
        w.changes.add({
          operation: 'PURGE',
          recordType: 'Producer',
          recordId: p!.id,
          sourceId: p!.source_id,
          externalId: p!.external_id,
          version: p!.version,
          data: { erased },
        });
      }
      return { records, consentRecords };
    },
    { retryOnConflict: true },
  );
  return { ...result, lastPosition: positions?.last ?? null };
}
