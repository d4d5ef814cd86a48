import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../config.js';
import type { Database } from '../db/database.js';
import { type AreaGeometry, bbox, centroid, dissolve, roundGeometry } from '../places/geometry.js';
import type { Prisma } from '../generated/prisma/client.js';
import { DEFAULT_UNIT_FACTORS } from '../deliveries/units.js';
import { REFERENCE_LANGUAGES } from '../records/fields.js';
import { parseCsv } from './csv.js';
import { KOLADA_INDICATOR, KOLADA_KPI } from '../imports/kolada.js';
import { type CodeHistoryRow, lastYearOf, parseCodeHistory } from '../places/code-history.js';
import { STANDARD_INDICATORS } from './indicators.js';

export const referenceDataDir = path.join(repoRoot, 'prisma', 'data');

/** The sources of the reference data, with the attribution their licences require. */
export const REFERENCE_SOURCES = {
  kartverket: {
    key: 'kartverket-kommuner-2024',
    name: 'Norwegian municipalities and counties (2024 division), simplified boundaries',
    publisher: 'Kartverket',
    licence: 'CC-BY-4.0',
    url: 'https://github.com/robhop/fylker-og-kommuner',
    attribution: '© Kartverket (CC BY 4.0), simplified by robhop/fylker-og-kommuner',
  },
  valmyndigheten: {
    key: 'valmyndigheten-kommuner',
    name: 'Swedish municipalities and counties, simplified boundaries',
    publisher: 'Valmyndigheten, via okfse/sweden-geojson',
    licence: 'LicenseRef-Swedish-open-data',
    url: 'https://github.com/okfse/sweden-geojson',
    attribution: 'Boundaries: Valmyndigheten (open data, free reuse), via okfse/sweden-geojson',
  },
  kolada: {
    key: 'kolada',
    name: 'Kolada: Swedish municipal statistics (KPI U07409, organic food in the municipality’s activities)',
    publisher: 'RKA (Rådet för främjande av kommunala analyser)',
    licence: 'LicenseRef-Kolada-free-with-attribution',
    url: 'https://www.kolada.se',
    attribution: 'Källa: Kolada',
  },
  reference: {
    key: 'food-commons-reference',
    name: 'Food Commons reference data: countries, product categories (CPV 2008, DFC product types), unit factors, standard indicators',
    publisher: 'Food Commons',
    licence: 'CC0-1.0',
    url: null,
    attribution: 'CPV 2008 codes: Regulation (EC) No 213/2008, © European Union. DFC product type identifiers: Data Food Consortium taxonomies.',
  },
  mml: {
    key: 'mml-kunnat-2023',
    name: 'Finnish municipalities and regions (2023 division), Division into administrative areas 1:4 500 000',
    publisher: 'Maanmittauslaitos (National Land Survey of Finland)',
    licence: 'CC-BY-4.0',
    url: 'https://www.maanmittauslaitos.fi/en/opendata',
    attribution:
      'Contains data from the National Land Survey of Finland, Division into administrative areas 1:4 500 000, 2023 (CC BY 4.0) / Sisältää Maanmittauslaitoksen Hallinnolliset aluejaot 1:4 500 000 -aineistoa 2023',
  },
  dagi: {
    key: 'dagi-kommuner-2014',
    name: 'Danish municipalities and regions, DAGI 1:500 000 (February 2014)',
    publisher: 'Geodatastyrelsen (Danish Geodata Agency, now Klimadatastyrelsen)',
    licence: 'LicenseRef-Danish-free-geodata',
    url: 'https://dataforsyningen.dk',
    attribution: 'Indeholder data fra Geodatastyrelsen, DAGI 1:500.000, februar 2014 (Contains data from the Danish Geodata Agency)',
  },
  maaamet: {
    key: 'maa-amet-omavalitsused-2018',
    name: 'Estonian municipalities and counties, administrative division valid 1 September 2018',
    publisher: 'Maa-amet (Estonian Land Board)',
    licence: 'LicenseRef-Maa-amet-open-data',
    url: 'https://geoportaal.maaamet.ee',
    attribution: 'Maa-amet, haldus- ja asustusjaotus, seisuga 01.09.2018 (Estonian Land Board, administrative division, valid 1 September 2018)',
  },
  registrucentras: {
    key: 'registru-centras-savivaldybes-2023',
    name: 'Lithuanian municipalities and counties, Address Register (2023)',
    publisher: 'Registrų centras (State Enterprise Centre of Registers)',
    licence: 'CC-BY-4.0',
    url: 'https://www.registrucentras.lt',
    attribution: 'Registrų centras, Adresų registras, 2023 (CC BY 4.0)',
  },
  bkg: {
    key: 'bkg-vg5000-kreise-2021',
    name: 'German districts (Kreise) and Länder, VG5000 (as of 1 January 2021; Eisenach merged into Wartburgkreis as of 1 July 2021)',
    publisher: 'Bundesamt für Kartographie und Geodäsie (BKG)',
    licence: 'DL-DE-BY-2.0',
    url: 'https://www.bkg.bund.de',
    attribution: '© GeoBasis-DE / BKG 2021 (Daten verändert), Datenlizenz Deutschland – Namensnennung – 2.0 (https://www.govdata.de/dl-de/by-2-0)',
  },
} as const;

