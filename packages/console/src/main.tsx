import './styles/app.css';
import { render } from 'preact';
import { App } from './app.js';
import { initTheme } from './shell/theme.js';

initTheme();
const root = document.getElementById('app');
if (root !== null) {
  root.textContent = '';
  render(<App />, root);
}
