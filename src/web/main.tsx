import '@mantine/core/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { preloadStoredLanguage } from './lib/i18n.ts';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');

// English texts are a chunk of their own: loaded before the first render when English is the stored choice.
void preloadStoredLanguage().then((texts) =>
  createRoot(container).render(
    <StrictMode>
      <App texts={texts} />
    </StrictMode>,
  ),
);
