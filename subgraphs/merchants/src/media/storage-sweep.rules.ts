/**
 * What object storage keeps and for how long. Photos and licence renditions under `public/` and the
 * sheet template stay while something refers to them; the rest is working space:
 * - `uploads/`: raw bytes a browser PUT. An attach or import reads them within minutes and deletes a
 *   photo's at once (it may carry GPS); one never used, or a sheet, is left behind;
 * - `exports/`: a shop's export sheet, downloaded through a presigned GET that lives minutes.
 * A day is ample for both, and keeps a raw photo's location for at most that long. An upload's record in
 * the database goes at the same age (its `discardAt`, removed by the subgraph's Sweeper).
 */
export const WORKING_PREFIXES = ['uploads/', 'exports/'] as const;
export const WORKING_RETENTION_MS = 24 * 3_600_000;

/** Whether a working object is old enough to delete at `nowMs`. */
export const isStale = (lastModified: Date, nowMs: number, retentionMs = WORKING_RETENTION_MS): boolean => lastModified.getTime() <= nowMs - retentionMs;
