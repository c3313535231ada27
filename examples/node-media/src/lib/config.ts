import path from 'node:path';

export const config = {
  port: Number(process.env.PORT ?? 3000),
  spoolDir: process.env.SPOOL_DIR ?? '/data/spool',
  mediaDir: process.env.MEDIA_DIR ?? '/data/media',
  preset: process.env.FFMPEG_PRESET ?? 'medium',
  pollMs: Number(process.env.POLL_MS ?? 2000),
};

export function mediaPath(id: string, ext: string): string {
  return path.join(config.mediaDir, `${id}.${ext}`);
}
