// Rows of the photos already written to disk (see site/routes/requests/photo-form.ts).
import type { Knex } from 'knex';

export interface StoredPhotoInfo {
  fileName: string;
  originalName: string;
  mime: string;
  size: number;
  sha256: string;
}

export async function insertPhotos(trx: Knex, requestId: number, photos: StoredPhotoInfo[], now: number): Promise<void> {
  if (photos.length === 0) return;
  await trx('request_photos').insert(photos.map((p) => ({
    request_id: requestId, file_name: p.fileName, original_name: p.originalName, mime: p.mime, size: p.size, sha256: p.sha256, created_at: now,
  })));
}
