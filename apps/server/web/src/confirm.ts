/** Asking before something that cannot be undone, in the page's own dialog (keyboard: Tab, Enter, Esc). */
import { byId } from './dom.js';

export function confirmAction(title: string, message: string, yes: string): Promise<boolean> {
  const dialog = byId<HTMLDialogElement>('confirm-dialog');
  byId('confirm-title').textContent = title;
  byId('confirm-message').textContent = message;
  const ok = dialog.querySelector<HTMLButtonElement>('button[value=ok]')!;
  ok.textContent = yes;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}
