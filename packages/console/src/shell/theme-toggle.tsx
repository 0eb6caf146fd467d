import { useState } from 'preact/hooks';
import { applyTheme, currentTheme, type Theme } from './theme.js';

/** Switches between light and dark; the choice is remembered in this browser. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(currentTheme());
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      class="button ghost theme-toggle"
      aria-label={`Switch to the ${next} theme`}
      onClick={() => {
        applyTheme(next, true);
        setTheme(next);
      }}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span> {next === 'dark' ? 'Dark' : 'Light'}
    </button>
  );
}
