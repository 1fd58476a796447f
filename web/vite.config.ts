// Vite build for the MedRisk SPA: output in web/dist, served by the C++ server at / with SPA fallback.
// `npm run dev` proxies the API to a running server (MEDRISK_API, default http://127.0.0.1:8080).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = process.env.MEDRISK_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // antd is the one big shared chunk; every page is a lazy chunk of its own.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api, changeOrigin: false },
    },
  },
});