const COUNTRIES: Record<string, Record<string, string>> = {
  NO: { en: 'Norway', nb: 'Norge', nn: 'Noreg', sv: 'Norge', fi: 'Norja', da: 'Norge', de: 'Norwegen' },
  SE: { en: 'Sweden', nb: 'Sverige', nn: 'Sverige', sv: 'Sverige', fi: 'Ruotsi', da: 'Sverige', de: 'Schweden' },
  FI: { en: 'Finland', nb: 'Finland', nn: 'Finland', sv: 'Finland', fi: 'Suomi', da: 'Finland', de: 'Finnland' },
  DK: { en: 'Denmark', nb: 'Danmark', nn: 'Danmark', sv: 'Danmark', fi: 'Tanska', da: 'Danmark', de: 'Dänemark' },
  IS: { en: 'Iceland', nb: 'Island', nn: 'Island', sv: 'Island', fi: 'Islanti', da: 'Island', de: 'Island' },
  EE: { en: 'Estonia', nb: 'Estland', nn: 'Estland', sv: 'Estland', fi: 'Viro', da: 'Estland', de: 'Estland' },
  LV: { en: 'Latvia', nb: 'Latvia', nn: 'Latvia', sv: 'Lettland', fi: 'Latvia', da: 'Letland', de: 'Lettland' },
  LT: { en: 'Lithuania', nb: 'Litauen', nn: 'Litauen', sv: 'Litauen', fi: 'Liettua', da: 'Litauen', de: 'Litauen' },
  PL: { en: 'Poland', nb: 'Polen', nn: 'Polen', sv: 'Polen', fi: 'Puola', da: 'Polen', de: 'Polen' },
  DE: { en: 'Germany', nb: 'Tyskland', nn: 'Tyskland', sv: 'Tyskland', fi: 'Saksa', da: 'Tyskland', de: 'Deutschland' },
  NL: { en: 'Netherlands', nb: 'Nederland', nn: 'Nederland', sv: 'Nederländerna', fi: 'Alankomaat', da: 'Nederlandene', de: 'Niederlande' },
  FR: { en: 'France', nb: 'Frankrike', nn: 'Frankrike', sv: 'Frankrike', fi: 'Ranska', da: 'Frankrig', de: 'Frankreich' },
  ES: { en: 'Spain', nb: 'Spania', nn: 'Spania', sv: 'Spanien', fi: 'Espanja', da: 'Spanien', de: 'Spanien' },
  IT: { en: 'Italy', nb: 'Italia', nn: 'Italia', sv: 'Italien', fi: 'Italia', da: 'Italien', de: 'Italien' },
};

interface Feature<P> {
  properties: P;
  geometry: AreaGeometry;
}

function readFeatures<P>(file: string): Feature<P>[] {
  const json = JSON.parse(fs.readFileSync(path.join(referenceDataDir, 'geo', file), 'utf8')) as { features: Feature<P>[] };
  return json.features;
}

