/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build lands in target/classes/static: the web Maven module packages it as a jar that the api
// module depends on, so Spring Boot serves it at / on the same origin as /api.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/static',
    emptyOutDir: true,
    assetsDir: 'assets',
  },
  server: {
    // `npm run dev` talks to an app started on :8080
    proxy: {
      '/api': process.env.API_URL ?? 'http://localhost:8080',
      '/v3': process.env.API_URL ?? 'http://localhost:8080',
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['src/test-setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // typing into forms key by key takes seconds on a loaded 2-core machine: that is not a failure (no timed tests)
    testTimeout: 30_000,
  },
});
