import { thumbnail } from './jobs/thumbnail';
import { poll } from './lib/spool';

poll('thumbnail', async (job) => {
  console.log(`poster for ${job.id}: ${await thumbnail(job)}`);
});
