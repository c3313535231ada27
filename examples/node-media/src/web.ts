import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import express from 'express';
import { config, mediaPath } from './lib/config';
import { enqueue } from './lib/spool';

const app = express();

app.post('/videos', async (req, res) => {
  const id = randomUUID();
  const original = path.join(config.spoolDir, `${id}.upload`);
  await pipeline(req, createWriteStream(original));
  await enqueue('transcode', { id, original });
  res.status(202).json({ id });
});

app.get('/videos/:id', (req, res) => {
  const video = mediaPath(req.params.id, 'mp4');
  if (!existsSync(video)) return res.status(404).json({ state: 'processing' });
  res.json({ video: `/media/${req.params.id}.mp4`, poster: existsSync(mediaPath(req.params.id, 'jpg')) ? `/media/${req.params.id}.jpg` : null });
});

app.use('/media', express.static(config.mediaDir));
app.get('/healthz', (_req, res) => res.send('ok'));

app.listen(config.port, () => console.log(`web listening on :${config.port}`));
