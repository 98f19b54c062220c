import { defineConfig } from 'vite';

// `npm run dev` proxies /api to a running Host.Api (MEDREC_API_URL, default the API's local port), so the app is
// served from one origin as in production, where Host.Api serves web/dist itself.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: { '/api': process.env.MEDREC_API_URL ?? 'http://127.0.0.1:5080' },
  },
});
