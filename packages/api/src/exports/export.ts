import { encodeGlobalId } from '../ids.js';
import type { Database } from '../db/database.js';
import { type LocalKind, computeDeliveryStats } from '../stats/delivery-stats.js';
import { FORMULA_NOTE, csvLine } from './csv.js';
import { EXPORT_KINDS, type ExportColumn, type ExportKind, type FieldType } from './kinds.js';

/** Rows fetched per statement while streaming: memory stays flat however many rows a kind has. */
export const EXPORT_BATCH = 1000;

const RESOURCE_FORMULA_NOTE = "Text that a spreadsheet would run as a formula is written with a leading single quote (see the package's description).";

function kindSql(kind: ExportKind): string {
  const columns = kind.columns.map((c, i) => `${c.sql} AS c${i}`).join(',\n         ');
  const key = kind.key.type === 'text' ? `${kind.key.sql} COLLATE "C"` : kind.key.sql;
  const after = kind.key.type === 'text' ? '$1::text' : '$1::bigint';
  return `SELECT ${key} AS k, ${columns}
    FROM ${kind.from}${kind.noSource ? '' : '\n    JOIN source src ON src.id = t.source_id'}
   WHERE ${kind.where}${kind.noSource ? '' : ' AND src.exportable AND src.deleted_at IS NULL'}
     AND (${after} IS NULL OR ${key} > ${after})
   ORDER BY ${key}
   LIMIT $2`;
}

function cell(column: ExportColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.ref) return encodeGlobalId(column.ref, value as number);
  return value;
}

/**
 * The CSV of one kind as a stream, fetched by keyset pagination in batches. A failing statement
 * (the database restarting, a connection cut) errors the stream with one line naming the export,
 * the rows sent and the cause: the status line is out by then, so the HTTP layer logs that line
 * and cuts the connection, and the client sees a broken download, never a complete-looking file.
 */
export function kindCsvStream(db: Database, kind: ExportKind, batch = EXPORT_BATCH): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const sql = kindSql(kind);
  const types = kind.columns.map((c) => c.type);
  let after: unknown = null;
  let header = true;
  let done = false;
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (header) {
          header = false;
          controller.enqueue(encoder.encode(csvLine(kind.columns.map((c) => c.name))));
          return;
        }
        if (done) {
          controller.close();
          return;
        }
        let rows: Record<string, unknown>[];
        try {
          rows = await db.sql.query<Record<string, unknown>>(sql, [after, batch]);
        } catch (error) {
          const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
          controller.error(new Error(`export ${kind.name}.csv failed after ${sent} rows: ${reason}`, { cause: error }));
          return;
        }
        if (rows.length < batch) done = true;
        if (rows.length === 0) {
          controller.close();
          return;
        }
        after = rows[rows.length - 1]!.k;
        sent += rows.length;
        let text = '';
        for (const row of rows)
          text += csvLine(
            kind.columns.map((c, i) => cell(c, row[`c${i}`])),
            types,
          );
        controller.enqueue(encoder.encode(text));
      },
    },
    { highWaterMark: 1 },
  );
}

// ─── Statistics instead of delivery lines ───────────────────────────────────────

const LOCALS: { column: string; local: LocalKind; km?: number; label: string }[] = [
  { column: 'same_municipality', local: 'SAME_MUNICIPALITY', label: 'produced in the buying municipality' },
  { column: 'same_region', local: 'SAME_REGION', label: 'produced in the buying region' },
  { column: 'same_country', local: 'SAME_COUNTRY', label: 'produced in the buying country' },
  { column: 'within_50km', local: 'WITHIN_KM', km: 50, label: 'produced within 50 km of the kitchen (or the buying municipality’s centroid)' },
];

export interface StatsColumn {
  name: string;
  type: FieldType;
  description: string;
}

export const DELIVERY_STATS_COLUMNS: StatsColumn[] = [
  { name: 'municipality_code', type: 'string', description: 'Buying municipality.' },
  { name: 'municipality_name', type: 'string', description: 'Its name.' },
  { name: 'year', type: 'integer', description: 'Calendar year (lines spanning years are split by days).' },
  { name: 'currency', type: 'string', description: 'Currency of the money figures (never summed across currencies).' },
  { name: 'suppressed', type: 'boolean', description: 'Built from fewer than 3 distinct suppliers: no numbers are published.' },
  { name: 'lines', type: 'integer', description: 'Delivery lines counted.' },
  { name: 'total', type: 'number', description: 'Σ value excluding VAT.' },
  { name: 'organic', type: 'number', description: 'Σ value of certified organic lines.' },
  { name: 'organic_share', type: 'number', description: 'organic / total (0–1).' },
  {
    name: 'unknown_origin',
    type: 'number',
    description: 'Σ value of lines whose producer location is unknown (for within_50km; other definitions may judge some of them by origin country).',
  },
  ...LOCALS.flatMap((l) => [
    { name: `local_${l.column}`, type: 'number' as const, description: `Σ value of lines ${l.label}.` },
    { name: `local_share_${l.column}`, type: 'number' as const, description: `local_${l.column} / total (0–1); unknown origin counts as not local.` },
  ]),
];

