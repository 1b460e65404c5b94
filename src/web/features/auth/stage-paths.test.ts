import { describe, expect, it } from 'vitest';
import { safeRedirect } from '../../lib/auth-session.ts';
import { pathForStage } from './stage-paths.ts';

describe('login stages in the web app', () => {
  it('continues each stage on its page and keeps the wanted page', () => {
    expect(pathForStage('active', '/admin/users')).toBe('/admin/users');
    expect(pathForStage('enrolment', '/admin/users')).toBe('/account/second-factor?redirect=%2Fadmin%2Fusers');
    expect(pathForStage('password_change', '/')).toBe('/account/password');
    expect(pathForStage('second_factor', '/account')).toBe('/login?redirect=%2Faccount');
  });

  it('follows only same-site paths after the login', () => {
    expect(safeRedirect('/admin/users?q=a')).toBe('/admin/users?q=a');
    expect(safeRedirect('https://evil.example/')).toBe('/');
    expect(safeRedirect('//evil.example/')).toBe('/');
    expect(safeRedirect('/\\evil.example')).toBe('/');
    expect(safeRedirect(undefined)).toBe('/');
  });
});
