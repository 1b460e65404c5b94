/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Package version, injected by vite.config.ts. */
  readonly VITE_APP_VERSION: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
