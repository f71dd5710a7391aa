import type { ServerResponse } from 'node:http';
import type { ConversationStore } from './conversationStore';
import { decodeSegment } from './http';

/** Where the sandbox serves the page a `conversation_url` points to (Tavus's is a Daily room). */
export const CONVERSATION_PAGE_PREFIX = '/rooms/';

export function isConversationPage(pathname: string): boolean {
  return pathname.startsWith(CONVERSATION_PAGE_PREFIX);
}

/**
 * Stands in for the Daily room: no video, but the page names the conversation and shows its
 * status live, so the demo shows a call ending when the editor ends it or its time runs out.
 */
export function sendConversationPage(res: ServerResponse, pathname: string, store: ConversationStore): void {
  const id = decodeSegment(pathname.slice(CONVERSATION_PAGE_PREFIX.length));
  const conversation = id === undefined ? undefined : store.find(id);
  const html = conversation
    ? pageHtml(conversation.conversation_name, [
        ['Status', conversation.status],
        ['Conversation', conversation.conversation_id],
        ['Persona', conversation.persona_id],
        ['Replica', conversation.replica_id],
        ['Started', conversation.created_at],
        ['Ends at the latest', new Date(store.endsAtMs(conversation.conversation_id)!).toISOString()],
        ['Ended because', store.shutdownReason(conversation.conversation_id) ?? '—'],
      ])
    : pageHtml('No such conversation', []);
  res.writeHead(conversation ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function pageHtml(title: string, rows: [string, string][]): string {
  const cells = rows.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;margin:2em}th{text-align:left;padding-right:1em}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Tavus sandbox: a local stand-in for the conversation's video room. No replica joins here.</p>
<table>
${cells}
</table>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