type BoundarySource = 'kartverket' | 'valmyndigheten' | 'mml' | 'dagi' | 'maaamet' | 'registrucentras' | 'bkg';

/** Whose boundaries each country's regions and municipalities are. */
export const BOUNDARY_SOURCE_OF_COUNTRY: Record<string, BoundarySource> = {
  NO: 'kartverket',
  SE: 'valmyndigheten',
  FI: 'mml',
  DK: 'dagi',
  EE: 'maaamet',
  LT: 'registrucentras',
  DE: 'bkg',
};

/**
 * The Baltic Sea countries' files share one shape: municipalities with `code`, `name`, `region_code`
 * and an interior point `centroid` [lat, lon]; regions with `code` and `name` (Finland's files also
 * carry the Swedish name, `name_sv`). A merger in the country's code history (`<country>-code-history.csv`)
 * whose older unit is still in the file is folded into the unit it joined: the union of both areas
 * under the surviving code and name (Germany: Eisenach into Wartburgkreis).
 */
const DIVISIONS: {
  country: string;
  municipalities: string;
  regions: string;
  level: 'MUNICIPALITY' | 'DISTRICT';
}[] = [
  { country: 'FI', municipalities: 'fi-kunnat-2023.geojson', regions: 'fi-maakunnat-2023.geojson', level: 'MUNICIPALITY' },
  { country: 'DK', municipalities: 'dk-kommuner-2014.geojson', regions: 'dk-regioner-2014.geojson', level: 'MUNICIPALITY' },
  { country: 'EE', municipalities: 'ee-omavalitsused-2018.geojson', regions: 'ee-maakonnad-2018.geojson', level: 'MUNICIPALITY' },
  { country: 'LT', municipalities: 'lt-savivaldybes-2023.geojson', regions: 'lt-apskritys-2023.geojson', level: 'MUNICIPALITY' },
  {
    country: 'DE',
    municipalities: 'de-kreise-2021.geojson',
    regions: 'de-laender-2021.geojson',
    level: 'DISTRICT',
  },
];

/** Names by language where a file gives a place names in more than one (Finland: Finnish and Swedish). */
const namesOf = (country: string, p: { name: string; name_sv?: string }) => (country === 'FI' && p.name_sv ? { fi: p.name, sv: p.name_sv } : undefined);

