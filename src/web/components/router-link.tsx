import { Anchor, NavLink, type AnchorProps, type NavLinkProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import type { ComponentPropsWithRef } from 'react';

type MantineAnchorProps = AnchorProps & Omit<ComponentPropsWithRef<'a'>, keyof AnchorProps>;
type MantineNavLinkProps = NavLinkProps & Omit<ComponentPropsWithRef<'a'>, keyof NavLinkProps>;

function MantineAnchor(props: MantineAnchorProps) {
  return <Anchor {...props} />;
}

function MantineNavLink(props: MantineNavLinkProps) {
  return <NavLink {...props} />;
}

/** A Mantine Anchor that navigates with the router (typed `to`, aria-current on the active page). */
export const AnchorLink = createLink(MantineAnchor);

/** A Mantine NavLink that navigates with the router. */
export const NavigationLink = createLink(MantineNavLink);
