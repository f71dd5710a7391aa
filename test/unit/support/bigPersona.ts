import { type JsonObject, type Persona } from '../../../src/core/json';

function tool(index: number): JsonObject {
  const properties: JsonObject = {};
  for (let p = 0; p < 4; p++) {
    properties[`field_${p}`] = { type: 'string', description: `Field ${p} of tool ${index}. `.repeat(12) };
  }
  return {
    type: 'function',
    function: {
      name: `tool_${index}`,
      description: `Tool number ${index} does something useful. `.repeat(14),
      parameters: { type: 'object', properties, required: ['field_0', 'field_1'] },
    },
  };
}

/** A persona of about 5 MB and 50,000 JSON nodes, most of them in `/layers/llm/tools`. */
export function bigPersonaText(toolCount = 2400): string {
  const persona: Persona = {
    persona_id: 'p91f0d2c6ab47',
    persona_name: 'Big',
    system_prompt: 'Be helpful. '.repeat(2000),
    layers: {
      llm: { model: 'my-llm', api_key: 'sk-test', tools: Array.from({ length: toolCount }, (_, i) => tool(i)) },
      tts: { tts_engine: 'cartesia' },
    },
    updated_at: '2026-02-01T17:45:00Z',
  };
  return JSON.stringify(persona);
}
