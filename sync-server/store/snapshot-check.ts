/**
 * Is a stored snapshot the bytes the relay wrote? A fresh client is answered with a compacted room's snapshot bytes
 * as stored, without Yjs reading them (room.ts: catching up costs one store read), so bytes damaged at rest — a
 * disk, a restore, a hand edit — would go to every client that joins, and fail in each of them while the relay logged
 * nothing. Each snapshot is stored with its CRC-32 (0.1 ms for 490 KB here; reading it with Yjs took 44 ms), and
 * a loader that finds a mismatch rebuilds the room from its update log, which compaction never deletes from: nothing
 * is lost.
 *
 * Snapshots stored before the checksum existed have none: those are read through update-scan.ts once (stricter than
 * Yjs: truncation and unknown tags throw; 10 ms for 490 KB), and the store records their checksum when they pass.
 */
import { crc32 } from 'node:zlib';
import { scanUpdate } from '../update-scan.ts';

export const snapshotChecksum = (bytes: Uint8Array): number => crc32(bytes);

export type SnapshotCheck = 'intact' | 'damaged' | 'read';

/** 'intact': the checksum matches; 'read': no checksum stored, and the bytes read as a Yjs update; 'damaged'. */
export function checkSnapshot(bytes: Uint8Array, checksum: number | null): SnapshotCheck {
  if (checksum !== null) return snapshotChecksum(bytes) === checksum ? 'intact' : 'damaged';
  try {
    scanUpdate(bytes);
    return 'read';
  } catch {
    return 'damaged';
  }
}

export const DAMAGED_SNAPSHOT_MESSAGE =
  'room load: the stored snapshot is damaged (its checksum or layout does not match); the room is rebuilt from its update log';
