/**
 * Delivers a message to a webhook: one JSON POST with a timeout. Anything
 * but a 2xx answer is a failure (with the status and the start of the body).
 *
 * @example
 * await postWebhook('http://127.0.0.1:9000/hook', message, 5000);
 */
import { webhookBody, type NotifyMessage } from './message.ts';

export async function postWebhook(url: string, message: NotifyMessage, timeoutMs: number): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(webhookBody(message)),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  });
  if (!response.ok) {
    const text = (await response.text().catch(() => '')).slice(0, 200);
    throw new Error(`the webhook answered ${response.status}${text ? `: ${text}` : ''}`);
  }
  await response.body?.cancel();
}
