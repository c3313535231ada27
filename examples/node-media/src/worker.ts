import { transcode } from './jobs/transcode';
import { enqueue, poll } from './lib/spool';

poll('transcode', async (job) => {
  const video = await transcode(job);
  console.log(`transcoded ${job.id} → ${video}`);
  await enqueue('thumbnail', job);
});
