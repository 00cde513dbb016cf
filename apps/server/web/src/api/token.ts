/**
 * The bearer token, asked for when the server answers 401 and kept for this tab only
 * (sessionStorage): it goes with the requests that change state, and nowhere else.
 */
import { byId } from '../dom.js';

const KEY = 'bpnn-token';

export const storedToken = (): string | null => sessionStorage.getItem(KEY);

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}

/** Shows the token dialog; resolves with the token entered (and stored), or null when cancelled. */
export function askToken(message: string): Promise<string | null> {
  const dialog = byId<HTMLDialogElement>('token-dialog');
  const input = byId<HTMLInputElement>('token-input');
  byId('token-message').textContent = message;
  input.value = '';
  dialog.returnValue = '';
  dialog.showModal();
  input.focus();
  return new Promise((resolve) => {
    dialog.addEventListener(
      'close',
      () => {
        const token = input.value.trim();
        if (dialog.returnValue !== 'ok' || token === '') return resolve(null);
        sessionStorage.setItem(KEY, token);
        resolve(token);
      },
      { once: true },
    );
  });
}