/** Municipality and region rows built from the GeoJSON files and the code history (pure; no database). */
export function buildPlaces(history: CodeHistoryRow[] = buildCodeHistory()) {
  const regions: Omit<Prisma.RegionCreateManyInput, 'sourceId'>[] = [];
  const municipalities: Omit<Prisma.MunicipalityCreateManyInput, 'sourceId'>[] = [];

  for (const f of readFeatures<{ fylkesnummer: string; fylkesnavn: string }>('no-fylker-2024.geojson')) {
    const c = centroid(f.geometry);
    regions.push({
      code: `NO-${f.properties.fylkesnummer}`,
      countryCode: 'NO',
      number: f.properties.fylkesnummer,
      name: f.properties.fylkesnavn,
      centroidLat: c.lat,
      centroidLon: c.lon,
      externalId: f.properties.fylkesnummer,
    });
  }
  for (const f of readFeatures<{ name: string; l_id: number }>('se-lan.geojson')) {
    const number = String(f.properties.l_id).padStart(2, '0');
    const c = centroid(f.geometry);
    regions.push({
      code: `SE-${number}`,
      countryCode: 'SE',
      number,
      name: f.properties.name,
      centroidLat: c.lat,
      centroidLon: c.lon,
      externalId: number,
    });
  }
  for (const f of readFeatures<{ kommunenummer: string; kommunenavn: string }>('no-kommuner-2024.geojson')) {
    const c = centroid(f.geometry);
    const geometry = roundGeometry(f.geometry);
    municipalities.push({
      code: `NO-${f.properties.kommunenummer}`,
      countryCode: 'NO',
      regionCode: `NO-${f.properties.kommunenummer.slice(0, 2)}`,
      number: f.properties.kommunenummer,
      name: f.properties.kommunenavn,
      centroidLat: c.lat,
      centroidLon: c.lon,
      ...bbox(geometry),
      boundary: geometry as unknown as Prisma.InputJsonValue,
      validFrom: new Date('2024-01-01'),
      externalId: f.properties.kommunenummer,
    });
  }
  for (const f of readFeatures<{ id: string; kom_namn: string; lan_code: string; geo_point_2d: [number, number] }>('se-kommuner.geojson')) {
    const geometry = roundGeometry(f.geometry);
    municipalities.push({
      code: `SE-${f.properties.id}`,
      countryCode: 'SE',
      regionCode: `SE-${f.properties.lan_code}`,
      number: f.properties.id,
      name: f.properties.kom_namn,
      centroidLat: f.properties.geo_point_2d[0],
      centroidLon: f.properties.geo_point_2d[1],
      ...bbox(geometry),
      boundary: geometry as unknown as Prisma.InputJsonValue,
      externalId: f.properties.id,
    });
  }
  for (const division of DIVISIONS) {
    const { country } = division;
    for (const f of readFeatures<{ code: string; name: string; name_sv?: string }>(division.regions)) {
      const c = centroid(f.geometry);
      regions.push({
        code: `${country}-${f.properties.code}`,
        countryCode: country,
        number: f.properties.code,
        name: f.properties.name,
        names: namesOf(country, f.properties),
        centroidLat: c.lat,
        centroidLon: c.lon,
        externalId: f.properties.code,
      });
    }
    const features = readFeatures<{ code: string; name: string; name_sv?: string; region_code: string; centroid: [number, number] }>(division.municipalities);
    // Mergers whose older unit the file still has; a file drawn after the merger has only the new one.
    const merges = history.filter((h) => h.country === country && h.change === 'MERGED' && features.some((f) => f.properties.code === h.oldCode));
    for (const merge of merges) {
      const from = features.findIndex((f) => f.properties.code === merge.oldCode);
      const into = features.find((f) => f.properties.code === merge.newCode);
      if (!into) throw new Error(`${division.municipalities}: ${merge.oldCode} merged into ${merge.newCode}, which the file does not have.`);
      into.geometry = dissolve([into.geometry, features[from]!.geometry]);
      features.splice(from, 1);
    }
    for (const f of features) {
      const p = f.properties;
      const geometry = roundGeometry(f.geometry);
      const merged = merges.filter((m) => m.newCode === p.code).sort((a, b) => b.validFrom.localeCompare(a.validFrom))[0];
      municipalities.push({
        code: `${country}-${p.code}`,
        countryCode: country,
        regionCode: `${country}-${p.region_code}`,
        number: p.code,
        name: p.name,
        names: namesOf(country, p),
        level: division.level,
        // An interior point (not the centre of mass, which may lie outside the area or on water).
        centroidLat: p.centroid[0],
        centroidLon: p.centroid[1],
        ...bbox(geometry),
        boundary: geometry as unknown as Prisma.InputJsonValue,
        validFrom: merged ? new Date(merged.validFrom) : undefined,
        externalId: p.code,
      });
    }
  }
  municipalities.sort((a, b) => a.code.localeCompare(b.code));
  regions.sort((a, b) => a.code.localeCompare(b.code));
  return { regions, municipalities };
}

/** The product category tree from categories.csv. */
export function buildCategories() {
  const rows = parseCsv(fs.readFileSync(path.join(referenceDataDir, 'categories.csv'), 'utf8'));
  return rows.map((row, index) => {
    const names: Record<string, string> = {};
    for (const lang of REFERENCE_LANGUAGES) {
      const name = row[`name_${lang}`];
      if (name) names[lang] = name;
    }
    return {
      code: row.code!,
      parentCode: row.parent_code || null,
      depth: row.code!.split('.').length,
      names,
      cpv: row.cpv || null,
      dfcProductType: row.dfc_product_type || null,
      sortOrder: index,
      externalId: row.code!,
    };
  });
}

