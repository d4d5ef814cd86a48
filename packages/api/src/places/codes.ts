import type { Database } from '../db/database.js';
import { ErrorCode, UserError } from '../errors.js';

/**
 * Resolves municipality codes to current ones. Unknown codes are an error; an older code of the code
 * history (a 2020 Norwegian code that was renumbered, a German district merged into another) maps to
 * its current code; a split municipality is an error naming the new codes.
 */
export async function resolveMunicipalityCodes(ctx: { db: Database }, codes: readonly string[], field = 'municipality'): Promise<string[]> {
  const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()))];
  const found = await ctx.db.prisma.municipality.findMany({ where: { code: { in: wanted } }, select: { code: true } });
  const known = new Set(found.map((m) => m.code));
  const missing = wanted.filter((c) => !known.has(c));
  if (missing.length === 0) return wanted;
  const aliases = await ctx.db.prisma.municipalityAlias.findMany({ where: { code: { in: missing } } });
  const resolved = [...known];
  for (const code of missing) {
    const targets = aliases.filter((a) => a.code === code);
    if (targets.length === 1) resolved.push(targets[0]!.municipalityCode);
    else if (targets.length > 1) {
      throw new UserError(
        ErrorCode.UNKNOWN_CODE,
        `Municipality ${code} (${targets[0]!.name}) was split into ${targets.map((t) => t.municipalityCode).join(' and ')}; name the one you mean.`,
        { field, value: code },
      );
    } else {
      throw new UserError(
        ErrorCode.UNKNOWN_CODE,
        /^[A-Z]{2}-\d{2,5}$/.test(code)
          ? `Unknown municipality code "${code}".`
          : `"${code}" is not a municipality code; codes look like "NO-3901" (Horten), "SE-0181" (Södertälje), "FI-091" (Helsinki) or "DE-11000" (Berlin).`,
        { field, value: code },
      );
    }
  }
  return [...new Set(resolved)];
}

export async function resolveRegionCodes(ctx: { db: Database }, codes: readonly string[], field = 'region'): Promise<string[]> {
  const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()))];
  const found = await ctx.db.prisma.region.findMany({ where: { code: { in: wanted } }, select: { code: true } });
  const known = new Set(found.map((r) => r.code));
  const missing = wanted.find((c) => !known.has(c));
  if (missing) {
    throw new UserError(ErrorCode.UNKNOWN_CODE, `Unknown region code "${missing}"; codes look like "NO-39" (Vestfold) or "SE-01" (Stockholm).`, {
      field,
      value: missing,
    });
  }
  return wanted;
}

export async function resolveCategoryCodes(ctx: { db: Database }, codes: readonly string[], field = 'category'): Promise<string[]> {
  const wanted = [...new Set(codes.map((c) => c.trim()))];
  const found = await ctx.db.prisma.productCategory.findMany({ where: { code: { in: wanted } }, select: { code: true } });
  const known = new Set(found.map((r) => r.code));
  const missing = wanted.find((c) => !known.has(c));
  if (missing) {
    throw new UserError(ErrorCode.UNKNOWN_CODE, `Unknown category code "${missing}"; see the \`categories\` query for the codes.`, {
      field,
      value: missing,
    });
  }
  return wanted;
}

/** Source keys as IDs (deleted sources included: their lines stay counted until they are deleted); an unknown key is refused. */
export async function resolveSourceIds(ctx: { db: Database }, keys: readonly string[], field = 'source'): Promise<number[]> {
  const wanted = [...new Set(keys.map((k) => k.trim()))];
  const found = await ctx.db.prisma.source.findMany({ where: { key: { in: wanted } }, select: { id: true, key: true } });
  const missing = wanted.find((k) => !found.some((s) => s.key === k));
  if (missing) throw new UserError(ErrorCode.NOT_FOUND, `No source "${missing}"; the \`sources\` query lists them.`, { field, value: missing });
  return found.map((s) => s.id);
}
