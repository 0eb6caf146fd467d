/**
 * Puts text on the clipboard. The Clipboard API needs a secure context (HTTPS or localhost); over plain
 * HTTP to another host the console falls back to a selected, off-screen text area and `copy`.
 */
export async function copyText(text: string): Promise<void> {
  if (window.isSecureContext && navigator.clipboard !== undefined) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  // execCommand is deprecated, but it is the only way to copy without the Clipboard API.
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('the browser refused to copy; select the text and copy it by hand');
}