/** Norway's 2020 → 2024 table keeps the shape it was published in; it reads as code history rows of the 2020 division. */
const NORWAY_2020 = {
  file: 'no-kommuner-2020-2024.csv',
  division: 2020,
  validFrom: '2024-01-01',
  source: 'Kartverket: the 2020 and 2024 divisions (robhop/fylker-og-kommuner), matched by name; see prisma/data/geo/SOURCES.md',
};

/** Code history files in the one documented format (docs/code-history.md), one per country. */
export const CODE_HISTORY_FILE = /^[a-z]{2}-code-history\.csv$/;

/**
 * Every country's municipality code history: Norway's 2020 → 2024 table, and each
 * `prisma/data/geo/<country>-code-history.csv` (Germany: Eisenach into Wartburgkreis, 2021).
 */
export function buildCodeHistory(dir = path.join(referenceDataDir, 'geo')): (CodeHistoryRow & { division: number })[] {
  const norway = parseCsv(fs.readFileSync(path.join(dir, NORWAY_2020.file), 'utf8')).map((row) => ({
    country: 'NO',
    oldCode: row.code_2020!,
    oldName: row.name_2020!,
    newCode: row.code_2024!,
    change: row.change!.toUpperCase() as CodeHistoryRow['change'],
    validFrom: NORWAY_2020.validFrom,
    source: NORWAY_2020.source,
    division: NORWAY_2020.division,
  }));
  const files = fs
    .readdirSync(dir)
    .filter((f) => CODE_HISTORY_FILE.test(f))
    .sort();
  const others = files.flatMap((file) =>
    parseCodeHistory(fs.readFileSync(path.join(dir, file), 'utf8'), file).map((row) => {
      if (row.country !== file.slice(0, 2).toUpperCase())
        throw new Error(`${file}: a row for ${row.country}; the file holds ${file.slice(0, 2).toUpperCase()}'s history only.`);
      return { ...row, division: lastYearOf(row.validFrom) };
    }),
  );
  return [...norway, ...others];
}

/** `municipality_alias` rows: each older code and the current municipality it maps to. */
export function buildAliases(history = buildCodeHistory()) {
  return history.map((row) => ({
    code: `${row.country}-${row.oldCode}`,
    name: row.oldName,
    division: row.division,
    municipalityCode: `${row.country}-${row.newCode}`,
    change: row.change,
    validFrom: new Date(`${row.validFrom}T00:00:00Z`),
    sourceNote: row.source,
  }));
}

/** The parsed boundary and code history files, read once per process. */
let places: ReturnType<typeof buildPlaces> | undefined;
let history: ReturnType<typeof buildCodeHistory> | undefined;

