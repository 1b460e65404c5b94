import { AppShell, Box, Burger, Group, Stack, Text, em, getBreakpointValue, useMantineTheme } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { Outlet, useRouter } from '@tanstack/react-router';
import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PAGE_TITLE_ID } from '../components/page-title.tsx';
import { AnchorLink, NavigationLink } from '../components/router-link.tsx';
import { UserMenu } from '../features/auth/user-menu.tsx';
import { LanguageSwitch } from '../features/language/language-switch.tsx';
import { APP_VERSION } from '../lib/config.ts';
import { NAVIGATION } from './navigation.ts';

const MAIN_ID = 'main-content';
const NAV_ID = 'main-navigation';
// Main fills the viewport minus the footer, so the footer is visible on short pages.
const FOOTER_ROOM = 'calc(100dvh - 3.6rem)';

function focusById(id: string): void {
  document.getElementById(id)?.focus();
}

function SkipLink() {
  const { t } = useTranslation();
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    // Move focus ourselves: the router owns the URL, and a hash change would not move focus reliably.
    event.preventDefault();
    focusById(MAIN_ID);
  };
  return (
    <a className="skip-link" href={`#${MAIN_ID}`} onClick={skip}>
      {t('app.skipToContent')}
    </a>
  );
}

function MainNavigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }}>
      {NAVIGATION.map((item) => (
        <li key={item.to}>
          <NavigationLink
            to={item.to}
            label={t(item.labelKey)}
            activeOptions={{ exact: item.exact }}
            activeProps={{ active: true }}
            onClick={onNavigate}
          />
          {'children' in item ? (
            <Stack component="ul" gap={4} m={0} pl="md" style={{ listStyle: 'none' }}>
              {item.children.map((child) => (
                <li key={child.to}>
                  <NavigationLink
                    to={child.to}
                    label={t(child.labelKey)}
                    activeProps={{ active: true }}
                    onClick={onNavigate}
                  />
                </li>
              ))}
            </Stack>
          ) : null}
        </li>
      ))}
    </Stack>
  );
}

function AppFooter() {
  const { t } = useTranslation();
  return (
    <footer className="app-footer">
      <Group justify="space-between" gap="sm">
        <AnchorLink to="/accessibility">{t('footer.accessibility')}</AnchorLink>
        <Text size="sm">{t('app.version', { version: APP_VERSION })}</Text>
      </Group>
    </footer>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const theme = useMantineTheme();
  const [opened, { toggle, close }] = useDisclosure(false);
  const burgerRef = useRef<HTMLButtonElement>(null);
  const isMobile =
    useMediaQuery(`(max-width: ${em(getBreakpointValue('sm', theme.breakpoints) - 0.1)})`, false, {
      getInitialValueInEffect: false,
    }) ?? false;
  const router = useRouter();

  // After a client-side navigation has rendered, focus the new page's h1 so that screen readers
  // announce it and the next Tab starts from the page, not from a link that no longer exists.
  useEffect(
    () =>
      router.subscribe('onRendered', (event) => {
        // No fromLocation: the first render of the page load, where focus stays at the top.
        if (!event.pathChanged || !event.fromLocation) return;
        close();
        focusById(PAGE_TITLE_ID);
      }),
    [router, close],
  );

  const closeOnEscape = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || !opened) return;
    close();
    burgerRef.current?.focus();
  };

  // On small screens the collapsed navbar is only moved off screen; inert keeps it out of the
  // tab order. When it is open it covers the page, so the page is inert instead.
  const navHidden = isMobile && !opened;
  const pageHidden = isMobile && opened;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
      onKeyDown={closeOnEscape}
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger
              ref={burgerRef}
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('app.closeNavigation') : t('app.openNavigation')}
              aria-expanded={opened}
              aria-controls={NAV_ID}
            />
            <AnchorLink to="/" c="inherit" underline="never" fw={700} fz="xl" aria-label={t('app.homeLink')}>
              {t('app.name')}
            </AnchorLink>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {/* On small screens the user menu moves into the navigation: the header has no room. */}
            <Box visibleFrom="sm">
              <UserMenu />
            </Box>
            <LanguageSwitch />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar
        id={NAV_ID}
        aria-label={t('app.mainNavigation')}
        p="sm"
        inert={navHidden}
        style={navHidden ? { visibility: 'hidden' } : undefined}
      >
        <MainNavigation onNavigate={close} />
        <Box hiddenFrom="sm" mt="md">
          <UserMenu />
        </Box>
      </AppShell.Navbar>

      <AppShell.Main id={MAIN_ID} tabIndex={-1} inert={pageHidden} mih={FOOTER_ROOM}>
        <Box maw={1100}>
          <Outlet />
        </Box>
      </AppShell.Main>
      <div inert={pageHidden}>
        <AppFooter />
      </div>
    </AppShell>
  );
}
