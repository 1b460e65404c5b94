import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { switchLanguage } from '../../lib/i18n.ts';
import { otherLanguage, toLanguage } from '../../lib/language.ts';

/**
 * Offers the other language, named in that language ("English" / "Deutsch") and marked with
 * its lang attribute so screen readers pronounce it correctly (WCAG 3.1.2).
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = otherLanguage(toLanguage(i18n.language));
  return (
    <Button variant="default" lang={next} onClick={() => void switchLanguage(i18n, next)}>
      {t('language.switchTo')}
    </Button>
  );
}
