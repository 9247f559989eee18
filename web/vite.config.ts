import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  build: {
    // GraphiQL (with React and CodeMirror) is one large chunk, loaded by /playground only.
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      // React libraries in GraphiQL mark modules "use client", which means nothing outside React Server Components.
      checks: { moduleLevelDirective: false, pluginTimings: false },
    },
  },
  server: {
    // `vite dev` beside a running server (`npm run dev`): the API and its WebSocket.
    proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } },
  },
});
