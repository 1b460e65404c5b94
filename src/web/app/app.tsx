import { RouterProvider } from '@tanstack/react-router';
import { useState } from 'react';
import { createI18n, type PreloadedTexts } from '../lib/i18n.ts';
import { createQueryClient } from '../lib/query-client.ts';
import { AppProviders } from './providers.tsx';
import { createAppRouter } from './router.tsx';

export function App({ texts = {} }: { texts?: PreloadedTexts }) {
  const [i18n] = useState(() => createI18n(texts));
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createAppRouter);
  return (
    <AppProviders i18n={i18n} queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
