import type { JsonObject, JsonValue, PatchOp, Persona } from '../src/core/json';
import { formatPersona } from '../src/core/personaDocument';
import { bigPersonaText } from '../test/unit/support/bigPersona';
import { Random } from '../test/unit/support/random';

/** Every input of the benchmark derives from this seed. */
export const SEED = 20261127;

const WORDS = [
  'customer',
  'account',
  'order',
  'refund',
  'schedule',
  'meeting',
  'calendar',
  'invoice',
  'product',
  'shipping',
  'address',
  'warranty',
  'support',
  'ticket',
  'status',
  'priority',
  'answer',
  'question',
  'politely',
  'briefly',
  'always',
  'never',
  'confirm',
  'before',
  'after',
  'the',
  'a',
  'with',
  'for',
  'when',
  'and',
  'or',
  'user',
  'agent',
  'video',
  'call',
  'replica',
  'voice',
  'language',
  'detail',
  'summary',
  'record',
  'lookup',
  'update',
  'cancel',
];
const VERBS = ['get', 'find', 'create', 'update', 'cancel', 'list', 'check', 'book'];
const TYPES = ['string', 'number', 'boolean', 'integer'];

/** Sentences of seeded words, exactly `length` characters long. */
function prose(random: Random, length: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const words = Array.from({ length: 4 + random.int(10) }, () => random.pick(WORDS));
    const sentence = `${words.join(' ')}. `;
    parts.push(sentence.charAt(0).toUpperCase() + sentence.slice(1));
    size += sentence.length;
  }
  return parts.join('').slice(0, length);
}

function hexId(random: Random, prefix: string, digits: number): string {
  let id = prefix;
  for (let i = 0; i < digits; i++) id += random.int(16).toString(16);
  return id;
}

/** An OpenAI-style function tool of about 1.3 KB. */
export function generateTool(random: Random, index: number): JsonObject {
  const properties: JsonObject = {};
  const names = Array.from({ length: 3 + random.int(4) }, (_, p) => `${random.pick(WORDS)}_${p}`);
  for (const name of names) {
    const property: JsonObject = { type: random.pick(TYPES), description: prose(random, 60 + random.int(140)) };
    if (random.chance(0.3)) property.enum = [random.pick(WORDS), random.pick(WORDS), random.pick(WORDS)];
    properties[name] = property;
  }
  return {
    type: 'function',
    function: {
      name: `${random.pick(VERBS)}_${random.pick(WORDS)}_${index}`,
      description: prose(random, 150 + random.int(250)),
      parameters: { type: 'object', properties, required: names.slice(0, 1 + random.int(2)) },
    },
  };
}

interface PersonaShape {
  tools: number;
  documentIds: number;
  promptLength: number;
}

/** A persona shaped like Tavus's current API, with the given number of tools and documents and prompt length. */
export function generatePersona(seed: number, shape: PersonaShape): Persona {
  const random = new Random(seed);
  return {
    persona_id: hexId(random, 'p', 12),
    persona_name: `Benchmark persona ${seed}`,
    pipeline_mode: 'full',
    system_prompt: prose(random, shape.promptLength),
    context: prose(random, 160),
    default_replica_id: hexId(random, 'r', 12),
    document_ids: Array.from({ length: shape.documentIds }, () => hexId(random, 'd', 12)),
    document_tags: ['faq', 'policies'],
    layers: {
      llm: {
        model: 'tavus-gpt-oss',
        speculative_inference: true,
        tools: Array.from({ length: shape.tools }, (_, i) => generateTool(random, i)),
      },
      tts: {
        tts_engine: 'cartesia',
        external_voice_id: hexId(random, 'v', 8),
        voice_settings: { speed: 'normal', emotion: ['positivity:high'] },
      },
      stt: { stt_engine: 'tavus-advanced', hotwords: 'Tavus, replica' },
      perception: {
        perception_model: 'raven-1',
        ambient_awareness_queries: ['Is the user smiling?', 'Is a second person visible?'],
      },
      conversational_flow: { turn_detection_model: 'sparrow-1', turn_taking_patience: 'medium' },
    },
    created_at: '2026-01-12T09:30:00Z',
    updated_at: '2026-02-01T17:45:00Z',
  };
}

/** A base persona (as the server sent it) and the user's edit of it (as parsed from the document text). */
export interface EditScenario {
  title: string;
  base: Persona;
  edited: Persona;
  /** The edited document exactly as the editor holds it: pretty-printed with 2 spaces. */
  editedText: string;
  expectedOps: number;
}

/**
 * Base and edited are parsed from their own texts, as in the extension, so they share no objects
 * and the diff cannot take identity shortcuts the real save would not get.
 */
