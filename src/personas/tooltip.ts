import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { personaSummary } from '../core/personaSummary';

export function personaTooltip(persona: Persona, stock: boolean, lastChangedHere?: string): vscode.MarkdownString {
  const summary = personaSummary(persona);
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.appendMarkdown(`**${escape(summary.label)}**  \n`);
  for (const [name, value] of summary.facts) markdown.appendMarkdown(`${name}: ${codeSpan(value)}  \n`);
  if (lastChangedHere) markdown.appendMarkdown(`Last changed here: ${codeSpan(new Date(lastChangedHere).toLocaleString())}  \n`);
  if (stock) markdown.appendMarkdown('$(lock) Tavus stock persona: opens read-only');
  return markdown;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** Markdown escapes do not apply inside a code span: a fence longer than any backtick run inside does. */
function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\n/g, ' ')}${pad}${fence}`;
}
