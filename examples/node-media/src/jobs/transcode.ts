import { spawn } from 'node:child_process';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { config, mediaPath } from '../lib/config';
import type { Job } from '../lib/spool';

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const ff = spawn('ffmpeg', ['-y', '-loglevel', 'error', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    ff.on('error', reject);
    ff.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited with ${code}`))));
  });
}

/** The frame the thumbnailer turns into a poster. */
export function framePath(id: string): string {
  return path.join(config.spoolDir, `${id}.frame.png`);
}

/** Transcodes an upload to H.264/AAC MP4 with the system ffmpeg and grabs the frame at one second. */
export async function transcode(job: Job): Promise<string> {
  const out = mediaPath(job.id, 'mp4');
  await ffmpeg(['-i', job.original, '-c:v', 'libx264', '-preset', config.preset, '-c:a', 'aac', '-movflags', '+faststart', out]);
  await ffmpeg(['-ss', '1', '-i', out, '-frames:v', '1', framePath(job.id)]);
  await unlink(job.original);
  return out;
}
