import { unlink } from 'node:fs/promises';
import path from 'node:path';
import gm from 'gm';
import { config, mediaPath } from '../lib/config';
import type { Job } from '../lib/spool';

/** Renders a 640 px wide JPEG poster from the frame the worker grabbed, with GraphicsMagick. */
export async function thumbnail(job: Job): Promise<string> {
  const frame = path.join(config.spoolDir, `${job.id}.frame.png`);
  const out = mediaPath(job.id, 'jpg');
  await new Promise<void>((resolve, reject) => {
    gm(frame)
      .resize(640)
      .quality(82)
      .write(out, (err) => (err ? reject(err) : resolve()));
  });
  await unlink(frame);
  return out;
}
