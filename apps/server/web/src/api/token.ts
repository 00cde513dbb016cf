/**
 * The bearer token, asked for when the server answers 401 (or 403 to a read token sent with a
 * change) and kept for this tab only (sessionStorage): it goes with every request to the server,
 * which needs it for changes (--token) and, given --read-token, for reads too; and nowhere else.
 * Requests refused at once (the page's first lists, on a server with a read token) share one dialog.
 */
import { byId } from '../dom.js';

const KEY = 'bpnn-token';

export const storedToken = (): string | null => sessionStorage.getItem(KEY);

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}

/** The dialog on screen: a request refused meanwhile waits for it rather than opening another. */
let asking: Promise<string | null> | null = null;

/** Shows the token dialog (or waits for the one shown); resolves with the token entered (and stored), or null when cancelled. */
export function askToken(message: string): Promise<string | null> {
  asking ??= showDialog(message).finally(() => {
    asking = null;
  });
  return asking;
}

function showDialog(message: string): Promise<string | null> {
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
