// The API benchmark's baseline: a bare Express 5 app that parses the same JSON body and answers,
// with none of Assay's work (auth, validation, classification, storage). Prints its URL.
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '4mb' }));
app.post('/api/v1/classify', (req, res) => {
  const body = req.body as { name?: unknown };
  res.status(201).json({ id: 1, name: body.name, label: { name: 'Public', level: 0, color: '#22c55e' }, matched_rules: '', source: 'api' });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
