import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { personaSummary } from '../core/personaSummary';

export function personaTooltip(persona: Persona, stock: boolean): vscode.MarkdownString {
  const summary = personaSummary(persona);
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.appendMarkdown(`**${escape(summary.label)}**  \n`);
  for (const [name, value] of summary.facts) markdown.appendMarkdown(`${name}: \`${escape(value)}\`  \n`);
  if (stock) markdown.appendMarkdown('$(lock) Tavus stock persona: opens read-only');
  return markdown;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
