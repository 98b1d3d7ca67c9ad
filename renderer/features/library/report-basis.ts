import type { ReportSnapshot } from '#core/reports/index.ts';
import type { GroundworkDb } from '../../data/db.ts';

/**
 * The library titles a report names as recommendations' basis (issue 7): looked up from the library index for just
 * the ids the snapshot links, so the report builder stays pure and never sees the network doc.
 */
export async function reportLibrary(db: GroundworkDb, snapshot: ReportSnapshot): Promise<NonNullable<ReportSnapshot['library']>> {
  const ids = [...new Set(snapshot.recommendations.flatMap((r) => r.libraryIds ?? []))];
  if (!ids.length) return [];
  const rows = await db.library.bulkGet(ids);
  return rows.filter((r): r is NonNullable<typeof r> => Boolean(r)).map((r) => ({ id: r.id, title: r.title, archived: r.archived }));
}
