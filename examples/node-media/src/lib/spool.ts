import { promises as fs } from 'node:fs';
import path from 'node:path';
import { config } from './config';

/** A job is a file in the spool folder: `<id>.<stage>.json` next to the upload `<id>.upload`. */
export interface Job {
  id: string;
  original: string;
}

export async function enqueue(stage: string, job: Job): Promise<void> {
  const file = path.join(config.spoolDir, `${job.id}.${stage}.json`);
  await fs.writeFile(`${file}.tmp`, JSON.stringify(job));
  await fs.rename(`${file}.tmp`, file);
}

/** Takes the oldest job of a stage, or undefined when there is none. */
export async function take(stage: string): Promise<Job | undefined> {
  const names = (await fs.readdir(config.spoolDir)).filter((n) => n.endsWith(`.${stage}.json`)).sort();
  for (const name of names) {
    const claimed = path.join(config.spoolDir, `${name}.taken`);
    try {
      await fs.rename(path.join(config.spoolDir, name), claimed);
    } catch {
      continue; // another replica took it
    }
    const job = JSON.parse(await fs.readFile(claimed, 'utf8')) as Job;
    await fs.unlink(claimed);
    return job;
  }
  return undefined;
}

export function poll(stage: string, handle: (job: Job) => Promise<void>): void {
  const tick = async () => {
    try {
      for (let job = await take(stage); job; job = await take(stage)) await handle(job);
    } catch (err) {
      console.error(`${stage}:`, err);
    }
    setTimeout(tick, config.pollMs);
  };
  void tick();
}
