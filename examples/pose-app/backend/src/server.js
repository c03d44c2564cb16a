// Backend API: accepts a clip and asks the pose service for keypoints.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3001);
const poseService = process.env.POSE_SERVICE_URL ?? 'http://localhost:5000';

const server = createServer(async (req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok' }));
    return;
  }
  if (req.url === '/api/pose' && req.method === 'POST') {
    try {
      const upstream = await fetch(`${poseService}/pose`, { method: 'POST', body: req });
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(await upstream.text());
    } catch (error) {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(error) }));
    }
    return;
  }
  res.writeHead(404);
  res.end();
});

server.listen(port, () => console.log(`backend API on :${port}, pose service at ${poseService}`));
