import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    // `vite dev` beside a running server (`npm run dev`): the API and its WebSocket.
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } },
  },
});