/** Loads sources, countries, regions, municipalities, code aliases, categories, standard indicators and unit factors. */
export async function loadReferenceData(db: Database): Promise<void> {
  const { prisma } = db;
  const sourceIds: Record<string, number> = {};
  for (const [name, source] of Object.entries(REFERENCE_SOURCES)) {
    const row = await prisma.source.upsert({ where: { key: source.key }, create: source, update: {} });
    sourceIds[name] = row.id;
  }
  // Rows already present are kept as they are (skipDuplicates); a table that holds every key is
  // skipped outright, so loading again at each start costs one count per table.
  const missing = async (table: string, key: string, keys: string[], sourceId?: number) => {
    const [row] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${table} WHERE ${key} = ANY($1::text[])${sourceId === undefined ? '' : ' AND source_id = $2'}`,
      sourceId === undefined ? [keys] : [keys, sourceId],
    );
    return (row?.n ?? 0) < keys.length;
  };
  history ??= buildCodeHistory();
  const { regions, municipalities } = (places ??= buildPlaces(history));
  const countries = Object.entries(COUNTRIES).map(([code, names]) => ({ code, names, sourceId: sourceIds.reference!, externalId: code }));
  if (
    await missing(
      'country',
      'code',
      countries.map((c) => c.code),
    )
  ) {
    await prisma.country.createMany({ data: countries, skipDuplicates: true });
  }
  if (
    await missing(
      'region',
      'code',
      regions.map((r) => r.code),
    )
  ) {
    await prisma.region.createMany({
      data: regions.map((r) => ({ ...r, sourceId: sourceIds[BOUNDARY_SOURCE_OF_COUNTRY[r.countryCode]!]! })),
      skipDuplicates: true,
    });
  }
  if (
    await missing(
      'municipality',
      'code',
      municipalities.map((m) => m.code),
    )
  ) {
    // One statement per few hundred rows, the boundaries passed as one JSON document: much quicker
    // than a row of parameters each, above all on the embedded database.
    for (let i = 0; i < municipalities.length; i += 400) {
      const rows = municipalities.slice(i, i + 400).map((m) => ({
        code: m.code,
        country_code: m.countryCode,
        region_code: m.regionCode,
        number: m.number,
        name: m.name,
        names: m.names ?? null,
        level: m.level ?? 'MUNICIPALITY',
        centroid_lat: m.centroidLat,
        centroid_lon: m.centroidLon,
        min_lat: m.minLat,
        min_lon: m.minLon,
        max_lat: m.maxLat,
        max_lon: m.maxLon,
        boundary: m.boundary,
        valid_from: m.validFrom ? (m.validFrom as Date).toISOString().slice(0, 10) : null,
        source_id: sourceIds[BOUNDARY_SOURCE_OF_COUNTRY[m.countryCode]!]!,
        external_id: m.externalId,
      }));
      await db.sql.query(
        `INSERT INTO municipality (code, country_code, region_code, number, name, names, level, centroid_lat, centroid_lon,
                                   min_lat, min_lon, max_lat, max_lon, boundary, valid_from, source_id, external_id)
         SELECT code, country_code, region_code, number, name, names, level::"MunicipalityLevel", centroid_lat, centroid_lon,
                min_lat, min_lon, max_lat, max_lon, boundary, valid_from, source_id, external_id
           FROM jsonb_to_recordset($1::jsonb) AS v(code text, country_code text, region_code text, number text, name text, names jsonb,
                level text, centroid_lat float8, centroid_lon float8, min_lat float8, min_lon float8, max_lat float8, max_lon float8,
                boundary jsonb, valid_from date, source_id int, external_id text)
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(rows)],
      );
    }
  }
  // A newer file may rename a place, name it in more languages or tell its level: existing rows take
  // these from it (boundaries stay as loaded).
  await db.sql.query(
    `UPDATE region r SET name = v.name, names = v.names, updated_at = now(), version = r.version + 1
       FROM jsonb_to_recordset($1::jsonb) AS v(code text, name text, names jsonb)
      WHERE r.code = v.code AND (r.name IS DISTINCT FROM v.name OR r.names::jsonb IS DISTINCT FROM v.names)`,
    [JSON.stringify(regions.map((r) => ({ code: r.code, name: r.name, names: r.names ?? null })))],
  );
  await db.sql.query(
    `UPDATE municipality m SET name = v.name, names = v.names, level = v.level::"MunicipalityLevel", updated_at = now(), version = m.version + 1
       FROM jsonb_to_recordset($1::jsonb) AS v(code text, name text, names jsonb, level text)
      WHERE m.code = v.code AND (m.name IS DISTINCT FROM v.name OR m.names::jsonb IS DISTINCT FROM v.names OR m.level::text IS DISTINCT FROM v.level)`,
    [JSON.stringify(municipalities.map((m) => ({ code: m.code, name: m.name, names: m.names ?? null, level: m.level ?? 'MUNICIPALITY' })))],
  );
  const aliases = buildAliases(history);
  const codes = new Set(municipalities.map((m) => m.code));
  const nowhere = aliases.find((a) => !codes.has(a.municipalityCode));
  if (nowhere) throw new Error(`Code history: ${nowhere.code} maps to ${nowhere.municipalityCode}, which is not a current municipality.`);
  if (
    await missing(
      'municipality_alias',
      "code || '>' || municipality_code",
      aliases.map((a) => `${a.code}>${a.municipalityCode}`),
    )
  ) {
    await prisma.municipalityAlias.createMany({ data: aliases, skipDuplicates: true });
  }
  // Rows loaded by an older version lack the day of the change and its source: they take them from the files.
  await db.sql.query(
    `UPDATE municipality_alias a SET valid_from = v.valid_from, source_note = v.source_note, change = v.change::"CodeChange", division = v.division
       FROM jsonb_to_recordset($1::jsonb) AS v(code text, municipality_code text, valid_from date, source_note text, change text, division int)
      WHERE a.code = v.code AND a.municipality_code = v.municipality_code
        AND (a.valid_from IS DISTINCT FROM v.valid_from OR a.source_note IS DISTINCT FROM v.source_note OR a.change::text <> v.change OR a.division <> v.division)`,
    [
      JSON.stringify(
        aliases.map((a) => ({
          code: a.code,
          municipality_code: a.municipalityCode,
          valid_from: a.validFrom.toISOString().slice(0, 10),
          source_note: a.sourceNote,
          change: a.change,
          division: a.division,
        })),
      ),
    ],
  );
  const categories = buildCategories();
  if (
    await missing(
      'product_category',
      'code',
      categories.map((c) => c.code),
    )
  ) {
    // Parents come before children in the file, so one ordered insert satisfies the tree's foreign key.
    await prisma.productCategory.createMany({
      data: categories.map((c) => ({ ...c, sourceId: sourceIds.reference! })),
      skipDuplicates: true,
    });
  }
  // A newer file may name a category better or in more languages: existing rows take its names.
  await db.sql.query(
    `UPDATE product_category c SET names = v.names, updated_at = now(), version = c.version + 1
       FROM jsonb_to_recordset($1::jsonb) AS v(code text, names jsonb)
      WHERE c.code = v.code AND c.names::jsonb IS DISTINCT FROM v.names`,
    [JSON.stringify(categories.map((c) => ({ code: c.code, names: c.names })))],
  );
  // The standard indicators goals are set on and figures are converted by; an instance that has
  // them already (from an earlier version's demo data) keeps its own.
  if (
    await missing(
      'indicator',
      'key',
      STANDARD_INDICATORS.map((i) => i.key),
    )
  ) {
    await prisma.indicator.createMany({
      data: STANDARD_INDICATORS.map((i) => ({
        key: i.key,
        names: i.names,
        definition: i.definition,
        unit: i.unit,
        kind: i.kind,
        measure: i.measure ?? null,
        localDefinition: i.localDefinition ?? null,
        localKm: i.localKm ?? null,
        sourceId: sourceIds.reference!,
        externalId: i.key,
      })),
      skipDuplicates: true,
    });
  }
  // The indicators national statistics are imported as (`fc observations import kolada`).
  await prisma.indicator.upsert({
    where: { key: KOLADA_INDICATOR },
    create: {
      key: KOLADA_INDICATOR,
      names: {
        en: 'Organic food in the municipality’s activities, share (%) (Kolada U07409)',
        sv: 'Ekologiska livsmedel i kommunens verksamhet, andel (%) (Kolada U07409)',
        nb: 'Økologisk mat i kommunens virksomhet, andel (%) (Kolada U07409)',
      },
      definition: {
        en: 'SEK spent on organic food ÷ SEK spent on food in the municipality’s own activities, first half of the year, as the municipality reports it in its own survey (KKiK).',
        sv: 'Kronor för ekologiska livsmedel ÷ kronor för livsmedel i kommunens egen verksamhet, första halvåret, enligt kommunens egen enkät (KKiK).',
      },
      unit: 'percent',
      kind: 'OBSERVED',
      sourceId: sourceIds.kolada!,
      externalId: KOLADA_KPI,
    },
    update: {},
  });
  const units = DEFAULT_UNIT_FACTORS.map((f) => ({ ...f, sourceId: sourceIds.reference!, externalId: `${f.categoryCode ?? '*'}:${f.unit}` }));
  if (
    await missing(
      'unit_conversion',
      'external_id',
      units.map((u) => u.externalId),
      sourceIds.reference,
    )
  ) {
    await prisma.unitConversion.createMany({ data: units, skipDuplicates: true });
  }
}
