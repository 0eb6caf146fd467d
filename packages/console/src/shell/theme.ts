/**
 * Light and dark themes: the stored choice, else the system's preference. The theme is the
 * `data-theme` attribute of <html>; styles read it (styles/theme.css).
 */
export type Theme = 'light' | 'dark';

const STORAGE_KEY = 'hecate.theme';

export function storedTheme(): Theme | undefined {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function systemTheme(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, remember: boolean): void {
  document.documentElement.dataset.theme = theme;
  if (!remember) return;
  try {
    window.localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Not remembered across visits when storage is disabled.
  }
}

/** At start-up, before the first render. */
export function initTheme(): void {
  applyTheme(storedTheme() ?? systemTheme(), false);
}