/**
 * Organic and local shares by municipality and year, by value, for the public: the same numbers as
 * `deliveryStats(groupBy: [MUNICIPALITY, YEAR])` without an API key, over exportable sources only.
 * A few thousand rows at most (municipalities × years × currencies), so it is built in memory.
 */
export async function deliveryStatsCsv(db: Database): Promise<string> {
  const runs = await Promise.all(
    LOCALS.map((l) =>
      computeDeliveryStats(db, {
        filter: { exportableOnly: true },
        groupBy: ['MUNICIPALITY', 'YEAR'],
        local: l.local,
        localKm: l.km ?? null,
        measure: 'VALUE',
      }),
    ),
  );
  const key = (r: { municipalityCode: string | null; year: number | null; currency: string | null }) => `${r.municipalityCode}|${r.year}|${r.currency}`;
  const byDefinition = runs.map((rows) => new Map(rows.map((r) => [key(r), r])));
  const types = DELIVERY_STATS_COLUMNS.map((c) => c.type);
  let text = csvLine(DELIVERY_STATS_COLUMNS.map((c) => c.name));
  for (const row of runs[3]!) {
    const locals = byDefinition.flatMap((m) => {
      const r = m.get(key(row));
      return [r?.local ?? null, r?.localShare ?? null];
    });
    text += csvLine(
      [
        row.municipalityCode,
        row.municipalityName,
        row.year,
        row.currency,
        row.suppressed,
        row.lines,
        row.total,
        row.organic,
        row.organicShare,
        row.unknownOrigin,
        ...locals,
      ],
      types,
    );
  }
  return text;
}

// ─── Frictionless Data Package ──────────────────────────────────────────────────

const SPDX = (id: string) => `https://spdx.org/licenses/${id}.html`;

/** The Frictionless Data Package describing every export: schemas, licences, sources and attribution. */
export async function dataPackage(db: Database) {
  const sources = await db.sql.query<{ key: string; name: string; publisher: string; licence: string; url: string | null; attribution: string | null }>(
    'SELECT key, name, publisher, licence, url, attribution FROM source WHERE deleted_at IS NULL AND exportable ORDER BY id',
  );
  const licences = [...new Set(sources.map((s) => s.licence))].sort();
  const resources = [
    ...EXPORT_KINDS.map((k) => ({
      name: k.name,
      title: k.title,
      description: `${k.description} ${RESOURCE_FORMULA_NOTE}`,
      path: `${k.name}.csv`,
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      profile: 'tabular-data-resource',
      schema: {
        fields: k.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
        primaryKey: [k.columns[0]!.name],
        missingValues: [''],
      },
    })),
    {
      name: 'delivery_stats',
      title: 'Organic and local shares by municipality and year',
      description:
        'Statistics of delivery lines by value (excluding VAT), per buying municipality, year and currency; delivery lines themselves are not published. Cells built from fewer than 3 distinct suppliers are suppressed. ' +
        RESOURCE_FORMULA_NOTE,
      path: 'delivery_stats.csv',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      profile: 'tabular-data-resource',
      schema: {
        fields: DELIVERY_STATS_COLUMNS.map((c) => ({ name: c.name, type: c.type, description: c.description })),
        primaryKey: ['municipality_code', 'year', 'currency'],
        missingValues: [''],
      },
    },
  ];
  return {
    profile: 'tabular-data-package',
    name: 'food-commons',
    title: 'Food Commons open data',
    description:
      'Producers, kitchens, demand, agreements, indicators, goals and delivery statistics about local food in public meals. Only records whose source licence allows open export are included; personal data is left out. ' +
      FORMULA_NOTE,
    created: new Date().toISOString(),
    licenses: licences.map((id) => ({ name: id, path: SPDX(id), title: id })),
    sources: sources.map((s) => ({
      title: s.name,
      path: s.url ?? undefined,
      publisher: s.publisher,
      licence: s.licence,
      attribution: s.attribution ?? undefined,
    })),
    attribution: sources.filter((s) => s.attribution).map((s) => s.attribution),
    resources,
  };
}

export const exportKind = (name: string) => EXPORT_KINDS.find((k) => k.name === name);
