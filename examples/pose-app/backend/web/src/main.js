// Uploads a clip to the backend API and shows the keypoints it returns.
const app = document.getElementById('app');
app.innerHTML = '<input type="file" id="clip" accept="video/*"><pre id="out"></pre>';
document.getElementById('clip').addEventListener('change', async (event) => {
  const [file] = event.target.files;
  const res = await fetch('/api/pose', { method: 'POST', body: file });
  document.getElementById('out').textContent = JSON.stringify(await res.json(), null, 2);
});