function scenario(title: string, base: Persona, edit: (copy: Persona) => void, expectedOps: number): EditScenario {
  const baseText = formatPersona(base);
  const copy = JSON.parse(baseText) as Persona;
  edit(copy);
  const editedText = formatPersona(copy);
  return { title, base: JSON.parse(baseText) as Persona, edited: JSON.parse(editedText) as Persona, editedText, expectedOps };
}

type Tool = {
  function: {
    name: string;
    description: string;
    parameters: { properties: Record<string, { description: string }>; required: string[] };
  };
};

function toolsOf(persona: Persona): Tool[] {
  return (persona.layers as { llm: { tools: Tool[] } }).llm.tools;
}

function kilobytes(text: string): string {
  return text.length >= 1_000_000 ? `${(text.length / 1_000_000).toFixed(1)} MB` : `${(text.length / 1000).toFixed(1)} KB`;
}

/** Sizes are of the JSON (compact, as Tavus sends it); the document text is pretty-printed and larger. */
function withSize(make: () => EditScenario): EditScenario {
  const made = make();
  return { ...made, title: `${made.title} (${kilobytes(JSON.stringify(made.edited))})` };
}

/** Case 1: a small persona, one leaf changed. */
export function smallScenario(): EditScenario {
  const base = generatePersona(SEED, { tools: 0, documentIds: 3, promptLength: 700 });
  return withSize(() =>
    scenario(
      '2 KB persona, one leaf changed',
      base,
      (copy) => {
        (copy.layers as { perception: JsonObject }).perception.perception_model = 'raven-0';
      },
      1,
    ),
  );
}

/** Case 2: 140 tools and 500 document ids; an id inserted at the front, a tool removed from the middle, a leaf changed. */
export function mediumScenario(): EditScenario {
  const base = generatePersona(SEED + 1, { tools: 140, documentIds: 500, promptLength: 4_000 });
  return withSize(() =>
    scenario(
      '200 KB persona: id at front, tool removed, leaf changed',
      base,
      (copy) => {
        (copy.document_ids as JsonValue[]).unshift('d000000000000');
        const tools = toolsOf(copy);
        tools[100]!.function.description += ' Changed.';
        tools.splice(70, 1);
      },
      3,
    ),
  );
}

/** Case 3: a 1,000,000-character system prompt with one character changed in the middle. */
export function hugePromptScenario(): EditScenario {
  const base = generatePersona(SEED + 2, { tools: 2, documentIds: 5, promptLength: 1_000_000 });
  return withSize(() =>
    scenario(
      '1,000,000-character system_prompt, one character changed',
      base,
      (copy) => {
        const prompt = copy.system_prompt as string;
        const middle = prompt.length / 2;
        copy.system_prompt = `${prompt.slice(0, middle)}${prompt[middle] === 'x' ? 'y' : 'x'}${prompt.slice(middle + 1)}`;
      },
      1,
    ),
  );
}

/** The 5 MB / 50,000-node persona of the unit tests, parsed. */
export function bigPersona(): Persona {
  return JSON.parse(bigPersonaText()) as Persona;
}

/** Case 4: the 5 MB persona with 10 scattered leaf changes and one tool inserted at the front. */
export function bigScenario(): EditScenario {
  return withSize(() =>
    scenario(
      '5 MB persona: 10 scattered changes, tool inserted at front',
      bigPersona(),
      (copy) => {
        copy.persona_name = 'Big, renamed';
        (copy.layers as { tts: JsonObject }).tts.tts_engine = 'elevenlabs';
        const tools = toolsOf(copy);
        for (const index of [3, 310, 620, 990, 1333, 1700, 2050, 2390]) {
          const fn = tools[index]!.function;
          if (index % 2 === 0) fn.description = `Changed: ${fn.description}`;
          else fn.parameters.properties.field_3!.description = 'Changed.';
        }
        tools.unshift(generateTool(new Random(SEED + 3), 9999) as unknown as Tool);
      },
      11,
    ),
  );
}

/**
 * `count` valid ops on distinct, seeded tools of the big persona: replace a description, test a
 * name, add a parameter, remove a parameter, in turn. No op moves array items, so each stays valid
 * whatever the others do.
 */
export function bigPersonaOps(persona: Persona, count: number): PatchOp[] {
  const random = new Random(SEED + 4);
  const tools = toolsOf(persona);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, tools.length)) chosen.add(random.int(tools.length));
  return [...chosen].map((index, i): PatchOp => {
    const path = `/layers/llm/tools/${index}/function`;
    switch (i % 4) {
      case 0:
        return { op: 'replace', path: `${path}/description`, value: prose(random, 80) };
      case 1:
        return { op: 'test', path: `${path}/name`, value: tools[index]!.function.name };
      case 2:
        return {
          op: 'add',
          path: `${path}/parameters/properties/extra`,
          value: { type: 'string', description: prose(random, 40) },
        };
      default:
        return { op: 'remove', path: `${path}/parameters/properties/field_3` };
    }
  });
}
