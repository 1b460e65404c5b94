import { Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** The layout moves focus here after every client-side navigation (see app-layout.tsx). */
export const PAGE_TITLE_ID = 'page-title';

/**
 * The page's one h1; also sets the document title ("<page> – Durchstarten", WCAG 2.4.2).
 * It takes focus programmatically (tabIndex -1) so screen readers announce the new page.
 */
export function PageTitle({ children, documentTitle }: { children: string; documentTitle?: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t('app.pageTitle', { page: documentTitle ?? children }));
  return (
    <Title order={1} id={PAGE_TITLE_ID} tabIndex={-1}>
      {children}
    </Title>
  );
}
