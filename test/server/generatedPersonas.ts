import type { JsonObject, Persona } from '../../src/core/json';
// Seeded so fixture ids are the same on every run (Math.random would not be).
import { mulberry32 } from '../unit/support/random';

const LLM_MODELS = [
  'tavus-glm-4.7',
  'tavus-gpt-oss',
  'tavus-gemini-2.5-flash',
  'tavus-claude-haiku-4.5',
  'tavus-gpt-4o-mini',
  'tavus-llama-4',
];
const TTS_ENGINES = ['cartesia', 'elevenlabs', 'azure', 'playht'];
const STT_ENGINES = ['tavus-auto', 'tavus-parakeet', 'tavus-soniox', 'tavus-whisper', 'tavus-advanced'];
const PERCEPTION_MODELS = ['raven-1', 'raven-0', 'off'];
const PATIENCE = ['low', 'medium', 'high'];
const FIRST_CREATED_MS = Date.parse('2025-03-01T00:00:00Z');
const HOUR_MS = 3_600_000;

/** Deterministic filler personas: the same seed gives the same ids, names and dates on every run. */
export function createGeneratedPersonas(count: number, seed = 0x7a5a5): Persona[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(3, '0');
    const createdMs = FIRST_CREATED_MS + index * 29 * HOUR_MS;
    const layers: JsonObject = {
      llm: { model: pick(LLM_MODELS), speculative_inference: random() < 0.7 },
      tts: { tts_engine: pick(TTS_ENGINES), external_voice_id: `v${hex(random, 8)}` },
      stt: { stt_engine: pick(STT_ENGINES) },
      perception: { perception_model: pick(PERCEPTION_MODELS) },
    };
    if (random() < 0.5) layers.conversational_flow = { turn_detection_model: 'sparrow-1', turn_taking_patience: pick(PATIENCE) };
    return {
      persona_id: `p${hex(random, 12)}`,
      persona_name: `Generated Persona ${number}`,
      pipeline_mode: 'full',
      system_prompt: `You are generated persona number ${index + 1}. Be concise.`,
      context: random() < 0.5 ? null : `Context block ${number}.`,
      default_replica_id: `r${hex(random, 12)}`,
      layers,
      created_at: new Date(createdMs).toISOString(),
      updated_at: new Date(createdMs + Math.floor(random() * 90 * 24) * HOUR_MS).toISOString(),
    };
  });
}

function hex(random: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(random() * 16).toString(16);
  return out;
}
